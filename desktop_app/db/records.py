"""One audited write of one row: update, soft delete or restore, with its audit entry and one timestamp format.

Every store that edits or hides a record a clerk typed goes through here, so ``updated_at`` and
``deleted_at`` are always written as the schema's own defaults write ``created_at``
(``datetime('now', 'localtime')``: ``2026-03-05 10:00:00``), and no change goes unaudited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlite_utils

from . import audit, transaction
from .writes import writes

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

# Tables whose rows carry an updated_at column (set on every update through this module).
TOUCHED_TABLES = frozenset({"deputies", "activities", "suggestions"})


def now() -> str:
    """The current local time as every record timestamp is stored (the schema default's format)."""
    return dt.datetime.now().strftime(TIMESTAMP_FORMAT)


@writes
def update(db: sqlite_utils.Database, table: str, row_id: int, changes: Mapping[str, Any], *, action: str,
           entity: str, detail: Any = None, entity_id: int | None = None, actor: str | None = None,
           audited: bool = True) -> None:
    """Set ``changes`` on one row (and its updated_at), with one audit entry ``action`` in the same transaction.

    ``entity_id`` names the audited record when it is not the row itself (an archive record files under its
    deputy); ``audited=False`` is for a caller that writes one entry for a whole batch itself.
    """
    sets = dict(changes)
    if table in TOUCHED_TABLES:
        sets["updated_at"] = now()
    with transaction.write(db):
        if sets:
            db[table].update(row_id, sets)
        if audited:
            audit.append(db, action, entity=entity, entity_id=row_id if entity_id is None else entity_id,
                         detail=detail, actor=actor)


@writes
def soft_delete(db: sqlite_utils.Database, table: str, row_id: int, *, action: str, entity: str,
            detail: Any = None, entity_id: int | None = None, actor: str | None = None) -> bool:
    """Hide one row (deleted_at = now) with its audit entry; False (nothing written) when it is already hidden."""
    with transaction.write(db):
        cursor = db.execute(f"UPDATE {table} SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                            [now(), row_id])
        if not cursor.rowcount:
            return False
        audit.append(db, action, entity=entity, entity_id=row_id if entity_id is None else entity_id,
                     detail=detail, actor=actor)
    return True


@writes
def restore(db: sqlite_utils.Database, table: str, row_id: int, *, action: str, entity: str,
            detail: Any = None, entity_id: int | None = None, actor: str | None = None) -> bool:
    """Show a hidden row again with its audit entry; False (nothing written) when it was not hidden."""
    with transaction.write(db):
        cursor = db.execute(f"UPDATE {table} SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
                            [row_id])
        if not cursor.rowcount:
            return False
        audit.append(db, action, entity=entity, entity_id=row_id if entity_id is None else entity_id,
                     detail=detail, actor=actor)
    return True
