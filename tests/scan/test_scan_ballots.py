"""scan-ballots --dry-run: the test deck read with no silent error and every odd page reported; a printed PDF
scanned as it is; a ballot upside down and skewed; the command's JSON; nothing written."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import cv2
import numpy as np
import pytest

from desktop_app.db import vote_items as items_db
from desktop_app.errors import InputError
from desktop_app.ops.scan_ballots import scan_ballots

import deck as deck_module
from scan_fixtures import print_ballots


@pytest.fixture
def other_session(db, session):
    """A second session with an item of its own: its ballots are foreign to the first."""
    from desktop_app.db import sessions as sessions_db
    from desktop_app.db import transaction

    with transaction.write(db):
        sid = sessions_db.create_session(db, term_id=None, number=2, name="示范镇第十九届人民代表大会第二次会议",
                                         start_date="2026-06-10", total_deputies=40)
        item = items_db.create_item(db, sid, code="1", name="补选副镇长", kind="选举", seats=1)
        items_db.set_candidates(db, item, ["孙明"])
    session["other"] = {"id": sid, "选举": item}
    return session


def test_the_small_deck_is_read_with_no_silent_error(db, other_session, tmp_path):
    deck = deck_module.make_deck(db, other_session, tmp_path / "deck", seed=1)
    report = scan_ballots(db, deck.files, session=other_session["id"])
    verdict = deck_module.judge(deck, report)
    assert verdict.missing == []
    assert verdict.wrong == []
    assert verdict.boxes > 40
    assert verdict.review_rate <= 0.10
    assert report["pages"] == len(deck.page_names)
    assert deck.colour_pages and deck.pdf_pages      # the seed's deck has colour image and scan-to-PDF pages
    assert report["blank_pages"] == deck.blank_pages
    assert report["unreadable_pages"] == deck.unreadable_pages
    assert report["foreign_pages"] == deck.foreign_pages
    assert report["duplicate_pages"] == deck.duplicate_pages
    assert report["not_printed_serials"] == deck.not_printed_serials
    assert len(report["ballots"]) == len(deck.ballots)


def test_a_printed_pdf_scanned_as_it_is_reads_as_blank_ballots(db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "测评", tmp_path, paper="A5", count=3)
    report = scan_ballots(db, [pdf], session=session["id"])
    assert [(b["serial"], b["page"], b["valid"], b["review"]) for b in report["ballots"]] == [
        (1, 1, True, False), (2, 2, True, False), (3, 3, True, False)]
    assert set(report["ballots"][0]["marks"].values()) == {"弃权"}
    assert report["blank_pages"] == report["unreadable_pages"] == report["duplicate_pages"] == []


def _page(pdf, dpi=200):
    return deck_module._raster(pdf, dpi)[0]


def test_an_upside_down_skewed_ballot_is_read(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=1)
    image = _page(pdf)
    pen = deck_module.Pen(image, 200, random.Random(3))
    boxes = {b["option"]: b for b in layout["ballots"][0]["boxes"]}
    cx, cy = deck_module._box_centre(boxes["张建国"])
    pen.circle(cx, cy, 7, 6, colour=20, thickness=3)
    cx, cy = deck_module._box_centre(boxes["王志强"])
    pen.cross(cx, cy, 12, colour=20, thickness=3)
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 187, 1.0)
    matrix[:, 2] += 100   # the page turned stays on the (larger) glass
    turned = cv2.warpAffine(image, matrix, (w + 200, h + 200), borderValue=255)
    path = tmp_path / "turned.png"
    cv2.imwrite(str(path), turned)
    [ballot] = scan_ballots(db, [path], session=session["id"])["ballots"]
    assert ballot["marks"] == {"张建国": "同意", "李秀英": "弃权", "王志强": "反对", "赵丽华": "弃权", "欧阳䶮": "弃权",
                               "另选他人1": "弃权", "另选他人2": "弃权"}
    assert ballot["valid"] is True and ballot["review"] is False
    assert ballot["scores"]["张建国"] == 1.0 and ballot["scores"]["李秀英"] == 0.0


def test_two_marks_on_a_motion_ballot_make_it_invalid(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "表决", tmp_path, count=1)
    image = _page(pdf)
    pen = deck_module.Pen(image, 200, random.Random(4))
    for box in layout["ballots"][0]["boxes"][:2]:
        cx, cy = deck_module._box_centre(box)
        pen.circle(cx, cy, 8, 7, colour=30, thickness=3)
    path = tmp_path / "two.jpg"
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    [ballot] = scan_ballots(db, [path], session=session["id"])["ballots"]
    assert ballot["marks"] == {"表决": "多选"}
    assert ballot["valid"] is False and "无效" in ballot["reason"]


def test_scanning_writes_nothing(db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=2)
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    scan_ballots(db, [pdf], session=session["id"])
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0


def test_bad_files_are_named(db, session, tmp_path):
    with pytest.raises(InputError, match="找不到"):
        scan_ballots(db, [tmp_path / "nope.pdf"], session=session["id"])
    (tmp_path / "a.docx").write_text("x")
    with pytest.raises(InputError, match="a.docx"):
        scan_ballots(db, [tmp_path / "a.docx"], session=session["id"])
    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(InputError, match="broken.png"):
        scan_ballots(db, [tmp_path / "broken.png"], session=session["id"])


def test_the_command_prints_the_json_and_writes_only_without_dry_run(db_path, db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=2)
    db.close()
    base = [sys.executable, "-m", "desktop_app", "scan-ballots", str(pdf), "--db", str(db_path)]
    out = subprocess.run(base + ["--dry-run", "--json", "--team", "2"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["team"] == 2 and report["pages"] == 2
    assert [b["marks"] for b in report["ballots"]] == [{"表决": "弃权"}, {"表决": "弃权"}]
    text = subprocess.run(base + ["--dry-run"], capture_output=True, text=True, timeout=300)
    assert text.returncode == 0 and "读出选票 2 张" in text.stdout
    from desktop_app.db.connection import open_database

    reopened = open_database(db_path)
    try:
        assert reopened.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0
    finally:
        reopened.close()
    written = subprocess.run(base + ["--team", "2"], capture_output=True, text=True, timeout=300)
    assert written.returncode == 0, written.stderr
    assert "计入 2 张，待核 0 张" in written.stdout and "已开启双人录入" in written.stdout
    again = subprocess.run(base + ["--team", "2", "--json"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["counted"] == 0 and len(json.loads(again.stdout)["already_entered"]) == 2
    reopened = open_database(db_path)
    try:
        assert reopened.execute("SELECT team, serial FROM ballots ORDER BY serial").fetchall() == [(2, 1), (2, 2)]
    finally:
        reopened.close()
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((800, 600), 255, np.uint8))
    nothing = subprocess.run(base[:4] + [str(blank)] + base[5:], capture_output=True, text=True, timeout=300)
    assert nothing.returncode == 1 and "空白页：第 1 页" in nothing.stdout
