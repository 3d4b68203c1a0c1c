"""Bulk writes of a roster import: the existing deputies by ID number, batched inserts, and their undo.

A county roster has thousands of rows; one INSERT per deputy with its own audit entry would be
slow, so the import writes all new deputies with one executemany and one audit entry listing them.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from . import audit, terms
from . import transaction
from .writes import writes

# Deputy columns an import may fill (photo and bookkeeping columns are left to their defaults).
IMPORT_COLUMNS = (
    "term_id", "name", "name_initials", "gender", "ethnicity", "birth_date", "id_number", "party", "education",
    "work_unit", "post", "occupation", "phone", "address", "district_id", "level", "first_elected", "reelected",
    "status", "status_date", "status_reason", "notes",
)


def current_term_id(db: sqlite_utils.Database) -> int | None:
    """The term new deputies of an import belong to (see db/terms.current_term)."""
    return terms.current_term_id(db)


def existing_deputies(db: sqlite_utils.Database) -> list[dict]:
    """Every deputy row incl. deleted ones (their ID numbers are still unique), without photos."""
    columns = ", ".join(("id", "deleted_at") + IMPORT_COLUMNS)
    return list(db.query(f"SELECT {columns} FROM deputies ORDER BY id"))


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
    """Insert many deputies in one statement batch; returns their ids in order.

    Ids are assigned explicitly (max + 1, + 2, …) inside the transaction so they are known without a
    query per row. A deputy imported with a status other than 在任 gets a status-history entry, like
    one added by hand (db/deputies.insert_deputy).
    """
    if not rows:
        return []
    with transaction.write(db):
        start = db.execute("SELECT COALESCE(MAX(id), 0) FROM deputies").fetchone()[0] + 1
        ids = list(range(start, start + len(rows)))
        placeholders = ", ".join("?" for _ in range(len(IMPORT_COLUMNS) + 1))
        db.conn.executemany(
            f"INSERT INTO deputies(id, {', '.join(IMPORT_COLUMNS)}) VALUES ({placeholders})",
            ([deputy_id] + [row.get(c) for c in IMPORT_COLUMNS] for deputy_id, row in zip(ids, rows)),
        )
        db.conn.executemany(
            "INSERT INTO deputy_status_history(deputy_id, status, date, reason) VALUES (?, ?, ?, ?)",
            ((deputy_id, row["status"], row.get("status_date"), row.get("status_reason"))
             for deputy_id, row in zip(ids, rows) if row.get("status") not in (None, "在任")),
        )
        audit.append(db, "导入代表", entity="deputy", entity_id=ids[0],
                     detail={"source": source, "count": len(ids), "first_id": ids[0], "last_id": ids[-1]})
    return ids


@writes
def update_deputy_fields(db: sqlite_utils.Database, deputy_id: int, changes: dict) -> dict:
    """Set some columns of one deputy; returns their old values (for undo). Audit-logged."""
    if not changes:
        return {}
    allowed = set(IMPORT_COLUMNS) | {"deleted_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not importable: {sorted(unknown)}")
    with transaction.write(db):
        columns = ", ".join(changes)
        old_row = db.execute(f"SELECT {columns} FROM deputies WHERE id = ?", [deputy_id]).fetchone()
        old = dict(zip(changes, old_row))
        assignments = ", ".join(f"{c} = ?" for c in changes)
        db.execute(f"UPDATE deputies SET {assignments}, updated_at = datetime('now', 'localtime') WHERE id = ?",
                   list(changes.values()) + [deputy_id])
        if "status" in changes and changes["status"] != old["status"]:
            db.execute("INSERT INTO deputy_status_history(deputy_id, status, date, reason) VALUES (?, ?, ?, ?)",
                       [deputy_id, changes["status"], changes.get("status_date"),
                        changes.get("status_reason") or "名册导入"])
        audit.append(db, "修改代表", entity="deputy", entity_id=deputy_id,
                     detail={"fields": sorted(changes), "by": "import_roster"})
    return old


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
                db.execute("UPDATE deputies SET deleted_at = datetime('now', 'localtime') WHERE id = ?",
                           [deputy_id])
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
