"""履职要求 check: activity counts per group (quarter), station (month) and deputy (year) from the database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Iterable

import sqlite_utils

from ..domain import compliance as rules
from ..errors import InputError
from . import audit, settings
from .terms import current_term_id
from . import transaction
from .writes import writes

SETTING_KEY = "duty_thresholds"
_MONTH = "substr(a.date, 1, 7)"
_LIVE = "a.deleted_at IS NULL AND a.date BETWEEN ? AND ?"
PARTS = ("groups", "stations", "deputies", "contacts")


def thresholds(db: sqlite_utils.Database) -> dict[str, int]:
    return rules.thresholds(settings.get(db, SETTING_KEY))


@writes
def set_thresholds(db: sqlite_utils.Database, values: dict[str, Any]) -> None:
    """Save the thresholds of 设置; InputError (nothing saved) when one is not a whole number ≥ 0."""
    try:
        merged = rules.thresholds({**thresholds(db), **values})
    except ValueError as err:
        raise InputError(str(err)) from None
    with transaction.write(db):
        settings.put(db, SETTING_KEY, merged)
        audit.append(db, "设置履职要求", entity="settings", detail=merged)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def compliance(db: sqlite_utils.Database, start: Any, end: Any, *, as_of: dt.date | None = None,
               term_id: int | None = None, parts: Iterable[str] = PARTS) -> dict[str, list[rules.ComplianceRow]]:
    """Rows for 'groups', 'stations', 'deputies' (进站履职) and 'contacts' (联系选民) over [start, end].

    Quarters/months/years that begin after ``as_of`` (default today) are not required yet.
    Deputies are the serving ones of the term (default: the current term). ``parts`` limits the
    result to some of the four keys (the home screen only needs groups and stations).
    """
    start_d, end_d = _date(start), _date(end)
    as_of = as_of or dt.date.today()
    wanted = set(parts)
    limits = thresholds(db)
    term_id = term_id if term_id is not None else current_term_id(db)
    term_clause = "AND term_id = ?" if term_id is not None else ""
    term_params = [term_id] if term_id is not None else []
    result: dict[str, list[rules.ComplianceRow]] = {}
    if wanted & {"groups", "stations"}:
        group_counts, station_counts = _unit_counts(db, start_d, end_d)
        if "groups" in wanted:
            units = db.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL "
                               f"{term_clause} ORDER BY kind = '专业代表小组', id", term_params).fetchall()
            result["groups"] = rules.assess("group", units, group_counts, rules.periods("quarter", start_d, end_d, as_of),
                                            limits["group_per_quarter"], "group_per_quarter", as_of)
        if "stations" in wanted:
            units = db.execute("SELECT id, name FROM stations WHERE deleted_at IS NULL "
                               "ORDER BY kind = '联络站', id").fetchall()
            result["stations"] = rules.assess("station", units, station_counts,
                                              rules.periods("month", start_d, end_d, as_of),
                                              limits["station_per_month"], "station_per_month", as_of)
    if wanted & {"deputies", "contacts"}:
        visits, contacts = _deputy_counts(db, start_d, end_d)
        units = db.execute("SELECT id, name FROM deputies WHERE deleted_at IS NULL AND status = '在任' "
                           f"{term_clause} ORDER BY id", term_params).fetchall()
        years = rules.periods("year", start_d, end_d, as_of)
        if "deputies" in wanted:
            result["deputies"] = rules.assess("deputy", units, visits, years, limits["deputy_per_year"],
                                              "deputy_per_year", as_of)
        if "contacts" in wanted:
            result["contacts"] = rules.assess("deputy", units, contacts, years, limits["deputy_contacts_per_year"],
                                              "deputy_contacts_per_year", as_of)
    return {key: result[key] for key in PARTS if key in result}


def _type_ids(db: sqlite_utils.Database, flag: str) -> str:
    """The ids of the activity types with ``flag`` set, as an SQL list (types are few; a join per row is not)."""
    return ", ".join(str(int(r[0])) for r in db.execute(f"SELECT id FROM activity_types WHERE {flag} = 1"))


def _unit_counts(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> tuple[dict, dict]:
    """Activities per (group, quarter) and collective activities per (station, month), in one pass.

    Grouping by month first follows the date index's order, which keeps SQLite's sorter cheap.
    """
    collective = {int(r[0]) for r in db.execute("SELECT id FROM activity_types WHERE collective = 1")}
    group_counts: dict[tuple[int, str], int] = {}
    station_counts: dict[tuple[int, str], int] = {}
    for month, type_id, group_id, station_id, n in db.execute(
            f"SELECT {_MONTH}, a.type_id, a.group_id, a.station_id, COUNT(*) FROM activities a "
            f"WHERE {_LIVE} GROUP BY 1, 2, 3, 4", [start.isoformat(), end.isoformat()]):
        if group_id is not None:
            key = (group_id, f"{month[:4]}Q{(int(month[5:7]) + 2) // 3}")
            group_counts[key] = group_counts.get(key, 0) + n
        if station_id is not None and type_id in collective:
            key = (station_id, month)
            station_counts[key] = station_counts.get(key, 0) + n
    return group_counts, station_counts


def _deputy_counts(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> tuple[dict, dict]:
    """Attended activities at a station and attended voter-contact activities per (deputy, year).

    The attendance join is the costly part (a year holds a few hundred thousand attendance rows).
    Letting SQLite GROUP BY deputy would sort every one of those rows; instead the attending deputies'
    ids are joined into one string that Python counts with a hash table in one pass. Activities are
    taken in three classes (at a station and voter contact, only at a station, only voter contact), so
    the class is decided once per activity from the date index and activities in neither class are
    never joined. One pass per calendar year keeps the year out of the key.
    """
    contact_types = _type_ids(db, "voter_contact")
    at_station, contact = "a.station_id IS NOT NULL", f"a.type_id IN ({contact_types})"
    classes = ((f"{at_station} AND {contact}", True, True), (f"{at_station} AND NOT {contact}", True, False),
               (f"NOT {at_station} AND {contact}", False, True))
    visits: dict[tuple[int, str], int] = {}
    contacts: dict[tuple[int, str], int] = {}
    for year in range(start.year, end.year + 1):
        span = [max(start, dt.date(year, 1, 1)).isoformat(), min(end, dt.date(year, 12, 31)).isoformat()]
        key = str(year)
        for condition, is_visit, is_contact in classes:
            (joined,), = db.execute(
                "SELECT group_concat(aa.deputy_id) FROM activities a "
                "JOIN activity_attendance aa ON aa.activity_id = a.id "
                f"WHERE {_LIVE} AND {condition} AND aa.status = '出席'", span).fetchall()
            for deputy_id, n in Counter(joined.split(",") if joined else ()).items():
                unit = (int(deputy_id), key)
                if is_visit:
                    visits[unit] = visits.get(unit, 0) + n
                if is_contact:
                    contacts[unit] = contacts.get(unit, 0) + n
    return visits, contacts


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, rules.periods("quarter", first, first)[0].end


def this_quarter(db: sqlite_utils.Database, today: dt.date) -> dict[str, list[rules.ComplianceRow]]:
    """Every group and station against its quota in the quarter of ``today`` (home screen)."""
    start, end = quarter_bounds(today)
    return compliance(db, start, end, as_of=today, parts=("groups", "stations"))


def behind_this_quarter(db: sqlite_utils.Database, today: dt.date) -> dict[str, list[rules.ComplianceRow]]:
    """Groups and stations that missed a finished period of the quarter of ``today`` (a month gone by empty)."""
    result = this_quarter(db, today)
    return {"groups": [r for r in result["groups"] if r.behind],
            "stations": [r for r in result["stations"] if r.behind]}
