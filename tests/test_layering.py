"""The import rule of DESIGN.md: domain imports nothing of the app; db and reports never import Qt."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(("." * node.level) + (node.module or ""))
    return names


@pytest.mark.parametrize("folder", ["domain", "db", "reports"])
def test_no_qt_below_ui(folder):
    offenders = [
        f"{p.relative_to(PACKAGE)}: {name}"
        for p in (PACKAGE / folder).rglob("*.py")
        for name in _imports(p)
        if name.startswith("PySide6") or ".ui" in name
    ]
    assert offenders == []


def test_domain_is_pure():
    offenders = [
        f"{p.relative_to(PACKAGE)}: {name}"
        for p in (PACKAGE / "domain").rglob("*.py")
        for name in _imports(p)
        if name.startswith(("..", "desktop_app", "sqlite", "PySide6", "openpyxl", "reportlab"))
    ]
    assert offenders == []


def test_only_db_writes_sql():
    offenders = [
        str(p.relative_to(PACKAGE))
        for folder in ("ui", "domain")
        for p in (PACKAGE / folder).rglob("*.py")
        if any(kw in p.read_text(encoding="utf-8") for kw in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"))
    ]
    assert offenders == []


def test_every_package_folder_has_an_init():
    """A folder without __init__.py imports from source as a namespace package but is left out of the
    frozen program (PyInstaller's collect_submodules does not see it)."""
    missing = [str(d.relative_to(PACKAGE)) for d in PACKAGE.rglob("*") if d.is_dir() and d.name != "__pycache__"
               and any(d.glob("*.py")) and not (d / "__init__.py").exists()]
    assert missing == []
