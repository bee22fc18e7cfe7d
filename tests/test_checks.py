"""The checks that guard the code: ruff (lint and format), mypy over reader/ and the import-linter
contracts between the layers, each run as its own tool would be and asserted to exit 0.

`pytest` runs them with the rest of the suite, so the README's test command runs everything;
`.ci/run` also runs them first, one by one, with `python tests/test_checks.py`. The format
check and the layer contracts pass and are always enforced; `ruff check` and `mypy reader` still
report findings in the files NOT_CLEAN_YET names (issue 13), so over everything they run only
with READER_SKIP_CHECKS=0 until they pass, when PENDING empties. Over every other file they are
enforced already ("so far"), so a file made clean stays clean.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_CHECKS_DEFAULT = "1"

# Files their owners are still fixing for `ruff check` and `mypy` (issue 13), as ruff's exclude
# patterns: a folder ends in "/". Widen the checks by deleting entries as the files come clean.
NOT_CLEAN_YET = [
    "reader/tui/widgets/article_view.py",
    "reader/nlp/analyze.py",
    "reader/store/export.py",
    "reader/store/claim_suggest.py",
    "benchmarks/polnear_eval.py",
    "benchmarks/bench_scale.py",
    "benchmarks/bench_hostile*.py",
]


def mypy_exclude(patterns: list[str]) -> str:
    """The patterns as one regex for mypy's --exclude (matched against paths like reader/x.py)."""
    return "|".join("^" + fnmatch.translate(p + "*" if p.endswith("/") else p) for p in patterns)


CHECKS = {
    "ruff check": ["ruff", "check", "reader", "tests", "benchmarks"],
    "ruff check so far": [
        "ruff",
        "check",
        "reader",
        "tests",
        "benchmarks",
        "--extend-exclude",
        ",".join(NOT_CLEAN_YET),
    ],
    "ruff format": ["ruff", "format", "--check", "reader", "tests", "benchmarks"],
    "mypy": ["mypy", "reader"],
    # Imports of files not clean yet are followed for their types, their errors not reported.
    "mypy so far": ["mypy", "reader", "--follow-imports=silent", "--exclude", mypy_exclude(NOT_CLEAN_YET)],
    "lint-imports": ["lint-imports"],
}


# Checks that do not pass yet: run only when READER_SKIP_CHECKS=0.
PENDING = {"ruff check", "mypy"}


def skipped(name: str) -> bool:
    return name in PENDING and os.environ.get("READER_SKIP_CHECKS", SKIP_CHECKS_DEFAULT) == "1"


def tool(name: str) -> str:
    """The tool beside this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def run_check(name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    executable, *args = [*CHECKS[name], *extra]
    # lint-imports and mypy must see this checkout's reader, not an installed copy.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([tool(executable), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.checks
@pytest.mark.parametrize("name", list(CHECKS))
def test_check_passes(name):
    if skipped(name):
        pytest.skip(f"{name}: pending (READER_SKIP_CHECKS=0 runs it)")
    result = run_check(name)
    assert result.returncode == 0, (
        f"`{' '.join(CHECKS[name])}` exited {result.returncode}:\n{result.stdout}{result.stderr}"
    )


def test_the_checks_so_far_leave_out_only_the_files_not_clean_yet():
    """A file left out of `ruff check so far` and `mypy so far` is one NOT_CLEAN_YET names, and
    each of those is left out (the rest cannot regress while the owners fix them)."""
    pattern = re.compile(mypy_exclude(NOT_CLEAN_YET))
    assert pattern.search("reader/tui/widgets/article_view.py") and not pattern.search("reader/tui/screens/reader.py")
    assert pattern.search("reader/store/export.py") and pattern.search("benchmarks/bench_hostile_x.py")
    assert not pattern.search("reader/clipboard.py") and not pattern.search("reader/store/export_more.py")
    assert not pattern.search("reader/store/tags.py") and not pattern.search("tests/test_checks.py")
    listed = run_check("ruff check so far", "--show-files")
    checked = {str(Path(line).relative_to(ROOT)) for line in listed.stdout.splitlines() if line.endswith(".py")}
    every = {
        str(path.relative_to(ROOT)) for top in ("reader", "tests", "benchmarks") for path in (ROOT / top).rglob("*.py")
    }
    assert {"reader/store/tags.py", "reader/text/debris.py", "tests/test_checks.py"} <= checked
    assert {path for path in every - checked if "__pycache__" not in path} == {
        path for path in every if pattern.search(path)
    }


def test_every_check_has_its_configuration_in_pyproject():
    """The rule set, the contracts and the coverage setup are chosen in pyproject.toml, not by
    the tools' defaults: a check whose configuration went missing would pass without guarding."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["ruff"]["line-length"] == 120
    assert {"E", "F", "W", "B", "UP", "SIM", "RUF", "I"} <= set(config["ruff"]["lint"]["select"])
    contracts = {contract["source_modules"][0] for contract in config["importlinter"]["contracts"]}
    assert contracts == {"reader.nlp", "reader.store", "reader.tui"}
    assert "subprocess" in config["coverage"]["run"]["patch"]
    assert config["mypy"]["check_untyped_defs"] and config["mypy"]["strict_equality"]
    typed = next(override for override in config["mypy"]["overrides"] if override.get("disallow_untyped_defs"))
    assert {"reader.store.tags", "reader.records", "reader.text.*"} <= set(typed["module"])


def main() -> int:
    """Run every check in turn, printing each command and its output; exit 1 if any failed."""
    failed = []
    for name in CHECKS:
        if skipped(name):
            print(f"- {name}: pending, not enforced yet (READER_SKIP_CHECKS=0 runs it)", flush=True)
            continue
        print(f"+ {' '.join(CHECKS[name])}", flush=True)
        result = run_check(name)
        print(f"{result.stdout}{result.stderr}".rstrip() or "(no output)", flush=True)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"checks failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
