"""Free notes (备注) kept in a deputy's archive: validated add, edit, soft delete, list."""

from __future__ import annotations

from typing import Any, Mapping

import sqlite_utils

from ..domain import archive_records
from ..errors import UserError
from . import audit, records
from .archive_common import check_deputy, year_bounds
from . import transaction
from .field_errors import as_input_errors
from .writes import writes





def _clean(values: Mapping) -> dict:
    with as_input_errors():
        return archive_records.clean_note(values)


@writes
def add_note(db: sqlite_utils.Database, deputy_id: int, date: Any, text: str) -> int:
    row = _clean({"deputy_id": deputy_id, "date": date, "text": text})
    with transaction.write(db):
        name = check_deputy(db, deputy_id)
        note_id = db.execute("INSERT INTO deputy_notes(deputy_id, date, text) VALUES (?, ?, ?)",
                             [row["deputy_id"], row["date"], row["text"]]).lastrowid
        audit.append(db, "新增档案备注", entity="deputy", entity_id=deputy_id,
                     detail={"note_id": note_id, "name": name, "date": row["date"]})
    return note_id


def get_note(db: sqlite_utils.Database, note_id: int) -> dict:
    row = next(db.query("SELECT n.*, d.name AS deputy_name FROM deputy_notes n JOIN deputies d ON d.id = n.deputy_id "
                        "WHERE n.id = ?", [note_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {note_id} 的备注。")
    return row


@writes
def update_note(db: sqlite_utils.Database, note_id: int, changes: Mapping) -> dict:
    """Change date or text; returns the old values of what changed."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_note(db, note_id)
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        if "deputy_id" in changed:
            check_deputy(db, changed["deputy_id"])
        records.update(db, "deputy_notes", note_id, changed, action="修改档案备注", entity="deputy", entity_id=old["deputy_id"],
                       detail={"note_id": note_id, "changes": {k: [old[k], v] for k, v in changed.items()}})
        return {k: old[k] for k in changed}


@writes
def delete_note(db: sqlite_utils.Database, note_id: int) -> None:
    with transaction.write(db):
        old = get_note(db, note_id)
        records.soft_delete(db, "deputy_notes", note_id, action="删除档案备注", entity="deputy", entity_id=old["deputy_id"], detail={"note_id": note_id})


@writes
def restore_note(db: sqlite_utils.Database, note_id: int) -> None:
    with transaction.write(db):
        old = get_note(db, note_id)
        records.restore(db, "deputy_notes", note_id, action="恢复档案备注", entity="deputy", entity_id=old["deputy_id"], detail={"note_id": note_id})


def list_notes(db: sqlite_utils.Database, deputy_id: int | None = None, *, year: int | None = None,
               start: str | None = None, end: str | None = None) -> list[dict]:
    """Live notes, oldest first, with ``deputy_name``."""
    where, params = ["n.deleted_at IS NULL"], []
    if year is not None:
        start, end = year_bounds(year)
    for clause, value in (("n.deputy_id = ?", deputy_id), ("n.date >= ?", start), ("n.date <= ?", end)):
        if value is not None:
            where.append(clause)
            params.append(value)
    return list(db.query(
        "SELECT n.*, d.name AS deputy_name FROM deputy_notes n JOIN deputies d ON d.id = n.deputy_id "
        f"WHERE {' AND '.join(where)} ORDER BY n.date, n.id", params))
