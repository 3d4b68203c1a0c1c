"""Working days of the official holiday calendar: days off, make-up workdays, and years not yet covered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping


class CalendarError(ValueError):
    """A holiday year the user typed cannot be used; the message is a complete Chinese sentence."""


@dataclass(frozen=True)
class HolidayTable:
    """Rest days on weekdays (days_off) and working weekend days (workdays) for the covered years."""

    days_off: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    years: frozenset[int] = frozenset()

    def merged(self, other: "HolidayTable") -> "HolidayTable":
        """This table with ``other``'s years replacing (not adding to) the same years here."""
        keep_off = {d for d in self.days_off if d.year not in other.years}
        keep_work = {d for d in self.workdays if d.year not in other.years}
        return HolidayTable(frozenset(keep_off | other.days_off), frozenset(keep_work | other.workdays),
                            self.years | other.years)


@dataclass(frozen=True)
class WorkdayResult:
    """A computed date or count, with the years it crossed that the holiday table does not cover."""

    value: object
    uncovered_years: tuple[int, ...] = field(default=())

    @property
    def warning(self) -> str | None:
        return uncovered_message(self.uncovered_years)

    @property
    def date(self) -> dt.date:
        assert isinstance(self.value, dt.date)
        return self.value

    @property
    def count(self) -> int:
        assert isinstance(self.value, int)
        return self.value


def uncovered_message(years: Iterable[int]) -> str | None:
    """'尚未录入2027年节假日安排，请在设置中添加' or None when every year is covered."""
    years = sorted(set(years))
    if not years:
        return None
    text = "、".join(f"{y}年" for y in years)
    return f"尚未录入{text}节假日安排，请在设置中添加（暂按周六、周日休息计算）"


def _parse_day(text: str, year: int | None, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise CalendarError(f"{what}“{text}”不是有效日期，请写成 2027-01-01 的形式。") from None
    if year is not None and day.year != year:
        raise CalendarError(f"{what} {day.isoformat()} 不在 {year} 年内。")
    return day


def year_table(year: int, days_off: Iterable[str], workdays: Iterable[str]) -> HolidayTable:
    """Validate one year as typed in 设置: dates inside the year, none both off and working."""
    off = {_parse_day(d, year, "放假日期") for d in days_off}
    work = {_parse_day(d, year, "调休上班日期") for d in workdays}
    both = sorted(off & work)
    if both:
        raise CalendarError(f"{both[0].isoformat()} 同时被填为放假和上班，请改正其中一处。")
    weekday_work = sorted(d for d in work if d.weekday() < 5)
    if weekday_work:
        raise CalendarError(f"调休上班日 {weekday_work[0].isoformat()} 是工作日（周一至周五），只需填写需要上班的周末。")
    return HolidayTable(frozenset(off), frozenset(work), frozenset({year}))


def table_from_json(data: Mapping) -> HolidayTable:
    """The shipped holidays-cn.json layout: {"2026": {"days_off": [...], "workdays": [...]}, "source": ...}."""
    table = HolidayTable()
    for key, value in data.items():
        if not (isinstance(key, str) and key.isdigit() and isinstance(value, Mapping)):
            continue
        table = table.merged(year_table(int(key), value.get("days_off", ()), value.get("workdays", ())))
    return table


def table_to_json(table: HolidayTable) -> dict:
    """The table in the layout ``table_from_json`` reads back: {"2026": {"days_off": [...], "workdays": [...]}}."""
    return {str(year): {"days_off": sorted(d.isoformat() for d in table.days_off if d.year == year),
                        "workdays": sorted(d.isoformat() for d in table.workdays if d.year == year)}
            for year in sorted(table.years)}


def is_working_day(day: dt.date, table: HolidayTable) -> bool:
    if day in table.workdays:
        return True
    if day in table.days_off:
        return False
    return day.weekday() < 5


def add_working_days(start: dt.date, n: int, table: HolidayTable) -> WorkdayResult:
    """The n-th working day after ``start`` (before it when n < 0); n == 0 gives ``start`` itself.

    Years the table does not cover count only weekends as rest; they are listed in the result.
    """
    day, step, left = start, (1 if n >= 0 else -1), abs(n)
    missing: set[int] = set()
    if start.year not in table.years:
        missing.add(start.year)
    while left:
        day += dt.timedelta(days=step)
        if day.year not in table.years:
            missing.add(day.year)
        if is_working_day(day, table):
            left -= 1
    return WorkdayResult(day, tuple(sorted(missing)))


def working_days_between(start: dt.date, end: dt.date, table: HolidayTable) -> WorkdayResult:
    """Working days in (start, end] — negative when end is before start; so add_working_days(start, k) <= end."""
    if end < start:
        result = working_days_between(end, start, table)
        return WorkdayResult(-result.count, result.uncovered_years)
    missing = {y for y in range(start.year, end.year + 1) if y not in table.years}
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, table):
            count += 1
    return WorkdayResult(count, tuple(sorted(missing)))
