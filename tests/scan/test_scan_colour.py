"""Colour scans: blue ballpoint counts, the office's red seal and a tinted paper are not ink, a scanner's colour
"scan to PDF" reads like its JPEG pages; a black-and-white scan reads as the grey one where the marks survive."""

from __future__ import annotations

import random

import cv2
import numpy as np

from desktop_app.ops.scan_ballots import scan_ballots

import deck as deck_module
from scan_fixtures import print_ballots

EMPTY_ELECTION = {"张建国": "弃权", "李秀英": "弃权", "王志强": "弃权", "赵丽华": "弃权", "欧阳䶮": "弃权",
                  "另选他人1": "弃权", "另选他人2": "弃权"}


def _colour_page(pdf, dpi=200):
    return cv2.cvtColor(deck_module._raster(pdf, dpi)[0], cv2.COLOR_GRAY2BGR)


def _centre(box):
    return deck_module._box_centre(box)


def test_a_red_pixel_reads_as_paper_and_blue_or_black_ink_as_ink():
    from desktop_app.reports.scan.images import _grey

    # B, G, R: a seal's red, the same red where a JPEG halved its colour, blue ballpoint, black, cream paper
    pixels = np.array([[[50, 40, 210], [95, 95, 150], [160, 60, 30], [30, 30, 30], [228, 240, 250]]], np.uint8)
    grey = _grey(pixels)[0]
    assert grey[0] >= 240 and grey[1] >= 240          # no darker than the paper's shade the reader skips
    assert grey[2] <= 80 and grey[3] <= 40             # as dark as in a grey scan
    assert grey[4] >= 240
    # a PNG or TIFF with an alpha channel reads the same, a 16-bit one (stretched to its brightest) nearly
    assert (_grey(cv2.cvtColor(pixels, cv2.COLOR_BGR2BGRA))[0] == grey).all()
    assert np.abs(_grey(pixels.astype(np.uint16) * 257)[0].astype(int) - grey).max() <= 3


def test_a_colour_jpeg_with_blue_ink_and_a_red_seal_reads_exactly(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, paper="A5", count=1)
    ballot = layout["ballots"][0]
    image = _colour_page(pdf)
    rng = random.Random(7)
    deck_module.stamp_seal(image, ballot, 200, rng)
    boxes = {b["option"]: b for b in ballot["boxes"]}
    # a second seal stamped awry, right over a candidate's box and the write-in field under it
    deck_module.stamp_seal(image, ballot, 200, rng, centre_mm=_centre(boxes["赵丽华"]))
    pen = deck_module.Pen(image, 200, rng, blue=True)
    blue = (170, 70, 35)
    pen.circle(*_centre(boxes["张建国"]), 5, 4.5, colour=blue, thickness=3)
    pen.cross(*_centre(boxes["王志强"]), 9, colour=blue, thickness=3)
    image = deck_module.tinted(image, np.array([0.90, 0.95, 0.99], np.float32))
    path = tmp_path / "colour.jpg"
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 70])
    report = scan_ballots(db, [path], session=session["id"])
    [read] = report["ballots"]
    assert read["marks"] == EMPTY_ELECTION | {"张建国": "同意", "王志强": "反对"}
    assert read["scores"]["赵丽华"] == 0.0 and read["write_in_ink"] is False
    assert read["valid"] is True and read["review"] is False


def test_a_colour_scan_to_pdf_reads_like_its_pages(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "表决", tmp_path, count=2)
    dpi = 300
    pages = deck_module._raster(pdf, dpi)
    rng = random.Random(11)
    scans = []
    for n, (ballot, grey) in enumerate(zip(layout["ballots"], pages)):
        image = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
        deck_module.stamp_seal(image, ballot, dpi, rng)
        box = ballot["boxes"][n]             # 同意 on the first ballot, 反对 on the second
        deck_module.Pen(image, dpi, rng).circle(*_centre(box), 5, 4, colour=(175, 80, 40), thickness=6)
        image = deck_module.tinted(image, deck_module.paper_tint(rng))
        scans.append(deck_module.degrade(image, dpi, rng, part_px=None, one_bit=False))
        if n == 0:   # the blank back of a duplex scan
            scans.append(deck_module.tinted(np.full_like(image, 255), deck_module.paper_tint(rng)))
    scanned = deck_module.write_scan_pdf(scans, tmp_path / "scan.pdf", dpi, 75)
    assert b"DCTDecode" in scanned.read_bytes()
    report = scan_ballots(db, [scanned], session=session["id"])
    assert [(b["serial"], b["page"], b["marks"], b["valid"]) for b in report["ballots"]] == [
        (1, 1, {"表决": "同意"}, True), (2, 3, {"表决": "反对"}, True)]
    assert report["blank_pages"] == [2] and report["unreadable_pages"] == []


def test_a_black_and_white_scan_reads_as_the_grey_one(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=2)
    files, expected = {"grey": [], "one_bit": []}, []
    for ballot, image in zip(layout["ballots"], deck_module._raster(pdf, 200)):
        rng = random.Random(ballot["serial"] + 20)
        pen = deck_module.Pen(image, 200, rng)
        marks = {}
        for n, box in enumerate(ballot["boxes"]):
            # dark ink a 1-bit scan keeps: ○, √, × and empty boxes in turn
            state, _ = deck_module.mark_box(pen, box, one_bit=True, roll=(0.1, 0.4, 0.6, 0.8)[n % 4])
            marks[box["option"]] = {"circle": "同意", "tick": "同意", "cross": "反对", "empty": "弃权"}[state]
        expected.append(marks)
        for kind, one_bit in (("grey", False), ("one_bit", True)):
            # the same page on the glass: the same draws of turn, shift and blur, then kept grey or made 1-bit
            scan = deck_module.degrade(image, 200, random.Random(ballot["serial"]), part_px=None, one_bit=one_bit)
            files[kind].append(tmp_path / f"{kind}-{ballot['serial']}.png")
            cv2.imwrite(str(files[kind][-1]), scan)
    grey = scan_ballots(db, files["grey"], session=session["id"])["ballots"]
    one_bit = scan_ballots(db, files["one_bit"], session=session["id"])["ballots"]
    assert [b["marks"] for b in grey] == [b["marks"] for b in one_bit] == expected
