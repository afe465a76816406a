"""Keep the dependency rules of DESIGN.md: the bank and scoring code stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "quiz"
PURE = [*sorted((ROOT / "bank").rglob("*.py")), ROOT / "scoring.py", ROOT / "presenting.py"]
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "wtforms", "werkzeug", "quiz.models")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_pure_modules_import_no_web_or_database_code(path):
    bad = {name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN or name in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_only_services_commit():
    committing = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and ".commit()" in path.read_text(encoding="utf-8")
    ]
    assert committing == ["services.py"]
