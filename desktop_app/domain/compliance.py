"""Duty thresholds (履职要求): activities per group each quarter, per station each month, per deputy each year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping

DEFAULT_THRESHOLDS = {
    "group_per_quarter": 1,        # each 代表小组 at least one activity per quarter
    "station_per_month": 1,        # each station at least one collective activity per month
    "deputy_per_year": 1,          # each deputy at the station at least once a year
    "deputy_contacts_per_year": 2,  # and in contact with voters at least N times a year
}
THRESHOLD_LABELS = {
    "group_per_quarter": "小组每季度活动次数", "station_per_month": "联络站每月集体活动次数",
    "deputy_per_year": "代表每年进站履职次数", "deputy_contacts_per_year": "代表每年联系选民次数",
}


@dataclass(frozen=True)
class Period:
    """A sub-period (quarter, month or year) with its key used to count activities, e.g. '2026Q1'."""

    key: str
    label: str
    start: dt.date
    end: dt.date


@dataclass
class ComplianceRow:
    """One group, station or deputy against its threshold over the chosen period."""

    kind: str                       # group / station / deputy
    unit_id: int
    name: str
    measure: str                    # the THRESHOLD_LABELS key
    count: int
    required: int
    per_period: list[tuple[str, int, bool]] = field(default_factory=list)   # (label, count, met)
    # labels of the periods still running on the as-of day: one short so far is 进行中, not yet 未达标
    running: tuple[str, ...] = ()

    @property
    def behind(self) -> bool:
        return any(not met for _, _, met in self.per_period)

    @property
    def shortfall(self) -> int:
        return sum(max(0, self.required_each - c) for label, c, _ in self.per_period if label not in self.running)

    @property
    def in_progress(self) -> bool:
        """Not behind, but a running period has not reached its quota yet."""
        return not self.behind and any(label in self.running and c < self.required_each
                                       for label, c, _ in self.per_period)

    @property
    def required_each(self) -> int:
        return self.required // len(self.per_period) if self.per_period else 0


def quarter_key(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def year_key(day: dt.date) -> str:
    return str(day.year)


def periods(kind: str, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> list[Period]:
    """The quarters, months or years overlapping [start, end]; those starting after ``as_of`` are left out."""
    result = []
    if kind == "year":
        cursor = dt.date(start.year, 1, 1)
    elif kind == "quarter":
        cursor = dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    elif kind == "month":
        cursor = dt.date(start.year, start.month, 1)
    else:
        raise ValueError(kind)
    while cursor <= end:
        months = {"year": 12, "quarter": 3, "month": 1}[kind]
        total = cursor.year * 12 + cursor.month - 1 + months
        nxt = dt.date(total // 12, total % 12 + 1, 1)
        if as_of is None or cursor <= as_of:
            if kind == "year":
                key, label = year_key(cursor), f"{cursor.year}年"
            elif kind == "quarter":
                key = quarter_key(cursor)
                label = f"{cursor.year}年第{'一二三四'[(cursor.month - 1) // 3]}季度"
            else:
                key, label = month_key(cursor), f"{cursor.year}年{cursor.month}月"
            result.append(Period(key, label, cursor, nxt - dt.timedelta(days=1)))
        cursor = nxt
    return result


def assess(kind: str, units: Iterable[tuple[int, str]], counts: Mapping[tuple[int, str], int],
           subperiods: list[Period], per_period: int, measure: str,
           as_of: dt.date | None = None) -> list[ComplianceRow]:
    """Each unit's count per sub-period against ``per_period``; ``counts`` maps (unit id, period key) → count.

    A period that has not ended on ``as_of`` is still running: short of its quota it is not failed
    (``met`` stays True) but listed in ``running``, so it shows as 进行中 rather than 未达标.
    """
    running = tuple(p.label for p in subperiods if as_of is not None and p.end > as_of)
    rows = []
    for unit_id, name in units:
        detail = []
        for p in subperiods:
            count = int(counts.get((unit_id, p.key), 0))
            detail.append((p.label, count, count >= per_period or p.label in running))
        rows.append(ComplianceRow(kind, unit_id, name, measure, sum(c for _, c, _ in detail),
                                  per_period * len(subperiods), detail, running))
    return rows


def count_by_period(records: Iterable[tuple[int, dt.date]], key) -> dict[tuple[int, str], int]:
    """(unit id, date) records → counts per (unit id, period key); ``key`` is quarter_key, month_key or year_key."""
    counts: dict[tuple[int, str], int] = {}
    for unit_id, day in records:
        k = (unit_id, key(day))
        counts[k] = counts.get(k, 0) + 1
    return counts


def thresholds(overrides: Mapping | None) -> dict[str, int]:
    """Defaults with the 设置 overrides; a negative or non-number value is refused."""
    result = dict(DEFAULT_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in result:
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{THRESHOLD_LABELS[key]}应为整数，现为“{value}”。") from None
        if number < 0:
            raise ValueError(f"{THRESHOLD_LABELS[key]}不能为负数。")
        result[key] = number
    return result
