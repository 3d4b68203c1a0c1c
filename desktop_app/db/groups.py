"""代表小组 and 专业代表小组: list with member counts, create, edit, soft delete, members and convener."""

from __future__ import annotations

from typing import Iterable

import sqlite_utils

from ..domain import organisation
from ..errors import InputError, UserError
from . import audit, records
from .terms import current_term_id
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

FIELDS = organisation.GROUP_FIELDS

_LIST = (
    "SELECT g.*, dist.name AS district_name, c.name AS convener_name, "
    "(SELECT COUNT(*) FROM group_members gm JOIN deputies d ON d.id = gm.deputy_id "
    "  WHERE gm.group_id = g.id AND d.deleted_at IS NULL AND d.status = '在任') AS member_count, "
    "(SELECT GROUP_CONCAT(s.name, '、') FROM station_groups sg JOIN stations s ON s.id = sg.station_id "
    "  WHERE sg.group_id = g.id AND s.deleted_at IS NULL) AS station_names "
    "FROM groups g LEFT JOIN districts dist ON dist.id = g.district_id "
    "LEFT JOIN deputies c ON c.id = g.convener_id AND c.deleted_at IS NULL "
)


def list_groups(db: sqlite_utils.Database, term_id: int | None = None, *, include_deleted: bool = False) -> list[dict]:
    """Groups (of one term, or all when ``term_id`` is None) with member_count (serving members),
    convener_name, district_name and station_names; 代表小组 first, then 专业代表小组."""
    where, params = [], []
    if term_id is not None:
        where.append("g.term_id = ?")
        params.append(term_id)
    if not include_deleted:
        where.append("g.deleted_at IS NULL")
    sql = _LIST + ("WHERE " + " AND ".join(where) + " " if where else "") + "ORDER BY g.kind = '专业代表小组', g.id"
    return list(db.query(sql, params))


def group_names(db: sqlite_utils.Database, term_id: int | None = None) -> list[str]:
    """The names of the not deleted groups (of one term, or all), in list_groups' order, without its counts."""
    where, params = "g.deleted_at IS NULL", []
    if term_id is not None:
        where += " AND g.term_id = ?"
        params.append(term_id)
    sql = f"SELECT g.name FROM groups g WHERE {where} ORDER BY g.kind = '专业代表小组', g.id"
    return [row[0] for row in db.execute(sql, params).fetchall()]


def get_group(db: sqlite_utils.Database, group_id: int) -> dict:
    row = next(db.query(_LIST + "WHERE g.id = ?", [group_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {group_id} 的代表小组。")
    return row


def _clean(values: dict) -> dict:
    with as_input_errors():
        return organisation.clean_group(values)


def _check(db: sqlite_utils.Database, row: dict, group_id: int | None) -> None:
    clash = db.execute(
        "SELECT id FROM groups WHERE name = ? AND term_id IS ? AND deleted_at IS NULL AND id IS NOT ?",
        [row["name"], row.get("term_id"), group_id],
    ).fetchone()
    if clash:
        raise InputError(f"本届已有名为“{row['name']}”的小组。")
    if row.get("district_id") is not None:
        found = db.execute("SELECT deleted_at FROM districts WHERE id = ?", [row["district_id"]]).fetchone()
        if found is None or found[0]:
            raise InputError("所选选区不存在或已被删除。")
    if row.get("convener_id") is not None:
        found = db.execute("SELECT deleted_at FROM deputies WHERE id = ?", [row["convener_id"]]).fetchone()
        if found is None or found[0]:
            raise InputError("所选召集人不存在或已被删除。")


@writes
def _add_member(db: sqlite_utils.Database, group_id: int, deputy_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO group_members(group_id, deputy_id) VALUES (?, ?)", [group_id, deputy_id])


@writes
def create_group(db: sqlite_utils.Database, name: str, kind: str = "代表小组", term_id: int | None = None,
                 district_id: int | None = None, convener_id: int | None = None, notes: str | None = None) -> int:
    """Add a group (term defaults to the current one); a convener is also made a member."""
    row = _clean({"name": name, "kind": kind, "term_id": term_id, "district_id": district_id,
                  "convener_id": convener_id, "notes": notes})
    with transaction.write(db):
        if row["term_id"] is None:
            row["term_id"] = current_term_id(db)
        _check(db, row, None)
        group_id = db.execute(
            "INSERT INTO groups(name, kind, term_id, district_id, convener_id, notes) VALUES (?, ?, ?, ?, ?, ?)",
            [row["name"], row["kind"], row["term_id"], row["district_id"], row["convener_id"], row["notes"]],
        ).lastrowid
        if row["convener_id"] is not None:
            _add_member(db, group_id, row["convener_id"])
        audit.append(db, "新增代表小组", entity="group", entity_id=group_id, detail=row)
    return group_id


@writes
def update_group(db: sqlite_utils.Database, group_id: int, **changes) -> dict:
    """Change fields; returns the old values of what changed. A new convener becomes a member."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_group(db, group_id)
        merged = {**{k: old[k] for k in FIELDS}, **changes}
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        _check(db, merged, group_id)
        records.update(db, "groups", group_id, changed, action="修改代表小组", entity="group",
                       detail={"name": merged["name"], "changes": {k: [old[k], v] for k, v in changed.items()}})
        if changed.get("convener_id") is not None:
            _add_member(db, group_id, changed["convener_id"])
        return {k: old[k] for k in changed}


@writes
def delete_group(db: sqlite_utils.Database, group_id: int) -> None:
    """Soft delete; members and station links are kept so a restore brings the group back whole."""
    with transaction.write(db):
        group = get_group(db, group_id)
        records.soft_delete(db, "groups", group_id, action="删除代表小组", entity="group",
                            detail={"name": group["name"]})


@writes
def restore_group(db: sqlite_utils.Database, group_id: int) -> None:
    with transaction.write(db):
        group = get_group(db, group_id)
        _check(db, {**group, "convener_id": None, "district_id": None}, group_id)
        records.restore(db, "groups", group_id, action="恢复代表小组", entity="group", detail={"name": group["name"]})


def members(db: sqlite_utils.Database, group_id: int, *, include_inactive: bool = False) -> list[dict]:
    """Members (not deleted; serving only unless ``include_inactive``), convener first, with is_convener."""
    sql = (
        "SELECT d.id, d.name, d.name_initials, d.gender, d.level, d.status, d.phone, d.work_unit, d.post, "
        "dist.name AS district_name, (d.id = g.convener_id) AS is_convener "
        "FROM group_members gm JOIN deputies d ON d.id = gm.deputy_id JOIN groups g ON g.id = gm.group_id "
        "LEFT JOIN districts dist ON dist.id = d.district_id "
        "WHERE gm.group_id = ? AND d.deleted_at IS NULL "
        + ("" if include_inactive else "AND d.status = '在任' ")
        + "ORDER BY is_convener DESC, d.district_id, d.id"
    )
    rows = list(db.query(sql, [group_id]))
    for row in rows:
        row["is_convener"] = bool(row["is_convener"])
    return rows


def member_ids(db: sqlite_utils.Database, group_id: int) -> list[int]:
    """Every member id as stored (also former and deleted deputies), for undo of set_members."""
    return [r[0] for r in db.execute("SELECT deputy_id FROM group_members WHERE group_id = ? ORDER BY deputy_id",
                                     [group_id])]


@writes
def set_members(db: sqlite_utils.Database, group_id: int, deputy_ids: Iterable[int]) -> list[int]:
    """Make exactly these deputies the members; returns the previous member ids (for undo).

    A convener who is no longer a member stops being the convener.
    """
    wanted = sorted(set(int(i) for i in deputy_ids))
    with transaction.write(db):
        group = get_group(db, group_id)
        before = member_ids(db, group_id)
        if wanted:
            marks = ", ".join("?" for _ in wanted)
            found = {r[0] for r in db.execute(f"SELECT id FROM deputies WHERE id IN ({marks})", wanted)}
            missing = [i for i in wanted if i not in found]
            if missing:
                raise InputError(f"编号为 {missing[0]} 的代表不存在，小组成员未改动。")
        if wanted == before:
            return before
        db.execute("DELETE FROM group_members WHERE group_id = ?", [group_id])
        db.conn.executemany("INSERT INTO group_members(group_id, deputy_id) VALUES (?, ?)",
                            [(group_id, i) for i in wanted])
        if group["convener_id"] is not None and group["convener_id"] not in wanted:
            db.execute("UPDATE groups SET convener_id = NULL WHERE id = ?", [group_id])
        audit.append(db, "设置小组成员", entity="group", entity_id=group_id,
                     detail={"name": group["name"], "added": sorted(set(wanted) - set(before)),
                             "removed": sorted(set(before) - set(wanted))})
        return before


@writes
def set_convener(db: sqlite_utils.Database, group_id: int, deputy_id: int | None) -> dict:
    return update_group(db, group_id, convener_id=deputy_id)


def groups_of(db: sqlite_utils.Database, deputy_id: int) -> list[dict]:
    """Groups (not deleted) a deputy belongs to, with is_convener."""
    rows = list(db.query(
        "SELECT g.id, g.name, g.kind, g.term_id, g.district_id, (g.convener_id = gm.deputy_id) AS is_convener "
        "FROM group_members gm JOIN groups g ON g.id = gm.group_id "
        "WHERE gm.deputy_id = ? AND g.deleted_at IS NULL ORDER BY g.kind = '专业代表小组', g.id",
        [deputy_id],
    ))
    for row in rows:
        row["is_convener"] = bool(row["is_convener"])
    return rows


@writes
def set_groups_of(db: sqlite_utils.Database, deputy_id: int, group_ids: Iterable[int]) -> list[int]:
    """Put one deputy into exactly these groups; returns the previous group ids (for undo)."""
    wanted = set(int(i) for i in group_ids)
    with transaction.write(db):
        before = [r[0] for r in db.execute("SELECT group_id FROM group_members WHERE deputy_id = ?", [deputy_id])]
        for group_id in sorted(set(before) ^ wanted):
            ids = set(member_ids(db, group_id))
            ids = ids | {deputy_id} if group_id in wanted else ids - {deputy_id}
            set_members(db, group_id, ids)
        return sorted(before)
