"""届次 (terms): list, the current one, create and edit."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ..domain import organisation
from ..errors import InputError, UserError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

FIELDS = organisation.TERM_FIELDS


def list_terms(db: sqlite_utils.Database) -> list[dict]:
    """All terms, newest first."""
    return list(db.query("SELECT * FROM terms ORDER BY COALESCE(number, 0) DESC, start_date DESC, id DESC"))


def get_term(db: sqlite_utils.Database, term_id: int) -> dict:
    row = next(db.query("SELECT * FROM terms WHERE id = ?", [term_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {term_id} 的届次，可能已被删除。")
    return row


def current_term(db: sqlite_utils.Database, *, today: dt.date | None = None) -> dict | None:
    """The term marked current; else the one whose dates contain today; else the newest; None when empty."""
    row = next(db.query("SELECT * FROM terms WHERE is_current = 1 ORDER BY id DESC LIMIT 1"), None)
    if row:
        return row
    day = (today or dt.date.today()).isoformat()
    row = next(db.query(
        "SELECT * FROM terms WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date DESC LIMIT 1",
        [day, day],
    ), None)
    if row:
        return row
    terms = list_terms(db)
    return terms[0] if terms else None


def current_term_id(db: sqlite_utils.Database) -> int | None:
    term = current_term(db)
    return term["id"] if term else None


def _clean(values: dict) -> dict:
    with as_input_errors():
        return organisation.clean_term(values)


def _check(db: sqlite_utils.Database, row: dict, term_id: int | None) -> None:
    with as_input_errors():
        organisation.check_term_dates(row)
    clash = db.execute("SELECT id FROM terms WHERE name = ? AND id IS NOT ?", [row["name"], term_id]).fetchone()
    if clash:
        raise InputError(f"已有名为“{row['name']}”的届次。")


@writes
def create_term(db: sqlite_utils.Database, name: str, number: int | None, start_date=None, end_date=None,
                is_current: bool = True) -> int:
    """Add a term; when ``is_current`` it becomes the only current one."""
    row = _clean({"name": name, "number": number, "start_date": start_date, "end_date": end_date,
                  "is_current": is_current})
    with transaction.write(db):
        _check(db, row, None)
        if row["is_current"]:
            db.execute("UPDATE terms SET is_current = 0 WHERE is_current = 1")
        term_id = db.execute(
            "INSERT INTO terms(name, number, start_date, end_date, is_current) VALUES (?, ?, ?, ?, ?)",
            [row["name"], row["number"], row["start_date"], row["end_date"], row["is_current"]],
        ).lastrowid
        audit.append(db, "新增届次", entity="term", entity_id=term_id, detail=row)
    return term_id


@writes
def update_term(db: sqlite_utils.Database, term_id: int, **changes) -> dict:
    """Change fields of a term; returns the old values of what changed (for undo)."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_term(db, term_id)
        merged = {**old, **changes}
        _check(db, merged, term_id)
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        if changed.get("is_current"):
            db.execute("UPDATE terms SET is_current = 0 WHERE is_current = 1 AND id != ?", [term_id])
        records.update(db, "terms", term_id, changed, action="修改届次", entity="term",
                       detail={k: [old[k], v] for k, v in changed.items()})
        return {k: old[k] for k in changed}


@writes
def set_current_term(db: sqlite_utils.Database, term_id: int) -> None:
    update_term(db, term_id, is_current=True)


def flagged_term_id(db: sqlite_utils.Database) -> int | None:
    """The term marked 当前 (not the date fallback of ``current_term``), for undo of a change of it."""
    row = db.execute("SELECT id FROM terms WHERE is_current = 1 ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


@writes
def flag_term(db: sqlite_utils.Database, term_id: int | None) -> None:
    """Mark exactly this term 当前, or none when ``term_id`` is None (putting back an earlier state)."""
    with transaction.write(db):
        if term_id is None:
            for (other,) in db.execute("SELECT id FROM terms WHERE is_current = 1").fetchall():
                update_term(db, other, is_current=False)
        else:
            update_term(db, term_id, is_current=True)


# Rows that belong to a term; a term is deleted only when none (not even deleted ones) refers to it.
_TERM_USERS = (("districts", "选区"), ("deputies", "代表"), ("groups", "代表小组"), ("sessions", "会议"))


@writes
def delete_term(db: sqlite_utils.Database, term_id: int) -> dict:
    """Delete a term entered by mistake; returns its row (``restore_term`` puts it back). Refused while
    any district, deputy, group or session — also a deleted one kept for restoring — belongs to it."""
    with transaction.write(db):
        term = get_term(db, term_id)
        used = []
        for table, label in _TERM_USERS:
            count = db.execute(f"SELECT COUNT(*) FROM {table} WHERE term_id = ?", [term_id]).fetchone()[0]
            if count:
                used.append(f"{label} {count} 条")
        if used:
            raise UserError(f"届次“{term['name']}”下还有{'、'.join(used)}记录（含已删除的），不能删除。"
                            "届次只有在误建、尚未使用时才能删除。")
        db.execute("DELETE FROM terms WHERE id = ?", [term_id])
        audit.append(db, "删除届次", entity="term", entity_id=term_id, detail=term)
        return term


@writes
def restore_term(db: sqlite_utils.Database, row: dict) -> int:
    """Insert a deleted term again with its old id and values (undo of a delete, redo of an add)."""
    values = _clean({k: row.get(k) for k in FIELDS})
    with transaction.write(db):
        if db.execute("SELECT 1 FROM terms WHERE id = ?", [row["id"]]).fetchone():
            raise UserError(f"届次“{values['name']}”已经存在，无需恢复。")
        _check(db, values, None)
        if values["is_current"]:
            db.execute("UPDATE terms SET is_current = 0 WHERE is_current = 1")
        db.execute("INSERT INTO terms(id, name, number, start_date, end_date, is_current) VALUES (?, ?, ?, ?, ?, ?)",
                   [row["id"], values["name"], values["number"], values["start_date"], values["end_date"],
                    values["is_current"]])
        audit.append(db, "恢复届次", entity="term", entity_id=row["id"], detail=values)
        return row["id"]
