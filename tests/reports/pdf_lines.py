"""Lines of text as printed, read back from a PDF with pdfminer.six: every character with its box."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTContainer

from desktop_app.domain.line_breaking import CANNOT_END, CANNOT_START

PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass
class PrintedLine:
    page: int
    glyphs: list[Glyph]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def y(self) -> float:
        return self.glyphs[0].y

    @property
    def size(self) -> float:
        return self.glyphs[0].size


def _chars(item):
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _chars(child)


def printed_lines(path) -> list[PrintedLine]:
    """Runs of characters on one baseline, of one size, with no gap wider than half a character between them
    (so the cells of a table row are separate lines), top to bottom, left to right, page by page."""
    out: list[PrintedLine] = []
    for number, page in enumerate(extract_pages(str(path), laparams=LAParams(all_texts=True)), start=1):
        glyphs = [Glyph(c.get_text(), c.x0, c.x1, round(c.matrix[5], 1), round(c.size, 1))
                  for c in _chars(page) if c.get_text()]
        glyphs.sort(key=lambda g: (-g.y, g.x0))
        current: list[Glyph] = []
        for glyph in glyphs:
            if current and (abs(glyph.y - current[-1].y) > 0.5 or abs(glyph.size - current[-1].size) > 0.2
                            or glyph.x0 - current[-1].x1 > 0.5 * glyph.size or glyph.x0 < current[-1].x0):
                out.append(PrintedLine(number, current))
                current = []
            current.append(glyph)
        if current:
            out.append(PrintedLine(number, current))
    return out


def punctuation_faults(path) -> list[str]:
    """Lines that start with closing punctuation or end with opening punctuation (标点禁则)."""
    faults = []
    for line in printed_lines(path):
        text = line.text.strip()
        if not text:
            continue
        if all(ch in CANNOT_START or ch in CANNOT_END for ch in text) or PAGE_NUMBER.fullmatch(text):
            continue    # a cell that is only "—" or "……", a page number "— 1 —"
        if text[0] in CANNOT_START or text[-1] in CANNOT_END:
            faults.append(f"第{line.page}页：{text}")
    return faults
