"""接待选民日公示: one official-format page per station and reception day, to be posted three days before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from ...errors import UserError
from . import official

WEEKDAYS = "一二三四五六日"
NAMES_PER_LINE = 6


def weekday_cn(day: dt.date | str) -> str:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return "星期" + WEEKDAYS[day.weekday()]


def _names_table(names: Sequence[str]) -> Table:
    """The receiving deputies on a grid of five per line, indented like the body text."""
    style = official.styles()["plain"]
    width = (official.BLOCK_WIDTH - 2 * official.CHAR) / NAMES_PER_LINE
    cells = [official.para(name, style) for name in names]
    rows = [cells[i:i + NAMES_PER_LINE] for i in range(0, len(cells), NAMES_PER_LINE)]
    rows[-1] += [""] * (NAMES_PER_LINE - len(rows[-1]))
    table = Table(rows, colWidths=[width] * NAMES_PER_LINE, hAlign="RIGHT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _item(label: str, value: str):
    """A numbered item on one line: the label in 黑体, the value in the body face."""
    return official.item(label, value)


def notice_story(notice: dict, *, township: str) -> list:
    """The flowables of one notice (see db.reception_notice.notice_for for the keys)."""
    day = dt.date.fromisoformat(notice["date"])
    when = f"{official.cn_date(day)}（{weekday_cn(day)}）{notice.get('time') or ''}"
    place = notice.get("place") or notice["station_name"]
    organ = f"{township}人大主席团"
    story = [
        official.title(f"{notice['station_name']}\n接待选民日公示"),
        official.para(f"为密切人大代表同人民群众的联系，倾听群众呼声，反映群众意愿，{organ}定于{when}"
                      f"在{place}开展人大代表接待选民活动。现将有关事项公示如下："),
        _item("一、接待时间：", f"{official.cn_date(day)} {weekday_cn(day)} {notice.get('time') or ''}".strip()),
        _item("二、接待地点：", place),
        official.para("三、接待代表：", "heading"),
    ]
    names = list(notice.get("deputies") or [])
    story.append(_names_table(names) if names else official.para("由联络站另行安排。"))
    contact = "　".join(p for p in (f"联系人：{notice['contact']}" if notice.get("contact") else "",
                                   f"联系电话：{notice['phone']}" if notice.get("phone") else "") if p)
    if contact:
        story.append(_item("四、联系方式：", contact))
    story += [
        official.para("欢迎广大选民届时前来反映意见和建议。"),
        *official.signature(organ, notice.get("post_date") or day, space_lines=0.5),
    ]
    return story


def render_reception_notice(notices: list[dict], out_path: str | Path, *, township: str) -> Path:
    """Write the notices (one page each) in the GB/T 9704 frame; UserError when there is none."""
    if not notices:
        raise UserError("没有可公示的接待选民日：请先在“接待选民日”中为联络站设置接待日安排。")
    story: list = []
    for index, notice in enumerate(notices):
        if index:
            story.append(PageBreak())
        story += notice_story(notice, township=township)
    story.append(Spacer(1, 0))
    return official.build_document(out_path, story, doc_title="接待选民日公示", author=f"{township}人大主席团",
                                   page_numbers=False)

