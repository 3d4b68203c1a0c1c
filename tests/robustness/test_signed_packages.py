"""F7: packages are signed, and the attacks that were applied with exit 0 are refused.

A re-signed forgery (members changed, checksums recomputed, the signature left as it was or made with
another key), another township's package, an older package replayed after a newer one, a package dated
2099 at the county. Each refusal is exit 2 (or a refused file in the county report) with a Chinese
message, and the database keeps every record it had.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.cli import main
from desktop_app.db import settings, sync
from desktop_app.db.connection import open_database
from desktop_app.db.signing_key_file import key_file
from desktop_app.exchange.importer import apply_import, preview_import
from desktop_app.exchange.layouts import BY_NAME
from desktop_app.exchange.package import MANIFEST, build_package, read_package
from desktop_app.exchange.signing import FIELD as SIGNATURE, fingerprint, office_key
from desktop_app.errors import InputError
from package_tools import (
    FORGER_KEY, PERIOD, TODAY, edit_workbook, is_chinese, members, resigned, table_dump, write_package,
)


def _rename_and_bury(rows, count=10):
    """The F7 forgery: ten deputies renamed and marked 去世."""
    header = rows[0]
    name, status, when = header.index("姓名"), header.index("状态"), header.index("状态日期")
    for row in rows[1:count + 1]:
        row[name], row[status], row[when] = "假" + str(row[name]), "去世", "2026-11-01"
    return [list(r) for r in rows]


def _forged(package_path, tmp_path, key, name="forged.zip"):
    layout = BY_NAME["deputies"]
    return edit_workbook(package_path, tmp_path / name, layout.file, layout.sheet,
                         lambda rows: _rename_and_bury([list(r) for r in rows]), "deputies", key=key)


def _import(db_path, package, *extra):
    return main(["sync-import", "--db", str(db_path), str(package), *extra])


def _refused_cli(capsys, code, *words):
    err = capsys.readouterr().err
    assert code == 2, err
    assert is_chinese(err) and "程序内部错误" not in err, err
    for word in words:
        assert word in err, err
    return err


# ---------------------------------------------------------------------------------------------- forgeries

def test_a_forgery_whose_signature_was_not_redone_is_refused(package_path, town_path, tmp_path, capsys):
    forged = _forged(package_path, tmp_path, key=None)   # members changed, manifest re-hashed, old signature
    before = table_dump(town_path)
    with pytest.raises(InputError) as info:
        read_package(forged)
    assert "签名与内容不符" in str(info.value) and "forged.zip" in str(info.value)
    _refused_cli(capsys, _import(town_path, forged), "签名")
    assert table_dump(town_path) == before


def test_a_forgery_signed_with_another_key_is_refused_by_the_township(package_path, town_path, tmp_path, capsys):
    forged = _forged(package_path, tmp_path, key=FORGER_KEY)
    assert read_package(forged).signer   # the signature itself is sound: only whose key it is gives it away
    before = table_dump(town_path)
    err = _refused_cli(capsys, _import(town_path, forged), "不是示范镇登记的密钥", "forged.zip")
    assert fingerprint(read_package(forged).signer) in err
    assert table_dump(town_path) == before


def test_a_forgery_signed_with_another_key_is_refused_once_the_key_is_registered(package_path, town_path,
                                                                                 tmp_path, capsys):
    """A second database of the township (the clerk's other laptop) registered the genuine key first."""
    other = tmp_path / "laptop" / "other.db"
    other.parent.mkdir()
    assert _import(other, package_path) == 0
    capsys.readouterr()
    # The laptop's database got its own key at setup; still empty then, it registered the package's key.
    from desktop_app.db.signing_key_file import key_file

    assert key_file(other).is_file()
    forged = _forged(package_path, tmp_path, key=FORGER_KEY)
    before = table_dump(other)
    _refused_cli(capsys, _import(other, forged), "不是示范镇登记的密钥")
    assert table_dump(other) == before


def test_an_unsigned_package_is_refused(package_path, tmp_path, capsys, town_path):
    files = members(package_path)
    manifest = json.loads(files.pop(MANIFEST))
    manifest.pop(SIGNATURE)
    unsigned = write_package(tmp_path / "unsigned.zip", files, manifest, key=None)
    before = table_dump(town_path)
    _refused_cli(capsys, _import(town_path, unsigned), "没有签名", "unsigned.zip")
    assert table_dump(town_path) == before


# ---------------------------------------------------------------------------------------------- another township

def test_another_townships_package_is_refused(town_path, tmp_path, capsys):
    """F7: 78 deputies of 东风镇 were merged into this roster; now the package is refused, nothing merged."""
    east = tmp_path / "east" / "east.db"
    east.parent.mkdir()
    shutil.copyfile(town_path, east)   # a township set up from the same demo, with its own key
    db = open_database(east)
    try:
        settings.put(db, "township_name", "东风镇")
        db.execute("UPDATE deputies SET uid = lower(hex(randomblob(16))), "
                   "id_number = NULL, name = '东' || name")   # other people altogether
        package = build_package(db, tmp_path / "east.zip", today=TODAY, parts="roster", **PERIOD)
    finally:
        db.close()
    before = table_dump(town_path)
    _refused_cli(capsys, _import(town_path, package), "东风镇", "不是本乡镇")
    assert table_dump(town_path) == before


# ---------------------------------------------------------------------------------------------- replay

def _addresses(path):
    db = open_database(path)
    try:
        return {r["uid"]: r["address"] for r in sync.deputy_rows(db)}
    finally:
        db.close()


def test_an_older_package_replayed_after_a_newer_one_is_refused(town_path, tmp_path, capsys):
    """F7: five addresses went back to their old values; now the older package is refused and nothing reverts."""
    db = open_database(town_path)
    try:
        key = office_key(db)
        old = resigned(build_package(db, tmp_path / "a", today=TODAY, parts="roster", **PERIOD),
                       tmp_path / "old.zip", key, created_at="2026-11-01T10:00:00")
        moved = [r["id"] for r in sync.deputy_rows(db)][:5]
        for deputy_id in moved:
            db.execute("UPDATE deputies SET address = '新家园小区' || id, updated_at = '2026-11-10 09:00:00' "
                       "WHERE id = ?", [deputy_id])
        new = resigned(build_package(db, tmp_path / "b", today=TODAY, parts="roster", **PERIOD),
                       tmp_path / "new.zip", key, created_at="2026-11-20T10:00:00")
    finally:
        db.close()
    laptop = tmp_path / "laptop" / "town.db"     # the township's second database, last year's copy
    laptop.parent.mkdir()
    assert _import(laptop, old) == 0
    assert _import(laptop, new) == 0
    capsys.readouterr()
    after_new = _addresses(laptop)
    assert sum(a.startswith("新家园小区") for a in after_new.values() if a) == 5
    before = table_dump(laptop)
    _refused_cli(capsys, _import(laptop, old), "old.zip", "比本库已导入的数据包", "2026-11-20 10:00:00")
    assert table_dump(laptop) == before and _addresses(laptop) == after_new
    # The township's own database applied the newer package too (nothing to write): the old one is refused there.
    assert _import(town_path, new) == 0
    capsys.readouterr()
    _refused_cli(capsys, _import(town_path, old), "比本库已导入的数据包")


def test_a_record_changed_after_the_export_is_not_reverted_and_the_preview_says_so(town_path, tmp_path):
    db = open_database(town_path)
    try:
        package = resigned(build_package(db, tmp_path / "a", today=TODAY, parts="roster,activities", **PERIOD),
                           tmp_path / "p.zip", office_key(db), created_at="2026-11-01T10:00:00")
        uid = sync.deputy_rows(db)[0]["uid"]
        activity = sync.activity_rows(db, *PERIOD.values())[0]["uid"]
        # Typed here after the export: the package's address and theme are the older ones.
        db.execute("UPDATE deputies SET address = '刚搬的新家', updated_at = '2026-11-15 08:30:00' WHERE uid = ?", [uid])
        db.execute("UPDATE activities SET theme = '改过的主题', updated_at = '2026-11-16 14:00:00' WHERE uid = ?",
                   [activity])
        plan = preview_import(db, read_package(package))
        assert plan.counts["deputies"]["skip"] == 1 and plan.counts["deputies"]["change"] == 0
        assert plan.counts["activities"]["skip"] == 1 and plan.counts["activities"]["change"] == 0
        assert any("2026-11-15 08:30:00" in line and "保留本库的内容" in line for line in plan.skipped), plan.skipped
        assert any(line.startswith("活动") and "2026-11-16 14:00:00" in line for line in plan.skipped), plan.skipped
        assert "跳过" in plan.summary()
        apply_import(db, plan, backup=False)
        assert next(r for r in sync.deputy_rows(db) if r["uid"] == uid)["address"] == "刚搬的新家"
        assert next(r for r in sync.activity_rows(db, *PERIOD.values()) if r["uid"] == activity)["theme"] == "改过的主题"
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------- the county

@pytest.fixture
def county_folder(package_path, tmp_path):
    folder = tmp_path / "收到的数据包"
    folder.mkdir()
    shutil.copyfile(package_path, folder / "示范镇_数据交换_2026-11-23.zip")
    return folder


def _county(capsys, folder, out, *extra):
    code = main(["county-report", str(folder), "--out", str(out), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _status(report):
    return {f["file"]: (f["status"], f["message"]) for f in report["files"]}


def test_a_package_dated_2099_is_not_taken_by_the_county_report(county_folder, town_path, tmp_path, capsys):
    """F7: a package dated 2099 replaced the genuine one; even signed with the township's key it is refused."""
    db = open_database(town_path)
    try:
        key = office_key(db)
    finally:
        db.close()
    genuine = county_folder / "示范镇_数据交换_2026-11-23.zip"
    resigned(_forged(genuine, tmp_path, key=key, name="f.zip"), county_folder / "示范镇_数据交换_2099-01-01.zip",
             key, created_at="2099-01-01T00:00:00")
    code, report = _county(capsys, county_folder, tmp_path / "汇总.xlsx")
    assert code == 1
    status = _status(report)
    assert status["示范镇_数据交换_2026-11-23.zip"][0] == "ok"
    assert status["示范镇_数据交换_2099-01-01.zip"][0] == "refused"
    assert "晚于今天" in status["示范镇_数据交换_2099-01-01.zip"][1]
    assert report["total"]["deputies"] > 0


def test_the_county_registers_a_township_on_its_oldest_package_and_refuses_another_key(
        county_folder, tmp_path, capsys):
    genuine = county_folder / "示范镇_数据交换_2026-11-23.zip"
    forged = _forged(genuine, county_folder, key=FORGER_KEY, name="示范镇_数据交换_2026-11-30.zip")
    resigned(forged, forged, FORGER_KEY, created_at=dt.datetime.now().replace(microsecond=0).isoformat())
    code, report = _county(capsys, county_folder, tmp_path / "汇总.xlsx")
    status = _status(report)
    assert code == 1 and status[genuine.name][0] == "ok"      # the genuine, older package is the one registered
    assert status[forged.name][0] == "refused" and "不是示范镇登记的密钥" in status[forged.name][1]
    keys = json.loads((tmp_path / "keys.json").read_text(encoding="utf-8"))["townships"]
    assert keys["示范镇"]["public_key"] == read_package(genuine).signer
    # The next run, with the genuine package gone, still refuses the forgery: the key is kept in keys.json.
    genuine.unlink()
    assert main(["county-report", str(county_folder), "--out", str(tmp_path / "汇总.xlsx")]) == 2
    assert "不是示范镇登记的密钥" in capsys.readouterr().err


def test_a_changed_key_is_accepted_only_when_named(county_folder, tmp_path, capsys):
    genuine = county_folder / "示范镇_数据交换_2026-11-23.zip"
    keys = tmp_path / "登记" / "keys.json"
    assert _county(capsys, county_folder, tmp_path / "a.xlsx", "--keys", str(keys))[0] == 0
    new_key = Ed25519PrivateKey.generate()   # the township's new laptop, set up without its backup
    renewed = resigned(genuine, county_folder / "示范镇_数据交换_2026-12-01.zip", new_key,
                       created_at=dt.datetime.now().replace(microsecond=0).isoformat())
    code, report = _county(capsys, county_folder, tmp_path / "b.xlsx", "--keys", str(keys))
    assert code == 1 and _status(report)[renewed.name][0] == "refused"
    code, report = _county(capsys, county_folder, tmp_path / "c.xlsx", "--keys", str(keys), "--accept-new-key", "示范镇")
    assert code == 0 and _status(report)[renewed.name][0] == "ok"
    assert _status(report)[genuine.name][0] == "superseded"   # the old key's package is older, not a forgery
    assert json.loads(keys.read_text(encoding="utf-8"))["townships"]["示范镇"]["public_key"] == \
        read_package(renewed).signer


# ---------------------------------------------------------------------------------------------- the office's key

def test_the_signing_key_is_owner_only_and_travels_with_the_backups(tmp_path):
    """F7: the private key lives beside the database, readable by its owner alone, and a restore on a laptop
    that lost it brings it back, so the county keeps recognising the township's packages."""
    import os
    import stat

    from desktop_app.db.backup import backup_database
    from desktop_app.db.restore import restore_database

    path = tmp_path / "data" / "renda.db"
    path.parent.mkdir()
    db = open_database(path)
    try:
        public = read_package(build_package(db, tmp_path / "a.zip", today=TODAY, parts="roster", **PERIOD)).signer
        key = key_file(path)
        assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600
        backup = backup_database(db, folder=tmp_path / "U盘")
    finally:
        db.close()
    copy = tmp_path / "U盘" / key.name
    assert copy.read_bytes() == key.read_bytes() and stat.S_IMODE(copy.stat().st_mode) == 0o600
    # A new laptop: the data folder is empty; the backup (and the key beside it) is restored.
    laptop = tmp_path / "新电脑" / "renda.db"
    laptop.parent.mkdir()
    restore_database(backup, laptop)
    assert key_file(laptop).read_bytes() == key.read_bytes()
    assert stat.S_IMODE(os.stat(key_file(laptop)).st_mode) == 0o600
    db = open_database(laptop)
    try:
        again = read_package(build_package(db, tmp_path / "b.zip", today=TODAY, parts="roster", **PERIOD)).signer
    finally:
        db.close()
    assert again == public


def test_a_township_import_refuses_a_package_dated_in_the_future(package_path, town_path, tmp_path, capsys):
    db = open_database(town_path)
    try:
        key = office_key(db)
    finally:
        db.close()
    future = resigned(package_path, tmp_path / "2099.zip", key, created_at="2099-01-01T00:00:00")
    before = table_dump(town_path)
    _refused_cli(capsys, _import(town_path, future), "2099-01-01", "晚于今天")
    assert table_dump(town_path) == before
