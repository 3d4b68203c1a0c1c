"""Numbered ballot papers (选票, 表决票, 票决票, 测评票) with a tear-off stub, one ballot per page.

Everything except the serial numbers and the code is drawn once into a PDF form XObject and reused on
every page, so 500 ballots cost little more than 500 pairs of serial numbers and 500 small QR codes.

The voter's part carries what a scanner needs (docs/ballot-layout.md): a solid registration mark at each
corner and a QR code (``domain.ballot_code``) with the item's uid, the rehearsal flag and the serial. The
drawing code records every mark box and write-in field it draws; that record is the layout written by
``layout_out``, so the file and the print can never disagree.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from reportlab import rl_config
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A5, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ...domain import ballot_code
from ...errors import InputError
from ...fileio import atomic_path
from . import fonts
from .session_common import CancelFn, ProgressFn, fit_size, missing_glyphs, step, wrap_text

KINDS = ("选举", "票决", "表决", "测评")
PAPERS = {"A4": A4, "A5": A5}
ORIENTATIONS = ("portrait", "landscape")
STUBS = ("auto", "top", "left")

HEADINGS = {"选举": "选　票", "表决": "表 决 票", "票决": "票 决 票", "测评": "测 评 票"}
COLUMNS = {"表决": ("赞成", "反对", "弃权"), "票决": ("同意", "不同意", "弃权"), "测评": ("满意", "基本满意", "不满意")}
# What each printed column stands for, in the tally workbook's words (the layout's ``choice``).
CHOICES = {"表决": ("同意", "反对", "弃权"), "票决": ("同意", "反对", "弃权"), "测评": ("满意", "基本满意", "不满意")}
WRITE_IN = "另选他人"
MOTION_OPTION = "表决"
PAPER_CODES = {("A4", "portrait"): "A4", ("A4", "landscape"): "A4L", ("A5", "portrait"): "A5", ("A5", "landscape"): "A5L"}
PEN_RULE = "请用黑色笔填写，字迹清楚，不得涂改。"

_GREY = Color(0.45, 0.45, 0.45)
_LIGHT = Color(0.93, 0.93, 0.93)
_FORM = "ballot_static"


def default_instructions(kind: str, seats: int, allow_write_in: bool, candidate_count: int) -> str:
    """The 说明 printed on the ballot, worded as a township clerk writes it; one numbered rule per line."""
    if kind == "选举":
        mark = "赞成的在姓名下方空格内画“○”，反对的画“×”，弃权的不画"
        if allow_write_in:
            mark += "；另选他人的，在另选人空格内写上姓名并在其下方空格内画“○”"
        rules = [
            f"本选票应选{seats}名，对候选人可以投赞成票，可以投反对票，可以弃权。",
            mark + "。",
            "所选人数等于或少于应选人数的为有效票，多于应选人数的为无效票。",
            PEN_RULE,
        ]
    elif kind == "表决":
        rules = [
            "对表决事项可以投赞成票，可以投反对票，可以弃权。",
            "赞成的在“赞成”下方空格内画“○”，反对的在“反对”下方空格内画“○”，弃权的在“弃权”下方空格内画“○”。",
            "只能画一个“○”，画两个及以上的为无效票，不画的视为弃权。",
            PEN_RULE,
        ]
    elif kind == "票决":
        rules = [
            f"本次从{candidate_count}个候选项目中票决产生{seats}个项目，同意的项目不得超过{seats}项。",
            "同意的在“同意”栏内画“○”，不同意的在“不同意”栏内画“○”，弃权的在“弃权”栏内画“○”；每个项目只能画一个“○”。",
            f"同意的项目等于或少于{seats}项的为有效票，多于{seats}项的为无效票。",
            PEN_RULE,
        ]
    elif kind == "测评":
        rules = [
            "请对每个项目作出评价，在“满意”“基本满意”“不满意”中选择一项，在相应空格内画“○”。",
            "每个项目只能画一个“○”，不画的视为弃权。",
            PEN_RULE,
        ]
    else:
        raise InputError(f"选票类型“{kind}”不对，应为选举、票决、表决或测评。")
    return "\n".join(f"{i}. {rule}" for i, rule in enumerate(rules, start=1))


@dataclass
class BallotPaper:
    """What to print on one kind of ballot; ``copies`` is the default last serial."""

    title: str
    item_name: str
    kind: str = "选举"
    candidates: Sequence[str] = ()
    seats: int = 1
    allow_write_in: bool = False
    instructions: str | None = None
    paper: str = "A4"
    orientation: str = "portrait"
    copies: int = 1
    stub: str = "auto"  # 'top', 'left', or 'auto': top on portrait paper, left on landscape
    item_uid: str = ""   # the vote item's stable uid, printed in the code
    rehearsal: bool = False
    item_code: str = ""  # 事项编号, written in the layout file
    candidates_clean: tuple[str, ...] = field(init=False, repr=False, default=())

    def __post_init__(self) -> None:
        self.candidates_clean = self._check()

    def _check(self) -> tuple[str, ...]:
        if self.kind not in KINDS:
            raise InputError(f"选票类型“{self.kind}”不对，应为选举、票决、表决或测评。")
        if self.paper not in PAPERS:
            raise InputError(f"纸张“{self.paper}”不对，应为 A4 或 A5。")
        if self.orientation not in ORIENTATIONS:
            raise InputError("纸张方向应为纵向（portrait）或横向（landscape）。")
        if self.stub not in STUBS:
            raise InputError("存根位置应为 top（上方）或 left（左侧）。")
        if not str(self.title or "").strip():
            raise InputError("请填写选票标题（会议名称）。")
        if not str(self.item_name or "").strip():
            raise InputError("请填写表决事项名称。")
        names = tuple(str(c or "").strip() for c in self.candidates)
        for i, name in enumerate(names, start=1):
            if not name:
                raise InputError(f"第{i}个候选人（项目）名称为空，请填写或删除该行。")
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise InputError(f"候选人（项目）“{name}”重复出现，请删除重复的一行。")
            seen.add(name)
        if self.kind != "表决" and not names:
            raise InputError("请先填写候选人（或项目）名单。")
        if self.kind in ("选举", "票决") and (not isinstance(self.seats, int) or self.seats < 1):
            raise InputError("应选人数（项目数）应为正整数。")
        if self.kind == "票决" and self.seats > len(names):
            raise InputError(f"应选项目数{self.seats}多于候选项目数{len(names)}。")
        if not isinstance(self.copies, int) or self.copies < 1:
            raise InputError("印制份数应为正整数。")
        return names

    @property
    def heading(self) -> str:
        return HEADINGS[self.kind]

    @property
    def stub_side(self) -> str:
        if self.stub != "auto":
            return self.stub
        return "left" if self.orientation == "landscape" else "top"

    @property
    def page_size(self) -> tuple[float, float]:
        size = PAPERS[self.paper]
        return landscape(size) if self.orientation == "landscape" else portrait(size)

    def instruction_text(self) -> str:
        if self.instructions and str(self.instructions).strip():
            return str(self.instructions).strip()
        return default_instructions(self.kind, self.seats, self.allow_write_in, len(self.candidates_clean))

    def texts(self) -> list[str]:
        """Every string printed on the ballot (for the missing-glyph warning)."""
        return [self.title, self.item_name, self.instruction_text(), *self.candidates_clean]


def serial_text(serial: int, last: int) -> str:
    """001 … 500: zero-padded to the width of the last serial, at least three digits."""
    return f"No. {serial:0{max(3, len(str(last)))}d}"


# --------------------------------------------------------------------------- layout


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, PDF coordinates (origin bottom-left)


@dataclass
class _Geometry:
    """Page, stub and ballot rectangles (points) plus the type scale for the paper size."""

    width: float
    height: float
    k: float  # 1.0 on A4, smaller on A5
    stub_side: str
    stub: Rect
    ballot: Rect     # the voter's printed area, registration marks included
    cut: Rect
    stub_serial: tuple[float, float, str]  # x, y, align
    ballot_serial: tuple[float, float]
    part: Rect = (0, 0, 0, 0)       # the paper the voter gets: from the cut line to the page edges
    content: Rect = (0, 0, 0, 0)    # the ballot's area between the registration marks
    marks: tuple[Rect, ...] = ()    # top-left, top-right, bottom-right, bottom-left, as the voter reads it
    code: Rect = (0, 0, 0, 0)       # the QR code's square


@dataclass
class DrawnLayout:
    """What the drawing code put where: every mark box (option, choice, rect) and write-in name field."""

    boxes: list[tuple[str, str | None, Rect]] = field(default_factory=list)
    write_ins: list[Rect] = field(default_factory=list)


def _geometry(paper: BallotPaper) -> _Geometry:
    width, height = paper.page_size
    k = 1.0 if paper.paper == "A4" else 0.8
    margin = (12 if paper.paper == "A4" else 9) * mm
    gap = 6 * mm * k
    if paper.stub_side == "top":
        stub_h = 24 * mm * k
        stub = (margin, height - margin - stub_h, width - margin, height - margin)
        cut_y = stub[1] - gap / 2
        cut = (0, cut_y, width, cut_y)
        ballot = (margin, margin, width - margin, cut_y - gap / 2)
        stub_serial = (stub[2] - 2 * mm, stub[1] + stub_h / 2 - 4 * k, "right")
    else:
        stub_w = 40 * mm * k
        stub = (margin, margin, margin + stub_w, height - margin)
        cut_x = stub[2] + gap / 2
        cut = (cut_x, 0, cut_x, height)
        ballot = (cut_x + gap / 2, margin, width - margin, height - margin)
        stub_serial = ((stub[0] + stub[2]) / 2, stub[3] - 40 * mm * k, "centre")
    if paper.stub_side == "top":
        part = (0, 0, width, cut_y)
    else:
        part = (cut_x, 0, width, height)
    # Solid squares in the ballot's corners, clear of everything else, for the reader to register the scan.
    side = 5 * mm * k
    bx0, by0, bx1, by1 = ballot
    marks = ((bx0, by1 - side, bx0 + side, by1), (bx1 - side, by1 - side, bx1, by1),
             (bx1 - side, by0, bx1, by0 + side), (bx0, by0, bx0 + side, by0 + side))
    content = (bx0, by0 + side + 2 * mm * k, bx1, by1 - side - 2 * mm * k)
    ballot_serial = (content[2], content[3] - 14 * k)
    # The code sits in the top-right corner below the serial, a mirror of the 印章处 box (26 mm) on the left.
    # 16 mm at least: 29 modules of 0.55 mm are 3 pixels in a 150 dpi scan.
    q = max(17.5 * k, 16) * mm
    code_top = content[3] - 7 * mm  # clear of the serial above it by four modules or more
    code = (content[2] - q, code_top - q, content[2], code_top)
    return _Geometry(width, height, k, paper.stub_side, stub, ballot, cut, stub_serial, ballot_serial,
                     part=part, content=content, marks=marks, code=code)


def _centre_lines(canvas, lines, cx, top, role, size, leading) -> float:
    """Draw centred lines downward from ``top`` (first baseline at top - size); return the y below them."""
    y = top - size
    for line in lines:
        fonts.draw_string(canvas, cx, y, line, role, size, align="centre")
        y -= leading
    return y + leading - size * 0.3


def _draw_stub(canvas, paper: BallotPaper, g: _Geometry) -> None:
    x0, y0, x1, y1 = g.stub
    k = g.k
    canvas.setStrokeColor(_GREY)
    canvas.setLineWidth(0.6)
    canvas.rect(x0, y0, x1 - x0, y1 - y0)
    if g.stub_side == "top":
        fonts.draw_string(canvas, x0 + 4 * mm, (y0 + y1) / 2 - 6 * k, "存　根", "hei", 16 * k)
        label_w = fonts.string_width("存　根", "hei", 16 * k) + 8 * mm
        text_w = (x1 - x0) - label_w - 32 * mm * k
        cx = x0 + label_w + text_w / 2
        size = fit_size(paper.title, "song", 11 * k, text_w, 7)
        fonts.draw_string(canvas, cx, (y0 + y1) / 2 + 3 * k, paper.title, "song", size, align="centre")
        item = paper.item_name + "（" + paper.heading.replace("　", "").replace(" ", "") + "）"
        size = fit_size(item, "hei", 11 * k, text_w, 7)
        fonts.draw_string(canvas, cx, (y0 + y1) / 2 - 13 * k, item, "hei", size, align="centre")
    else:
        cx = (x0 + x1) / 2
        width = (x1 - x0) - 6 * mm * k
        fonts.draw_string(canvas, cx, y1 - 14 * mm * k, "存　根", "hei", 18 * k, align="centre")
        y = g.stub_serial[1] - 20 * k
        for line in wrap_text(paper.item_name, "hei", 11 * k, width)[:6]:
            fonts.draw_string(canvas, cx, y, line, "hei", 11 * k, align="centre")
            y -= 15 * k
        y -= 6 * k
        for line in wrap_text(paper.title, "song", 9 * k, width)[:6]:
            fonts.draw_string(canvas, cx, y, line, "song", 9 * k, align="centre")
            y -= 12 * k


def _draw_cut_line(canvas, g: _Geometry) -> None:
    x0, y0, x1, y1 = g.cut
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.7)
    canvas.setStrokeColor(black)
    canvas.line(x0, y0, x1, y1)
    canvas.setDash()
    label = "沿虚线撕开"
    size = 8 * g.k
    w = fonts.string_width(label, "hei", size)
    canvas.setFillColor(white)
    if g.stub_side == "top":
        cx = g.width / 2
        canvas.rect(cx - w / 2 - 3, y0 - size * 0.6, w + 6, size * 1.2, stroke=0, fill=1)
        canvas.setFillColor(_GREY)
        fonts.draw_string(canvas, cx, y0 - size * 0.35, label, "hei", size, align="centre")
    else:
        cy = g.height / 2
        canvas.translate(x0, cy)
        canvas.rotate(90)
        canvas.rect(-w / 2 - 3, -size * 0.6, w + 6, size * 1.2, stroke=0, fill=1)
        canvas.setFillColor(_GREY)
        fonts.draw_string(canvas, 0, -size * 0.35, label, "hei", size, align="centre")
    canvas.restoreState()


def _draw_seal_box(canvas, x: float, top: float, side: float, k: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(_GREY)
    canvas.setDash(2, 2)
    canvas.setLineWidth(0.5)
    canvas.rect(x, top - side, side, side)
    canvas.setFillColor(_GREY)
    fonts.draw_string(canvas, x + side / 2, top - side / 2 - 4 * k, "印章处", "hei", 10 * k, align="centre")
    canvas.restoreState()


def _draw_header(canvas, paper: BallotPaper, g: _Geometry) -> float:
    """Seal box, session title, heading and item name; returns the y below them."""
    x0, _y0, x1, y1 = g.content
    k = g.k
    seal = 26 * mm * k
    _draw_seal_box(canvas, x0, y1, seal, k)
    corner = max(seal, y1 - g.code[1])  # the height of the corners that the seal box and the code take
    middle = (x1 - x0) - 2 * (seal + 4 * mm)
    cx = (x0 + x1) / 2
    y = _centre_lines(canvas, wrap_text(paper.title, "song", 15 * k, middle), cx, y1 - 2 * k, "song", 15 * k, 20 * k)
    y = _centre_lines(canvas, [paper.heading], cx, y - 6 * k, "hei", 26 * k, 30 * k)
    item_lines = wrap_text(paper.item_name, "song", 14 * k, middle if y > y1 - corner else (x1 - x0))
    y = _centre_lines(canvas, item_lines, cx, y - 6 * k, "song", 14 * k, 19 * k)
    return min(y, y1 - corner) - 4 * k


def _instruction_lines(text: str, size: float, width: float) -> list[tuple[float, str]]:
    """(indent, line) pairs: numbered rules get a hanging indent under their text."""
    out: list[tuple[float, str]] = []
    for rule in text.split("\n"):
        rule = rule.strip()
        if not rule:
            continue
        number, _sep, rest = rule.partition(" ")
        if number.rstrip(".、．").isdigit() and rest:
            indent = fonts.string_width(number + " ", "song", size)
            lines = wrap_text(rest, "song", size, width - indent)
            out.append((0, number + " " + lines[0]))
            out += [(indent, line) for line in lines[1:]]
        else:
            out += [(0, line) for line in wrap_text(rule, "song", size, width)]
    return out


def _draw_instructions(canvas, text: str, x0: float, x1: float, top: float, size: float, dry: bool) -> float:
    """The 说明 box; returns the y below it. With ``dry`` only measures."""
    pad = 2.5 * mm
    leading = size * 1.45
    label = "说明："
    label_w = fonts.string_width(label, "hei", size)
    lines = _instruction_lines(text, size, (x1 - x0) - 2 * pad - label_w)
    height = len(lines) * leading + 2 * pad - (leading - size) + size * 0.25
    if not dry:
        canvas.setStrokeColor(_GREY)
        canvas.setLineWidth(0.6)
        canvas.rect(x0, top - height, x1 - x0, height)
        y = top - pad - size
        fonts.draw_string(canvas, x0 + pad, y, label, "hei", size)
        for indent, line in lines:
            fonts.draw_string(canvas, x0 + pad + label_w + indent, y, line, "song", size)
            y -= leading
    return top - height


def _draw_name_in_box(canvas, name: str, x: float, y: float, w: float, h: float, size: float) -> None:
    """A name centred in its box: shrunk to fit, or on two lines when it is very long."""
    fitted = fit_size(name, "hei", size, w - 3 * mm, size * 0.6)
    if fonts.string_width(name, "hei", fitted) <= w - 3 * mm:
        fonts.draw_string(canvas, x + w / 2, y + h / 2 - fitted * 0.36, name, "hei", fitted, align="centre")
        return
    small = size * 0.6
    lines = wrap_text(name, "hei", small, w - 2 * mm)
    leading = small * 1.15
    top = y + h / 2 + leading * len(lines) / 2
    for i, line in enumerate(lines):
        fonts.draw_string(canvas, x + w / 2, top - (i + 1) * leading + small * 0.2, line, "hei", small, align="centre")


def _grid_rows(count: int, cols: int) -> list[range]:
    return [range(start, min(start + cols, count)) for start in range(0, count, cols)]


def _draw_name_grid(canvas, names, labels, x0, x1, top, k, d, dry, caption: str = "", *,
                    options=None, rec: DrawnLayout | None = None) -> float:
    """Rows of name boxes over mark boxes (wrapping when there are many); returns the y below.

    ``options`` names each column's mark box in ``rec`` (the names themselves by default); a grid of
    write-ins (no names) also records its name fields.
    """
    label_w = 24 * mm * k
    cell_w = 25 * mm * k
    name_h, mark_h = 12 * mm * k * d, 15 * mm * k * d
    cols = max(1, min(len(names), int(((x1 - x0) - label_w) // cell_w)))
    if cols < len(names):
        cell_w = ((x1 - x0) - label_w) / cols  # use the full width when the row is full
    rows = _grid_rows(len(names), cols)
    row_gap = 3 * mm * k * d
    caption_h = 11 * k + 2 * mm * k if caption else 0
    height = caption_h + len(rows) * (name_h + mark_h) + (len(rows) - 1) * row_gap
    if dry:
        return top - height
    grid_w = label_w + cols * cell_w
    left = x0 + ((x1 - x0) - grid_w) / 2
    if caption:
        fonts.draw_string(canvas, left, top - 11 * k, caption, "hei", 11 * k)
    y = top - caption_h
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.8)
    for row in rows:
        width = label_w + len(row) * cell_w
        canvas.setFillColor(_LIGHT)
        canvas.rect(left, y - name_h, width, name_h, stroke=0, fill=1)
        canvas.setFillColor(black)
        canvas.rect(left, y - name_h - mark_h, width, name_h + mark_h)
        canvas.line(left, y - name_h, left + width, y - name_h)
        for i in range(len(row) + 1):
            xv = left + label_w + i * cell_w
            canvas.line(xv, y, xv, y - name_h - mark_h)
        fonts.draw_string(canvas, left + label_w / 2, y - name_h / 2 - 10 * k * 0.36, labels[0], "hei", 10 * k, align="centre")
        fonts.draw_string(canvas, left + label_w / 2, y - name_h - mark_h / 2 - 10 * k * 0.36, labels[1], "hei", 10 * k, align="centre")
        for col, index in enumerate(row):
            cell_x = left + label_w + col * cell_w
            if names[index]:
                _draw_name_in_box(canvas, names[index], cell_x, y - name_h, cell_w, name_h, 14 * k)
            if rec is not None:
                option = (options or names)[index]
                rec.boxes.append((option, None, (cell_x, y - name_h - mark_h, cell_x + cell_w, y - name_h)))
                if not names[index]:
                    rec.write_ins.append((cell_x, y - name_h, cell_x + cell_w, y))
        y -= name_h + mark_h + row_gap
    return top - height


def _draw_election(canvas, paper, x0, x1, top, k, d, dry, rec=None) -> float:
    y = _draw_name_grid(canvas, paper.candidates_clean, ("候选人姓名", "画票处"), x0, x1, top, k, d, dry, rec=rec)
    if paper.allow_write_in:
        caption = f"另选他人（可另选{paper.seats}名）"
        options = [f"{WRITE_IN}{i}" for i in range(1, paper.seats + 1)]
        y = _draw_name_grid(canvas, [""] * paper.seats, ("另选人姓名", "画票处"), x0, x1, y - 6 * mm * k * d, k, d, dry,
                            caption, options=options, rec=rec)
    return y


def _draw_motion(canvas, paper, x0, x1, top, k, d, dry, rec=None) -> float:
    col_w = min(42 * mm * k, (x1 - x0) / 3)
    head_h, mark_h = 14 * mm * k * d, 24 * mm * k * d
    if dry:
        return top - head_h - mark_h
    left = x0 + ((x1 - x0) - 3 * col_w) / 2
    canvas.setFillColor(_LIGHT)
    canvas.rect(left, top - head_h, 3 * col_w, head_h, stroke=0, fill=1)
    canvas.setFillColor(black)
    canvas.setLineWidth(0.8)
    canvas.rect(left, top - head_h - mark_h, 3 * col_w, head_h + mark_h)
    canvas.line(left, top - head_h, left + 3 * col_w, top - head_h)
    for i, label in enumerate(COLUMNS["表决"]):
        if i:
            canvas.line(left + i * col_w, top, left + i * col_w, top - head_h - mark_h)
        fonts.draw_string(canvas, left + (i + 0.5) * col_w, top - head_h / 2 - 16 * k * 0.36, label, "hei", 16 * k, align="centre")
        if rec is not None:
            rec.boxes.append((MOTION_OPTION, CHOICES["表决"][i],
                              (left + i * col_w, top - head_h - mark_h, left + (i + 1) * col_w, top - head_h)))
    return top - head_h - mark_h


def _draw_project_table(canvas, paper, x0, x1, top, k, d, dry, rec=None) -> float:
    """票决 and 测评: one row per project, mark columns on the right."""
    columns = COLUMNS[paper.kind]
    no_w, mark_w = 12 * mm * k, 20 * mm * k
    name_w = (x1 - x0) - no_w - len(columns) * mark_w
    size = 11 * k * min(1.0, max(d, 0.85))
    leading = size * 1.3
    head_h = 10 * mm * k * d
    min_row = 10 * mm * k * d
    wrapped = [wrap_text(name, "song", size, name_w - 4 * mm) for name in paper.candidates_clean]
    heights = [max(min_row, len(lines) * leading + 3 * mm * d) for lines in wrapped]
    total = head_h + sum(heights)
    if dry:
        return top - total
    canvas.setLineWidth(0.8)
    canvas.setFillColor(_LIGHT)
    canvas.rect(x0, top - head_h, x1 - x0, head_h, stroke=0, fill=1)
    canvas.setFillColor(black)
    canvas.rect(x0, top - total, x1 - x0, total)
    edges = [x0 + no_w, x0 + no_w + name_w] + [x0 + no_w + name_w + (i + 1) * mark_w for i in range(len(columns) - 1)]
    for xv in edges:
        canvas.line(xv, top, xv, top - total)
    hs = 11 * k
    base = top - head_h / 2 - hs * 0.36
    fonts.draw_string(canvas, x0 + no_w / 2, base, "序号", "hei", hs, align="centre")
    fonts.draw_string(canvas, x0 + no_w + name_w / 2, base, "项目名称", "hei", hs, align="centre")
    for i, label in enumerate(columns):
        fonts.draw_string(canvas, x0 + no_w + name_w + (i + 0.5) * mark_w, base, label, "hei", hs, align="centre")
    y = top - head_h
    mark_left = x0 + no_w + name_w
    for number, (lines, h) in enumerate(zip(wrapped, heights), start=1):
        if rec is not None:
            for i, choice in enumerate(CHOICES[paper.kind]):
                rect = (mark_left + i * mark_w, y - h, mark_left + (i + 1) * mark_w, y)
                rec.boxes.append((paper.candidates_clean[number - 1], choice, rect))
        canvas.line(x0, y, x1, y)
        fonts.draw_string(canvas, x0 + no_w / 2, y - h / 2 - size * 0.36, str(number), "hei", size, align="centre")
        ty = y - h / 2 + (len(lines) * leading) / 2 - size
        for line in lines:
            fonts.draw_string(canvas, x0 + no_w + 2 * mm, ty, line, "song", size)
            ty -= leading
        y -= h
    return top - total


_BODIES = {"选举": _draw_election, "表决": _draw_motion, "票决": _draw_project_table, "测评": _draw_project_table}


def _draw_marks(canvas, g: _Geometry) -> None:
    canvas.setFillColor(black)
    for x0, y0, x1, y1 in g.marks:
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)


def _draw_static(canvas, paper: BallotPaper, g: _Geometry) -> DrawnLayout:
    """Everything but the serial numbers and the code, fitted to the page by shrinking the grid if needed;
    returns where the mark boxes and write-in fields were drawn."""
    k = g.k
    x0, y0, x1, _y1 = g.content
    below_header = _draw_header(canvas, paper, g)
    body = _BODIES[paper.kind]
    text = paper.instruction_text()
    # roomy boxes when the page allows (easier to mark), tighter ones when there are many candidates
    for density in (1.4, 1.25, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6):
        size = 10.5 * k * min(1.0, max(density, 0.85))
        top = _draw_instructions(canvas, text, x0, x1, below_header, size, dry=True) - 5 * mm * k * min(density, 1.0)
        if body(canvas, paper, x0, x1, top, k, density, True) >= y0:
            break
    else:
        raise InputError(
            f"候选人（项目）太多，{paper.paper}纸一页放不下这张{paper.heading.replace(' ', '').replace('　', '')}，"
            "请改用 A4 纸或横向打印。"
        )
    _draw_instructions(canvas, text, x0, x1, below_header, size, dry=False)
    drawn = DrawnLayout()
    body(canvas, paper, x0, x1, top, k, density, False, drawn)
    _draw_stub(canvas, paper, g)
    _draw_cut_line(canvas, g)
    _draw_marks(canvas, g)
    return drawn


class _CodePrinter:
    """Draws the QR code of each serial (``qr_codes``: version 3, level M), with one mask for the whole run."""

    def __init__(self, paper: BallotPaper, g: _Geometry, drawn: DrawnLayout):
        self.paper = paper
        self.rect = g.code
        self.tag = ballot_code.layout_tag(paper.paper, paper.orientation, paper.stub_side)
        self.hash = layout_hash(g, drawn)
        self.mask: int | None = None

    def text(self, serial: int) -> str:
        return ballot_code.encode(ballot_code.BallotCode(
            uid=self.paper.item_uid, rehearsal=self.paper.rehearsal, serial=serial, layout_tag=self.tag,
            layout_hash=self.hash))

    def draw(self, canvas, serial: int) -> None:
        # imported here: reportlab's barcode package loads every barcode it has, which start-up need not pay
        from . import qr_codes

        self.mask = qr_codes.draw(canvas, self.text(serial), self.rect, self.mask)


def _mm_rect(g: _Geometry, rect: Rect) -> dict:
    """A rectangle in points (PDF coordinates) as the layout's mm from the page's top-left corner."""
    x0, y0, x1, y1 = rect
    return {"x_mm": round(x0 / mm, 2), "y_mm": round((g.height - y1) / mm, 2),
            "w_mm": round((x1 - x0) / mm, 2), "h_mm": round((y1 - y0) / mm, 2)}


def _rect_tuple(r: dict) -> tuple[float, float, float, float]:
    return (r["x_mm"], r["y_mm"], r["w_mm"], r["h_mm"])


def layout_hash(g: _Geometry, drawn: DrawnLayout) -> str:
    """The hash printed in the code: of the boxes, write-in fields, marks and code, as the layout gives them."""
    rects = [_mm_rect(g, r) for _o, _c, r in drawn.boxes] + [_mm_rect(g, r) for r in drawn.write_ins]
    rects += [_mm_rect(g, r) for r in g.marks] + [_mm_rect(g, g.code)]
    return ballot_code.layout_hash([_rect_tuple(r) for r in rects])


def layout_document(paper: BallotPaper, g: _Geometry, drawn: DrawnLayout, first: int, last: int) -> dict:
    """The layout of ballots ``first``…``last`` (docs/ballot-layout.md), from what the drawing code recorded."""
    printer = _CodePrinter(paper, g, drawn)
    boxes = [{"option": option, "choice": choice, **_mm_rect(g, rect)} for option, choice, rect in drawn.boxes]
    write_ins = [_mm_rect(g, rect) for rect in drawn.write_ins]
    marks = [_mm_rect(g, rect) for rect in g.marks]
    ballots = [{"serial": serial, "page": page, "code": printer.text(serial), "ballot": _mm_rect(g, g.part),
                "marks": marks, "code_rect": _mm_rect(g, g.code), "boxes": boxes, "write_ins": write_ins}
               for page, serial in enumerate(range(first, last + 1), start=1)]
    return {"item": paper.item_code, "kind": paper.kind, "paper": PAPER_CODES[(paper.paper, paper.orientation)],
            "page_mm": [round(g.width / mm), round(g.height / mm)], "stub": paper.stub_side,
            "uid": paper.item_uid, "rehearsal": paper.rehearsal, "layout_hash": printer.hash,
            "ballots": ballots}


def ballot_layout(paper: BallotPaper, first: int = 1, last: int = 1) -> dict:
    """The layout of the ballots without writing them: the same drawing code on a throwaway canvas (the reader
    rebuilds the layout of a scanned ballot this way)."""
    g = _geometry(paper)
    return layout_document(paper, g, _drawn_layout(paper, g), first, last)


def _drawn_layout(paper: BallotPaper, g: _Geometry) -> DrawnLayout:
    """What ``_draw_static`` records, drawn on a canvas that is never saved."""
    canvas = Canvas(io.BytesIO(), pagesize=(g.width, g.height))
    canvas.beginForm(_FORM)
    drawn = _draw_static(canvas, paper, g)
    canvas.endForm()
    return drawn


def render_ballots(
    paper: BallotPaper,
    out_path: str | os.PathLike,
    *,
    first: int = 1,
    last: int | None = None,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
    layout_out: str | os.PathLike | None = None,
) -> Path:
    """Write ballots numbered ``first``…``last`` (default: ``paper.copies``), one per page, to ``out_path``.

    ``progress(done, total)`` is called per page; ``cancel()`` returning True stops the job and no file is left.
    With ``layout_out`` the layout of the same ballots is written there as JSON (docs/ballot-layout.md).
    """
    last = paper.copies if last is None else last
    if not isinstance(first, int) or not isinstance(last, int) or first < 1 or last < first:
        raise InputError(f"选票编号范围不对：起始号 {first}，终止号 {last}。起始号应不小于 1，且不大于终止号。")
    if last > 99999:
        raise InputError("选票编号不能超过 99999。")
    g = _geometry(paper)
    out_path = Path(out_path)
    # Binary (zlib only) streams, as the archive's: ASCII85 on top made each page's code cost twice its drawing.
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        drawn = _write_ballots(paper, g, out_path, first, last, progress, cancel)
    finally:
        rl_config.useA85 = a85
    if layout_out is not None:
        # the record of the very drawing that went into the PDF
        document = layout_document(paper, g, drawn, first, last)
        with atomic_path(Path(layout_out)) as tmp:
            Path(tmp).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return out_path


def _write_ballots(paper, g, out_path, first, last, progress, cancel) -> DrawnLayout:
    """The PDF of ballots ``first``…``last``; returns where its mark boxes and write-in fields are."""
    serial_font = fonts.font("hei")
    stub_x, stub_y, stub_align = g.stub_serial
    bx, by = g.ballot_serial
    serial_size = 13 * g.k
    total = last - first + 1
    with atomic_path(out_path) as tmp:
        canvas = Canvas(str(tmp), pagesize=(g.width, g.height))
        canvas.setTitle(f"{paper.title} {paper.item_name} {paper.heading}")
        canvas.setAuthor("乡镇人大工作台")
        canvas.beginForm(_FORM)
        drawn = _draw_static(canvas, paper, g)
        canvas.endForm()
        code = _CodePrinter(paper, g, drawn)
        for done, serial in enumerate(range(first, last + 1), start=1):
            step(done - 1, total, None, cancel)
            text = serial_text(serial, last)
            canvas.doForm(_FORM)
            canvas.setFont(serial_font, serial_size)
            canvas.setFillColor(black)
            canvas.drawRightString(bx, by, text)
            if stub_align == "right":
                canvas.drawRightString(stub_x, stub_y, text)
            else:
                canvas.drawCentredString(stub_x, stub_y, text)
            code.draw(canvas, serial)
            canvas.showPage()
            if progress is not None:
                progress(done, total)
        step(total, total, None, cancel)
        canvas.save()
    return drawn


__all__ = ["BallotPaper", "render_ballots", "ballot_layout", "default_instructions", "serial_text", "missing_glyphs",
           "KINDS"]
