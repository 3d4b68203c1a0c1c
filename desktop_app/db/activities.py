"""活动登记: the editable type list, activities with attendance, soft delete, and the list queries."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..domain import activities as activity_rules, fields
from ..domain.activities import ACTIVITY_FIELDS as FIELDS, ATTENDANCE_STATUSES, PRESENT
from ..domain.text import normalize_text
from ..errors import InputError, UserError
from . import audit, groups, pick_lists, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes



# --- activity types -------------------------------------------------------------------------------

def list_types(db: sqlite_utils.Database, *, include_deleted: bool = False) -> list[dict]:
    return pick_lists.rows(db, pick_lists.ACTIVITY_TYPES, include_deleted=include_deleted)


def type_id_by_name(db: sqlite_utils.Database, name: str) -> int:
    return pick_lists.id_by_name(db, pick_lists.ACTIVITY_TYPES, name)


@writes
def add_type(db: sqlite_utils.Database, name: str, *, collective: bool = True, voter_contact: bool = False) -> int:
    """A new activity type at the end of the list (a deleted one of the same name comes back)."""
    return pick_lists.add(db, pick_lists.ACTIVITY_TYPES, name,
                          {"collective": int(collective), "voter_contact": int(voter_contact)})


@writes
def update_type(db: sqlite_utils.Database, type_id: int, *, name: str | None = None,
                collective: bool | None = None, voter_contact: bool | None = None) -> None:
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = pick_lists.clean_name(pick_lists.ACTIVITY_TYPES, name)
    if collective is not None:
        changes["collective"] = int(collective)
    if voter_contact is not None:
        changes["voter_contact"] = int(voter_contact)
    pick_lists.update(db, pick_lists.ACTIVITY_TYPES, type_id, changes)


@writes
def delete_type(db: sqlite_utils.Database, type_id: int) -> None:
    """Hide a type from the pick list; activities already recorded keep it."""
    pick_lists.hide(db, pick_lists.ACTIVITY_TYPES, type_id)


# --- activities ----------------------------------------------------------------------------------

def _clean(db: sqlite_utils.Database, values: Mapping) -> dict:
    with as_input_errors():
        return activity_rules.clean_activity(values)


def _check(db: sqlite_utils.Database, row: Mapping) -> None:
    with as_input_errors():
        activity_rules.check_activity(row)
    if not db.execute("SELECT 1 FROM activity_types WHERE id = ?", [row["type_id"]]).fetchone():
        raise InputError(f"活动类型编号 {row['type_id']} 不存在。")
    for key, table, what in (("station_id", "stations", "联络站"), ("group_id", "groups", "代表小组")):
        if row.get(key) is not None:
            found = db.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", [row[key]]).fetchone()
            if found is None or found[0]:
                raise InputError(f"所选{what}不存在或已被删除。")


def _clean_attendance(db: sqlite_utils.Database, attendance: Mapping[int, Any],
                      recorded: Iterable[int] = ()) -> list[tuple[int, str, str | None]]:
    """{deputy_id: status or (status, reason)} → rows; refuses unknown statuses and deputies, and deleted
    deputies not already in ``recorded`` (an old activity keeps a deputy deleted since)."""
    rows = []
    for deputy_id, value in attendance.items():
        if isinstance(value, str):
            status, reason = value, None
        elif isinstance(value, (tuple, list)) and value:
            status, reason = value[0], value[1] if len(value) > 1 else None
        else:
            status, reason = value, None
        if status not in ATTENDANCE_STATUSES:
            raise InputError(f"出勤情况“{status}”不对，应为：{'、'.join(ATTENDANCE_STATUSES)}。")
        with as_input_errors():
            person = fields.record_id(deputy_id, "代表编号")
        if person is None:
            raise InputError("出勤登记中有一行没有选择代表，出勤未保存。")
        rows.append((person, status, normalize_text(reason) or None))
    if rows:
        ids = [r[0] for r in rows]
        marks = ", ".join("?" for _ in ids)
        kept = set(recorded)
        found = {r[0] for r in db.execute(f"SELECT id, deleted_at FROM deputies WHERE id IN ({marks})", ids)
                 if not r[1] or r[0] in kept}
        missing = [i for i in ids if i not in found]
        if missing:
            raise InputError(f"编号为 {missing[0]} 的代表不存在或已被删除，出勤未保存。")
    return rows


@writes
def create_activity(db: sqlite_utils.Database, values: Mapping, attendance: Mapping[int, Any] | None = None) -> int:
    """Record one activity (and its attendance); InputError with the field named, database unchanged."""
    row = _clean(db, values)
    with transaction.write(db):
        _check(db, row)
        columns = list(row)
        activity_id = db.execute(
            f"INSERT INTO activities({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [row[c] for c in columns]).lastrowid
        audit.append(db, "新增活动", entity="activity", entity_id=activity_id,
                     detail={"date": row["date"], "theme": row["theme"]})
        if attendance:
            set_attendance(db, activity_id, attendance)
    return activity_id


@writes
def update_activity(db: sqlite_utils.Database, activity_id: int, changes: Mapping) -> dict:
    """Change fields; returns the old values of what changed (pass back to undo)."""
    changes = _clean(db, changes)
    with transaction.write(db):
        old = get_activity(db, activity_id)
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        _check(db, {**{k: old[k] for k in FIELDS}, **changed})
        records.update(db, "activities", activity_id, changed, action="修改活动", entity="activity",
                       detail={"changes": {k: [old[k], v] for k, v in changed.items()}})
        return {k: old[k] for k in changed}


@writes
def delete_activity(db: sqlite_utils.Database, activity_id: int) -> None:
    """Soft delete: the activity, its attendance and attachments stay and can be restored."""
    with transaction.write(db):
        old = get_activity(db, activity_id)
        records.soft_delete(db, "activities", activity_id, action="删除活动", entity="activity",
                            detail={"date": old["date"], "theme": old["theme"]})


@writes
def restore_activity(db: sqlite_utils.Database, activity_id: int) -> None:
    with transaction.write(db):
        get_activity(db, activity_id)
        records.restore(db, "activities", activity_id, action="恢复活动", entity="activity")


_SELECT = (
    "SELECT a.*, t.name AS type_name, s.name AS station_name, g.name AS group_name, "
    "(SELECT COUNT(*) FROM activity_attendance aa WHERE aa.activity_id = a.id AND aa.status = '出席') AS present_count "
    "FROM activities a JOIN activity_types t ON t.id = a.type_id "
    "LEFT JOIN stations s ON s.id = a.station_id LEFT JOIN groups g ON g.id = a.group_id "
)


def get_activity(db: sqlite_utils.Database, activity_id: int) -> dict:
    """One activity with type_name, station_name, group_name, present_count and its attendance list."""
    row = next(db.query(_SELECT + "WHERE a.id = ?", [activity_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {activity_id} 的活动。")
    row["attendance"] = attendance_of(db, activity_id)
    return row


def list_activities(db: sqlite_utils.Database, *, start: str | None = None, end: str | None = None,
                    station_id: int | None = None, group_id: int | None = None, type_id: int | None = None,
                    deputy_id: int | None = None, include_deleted: bool = False, limit: int | None = None,
                    offset: int = 0) -> list[dict]:
    """Activities newest first with type/station/group names and present_count; dates inclusive."""
    where, params = _filters(start, end, station_id, group_id, type_id, deputy_id, include_deleted)
    sql = _SELECT + ("WHERE " + " AND ".join(where) + " " if where else "") + "ORDER BY a.date DESC, a.id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return list(db.query(sql, params))


def count_activities(db: sqlite_utils.Database, *, start: str | None = None, end: str | None = None,
                     station_id: int | None = None, group_id: int | None = None, type_id: int | None = None,
                     deputy_id: int | None = None, include_deleted: bool = False) -> int:
    where, params = _filters(start, end, station_id, group_id, type_id, deputy_id, include_deleted)
    sql = "SELECT COUNT(*) FROM activities a" + (" WHERE " + " AND ".join(where) if where else "")
    return db.execute(sql, params).fetchone()[0]


def _filters(start, end, station_id, group_id, type_id, deputy_id, include_deleted) -> tuple[list[str], list]:
    where, params = [], []
    if not include_deleted:
        where.append("a.deleted_at IS NULL")
    for clause, value in (("a.date >= ?", start), ("a.date <= ?", end), ("a.station_id = ?", station_id),
                          ("a.group_id = ?", group_id), ("a.type_id = ?", type_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if deputy_id is not None:
        where.append("a.id IN (SELECT activity_id FROM activity_attendance WHERE deputy_id = ?)")
        params.append(deputy_id)
    return where, params


# --- attendance ----------------------------------------------------------------------------------

def attendance_of(db: sqlite_utils.Database, activity_id: int) -> list[dict]:
    """Attendance rows with the deputy's name, 出席 first."""
    return list(db.query(
        "SELECT aa.deputy_id, d.name, aa.status, aa.reason FROM activity_attendance aa "
        "JOIN deputies d ON d.id = aa.deputy_id WHERE aa.activity_id = ? "
        "ORDER BY CASE aa.status WHEN '出席' THEN 0 WHEN '请假' THEN 1 ELSE 2 END, d.id", [activity_id]))


@writes
def set_attendance(db: sqlite_utils.Database, activity_id: int, attendance: Mapping[int, Any], *,
                   replace: bool = True) -> dict[int, tuple[str, str | None]]:
    """Record attendance {deputy_id: '出席' | ('请假', reason)}; ``replace`` drops deputies not listed.

    Returns the previous attendance (for undo).
    """
    with transaction.write(db):
        get_activity(db, activity_id)
        before = {r["deputy_id"]: (r["status"], r["reason"]) for r in attendance_of(db, activity_id)}
        rows = _clean_attendance(db, attendance, before)
        if replace:
            db.execute("DELETE FROM activity_attendance WHERE activity_id = ?", [activity_id])
        db.conn.executemany(
            "INSERT INTO activity_attendance(activity_id, deputy_id, status, reason) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(activity_id, deputy_id) DO UPDATE SET status = excluded.status, reason = excluded.reason",
            [(activity_id, d, s, r) for d, s, r in rows])
        counts = {s: sum(1 for _, st, _ in rows if st == s) for s in ATTENDANCE_STATUSES}
        audit.append(db, "登记活动出勤", entity="activity", entity_id=activity_id, detail=counts)
        return before


def group_attendance(db: sqlite_utils.Database, group_id: int, status: str = PRESENT) -> dict[int, str]:
    """'All members of this group' as an attendance map: every serving member not deleted → ``status``."""
    members = set(groups.member_ids(db, group_id))
    serving = {m["id"] for m in groups.members(db, group_id)}
    return {deputy_id: status for deputy_id in sorted(members & serving)}


def attendance_summary(db: sqlite_utils.Database, deputy_id: int, start: str, end: str) -> dict[str, int]:
    """How many activities in [start, end] the deputy attended, was excused from or missed."""
    result = {s: 0 for s in ATTENDANCE_STATUSES}
    for status, count in db.execute(
            "SELECT aa.status, COUNT(*) FROM activity_attendance aa JOIN activities a ON a.id = aa.activity_id "
            "WHERE aa.deputy_id = ? AND a.deleted_at IS NULL AND a.date BETWEEN ? AND ? GROUP BY aa.status",
            [deputy_id, start, end]):
        result[status] = count
    return result

