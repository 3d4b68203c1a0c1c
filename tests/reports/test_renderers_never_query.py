"""reports/ renderers take plain data: no module under desktop_app/reports imports desktop_app.db (not even
inside a function) or takes a ``db`` argument; ops/ gathers the data and calls them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]          # the folder that holds the desktop_app package
PACKAGE = "desktop_app"
FORBIDDEN = f"{PACKAGE}.db"

# The write half of the roster import (a transaction, the 导入前 backup, the audit entry) moves to
# ops/roster_import.py, the one write path of deputies, in another branch; until it lands, these two
# functions of the reader — and only they — may import the database. Remove an entry once its
# function has left (test_pending_write_paths_are_still_there says when).


def _module_name(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _resolve(node: ast.ImportFrom, path: Path, root: Path) -> str:
    """The absolute module of ``from ... import`` in ``path`` (relative levels resolved)."""
    if not node.level:
        return node.module or ""
    package = _module_name(path, root)
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_db(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(FORBIDDEN + ".")


class _Finder(ast.NodeVisitor):
    """Every import of desktop_app.db and every ``db`` parameter, with the function it sits in."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path, self.root = path, root
        self.functions: list[str] = []                          # the enclosing defs and classes
        self.found: list[tuple[int, str | None, str]] = []     # (line, outermost def or class or None, what)

    def _add(self, node: ast.AST, what: str) -> None:
        self.found.append((node.lineno, self.functions[0] if self.functions else None, what))

    def _function(self, node) -> None:
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        if any(a.arg == "db" for a in arguments):
            self.functions.append(node.name)
            self._add(node, f"def {node.name}(db, …)")
            self.functions.pop()
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _is_db(alias.name):
                self._add(node, f"import {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = _resolve(node, self.path, self.root)
        for alias in node.names:
            if _is_db(module) or _is_db(f"{module}.{alias.name}"):
                self._add(node, f"from {'.' * node.level}{node.module or ''} import {alias.name}")

    def visit_Call(self, node: ast.Call) -> None:
        # importlib.import_module("desktop_app.db…") / __import__("desktop_app.db…")
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and _is_db(node.args[0].value):
            self._add(node, f"{name}({node.args[0].value!r})")
        self.generic_visit(node)


def violations(root: Path, pending: set[tuple[str, str]] = frozenset()) -> list[str]:
    """'file:line: what' for each database import or ``db`` parameter under ``root``/desktop_app/reports."""
    out = []
    for path in sorted((root / PACKAGE / "reports").rglob("*.py")):
        finder = _Finder(path, root)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        relative = path.relative_to(root).as_posix()
        out += [f"{relative}:{line}: {what}" for line, function, what in finder.found
                if (relative, function) not in pending]
    return out


def test_no_renderer_imports_the_database():
    assert violations(ROOT, set()) == []


PLANTS = {
    "function-level relative import": "def render(rows, out):\n    from ...db import settings\n    return out\n",
    "top-level relative import of the package": "from ... import db\n",
    "absolute submodule import": "import desktop_app.db.settings\n",
    "absolute from-import": "from desktop_app.db.deputies import list_deputies\n",
    "a db parameter": "def export(db, out_path):\n    return out_path\n",
    "dynamic import": "import importlib\nmod = importlib.import_module('desktop_app.db.settings')\n",
}


@pytest.mark.parametrize("source", PLANTS.values(), ids=list(PLANTS))
def test_a_planted_query_fails(tmp_path, source):
    reports = tmp_path / PACKAGE / "reports" / "pdf"
    reports.mkdir(parents=True)
    for folder in (tmp_path / PACKAGE, tmp_path / PACKAGE / "reports", reports):
        (folder / "__init__.py").write_text('"""package"""\n', encoding="utf-8")
    (reports / "planted.py").write_text('"""A renderer that queries."""\n' + source, encoding="utf-8")
    found = violations(tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{PACKAGE}/reports/pdf/planted.py:")


def test_a_plain_renderer_passes(tmp_path):
    """Imports of the app that are not the database (domain, fileio, a sibling renderer) are fine."""
    reports = tmp_path / PACKAGE / "reports" / "pdf"
    reports.mkdir(parents=True)
    (reports / "fine.py").write_text(
        "from ...domain.roster import mask_phone\nfrom ...fileio import atomic_path\nfrom . import official\n"
        "from ..dbf import reader\n\ndef render(rows, out_path, *, township):\n    return out_path\n",
        encoding="utf-8")
    assert violations(tmp_path) == []
