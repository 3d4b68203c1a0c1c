"""The frame of printed lists (名册, 活动登记表, 履职达标): landscape A4, 15 mm margins, "第 n 页 共 N 页".

Lists are read page by page and stapled, so every page says how many there are (a missing sheet shows);
official documents with a 署名 keep the GB/T 9704 "— n —" of ``official.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ...fileio import atomic_path
from .official import guard_headings
from .page_count import draw_page_of, numbered_canvas

PAGE = landscape(A4)
MARGIN = 15 * mm
FOOTER_SPACE = 9 * mm            # between the frame and the bottom margin: the page footer's line
BLOCK_WIDTH = PAGE[0] - 2 * MARGIN
BLOCK_HEIGHT = PAGE[1] - 2 * MARGIN - FOOTER_SPACE


def build_list_document(out_path: str | Path, story: Iterable[Flowable], *, title: str,
                        on_page: Callable | None = None, page: tuple[float, float] = PAGE) -> Path:
    """Lay ``story`` out in the list frame and write the PDF atomically; ``on_page(canvas, doc)`` runs per page."""
    out_path = Path(out_path)
    width, height = page

    def footer(canvas, number: int, total: int) -> None:
        draw_page_of(canvas, number, total, page_width=width, y=MARGIN)

    def decorate(canvas, doc):
        if on_page is not None:
            on_page(canvas, doc)

    with atomic_path(out_path) as tmp:
        doc = BaseDocTemplate(str(tmp), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                              bottomMargin=MARGIN + FOOTER_SPACE, title=title, author="乡镇人大工作台",
                              creator="乡镇人大工作台")
        frame = Frame(MARGIN, MARGIN + FOOTER_SPACE, width - 2 * MARGIN, height - 2 * MARGIN - FOOTER_SPACE,
                      id="list", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="list", frames=[frame], onPage=decorate)])
        doc.build(guard_headings(story), canvasmaker=numbered_canvas(footer))
    return out_path
