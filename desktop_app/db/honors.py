"""荣誉 (优秀代表 …) and 处分/诫勉 records of a deputy: validated add, edit, soft delete, list."""

from __future__ import annotations

from typing import Any, Mapping

import sqlite_utils

from ..domain import archive_records
from ..domain.archive_records import HONOR_FIELDS as FIELDS, HONOR_KINDS as KINDS  # noqa: F401  (KINDS: the dialog's list)
from ..domain.archive_records import default_honor_year  # noqa: F401  (the dialog's suggestion)
from ..errors import UserError
from . import audit, records
from .archive_common import check_deputy, year_bounds
from . import transaction
from .field_errors import as_input_errors
from .writes import writes





def _clean(values: Mapping) -> dict:
    with as_input_errors():
        return archive_records.clean_honor(values)


@writes
def add_honor(db: sqlite_utils.Database, deputy_id: int, kind: str, title: str, date: Any,
              issuer: str | None = None, note: str | None = None, year: Any = None) -> int:
    """Record one honour or discipline; InputError naming the field (database unchanged).

    ``year`` is the 年度 a 荣誉证书 names; None takes ``default_honor_year`` of the date.
    """
    row = _clean({"deputy_id": deputy_id, "kind": kind, "title": title, "date": date, "issuer": issuer,
                  "note": note, "year": year})
    if row["year"] is None:
        row["year"] = archive_records.default_honor_year(row["date"])
    with transaction.write(db):
        name = check_deputy(db, deputy_id)
        honor_id = db.execute(
            "INSERT INTO honors(deputy_id, kind, title, date, issuer, note, year) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row[k] for k in FIELDS]).lastrowid
        audit.append(db, "新增荣誉" if row["kind"] == "荣誉" else "新增处分", entity="deputy", entity_id=deputy_id,
                     detail={"honor_id": honor_id, "name": name, "title": row["title"], "date": row["date"]})
    return honor_id


def get_honor(db: sqlite_utils.Database, honor_id: int) -> dict:
    row = next(db.query("SELECT h.*, d.name AS deputy_name FROM honors h JOIN deputies d ON d.id = h.deputy_id "
                        "WHERE h.id = ?", [honor_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {honor_id} 的荣誉或处分记录。")
    return row


@writes
def update_honor(db: sqlite_utils.Database, honor_id: int, changes: Mapping) -> dict:
    """Change fields; returns the old values of what changed (pass them back to undo)."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_honor(db, honor_id)
        if "year" in changes and changes["year"] is None:
            changes["year"] = archive_records.default_honor_year(changes.get("date") or old["date"])
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        if "deputy_id" in changed:
            check_deputy(db, changed["deputy_id"])
        records.update(db, "honors", honor_id, changed, action="修改荣誉处分记录", entity="deputy", entity_id=old["deputy_id"],
                       detail={"honor_id": honor_id, "changes": {k: [old[k], v] for k, v in changed.items()}})
        return {k: old[k] for k in changed}


@writes
def delete_honor(db: sqlite_utils.Database, honor_id: int) -> None:
    """Soft delete: the row stays and can be restored."""
    with transaction.write(db):
        old = get_honor(db, honor_id)
        records.soft_delete(db, "honors", honor_id, action="删除荣誉处分记录", entity="deputy", entity_id=old["deputy_id"],
                     detail={"honor_id": honor_id, "title": old["title"]})


@writes
def restore_honor(db: sqlite_utils.Database, honor_id: int) -> None:
    with transaction.write(db):
        old = get_honor(db, honor_id)
        records.restore(db, "honors", honor_id, action="恢复荣誉处分记录", entity="deputy", entity_id=old["deputy_id"],
                     detail={"honor_id": honor_id})


def list_honors(db: sqlite_utils.Database, deputy_id: int | None = None, *, kind: str | None = None,
                year: int | None = None, start: str | None = None, end: str | None = None) -> list[dict]:
    """Live records, oldest first, with ``deputy_name``; ``year`` or [start, end] limit the dates."""
    where, params = ["h.deleted_at IS NULL"], []
    if year is not None:
        start, end = year_bounds(year)
    for clause, value in (("h.deputy_id = ?", deputy_id), ("h.kind = ?", kind), ("h.date >= ?", start),
                          ("h.date <= ?", end)):
        if value is not None:
            where.append(clause)
            params.append(value)
    return list(db.query(
        "SELECT h.*, d.name AS deputy_name FROM honors h JOIN deputies d ON d.id = h.deputy_id "
        f"WHERE {' AND '.join(where)} ORDER BY h.date, h.id", params))
