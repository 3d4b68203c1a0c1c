"""选区 (electoral districts) of a term: list with deputy counts, create, edit, soft delete."""

from __future__ import annotations


import sqlite_utils

from ..domain import organisation
from ..errors import InputError, UserError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

FIELDS = organisation.DISTRICT_FIELDS


def list_districts(db: sqlite_utils.Database, term_id: int | None = None, *, include_deleted: bool = False) -> list[dict]:
    """Districts (of one term, or all when ``term_id`` is None) with ``deputy_count`` of serving deputies."""
    where, params = [], []
    if term_id is not None:
        where.append("d.term_id = ?")
        params.append(term_id)
    if not include_deleted:
        where.append("d.deleted_at IS NULL")
    sql = (
        "SELECT d.*, t.name AS term_name, COUNT(p.id) AS deputy_count FROM districts d "
        "LEFT JOIN terms t ON t.id = d.term_id "
        "LEFT JOIN deputies p ON p.district_id = d.id AND p.deleted_at IS NULL AND p.status = '在任' "
        + ("WHERE " + " AND ".join(where) + " " if where else "")
        + "GROUP BY d.id ORDER BY COALESCE(d.code, ''), d.id"
    )
    return list(db.query(sql, params))


def district_names(db: sqlite_utils.Database, term_id: int | None = None) -> list[str]:
    """The names of the not deleted districts (of one term, or all), in list_districts' order, without its counts."""
    where, params = "d.deleted_at IS NULL", []
    if term_id is not None:
        where += " AND d.term_id = ?"
        params.append(term_id)
    sql = f"SELECT d.name FROM districts d WHERE {where} ORDER BY COALESCE(d.code, ''), d.id"
    return [row[0] for row in db.execute(sql, params).fetchall()]


def get_district(db: sqlite_utils.Database, district_id: int) -> dict:
    row = next(db.query("SELECT * FROM districts WHERE id = ?", [district_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {district_id} 的选区。")
    return row


def _clean(values: dict) -> dict:
    with as_input_errors():
        return organisation.clean_district(values)


def _check_unique(db: sqlite_utils.Database, term_id, name: str, district_id: int | None) -> None:
    clash = db.execute(
        "SELECT id, deleted_at FROM districts WHERE term_id IS ? AND name = ? AND id IS NOT ?",
        [term_id, name, district_id],
    ).fetchone()
    if clash:
        hint = "（已删除，可以恢复它）" if clash[1] else ""
        raise InputError(f"本届已有名为“{name}”的选区{hint}。")


@writes
def create_district(db: sqlite_utils.Database, term_id: int | None, name: str, code: str | None = None,
                    area: str | None = None, seats: int | None = None) -> int:
    row = _clean({"term_id": term_id, "name": name, "code": code, "area": area, "seats": seats})
    with transaction.write(db):
        _check_unique(db, term_id, row["name"], None)
        district_id = db.execute(
            "INSERT INTO districts(term_id, name, code, area, seats) VALUES (?, ?, ?, ?, ?)",
            [row["term_id"], row["name"], row["code"], row["area"], row["seats"]],
        ).lastrowid
        audit.append(db, "新增选区", entity="district", entity_id=district_id, detail=row)
    return district_id


@writes
def update_district(db: sqlite_utils.Database, district_id: int, **changes) -> dict:
    """Change fields; returns the old values of what changed."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_district(db, district_id)
        merged = {**old, **changes}
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        if "name" in changed or "term_id" in changed:
            _check_unique(db, merged["term_id"], merged["name"], district_id)
        records.update(db, "districts", district_id, changed, action="修改选区", entity="district",
                       detail={k: [old[k], v] for k, v in changed.items()})
        return {k: old[k] for k in changed}


@writes
def delete_district(db: sqlite_utils.Database, district_id: int) -> None:
    """Soft delete; refused while deputies (not deleted) still belong to it."""
    with transaction.write(db):
        district = get_district(db, district_id)
        count = db.execute(
            "SELECT COUNT(*) FROM deputies WHERE district_id = ? AND deleted_at IS NULL", [district_id]
        ).fetchone()[0]
        if count:
            raise UserError(
                f"选区“{district['name']}”还有 {count} 名代表，不能删除。请先把这些代表调整到其他选区。"
            )
        records.soft_delete(db, "districts", district_id, action="删除选区", entity="district",
                            detail={"name": district["name"]})


@writes
def restore_district(db: sqlite_utils.Database, district_id: int) -> None:
    with transaction.write(db):
        district = get_district(db, district_id)
        records.restore(db, "districts", district_id, action="恢复选区", entity="district",
                        detail={"name": district["name"]})
