"""履职达标 as a landscape A4 PDF: per section a ruled table, a column per period, shortfalls shaded and red."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..wording import UNIT_TITLES
from . import official
from .list_document import BLOCK_WIDTH, build_list_document
from .tables import make_table

if TYPE_CHECKING:  # the gatherer's types; it imports this renderer, so only the type checker reads them
    from ..compliance import ComplianceReport, Section

PERIOD_WIDTH = 12.5 * mm          # room for "10月" and a two-digit count
MAX_PERIOD_WIDTH = 24 * mm
BEHIND_TEXT = colors.Color(0.75, 0.16, 0.11)
BEHIND_BACKGROUND = colors.Color(0.98, 0.84, 0.82)   # prints as a grey shade in black and white
CHINESE_NUMBERS = "一二三四五六七八九十"


def _fixed_columns(section: Section, last_chunk: bool) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(columns before the periods, columns after them) with their widths."""
    before = [("序号", 10 * mm), (UNIT_TITLES[section.key], 24 * mm if section.key == "deputies" else 44 * mm)]
    if section.key == "deputies":
        before.append(("所在小组", 48 * mm))
    totals = [("合计", 13 * mm), ("应达次数", 18 * mm)] if section.has_totals else []
    after = totals + [("达标情况", 34 * mm)] if last_chunk else []
    return before, after


def _capacity(section: Section, last_chunk: bool) -> int:
    """How many period columns fit beside the fixed columns (a deputy's two columns of a year stay together)."""
    before, after = _fixed_columns(section, last_chunk)
    fit = max(1, int((BLOCK_WIDTH - sum(w for _, w in before + after)) // PERIOD_WIDTH))
    return max(2, fit - fit % 2) if section.key == "deputies" else fit


def _unit(section: Section) -> int:
    """Columns that stay together when a table is split: a quarter of months, a deputy's two columns of a year."""
    if section.key == "deputies":
        return 2
    if len(section.columns) > 4 and all(label.endswith("月") for label in section.columns):
        return 3
    return 1


def _chunks(section: Section) -> list[tuple[int, int]]:
    """Ranges of period columns printed side by side; what does not fit the page width continues below.

    The ranges are as even as whole quarters (months) or years (a deputy's pairs) allow — twelve months
    print as two half-years, never as one lonely 1月 column and the eleven others — and the last range,
    which carries the totals, holds no more than fits beside them.
    """
    count = len(section.columns)
    last, middle = _capacity(section, True), _capacity(section, False)
    if count <= last:
        return [(0, count)]
    unit = _unit(section)
    blocks = -(-count // unit)
    for parts in range(2, blocks + 1):
        base, extra = divmod(blocks, parts)
        sizes = [(base + (1 if i < extra else 0)) * unit for i in range(parts)]
        sizes[-1] -= blocks * unit - count
        if max(sizes[:-1]) <= middle and 0 < sizes[-1] <= last:
            bounds, start = [], 0
            for size in sizes:
                bounds.append((start, start + size))
                start += size
            return bounds
    return [(i, min(i + 1, count)) for i in range(count)]


def _table(section: Section, start: int, stop: int, last_chunk: bool):
    before, after = _fixed_columns(section, last_chunk)
    n_periods = stop - start
    spare = BLOCK_WIDTH - sum(w for _, w in before + after)
    period_width = min(MAX_PERIOD_WIDTH, spare / n_periods) if n_periods else 0
    # What the periods leave goes to the widest text column (name, or a deputy's groups) so every table
    # spans the full width.
    wide = len(before) - 1
    before[wide] = (before[wide][0], before[wide][1] + spare - period_width * n_periods)
    # "2025年第一季度" would break anywhere in a narrow column: break after the year instead.
    periods = [label.replace("年", "年\n", 1) if len(label) > 5 else label for label in section.columns[start:stop]]
    header = [t for t, _ in before] + periods + [t for t, _ in after]
    widths = [w for _, w in before] + [period_width] * n_periods + [w for _, w in after]
    first_period = len(before)
    rows, style = [], []
    for number, row in enumerate(section.rows, 1):
        cells = row.cells[start:stop]
        values = [number, row.name] + ([row.extra] if section.key == "deputies" else []) + [c.count for c in cells]
        if last_chunk:
            values += ([row.total, row.required] if section.has_totals else []) + [row.status]
        rows.append(values)
        for offset, cell in enumerate(cells):
            if not cell.met:
                at = (first_period + offset, number)
                style += [("BACKGROUND", at, at, BEHIND_BACKGROUND), ("TEXTCOLOR", at, at, BEHIND_TEXT)]
        if row.behind and last_chunk:
            at = (len(header) - 1, number)
            style += [("TEXTCOLOR", at, at, BEHIND_TEXT)]
    align = ["right", "left"] + (["left"] if section.key == "deputies" else []) + ["centre"] * n_periods
    if last_chunk:
        align += ["centre"] * (len(after) - 1) + ["left"]
    return make_table(header, rows, widths, size=10, align=align, extra_style=style)


def _section_story(index: int, section: Section) -> list:
    heading = f"{CHINESE_NUMBERS[index] if index < 10 else index + 1}、{section.title}（{section.rule}）" \
              f"　未达标 {section.behind_count} / 共 {len(section.rows)}"
    # the air between sections sits above a heading (dropped at the top of a page), never after the last table,
    # where a spacer that does not fit would start an empty page
    style = ParagraphStyle("heading", parent=official.styles()["heading"], spaceBefore=6 * mm if index else 0)
    story = [CondPageBreak(40 * mm), official.para(heading, style)]
    if not section.rows:
        return story + [official.para("（没有需要考核的记录）", "small")]
    chunks = _chunks(section)
    for n, (start, stop) in enumerate(chunks):
        if n:
            story.append(Spacer(1, 4 * mm))
            story.append(official.para(f"{section.title}（续，{section.columns[start]}起）", "small"))
        story.append(_table(section, start, stop, n == len(chunks) - 1))
    return story


def render_compliance_pdf(report: ComplianceReport, out_path: str | Path) -> Path:
    """Write the report (title, period, requirements, one table per section) with "第 n 页 共 N 页" footers."""
    title = f"{report.township}人大代表履职达标情况"

    story = [
        official.para(title, official.styles()["title"]),
        official.para(f"统计期间：{report.period_text}", "subtitle"),
        official.para(f"{report.summary()}。底色标红的数字为已结束的期间未达到要求；"
                      f"{official.cn_date(report.as_of)}尚未结束的期间记为“进行中”，之后开始的期间不计入。", "small"),
        Spacer(1, 3 * mm),
    ]
    for index, section in enumerate(report.sections):
        story += _section_story(index, section)
    return build_list_document(out_path, story, title=title)
