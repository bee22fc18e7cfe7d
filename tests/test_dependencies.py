"""Every distribution the code imports at run time is declared in pyproject.toml itself."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What `reader add page.html` imports through trafilatura: a dependency of a dependency may
# stop bringing any of them (lxml 6 no longer brings lxml.html.clean), so they are ours to name.
HTML_CHAIN = {"justext", "lxml", "lxml_html_clean"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", dep).group()) for dep in project["dependencies"]}


def _imported_top_levels() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "reader").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"reader", "__future__"}


def test_every_third_party_import_is_a_declared_distribution():
    owners = metadata.packages_distributions()
    declared = _declared()
    modules = _imported_top_levels() | HTML_CHAIN
    assert {"click", "rich", "sqlite_utils", "textual", "trafilatura"} <= modules
    missing = {}
    for module in sorted(modules):
        distributions = {_normal(d) for d in owners.get(module, [])}
        assert distributions, f"{module}: imported but no installed distribution provides it"
        if not distributions & declared:
            missing[module] = sorted(distributions)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"


def test_the_html_cleaner_imports():
    code = "import lxml.html.clean, justext, trafilatura; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_reader_add_page_html(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Troops on the border</title></head><body><article>"
        + "".join(
            f"<p>Paragraph {i}: officials said the troops stayed where they were for the week.</p>" for i in range(8)
        )
        + "</article></body></html>",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(tmp_path / "lib.db"), "add", "--no-analyze", str(page)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.startswith("added")
