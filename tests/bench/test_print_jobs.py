"""Benchmark: 500 ballots printed to a file printer (the stand-in for a Windows spooler), today's way vs the new way.

Today's way (until issue 13): every page rasterised in full colour, anti-aliased, at 300 dpi. The new way
(ui/print_preview.paint_pdf): grayscale pages without anti-aliasing at the printer's resolution capped at
300 dpi. Both print the same ballots (ops.ballot_papers.render_ballots) in the same run; the job must be
under a tenth of today's size and no slower. Run with `make bench`.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop_app.db.connection import open_database
from desktop_app.db import sessions as sessions_db
from desktop_app.db import vote_items as items_db
from desktop_app.db.terms import create_term
from desktop_app.ops import ballot_papers
from desktop_app.ui.print_preview import MAX_DPI, load_pdf, paint_pdf, prepare_printer

pytestmark = pytest.mark.gui

COPIES = 500
SIZE_RATIO_LIMIT = 0.1
TIME_RATIO_LIMIT = 1.0


def todays_way(document, printer: QPrinter) -> None:
    """The print path before issue 13, kept here as the yardstick: colour, anti-aliased, 300 dpi."""
    painter = QPainter()
    assert painter.begin(printer)
    dpi = min(printer.resolution(), MAX_DPI)
    for index in range(document.pageCount()):
        if index:
            printer.newPage()
        size = document.pagePointSize(index)
        image = document.render(index, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi)))
        target = painter.viewport()
        painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
    painter.end()


def _ballots(tmp_path):
    db = open_database(tmp_path / "bench.db")
    term_id = create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    session_id = sessions_db.create_session(db, term_id=term_id, number=1, total_deputies=COPIES)
    item_id = items_db.create_item(db, session_id, code="X1", name="选举副镇长", kind="选举", seats=2,
                                   allow_write_in=True)
    items_db.set_candidates(db, item_id, ["张三", "李四", "王五", "赵六", "钱七"])
    path = ballot_papers.render_ballots(db, item_id, tmp_path / "ballots.pdf",
                                        ballot_papers.BallotChoices(copies=COPIES))
    db.close()
    return path


def _file_printer(document, out) -> QPrinter:
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(out))
    prepare_printer(printer, document)
    return printer


@pytest.mark.timeout(1800)   # two print runs of 500 pages; the suite's 300 s per test is for tests
def test_500_ballots_to_a_file_printer(qapp, tmp_path):
    source = _ballots(tmp_path)
    document = load_pdf(source)
    assert document.pageCount() == COPIES

    old_out, new_out = tmp_path / "today.pdf", tmp_path / "new.pdf"
    old_printer = _file_printer(document, old_out)
    old_printer.setColorMode(QPrinter.Color)
    start = time.perf_counter()
    todays_way(document, old_printer)
    old_time = time.perf_counter() - start

    start = time.perf_counter()
    assert paint_pdf(document, _file_printer(document, new_out)) == COPIES
    new_time = time.perf_counter() - start

    mb = 1024 * 1024
    old_size, new_size = old_out.stat().st_size, new_out.stat().st_size
    print(f"\n{COPIES} ballots to a file printer (source PDF {source.stat().st_size / mb:.2f} MB): "
          f"today {old_size / mb:.1f} MB in {old_time:.1f} s; new {new_size / mb:.1f} MB in {new_time:.1f} s; "
          f"size ratio {new_size / old_size:.3f} (limit {SIZE_RATIO_LIMIT}), "
          f"time ratio {new_time / old_time:.2f} (limit {TIME_RATIO_LIMIT})")
    assert new_size < old_size * SIZE_RATIO_LIMIT
    assert new_time <= old_time * TIME_RATIO_LIMIT
