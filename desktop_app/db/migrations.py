"""Numbered schema migrations, recorded in ``PRAGMA user_version``; each runs in one transaction.

Add a migration by appending a function to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

import sqlite_utils

from . import schema_v1


def _split(script: str) -> list[str]:
    """Statements of a script; executescript() would commit, so each runs inside our transaction."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _m1_initial(db: sqlite_utils.Database) -> None:
    """Roster, congress sessions, ballots and the audit log."""
    for stmt in _split(schema_v1.SCRIPT):
        db.execute(stmt)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m1_initial,
]

LATEST = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, target: int | None = None) -> None:
    """Apply the missing migrations one by one, each atomically with its version bump."""
    target = len(MIGRATIONS) if target is None else target
    current = schema_version(db)
    for number in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
