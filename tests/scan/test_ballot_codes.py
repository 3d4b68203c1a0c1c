"""Ballots a machine can read: corner marks and a QR code on the voter's part, and a layout file whose boxes
are the boxes on the paper (checked on the rasterised page), for every kind and paper."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pypdfium2 as pdfium
import pytest

from desktop_app.db import vote_items as items_db
from desktop_app.domain.ballot_code import decode
from desktop_app.errors import InputError

from scan_fixtures import ELECTION, PROJECTS, print_ballots

DPI = 200
KINDS = ("选举", "表决", "票决", "测评")
PAPERS = ("A4", "A5", "A4L", "A5L")


def raster(pdf, page: int) -> np.ndarray:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return document[page].render(scale=DPI / 72, grayscale=True).to_numpy().copy()
    finally:
        document.close()


def px(value_mm: float) -> int:
    return int(round(value_mm / 25.4 * DPI))


def box_px(rect: dict) -> tuple[int, int, int, int]:
    return px(rect["x_mm"]), px(rect["y_mm"]), px(rect["x_mm"] + rect["w_mm"]), px(rect["y_mm"] + rect["h_mm"])


def border_is_dark(image: np.ndarray, rect: dict) -> bool:
    """Every sampled point of the four borders has a ruled pixel within 2 px across the line."""
    x0, y0, x1, y1 = box_px(rect)
    for t in np.linspace(0.1, 0.9, 9):
        x = int(x0 + t * (x1 - x0))
        y = int(y0 + t * (y1 - y0))
        for strip in (image[y0 - 2:y0 + 3, x], image[y1 - 2:y1 + 3, x], image[y, x0 - 2:x0 + 3],
                      image[y, x1 - 2:x1 + 3]):
            if strip.min() > 170:  # the 表决 and project tables are ruled in grey (0.45)
                return False
    return True


def decode_code(image: np.ndarray) -> str:
    """The one code on the page, as the reader finds it (OpenCV's detectors, beside the corner marks)."""
    from desktop_app.reports.scan.codes import find_codes

    [found] = find_codes(image)
    return found.text


def inside(inner: dict, outer: dict) -> bool:
    return (inner["x_mm"] >= outer["x_mm"] - 0.01 and inner["y_mm"] >= outer["y_mm"] - 0.01
            and inner["x_mm"] + inner["w_mm"] <= outer["x_mm"] + outer["w_mm"] + 0.01
            and inner["y_mm"] + inner["h_mm"] <= outer["y_mm"] + outer["h_mm"] + 0.01)


def overlap(a: dict, b: dict) -> bool:
    return not (a["x_mm"] + a["w_mm"] <= b["x_mm"] or b["x_mm"] + b["w_mm"] <= a["x_mm"]
                or a["y_mm"] + a["h_mm"] <= b["y_mm"] or b["y_mm"] + b["h_mm"] <= a["y_mm"])


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
def test_boxes_marks_and_code_are_where_the_layout_says(db, session, tmp_path, kind, paper):
    pdf, layout = print_ballots(db, session, kind, tmp_path, paper=paper, count=2, first=7)
    item = items_db.get_item(db, session[kind])
    assert (layout["item"], layout["kind"], layout["paper"]) == (item["code"], kind, paper)
    width, height = layout["page_mm"]
    assert (width > height) == paper.endswith("L")
    assert [b["serial"] for b in layout["ballots"]] == [7, 8] and [b["page"] for b in layout["ballots"]] == [1, 2]
    for ballot in layout["ballots"]:
        image = raster(pdf, ballot["page"] - 1)
        assert image.shape == (px(height), px(width)) or abs(image.shape[0] - px(height)) <= 1
        # the code: this item, real, this serial; nothing else in it
        code = decode(decode_code(image))
        assert code is not None and (code.uid, code.rehearsal, code.serial) == (item["uid"], False, ballot["serial"])
        assert code.layout_hash == layout["layout_hash"]
        # the marks: solid squares on the voter's part, in its four corners
        part = ballot["ballot"]
        assert len(ballot["marks"]) == 4
        for mark in ballot["marks"]:
            x0, y0, x1, y1 = box_px(mark)
            assert image[y0 + 2:y1 - 2, x0 + 2:x1 - 2].mean() < 40
            assert inside(mark, part)
        assert inside(ballot["code_rect"], part)
        # every box: its borders are drawn lines, its inside is blank paper, it is on the voter's part
        drawn = ballot["boxes"] + [dict(w, option=None) for w in ballot["write_ins"]]
        for box in drawn:
            assert border_is_dark(image, box), (kind, paper, box)
            x0, y0, x1, y1 = box_px(box)
            assert image[y0 + 6:y1 - 6, x0 + 6:x1 - 6].min() > 200 or box["option"] is None or box.get("choice") is None
            assert inside(box, part)
            assert not any(overlap(box, m) for m in ballot["marks"] + [ballot["code_rect"]])


def test_options_and_choices_follow_the_kind(db, session, tmp_path):
    layouts = {kind: print_ballots(db, session, kind, tmp_path)[1]["ballots"][0] for kind in KINDS}
    election = layouts["选举"]
    assert [b["option"] for b in election["boxes"]] == ELECTION + ["另选他人1", "另选他人2"]
    assert {b["choice"] for b in election["boxes"]} == {None}
    assert len(election["write_ins"]) == 2
    assert [(b["option"], b["choice"]) for b in layouts["表决"]["boxes"]] == [
        ("表决", "同意"), ("表决", "反对"), ("表决", "弃权")]
    assert [(b["option"], b["choice"]) for b in layouts["票决"]["boxes"]] == [
        (p, c) for p in PROJECTS for c in ("同意", "反对", "弃权")]
    assert [(b["option"], b["choice"]) for b in layouts["测评"]["boxes"]] == [
        (p, c) for p in PROJECTS[:3] for c in ("满意", "基本满意", "不满意")]
    for kind in ("表决", "票决", "测评"):
        assert layouts[kind]["write_ins"] == []


def test_a_mark_box_of_the_election_takes_the_voters_circle(db, session, tmp_path):
    """The boxes are the 画票处 cells under each name: a box lies under its candidate's name."""
    pdf, layout = print_ballots(db, session, "选举", tmp_path)
    boxes = layout["ballots"][0]["boxes"]
    xs = [b["x_mm"] for b in boxes[:len(ELECTION)]]
    assert xs == sorted(xs) and len({b["y_mm"] for b in boxes[:len(ELECTION)]}) == 1
    assert boxes[len(ELECTION)]["y_mm"] > boxes[0]["y_mm"]    # the write-ins' boxes come below


def test_rehearsal_ballots_say_so_in_their_code(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, rehearsal=True, count=1)
    copy = items_db.get_item(db, session["rehearsal"])
    code = decode(decode_code(raster(pdf, 0)))
    assert (code.uid, code.rehearsal, code.serial) == (copy["uid"], True, 1)
    assert copy["uid"] != items_db.get_item(db, session["选举"])["uid"]
    assert layout["rehearsal"] is True


def test_the_code_names_no_deputy(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=1)
    text = decode_code(raster(pdf, 0))
    assert all(name not in text for name in ELECTION) and len(text) < 61
    assert layout["ballots"][0]["code"] == text


def test_layout_file_must_be_json(db, session, tmp_path):
    from desktop_app.ops.session_exports import export_ballots

    with pytest.raises(InputError, match="json"):
        export_ballots(db, tmp_path / "b.pdf", session=session["id"], item="1", layout_out=tmp_path / "b.txt")
    assert not (tmp_path / "b.pdf").exists()


def test_export_command_writes_the_layout(db_path, db, session, tmp_path):
    db.close()
    out = subprocess.run([sys.executable, "-m", "desktop_app", "export", "ballots", "--db", str(db_path), "--out",
                          str(tmp_path / "c.pdf"), "--item", "2", "--count", "3", "--layout-out",
                          str(tmp_path / "c.json")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    import json

    layout = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert layout["kind"] == "表决" and [b["serial"] for b in layout["ballots"]] == [1, 2, 3]


def test_printing_imports_no_opencv(tmp_path):
    code = ("import sys; from desktop_app.cli import main; from desktop_app.ops import ballot_papers, session_exports;"
            "from desktop_app.ops import scan_ballots; from desktop_app.commands import scan_ballots as command;"
            "print(sorted(m for m in ('cv2', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr
