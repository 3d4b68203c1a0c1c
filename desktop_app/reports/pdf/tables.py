"""A ruled table for PDF reports whose cells print every character (font fallback) and wrap in place."""

from __future__ import annotations

from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from . import fonts, unicode_cmap  # noqa: F401  (unicode_cmap: searchable rare characters)
from .text_block import TextBlock

_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT}
PADDING = 3


def _cell_style(font_name: str, size: float, align: str) -> ParagraphStyle:
    return ParagraphStyle(f"cell-{font_name}-{size}-{align}", fontName=font_name, fontSize=size,
                          leading=size * 1.25, alignment=_ALIGN[align])


def cell(text: object, font_name: str, size: float, width: float, align: str = "left"):
    """A plain string when it fits on one line in the main font (fast), else a wrapping TextBlock."""
    s = "" if text is None else str(text)
    plain = all(fonts.has_char(font_name, ch) for ch in s)
    if plain and "\n" not in s and stringWidth(s, font_name, size) <= width - 2 * PADDING:
        return s
    return TextBlock(s, _cell_style(font_name, size, align))


def make_table(header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: Sequence[float], *,
               size: float = 11, role: str = "fang", header_role: str = "hei",
               align: Sequence[str] | None = None, repeat_header: bool = True,
               extra_style: Sequence[tuple] = ()) -> Table:
    """A full-grid table: bold-face (黑体) centred header, body cells aligned per column.

    ``extra_style`` adds TableStyle commands, e.g. ("SPAN", (0, 1), (0, 3)) to merge a category cell.
    """
    body_font, head_font = fonts.font(role), fonts.font(header_role)
    align = list(align or ["left"] * len(header))
    data = [[cell(h, head_font, size, w, "centre") for h, w in zip(header, col_widths)]]
    for row in rows:
        data.append([cell(v, body_font, size, w, a) for v, w, a in zip(row, col_widths, align)])
    table = Table(data, colWidths=list(col_widths), repeatRows=1 if repeat_header else 0)
    commands = [
        ("FONT", (0, 0), (-1, 0), head_font, size),
        ("FONT", (0, 1), (-1, -1), body_font, size),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING + 1),
    ]
    for index, a in enumerate(align):
        commands.append(("ALIGN", (index, 1), (index, -1), {"left": "LEFT", "centre": "CENTER",
                                                             "right": "RIGHT"}[a]))
    table.setStyle(TableStyle(commands + list(extra_style)))
    return table


def content_widths(header: Sequence[str], rows: Sequence[Sequence[object]], total: float, *, size: float = 11,
                   role: str = "fang", header_role: str = "hei", shrink: Sequence[int] = (),
                   minimum: float = 0) -> list[float]:
    """Column widths from what the columns hold, summing to ``total``.

    Each column first gets the width of its longest cell (header included) on one line. When they do
    not fit, the ``shrink`` columns (long free text, which wraps well) give up width down to their header
    (or ``minimum``); what is left over goes to every column in proportion, so the table spans ``total``.
    """
    body_font, head_font = fonts.font(role), fonts.font(header_role)
    natural = []
    for index, title in enumerate(header):
        widest = fonts.string_width(str(title), head_font, size)
        for row in rows:
            value = row[index] if index < len(row) else ""
            for part in ("" if value is None else str(value)).split("\n"):
                widest = max(widest, fonts.string_width(part, body_font, size))
        natural.append(widest + 2 * PADDING + 1)
    widths = list(natural)
    excess = sum(widths) - total
    if excess > 0 and shrink:
        heads = {i: fonts.string_width(str(header[i]), head_font, size) + 2 * PADDING + 1 for i in shrink}
        floors = {i: min(widths[i], max(minimum, heads[i])) for i in shrink}
        room = sum(widths[i] - floors[i] for i in shrink)
        for i in shrink:
            share = (widths[i] - floors[i]) / room if room > 0 else 0
            widths[i] -= min(widths[i] - floors[i], excess * share)
    scale = total / sum(widths)
    return [w * scale for w in widths]
