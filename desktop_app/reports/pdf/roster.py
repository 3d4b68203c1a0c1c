"""A printable roster (代表名册) as a landscape A4 table, ID numbers and phones masked unless asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from reportlab.lib.units import mm

from ...domain.roster import mask_phone
from . import fonts, official
from .list_document import BLOCK_WIDTH, build_list_document
from .tables import content_widths, make_table

COLUMNS = (  # header, alignment; the widths come from what the columns hold
    ("序号", "right"), ("姓名", "left"), ("性别", "centre"), ("民族", "centre"), ("出生年月", "centre"),
    ("政治面貌", "left"), ("文化程度", "left"), ("工作单位及职务", "left"), ("代表构成", "left"), ("层级", "centre"),
    ("选区", "left"), ("联系电话", "left"),
)
# Long free text wraps when the row is too wide: the unit first, then the 构成; a 选区 keeps its one line.
_SHRINK = (7, 8)
FONT_SIZE = 10


def _birth_month(value: str | None) -> str:
    """1990-03-07 → 1990.03, the way Chinese rosters print 出生年月."""
    if not value:
        return ""
    return value[:7].replace("-", ".")


def roster_row(number: int, deputy: dict, *, mask: bool) -> list:
    phone = deputy.get("phone") or ""
    unit = " ".join(p for p in (deputy.get("work_unit"), deputy.get("post")) if p)
    return [number, deputy.get("name") or "", deputy.get("gender") or "", deputy.get("ethnicity") or "",
            _birth_month(deputy.get("birth_date")), deputy.get("party") or "", deputy.get("education") or "",
            unit, deputy.get("occupation") or "", deputy.get("level") or "", deputy.get("district_name") or "",
            mask_phone(phone) if mask else phone]


def render_roster_pdf(deputies: Iterable[dict], out_path: str | Path, *, title: str, mask: bool = True,
                      on: dt.date | None = None) -> Path:
    """Write the roster table (one row per deputy) with a title and "第 n 页 共 N 页" footers."""
    out_path = Path(out_path)
    rows = [roster_row(i, d, mask=mask) for i, d in enumerate(deputies, 1)]
    on = on or dt.date.today()
    header = [c[0] for c in COLUMNS]
    widths = content_widths(header, rows, BLOCK_WIDTH - 1 * mm, size=FONT_SIZE, shrink=_SHRINK, minimum=30 * mm)
    table = make_table(header, rows, widths, size=FONT_SIZE, align=[c[1] for c in COLUMNS])
    story = [
        official.para(title, official.styles()["title"]),
        official.para(f"共 {len(rows)} 人　　统计日期：{official.cn_date(on)}", "subtitle"),
        table,
    ]
    return build_list_document(out_path, story, title=title)


def missing_characters(deputies: Iterable[dict]) -> list[str]:
    """Characters in names and units that no installed font can print (warn before printing)."""
    texts = []
    for d in deputies:
        texts += [d.get("name") or "", d.get("work_unit") or "", d.get("post") or ""]
    return fonts.missing_chars(texts, "fang")
