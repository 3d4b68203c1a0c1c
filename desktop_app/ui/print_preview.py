"""Preview, print and save a PDF the app generated: PDFium (pypdfium2) renders its pages, Qt's print preview shows them.

The PDF (made by reports/) is the single source of a document's layout; the preview and the printer
get images of its pages, so what is printed is what was previewed and what is saved.

Printing sends one grayscale image per page (unless the clerk picks 彩色 in the print dialog), at the
printer's resolution capped at 300 dpi, rendered without anti-aliasing: text and rules come out pure
black and white, as a laser printer prints them, while real grays (the 草稿 watermark, shaded boxes,
photos) keep their levels. Such pages compress about ten times better than colour ones, so a session's
500 ballots make a job an office printer's spooler takes. Pages are rendered one at a time and released
once drawn, so memory stays flat however many pages are printed.
"""

from __future__ import annotations

import shutil

import pypdfium2
import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from ..fileio import atomic_path
from .widgets.progress import run_with_progress
from .widgets.screen_fit import fit_to_screen

# Pages go to the printer at most at this resolution: sharp on paper, a modest job for 500 ballots.
MAX_DPI = 300
# Pages are sent in bands of this many rows, the blank ones left out (see draw_inked_bands).
BAND_ROWS = 256
# The preview holds every page at once (Qt keeps them to scroll through), so it gets lighter pages.
PREVIEW_DPI = 150


class PdfPages:
    """The pages of one PDF file, rendered to QImage by PDFium (the engine of Chrome's PDF viewer)."""

    def __init__(self, path: str | Path) -> None:
        self._pdf = pypdfium2.PdfDocument(str(path))

    def pageCount(self) -> int:  # noqa: N802 - mirrors the Qt naming of the code that paints
        return len(self._pdf)

    def pagePointSize(self, index: int) -> QSizeF:  # noqa: N802
        width, height = self._pdf[index].get_size()
        return QSizeF(width, height)

    def render(self, index: int, size: QSize, *, grayscale: bool = False, smooth: bool = True) -> QImage:
        """Page ``index`` scaled to ``size``'s width; 8-bit gray when ``grayscale``; hard edges unless ``smooth``."""
        page = self._pdf[index]
        width, _height = page.get_size()
        sharp = {} if smooth else {"no_smoothtext": True, "no_smoothpath": True, "no_smoothimage": True}
        bitmap = page.render(scale=size.width() / width, rev_byteorder=True, grayscale=grayscale, **sharp)
        if bitmap.n_channels == 1:
            image_format = QImage.Format_Grayscale8
        else:
            image_format = QImage.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format_RGBA8888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, image_format)
        return image.copy()   # detach from PDFium's buffer before it is freed

    def close(self) -> None:
        self._pdf.close()


def load_pdf(path: str | Path) -> PdfPages:
    try:
        document = PdfPages(path)
    except (pypdfium2.PdfiumError, OSError) as err:
        raise OSError(f"无法打开 PDF 文件：{path}（{err}）") from err
    if document.pageCount() == 0:
        raise OSError(f"PDF 文件没有页面：{path}")
    return document


def match_page_layout(printer: QPrinter, document: PdfPages) -> None:
    """Give the printer the paper size and orientation of the PDF's first page, with no margins."""
    size = document.pagePointSize(0)
    landscape = size.width() > size.height()
    portrait_size = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    page_size = QPageSize(portrait_size, QPageSize.Point, "", QPageSize.FuzzyOrientationMatch)
    orientation = QPageLayout.Landscape if landscape else QPageLayout.Portrait
    printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)


def prepare_printer(printer: QPrinter, document: PdfPages) -> None:
    """The PDF's paper, and grayscale: what an office laser printer prints, and a job a tenth the size."""
    match_page_layout(printer, document)
    printer.setColorMode(QPrinter.GrayScale)


def draw_inked_bands(painter: QPainter, image: QImage, scale_x: float, scale_y: float) -> None:
    """Draw ``image`` in bands of ``BAND_ROWS`` rows, each cropped to its inked columns; blank bands are skipped.

    The blank paper between a ballot's lines never goes to the printer: a smaller job on a file printer,
    and far less bitmap data in a Windows spooler, which stores the bitmaps uncompressed.
    """
    width, depth = image.width(), image.depth() // 8
    stride = image.bytesPerLine()
    data = bytes(image.constBits())
    used = width * depth
    for top in range(0, image.height(), BAND_ROWS):
        height = min(BAND_ROWS, image.height() - top)
        rows = [data[(top + r) * stride:(top + r) * stride + used] for r in range(height)]
        left = min(len(row) - len(row.lstrip(b"\xff")) for row in rows) // depth
        right = -(-max(len(row.rstrip(b"\xff")) for row in rows) // depth)
        if right <= left:
            continue
        painter.drawImage(QRectF(left * scale_x, top * scale_y, (right - left) * scale_x, height * scale_y),
                          image.copy(left, top, right - left, height))


def paint_pdf(document: PdfPages, printer: QPrinter, pages: list[int] | None = None, *, preview: bool = False,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Draw the pages of ``document`` onto ``printer`` (a real printer, a PDF file or the preview); returns pages drawn.

    Grayscale unless the printer is set to colour; at the printer's resolution capped at ``MAX_DPI``
    (``PREVIEW_DPI`` and anti-aliased for the on-screen ``preview``). ``progress(done, total)`` is called
    after each page; an exception it raises (the clerk's 取消) aborts the job and propagates.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用。")
    indexes = list(pages if pages is not None else range(document.pageCount()))
    grayscale = printer.colorMode() == QPrinter.GrayScale
    dpi = min(printer.resolution(), PREVIEW_DPI if preview else MAX_DPI)
    drawn = 0
    try:
        for n, index in enumerate(indexes):
            if n:
                printer.newPage()
            point_size = document.pagePointSize(index)
            image = document.render(index, QSize(round(point_size.width() / 72 * dpi),
                                                  round(point_size.height() / 72 * dpi)),
                                    grayscale=grayscale, smooth=preview)
            target = painter.viewport()
            if preview:
                painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
            else:
                draw_inked_bands(painter, image, target.width() / image.width(), target.height() / image.height())
            del image   # one page in memory at a time
            drawn += 1
            if progress is not None:
                progress(drawn, len(indexes))
    except BaseException:
        printer.abort()
        raise
    finally:
        painter.end()
    return drawn


def save_copy(source: str | Path, target: str | Path) -> Path:
    """Copy the generated PDF to where the clerk chose (temporary name, then rename)."""
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)
    return Path(target)


class PdfPreviewDialog(QDialog):
    """Print preview of one PDF with 打印…, 保存PDF…, 用系统程序打开 and 关闭."""

    def __init__(self, pdf_path: str | Path, parent: QWidget | None = None, *, title: str = "打印预览",
                 suggested_name: str | None = None) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.suggested_name = suggested_name or self.pdf_path.name
        self.setWindowTitle(f"{title} — {self.suggested_name}")
        fit_to_screen(self, 900, 1000)
        self.document = load_pdf(self.pdf_path)
        self.printer = QPrinter(QPrinter.HighResolution)
        self.printer.setDocName(self.suggested_name)
        prepare_printer(self.printer, self.document)
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(lambda printer: paint_pdf(self.document, printer, preview=True))
        self.info = QLabel(f"共 {self.document.pageCount()} 页")

        buttons = QHBoxLayout()
        for text, slot in (("放大", self.preview.zoomIn), ("缩小", self.preview.zoomOut),
                           ("适合宽度", self.preview.fitToWidth)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.info)
        buttons.addStretch(1)
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("保存PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button = QPushButton("用系统程序打开")
        self.open_button.clicked.connect(self.open_externally)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for button in (self.print_button, self.save_button, self.open_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.preview, 1)

    def print_document(self) -> bool:
        """Ask for a printer (Qt's dialog), then send the pages one by one with a progress bar and 取消."""
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.Accepted:
            return False
        return self.send_to_printer()

    def send_to_printer(self) -> bool:
        """Print every page to ``self.printer``; False when the clerk cancelled or the printer failed."""
        total = self.document.pageCount()
        try:
            drawn = run_with_progress(
                self, "打印", lambda progress: paint_pdf(self.document, self.printer, progress=progress),
                label=f"正在发送到打印机（共 {total} 页）…")
        except OSError as err:
            QMessageBox.warning(self, "无法打印", str(err))
            return False
        if drawn is None:
            self._discard_partial_file()
            self.info.setText(f"共 {total} 页；已取消打印")
            return False
        self.info.setText(f"共 {total} 页；已发送到打印机")
        return True

    def _discard_partial_file(self) -> None:
        # A file printer cannot abort: what it wrote before 取消 would look like a complete print.
        if self.printer.outputFormat() == QPrinter.PdfFormat and self.printer.outputFileName():
            Path(self.printer.outputFileName()).unlink(missing_ok=True)

    def save_pdf(self) -> Path | None:
        target, _ = QFileDialog.getSaveFileName(self, "保存PDF", self.suggested_name, "PDF 文件 (*.pdf)")
        if not target:
            return None
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        return save_copy(self.pdf_path, target)

    def open_externally(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))


def preview_pdf(pdf_path: str | Path, parent: QWidget | None = None, *, title: str = "打印预览",
                suggested_name: str | None = None) -> None:
    """Show the preview dialog (modal); errors opening the file are shown, never raised."""
    try:
        dialog = PdfPreviewDialog(pdf_path, parent, title=title, suggested_name=suggested_name)
    except OSError as err:
        QMessageBox.warning(parent, "无法预览", str(err))
        return
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.exec()


def render_and_preview(parent: QWidget | None, render, file_name: str, *, title: str = "打印预览") -> Path | None:
    """Run ``render(path)`` (a reports/ function writing a PDF) into a temporary folder, then preview it.

    A UserError from the renderer (missing data, a name no font can print) is shown, never raised.
    Returns the PDF's path, or None when nothing was made.
    """
    from ..errors import UserError

    path = Path(tempfile.mkdtemp(prefix="xzrd-print-")) / file_name
    try:
        render(path)
    except UserError as err:
        QMessageBox.warning(parent, "无法生成文件", str(err))
        return None
    preview_pdf(path, parent, title=title, suggested_name=file_name)
    return path
