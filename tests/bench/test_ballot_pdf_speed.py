"""Benchmark: 500 numbered ballots (选举, 5 candidates, write-ins) ≤ 2 s and ≤ 1.5× bare reportlab.

Each ballot carries its own QR code (serial inside): the bare version draws the same modules (from the app's
encoder, so both pay the same encoding) with plain ``Canvas.rect`` calls, one per run of dark modules.
"""

from __future__ import annotations

import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from desktop_app.paths import resource_path
from desktop_app.reports.pdf import qr_codes
from desktop_app.reports.pdf.ballot_papers import BallotPaper, render_ballots

COPIES = 500
TITLE = "示范镇第十九届人民代表大会第一次会议"
NAMES = ["张三", "李四", "王五", "赵六", "钱七"]
SEATS = 2


def paper() -> BallotPaper:
    return BallotPaper(TITLE, "选举副镇长", "选举", NAMES, seats=SEATS, allow_write_in=True, copies=COPIES)


def bare_reportlab(out_path, instructions: str) -> None:
    """The same strings, boxes and lines with plain reportlab calls: one font, fixed positions, a form XObject."""
    name = "BenchHei"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    width, height = A4
    c = Canvas(str(out_path), pagesize=A4)
    c.beginForm("static")
    # stub with its texts and the dashed cut line
    c.rect(12 * mm, height - 36 * mm, width - 24 * mm, 24 * mm)
    c.setFont(name, 16)
    c.drawString(16 * mm, height - 26 * mm, "存　根")
    c.setFont(name, 11)
    c.drawCentredString(width / 2, height - 22 * mm, TITLE)
    c.drawCentredString(width / 2, height - 28 * mm, "选举副镇长（选票）")
    c.setDash(4, 3)
    c.line(0, height - 39 * mm, width, height - 39 * mm)
    c.setDash(2, 2)
    c.rect(12 * mm, height - 68 * mm, 26 * mm, 26 * mm)
    c.setDash()
    c.setFont(name, 8)
    c.drawCentredString(width / 2, height - 40 * mm, "沿虚线撕开")
    c.setFont(name, 10)
    c.drawCentredString(25 * mm, height - 56 * mm, "印章处")
    # heading, item and instructions
    c.setFont(name, 15)
    c.drawCentredString(width / 2, height - 48 * mm, TITLE)
    c.setFont(name, 26)
    c.drawCentredString(width / 2, height - 60 * mm, "选　票")
    c.setFont(name, 14)
    c.drawCentredString(width / 2, height - 68 * mm, "选举副镇长")
    c.setFont(name, 10.5)
    y = height - 78 * mm
    c.rect(12 * mm, y - 32 * mm, width - 24 * mm, 34 * mm)
    c.drawString(15 * mm, y, "说明：")
    for rule in instructions.split("\n"):
        for start in range(0, len(rule), 44):
            c.drawString(26 * mm, y, rule[start:start + 44])
            y -= 15
    # candidate grid and write-in grid
    for row_top, labels, names in ((height - 120 * mm, ("候选人姓名", "画票处"), NAMES),
                                   (height - 170 * mm, ("另选人姓名", "画票处"), [""] * SEATS)):
        left = 30 * mm
        cols = len(names)
        c.rect(left, row_top - 27 * mm, 24 * mm + cols * 25 * mm, 27 * mm)
        c.line(left, row_top - 12 * mm, left + 24 * mm + cols * 25 * mm, row_top - 12 * mm)
        c.setFont(name, 10)
        c.drawCentredString(left + 12 * mm, row_top - 7 * mm, labels[0])
        c.drawCentredString(left + 12 * mm, row_top - 20 * mm, labels[1])
        c.setFont(name, 14)
        for i, person in enumerate(names):
            x = left + 24 * mm + i * 25 * mm
            c.line(x, row_top, x, row_top - 27 * mm)
            if person:
                c.drawCentredString(x + 12.5 * mm, row_top - 7.5 * mm, person)
    c.endForm()
    mask = None
    for serial in range(1, COPIES + 1):
        c.doForm("static")
        c.setFont(name, 13)
        c.drawRightString(width - 12 * mm, height - 50 * mm, f"No. {serial:03d}")
        c.drawRightString(width - 14 * mm, height - 26 * mm, f"No. {serial:03d}")
        matrix, mask = qr_codes.modules(f"RDB1:A69E21E8F8774817EE7BE0F3B8985940:F:{serial:05d}:A4PT:AAA1", mask)
        unit = 17.5 * mm / len(matrix)
        for row, dark in enumerate(matrix):
            col = 0
            while col < len(dark):
                start = col
                while col < len(dark) and dark[col]:
                    col += 1
                if col > start:
                    c.rect(width - 30 * mm + start * unit, height - 60 * mm - row * unit, (col - start) * unit, unit,
                           stroke=0, fill=1)
                else:
                    col += 1
        c.showPage()
    c.save()


def best_of(runs: int, job) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def test_500_ballots_speed(tmp_path):
    ballot = paper()
    # warm up both: font files are parsed once per process, for the app and for bare reportlab alike
    render_ballots(ballot, tmp_path / "warm.pdf", last=1)
    bare_reportlab(tmp_path / "warm-bare.pdf", ballot.instruction_text())

    ours = best_of(3, lambda: render_ballots(ballot, tmp_path / "ballots.pdf"))
    bare = best_of(3, lambda: bare_reportlab(tmp_path / "bare.pdf", ballot.instruction_text()))
    ratio = ours / bare
    print(f"\n500 ballots: app {ours * 1000:.0f} ms, bare reportlab {bare * 1000:.0f} ms, ratio {ratio:.2f}×")
    assert ours <= 2.0
    assert ratio <= 1.5
