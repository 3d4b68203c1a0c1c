"""F5: text that starts with =, +, - or @ is written to workbooks as text and comes back unchanged.

Before, openpyxl stored '=…' as a live formula: the reader saw an empty cell, and after a county round trip
an activity and a suggestion were dropped and deputy fields emptied. The yardstick here is the whole trip:
township database → exchange package → county import and county report, and the clerk's own exports.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import zipfile

from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.db.connection import open_database
from desktop_app.exchange.county import TOTAL, consolidated_statistics, load_folder
from desktop_app.exchange.importer import apply_import, preview_import
from desktop_app.exchange.package import build_package, read_package
from package_tools import PERIOD, TODAY

DEPUTY = {"work_unit": "=SUM(1,2)", "post": "+村委会主任", "address": "-东街3号", "notes": "@所有人 请注意"}
ACTIVITY = {"theme": '=HYPERLINK("http://example.com","点我")', "place": "+村委会会议室"}
SUGGESTION = {"title": "=1+1 路灯不亮", "content": "@镇政府 -请尽快维修"}


def _plant(path):
    """One deputy, one activity in the period and one suggestion get formula-like text; returns their uids."""
    conn = sqlite3.connect(path)
    try:
        deputy = conn.execute("SELECT uid FROM deputies WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()[0]
        activity = conn.execute("SELECT uid FROM activities WHERE deleted_at IS NULL AND date BETWEEN ? AND ? "
                                "ORDER BY date LIMIT 1", (PERIOD["start"], PERIOD["end"])).fetchone()[0]
        suggestion = conn.execute("SELECT uid FROM suggestions WHERE date BETWEEN ? AND ? ORDER BY date LIMIT 1",
                                  (PERIOD["start"], PERIOD["end"])).fetchone()[0]
        for table, uid, values in (("deputies", deputy, DEPUTY), ("activities", activity, ACTIVITY),
                                   ("suggestions", suggestion, SUGGESTION)):
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE {table} SET {sets} WHERE uid = ?", (*values.values(), uid))
        conn.commit()
    finally:
        conn.close()
    return deputy, activity, suggestion


def _no_formula_cells(data: bytes, where: str):
    book = load_workbook(io.BytesIO(data))
    formulas = [(ws.title, c.coordinate, c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert not formulas, f"{where}: {formulas[:5]}"


def _row(rows, uid):
    found = [r for r in rows if r.get("uid") == uid]
    assert len(found) == 1, f"{uid} missing"
    return found[0]


def test_formula_like_text_survives_the_exchange_package_and_the_county(town_path, tmp_path):
    deputy, activity, suggestion = _plant(town_path)
    db = open_database(town_path)
    try:
        out = build_package(db, tmp_path / "包" / "示范镇.zip", today=TODAY, parts="roster,activities,suggestions",
                            **PERIOD)
        in_db = {t: db.execute(f"SELECT count(*) FROM {t} WHERE date BETWEEN ? AND ?"
                               + (" AND deleted_at IS NULL" if t == "activities" else ""),
                               [PERIOD["start"], PERIOD["end"]]).fetchone()[0] for t in ("activities", "suggestions")}
    finally:
        db.close()
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith(".xlsx"):
                _no_formula_cells(zf.read(name), name)

    package = read_package(out)
    assert {k: _row(package.tables["deputies"], deputy)[k] for k in DEPUTY} == DEPUTY
    assert {k: _row(package.tables["activities"], activity)[k] for k in ACTIVITY} == ACTIVITY
    assert {k: _row(package.tables["suggestions"], suggestion)[k] for k in SUGGESTION} == SUGGESTION

    county_db = open_database(tmp_path / "县.db")
    try:
        apply_import(county_db, preview_import(county_db, package))
        stored = county_db.execute("SELECT work_unit, post, address, notes FROM deputies WHERE uid = ?",
                                   [deputy]).fetchone()
        assert dict(zip(DEPUTY, stored)) == DEPUTY
        theme = county_db.execute("SELECT theme, place FROM activities WHERE uid = ?", [activity]).fetchone()
        assert dict(zip(ACTIVITY, theme)) == ACTIVITY
        title = county_db.execute("SELECT title, content FROM suggestions WHERE uid = ?", [suggestion]).fetchone()
        assert dict(zip(SUGGESTION, title)) == SUGGESTION
    finally:
        county_db.close()

    stats = consolidated_statistics(load_folder(out.parent))
    assert stats["activities"][TOTAL]["count"] == in_db["activities"] == len(package.tables["activities"])
    assert stats["suggestions"][TOTAL]["total"] == in_db["suggestions"] == len(package.tables["suggestions"])


def test_formula_like_text_in_the_clerks_own_exports(town_path, tmp_path, capsys):
    _plant(town_path)
    for kind in ("roster", "activities", "suggestions", "archive"):
        out = tmp_path / f"{kind}.xlsx"
        code = main(["--db", str(town_path), "export", kind, "--out", str(out)])
        if code != 0:
            assert kind == "archive", capsys.readouterr().err   # an export kind this version may lack
            continue
        _no_formula_cells(out.read_bytes(), kind)
    book = load_workbook(tmp_path / "roster.xlsx")
    values = {c.value for row in book.worksheets[0].iter_rows() for c in row}
    assert set(DEPUTY.values()) - {"@所有人 请注意"} <= values   # the roster export has no 备注 column


def test_a_tally_workbook_keeps_a_candidate_named_like_a_formula(tmp_path):
    from desktop_app.domain.ballots import BallotEntry, ItemSpec
    from desktop_app.reports.excel.tally_workbook import read_workbook, write_workbook

    spec = ItemSpec("1", "=选举", "选举", 1, 45, 3, False, ("=张三", "-李四"))
    path = tmp_path / "计票.xlsx"
    write_workbook(path, [(spec, [BallotEntry(1, "YN"), BallotEntry(2, "NY"), BallotEntry(3, "Y-")])])
    _no_formula_cells(path.read_bytes(), "tally")
    [(read, entries)] = read_workbook(path)
    assert read.name == "=选举" and read.candidates == ("=张三", "-李四") and len(entries) == 3


def test_copy_of_the_package_reads_the_same(town_path, tmp_path):
    """The county keeps packages in a folder of their own; a copied package is read identically."""
    deputy, _, _ = _plant(town_path)
    db = open_database(town_path)
    try:
        out = build_package(db, tmp_path / "示范镇.zip", today=TODAY, parts="roster", **PERIOD)
    finally:
        db.close()
    copy = tmp_path / "副本" / "示范镇.zip"
    copy.parent.mkdir()
    shutil.copy(out, copy)
    assert _row(read_package(copy).tables["deputies"], deputy)["work_unit"] == DEPUTY["work_unit"]
