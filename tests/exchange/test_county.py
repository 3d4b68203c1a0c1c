"""County mode: three generated townships merged, totals equal to the sum; damaged packages refused per file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import zipfile

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.db import settings
from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo
from desktop_app.domain.suggestions import rate
from desktop_app.errors import InputError
from desktop_app.exchange.county import REFUSED, SUPERSEDED, TOTAL, consolidated_statistics, load_folder
from desktop_app.exchange.package import build_package

TODAY = dt.date(2026, 11, 23)
TOWNSHIPS = {1: "青山镇", 2: "绿水乡", 3: "白云街道"}


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """Three demo townships (different seeds and names), each exported as a package into one folder."""
    base = tmp_path_factory.mktemp("county")
    folder = base / "packages"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(base / "userdata"))
        for seed, name in TOWNSHIPS.items():
            db = open_database(base / f"town{seed}.db")
            fill_demo(db, seed=seed, today=TODAY)
            settings.put(db, "township_name", name)
            settings.put(db, "county_name", "示范县")
            build_package(db, folder / f"{name}.zip", start="2024-01-01", end="2026-12-31", today=TODAY)
            db.close()
    return base, folder


def sql(path, query):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def test_three_townships_merge_and_totals_are_the_sums(county):
    base, folder = county
    view = load_folder(folder)
    assert view.townships == ["白云街道", "绿水乡", "青山镇"]          # by pinyin
    assert [f.status for f in view.files] == ["ok"] * 3
    stats = consolidated_statistics(view, on=TODAY)
    names = view.townships

    # Each township's figures are its own database's, counted independently here.
    for seed, name in TOWNSHIPS.items():
        db_file = base / f"town{seed}.db"
        serving = sql(db_file, "SELECT count(*) FROM deputies WHERE deleted_at IS NULL AND status = '在任'")
        assert stats["roster"][name]["total"] == serving
        assert stats["suggestions"][name]["total"] == sql(
            db_file, "SELECT count(*) FROM suggestions WHERE deleted_at IS NULL AND date BETWEEN '2024-01-01' AND '2026-12-31'")
        assert stats["activities"][name]["count"] == sql(
            db_file, "SELECT count(*) FROM activities WHERE deleted_at IS NULL AND date BETWEEN '2024-01-01' AND '2026-12-31'")

    def total_of(section, key):
        return sum(stats[section][n][key] for n in names)

    assert stats["roster"][TOTAL]["total"] == total_of("roster", "total") > 100
    for dimension in ("gender", "age", "party", "education", "level", "reelected"):
        for item in stats["roster"][TOTAL][dimension]:
            assert item["count"] == sum(next((i["count"] for i in stats["roster"][n][dimension]
                                              if i["label"] == item["label"]), 0) for n in names), (dimension, item)
    assert stats["activities"][TOTAL]["count"] == total_of("activities", "count") > 0
    assert stats["activities"][TOTAL]["present"] == total_of("activities", "present")
    for kind, count in stats["activities"][TOTAL]["by_type"].items():
        assert count == sum(stats["activities"][n]["by_type"].get(kind, 0) for n in names)
    total = stats["suggestions"][TOTAL]
    for key in ("total", "done", "evaluated", "on_time"):
        assert total[key] == total_of("suggestions", key)
    for state, count in total["by_state"].items():
        assert count == sum(stats["suggestions"][n]["by_state"][state] for n in names)
    assert total["done_rate"] == rate(total["done"], total["total"])
    assert total["satisfied_rate"] == rate(total["evaluations"]["满意"], total["evaluated"])
    assert stats["score_year"] == 2026
    assert stats["scores"][TOTAL]["count"] == total_of("scores", "count") > 0
    for grade in stats["grades"]:
        assert stats["scores"][TOTAL]["by_grade"].get(grade, 0) == sum(
            stats["scores"][n]["by_grade"].get(grade, 0) for n in names)
    assert stats["county"] == "示范县"


def _tamper(path):
    """Rewrite one workbook inside the zip with other bytes, keeping the manifest: a checksum mismatch."""
    with zipfile.ZipFile(path) as zf:
        items = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    name = next(n for n in items if n.endswith("意见建议.xlsx"))
    data = bytearray(items[name])
    data[len(data) // 2] ^= 0xFF
    items[name] = bytes(data)
    with zipfile.ZipFile(path, "w") as zf:
        for n, blob in items.items():
            zf.writestr(n, blob)


def test_a_tampered_package_is_refused_while_the_others_load(county, tmp_path):
    _base, folder = county
    copy = tmp_path / "packages"
    shutil.copytree(folder, copy)
    _tamper(copy / "绿水乡.zip")
    (copy / "说明.txt").write_text("不是数据包", encoding="utf-8")
    full = consolidated_statistics(load_folder(folder), on=TODAY)
    view = load_folder(copy)
    assert view.townships == ["白云街道", "青山镇"]
    refused = [f for f in view.files if f.status == REFUSED]
    assert [f.path.name for f in refused] == ["绿水乡.zip"]
    assert "意见建议.xlsx" in refused[0].message and "SHA-256" in refused[0].message
    stats = consolidated_statistics(view, on=TODAY)
    assert stats["roster"][TOTAL]["total"] == full["roster"]["白云街道"]["total"] + full["roster"]["青山镇"]["total"]
    assert stats["refused"] == [{"file": "绿水乡.zip", "message": refused[0].message}]


def test_the_newest_package_of_a_township_wins(county, tmp_path):
    base, folder = county
    copy = tmp_path / "packages"
    shutil.copytree(folder, copy)
    db = open_database(base / "town1.db")
    try:
        before = db["suggestions"].count
        db.execute("UPDATE suggestions SET deleted_at = '2026-11-01' WHERE id = (SELECT min(id) FROM suggestions)")
        db.conn.commit()
        newer = build_package(db, copy / "青山镇-补报.zip", start="2024-01-01", end="2026-12-31", today=TODAY)
        db.execute("UPDATE suggestions SET deleted_at = NULL")
        db.conn.commit()
    finally:
        db.close()
    stamp = (copy / "青山镇.zip").stat().st_mtime
    os.utime(newer, (stamp + 60, stamp + 60))
    view = load_folder(copy)
    assert view.packages["青山镇"].path == newer
    old = next(f for f in view.files if f.path.name == "青山镇.zip")
    assert old.status == SUPERSEDED and "青山镇-补报.zip" in old.message
    assert consolidated_statistics(view)["suggestions"]["青山镇"]["total"] == before - 1


def test_missing_folder_is_bad_input(tmp_path):
    with pytest.raises(InputError, match="找不到文件夹"):
        load_folder(tmp_path / "nope")


def test_county_report_command_writes_xlsx_and_pdf(county, tmp_path, capsys):
    _base, folder = county
    stats = consolidated_statistics(load_folder(folder))
    out = tmp_path / "汇总.xlsx"
    assert main(["county-report", str(folder), "--out", str(out)]) == 0
    assert "已汇总 3 个乡镇" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    sheet = wb["意见建议"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["白云街道", "绿水乡", "青山镇", "合计"]
    assert rows["合计"][1] == sum(rows[n][1] for n in ("白云街道", "绿水乡", "青山镇")) == stats["suggestions"][TOTAL]["total"]
    roster = {r[0]: r for r in wb["代表结构"].iter_rows(min_row=2, values_only=True)}
    assert roster["合计"][1] == stats["roster"][TOTAL]["total"]

    pdf = tmp_path / "汇总.pdf"
    assert main(["county-report", str(folder), "--out", str(pdf)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "示范县各乡镇人大工作汇总统计" in text
    assert all(name in text for name in TOWNSHIPS.values())
    assert f"共有在任代表 {stats['roster'][TOTAL]['total']} 名" in text
    assert "意见建议办理情况" in text and "2026年度履职积分等次" in text


def test_county_report_exit_codes(county, tmp_path, capsys):
    _base, folder = county
    copy = tmp_path / "packages"
    shutil.copytree(folder, copy)
    (copy / "坏包.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["county-report", str(copy), "--out", str(tmp_path / "a.xlsx")]) == 1
    captured = capsys.readouterr()
    assert "已拒绝：坏包.zip" in captured.out and "未计入汇总" in captured.err
    assert (tmp_path / "a.xlsx").exists()
    assert main(["county-report", str(tmp_path / "none"), "--out", str(tmp_path / "b.xlsx")]) == 2
    assert main(["county-report", str(folder), "--out", str(tmp_path / "c.docx")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["county-report", str(empty), "--out", str(tmp_path / "d.xlsx")]) == 2
    assert "没有可用的数据交换包" in capsys.readouterr().err
