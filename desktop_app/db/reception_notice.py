"""What a 接待选民日 公示 says: the station's next reception day, place, time, the deputies receiving, contact."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import sqlite_utils

from ..domain.activities import next_dates
from . import groups, receptions, settings, stations
from . import transaction
from .writes import writes

TIME_SETTING = "reception_time"
DEFAULT_TIME = "上午9:00—11:30"
POST_DAYS_BEFORE = 3   # the notice is posted three days before the reception day


def reception_time(db: sqlite_utils.Database) -> str:
    return settings.get(db, TIME_SETTING) or DEFAULT_TIME


@writes
def set_reception_time(db: sqlite_utils.Database, text: str) -> None:
    with transaction.write(db):
        settings.put(db, TIME_SETTING, (text or "").strip() or DEFAULT_TIME)


def receiving_deputies(db: sqlite_utils.Database, station_id: int) -> list[str]:
    """Names of the serving members of the groups the station serves (conveners first, each once)."""
    names: list[str] = []
    seen: set[int] = set()
    for group in stations.station_groups(db, station_id):
        for member in groups.members(db, group["id"]):
            if member["id"] not in seen:
                seen.add(member["id"])
                names.append(member["name"])
    return names


def notice_for(db: sqlite_utils.Database, station_id: int, day: dt.date, *, place: str | None = None,
               time_text: str | None = None) -> dict:
    """One notice: station, date, time, place, deputies, contact, and the day it should be posted."""
    station = stations.get_station(db, station_id)
    if place is None:
        schedules = receptions.list_schedules(db, station_id)
        place = next((s["place"] for s in schedules if s["place"]), None) or station.get("address") or station["name"]
    return {
        "station_id": station_id, "station_name": station["name"], "date": day.isoformat(),
        "time": time_text or reception_time(db), "place": place,
        "deputies": receiving_deputies(db, station_id),
        "contact": station.get("contact") or "", "phone": station.get("phone") or "",
        "post_date": (day - dt.timedelta(days=POST_DAYS_BEFORE)).isoformat(),
    }


def next_notices(db: sqlite_utils.Database, today: dt.date, *, station_ids: Iterable[int] | None = None) -> list[dict]:
    """The next reception day (today or later) of every station with a schedule, one notice each, soonest first."""
    wanted = set(station_ids) if station_ids is not None else None
    by_station: dict[int, list[dict]] = {}
    for schedule in receptions.list_schedules(db):
        if wanted is None or schedule["station_id"] in wanted:
            by_station.setdefault(schedule["station_id"], []).append(schedule)
    notices = []
    for station_id, schedules in by_station.items():
        days = next_dates([s["rule"] for s in schedules], today, 1)
        if not days:
            continue
        place = next((s["place"] for s in schedules if s["place"]), None)
        notices.append(notice_for(db, station_id, days[0], place=place))
    notices.sort(key=lambda n: (n["date"], n["station_id"]))
    return notices
