"""The checks that guard the code: ruff (lint and format), mypy over reader/ and the import-linter
contracts between the layers, each run as its own tool would be and asserted to exit 0.

`pytest` runs them with the rest of the suite, so the README's test command runs everything;
`.ci/run` also runs them first, one by one, with `python tests/test_checks.py`. Every check is
enforced: zero ruff findings, formatted code, zero mypy errors over reader/ and the layer
contracts kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = {
    "ruff check": ["ruff", "check", "reader", "tests", "benchmarks"],
    "ruff format": ["ruff", "format", "--check", "reader", "tests", "benchmarks"],
    "mypy": ["mypy", "reader"],
    "lint-imports": ["lint-imports"],
}


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
    result = run_check(name)
    assert result.returncode == 0, (
        f"`{' '.join(CHECKS[name])}` exited {result.returncode}:\n{result.stdout}{result.stderr}"
    )


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
