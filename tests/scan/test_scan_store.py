"""The kept scans: compressed as the contract says, owner-only, checked by ``check``, mirrored beside the
backups, never in a county package, and deleted (with an audit entry) only once the results are certified."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zipfile

import cv2
import numpy as np
import pytest

from desktop_app.db import scans as scans_db
from desktop_app.db import transaction
from desktop_app.db import vote_items as items_db
from desktop_app.db.backup import backup_database
from desktop_app.db.check import check_report, run_checks
from desktop_app.errors import InputError, UserError
from desktop_app.ops.scan_ballots import ballot_image, delete_scan_images, import_scan

import deck as deck_module
from scan_fixtures import print_ballots


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def scanned(db, session, tmp_path):
    """Two 表决 ballots scanned three ways: a PDF, an uncompressed PNG and a JPEG; (the files, the kept rows)."""
    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=3)
    pages = deck_module._raster(pdf, 200)
    png = tmp_path / "scan-2.png"
    cv2.imwrite(str(png), pages[1], [cv2.IMWRITE_PNG_COMPRESSION, 0])
    jpg = tmp_path / "scan-3.jpg"
    cv2.imwrite(str(jpg), pages[2], [cv2.IMWRITE_JPEG_QUALITY, 90])
    first = tmp_path / "scan-1.pdf"
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(pdf).pages[0])
    with open(first, "wb") as fh:
        writer.write(fh)
    files = [first, png, jpg]
    report = import_scan(db, files, session=session["id"]).value
    assert report["counted"] == 3
    return files, {f["name"]: f for f in scans_db.scan_files(db, session["id"])}


def test_scans_are_kept_compressed_where_that_pays_with_their_hashes(db, db_path, scanned):
    files, kept = scanned
    base = db_path.parent / "attachments"
    for source in files:
        row = kept[source.name]
        path = base / row["stored"]
        assert row["stored"].startswith(f"scans/{row['session_id']}/")
        assert row["sha256"] == _sha(source.read_bytes())
        assert row["stored_sha256"] == _sha(path.read_bytes())
        if os.name == "posix":
            assert path.stat().st_mode & 0o777 == 0o600
        if source.suffix == ".png":
            assert path.suffix == ".gz" and path.stat().st_size < 0.9 * source.stat().st_size
            assert gzip.decompress(path.read_bytes()) == source.read_bytes()
        else:
            assert path.suffix == source.suffix and path.read_bytes() == source.read_bytes()
    assert not list(base.rglob("*.tmp"))


def test_check_verifies_the_kept_scans(db, db_path, scanned):
    _files, kept = scanned
    assert run_checks(db_path) == []
    [scans_check] = [r for r in check_report(db_path) if r.name == "scans"]
    assert scans_check.ok and scans_check.title == "扫描选票图像"
    path = db_path.parent / "attachments" / kept["scan-3.jpg"]["stored"]
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    problems = run_checks(db_path)
    assert [p.check for p in problems] == ["scans"]
    assert "scan-3.jpg" in problems[0].message and "不一致" in problems[0].message
    path.unlink()
    [missing] = run_checks(db_path)
    assert "scan-3.jpg" in missing.message and "缺失" in missing.message


def test_kept_scans_go_beside_the_backups_but_never_into_a_package(db, db_path, tmp_path, scanned):
    from desktop_app.exchange.package import build_package

    _files, kept = scanned
    backup = backup_database(db)
    mirrored = backup.parent / "attachments" / kept["scan-1.pdf"]["stored"]
    assert mirrored.is_file()
    package = build_package(db, tmp_path / "county.zip")
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
        contents = [zf.read(n) for n in names]
    assert not [n for n in names if "scan" in n.lower() or n.lower().endswith((".png", ".jpg", ".gz"))]
    kept_bytes = (db_path.parent / "attachments" / kept["scan-3.jpg"]["stored"]).read_bytes()
    assert all(kept_bytes not in c for c in contents)


def test_deleting_the_scans_waits_for_certification_and_is_audited(db, db_path, session, scanned):
    _files, kept = scanned
    backup = backup_database(db)
    item = session["表决"]
    with pytest.raises(InputError, match="理由"):
        delete_scan_images(db, session["id"], by="李主任", reason=" ")
    with pytest.raises(UserError, match="尚未确认"):
        delete_scan_images(db, session["id"], by="李主任", reason="按档案规定")
    assert all((db_path.parent / "attachments" / f["stored"]).is_file() for f in kept.values())

    with transaction.write(db):
        items_db.update_item(db, item, issued=3)
    items_db.certify(db, item, by="王监票")
    scanned_id = scans_db.scanned_for_ballot(db, db.execute("SELECT min(id) FROM ballots").fetchone()[0])["id"]
    assert ballot_image(db, scanned_id).ndim == 3
    changes = delete_scan_images(db, session["id"], by="李主任", reason="按档案规定")
    assert changes.value["files"] == 3
    for f in kept.values():
        assert not (db_path.parent / "attachments" / f["stored"]).exists()
        assert not (backup.parent / "attachments" / f["stored"]).exists()
    rows = scans_db.scan_files(db, session["id"])
    assert all(r["stored"] is None and r["stored_sha256"] is None and r["deleted_at"] for r in rows)
    [entry] = db.execute("SELECT actor, detail FROM audit_log WHERE action = '删除扫描图像'").fetchall()
    detail = json.loads(entry[1])
    assert entry[0] == "李主任" and detail["reason"] == "按档案规定"
    assert sorted((f["name"], f["sha256"]) for f in detail["files"]) == sorted(
        (f["name"], f["sha256"]) for f in kept.values())
    assert run_checks(db_path) == []      # deleted and recorded so: no problem
    with pytest.raises(UserError, match="扫描图像已删除"):
        ballot_image(db, scanned_id)
    with pytest.raises(UserError, match="没有保存的扫描图像"):
        delete_scan_images(db, session["id"], by="李主任", reason="按档案规定")
    # the readings stay: the item is still certified with its three ballots
    assert items_db.get_item(db, item)["status"] == items_db.CERTIFIED
    assert db.execute("SELECT count(*) FROM scanned_ballots").fetchone()[0] == 3


def test_unlocking_a_certified_item_leaves_a_sound_database(db, db_path, session, scanned):
    with transaction.write(db):
        items_db.update_item(db, session["表决"], issued=3)
    items_db.certify(db, session["表决"], by="王监票")
    items_db.unlock(db, session["表决"], "发现录入错误", by="王监票")
    assert run_checks(db_path) == []
    blank = db_path.parent / "blank.png"
    cv2.imwrite(str(blank), np.full((400, 300), 255, np.uint8))
    assert import_scan(db, [blank], session=session["id"]).value["blank_pages"] == [1]


def test_clearing_the_rehearsal_takes_its_scanned_ballots_with_it(db, db_path, session, tmp_path):
    from desktop_app.ops import rehearsal

    pdf, _layout = print_ballots(db, session, "选举", tmp_path, count=2, rehearsal=True)
    report = import_scan(db, [pdf], session=session["id"], rehearsal=True).value
    assert report["counted"] == 2
    rehearsal.clear(db, session["id"])
    assert db.execute("SELECT count(*) FROM scanned_ballots").fetchone()[0] == 0
    assert run_checks(db_path) == []
