"""履职要求 check: activity counts per group (quarter), station (month) and deputy (year) from the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from ..domain import compliance as rules
from ..errors import InputError
from . import audit, settings
from .terms import current_term_id

SETTING_KEY = "duty_thresholds"
_MONTH = "substr(a.date, 1, 7)"
_YEAR = "substr(a.date, 1, 4)"


def thresholds(db: sqlite_utils.Database) -> dict[str, int]:
    return rules.thresholds(settings.get(db, SETTING_KEY))


def set_thresholds(db: sqlite_utils.Database, values: dict[str, Any]) -> None:
    """Save the thresholds of 设置; InputError (nothing saved) when one is not a whole number ≥ 0."""
    try:
        merged = rules.thresholds({**thresholds(db), **values})
    except ValueError as err:
        raise InputError(str(err)) from None
    with db.atomic():
        settings.put(db, SETTING_KEY, merged)
        audit.append(db, "设置履职要求", entity="settings", detail=merged)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def compliance(db: sqlite_utils.Database, start: Any, end: Any, *, as_of: dt.date | None = None,
               term_id: int | None = None) -> dict[str, list[rules.ComplianceRow]]:
    """Rows for 'groups', 'stations', 'deputies' (进站履职) and 'contacts' (联系选民) over [start, end].

    Quarters/months/years that begin after ``as_of`` (default today) are not required yet.
    Deputies are the serving ones of the term (default: the current term).
    """
    start_d, end_d = _date(start), _date(end)
    as_of = as_of or dt.date.today()
    limits = thresholds(db)
    term_id = term_id if term_id is not None else current_term_id(db)
    span = [start_d.isoformat(), end_d.isoformat()]
    live = "a.deleted_at IS NULL AND a.date BETWEEN ? AND ?"

    # One pass over the covering date index; groups (by quarter) and stations (by month) are folded here.
    collective = {r[0] for r in db.execute("SELECT id FROM activity_types WHERE collective = 1")}
    group_counts: dict[tuple[int, str], int] = {}
    station_counts: dict[tuple[int, str], int] = {}
    for group_id, station_id, type_id, month, n in db.execute(
            f"SELECT a.group_id, a.station_id, a.type_id, {_MONTH}, COUNT(*) FROM activities a WHERE {live} "
            "GROUP BY 1, 2, 3, 4", span):
        if group_id is not None:
            key = (group_id, f"{month[:4]}Q{(int(month[5:7]) + 2) // 3}")
            group_counts[key] = group_counts.get(key, 0) + n
        if station_id is not None and type_id in collective:
            key = (station_id, month)
            station_counts[key] = station_counts.get(key, 0) + n
    visits, contacts = {}, {}
    for deputy_id, key, at_station, contact in db.execute(
            f"SELECT aa.deputy_id, {_YEAR}, SUM(a.station_id IS NOT NULL), SUM(t.voter_contact) "
            "FROM activities a JOIN activity_types t ON t.id = a.type_id "
            f"JOIN activity_attendance aa ON aa.activity_id = a.id WHERE {live} AND aa.status = '出席' "
            "GROUP BY 1, 2", span):
        visits[(deputy_id, key)] = at_station
        contacts[(deputy_id, key)] = contact

    term_clause = "AND term_id = ?" if term_id is not None else ""
    term_params = [term_id] if term_id is not None else []
    group_units = db.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL "
                             f"{term_clause} ORDER BY kind = '专业代表小组', id", term_params).fetchall()
    station_units = db.execute("SELECT id, name FROM stations WHERE deleted_at IS NULL "
                               "ORDER BY kind = '联络站', id").fetchall()
    deputy_units = db.execute("SELECT id, name FROM deputies WHERE deleted_at IS NULL AND status = '在任' "
                              f"{term_clause} ORDER BY id", term_params).fetchall()
    quarters = rules.periods("quarter", start_d, end_d, as_of)
    months = rules.periods("month", start_d, end_d, as_of)
    years = rules.periods("year", start_d, end_d, as_of)
    return {
        "groups": rules.assess("group", group_units, group_counts, quarters, limits["group_per_quarter"],
                               "group_per_quarter"),
        "stations": rules.assess("station", station_units, station_counts, months, limits["station_per_month"],
                                 "station_per_month"),
        "deputies": rules.assess("deputy", deputy_units, visits, years, limits["deputy_per_year"], "deputy_per_year"),
        "contacts": rules.assess("deputy", deputy_units, contacts, years, limits["deputy_contacts_per_year"],
                                 "deputy_contacts_per_year"),
    }


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, rules.periods("quarter", first, first)[0].end


def behind_this_quarter(db: sqlite_utils.Database, today: dt.date) -> dict[str, list[rules.ComplianceRow]]:
    """Groups and stations that have not yet met their quota in the quarter of ``today`` (home screen)."""
    start, end = quarter_bounds(today)
    result = compliance(db, start, end, as_of=today)
    return {"groups": [r for r in result["groups"] if r.behind],
            "stations": [r for r in result["stations"] if r.behind]}
