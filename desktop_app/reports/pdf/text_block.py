"""The one text flowable of every PDF: lines broken by ``domain.line_breaking``, optional character grid, justified.

reportlab's own CJK wrapping hangs closing punctuation past the margin, lets an opening quote end a line
and cannot justify a line without spaces. :class:`TextBlock` takes plain text (or runs of text in
different fonts), picks a fallback font per character (䶮, 𠅤), breaks the lines with the shared rules
and draws each line as one text run whose character spacing fills the line exactly. ``pitch`` puts the
text on a character grid (GB/T 9704: 156 mm / 28 characters = 5.57 mm at 3号).
"""

from __future__ import annotations

import functools
from typing import Iterable, Sequence

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ...domain.line_breaking import Line, break_lines
from . import fonts

@functools.lru_cache(maxsize=65536)
def _unit_width(ch: str, font_name: str) -> float:
    return pdfmetrics.stringWidth(ch, font_name, 1.0)


Runs = Sequence[tuple[str, str]]


class TextBlock(Flowable):
    """A paragraph: ``text`` (or ``runs`` of (text, role or font)) in ``style``; a newline breaks the line.

    Uses of ``style``: fontName, fontSize, leading, alignment, firstLineIndent, leftIndent, rightIndent,
    spaceBefore, spaceAfter, textColor. ``pitch`` is the advance of a full-width character (None: the
    font's own).
    """

    def __init__(self, text: str = "", style: ParagraphStyle | None = None, *, runs: Runs | None = None,
                 pitch: float | None = None, _chars=None, _open_end: bool = False,
                 _first_line: bool = True) -> None:
        super().__init__()
        if style is None:
            raise ValueError("TextBlock needs a style")
        self.style = style
        self.pitch = pitch
        self.size = style.fontSize
        self.track = (pitch - style.fontSize) if pitch else 0.0
        if _chars is None:
            _chars = self._characters(runs if runs is not None else [(str(text), style.fontName)])
        self.chars, self.fonts, self.glyphs = _chars
        self.text = "".join(self.chars)
        self._open_end = _open_end          # the last line continues on the next page: justify it
        self._first_line = _first_line      # the first line is the paragraph's: indent it
        self._lines: list[Line] = []
        self._width = None

    # ------------------------------------------------------------------ characters and lines

    def _characters(self, runs: Runs):
        chars, names, glyphs = [], [], []
        for text, role_or_font in runs:
            preferred = fonts._resolve(role_or_font)
            for name, chunk in fonts.runs(str(text), preferred):
                for ch in chunk:
                    chars.append(ch)
                    names.append(name)
                    glyphs.append(0.0 if ch == "\n" else _unit_width(ch, name) * self.size)
        return chars, names, glyphs

    def _available(self, width: float) -> tuple[float, float]:
        st = self.style
        rest = width - st.leftIndent - st.rightIndent
        return rest - (st.firstLineIndent if self._first_line else 0), rest

    def _layout(self, width: float) -> list[Line]:
        if self._width != width:
            first, rest = self._available(width)
            advances = [g + self.track for g in self.glyphs]
            self._lines = break_lines(self.text, advances, [first, rest])
            if self._open_end and self._lines:
                tail = self._lines[-1]
                self._lines[-1] = Line(tail.start, tail.end, False)
            self._width = width
        return self._lines

    def lines(self, width: float) -> list[str]:
        """The text of each line at ``width`` (for tests and for callers that count lines)."""
        return [self.text[line.start:line.end] for line in self._layout(width)]

    # ------------------------------------------------------------------ Flowable

    def wrap(self, avail_width, avail_height):
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def minWidth(self):
        return max((g + self.track for g in self.glyphs), default=0) + self.style.leftIndent + self.style.rightIndent

    def split(self, avail_width, avail_height):
        lines = self._layout(avail_width)
        fit = int((avail_height + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        cut = lines[fit].start
        head_style = self.style
        tail_style = ParagraphStyle(self.style.name + "-cont", parent=self.style, spaceBefore=0)
        head_style = ParagraphStyle(self.style.name, parent=self.style, spaceAfter=0)
        head = TextBlock(style=head_style, pitch=self.pitch, _open_end=True, _first_line=self._first_line,
                         _chars=(self.chars[:cut], self.fonts[:cut], self.glyphs[:cut]))
        tail = TextBlock(style=tail_style, pitch=self.pitch, _open_end=self._open_end, _first_line=False,
                         _chars=(self.chars[cut:], self.fonts[cut:], self.glyphs[cut:]))
        return [head, tail]

    def draw(self):
        st = self.style
        canvas = self.canv
        lines = self._layout(self.width)
        first, rest = self._available(self.width)
        serif_fallbacks = fonts.serif_fallbacks_for(st.fontName)
        canvas.saveState()
        canvas.setFillColor(st.textColor)
        canvas.setStrokeColor(st.textColor)
        canvas.setLineWidth(self.size * fonts.EMBOLDEN)
        for number, line in enumerate(lines):
            start, end = line.start, line.end
            while end > start and self.chars[end - 1] == " ":
                end -= 1
            if end <= start:
                continue
            indent = st.firstLineIndent if (number == 0 and self._first_line) else 0.0
            room = first if (number == 0 and self._first_line) else rest
            glyphs = sum(self.glyphs[start:end])
            gaps = end - start - 1
            natural = glyphs + gaps * self.track
            spacing = self.track
            x = st.leftIndent + indent
            if st.alignment == TA_JUSTIFY and not line.last and gaps > 0:
                spacing = (room - glyphs) / gaps
            elif st.alignment == TA_CENTER:
                x += (room - natural) / 2
            elif st.alignment == TA_RIGHT:
                x += room - natural
            # the baseline sits so that the em box is centred in the line (a 3号 line on the 22-line grid)
            y = self.height - (number + 1) * st.leading + (st.leading - self.size) / 2 + 0.12 * self.size
            text = canvas.beginText(x, y)
            text.setCharSpace(spacing)
            offset = start
            for name, chunk in _font_runs(self.chars[start:end], self.fonts[start:end]):
                # each font's run placed where it starts (readers differ on the spacing after a run's last glyph)
                text.setTextOrigin(x + sum(self.glyphs[start:offset]) + (offset - start) * spacing, y)
                text.setFont(name, self.size)
                # a thin serif fallback glyph among sans ones is stroked to the weight around it
                text.setTextRenderMode(2 if name in serif_fallbacks else 0)
                text.textOut(chunk)
                offset += len(chunk)
            canvas.drawText(text)
        canvas.restoreState()

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def __repr__(self):
        return f"TextBlock({self.text[:30]!r}, {self.style.name})"


def _font_runs(chars: Iterable[str], names: Iterable[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch, name in zip(chars, names):
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def text(value: object, style: ParagraphStyle, *, pitch: float | None = None) -> TextBlock:
    """A TextBlock of plain text (None prints as nothing)."""
    return TextBlock("" if value is None else str(value), style, pitch=pitch)
