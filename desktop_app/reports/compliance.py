"""履职达标 as tables: one section each for groups, stations and deputies, one column per quarter/month/year.

The page, the .xlsx and the .pdf all show these same sections, so a number on screen is the number printed;
ops.compliance reads the counts and builds them with :func:`build_report`. This module is the wording both
renderers share (neither owns it), and it queries nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.compliance import ComplianceRow, periods
from .wording import UNIT_TITLES  # noqa: F401  (the compliance page names its columns with it)

SECTION_TITLES = {"groups": "代表小组", "stations": "代表之家/联络站", "deputies": "代表个人"}
NAVIGATE_PAGES = {"groups": "groups", "stations": "stations", "deputies": "roster"}


@dataclass
class Cell:
    """One count against what its period requires; ``met`` False is drawn red / marked."""

    count: int
    required: int
    met: bool
    running: bool = False      # the period has not ended and is short so far: 进行中, not 未达标


@dataclass
class SectionRow:
    """One group, station or deputy; ``id`` is its database id (the page navigates with it)."""

    id: int
    name: str
    cells: list[Cell]
    total: int
    required: int
    extra: str = ""            # deputies: their groups (shown, searchable)
    shortfall: int = 0

    @property
    def behind(self) -> bool:
        return any(not c.met for c in self.cells)

    @property
    def in_progress(self) -> bool:
        return not self.behind and any(c.running for c in self.cells)

    @property
    def status(self) -> str:
        if not self.cells:
            return "无需考核"
        if self.behind:
            return f"未达标（差{self.shortfall}次）"
        return "进行中" if self.in_progress else "达标"


@dataclass
class Section:
    key: str                   # groups / stations / deputies
    title: str
    rule: str                  # the requirement in words, e.g. 每季度至少开展活动 1 次
    columns: list[str]         # one header per period column
    rows: list[SectionRow] = field(default_factory=list)

    @property
    def has_totals(self) -> bool:
        """Deputies' 进站 and 联系选民 overlap (a reception day is both), so their sum would mean nothing."""
        return self.key != "deputies"

    @property
    def behind_count(self) -> int:
        return sum(1 for r in self.rows if r.behind)


@dataclass
class ComplianceReport:
    township: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    thresholds: dict[str, int]
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def period_text(self) -> str:
        return f"{_cn(self.start)}至{_cn(self.end)}"

    def summary(self) -> str:
        """'代表小组 2/10 个未达标；…' (and how many are 进行中) for the page's header and the report's subtitle."""
        units = {"groups": "个", "stations": "个", "deputies": "名"}
        parts = []
        for s in self.sections:
            text = f"{s.title} {s.behind_count}/{len(s.rows)} {units[s.key]}未达标"
            running = sum(1 for r in s.rows if r.in_progress)
            parts.append(text + (f"、{running} {units[s.key]}进行中" if running else ""))
        return "；".join(parts)


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _short_labels(labels: list[str]) -> list[str]:
    """'2026年第一季度' → '第一季度' and '2026年3月' → '3月' when every column is in the same year."""
    years = {label[:5] for label in labels}
    if len(years) == 1 and all(label[4] == "年" and len(label) > 5 for label in labels):
        return [label[5:] for label in labels]
    return labels


def _cell(label: str, count: int, each: int, met: bool, unit: ComplianceRow) -> Cell:
    return Cell(count, each, met, running=label in unit.running and count < each)


def _row(unit: ComplianceRow, each: int) -> SectionRow:
    cells = [_cell(label, count, each, met, unit) for label, count, met in unit.per_period]
    return SectionRow(unit.unit_id, unit.name, cells, unit.count, unit.required, shortfall=unit.shortfall)


def _deputy_rows(visits: list[ComplianceRow], contacts: list[ComplianceRow], limits: dict[str, int],
                 groups_of: dict[int, str]) -> list[SectionRow]:
    """Per deputy: for each year a 进站 column then a 联系选民 column."""
    by_id = {r.unit_id: r for r in contacts}
    rows = []
    for visit in visits:
        contact = by_id[visit.unit_id]
        cells: list[Cell] = []
        for (label, v, v_met), (_, c, c_met) in zip(visit.per_period, contact.per_period):
            cells += [_cell(label, v, limits["deputy_per_year"], v_met, visit),
                      _cell(label, c, limits["deputy_contacts_per_year"], c_met, contact)]
        rows.append(SectionRow(visit.unit_id, visit.name, cells, visit.count + contact.count,
                               visit.required + contact.required, extra=groups_of.get(visit.unit_id, ""),
                               shortfall=visit.shortfall + contact.shortfall))
    return rows


def build_report(township: str, start: dt.date, end: dt.date, as_of: dt.date, limits: dict[str, int],
                 result: dict[str, list[ComplianceRow]], groups_of: dict[int, str]) -> ComplianceReport:
    """The three sections from the counts of ``db.compliance.compliance`` (``result``), the 设置 thresholds
    (``limits``) and each deputy's groups (``groups_of``: deputy id → 代表小组 names)."""

    def labels(rows: list[ComplianceRow], fallback: list[str]) -> list[str]:
        return [label for label, _, _ in rows[0].per_period] if rows else fallback

    quarter_labels = labels(result["groups"], [p.label for p in periods("quarter", start, end, as_of)])
    month_labels = labels(result["stations"], [p.label for p in periods("month", start, end, as_of)])
    year_labels = labels(result["deputies"], [p.label for p in periods("year", start, end, as_of)])
    year_columns = []
    for label in year_labels:
        prefix = "" if len(year_labels) == 1 else label
        year_columns += [f"{prefix}进站履职", f"{prefix}联系选民"]
    sections = [
        Section("groups", SECTION_TITLES["groups"], f"每季度至少开展活动 {limits['group_per_quarter']} 次",
                _short_labels(quarter_labels),
                [_row(r, limits["group_per_quarter"]) for r in result["groups"]]),
        Section("stations", SECTION_TITLES["stations"],
                f"每月至少开展集体活动 {limits['station_per_month']} 次", _short_labels(month_labels),
                [_row(r, limits["station_per_month"]) for r in result["stations"]]),
        Section("deputies", SECTION_TITLES["deputies"],
                f"每年至少进站履职 {limits['deputy_per_year']} 次、联系选民 {limits['deputy_contacts_per_year']} 次",
                year_columns, _deputy_rows(result["deputies"], result["contacts"], limits, groups_of)),
    ]
    return ComplianceReport(township, start, end, as_of, limits, sections)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
