"""Benchmark: 一人一档 PDFs of 100 deputies (one file each) ≤ 10 s with progress; memory flat (50 vs 100);
ratio to bare reportlab platypus building comparable documents (same pages of tables, same font)."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from itertools import cycle, islice

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from desktop_app.db import archive
from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo
from desktop_app.paths import resource_path
from desktop_app.ops.archive_documents import export_archives_to_folder
from desktop_app.reports.pdf.archive import SECTIONS

TODAY = dt.date(2026, 11, 23)
COUNT = 100
LIMIT_SECONDS = 10.0


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("bench") / "demo.db")
    fill_demo(db, today=TODAY)
    yield db
    db.close()


def _ids(db, count: int) -> list[int]:
    """``count`` deputies: the demo's 78, then again from the start (each file written anew)."""
    return list(islice(cycle(archive.archive_deputy_ids(db)), count))


def bare_reportlab(db, ids: list[int], folder) -> None:
    """Comparable documents in plain platypus: per deputy a title page, a contents page, a paragraph per
    section and the activity table, and one page for the calendar year — one font, no fallback, no furniture."""
    name = "BenchArchiveHei"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    style = ParagraphStyle("bench", fontName=name, fontSize=10.5, leading=16)
    folder.mkdir(exist_ok=True)
    for n, deputy_id in enumerate(ids):
        a = archive.gather(db, deputy_id, year=2026, today=TODAY)
        story = [Paragraph(a["deputy"]["name"], style), PageBreak()]
        story += [Paragraph(title, style) for _, title in SECTIONS] + [PageBreak()]
        for _, title in SECTIONS:
            story.append(Paragraph(title, style))
        rows = [[r["date"], r["type_name"], r["theme"], r["status"]] for r in a["activities"]["rows"]] or [["", "", "", ""]]
        story.append(Table(rows, style=[("FONT", (0, 0), (-1, -1), name, 9.5),
                                        ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story += [PageBreak(), Table([[str(d) for d in range(1, 32)]] * 12,
                                     style=[("FONT", (0, 0), (-1, -1), name, 8)])]
        SimpleDocTemplate(str(folder / f"{n}.pdf"), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm).build(story)


def test_batch_archives_speed_progress_and_flat_memory(demo, tmp_path):
    ids = _ids(demo, COUNT)
    export_archives_to_folder(demo, ids[:1], tmp_path / "warm", year=2026)   # fonts and caches loaded once
    seen: list[tuple[int, int]] = []
    start = time.perf_counter()
    written = export_archives_to_folder(demo, ids, tmp_path / "out", lambda d, t: seen.append((d, t)), year=2026)
    elapsed = time.perf_counter() - start
    assert len(written) == COUNT and seen[-1] == (COUNT, COUNT) and len(seen) == COUNT

    start = time.perf_counter()
    bare_reportlab(demo, ids, tmp_path / "bare")
    bare = time.perf_counter() - start

    peaks = {}
    for count in (50, 100):
        tracemalloc.start()
        export_archives_to_folder(demo, ids[:count], tmp_path / f"mem{count}", year=2026)
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"\n一人一档 PDF × {COUNT}: {elapsed:.2f} s ({elapsed / COUNT * 1000:.0f} ms each); bare reportlab "
          f"{bare:.2f} s; ratio {elapsed / bare:.2f}×; tracemalloc peak 50 → {peaks[50] / 1e6:.1f} MB, "
          f"100 → {peaks[100] / 1e6:.1f} MB")
    assert elapsed <= LIMIT_SECONDS
    assert peaks[100] <= peaks[50] * 1.3
