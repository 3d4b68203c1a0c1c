"""A canvas that knows the total page count, for footers such as "第 2 页 共 5 页".

reportlab draws each page before it knows how many will follow, so the canvas keeps every finished page's
state and draws the footers when the document is saved (the well-known reportlab "NumberedCanvas" recipe).
"""

from __future__ import annotations

from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from . import fonts

FooterFn = Callable[[Canvas, int, int], None]   # (canvas, page number, total pages)


def numbered_canvas(draw_footer: FooterFn) -> type[Canvas]:
    """A canvas class for ``doc.build(..., canvasmaker=...)`` that calls ``draw_footer`` on every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_of_text(page: int, total: int) -> str:
    return f"第 {page} 页 共 {total} 页"


def draw_page_of(canvas: Canvas, page: int, total: int, *, page_width: float, y: float, size: float = 9) -> None:
    """The standard footer of forms and lists: "第 n 页 共 N 页" centred, in grey 宋体."""
    canvas.saveState()
    canvas.setFillGray(0.3)
    fonts.draw_string(canvas, page_width / 2, y, page_of_text(page, total), "song", size, align="centre")
    canvas.restoreState()
