"""SQL of the county exchange package: rows to export (with uids and names, not row ids) and the writes
an import makes. Soft-deleted records are neither exported nor touched by an import.
"""

from __future__ import annotations

from typing import Iterator

import sqlite_utils

from . import audit, deputies
from .writes import writes

# ---------------------------------------------------------------------------------------------- export


def deputy_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every deputy not deleted (all statuses), with raw ID number and phone; the caller masks."""
    return list(db.query(
        "SELECT d.id, d.uid, d.name, d.gender, d.ethnicity, d.birth_date, d.id_number, d.party, d.education, "
        "d.work_unit, d.post, d.occupation, d.phone, d.address, d.level, t.name AS term, dist.name AS district, "
        "d.first_elected, d.reelected, d.status, d.status_date, d.status_reason, d.notes "
        "FROM deputies d LEFT JOIN terms t ON t.id = d.term_id LEFT JOIN districts dist ON dist.id = d.district_id "
        "WHERE d.deleted_at IS NULL ORDER BY d.id"))


def group_rows(db: sqlite_utils.Database) -> list[dict]:
    rows = list(db.query(
        "SELECT g.id, g.uid, g.name, g.kind, t.name AS term, dist.name AS district, c.uid AS convener_uid, "
        "c.name AS convener, g.notes FROM groups g LEFT JOIN terms t ON t.id = g.term_id "
        "LEFT JOIN districts dist ON dist.id = g.district_id "
        "LEFT JOIN deputies c ON c.id = g.convener_id AND c.deleted_at IS NULL "
        "WHERE g.deleted_at IS NULL ORDER BY g.id"))
    members: dict[int, list[tuple[str, str]]] = {}
    for group_id, uid, name in db.execute(
            "SELECT gm.group_id, d.uid, d.name FROM group_members gm JOIN deputies d ON d.id = gm.deputy_id "
            "WHERE d.deleted_at IS NULL ORDER BY gm.group_id, d.id"):
        members.setdefault(group_id, []).append((uid, name))
    for row in rows:
        people = members.get(row["id"], [])
        row["member_uids"] = ";".join(u for u, _ in people)
        row["members"] = "、".join(n for _, n in people)
    return rows


def station_rows(db: sqlite_utils.Database) -> list[dict]:
    rows = list(db.query(
        "SELECT s.id, s.uid, s.name, s.kind, p.uid AS parent_uid, p.name AS parent, s.address, s.open_days, "
        "s.contact, s.phone, s.notes FROM stations s LEFT JOIN stations p ON p.id = s.parent_id "
        "AND p.deleted_at IS NULL WHERE s.deleted_at IS NULL ORDER BY s.id"))
    linked: dict[int, list[tuple[str, str]]] = {}
    for station_id, uid, name in db.execute(
            "SELECT sg.station_id, g.uid, g.name FROM station_groups sg JOIN groups g ON g.id = sg.group_id "
            "WHERE g.deleted_at IS NULL ORDER BY sg.station_id, g.id"):
        linked.setdefault(station_id, []).append((uid, name))
    for row in rows:
        groups = linked.get(row["id"], [])
        row["group_uids"] = ";".join(u for u, _ in groups)
        row["groups"] = "、".join(n for _, n in groups)
    return rows


def activity_rows(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    """Activities dated within [start, end] with their type, station, group and attendance counts."""
    return list(db.query(
        "SELECT a.id, a.uid, a.date, a.start_time, a.end_time, t.name AS type, a.theme, a.place, "
        "s.uid AS station_uid, s.name AS station, g.uid AS group_uid, g.name AS \"group\", a.content, "
        "a.organiser, a.invited_officials, a.outcome, a.problems_solved, "
        "(SELECT COUNT(*) FROM activity_attendance x WHERE x.activity_id = a.id AND x.status = '出席') AS present, "
        "(SELECT COUNT(*) FROM activity_attendance x WHERE x.activity_id = a.id AND x.status = '请假') AS leave, "
        "(SELECT COUNT(*) FROM activity_attendance x WHERE x.activity_id = a.id AND x.status = '缺席') AS absent "
        "FROM activities a JOIN activity_types t ON t.id = a.type_id "
        "LEFT JOIN stations s ON s.id = a.station_id LEFT JOIN groups g ON g.id = a.group_id "
        "WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id", [start, end]))


def attendance_rows(db: sqlite_utils.Database, start: str, end: str) -> Iterator[dict]:
    """Attendance of the activities of the period; the deputy's ID number comes raw for its id_key."""
    return db.query(
        "SELECT a.id AS activity_id, d.id AS deputy_id, a.uid AS activity_uid, d.uid AS deputy_uid, d.id_number, d.name AS deputy, x.status, x.reason "
        "FROM activity_attendance x JOIN activities a ON a.id = x.activity_id "
        "JOIN deputies d ON d.id = x.deputy_id "
        "WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id, d.id", [start, end])


def suggestion_rows(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    """Suggestions collected within [start, end] with names for field/units and their submitters."""
    rows = list(db.query(
        "SELECT s.id, s.uid, s.date, s.title, s.content, s.source, f.name AS field, s.location, s.level, s.state, "
        "u.name AS main_unit, s.deadline, s.handling_deadline, s.classified_at, s.assigned_at, s.replied_at, "
        "s.reply_text, s.result_class, s.evaluation, s.evaluated_at, s.reopen_count, s.voter_name, "
        "s.voter_contact, a.uid AS activity_uid, "
        "(SELECT GROUP_CONCAT(name, '、') FROM (SELECT hu.name FROM suggestion_co_units cu "
        "  JOIN handling_units hu ON hu.id = cu.unit_id WHERE cu.suggestion_id = s.id ORDER BY hu.name)) AS co_units "
        "FROM suggestions s LEFT JOIN suggestion_fields f ON f.id = s.field_id "
        "LEFT JOIN handling_units u ON u.id = s.main_unit_id "
        "LEFT JOIN activities a ON a.id = s.activity_id AND a.deleted_at IS NULL "
        "WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ? ORDER BY s.date, s.id", [start, end]))
    people: dict[int, list[tuple]] = {}
    for suggestion_id, uid, id_number, name, lead in db.execute(
            "SELECT ss.suggestion_id, d.uid, d.id_number, d.name, ss.is_lead FROM suggestion_submitters ss "
            "JOIN suggestions s ON s.id = ss.suggestion_id JOIN deputies d ON d.id = ss.deputy_id "
            "WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ? ORDER BY ss.suggestion_id, ss.is_lead DESC, d.id",
            [start, end]):
        people.setdefault(suggestion_id, []).append((uid, id_number, name, lead))
    for row in rows:
        row["submitters_raw"] = people.get(row["id"], [])
    return rows


def suggestion_event_rows(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    return list(db.query(
        "SELECT e.id, e.uid, s.uid AS suggestion_uid, e.date, e.action, e.from_state, e.to_state, u.name AS unit, "
        "e.note, e.recorded_at FROM suggestion_events e JOIN suggestions s ON s.id = e.suggestion_id "
        "LEFT JOIN handling_units u ON u.id = e.unit_id "
        "WHERE s.deleted_at IS NULL AND s.date BETWEEN ? AND ? ORDER BY s.date, s.id, e.id", [start, end]))


def certified_items(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    """Certified (正式), non-rehearsal vote items of sessions held within [start, end]."""
    return list(db.query(
        "SELECT v.id, v.uid AS item_uid, v.code, v.name AS item, v.kind, v.certified_at, s.uid AS session_uid, "
        "s.name AS session, s.start_date AS session_date FROM vote_items v JOIN sessions s ON s.id = v.session_id "
        "WHERE v.deleted_at IS NULL AND s.deleted_at IS NULL AND v.rehearsal = 0 AND v.status = '正式' "
        "AND COALESCE(s.start_date, substr(v.certified_at, 1, 10)) BETWEEN ? AND ? "
        "ORDER BY s.start_date, s.id, v.sort_order, v.id", [start, end]))


def deputy_keys(db: sqlite_utils.Database) -> dict[int, tuple[str, str | None]]:
    """deputy id → (uid, raw ID number), for scores and other rows keyed by deputy id."""
    return {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, uid, id_number FROM deputies")}


def row_counts(db: sqlite_utils.Database, tables) -> dict[str, int]:
    """Live (not deleted) rows per table, for summaries and tests."""
    out = {}
    for table in tables:
        has_deleted = any(c[1] == "deleted_at" for c in db.execute(f"PRAGMA table_info({table})"))
        where = " WHERE deleted_at IS NULL" if has_deleted else ""
        out[table] = db.execute(f"SELECT COUNT(*) FROM {table}{where}").fetchone()[0]
    return out


# ---------------------------------------------------------------------------------------------- import

# Tables an import writes, with the columns it may set (anything else is refused: no SQL from a file).
WRITABLE: dict[str, tuple[str, ...]] = {
    "deputies": ("uid", "name", "name_initials", "gender", "ethnicity", "birth_date", "id_number", "party",
                 "education", "work_unit", "post", "occupation", "phone", "address", "level", "term_id",
                 "district_id", "first_elected", "reelected", "status", "status_date", "status_reason", "notes"),
    "groups": ("uid", "name", "kind", "term_id", "district_id", "convener_id", "notes"),
    "stations": ("uid", "name", "kind", "parent_id", "address", "open_days", "contact", "phone", "notes"),
    "activities": ("uid", "type_id", "date", "start_time", "end_time", "place", "station_id", "group_id", "theme",
                   "content", "organiser", "invited_officials", "outcome", "problems_solved", "updated_at"),
    "suggestions": ("uid", "title", "content", "source", "date", "field_id", "location", "level", "state",
                    "main_unit_id", "deadline", "handling_deadline", "classified_at", "assigned_at", "replied_at",
                    "reply_text", "result_class", "evaluation", "evaluated_at", "reopen_count", "voter_name",
                    "voter_contact", "activity_id", "updated_at"),
    "suggestion_events": ("uid", "suggestion_id", "action", "from_state", "to_state", "date", "unit_id", "note",
                          "recorded_at"),
}


def _columns(table: str, values: dict) -> list[str]:
    allowed = WRITABLE[table]
    unknown = [k for k in values if k not in allowed]
    if unknown:
        raise ValueError(f"columns {unknown} may not be imported into {table}")
    return list(values)


@writes
def insert_row(db: sqlite_utils.Database, table: str, values: dict) -> int:
    columns = _columns(table, values)
    if table == "deputies":   # the one write path of deputies, shared with the form and the roster import
        return deputies.insert_rows(db, [values], source="数据交换包", extra_columns=("uid",))[0]
    return db.execute(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                      [values[c] for c in columns]).lastrowid


@writes
def update_row(db: sqlite_utils.Database, table: str, row_id: int, values: dict) -> None:
    columns = _columns(table, values)
    if table == "deputies":
        deputies.set_fields(db, row_id, values, detail={"fields": sorted(values), "by": "sync_import"},
                            history_reason="数据交换包导入")
        return
    if columns:
        db.execute(f"UPDATE {table} SET {', '.join(c + ' = ?' for c in columns)} WHERE id = ?",
                   [values[c] for c in columns] + [row_id])


@writes
def stamp_updated(db: sqlite_utils.Database, table: str, row_ids, when: str) -> None:
    """Set updated_at of imported rows to ``when``, the export time of the package their content comes from,
    so that a later package is compared with the age of the content, not with the time of the import."""
    if table not in ("deputies", "activities", "suggestions"):
        raise ValueError(table)
    db.conn.executemany(f"UPDATE {table} SET updated_at = ? WHERE id = ?", [(when, i) for i in row_ids if i])


def updated_times(db: sqlite_utils.Database, table: str) -> dict[str, str]:
    """uid → updated_at of the records of ``table`` (one that has the column): when each was last changed here."""
    if table not in ("deputies", "activities", "suggestions"):
        raise ValueError(table)
    return {r[0]: r[1] for r in db.execute(f"SELECT uid, updated_at FROM {table} WHERE deleted_at IS NULL")}


def deleted_uids(db: sqlite_utils.Database, table: str) -> set[str]:
    """uids of soft-deleted records: an import neither revives nor duplicates them."""
    if table not in WRITABLE:
        raise ValueError(table)
    has_deleted = any(c[1] == "deleted_at" for c in db.execute(f"PRAGMA table_info({table})"))
    if not has_deleted:
        return set()
    return {r[0] for r in db.execute(f"SELECT uid FROM {table} WHERE deleted_at IS NOT NULL")}


def deleted_deputy_id_numbers(db: sqlite_utils.Database) -> dict[str, str]:
    """Raw ID number → name of soft-deleted deputies (the column is UNIQUE across deleted rows too)."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT id_number, name FROM deputies WHERE deleted_at IS NOT NULL AND id_number IS NOT NULL")}


@writes
def _named_id(db: sqlite_utils.Database, table: str, name: str, extra: dict | None = None) -> int:
    has_deleted = any(c[1] == "deleted_at" for c in db.execute(f"PRAGMA table_info({table})"))
    order = "deleted_at IS NOT NULL, id" if has_deleted else "id"
    row = db.execute(f"SELECT id FROM {table} WHERE name = ? ORDER BY {order} LIMIT 1", [name]).fetchone()
    if row:
        return row[0]
    values = {"name": name, **(extra or {})}
    return db.execute(f"INSERT INTO {table}({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                      list(values.values())).lastrowid


@writes
def term_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    """The term of that name, created when missing."""
    return _named_id(db, "terms", name) if name else None


@writes
def district_id(db: sqlite_utils.Database, term: int | None, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("SELECT id FROM districts WHERE term_id IS ? AND name = ?", [term, name]).fetchone()
    if row:
        return row[0]
    return db.execute("INSERT INTO districts(term_id, name) VALUES (?, ?)", [term, name]).lastrowid


@writes
def activity_type_id(db: sqlite_utils.Database, name: str) -> int:
    return _named_id(db, "activity_types", name)


@writes
def suggestion_field_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    return _named_id(db, "suggestion_fields", name) if name else None


@writes
def handling_unit_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    return _named_id(db, "handling_units", name) if name else None


def ids_by_uid(db: sqlite_utils.Database, table: str) -> dict[str, int]:
    if table not in WRITABLE:
        raise ValueError(table)
    return {r[0]: r[1] for r in db.execute(f"SELECT uid, id FROM {table} WHERE uid IS NOT NULL")}


@writes
def set_group_members(db: sqlite_utils.Database, group_id: int, deputy_ids) -> None:
    db.execute("DELETE FROM group_members WHERE group_id = ?", [group_id])
    db.conn.executemany("INSERT INTO group_members(group_id, deputy_id) VALUES (?, ?)",
                        [(group_id, d) for d in dict.fromkeys(deputy_ids)])


@writes
def set_station_groups(db: sqlite_utils.Database, station_id: int, group_ids) -> None:
    db.execute("DELETE FROM station_groups WHERE station_id = ?", [station_id])
    db.conn.executemany("INSERT INTO station_groups(station_id, group_id) VALUES (?, ?)",
                        [(station_id, g) for g in dict.fromkeys(group_ids)])


@writes
def set_station_parent(db: sqlite_utils.Database, station_id: int, parent_id: int | None) -> None:
    db.execute("UPDATE stations SET parent_id = ? WHERE id = ?", [parent_id, station_id])


@writes
def upsert_attendance(db: sqlite_utils.Database, rows) -> None:
    """rows of (activity_id, deputy_id, status, reason)."""
    db.conn.executemany(
        "INSERT INTO activity_attendance(activity_id, deputy_id, status, reason) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(activity_id, deputy_id) DO UPDATE SET status = excluded.status, reason = excluded.reason",
        list(rows))


@writes
def set_co_units(db: sqlite_utils.Database, suggestion_id: int, unit_ids) -> None:
    db.execute("DELETE FROM suggestion_co_units WHERE suggestion_id = ?", [suggestion_id])
    db.conn.executemany("INSERT INTO suggestion_co_units(suggestion_id, unit_id) VALUES (?, ?)",
                        [(suggestion_id, u) for u in dict.fromkeys(unit_ids)])


@writes
def set_submitters(db: sqlite_utils.Database, suggestion_id: int, people) -> None:
    """people: (deputy_id, is_lead) pairs."""
    db.execute("DELETE FROM suggestion_submitters WHERE suggestion_id = ?", [suggestion_id])
    db.conn.executemany("INSERT INTO suggestion_submitters(suggestion_id, deputy_id, is_lead) VALUES (?, ?, ?)",
                        [(suggestion_id, d, lead) for d, lead in dict(people).items()])


@writes
def record_import(db: sqlite_utils.Database, detail: dict) -> None:
    audit.append(db, "导入数据交换包", entity="exchange", detail=detail)
