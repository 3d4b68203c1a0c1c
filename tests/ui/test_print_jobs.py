"""Printing from the preview: grayscale pages at the printer's resolution (capped), a small job, cancellable."""

from __future__ import annotations

import pypdf
import pypdfium2
import pytest
from PySide6.QtPrintSupport import QPrinter
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.reports.pdf import fonts
from desktop_app.reports.pdf.ballot_papers import BallotPaper, render_ballots
from desktop_app.reports.pdf.official import PAGE_HEIGHT, PAGE_WIDTH, draw_watermark
from desktop_app.ui import print_preview
from desktop_app.ui.print_preview import PdfPreviewDialog, load_pdf, match_page_layout, paint_pdf

pytestmark = pytest.mark.gui

QR_BOX = (40 * mm, 40 * mm, 50 * mm)   # x, y (from the bottom), side of the code on the test page


def _ballots(path, copies=3):
    render_ballots(BallotPaper(title="示范镇第十九届人民代表大会第一次会议", item_name="选举副镇长",
                               candidates=["张三", "李四", "王五", "赵六", "钱七"], seats=2,
                               allow_write_in=True, copies=copies), path)
    return path


def _draft_with_code(path):
    """A 草稿 page (light-gray diagonal watermark) with text and a QR code, as a ballot with a code would have."""
    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    draw_watermark(canvas, "草稿")
    fonts.draw_string(canvas, 30 * mm, PAGE_HEIGHT - 40 * mm, "计票结果报告单（草稿）", "hei", 22)
    x, y, side = QR_BOX
    widget = QrCodeWidget("XZRD-BALLOT-0001-选举副镇长")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)
    canvas.showPage()
    canvas.save()
    return path


def _file_printer(document, out, *, gray=True, dpi=None) -> QPrinter:
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(out))
    if dpi:
        printer.setResolution(dpi)
    match_page_layout(printer, document)
    printer.setColorMode(QPrinter.GrayScale if gray else QPrinter.Color)
    return printer


def _images(path):
    return [image for page in pypdf.PdfReader(path).pages
            for image in (page["/Resources"]["/XObject"][name].get_object()
                          for name in page["/Resources"]["/XObject"])]


def _gray_pixels(path, dpi=100):
    page = pypdfium2.PdfDocument(str(path))[0]
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    return bitmap.width, bytes(bitmap.buffer), bitmap.stride


@pytest.fixture
def no_print_dialog(monkeypatch):
    """The dialog's 打印… accepts Qt's print dialog as is (the printer is already a file printer)."""
    monkeypatch.setattr(print_preview.QPrintDialog, "exec", lambda dialog: print_preview.QDialog.Accepted)


@pytest.fixture
def rendered(monkeypatch):
    """The pixel sizes the print path asks PDFium for, page by page."""
    sizes = []
    original = print_preview.PdfPages.render

    def spy(self, index, size, **kwargs):
        sizes.append((size.width(), size.height()))
        return original(self, index, size, **kwargs)

    monkeypatch.setattr(print_preview.PdfPages, "render", spy)
    return sizes


def test_printing_ballots_sends_grayscale_pages_far_smaller_than_colour(qtbot, tmp_path, no_print_dialog, rendered):
    source = _ballots(tmp_path / "ballots.pdf")
    dialog = PdfPreviewDialog(source)
    qtbot.addWidget(dialog)
    out = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(QPrinter.PdfFormat)
    dialog.printer.setOutputFileName(str(out))
    assert dialog.printer.colorMode() == QPrinter.GrayScale     # the default, before the clerk picks
    assert dialog.print_document()
    assert dialog.info.text() == "共 3 页；已发送到打印机"

    assert len(pypdf.PdfReader(out).pages) == 3
    images = _images(out)
    assert images and all(image["/ColorSpace"] == "/DeviceGray" for image in images)
    # 1200 dpi printer, capped at 300 dpi: pages rendered 2480 px wide, sent in bands of inked columns
    assert rendered == [(2480, 3508)] * 3
    assert all(image["/Width"] <= 2480 and image["/Height"] <= print_preview.BAND_ROWS for image in images)
    # today's way (full colour, the same resolution) for the same three ballots
    colour = tmp_path / "colour.pdf"
    paint_pdf(load_pdf(source), _file_printer(load_pdf(source), colour, gray=False))
    assert all(image["/ColorSpace"] == "/DeviceRGB" for image in _images(colour))
    assert out.stat().st_size * 5 < colour.stat().st_size


def test_printing_keeps_the_draft_watermark_and_a_machine_readable_code(qtbot, tmp_path):
    source = _draft_with_code(tmp_path / "draft.pdf")
    out = tmp_path / "printed.pdf"
    document = load_pdf(source)
    assert paint_pdf(document, _file_printer(document, out)) == 1
    width, printed, stride = _gray_pixels(out)
    _width, original, _stride = _gray_pixels(source)
    # the watermark's light gray survives as gray (a 1-bit page would have dropped it to white)
    watermark_gray = sum(1 for value in original if 150 < value < 245)
    assert watermark_gray > 10_000
    assert sum(1 for value in printed if 150 < value < 245) > watermark_gray * 0.8
    # every module of the QR code is where the original has it: compare the code's square pixel by pixel
    x, y, side = (round(v / 72 * 100) for v in QR_BOX)
    height = len(printed) // stride
    rows = range(height - y - side + 3, height - y - 3)
    cols = range(x + 3, x + side - 3)
    differ = sum(1 for r in rows for c in cols
                 if (printed[r * stride + c] < 128) != (original[r * stride + c] < 128))
    dark = sum(1 for r in rows for c in cols if original[r * stride + c] < 128)
    assert dark > 1000                           # the square really holds the code
    assert differ <= len(rows) * len(cols) * 0.02   # only edge pixels may round the other way


def test_printing_follows_the_printer_resolution_below_the_cap(qtbot, tmp_path, rendered):
    source = _ballots(tmp_path / "ballots.pdf", copies=1)
    document = load_pdf(source)
    out = tmp_path / "printed.pdf"
    paint_pdf(document, _file_printer(document, out, dpi=150))
    assert rendered == [(1240, 1754)]
    # the blank paper is left out: the bands drawn cover less than the page
    covered = sum(image["/Width"] * image["/Height"] for image in _images(out))
    assert 0 < covered < 1240 * 1754 * 0.9


def test_cancel_stops_the_job_and_leaves_no_half_printed_file(qtbot, tmp_path, no_print_dialog, monkeypatch):
    from desktop_app.ui.widgets import progress as progress_module

    source = _ballots(tmp_path / "ballots.pdf", copies=4)
    dialog = PdfPreviewDialog(source)
    qtbot.addWidget(dialog)
    out = tmp_path / "printed.pdf"
    dialog.printer.setOutputFormat(QPrinter.PdfFormat)
    dialog.printer.setOutputFileName(str(out))
    dialog.printer.setResolution(72)
    pages_seen = []

    def cancel_after_two(self, done, total=None, text=None):
        pages_seen.append(done)
        if done == 2:
            raise progress_module.JobCancelled()

    monkeypatch.setattr(progress_module.Progress, "__call__", cancel_after_two)
    assert dialog.print_document() is False
    assert pages_seen == [1, 2]
    assert not out.exists()
    assert dialog.info.text() == "共 4 页；已取消打印"
