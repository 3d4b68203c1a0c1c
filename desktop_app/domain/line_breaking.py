"""Where a line of Chinese text may break: 标点禁则 (避头尾), unbroken Latin words and numbers, no lone last character.

Every renderer (official documents, forms, table cells, ballots, certificates) breaks its lines here, so a
line never starts with closing punctuation such as "。" or "）" and never ends with an opening one such as
"“" or "（" (GB/T 15834 and the usual 避头尾 rules of WPS and Word). When the character after a full line
may not start the next one, the last character of the line moves down with it (挤进 would squeeze glyphs;
推出 keeps the grid), and the line is justified with the space it freed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# Closing punctuation (GB/T 15834 点号 and closing 标号) and the like: never the first character of a line.
CANNOT_START = frozenset(
    "，。、；：？！…—·‥"
    "）】》〉」』〕］｝〗〙"
    "\u201d\u2019"          # ” ’
    "％‰℃°"
    "\uff0e\uff64\uff61"    # full-width ．, half-width ､ ｡
    ",.;:?!)]}%"
)
# Opening punctuation: never the last character of a line.
CANNOT_END = frozenset("（【《〈「『〔［｛〖〘\u201c\u2018([{")
# Characters drawn in pairs that must stay on one line: ——, ……
_PAIRED = frozenset("—…")
# Tolerance of the width comparison, in the caller's unit (points): rounding of 28 × 5.57 mm must still fit.
EPSILON = 0.01


@dataclass(frozen=True)
class Line:
    """Characters ``text[start:end]`` form one line; ``last`` when a paragraph ends with it (not justified)."""

    start: int
    end: int
    last: bool


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "._-/%+@#&'")


def may_break_before(text: str, index: int) -> bool:
    """Whether a line may start at ``text[index]`` (a break between it and the character before)."""
    if index <= 0 or index >= len(text):
        return True
    prev, ch = text[index - 1], text[index]
    if ch in CANNOT_START or prev in CANNOT_END:
        return False
    if prev == ch and ch in _PAIRED:
        return False
    if _latin(prev) and _latin(ch):
        return False
    return True


def break_lines(text: str, widths: Sequence[float], max_widths: float | Sequence[float]) -> list[Line]:
    """Break ``text`` into lines no wider than ``max_widths`` (one width, or one per line, the last repeating).

    ``widths`` are the advances of the characters of ``text`` (one per character). A newline ends a
    paragraph (it belongs to no line). Spaces at the start of a continued line are dropped. A word longer
    than a line is cut where it overflows (nothing else would fit it).
    """
    if isinstance(max_widths, (int, float)):
        max_widths = [float(max_widths)]
    if len(widths) != len(text):
        raise ValueError("widths must give one advance per character")
    lines: list[Line] = []
    start = 0
    length = len(text)
    while start <= length:
        end_of_paragraph = text.find("\n", start)
        if end_of_paragraph < 0:
            end_of_paragraph = length
        first_of_paragraph = len(lines)
        lines += _paragraph(text, widths, max_widths, start, end_of_paragraph, len(lines))
        _no_lone_last_character(text, lines, first_of_paragraph)
        start = end_of_paragraph + 1
    return lines


def _width_for(max_widths: Sequence[float], line_number: int) -> float:
    return max_widths[min(line_number, len(max_widths) - 1)]


def _paragraph(text: str, widths: Sequence[float], max_widths: Sequence[float], start: int, stop: int,
               line_number: int) -> list[Line]:
    out: list[Line] = []
    while True:
        limit = _width_for(max_widths, line_number + len(out))
        pos, used = start, 0.0
        while pos < stop and (pos == start or used + widths[pos] <= limit + EPSILON):
            used += widths[pos]
            pos += 1
        if pos >= stop:
            out.append(Line(start, stop, True))
            return out
        cut = pos
        while cut > start and not may_break_before(text, cut):
            cut -= 1
        if cut == start:
            # nothing legal inside the line (a column one or two characters wide): let a closing mark or two
            # hang past the edge rather than start the next line, else cut where it overflows
            cut = next((i for i in range(pos + 1, min(pos + 3, stop + 1)) if i == stop or may_break_before(text, i)),
                       pos)
            if cut >= stop:
                out.append(Line(start, stop, True))
                return out
        out.append(Line(start, cut, False))
        start = cut
        while start < stop and text[start] == " ":
            start += 1
        if start >= stop:
            out[-1] = Line(out[-1].start, out[-1].end, True)
            return out


def _no_lone_last_character(text: str, lines: list[Line], first: int) -> None:
    """A paragraph's last line of one character (with its punctuation, e.g. "席。") takes one more from above."""
    if len(lines) - first < 2:
        return
    before, last = lines[-2], lines[-1]
    body = [ch for ch in text[last.start:last.end] if ch not in CANNOT_START and not ch.isspace()]
    if len(body) != 1 or before.end - before.start < 4:
        return
    cut = before.end - 1
    while cut > before.start + 2 and not may_break_before(text, cut):
        cut -= 1
    if cut <= before.start + 2:
        return
    lines[-2] = Line(before.start, cut, False)
    lines[-1] = Line(cut, last.end, True)
