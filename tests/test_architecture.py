"""The architecture rules the README states: a pure core, one committing layer, rooms of a sensible size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "quiz"
PURE = [
    *sorted((ROOT / "bank").rglob("*.py")),
    *sorted((ROOT / "kinds").rglob("*.py")),
    ROOT / "scoring.py",
    ROOT / "memory.py",
]
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "wtforms", "werkzeug", "quiz.models")
SOURCES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
# A longer function must say why within its first lines (a parser's state machine may need the room).
LONG_FUNCTION_REASON = "# Long because"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_modules_import_no_web_or_database_code(path):
    bad = {name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN or name in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_only_services_commit():
    committing = [
        path.relative_to(ROOT).as_posix() for path in SOURCES if ".commit()" in path.read_text(encoding="utf-8")
    ]
    assert committing and all(path.startswith("services/") for path in committing), committing


def test_no_module_passes_the_house_limit():
    long_modules = {
        path.relative_to(ROOT).as_posix(): lines
        for path in SOURCES
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert long_modules == {}


def test_no_function_passes_the_house_limit_without_saying_why():
    too_long = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                opening = "\n".join(lines[node.lineno - 1 : node.lineno + 5])
                if length > MAX_FUNCTION_LINES and LONG_FUNCTION_REASON not in opening:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert too_long == []
