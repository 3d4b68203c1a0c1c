"""Bulk writes of a roster import: the existing deputies by ID number, batched inserts, and their undo.

A county roster has thousands of rows; one INSERT per deputy with its own audit entry would be
slow, so the import writes all new deputies with one executemany and one audit entry listing them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from . import audit, deputies, terms
from . import transaction
from .deputies import IMPORT_COLUMNS
from .writes import writes


def current_term_id(db: sqlite_utils.Database) -> int | None:
    """The term new deputies of an import belong to (see db/terms.current_term)."""
    return terms.current_term_id(db)


def existing_deputies(db: sqlite_utils.Database) -> list[dict]:
    """Every deputy row incl. deleted ones (their ID numbers are still unique), without photos."""
    columns = ", ".join(("id", "deleted_at") + IMPORT_COLUMNS)
    return list(db.query(f"SELECT {columns} FROM deputies ORDER BY id"))


@dataclass(frozen=True)
class RosterSnapshot:
    """What a roster preview checks the sheet against, read in one go: the term new deputies join, every
    deputy row (``existing_deputies``) and that term's live districts by name."""

    term_id: int | None
    deputies: list[dict]
    districts: dict[str, int]


def snapshot(db: sqlite_utils.Database, term_id: int | None = None) -> RosterSnapshot:
    """The database side of ``reports.excel.roster_import.read_preview``, which itself reads only the workbook.

    New deputies join ``term_id`` (default: the current term)."""
    term_id = current_term_id(db) if term_id is None else term_id
    return RosterSnapshot(term_id, existing_deputies(db), districts_by_name(db, term_id))


def districts_by_name(db: sqlite_utils.Database, term_id: int | None) -> dict[str, int]:
    """Live districts of a term (or those without a term when ``term_id`` is None), by name."""
    sql = "SELECT id, name FROM districts WHERE deleted_at IS NULL AND term_id IS ?"
    return {name: district_id for district_id, name in db.execute(sql, [term_id])}


@writes
def create_districts(db: sqlite_utils.Database, term_id: int | None, names: list[str]) -> dict[str, int]:
    """New districts for names an import sheet used; returns name → id."""
    created = {}
    with transaction.write(db):
        for name in names:
            cursor = db.execute("INSERT INTO districts(term_id, name) VALUES (?, ?)", [term_id, name])
            created[name] = cursor.lastrowid
            audit.append(db, "新增选区", entity="district", entity_id=cursor.lastrowid,
                         detail={"name": name, "by": "import_roster"})
    return created


@writes
def insert_deputies(db: sqlite_utils.Database, rows: list[dict], *, source: str = "") -> list[int]:
    """Insert many deputies in one batch with one audit entry (db/deputies.insert_rows); their ids in order."""
    return deputies.insert_rows(db, rows, source=source)


@writes
def update_deputy_fields(db: sqlite_utils.Database, deputy_id: int, changes: dict) -> dict:
    """Set some columns of one deputy; returns their old values (for undo). Audit-logged (db/deputies.set_fields)."""
    unknown = set(changes) - (set(IMPORT_COLUMNS) | {"deleted_at"})
    if unknown:
        raise ValueError(f"not importable: {sorted(unknown)}")
    return deputies.set_fields(db, deputy_id, changes, detail={"fields": sorted(changes), "by": "import_roster"},
                               history_reason="名册导入")


@writes
def remove_imported(db: sqlite_utils.Database, deputy_ids: list[int]) -> int:
    """Take back deputies an import created: deleted for good when nothing refers to them yet,
    otherwise soft-deleted (someone already put them in a group or a session). Returns how many."""
    with transaction.write(db):
        for deputy_id in deputy_ids:
            try:
                with transaction.write(db):
                    db.execute("DELETE FROM deputy_status_history WHERE deputy_id = ?", [deputy_id])
                    db.execute("DELETE FROM deputies WHERE id = ?", [deputy_id])
            except sqlite3.IntegrityError:
                deputies.soft_delete_deputy(db, deputy_id)
        if deputy_ids:
            audit.append(db, "撤销导入代表", entity="deputy", entity_id=deputy_ids[0],
                         detail={"count": len(deputy_ids), "first_id": deputy_ids[0], "last_id": deputy_ids[-1]})
    return len(deputy_ids)


@writes
def remove_unused_districts(db: sqlite_utils.Database, district_ids: list[int]) -> None:
    """Delete districts an import created, when no deputy or group refers to them any more."""
    with transaction.write(db):
        for district_id in district_ids:
            used = db.execute(
                "SELECT (SELECT COUNT(*) FROM deputies WHERE district_id = ?) + "
                "(SELECT COUNT(*) FROM groups WHERE district_id = ?)", [district_id, district_id]).fetchone()[0]
            if not used:
                db.execute("DELETE FROM districts WHERE id = ?", [district_id])
