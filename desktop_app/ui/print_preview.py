"""Preview, print and save a PDF the app generated: PDFium (pypdfium2) renders its pages, Qt's print preview shows them.

The PDF (made by reports/) is the single source of a document's layout; the preview and the printer
get images of its pages, so what is printed is what was previewed and what is saved.
"""

from __future__ import annotations

import shutil

import pypdfium2
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from ..fileio import atomic_path
from .widgets.screen_fit import fit_to_screen

# Pages are rasterised at most at this resolution: sharp on paper, modest in memory for 500 ballots.
MAX_DPI = 300


class PdfPages:
    """The pages of one PDF file, rendered to QImage by PDFium (the engine of Chrome's PDF viewer)."""

    def __init__(self, path: str | Path) -> None:
        self._pdf = pypdfium2.PdfDocument(str(path))

    def pageCount(self) -> int:  # noqa: N802 - mirrors the Qt naming of the code that paints
        return len(self._pdf)

    def pagePointSize(self, index: int) -> QSizeF:  # noqa: N802
        width, height = self._pdf[index].get_size()
        return QSizeF(width, height)

    def render(self, index: int, size: QSize) -> QImage:
        page = self._pdf[index]
        width, _height = page.get_size()
        bitmap = page.render(scale=size.width() / width, rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format_RGB888
                       if bitmap.n_channels == 3 else QImage.Format_RGBA8888)
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


def paint_pdf(document: PdfPages, printer: QPrinter, pages: list[int] | None = None) -> int:
    """Draw the pages of ``document`` onto ``printer`` (a real printer, a PDF file or the preview); returns pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用。")
    drawn = 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for n, index in enumerate(pages if pages is not None else range(document.pageCount())):
            if n:
                printer.newPage()
            point_size = document.pagePointSize(index)
            image = document.render(index, QSize(round(point_size.width() / 72 * dpi),
                                                  round(point_size.height() / 72 * dpi)))
            target = painter.viewport()
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
            drawn += 1
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
        match_page_layout(self.printer, self.document)
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(lambda printer: paint_pdf(self.document, printer))
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
        """Ask for a printer (Qt's dialog) and print every page."""
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.Accepted:
            return False
        try:
            paint_pdf(self.document, self.printer)
        except OSError as err:
            QMessageBox.warning(self, "无法打印", str(err))
            return False
        return True

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
