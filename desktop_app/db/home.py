"""工作台首页: what needs attention today — overdue and due-soon suggestions, reception days, quotas, next session,
and the holiday years that 暂定 deadlines are waiting for."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ..domain.suggestions import OPEN_STATES
from . import compliance, receptions, suggestion_deadlines, suggestions
from .calendar import holiday_table


def next_session(db: sqlite_utils.Database, today: dt.date) -> dict | None:
    """The nearest congress session that has not ended (start date today or later, or under way)."""
    row = next(db.query(
        "SELECT id, name, start_date, end_date, place FROM sessions WHERE deleted_at IS NULL "
        "AND COALESCE(end_date, start_date) >= ? ORDER BY start_date, id LIMIT 1", [today.isoformat()]), None)
    return row


def attention(db: sqlite_utils.Database, today: dt.date | None = None, *, limit: int = 20) -> dict:
    """Everything the home screen shows, each item with the id that opens its record."""
    today = today or dt.date.today()
    quarter = compliance.this_quarter(db, today)
    return {
        "today": today.isoformat(),
        "overdue": suggestions.list_suggestions(db, states=OPEN_STATES, flag="overdue", today=today,
                                                order="deadline", limit=limit),
        "overdue_count": suggestions.count_suggestions(db, states=OPEN_STATES, flag="overdue", today=today),
        "due_soon": suggestions.list_suggestions(db, states=OPEN_STATES, flag="due_soon", today=today,
                                                 order="deadline", limit=limit),
        "due_soon_count": suggestions.count_suggestions(db, states=OPEN_STATES, flag="due_soon", today=today),
        "receptions": receptions.next_reception_days(db, today),
        # a group's quarter or a station's month gone by short of its quota: 未达标
        "groups_behind": [r for r in quarter["groups"] if r.behind],
        "stations_behind": [r for r in quarter["stations"] if r.behind],
        # short so far in a period still running: 进行中; with the rest, the quarter's progress
        "units_in_progress": [r for r in quarter["groups"] + quarter["stations"] if r.in_progress],
        "units_total": len(quarter["groups"]) + len(quarter["stations"]),
        "next_session": next_session(db, today),
        # {year: open suggestions} whose deadline falls in a year without its 放假/调休 days: 暂定 deadlines.
        "calendar_gap": suggestion_deadlines.provisional_years(db, holiday_table(db).years),
    }
