"""Pages moved onto ``ops`` write only through it: the roster, activities, suggestions, 人代会 and 计票 pages and the
``import-roster`` command open no transaction, run no SQL, index no Database and call no db function that
writes (a db function writes when its body opens a transaction or goes through db/records or the audit log)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
ON_OPS = [*sorted((PACKAGE / "ui" / "roster").glob("*.py")), *sorted((PACKAGE / "ui" / "activities").glob("*.py")),
          *sorted((PACKAGE / "ui" / "suggestions").glob("*.py")), *sorted((PACKAGE / "ui" / "session").glob("*.py")),
          *sorted((PACKAGE / "ui" / "tally").glob("*.py")), PACKAGE / "commands" / "import_roster.py"]
WRITE_MARKS = ("transaction.write(", "records.update(", "records.soft_delete(", "records.restore(", "audit.append(")


def _db_writers() -> dict[str, set[str]]:
    """db module name → its public functions whose body writes (directly or through another writer of it)."""
    writers: dict[str, set[str]] = {}
    for path in (PACKAGE / "db").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        functions = {node.name: ast.get_source_segment(source, node)
                     for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
        found = {name for name, body in functions.items() if any(mark in body for mark in WRITE_MARKS)}
        while True:   # a function calling a writer of the same module writes too
            more = {name for name, body in functions.items() if name not in found
                    and any(f"{writer}(" in body for writer in found)}
            if not more:
                break
            found |= more
        writers[path.stem] = {name for name in found if not name.startswith("_")}
    return writers


def offences(source: str, writers: dict[str, set[str]]) -> list[str]:
    """What in ``source`` writes past ops: transactions, SQL, Database indexing, calls of db writers."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}                  # local name → db module
    functions: dict[str, tuple[str, str]] = {}    # local name → (db module, function)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and node.module:
            parts = node.module.split(".")
            for alias in node.names:
                if parts == ["db"]:
                    aliases[alias.asname or alias.name] = alias.name
                elif parts[:1] == ["db"] and len(parts) == 2:
                    functions[alias.asname or alias.name] = (parts[1], alias.name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, owner = node.func.attr, node.func.value
            if attr in ("atomic", "execute", "executemany"):
                found.append(f"line {node.lineno}: .{attr}(")
            elif isinstance(owner, ast.Name) and owner.id in aliases and attr in writers.get(aliases[owner.id], ()):
                found.append(f"line {node.lineno}: {owner.id}.{attr}( writes")
            elif isinstance(owner, ast.Name) and owner.id == "transaction":
                found.append(f"line {node.lineno}: transaction.{attr}(")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            module, name = functions[node.func.id]
            if name in writers.get(module, ()):
                found.append(f"line {node.lineno}: {node.func.id}( writes")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "db":
            found.append(f"line {node.lineno}: db[...]")
    return found


@pytest.fixture(scope="module")
def writers():
    return _db_writers()


@pytest.mark.parametrize("path", ON_OPS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pages_on_ops_write_only_through_ops(path, writers):
    assert offences(path.read_text(encoding="utf-8"), writers) == []


@pytest.mark.parametrize("planted, expected", [
    ("from ...db import deputies as deputies_db\ndeputies_db.update_deputy(ctx.db, 1, {})\n", "writes"),
    ("from ...db import receptions\nreceptions.delete_schedule(db, 3)\n", "writes"),
    ("from ...db.suggestions import classify\nclassify(db, 1, '镇人大主席团')\n", "writes"),
    ("with self.ctx.db.atomic():\n    pass\n", ".atomic("),
    ("self.ctx.db.execute('DELETE FROM deputies')\n", ".execute("),
    ("self.ctx.db['deputies'].update(1, {})\n", "db[...]"),
    ("from ...db import transaction\nwith transaction.write(db):\n    pass\n", "transaction.write("),
])
def test_a_planted_write_is_caught(planted, expected, writers):
    assert any(expected in offence for offence in offences(planted, writers))


def test_reads_pass(writers):
    assert offences("from ...db import deputies as deputies_db\ndeputies_db.get_deputy(ctx.db, 1)\n"
                    "deputies_db.list_deputies(ctx.db)\n", writers) == []
    assert {"update_deputy", "change_status", "insert_rows"} <= writers["deputies"]
    assert "get_deputy" not in writers["deputies"] and "list_deputies" not in writers["deputies"]
