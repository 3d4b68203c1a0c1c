"""The image behind a scanned ballot: upright from its kept page whichever way it lay, boxes outlined, the one
in question red with its score; a row's crop; a clear message once the image is gone."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from desktop_app.db import scans as scans_db
from desktop_app.errors import UserError
from desktop_app.ops.scan_ballots import ballot_image, box_crop, import_scan
from desktop_app.reports.scan.ballot_view import HIGHLIGHT_COLOUR, VIEW_PX_PER_MM

import deck as deck_module
from scan_fixtures import print_ballots


def _red(image: np.ndarray) -> np.ndarray:
    return np.all(image == np.array(HIGHLIGHT_COLOUR, np.uint8), axis=2) | (
        (image[:, :, 2] > 180) & (image[:, :, 0] < 80) & (image[:, :, 1] < 80))


@pytest.fixture
def blob_scan(db, session, tmp_path):
    """One 选举 ballot with 张建国's box filled in (待核), scanned upside down and skewed as a JPEG."""
    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=1)
    image = deck_module._raster(pdf, 200)[0]
    pen = deck_module.Pen(image, 200, random.Random(2))
    box = layout["ballots"][0]["boxes"][0]
    cx, cy = deck_module._box_centre(box)
    pen.blob(cx, cy, 0.35 * box["w_mm"], 0.35 * box["h_mm"])
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 183, 1.0)
    matrix[:, 2] += 100
    turned = cv2.warpAffine(image, matrix, (w + 200, h + 200), borderValue=255)
    path = tmp_path / "turned.jpg"
    cv2.imwrite(str(path), turned, [cv2.IMWRITE_JPEG_QUALITY, 85])
    import_scan(db, [path], session=session["id"])
    [row] = scans_db.pending(db, item_id=session["选举"])
    return row, box, layout["ballots"][0]


def test_the_ballot_is_shown_upright_with_the_box_in_question_in_red(db, blob_scan):
    row, box, ballot = blob_scan
    image = ballot_image(db, row["id"], highlight="张建国")
    assert image.ndim == 3 and image.shape[2] == 3
    margin = 3
    assert abs(image.shape[1] - (ballot["ballot"]["w_mm"] + 2 * margin) * VIEW_PX_PER_MM) <= 1
    # the blob lies where the layout puts 张建国's box: the scan was turned, the view is not
    cx = int((box["x_mm"] + box["w_mm"] / 2 - ballot["ballot"]["x_mm"] + margin) * VIEW_PX_PER_MM)
    cy = int((box["y_mm"] + box["h_mm"] / 2 - ballot["ballot"]["y_mm"] + margin) * VIEW_PX_PER_MM)
    assert image[cy, cx].mean() < 100
    other = ballot["boxes"][2]
    ox = int((other["x_mm"] + other["w_mm"] / 2 - ballot["ballot"]["x_mm"] + margin) * VIEW_PX_PER_MM)
    assert image[cy, ox].mean() > 200
    red = _red(image)
    ys, xs = np.nonzero(red)
    assert xs.min() < cx < xs.max() and ys.min() < cy < ys.max()
    plain = ballot_image(db, row["id"])
    assert not _red(plain).any()


def test_a_crop_shows_the_row_of_the_box(db, blob_scan):
    row, box, ballot = blob_scan
    crop = box_crop(db, row["id"], "张建国")
    whole = ballot_image(db, row["id"])
    assert crop.shape[1] == whole.shape[1] and crop.shape[0] < whole.shape[0] / 3
    # the box, the name above it and 10 mm above and below: a mark straying out of the box is in the crop
    assert crop.shape[0] >= (2 * box["h_mm"] + 20) * VIEW_PX_PER_MM - 2
    assert _red(crop).any()
    field = box_crop(db, row["id"], "write_in:1")
    assert _red(field).any() and field.shape[0] < whole.shape[0] / 3
    with pytest.raises(UserError, match="没有“李四”"):
        box_crop(db, row["id"], "李四")


def test_a_missing_kept_copy_is_named(db, blob_scan, db_path):
    row, _box, _ballot = blob_scan
    stored = scans_db.get_scanned(db, row["id"])["file_stored"]
    (db_path.parent / "attachments" / stored).unlink()
    with pytest.raises(UserError, match="扫描图像文件缺失"):
        box_crop(db, row["id"], "张建国")


def test_the_write_in_field_with_ink_is_the_one_asked(db, session, tmp_path):
    from desktop_app.domain.scan_review import questions

    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=1)
    image = deck_module._raster(pdf, 200)[0]
    pen = deck_module.Pen(image, 200, random.Random(5))
    pen.scribble(layout["ballots"][0]["write_ins"][1])
    path = tmp_path / "written.png"
    cv2.imwrite(str(path), image)
    import_scan(db, [path], session=session["id"])
    [row] = scans_db.pending(db, item_id=session["选举"])
    assert [q.key for q in questions("选举", row["reading"], row["layout"])] == ["write_in:2"]
    assert [f["ink"] for f in row["layout"]["write_ins"]] == [False, True]
