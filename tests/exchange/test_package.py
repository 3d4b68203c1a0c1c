"""The exchange package: what the county receives, verified before it is read; tampering is refused."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.db import audit, sync
from desktop_app.errors import InputError
from desktop_app.exchange.layouts import BY_NAME
from desktop_app.exchange.package import (
    ExportCancelled, build_package, default_file_name, id_key, manifest_checksum, read_package,
)

from exchange_samples import PERIOD, TODAY, demo_db, empty_db  # noqa: F401 - fixtures


def _build(db, folder, **options):
    return build_package(db, folder, today=TODAY, **{**PERIOD, **options})


def _rewrite(src, dst, *, change=None, drop=None, add=None, manifest=None):
    """Copy a zip, altering one member, dropping one, adding one or editing the manifest."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == drop:
                continue
            if info.filename == change:
                data = data[:2000] + bytes([data[2000] ^ 0x01]) + data[2001:]
            if info.filename == "manifest.json" and manifest:
                m = json.loads(data)
                manifest(m)
                data = json.dumps(m, ensure_ascii=False).encode("utf-8")
            zout.writestr(info.filename, data)
        if add:
            zout.writestr(add, b"extra")
    return dst


def test_package_name_manifest_and_workbooks(demo_db, tmp_path):
    path = _build(demo_db, tmp_path)
    assert path.name == "示范镇_数据交换_2026-11-23.zip" == default_file_name("示范镇", TODAY)
    package = read_package(path)
    m = package.manifest
    assert (m["township"], m["county"], m["period"]) == ("示范镇", "示范县", PERIOD)
    assert m["schema_version"] >= 4 and m["app_version"] and m["masked"] is True
    deputies_here = sync.deputy_rows(demo_db)
    assert m["tables"]["deputies"]["rows"] == len(deputies_here) == len(package.tables["deputies"])
    assert m["tables"]["activities"]["rows"] == len(sync.activity_rows(demo_db, PERIOD["start"], PERIOD["end"])) > 50
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        # Every data file is listed with its size and checksum; the manifest is the only extra.
        assert names == {f["path"] for f in m["files"]} | {"manifest.json"}
        assert "data/代表名册.xlsx" in names and "reports/代表名册.pdf" in names
        wb = openpyxl.load_workbook(io.BytesIO(zf.read("data/代表名册.xlsx")), read_only=True)
        assert wb.sheetnames == ["代表", "代表小组", "联络站"]
        rows = list(wb["代表"].iter_rows(values_only=True))
        assert list(rows[0]) == BY_NAME["deputies"].headers
        first = dict(zip(BY_NAME["deputies"].keys, rows[1]))
        raw = next(d for d in deputies_here if d["uid"] == first["uid"])
        assert first["name"] == raw["name"]
        assert first["id_number"] != raw["id_number"] and "*" in first["id_number"]   # masked by default
        assert first["id_key"] is None   # no county code typed in 设置: no digest (a bare hash gave numbers back)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read("reports/代表名册.pdf"))).pages)
        assert raw["name"] in text and raw["id_number"] not in text


def test_unmasked_package_carries_full_id_numbers(demo_db, tmp_path):
    package = read_package(_build(demo_db, tmp_path, mask=False, parts="roster"))
    numbers = {r["id_number"] for r in package.tables["deputies"]}
    assert {d["id_number"] for d in sync.deputy_rows(demo_db)} == numbers
    assert package.parts == ["roster"] and set(package.tables) == {"deputies", "groups", "stations"}


def test_scores_without_scoring_module_are_recorded_as_skipped(demo_db, tmp_path, monkeypatch):
    from desktop_app.exchange import package as package_module

    monkeypatch.setattr(package_module, "_scoring_available", lambda: False)
    m = read_package(_build(demo_db, tmp_path, parts=["scores", "roster"])).manifest
    assert m["parts"] == ["roster"]
    assert any(s.get("part") == "scores" for s in m["skipped"])


@pytest.mark.parametrize("how, needle", [
    ("change", "data/活动登记.xlsx"),
    ("drop", "data/意见建议.xlsx"),
    ("add", "notes.txt"),
    ("manifest", "manifest.json"),
    ("manifest_hash", "data/代表名册.xlsx"),
])
def test_tampered_package_is_refused_and_database_unchanged(demo_db, empty_db, tmp_path, how, needle):
    good = _build(demo_db, tmp_path / "out")
    bad = tmp_path / "bad.zip"
    if how == "change":
        _rewrite(good, bad, change=needle)
    elif how == "drop":
        _rewrite(good, bad, drop=needle)
    elif how == "add":
        _rewrite(good, bad, add=needle)
    elif how == "manifest":
        _rewrite(good, bad, manifest=lambda m: m.update(township="别的镇"))
    else:
        def forge(m):   # a consistent-looking manifest whose checksum was recomputed, but the file differs
            entry = next(f for f in m["files"] if f["path"] == needle)
            entry["sha256"] = "0" * 64
            m["manifest_sha256"] = manifest_checksum(m)
        _rewrite(good, bad, manifest=forge)
    before = audit.entries(empty_db) if hasattr(audit, "entries") else None
    counts = sync.row_counts(empty_db, ["deputies", "activities", "suggestions", "audit_log"])
    with pytest.raises(InputError) as err:
        read_package(bad)
    assert needle in str(err.value) and "拒绝" in str(err.value)
    assert sync.row_counts(empty_db, ["deputies", "activities", "suggestions", "audit_log"]) == counts
    if before is not None:
        assert audit.entries(empty_db) == before


def test_not_a_package(tmp_path):
    text = tmp_path / "名册.zip"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的数据交换包"):
        read_package(text)
    roster = tmp_path / "县里名册.xlsx"
    openpyxl.Workbook().save(roster)
    with pytest.raises(InputError, match="导入名册"):
        read_package(roster)


def test_cancel_leaves_no_file(demo_db, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        _build(demo_db, folder, cancel=cancel)
    assert list(folder.iterdir()) == []


def test_progress_reaches_the_end(demo_db, tmp_path):
    seen = []
    _build(demo_db, tmp_path, parts="roster,activities", progress=lambda d, t, text: seen.append((d, t, text)))
    assert seen[-1][0] == seen[-1][1] and seen[-1][2] == "完成"
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)


def test_bad_period_and_parts_are_input_errors(demo_db, tmp_path):
    with pytest.raises(InputError, match="晚于"):
        build_package(demo_db, tmp_path, start="2026-12-01", end="2026-01-01")
    with pytest.raises(InputError, match="不认识"):
        build_package(demo_db, tmp_path, parts="roster,budget")
    with pytest.raises(InputError, match="日期"):
        build_package(demo_db, tmp_path, start="2026-13-01")
