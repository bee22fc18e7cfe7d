"""SQL lives only in `reader/store/`, and the CLI and the app reach the library only through the
library service (`reader.service`): an AST scan of every module, so a shortcut fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
STORE = PACKAGE / "store"
# The callers of the service: they may import reader.service, reader.records and the like.
CALLERS = (PACKAGE / "cli", PACKAGE / "tui")
SQLITE_MODULES = {"sqlite3", "sqlite_utils"}
SQL_METHODS = {"execute", "executemany", "executescript"}
# The one import of SQLite's library outside the store, and why: it runs no SQL.
ALLOWED = {"reader/__init__.py": {"sqlite_utils"}}  # loaded once with numpy hidden: a faster start
# Textual's `self.query("#id")` is a DOM query: a `.query(...)` call is SQL when its text is.
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|PRAGMA|CREATE|DROP|ALTER|BEGIN|REPLACE)\b", re.I)
SQL_ANYWHERE = re.compile(r"\bSELECT\b.+\bFROM\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b", re.S)


def modules(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def outside_store() -> list[Path]:
    return [path for path in modules(PACKAGE) if STORE not in path.parents]


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (prose about SQL is no SQL)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an `import` or `from … import` names (relative imports resolved by name only)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def sql_problems(path: Path) -> list[str]:
    """What in a module outside the store imports SQLite or runs SQL, one line each."""
    return sql_problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))


def sql_problems_in(source: str, where: str) -> list[str]:
    tree = ast.parse(source, where)
    problems = [
        f"{where}:{line}: imports {name}"
        for line, name in imported_modules(tree)
        if name.split(".")[0] in SQLITE_MODULES and name not in ALLOWED.get(where, ())
    ]
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            first = node.args[0] if node.args else None
            text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if method in SQL_METHODS:
                problems.append(f"{where}:{node.lineno}: calls .{method}()")
            elif method == "query" and (isinstance(first, ast.JoinedStr) or (text and SQL_TEXT.match(text))):
                problems.append(f"{where}:{node.lineno}: runs SQL through .query()")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and SQL_ANYWHERE.search(node.value)
        ):
            problems.append(f"{where}:{node.lineno}: SQL text {node.value[:40]!r}")
    first_per_line = {problem.split(": ", 1)[0]: problem for problem in reversed(problems)}
    return sorted(first_per_line.values(), key=lambda problem: int(problem.split(":")[1]))


def store_imports(path: Path, where: str | None = None) -> list[str]:
    """A caller's imports of the store, the ingest functions or the claims functions, which it
    must reach through the service (one line per import statement)."""
    where = where or str(path.relative_to(PACKAGE.parent))
    tree = ast.parse(path.read_text(encoding="utf-8"), where)
    forbidden = ("reader.store", "reader.service.ingest", "reader.claims")
    found: dict[int, str] = {}
    for line, name in imported_modules(tree):
        if any(name == module or name.startswith(module + ".") for module in forbidden):
            found.setdefault(line, f"{where}:{line}: imports {name}")
    return list(found.values())


def test_the_scan_sees_every_module():
    assert len(outside_store()) > 50
    assert all(modules(caller) for caller in CALLERS)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("import sqlite3", "imports sqlite3"),
        ("from sqlite_utils import Database", "imports sqlite_utils"),
        ("db.execute('SELECT 1')", "calls .execute()"),
        ("conn.executescript(script)", "calls .executescript()"),
        ("db.query('SELECT id FROM articles')", "runs SQL through .query()"),
        ("db.query(f'SELECT {x} FROM t')", "runs SQL through .query()"),
        ("ROWS = 'SELECT count(*) FROM tags WHERE article_id = ?'", "SQL text"),
    ],
)
def test_the_scan_catches_each_kind_of_shortcut(code, expected):
    source = f'"""A probe: SELECT x FROM y in a docstring is prose."""\n{code}\n'
    problems = sql_problems_in(source, "reader/tui/probe.py")
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_dom_query_is_no_sql():
    source = 'self.query("#filter")\nself.query_one(Input)\nbox.query("Input, Select")\n'
    assert sql_problems_in(source, "reader/tui/probe.py") == []


def test_a_store_import_in_a_caller_is_caught(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from reader.store.tags import tags_for\nfrom reader.service import Library\n", encoding="utf-8")
    assert store_imports(probe, "reader/tui/probe.py") == ["reader/tui/probe.py:1: imports reader.store.tags"]


def test_no_module_outside_the_store_imports_sqlite_or_runs_sql():
    problems = [problem for path in outside_store() for problem in sql_problems(path)]
    assert problems == [], "\n".join(problems)


def test_the_service_knows_nothing_of_its_callers():
    callers = ("reader.cli", "reader.tui", "textual", "click")
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}"
        for path in modules(PACKAGE / "service")
        for line, name in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if any(name == caller or name.startswith(caller + ".") for caller in callers)
    ]
    assert modules(PACKAGE / "service") and problems == [], "\n".join(problems)


def test_the_cli_and_the_app_reach_the_library_only_through_the_service():
    problems = [problem for caller in CALLERS for path in modules(caller) for problem in store_imports(path)]
    assert problems == [], "\n".join(problems)
