"""The holiday table in use: the shipped resources/data/holidays-cn.json merged with years added in 设置."""

from __future__ import annotations

import functools
import json
from typing import Iterable

import sqlite_utils

from ..domain.calendar import CalendarError, HolidayTable, table_from_json, table_to_json, year_table
from ..errors import InputError
from ..paths import resource_path
from . import audit, settings
from . import transaction
from .writes import writes

SETTING_KEY = "holidays_extra"   # {"2027": {"days_off": [...], "workdays": [...]}}
# The table the stored deadlines were last counted on (same layout), so a changed one can move them.
APPLIED_KEY = "holidays_applied"


@functools.lru_cache(maxsize=1)
def shipped_table() -> HolidayTable:
    """The table bundled with the app (read once)."""
    with open(resource_path("data", "holidays-cn.json"), encoding="utf-8") as fh:
        return table_from_json(json.load(fh))


def _extra(db: sqlite_utils.Database) -> dict:
    return dict(settings.get(db, SETTING_KEY) or {})


def holiday_table(db: sqlite_utils.Database) -> HolidayTable:
    """Shipped years, with the user's years replacing or extending them."""
    try:
        return shipped_table().merged(table_from_json(_extra(db)))
    except CalendarError:
        # A hand-edited setting that no longer validates must not stop every deadline: use the shipped one.
        return shipped_table()


def covered_years(db: sqlite_utils.Database) -> list[int]:
    return sorted(holiday_table(db).years)


def user_years(db: sqlite_utils.Database) -> dict[int, dict]:
    """The years added in 设置, as stored."""
    return {int(k): v for k, v in _extra(db).items()}


@writes
def set_year(db: sqlite_utils.Database, year: int, days_off: Iterable[str], workdays: Iterable[str]) -> None:
    """Add or replace one year's 放假 and 调休上班 days; InputError (nothing saved) when a date is wrong."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InputError(f"年份“{year}”无效，请填写如 2027 的四位年份。") from None
    if not 2000 <= year <= 2100:
        raise InputError(f"年份 {year} 无效，应在 2000 至 2100 之间。")
    try:
        table = year_table(int(year), days_off, workdays)
    except CalendarError as err:
        raise InputError(f"{year}年节假日安排有误，未保存：{err}") from None
    if not table.days_off:
        raise InputError(f"{year}年节假日安排至少应有一个放假日期（如元旦 {year}-01-01）。")
    with transaction.write(db):
        extra = _extra(db)
        extra[str(year)] = {"days_off": sorted(d.isoformat() for d in table.days_off),
                            "workdays": sorted(d.isoformat() for d in table.workdays)}
        settings.put(db, SETTING_KEY, extra)
        audit.append(db, "设置节假日安排", entity="settings", detail={"year": int(year),
                                                                  "days_off": len(table.days_off),
                                                                  "workdays": len(table.workdays)})


@writes
def remove_year(db: sqlite_utils.Database, year: int) -> None:
    """Forget a user-added year (the shipped table, if it has that year, applies again)."""
    with transaction.write(db):
        extra = _extra(db)
        if extra.pop(str(year), None) is None:
            return
        settings.put(db, SETTING_KEY, extra)
        audit.append(db, "删除节假日安排", entity="settings", detail={"year": int(year)})


def applied_table(db: sqlite_utils.Database) -> HolidayTable | None:
    """The holiday table the running deadlines were counted on, or None before one was recorded."""
    stored = settings.get(db, APPLIED_KEY)
    if stored is None:
        return None
    try:
        return table_from_json(stored)
    except CalendarError:
        return None


@writes
def set_applied_table(db: sqlite_utils.Database, table: HolidayTable) -> None:
    settings.put(db, APPLIED_KEY, table_to_json(table))
