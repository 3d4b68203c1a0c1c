"""演示数据: fill a database with the demo township 示范镇, in one transaction (the 首次启动 offer and ``demo``)."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ..db import transaction
from ..demo import activities, session, township
from .changes import Area, Changes


def fill_demo(db: sqlite_utils.Database, *, seed: int = 2026, today: dt.date | None = None,
              with_activities: bool = True) -> Changes:
    """The roster, groups and stations of 示范镇, its congress session and (unless ``with_activities`` is
    False) a year of activities, suggestions and archive records; ``value`` holds the counts by kind.

    Same seed, same data; all or nothing.
    """
    with transaction.write(db):
        counts = township.fill_township(db, seed=seed, today=today, with_activities=with_activities)
    return Changes(Area.EVERYTHING, message="已填充演示数据", value=counts)


def fill_demo_session(db: sqlite_utils.Database, *, seed: int = 2026) -> dict:
    """Only the demo congress session (on a roster that exists); {session_id, items, created}."""
    with transaction.write(db):
        return session.fill_demo_session(db, seed=seed)


def fill_demo_activities(db: sqlite_utils.Database, *, seed: int = 2026, today: dt.date | None = None) -> dict:
    """Only a year of demo activities, visits and suggestions; counts by kind."""
    with transaction.write(db):
        return activities.fill_demo_activities(db, seed=seed, today=today)


__all__ = ["fill_demo", "fill_demo_session", "fill_demo_activities"]
