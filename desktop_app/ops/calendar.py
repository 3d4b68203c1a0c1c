"""设置 → 节假日 and 办理时限: holiday years move the running deadlines of open suggestions; time limits do not.

Whenever the working days change — a year added or edited here, or a new version shipping a newer table —
each open suggestion's running deadline is counted again from its own step's start date, with the number of
working days it was given then (a changed 办理时限 applies only to steps taken afterwards), in the same
transaction as the change and with one audit entry listing what moved.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import audit, transaction
from ..db import calendar as calendar_db
from ..db import suggestion_deadlines
from ..db import suggestions as suggestions_db
from ..domain.calendar import HolidayTable
from ..domain.suggestions import moved_deadlines
from .changes import NOTHING, Area, Changes


def _follow(db: sqlite_utils.Database, before: HolidayTable, reason: str) -> list[dict]:
    """Inside the caller's transaction: move the deadlines counted on ``before`` to the table now in use."""
    after = calendar_db.holiday_table(db)
    moves = moved_deadlines(suggestion_deadlines.running(db), before, after) if after != before else []
    if moves:
        suggestion_deadlines.store(db, moves)
        audit.append(db, "重算办理期限", entity="suggestion", detail={
            "reason": reason, "moved": len(moves),
            "changes": [{"id": m["id"], "from": m["before"], "to": m["deadline"]} for m in moves]})
    calendar_db.set_applied_table(db, after)
    return moves


def _moved_text(moves: list[dict]) -> str:
    if not moves:
        return "没有意见建议的办理期限因此改变。"
    return f"{len(moves)} 件意见建议的办理期限已按新的工作日重新计算。"


def _changes(moves: list[dict], message: str) -> Changes:
    return Changes(Area.SETTINGS | Area.CALENDAR | (Area.SUGGESTIONS if moves else Area.NONE),
                   tuple(m["id"] for m in moves), message, len(moves))


def _counted_on(db: sqlite_utils.Database) -> HolidayTable:
    return calendar_db.applied_table(db) or calendar_db.holiday_table(db)


def save_year(db: sqlite_utils.Database, year: int, days_off: Iterable[str], workdays: Iterable[str]) -> Changes:
    """Add or replace one year's 放假 and 调休上班 days; ``value`` is how many deadlines moved.

    InputError (nothing saved, no deadline moved) when a date is wrong.
    """
    with transaction.write(db):
        before = _counted_on(db)
        calendar_db.set_year(db, year, days_off, workdays)
        moves = _follow(db, before, f"设置{int(year)}年节假日安排")
    return _changes(moves, f"已保存{int(year)}年节假日安排。" + _moved_text(moves))


def remove_year(db: sqlite_utils.Database, year: int) -> Changes:
    """Forget a year added in 设置 (the shipped table's, if it has one, applies again)."""
    with transaction.write(db):
        before = _counted_on(db)
        calendar_db.remove_year(db, year)
        moves = _follow(db, before, f"删除{int(year)}年节假日安排")
    return _changes(moves, f"已删除{int(year)}年节假日安排。" + _moved_text(moves))


def follow_holiday_table(db: sqlite_utils.Database) -> Changes:
    """At start: when the table in use differs from the one the deadlines were counted on (a new version ships
    a newer one), move them. The first time, the table in use is recorded as the one they were counted on."""
    current = calendar_db.holiday_table(db)
    applied = calendar_db.applied_table(db)
    if applied == current:
        return NOTHING
    with transaction.write(db):
        if applied is None:
            calendar_db.set_applied_table(db, current)
            return NOTHING
        moves = _follow(db, applied, "节假日表已更新")
    if not moves:
        return Changes(Area.SETTINGS | Area.CALENDAR)
    return _changes(moves, "节假日安排已更新，" + _moved_text(moves))


def save_time_limits(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """设置's 办理时限 (working days per step): they apply to steps taken from now on; running deadlines stay."""
    days = suggestions_db.set_deadline_days(db, values)
    return Changes(Area.SETTINGS, message="已保存办理时限。此后办理的步骤按新时限计算，已在计算的期限不变。", value=days)
