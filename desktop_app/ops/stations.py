"""代表之家/联络站 actions: add, edit, delete (soft; refused while stations below it remain), restore, served groups."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import stations as store
from ..db import transaction
from .batch import each
from .changes import Area, Changes


def add(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """A new station; InputError names the field, nothing written. ``value`` is the id."""
    with transaction.write(db):
        station_id = store.create_station(db, **values)
    return Changes(Area.STATIONS, (station_id,), f"已新增站点 {values.get('name') or ''}。", station_id)


def edit(db: sqlite_utils.Database, station_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_station(db, station_id, **values)
    return Changes(Area.STATIONS if old else Area.NONE, (station_id,), "", old)


def delete(db: sqlite_utils.Database, station_ids: Iterable[int]) -> Changes:
    return each(db, station_ids, store.delete_station, Area.STATIONS)


def restore(db: sqlite_utils.Database, station_ids: Iterable[int]) -> Changes:
    return each(db, station_ids, store.restore_station, Area.STATIONS)


def set_groups(db: sqlite_utils.Database, station_id: int, group_ids: Iterable[int]) -> Changes:
    """Make the station serve exactly these groups; ``value`` is the group ids before."""
    with transaction.write(db):
        before = store.served_group_ids(db, station_id)
        store.set_groups(db, station_id, group_ids)
        after = store.served_group_ids(db, station_id)
    return Changes(Area.STATIONS if before != after else Area.NONE, (station_id,), "", before)
