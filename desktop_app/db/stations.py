"""代表之家 and 联络站: list with parent and served groups, create, edit, soft delete, group links."""

from __future__ import annotations

from typing import Iterable

import sqlite_utils

from ..domain import organisation
from ..errors import InputError, UserError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes

FIELDS = organisation.STATION_FIELDS

_LIST = (
    "SELECT s.*, p.name AS parent_name, "
    "(SELECT GROUP_CONCAT(name, '、') FROM (SELECT g.name AS name FROM station_groups sg "
    "  JOIN groups g ON g.id = sg.group_id WHERE sg.station_id = s.id AND g.deleted_at IS NULL "
    "  ORDER BY g.kind = '专业代表小组', g.id)) AS group_names, "
    "(SELECT COUNT(*) FROM station_groups sg JOIN groups g ON g.id = sg.group_id "
    "  WHERE sg.station_id = s.id AND g.deleted_at IS NULL) AS group_count "
    "FROM stations s LEFT JOIN stations p ON p.id = s.parent_id AND p.deleted_at IS NULL "
)


def list_stations(db: sqlite_utils.Database, *, include_deleted: bool = False) -> list[dict]:
    """代表之家 first, then 联络站 in creation order, with parent_name, group_names and group_count."""
    sql = _LIST + ("" if include_deleted else "WHERE s.deleted_at IS NULL ") + "ORDER BY s.kind = '联络站', s.id"
    rows = list(db.query(sql))
    for row in rows:
        row["group_names"] = row["group_names"] or ""
    return rows


def get_station(db: sqlite_utils.Database, station_id: int) -> dict:
    row = next(db.query(_LIST + "WHERE s.id = ?", [station_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {station_id} 的联络站。")
    row["group_names"] = row["group_names"] or ""
    return row


def _clean(values: dict) -> dict:
    with as_input_errors():
        return organisation.clean_station(values)


def _check(db: sqlite_utils.Database, row: dict, station_id: int | None) -> None:
    clash = db.execute("SELECT id FROM stations WHERE name = ? AND deleted_at IS NULL AND id IS NOT ?",
                       [row["name"], station_id]).fetchone()
    if clash:
        raise InputError(f"已有名为“{row['name']}”的站点。")
    parent = row.get("parent_id")
    if parent is None:
        return
    if parent == station_id:
        raise InputError("站点不能隶属于它自己。")
    found = db.execute("SELECT deleted_at, parent_id FROM stations WHERE id = ?", [parent]).fetchone()
    if found is None or found[0]:
        raise InputError("所选上级站点不存在或已被删除。")
    # Walk up from the parent: reaching this station would make a loop.
    seen = {parent}
    while found and found[1] is not None:
        if found[1] == station_id or found[1] in seen:
            raise InputError("上级站点设置会形成循环，请重新选择。")
        seen.add(found[1])
        found = db.execute("SELECT deleted_at, parent_id FROM stations WHERE id = ?", [found[1]]).fetchone()


@writes
def create_station(db: sqlite_utils.Database, name: str, kind: str = "联络站", parent_id: int | None = None,
                   address: str | None = None, open_days: str | None = None, contact: str | None = None,
                   phone: str | None = None, notes: str | None = None) -> int:
    row = _clean({"name": name, "kind": kind, "parent_id": parent_id, "address": address, "open_days": open_days,
                  "contact": contact, "phone": phone, "notes": notes})
    with transaction.write(db):
        _check(db, row, None)
        columns = list(row)
        station_id = db.execute(
            f"INSERT INTO stations({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns],
        ).lastrowid
        audit.append(db, "新增联络站", entity="station", entity_id=station_id, detail=row)
    return station_id


@writes
def update_station(db: sqlite_utils.Database, station_id: int, **changes) -> dict:
    """Change fields; returns the old values of what changed."""
    changes = _clean(changes)
    with transaction.write(db):
        old = get_station(db, station_id)
        merged = {**{k: old[k] for k in FIELDS}, **changes}
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        _check(db, merged, station_id)
        records.update(db, "stations", station_id, changed, action="修改联络站", entity="station",
                       detail={"name": merged["name"], "changes": {k: [old[k], v] for k, v in changed.items()}})
        return {k: old[k] for k in changed}


@writes
def delete_station(db: sqlite_utils.Database, station_id: int) -> None:
    """Soft delete; refused while stations below it are still in use."""
    with transaction.write(db):
        station = get_station(db, station_id)
        children = [r[0] for r in db.execute(
            "SELECT name FROM stations WHERE parent_id = ? AND deleted_at IS NULL ORDER BY id", [station_id])]
        if children:
            raise UserError(
                f"“{station['name']}”下还有 {len(children)} 个站点（{'、'.join(children[:3])}"
                f"{'等' if len(children) > 3 else ''}），请先删除它们或改到其他上级。"
            )
        records.soft_delete(db, "stations", station_id, action="删除联络站", entity="station",
                            detail={"name": station["name"]})


@writes
def restore_station(db: sqlite_utils.Database, station_id: int) -> None:
    with transaction.write(db):
        station = get_station(db, station_id)
        _check(db, {"name": station["name"], "parent_id": None}, station_id)
        records.restore(db, "stations", station_id, action="恢复联络站", entity="station",
                        detail={"name": station["name"]})


def station_groups(db: sqlite_utils.Database, station_id: int) -> list[dict]:
    """Groups (not deleted) this station serves."""
    return list(db.query(
        "SELECT g.id, g.name, g.kind, g.district_id FROM station_groups sg JOIN groups g ON g.id = sg.group_id "
        "WHERE sg.station_id = ? AND g.deleted_at IS NULL ORDER BY g.kind = '专业代表小组', g.id",
        [station_id],
    ))


def served_group_ids(db: sqlite_utils.Database, station_id: int) -> list[int]:
    """Every linked group id as stored (also deleted groups), for undo of set_groups."""
    return [r[0] for r in db.execute(
        "SELECT group_id FROM station_groups WHERE station_id = ? ORDER BY group_id", [station_id])]


@writes
def set_groups(db: sqlite_utils.Database, station_id: int, group_ids: Iterable[int]) -> list[int]:
    """Make the station serve exactly these groups; returns the previous group ids (for undo)."""
    wanted = sorted(set(int(i) for i in group_ids))
    with transaction.write(db):
        station = get_station(db, station_id)
        before = served_group_ids(db, station_id)
        if wanted:
            marks = ", ".join("?" for _ in wanted)
            found = {r[0] for r in db.execute(f"SELECT id FROM groups WHERE id IN ({marks})", wanted)}
            missing = [i for i in wanted if i not in found]
            if missing:
                raise InputError(f"编号为 {missing[0]} 的小组不存在，站点服务的小组未改动。")
        if wanted == before:
            return before
        db.execute("DELETE FROM station_groups WHERE station_id = ?", [station_id])
        db.conn.executemany("INSERT INTO station_groups(station_id, group_id) VALUES (?, ?)",
                            [(station_id, i) for i in wanted])
        audit.append(db, "设置联络站小组", entity="station", entity_id=station_id,
                     detail={"name": station["name"], "added": sorted(set(wanted) - set(before)),
                             "removed": sorted(set(before) - set(wanted))})
        return before
