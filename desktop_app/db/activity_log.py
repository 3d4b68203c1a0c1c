"""The 活动登记 list: activities with present/leave/absent counts, filtered by period, type, place and text."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..domain.text import normalize_text

# The page of ids is chosen first (index only), then each chosen activity gets its names and three
# correlated counts over the (activity_id, deputy_id) key of the attendance table: a few index steps per
# listed row, instead of counting for every activity of the period before the sort and LIMIT.
_COUNTS = (
    "SELECT a.id, a.date, a.start_time, a.end_time, a.place, a.theme, a.organiser, a.problems_solved, "
    "a.type_id, a.station_id, a.group_id, t.name AS type_name, s.name AS station_name, g.name AS group_name, "
    "(SELECT COUNT(*) FROM activity_attendance aa WHERE aa.activity_id = a.id AND aa.status = '出席') "
    "  AS present_count, "
    "(SELECT COUNT(*) FROM activity_attendance aa WHERE aa.activity_id = a.id AND aa.status = '请假') "
    "  AS leave_count, "
    "(SELECT COUNT(*) FROM activity_attendance aa WHERE aa.activity_id = a.id AND aa.status = '缺席') "
    "  AS absent_count, "
    "(SELECT COUNT(*) FROM attachments f WHERE f.owner_table = 'activities' AND f.owner_id = a.id "
    "  AND f.deleted_at IS NULL) AS attachment_count "
    "FROM ({ids}) chosen JOIN activities a ON a.id = chosen.id JOIN activity_types t ON t.id = a.type_id "
    "LEFT JOIN stations s ON s.id = a.station_id LEFT JOIN groups g ON g.id = a.group_id "
    "ORDER BY a.date DESC, a.id DESC"
)
_NAMES = (" JOIN activity_types t ON t.id = a.type_id LEFT JOIN stations s ON s.id = a.station_id "
          "LEFT JOIN groups g ON g.id = a.group_id")
_TEXT_COLUMNS = ("a.theme", "a.content", "a.place", "a.organiser", "a.invited_officials", "a.outcome", "t.name",
                 "s.name", "g.name")


def _where(start, end, type_id, station_id, group_id, text) -> tuple[str, list]:
    where, params = ["a.deleted_at IS NULL"], []
    for clause, value in (("a.date >= ?", start), ("a.date <= ?", end), ("a.type_id = ?", type_id),
                          ("a.station_id = ?", station_id), ("a.group_id = ?", group_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    for word in normalize_text(text).split(" ") if text else []:
        # Every word somewhere in the record (theme, content, place, people, names).
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in _TEXT_COLUMNS) + ")")
        escaped = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [escaped] * len(_TEXT_COLUMNS)
    return " WHERE " + " AND ".join(where), params


def list_log(db: sqlite_utils.Database, *, start: str | None = None, end: str | None = None,
             type_id: int | None = None, station_id: int | None = None, group_id: int | None = None,
             text: str | None = None, limit: int | None = None) -> list[dict]:
    """Live activities newest first with type/station/group names and the three attendance counts."""
    where, params = _where(start, end, type_id, station_id, group_id, text)
    ids = "SELECT a.id FROM activities a" + (_NAMES if text else "") + where + " ORDER BY a.date DESC, a.id DESC"
    if limit is not None:
        ids += " LIMIT ?"
        params.append(int(limit))
    return list(db.query(_COUNTS.format(ids=ids), params))


def count_log(db: sqlite_utils.Database, *, start: str | None = None, end: str | None = None,
              type_id: int | None = None, station_id: int | None = None, group_id: int | None = None,
              text: str | None = None) -> int:
    where, params = _where(start, end, type_id, station_id, group_id, text)
    return db.execute("SELECT COUNT(*) FROM activities a" + (_NAMES if text else "") + where, params).fetchone()[0]


def attendance_rows(db: sqlite_utils.Database, *, start: str | None = None, end: str | None = None) -> list[dict]:
    """Every attendance line of live activities in the period (for the export's 出勤明细 sheet)."""
    sql = ("SELECT a.id AS activity_id, a.date, a.theme, d.name, aa.status, aa.reason "
           "FROM activity_attendance aa JOIN activities a ON a.id = aa.activity_id "
           "JOIN deputies d ON d.id = aa.deputy_id WHERE a.deleted_at IS NULL")
    params: list[Any] = []
    if start is not None:
        sql += " AND a.date >= ?"
        params.append(start)
    if end is not None:
        sql += " AND a.date <= ?"
        params.append(end)
    return list(db.query(sql + " ORDER BY a.date, a.id, CASE aa.status WHEN '出席' THEN 0 WHEN '请假' THEN 1 "
                               "ELSE 2 END, d.id", params))
