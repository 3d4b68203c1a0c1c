"""The GB/T 9704-2012 official document frame: A4, 37/28 mm margins, 156×225 mm text block, "— 1 —".

Use it for anything a clerk would otherwise type in the 公文 template: announcements, result
reports, statistics. Build a story from :func:`styles`/:func:`para`/:func:`title`/:func:`signature`
(plus any platypus flowables, e.g. tables from ``reports/pdf/tables.py``) and write it with
:func:`build_document`. Body text is 3号 on the 28 × 22 grid (``text_block.TextBlock``), full lines
justified to the 156 mm block; rare characters in names (䶮, 𠅤) print from a fallback font.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Callable, Iterable

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate

from ...fileio import atomic_path
from ..wording import cn_date  # noqa: F401  (official.cn_date: every document's date)
from . import fonts, unicode_cmap  # noqa: F401  (unicode_cmap: searchable rare characters)
from .text_block import TextBlock

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP_MARGIN = 37 * mm
LEFT_MARGIN = 28 * mm
BLOCK_WIDTH = 156 * mm
BLOCK_HEIGHT = 225 * mm
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - BLOCK_HEIGHT     # 35 mm
BODY_SIZE = 16            # 3号
TITLE_SIZE = 22           # 2号
PAGE_NUMBER_SIZE = 14     # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 22 lines fill the 225 mm block exactly; the standard's grid, not a typographic taste.
LEADING = BLOCK_HEIGHT / LINES_PER_PAGE
# 28 characters fill the 156 mm line: the document grid of Word and WPS (3号 glyphs at a 5.57 mm pitch).
PITCH = BLOCK_WIDTH / CHARS_PER_LINE
CHAR = PITCH              # one 字 of indentation on the grid
# Styles whose text sits on the 28-character grid (3号 body text); the others keep their font's own advance.
GRID_STYLES = frozenset({"body", "plain", "heading", "subtitle", "number", "signature", "date"})


@functools.lru_cache(maxsize=None)
def styles() -> dict[str, ParagraphStyle]:
    """Named paragraph styles of the frame: title, subtitle, number, body, plain, heading, signature, date, note,
    small."""
    fang, song, hei = fonts.font("fang"), fonts.font("song"), fonts.font("hei")
    body = ParagraphStyle("body", fontName=fang, fontSize=BODY_SIZE, leading=LEADING,
                          firstLineIndent=2 * CHAR, alignment=TA_JUSTIFY)
    return {
        # 2号 title lines on the body grid, then one empty line before the body (GB/T 9704 7.3.3)
        "title": ParagraphStyle("title", fontName=song, fontSize=TITLE_SIZE, leading=LEADING,
                                alignment=TA_CENTER, spaceAfter=LEADING),
        "subtitle": ParagraphStyle("subtitle", parent=body, firstLineIndent=0, alignment=TA_CENTER,
                                   spaceAfter=LEADING * 0.4),
        # "（第1号）" under a 公告's title: the title's empty line moves below it
        "number": ParagraphStyle("number", parent=body, firstLineIndent=0, alignment=TA_CENTER,
                                 spaceAfter=LEADING),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "heading": ParagraphStyle("heading", parent=body, fontName=hei, alignment=TA_LEFT),
        "signature": ParagraphStyle("signature", parent=body, firstLineIndent=0, alignment=TA_RIGHT,
                                    rightIndent=4 * CHAR),
        "date": ParagraphStyle("date", parent=body, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=4 * CHAR),
        # notes usually follow a table: a little air so they do not stick to its bottom rule
        "note": ParagraphStyle("note", parent=body, fontSize=12, leading=18, firstLineIndent=0, spaceBefore=3),
        "small": ParagraphStyle("small", parent=body, fontSize=12, leading=15, firstLineIndent=0,
                                alignment=TA_LEFT, spaceBefore=3),
    }


def para(text: str, style: str | ParagraphStyle = "body") -> TextBlock:
    """A paragraph of plain text (per-character font fallback) in a named style; a newline breaks the line.

    Text in the 3号 styles sits on the 28-character grid and full lines are justified to the 156 mm block.
    """
    st = styles()[style] if isinstance(style, str) else style
    on_grid = st.name in GRID_STYLES and st.fontSize == BODY_SIZE
    return TextBlock(str(text), st, pitch=PITCH if on_grid else None)


def item(label: str, value: str, style: str = "body") -> TextBlock:
    """A paragraph whose ``label`` is in 黑体 and ``value`` in the style's face (一、接待时间：…)."""
    st = styles()[style]
    return TextBlock(style=st, runs=[(label, fonts.font("hei")), (value, st.fontName)],
                     pitch=PITCH if st.fontSize == BODY_SIZE else None)


def title(text: str, *, number: int | str | None = None, below: str | None = None) -> Flowable:
    """The 2号 title (a newline where a long title should break: 公文 titles break by meaning), one empty
    line below it; a numbered 公告 has its "（第1号）" (or any ``below`` line, e.g. "（截至…）") under the
    title and the empty line below that."""
    if number:
        below = f"（第{number}号）"
    if not below:
        return para(text, "title")
    tight = ParagraphStyle("title", parent=styles()["title"], spaceAfter=0)
    return KeepTogether([TextBlock(str(text), tight), para(below, "number")])


def is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, TextBlock) and flowable.style.name == "heading"


class SignatureBlock(Flowable):
    """署名 and date as one unbreakable block whose space above shrinks to what is left on the page.

    A date alone at the top of a page, or a signature on a page without any text (GB/T 9704 forbids
    both), happens when a fixed blank line pushes the block over the edge; here the blank line gives way
    first (down to ``min_space``). ``lead`` is the paragraph before the signature (set by
    :func:`guard_headings`): when even the two lines do not fit, the end of that paragraph moves to the
    next page with them, so the signature always has text above it.
    """

    def __init__(self, lines: list[Flowable], space: float, min_space: float = LEADING * 0.3,
                 lead: Flowable | None = None) -> None:
        super().__init__()
        self.lines, self.space, self.min_space, self.lead = lines, space, min_space, lead
        self._sizes: list[tuple[float, float]] = []
        self._lead_height = 0.0
        self._gap = space

    def wrap(self, avail_width, avail_height):
        self._lead_height = 0.0
        if self.lead is not None:
            self._lead_height = self.lead.wrap(avail_width, avail_height)[1] + self.lead.getSpaceBefore()
        self._sizes = [line.wrap(avail_width, avail_height) for line in self.lines]
        need = self._lead_height + sum(h for _w, h in self._sizes)
        self._gap = max(self.min_space, min(self.space, avail_height - need))
        self.width, self.height = avail_width, need + self._gap
        return self.width, self.height

    def split(self, avail_width, avail_height):
        if self.lead is None:
            return []     # on the next page as a whole
        lines_height = sum(line.wrap(avail_width, avail_height)[1] for line in self.lines)
        room = avail_height - lines_height - self.min_space - self.lead.getSpaceBefore()
        parts = self.lead.split(avail_width, room) if room > 0 else []
        if len(parts) != 2:
            return []
        return [parts[0], SignatureBlock(self.lines, self.space, self.min_space, lead=parts[1])]

    def draw(self):
        y = self.height
        if self.lead is not None:
            y -= self._lead_height
            self.lead.drawOn(self.canv, 0, y)
        y -= self._gap
        for line, (_w, h) in zip(self.lines, self._sizes):
            y -= h
            line.drawOn(self.canv, 0, y)


def _grid_width(text: str, st: ParagraphStyle) -> float:
    block = TextBlock(text, st, pitch=PITCH)
    return sum(block.glyphs) + (len(block.glyphs) - 1) * block.track


def signature_lines(org: str, day: dt.date | str | None) -> list[TextBlock]:
    """署名 and 成文日期 of a sealed document (GB/T 9704-2012 7.3.5.1): the date four characters in from the
    right, the organ centred above the date (kept inside the block when it is the longer)."""
    st = styles()
    if not day:
        return [para(org, "signature")]
    date_text = cn_date(day)
    date_width, org_width = _grid_width(date_text, st["date"]), _grid_width(org, st["signature"])
    indent = max(0.0, 4 * CHAR + (date_width - org_width) / 2)
    org_style = ParagraphStyle("signature", parent=st["signature"], rightIndent=indent)
    return [TextBlock(org, org_style, pitch=PITCH), para(date_text, "date")]


def signature(org: str, day: dt.date | str | None, *, space_lines: float = 1) -> list[Flowable]:
    """署名 and 成文日期 placed as :func:`signature_lines` says, ``space_lines`` blank lines above (fewer when
    the page is nearly full, see :class:`SignatureBlock`)."""
    return [SignatureBlock(signature_lines(org, day), LEADING * space_lines)]


def guard_headings(story: Iterable[Flowable], room: float = LEADING * 4) -> list[Flowable]:
    """The story with a conditional page break before every heading, so a heading never ends a page,
    and the paragraph before a signature kept with it, so the signature never stands alone on a page.

    A heading needs ``room`` below it (itself and a few lines or table rows), else it starts the next page.
    (keepWithNext would glue the heading to a whole long table and push both to a new page, wasting one.)
    """
    guarded: list[Flowable] = []
    for flowable in story:
        if is_heading(flowable):
            guarded.append(CondPageBreak(room))
        if isinstance(flowable, SignatureBlock) and flowable.lead is None and guarded \
                and isinstance(guarded[-1], TextBlock) and not is_heading(guarded[-1]):
            # a signature never stands on a page without text: (the end of) the last paragraph goes with it
            flowable.lead = guarded.pop()
        guarded.append(flowable)
    return guarded


def page_number_text(number: int) -> str:
    return f"— {number} —"


def draw_page_number(canvas, number: int, *, page_width: float = PAGE_WIDTH,
                     left: float = LEFT_MARGIN, block_width: float = BLOCK_WIDTH,
                     block_bottom: float = BOTTOM_MARGIN) -> None:
    """4号 page number 7 mm below the block: odd pages right, even pages left, one character in."""
    text = page_number_text(number)
    y = block_bottom - 7 * mm - PAGE_NUMBER_SIZE * 0.35
    inset = PAGE_NUMBER_SIZE
    if number % 2:
        fonts.draw_string(canvas, left + block_width - inset, y, text, "song", PAGE_NUMBER_SIZE, align="right")
    else:
        fonts.draw_string(canvas, left + inset, y, text, "song", PAGE_NUMBER_SIZE)


def draw_watermark(canvas, text: str, *, page_width: float = PAGE_WIDTH, page_height: float = PAGE_HEIGHT) -> None:
    """A large light-grey diagonal word (e.g. 草稿) behind the page content."""
    canvas.saveState()
    canvas.setFillGray(0.85)
    canvas.translate(page_width / 2, page_height / 2)
    canvas.rotate(35)
    fonts.draw_string(canvas, 0, -40, text, "hei", 110, align="centre")
    canvas.restoreState()


def build_document(out_path: str | Path, story: Iterable[Flowable], *, doc_title: str = "", author: str = "",
                   watermark: str | None = None, page_numbers: bool = True,
                   on_page: Callable | None = None) -> Path:
    """Lay ``story`` out in the official frame and write the PDF atomically; returns the path.

    ``watermark`` (e.g. "草稿") is drawn under every page; ``on_page(canvas, doc)`` may add more.
    """
    out_path = Path(out_path)

    def decorate(canvas, doc):
        canvas.saveState()
        if watermark:
            draw_watermark(canvas, watermark)
        if page_numbers:
            draw_page_number(canvas, doc.page)
        if on_page is not None:
            on_page(canvas, doc)
        canvas.restoreState()

    with atomic_path(out_path) as tmp:
        doc = BaseDocTemplate(str(tmp), pagesize=A4, leftMargin=LEFT_MARGIN, rightMargin=PAGE_WIDTH - LEFT_MARGIN
                              - BLOCK_WIDTH, topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
                              title=doc_title, author=author, creator="乡镇人大工作台")
        frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, BLOCK_WIDTH, BLOCK_HEIGHT, id="block",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="official", frames=[frame], onPage=decorate)])
        doc.build(guard_headings(story))
    return out_path
