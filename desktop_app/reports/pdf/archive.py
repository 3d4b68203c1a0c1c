"""一人一档 as PDF: cover, contents with page numbers, the sections, a month calendar per year, a header
with the township's name and "第 n 页 共 N 页" — for one deputy, all deputies in one file, or a folder of files.

The document is built in one pass: headings and contents lines record where they land, and the page
numbers of the contents are written when the file is saved (``page_count.numbered_canvas``), so the
contents cost no second build. A batch of files builds one deputy at a time and keeps nothing of the
finished ones, so memory stays flat however many deputies there are.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import Callable, Iterable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, Image, KeepTogether, PageBreak, PageTemplate,
    Spacer, Table, TableStyle,
)

from ...domain.roster import mask_birth_date, mask_id_number, mask_phone
from ...fileio import atomic_path
from . import fonts
from .page_count import numbered_canvas
from .tables import make_table
from .text_block import TextBlock

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
TOP = 24 * mm
BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM
BODY = 10.5
TABLE_SIZE = 9.5
ACCENT = colors.Color(0.62, 0.11, 0.09)        # the red of 人大 documents, for rules and marked days
MARKED = colors.Color(0.75, 0.22, 0.17)
LIGHT = colors.Color(0.93, 0.93, 0.93)

SECTIONS = (
    ("basic", "一、基本情况"),
    ("overview", "二、分年度履职概况"),
    ("sessions", "三、出席人民代表大会会议"),
    ("activities", "四、参加代表活动"),
    ("suggestions", "五、提出意见建议及办理"),
    ("receptions", "六、接待选民与学习培训"),
    ("report_backs", "七、向选民述职"),
    ("honors", "八、荣誉与处分"),
    ("scores", "九、年度履职积分"),
    ("notes", "十、备注与档案材料"),
    ("calendar", "十一、履职日历"),
)
WEEKDAYS = "一二三四五六日"

ProgressFn = Callable[..., None] | None
CancelFn = Callable[[], bool] | None


class ArchiveCancelled(Exception):
    """The user cancelled; the file being written is discarded (the finished ones of a batch stay)."""


# --- text -------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _styles() -> dict[str, ParagraphStyle]:
    hei, song = fonts.font("hei"), fonts.font("song")
    body = ParagraphStyle("archive-body", fontName=song, fontSize=BODY, leading=BODY * 1.6, wordWrap="CJK")
    return {
        "body": body,
        "small": ParagraphStyle("archive-small", parent=body, fontSize=9, leading=13,
                                textColor=colors.Color(0.35, 0.35, 0.35)),
        "placeholder": ParagraphStyle("archive-placeholder", parent=body, fontSize=9, alignment=TA_CENTER,
                                      textColor=colors.grey),
        "heading": ParagraphStyle("archive-heading", fontName=hei, fontSize=15, leading=22, spaceBefore=4,
                                  spaceAfter=8, textColor=ACCENT, keepWithNext=1, wordWrap="CJK"),
        "subheading": ParagraphStyle("archive-subheading", fontName=hei, fontSize=11.5, leading=17, spaceBefore=8,
                                     spaceAfter=4, keepWithNext=1, wordWrap="CJK"),
        "cover_org": ParagraphStyle("archive-cover-org", fontName=song, fontSize=16, leading=24,
                                    alignment=TA_CENTER),
        "cover_title": ParagraphStyle("archive-cover-title", fontName=hei, fontSize=30, leading=42,
                                      alignment=TA_CENTER, textColor=ACCENT),
        "cover_sub": ParagraphStyle("archive-cover-sub", fontName=song, fontSize=14, leading=22,
                                    alignment=TA_CENTER),
        "cover_name": ParagraphStyle("archive-cover-name", fontName=hei, fontSize=26, leading=36,
                                     alignment=TA_CENTER),
        "contents_title": ParagraphStyle("archive-contents-title", fontName=hei, fontSize=18, leading=28,
                                         alignment=TA_CENTER, spaceAfter=14),
        "label": ParagraphStyle("archive-label", parent=body, fontName=hei, alignment=TA_LEFT),
    }


def _p(text: str, style: str = "body") -> TextBlock:
    return TextBlock(text, _styles()[style])


def _birth_text(value: str | None, mask: bool) -> str:
    """1990年3月7日, or 1990年 beside a masked ID number (the two together would rebuild the number)."""
    if mask:
        year = mask_birth_date(value)
        return f"{year}年" if year.isdigit() else year
    return _cn_date(value)


def _cn_date(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)[:10]
    if len(value) == 7:
        return f"{int(value[:4])}年{int(value[5:7])}月"
    day = dt.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _scope(archive: dict) -> str:
    if archive.get("year") is not None:
        return f"{archive['year']}年度"
    term = archive.get("term")
    return f"{term['name']}（全届）" if term else "全届"


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- page furniture ---------------------------------------------------------------------------------

class _Marks:
    """Where things landed during the build: heading pages, contents slots, covers and page owners."""

    def __init__(self, township: str) -> None:
        self.township = township
        self.pages: dict[str, int] = {}
        self.slots: dict[int, list[tuple[float, float, str]]] = {}
        self.covers: set[int] = set()
        self.owners: list[tuple[int, str]] = []       # (first page, header text) in page order

    def owner_of(self, page: int) -> str:
        text = ""
        for first, owner in self.owners:
            if first > page:
                break
            text = owner
        return text

    def draw_page(self, canvas, page: int, total: int) -> None:
        """Header, footer and the contents' page numbers; called for every page when the file is saved."""
        canvas.saveState()
        hei = fonts.font("hei")
        for x_right, y, key in self.slots.get(page, []):
            target = self.pages.get(key)
            if target is not None:
                canvas.setFont(hei, 11)
                canvas.drawRightString(x_right, y, str(target))
        if page not in self.covers:
            y = PAGE_HEIGHT - TOP + 6 * mm
            fonts.draw_string(canvas, MARGIN_X, y, f"{self.township}人大代表履职档案", "hei", 9)
            fonts.draw_string(canvas, PAGE_WIDTH - MARGIN_X, y, self.owner_of(page), "song", 9, align="right")
            canvas.setStrokeColor(ACCENT)
            canvas.setLineWidth(0.8)
            canvas.line(MARGIN_X, y - 2.2 * mm, PAGE_WIDTH - MARGIN_X, y - 2.2 * mm)
            fonts.draw_string(canvas, PAGE_WIDTH / 2, BOTTOM - 10 * mm, f"第 {page} 页  共 {total} 页", "song", 9,
                              align="centre")
        canvas.restoreState()


class _Anchor(Flowable):
    """Zero-size marker: records the page it is drawn on (a cover, or where a deputy's pages begin)."""

    def __init__(self, marks: _Marks, *, key: str | None = None, owner: str | None = None,
                 cover: bool = False) -> None:
        super().__init__()
        self.marks, self.key, self.owner, self.cover = marks, key, owner, cover
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        if self.key:
            self.marks.pages.setdefault(self.key, page)
        if self.owner is not None:
            self.marks.owners.append((page, self.owner))
        if self.cover:
            self.marks.covers.add(page)


class _Heading(TextBlock):
    """A section heading that records its page for the contents."""

    def __init__(self, text: str, marks: _Marks, key: str) -> None:
        super().__init__(text, _styles()["heading"])
        self.marks, self.key = marks, key

    def draw(self) -> None:
        self.marks.pages.setdefault(self.key, self.canv.getPageNumber())
        super().draw()


class _ContentsLine(Flowable):
    """One contents entry: title, dotted leader, and a slot where the page number is written on save."""

    HEIGHT = 9 * mm

    def __init__(self, text: str, marks: _Marks, key: str, *, indent: float = 0, size: float = 12) -> None:
        super().__init__()
        self.text, self.marks, self.key, self.indent, self.size = text, marks, key, indent, size

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        y = 2.5 * mm
        fonts.draw_string(canvas, self.indent, y, self.text, "song", self.size)
        text_end = self.indent + fonts.string_width(self.text, "song", self.size) + 2 * mm
        number_room = 12 * mm
        canvas.saveState()
        canvas.setDash(1, 2.5)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.6)
        if self.width - number_room > text_end:
            canvas.line(text_end, y, self.width - number_room + 2 * mm, y)
        canvas.restoreState()
        # The number is drawn on save; the slot is in page coordinates.
        x_right, y_abs = canvas.absolutePosition(self.width, y)
        self.marks.slots.setdefault(canvas.getPageNumber(), []).append((x_right, y_abs, self.key))


class _YearCalendar(Flowable):
    """Twelve small month grids of one year (3 × 4), the days with recorded duties filled in red."""

    COLUMNS, ROWS = 3, 4
    GAP = 5 * mm

    def __init__(self, year: int, marked: dict[str, list[str]]) -> None:
        super().__init__()
        self.year = year
        prefix = f"{year:04d}-"
        self.marked = {d: what for d, what in marked.items() if d.startswith(prefix)}

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.month_width = (available_width - (self.COLUMNS - 1) * self.GAP) / self.COLUMNS
        self.cell = self.month_width / 7
        self.row_height = self.cell * 0.78
        self.month_height = 7 * mm + 5 * mm + 6 * self.row_height
        self.height = self.ROWS * self.month_height + (self.ROWS - 1) * self.GAP
        return self.width, self.height

    def draw(self) -> None:
        for index in range(12):
            column, row = index % self.COLUMNS, index // self.COLUMNS
            x = column * (self.month_width + self.GAP)
            top = self.height - row * (self.month_height + self.GAP)
            self._month(index + 1, x, top)

    def _month(self, month: int, x: float, top: float) -> None:
        canvas = self.canv
        hei = fonts.font("hei")
        days_marked = [d for d in self.marked if int(d[5:7]) == month]
        canvas.saveState()
        canvas.setFillColor(LIGHT)
        canvas.rect(x, top - 7 * mm, self.month_width, 7 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        title = f"{month}月" + (f"（{len(days_marked)} 天）" if days_marked else "")
        fonts.draw_string(canvas, x + 2 * mm, top - 5 * mm, title, "hei", 10)
        canvas.setFillColor(colors.grey)
        for i, name in enumerate(WEEKDAYS):
            fonts.draw_string(canvas, x + (i + 0.5) * self.cell, top - 11 * mm, name, "song", 7.5, align="centre")
        canvas.setStrokeColor(colors.Color(0.8, 0.8, 0.8))
        canvas.setLineWidth(0.5)
        canvas.line(x, top - 12.3 * mm, x + self.month_width, top - 12.3 * mm)
        weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(self.year, month)
        grid_top = top - 12 * mm
        radius = min(self.cell, self.row_height) * 0.42
        # One text object for the month's numbers: a drawString per day would cost a third of the archive.
        text = canvas.beginText()
        text.setFont(hei, 8)
        digit = pdfmetrics.stringWidth("0", hei, 8)    # digits are of equal width in the CJK fonts used
        colour = None
        for week_index, week in enumerate(weeks):
            for weekday, day in enumerate(week):
                if not day:
                    continue
                cx = x + (weekday + 0.5) * self.cell
                cy = grid_top - (week_index + 0.5) * self.row_height
                if f"{self.year:04d}-{month:02d}-{day:02d}" in self.marked:
                    canvas.setFillColor(MARKED)
                    canvas.circle(cx, cy, radius, stroke=0, fill=1)
                    wanted = colors.white
                else:
                    wanted = colors.grey if weekday >= 5 else colors.black
                if wanted is not colour:
                    text.setFillColor(wanted)
                    colour = wanted
                text.setTextOrigin(cx - digit * len(str(day)) / 2, cy - 2.8)
                text.textOut(str(day))
        canvas.drawText(text)
        canvas.setStrokeColor(colors.Color(0.75, 0.75, 0.75))
        canvas.rect(x, top - self.month_height, self.month_width, self.month_height, stroke=1, fill=0)
        canvas.restoreState()


# --- sections ---------------------------------------------------------------------------------------

def _table(header, rows, widths_mm, align=None):
    widths = [w * mm for w in widths_mm]
    scale = FRAME_WIDTH / sum(widths)
    return make_table(header, rows, [w * scale for w in widths], size=TABLE_SIZE, role="song", align=align)


def _empty(text: str = "本期无记录。") -> TextBlock:
    return _p(text, "small")


def _cover(archive: dict, township: str, marks: _Marks, index: int) -> list:
    d = archive["deputy"]
    term = archive.get("term")
    owner = f"{d['name']}　{_scope(archive)}"
    story: list = [_Anchor(marks, key=f"{index}:cover", owner=owner, cover=True), Spacer(1, 18 * mm),
                   _p(f"{township}人民代表大会", "cover_org"), Spacer(1, 8 * mm),
                   _p("人大代表履职档案", "cover_title"), Spacer(1, 3 * mm), _p("（一人一档）", "cover_sub"),
                   Spacer(1, 14 * mm)]
    photo = _photo(d.get("photo"))
    story.append(Table([[photo]], colWidths=[40 * mm], rowHeights=[52 * mm],
                       style=TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.grey),
                                         ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])))
    story += [Spacer(1, 10 * mm), _p(d["name"], "cover_name"), Spacer(1, 10 * mm)]
    level = f"{d.get('level') or '乡'}级人大代表"
    rows = [("代表层级", level), ("选　　区", d.get("district_name") or "—"),
            ("代表小组", d.get("group_names") or "—"),
            ("届　　次", _term_text(term)), ("档案期间", _period_text(archive)),
            ("当前状态", _status_text(d))]
    label, value = _styles()["label"], _styles()["body"]
    data = [[TextBlock(k, label), TextBlock(v, value)]
            for k, v in rows]
    story.append(Table(data, colWidths=[28 * mm, 92 * mm],
                       style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.Color(0.7, 0.7, 0.7)),
                                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                         ("TOPPADDING", (0, 0), (-1, -1), 4),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])))
    story += [Spacer(1, 16 * mm), _p(f"{township}人大主席团　编制", "cover_sub"),
              _p(_cn_date(dt.date.today().isoformat()), "cover_sub"), PageBreak()]
    return story


def _photo(data: bytes | None):
    if data:
        try:
            ImageReader(io.BytesIO(data)).getSize()   # reads the header now, so a broken photo fails here
            return Image(io.BytesIO(data), width=36 * mm, height=48 * mm, kind="proportional")
        except Exception:   # an unreadable photo must not stop the archive; the frame shows 照片 instead
            pass
    return _p("照片", "placeholder")


def _term_text(term: dict | None) -> str:
    if not term:
        return "—"
    dates = "—".join(_cn_date(x) for x in (term.get("start_date"), term.get("end_date")) if x)
    return f"{term['name']}" + (f"（{dates}）" if dates else "")


def _period_text(archive: dict) -> str:
    if archive.get("year") is not None:
        return f"{archive['year']}年1月1日—{archive['year']}年12月31日"
    start, end = archive["period"]
    if start.startswith("0000") and end.startswith("9999"):
        return "全部记录"
    return f"全届（{_cn_date(start) if not start.startswith('0000') else ''}—"\
           f"{_cn_date(end) if not end.startswith('9999') else ''}）"


def _year_part(archive: dict, year: int) -> str:
    """What a year's row counts: '' for the whole year, else the part inside the archive's period, as
    （3月1日起）, （至6月30日止） or （3月1日—6月30日）."""
    if archive.get("year") is not None or not archive.get("period"):
        return ""
    start, end = archive["period"]
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    begins = start if first < start <= last else ""
    ends = end if first <= end < last else ""

    def short(iso: str) -> str:
        day = dt.date.fromisoformat(iso[:10])
        return f"{day.month}月{day.day}日"

    if begins and ends:
        return f"（{short(begins)}—{short(ends)}）"
    if begins:
        return f"（{short(begins)}起）"
    if ends:
        return f"（至{short(ends)}止）"
    return ""


def _status_text(d: dict) -> str:
    status = d.get("status") or "在任"
    if status == "在任":
        return status
    return f"{status}（{_cn_date(d.get('status_date'))}）" + (f"：{d['status_reason']}" if d.get("status_reason") else "")


def _contents(archive: dict, marks: _Marks, index: int) -> list:
    story: list = [Spacer(1, 6 * mm), _p("目　　录", "contents_title")]
    for key, title in SECTIONS:
        story.append(_ContentsLine(title, marks, f"{index}:{key}"))
    story.append(PageBreak())
    return story


def _basic(archive: dict, mask: bool) -> list:
    d = archive["deputy"]
    id_number = d.get("id_number") or ""
    phone = d.get("phone") or ""
    unit = "".join(x for x in (d.get("work_unit"), d.get("post")) if x)
    pairs = [("姓名", d["name"], "性别", d.get("gender")), ("民族", d.get("ethnicity"), "出生日期",
                                                           _birth_text(d.get("birth_date"), mask)),
             ("政治面貌", d.get("party"), "文化程度", d.get("education")),
             ("公民身份号码", mask_id_number(id_number) if mask else id_number, "联系电话",
              mask_phone(phone) if mask else phone),
             ("代表层级", f"{d.get('level') or '乡'}级", "职业类别", d.get("occupation")),
             ("首次当选", _cn_date(d.get("first_elected")), "是否连任", "是" if d.get("reelected") else "否")]
    rows = [[a, b or "", c, e or ""] for a, b, c, e in pairs]
    spans = [("工作单位及职务", unit), ("届次", _term_text(archive.get("term"))),
             ("选区", d.get("district_name")), ("代表小组", d.get("group_names")), ("住址", d.get("address")),
             ("当前状态", _status_text(d))]
    first_span = len(rows) + 1
    rows += [[label, value or "", "", ""] for label, value in spans]
    extra = [("SPAN", (1, r), (3, r)) for r in range(first_span, first_span + len(spans))]
    extra += [("FONT", (0, 1), (0, -1), fonts.font("hei"), TABLE_SIZE),
              ("FONT", (2, 1), (2, len(pairs)), fonts.font("hei"), TABLE_SIZE),
              ("BACKGROUND", (0, 1), (0, -1), LIGHT), ("BACKGROUND", (2, 1), (2, len(pairs)), LIGHT)]
    widths = [28 * mm, 57 * mm, 28 * mm, FRAME_WIDTH - 113 * mm]
    table = make_table(["项目", "内容", "项目", "内容"], rows, widths, size=TABLE_SIZE, role="song",
                       extra_style=extra)
    story: list = [table, _p("任期内状态变化", "subheading")]
    history = archive["status_history"]
    if history:
        story.append(_table(["日期", "状态", "原因"], [[_cn_date(h["date"]), h["status"], h["reason"] or ""]
                                                       for h in history], [35, 25, 110]))
    else:
        story.append(_empty("任期内无状态变化。"))
    return story


def _overview(archive: dict) -> list:
    rows = []
    for y in archive["per_year"]:
        rows.append([f"{y['year']}年{_year_part(archive, y['year'])}", y["sessions_present"], y["activities"],
                     y["receptions"], y["trainings"],
                     y["suggestions"], y["report_backs"], _number(y["score"]), y["grade"] or ""])
    if len(rows) > 1:
        sums = [sum(y[k] for y in archive["per_year"]) for k in
                ("sessions_present", "activities", "receptions", "trainings", "suggestions", "report_backs")]
        rows.append(["合计", *sums, "", ""])
    header = ["年份（统计期间）", "出席人代会", "参加活动", "接待选民日", "学习培训", "提出建议", "述职",
              "年度积分", "等次"]
    story = [_table(header, rows, [36, 17, 15, 18, 15, 15, 11, 16, 16], ["centre"] + ["right"] * 7 + ["centre"])]
    story.append(_p("说明：各年的次数只计档案期间（括号内为该年计入的日期）内出席的活动、接待选民日和学习培训；"
                    "年度积分与等次按整个自然年（1月1日至12月31日）和当年的积分规则计算，已审核年度为审核时的结果，"
                    "所以积分明细中的次数可能多于本表。", "small"))
    return story


def _sessions(archive: dict) -> list:
    section = archive["sessions"]
    c = section["counts"]
    total = sum(c.values())
    story = [_p(f"应出席乡人民代表大会会议 {total} 次：出席 {c['出席']} 次，请假 {c['请假']} 次，"
                f"缺席 {c['缺席']} 次。选举和表决实行无记名投票，档案只记载出席情况。")]
    if section["rows"]:
        story.append(_table(["会议", "日期", "地点", "出席情况", "备注"],
                            [[r["name"], _cn_date(r["start_date"]), r["place"] or "", r["status"], r["note"] or ""]
                             for r in section["rows"]], [62, 30, 36, 18, 24], ["left", "centre", "left", "centre",
                                                                              "left"]))
    return story


def _activities(archive: dict) -> list:
    section = archive["activities"]
    c = section["counts"]
    story = [_p(f"本期登记参加的活动 {sum(c.values())} 次：出席 {c['出席']} 次，请假 {c['请假']} 次，"
                f"缺席 {c['缺席']} 次。")]
    if not section["rows"]:
        return story
    story.append(_p("按活动类型", "subheading"))
    story.append(_table(["活动类型", "出席", "请假", "缺席"],
                        [[t["type_name"], t["出席"], t["请假"], t["缺席"]] for t in section["by_type"]],
                        [70, 30, 30, 30], ["left", "right", "right", "right"]))
    story.append(_p("活动明细", "subheading"))
    rows = []
    for r in section["rows"]:
        where = r["station_name"] or r["group_name"] or r["place"] or ""
        status = r["status"] + (f"（{r['reason']}）" if r["reason"] else "")
        rows.append([_cn_date(r["date"]), r["type_name"], r["theme"], where, status])
    story.append(_table(["日期", "类型", "主题", "联络站/小组", "出勤"], rows, [28, 22, 60, 38, 22],
                        ["centre", "left", "left", "left", "left"]))
    return story


def _suggestions(archive: dict) -> list:
    section = archive["suggestions"]
    c = section["counts"]
    e = c["evaluations"]
    story = [_p(f"提出意见建议 {c['total']} 件（领衔 {c['lead']} 件），已办结 {c['closed']} 件，办理中 {c['open']} 件；"
                f"提出人评价：满意 {e['满意']} 件，基本满意 {e['基本满意']} 件，不满意 {e['不满意']} 件。")]
    if section["rows"]:
        rows = [[_cn_date(r["date"]), r["title"] + ("" if r["is_lead"] else "（附议）"), r["field_name"] or "",
                 r["unit_name"] or "", r["state"], r["result_text"], r["evaluation"] or ""] for r in section["rows"]]
        story.append(_table(["日期", "标题", "领域", "承办单位", "状态", "办理结果", "评价"], rows,
                            [24, 44, 16, 28, 12, 30, 16], ["centre", "left", "left", "left", "centre", "left",
                                                           "centre"]))
    return story


def _receptions(archive: dict) -> list:
    rec, tra = archive["receptions"], archive["trainings"]
    story = [_p(f"参加接待选民日 {rec['count']} 次，当天共接待来访选民 {rec['visits']} 人次。")]
    if rec["rows"]:
        story.append(_table(["日期", "联络站", "地点", "主题"],
                            [[_cn_date(r["date"]), r["station_name"] or "", r["place"] or "", r["theme"]]
                             for r in rec["rows"]], [28, 44, 50, 48], ["centre", "left", "left", "left"]))
    story.append(_p(f"参加学习培训 {tra['count']} 次。", "subheading"))
    if tra["rows"]:
        story.append(_table(["日期", "主题", "地点"],
                            [[_cn_date(r["date"]), r["theme"], r["place"] or r["station_name"] or ""]
                             for r in tra["rows"]], [28, 90, 52], ["centre", "left", "left"]))
    return story


def _report_backs(archive: dict) -> list:
    rows = archive["report_backs"]
    if not rows:
        return [_empty("本期未登记向选民述职。")]
    story = [_p(f"向选民述职 {len(rows)} 次，选民测评结果如下（满意率 = 满意与基本满意票之和 ÷ 有效票数）。")]
    data = []
    for r in rows:
        rate = f"{r['rate'] * 100:.1f}%" if r["rate"] is not None else ""
        data.append([_cn_date(r["date"]), r["place"] or "", _number(r["voters_present"]), _number(r["satisfied"]),
                     _number(r["basically_satisfied"]), _number(r["unsatisfied"]), rate, r["evaluation"] or ""])
    story.append(_table(["日期", "地点", "到会选民", "满意", "基本满意", "不满意", "满意率", "总体评价"], data,
                        [26, 40, 17, 14, 17, 15, 17, 20], ["centre", "left"] + ["right"] * 5 + ["centre"]))
    notes = [f"{_cn_date(r['date'])}：{r['note']}" for r in rows if r.get("note")]
    for note in notes:
        story.append(_p(note, "small"))
    return story


def _honors(archive: dict) -> list:
    story: list = []
    for label, rows in (("荣誉", archive["honors"]), ("处分", archive["discipline"])):
        story.append(_p(label, "subheading"))
        if rows:
            story.append(_table(["日期", "名称", "授予/决定单位", "备注"],
                                [[_cn_date(r["date"]), r["title"], r["issuer"] or "", r["note"] or ""]
                                 for r in rows], [28, 60, 42, 40], ["centre", "left", "left", "left"]))
        else:
            story.append(_empty(f"本期无{label}记录。"))
    return story


def _scores(archive: dict) -> list:
    scores = archive["scores"]
    if not scores:
        return [_empty("本期尚无积分。")]
    story: list = []
    for s in scores:
        rank = f"，排名第 {s['rank']} 名" if s.get("rank") else ""
        parts = f"（计算得分 {_number(s.get('computed'))} 分，手工加减 {_number(s.get('adjusted'))} 分）"
        block = [_p(f"{s['year']}年度（全年：{s['year']}年1月1日至12月31日）", "subheading"),
                 _p(f"总分 {_number(s.get('total'))} 分{parts}，等次：{s.get('grade') or '—'}{rank}。")]
        lines = [[line.get("item", ""), _number(line.get("count")), _number(line.get("points")),
                  "已达上限" if line.get("capped") else ""] for line in s.get("details") or []]
        if lines:
            block.append(_table(["积分项目", "次数", "得分", "说明"], lines, [80, 25, 25, 40],
                                ["left", "right", "right", "left"]))
        story.append(KeepTogether(block) if len(lines) < 18 else block[0])
        if len(lines) >= 18:
            story += block[1:]
    return story


def _notes(archive: dict) -> list:
    story: list = [_p("备注", "subheading")]
    if archive["notes"]:
        story.append(_table(["日期", "内容"], [[_cn_date(n["date"]), n["text"]] for n in archive["notes"]], [30, 140],
                            ["centre", "left"]))
    else:
        story.append(_empty("无备注。"))
    story.append(_p("档案材料（附件）", "subheading"))
    if archive["documents"]:
        story.append(_table(["文件名", "大小", "添加时间"],
                            [[doc["original_name"], _size(doc["size"]), _cn_date(doc["added_at"])]
                             for doc in archive["documents"]], [110, 25, 35], ["left", "right", "centre"]))
        story.append(_p("档案材料原件保存在本程序的附件文件夹中，可在“一人一档”页面打开。", "small"))
    else:
        story.append(_empty("无附件。"))
    return story


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _calendars(archive: dict, marks: _Marks, index: int) -> list:
    story: list = []
    marked = archive["calendar"]
    for number, year in enumerate(archive["years"]):
        days = sum(d.startswith(f"{year:04d}-") for d in marked)
        if number:
            story.append(PageBreak())
        part = _year_part(archive, year)
        span = f"{year}年{part.strip('（）')}" if part else "全年"
        story += [_p(f"{year}年履职日历{part}", "subheading"),
                  _p(f"红色圆点标出出席活动、人民代表大会会议或向选民述职的日期，{span}共 {days} 天。", "small"),
                  Spacer(1, 3 * mm), _YearCalendar(year, marked)]
    return story


def archive_story(archive: dict, township: str, marks: _Marks, index: int = 0, *, mask: bool = True) -> list:
    """The flowables of one deputy's archive: cover, contents, sections (each opening on a fresh page
    when less than a third of the page is left), and the calendars."""
    story = _cover(archive, township, marks, index) + _contents(archive, marks, index)
    builders = {
        "basic": lambda: _basic(archive, mask), "overview": lambda: _overview(archive),
        "sessions": lambda: _sessions(archive), "activities": lambda: _activities(archive),
        "suggestions": lambda: _suggestions(archive), "receptions": lambda: _receptions(archive),
        "report_backs": lambda: _report_backs(archive), "honors": lambda: _honors(archive),
        "scores": lambda: _scores(archive), "notes": lambda: _notes(archive),
    }
    for key, title in SECTIONS:
        if key == "calendar":
            story += [PageBreak(), _Heading(title, marks, f"{index}:{key}")] + _calendars(archive, marks, index)
            continue
        story += [CondPageBreak(FRAME_HEIGHT / 3), _Heading(title, marks, f"{index}:{key}")]
        story += builders[key]()
        story.append(Spacer(1, 6 * mm))
    return story


# --- documents --------------------------------------------------------------------------------------

def _build(story: list, out_path: Path, marks: _Marks, title: str) -> Path:
    with atomic_path(out_path) as tmp:
        doc = BaseDocTemplate(str(tmp), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=TOP,
                              bottomMargin=BOTTOM, title=title, author=marks.township, creator="乡镇人大工作台")
        frame = Frame(MARGIN_X, BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="archive", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="archive", frames=[frame])])
        # Binary (zlib only) streams: ASCII85 on top makes files a quarter larger and costs a tenth of the time.
        a85, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc.build(story, canvasmaker=numbered_canvas(marks.draw_page))
        finally:
            rl_config.useA85 = a85
    return out_path


def _check_cancel(cancel: CancelFn) -> None:
    if cancel is not None and cancel():
        raise ArchiveCancelled()


def render_archive(archives: Iterable[dict], out_path: str | Path, *, township: str, mask: bool = True,
                   progress: ProgressFn = None, cancel: CancelFn = None, total: int | None = None) -> Path:
    """Write the archives (from ``db.archive.gather``) into one PDF; several get a 总目录 of deputies first.

    ``progress(done, total)`` is called after each deputy; ``cancel()`` returning True stops (raises
    :class:`ArchiveCancelled`, nothing is written).
    """
    out_path = Path(out_path)
    archives = list(archives) if total is None else archives
    total = total if total is not None else len(archives)
    marks = _Marks(township)
    body: list = []
    names: list[tuple[str, int]] = []
    for index, archive in enumerate(archives):
        _check_cancel(cancel)
        if body:
            body.append(PageBreak())    # each deputy opens on a fresh page with their cover
        body += archive_story(archive, township, marks, index, mask=mask)
        names.append((archive["deputy"]["name"], index))
        if progress is not None:
            progress(index + 1, total)
    if not names:
        raise ValueError("no archive to render")
    story: list = []
    if len(names) > 1:
        story += [_Anchor(marks, owner="总目录"), Spacer(1, 6 * mm), _p(f"{township}人大代表履职档案　总目录",
                                                                     "contents_title")]
        story += [_ContentsLine(f"{number}. {name}", marks, f"{index}:cover", size=11)
                  for number, (name, index) in enumerate(names, 1)]
        story.append(PageBreak())
    story += body
    title = f"{township}人大代表履职档案" + (f"（{names[0][0]}）" if len(names) == 1 else "")
    _check_cancel(cancel)
    return _build(story, out_path, marks, title)


def file_name_for(archive: dict) -> str:
    """履职档案-张三-2026年度.pdf (the id keeps two deputies of the same name apart)."""
    d = archive["deputy"]
    scope = f"{archive['year']}年度" if archive.get("year") is not None else "全届"
    # Characters Windows refuses in file names become _.
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", d["name"]).strip(" .") or "代表"
    return f"履职档案-{name}-{d['id']}-{scope}.pdf"
