"""接待选民日: each station's schedule rules, the next reception days, and the voters received."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlite_utils

from ..domain import activities as activity_rules
from ..domain.activities import ScheduleRuleError, describe_rule, next_dates, parse_rule, rule_from_text
from ..domain.text import normalize_text
from ..errors import InputError, UserError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes


def _rule(rule: str) -> str:
    """Accept 'weekly:1' or the clerk's '每周一'; InputError otherwise."""
    text = rule_from_text(rule) or (rule or "").strip()
    try:
        kind, days = parse_rule(text)
    except ScheduleRuleError as err:
        raise InputError(str(err)) from None
    return f"{kind}:{','.join(map(str, days))}"


@writes
def add_schedule(db: sqlite_utils.Database, station_id: int, rule: str, place: str | None = None,
                 note: str | None = None) -> int:
    rule = _rule(rule)
    with transaction.write(db):
        found = db.execute("SELECT deleted_at FROM stations WHERE id = ?", [station_id]).fetchone()
        if found is None or found[0]:
            raise InputError("所选联络站不存在或已被删除。")
        schedule_id = db.execute(
            "INSERT INTO reception_schedules(station_id, rule, place, note) VALUES (?, ?, ?, ?)",
            [station_id, rule, normalize_text(place) or None, normalize_text(note) or None]).lastrowid
        audit.append(db, "新增接待日安排", entity="station", entity_id=station_id, detail={"rule": rule})
    return schedule_id


@writes
def update_schedule(db: sqlite_utils.Database, schedule_id: int, rule: str) -> None:
    rule = _rule(rule)
    with transaction.write(db):
        records.update(db, "reception_schedules", schedule_id, {"rule": rule}, action="修改接待日安排",
                       entity="reception_schedule", detail={"rule": rule})


@writes
def delete_schedule(db: sqlite_utils.Database, schedule_id: int) -> None:
    with transaction.write(db):
        records.soft_delete(db, "reception_schedules", schedule_id, action="删除接待日安排",
                            entity="reception_schedule")


@writes
def restore_schedule(db: sqlite_utils.Database, schedule_id: int) -> None:
    """Bring a deleted schedule back (undo of a delete or of a changed station/place)."""
    with transaction.write(db):
        records.restore(db, "reception_schedules", schedule_id, action="恢复接待日安排", entity="reception_schedule")


def schedule_rule(db: sqlite_utils.Database, schedule_id: int) -> str:
    row = db.execute("SELECT rule FROM reception_schedules WHERE id = ?", [schedule_id]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {schedule_id} 的接待日安排。")
    return row[0]


def list_schedules(db: sqlite_utils.Database, station_id: int | None = None) -> list[dict]:
    """Schedules of live stations with station_name and a readable description ('每周一')."""
    sql = ("SELECT r.*, s.name AS station_name, COALESCE(r.place, s.address) AS where_ FROM reception_schedules r "
           "JOIN stations s ON s.id = r.station_id WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL")
    params: list[Any] = []
    if station_id is not None:
        sql += " AND r.station_id = ?"
        params.append(station_id)
    rows = list(db.query(sql + " ORDER BY s.id, r.id", params))
    for row in rows:
        row["place"] = row.pop("where_")
        row["description"] = describe_rule(row["rule"])
    return rows


def next_reception_days(db: sqlite_utils.Database, today: dt.date, count: int = 5) -> list[dict]:
    """The next reception days across all stations: {date, station_id, station_name, place}, soonest first."""
    found = []
    for schedule in list_schedules(db):
        for day in next_dates([schedule["rule"]], today, count):
            found.append({"date": day.isoformat(), "station_id": schedule["station_id"],
                          "station_name": schedule["station_name"], "place": schedule["place"]})
    found.sort(key=lambda r: (r["date"], r["station_id"]))
    return found[:count]


VISIT_FIELDS = activity_rules.VISIT_FIELDS


@writes
def add_visit(db: sqlite_utils.Database, values: Mapping) -> int:
    """One voter received: name, contact, the matter raised; at an activity (接待选民日) or a station."""
    with as_input_errors():
        row = activity_rules.clean_visit(values)
    with transaction.write(db):
        if row["activity_id"] is not None:
            activity = db.execute("SELECT date, station_id FROM activities WHERE id = ? AND deleted_at IS NULL",
                                  [row["activity_id"]]).fetchone()
            if activity is None:
                raise InputError("所选活动不存在或已被删除。")
            row["date"] = row["date"] or activity[0]
            row["station_id"] = row["station_id"] or activity[1]
        try:
            row["date"] = dt.date.fromisoformat(str(row["date"] or "")).isoformat()
        except ValueError:
            raise InputError(f"接待日期“{row['date'] or ''}”无效，请写成 2026-03-05 的形式。") from None
        visit_id = db.execute(
            f"INSERT INTO reception_visits({', '.join(VISIT_FIELDS)}) VALUES ({', '.join('?' for _ in VISIT_FIELDS)})",
            [row[k] for k in VISIT_FIELDS]).lastrowid
        audit.append(db, "登记来访选民", entity="reception_visit", entity_id=visit_id,
                     detail={"date": row["date"], "station_id": row["station_id"]})
    return visit_id


@writes
def delete_visit(db: sqlite_utils.Database, visit_id: int) -> None:
    """Hide a visit entered by mistake (undo of 登记来访); a visit already made a suggestion keeps its link."""
    with transaction.write(db):
        records.soft_delete(db, "reception_visits", visit_id, action="删除来访登记", entity="reception_visit")


@writes
def restore_visit(db: sqlite_utils.Database, visit_id: int) -> None:
    with transaction.write(db):
        records.restore(db, "reception_visits", visit_id, action="恢复来访登记", entity="reception_visit")


@writes
def link_visit(db: sqlite_utils.Database, visit_id: int, suggestion_id: int | None) -> None:
    """Point a visit at the suggestion made of it, or at none (undo of 转为意见建议)."""
    with transaction.write(db):
        records.update(db, "reception_visits", visit_id, {"suggestion_id": suggestion_id},
                       action="来访转意见建议" if suggestion_id else "撤销来访转意见建议", entity="reception_visit",
                       detail={"suggestion_id": suggestion_id})


def get_visit(db: sqlite_utils.Database, visit_id: int) -> dict:
    row = next(db.query("SELECT * FROM reception_visits WHERE id = ?", [visit_id]), None)
    if row is None:
        raise UserError(f"找不到编号为 {visit_id} 的来访登记。")
    return row


def list_visits(db: sqlite_utils.Database, *, activity_id: int | None = None, station_id: int | None = None,
                start: str | None = None, end: str | None = None) -> list[dict]:
    """Voters received, newest first, with station_name and whether a suggestion was made of it."""
    sql = ("SELECT v.*, s.name AS station_name FROM reception_visits v LEFT JOIN stations s ON s.id = v.station_id "
           "WHERE v.deleted_at IS NULL")
    params: list[Any] = []
    for clause, value in (("v.activity_id = ?", activity_id), ("v.station_id = ?", station_id),
                          ("v.date >= ?", start), ("v.date <= ?", end)):
        if value is not None:
            sql += " AND " + clause
            params.append(value)
    return list(db.query(sql + " ORDER BY v.date DESC, v.id DESC", params))
