"""Benchmark: the exchange package of a big township (1,000 deputies, 10,000 activities with 50,000
attendance rows, 5,000 suggestions) against bare openpyxl writing the same rows; then verify + preview.

Run with `make bench`; prints the times and the ratio to the bare library.
"""

from __future__ import annotations

import random
import time

import pytest
from openpyxl import Workbook

from desktop_app.db.connection import open_database
from desktop_app.domain.idcard import make_id_number
from desktop_app.exchange import package as package_module
from desktop_app.exchange.importer import preview_import
from desktop_app.exchange.layouts import TABLES
from desktop_app.exchange.package import _ROWS, build_package, read_package

DEPUTIES, ACTIVITIES, SUGGESTIONS, PER_ACTIVITY = 1_000, 10_000, 5_000, 5
DATA_RATIO_LIMIT = 1.5      # data workbooks vs bare openpyxl (ours also runs the queries, hashes and zips; shared CPUs are noisy)
FULL_LIMIT_S = 90.0         # the whole package with its PDF reports (most of it the 10,000-activity PDF)
READ_PREVIEW_LIMIT_S = 10.0


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    import datetime as dt

    folder = tmp_path_factory.mktemp("exchange-bench")
    db = open_database(folder / "big.db")
    rng = random.Random(1)
    with db.atomic():
        term = db.execute("INSERT INTO terms(name, number, is_current) VALUES ('第十九届', 19, 1)").lastrowid
        district = db.execute("INSERT INTO districts(term_id, name) VALUES (?, '第一选区')", [term]).lastrowid
        db.conn.executemany(
            "INSERT INTO deputies(term_id, name, gender, id_number, district_id, phone, occupation) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(term, f"代表{i:04d}", "男" if i % 2 else "女",
              make_id_number("360124", dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000),
              district, f"138{i:08d}", "农民") for i in range(DEPUTIES)])
        group = db.execute("INSERT INTO groups(term_id, name) VALUES (?, '第一代表小组')", [term]).lastrowid
        station = db.execute("INSERT INTO stations(name) VALUES ('第一联络站')").lastrowid
        db.conn.executemany(
            "INSERT INTO activities(type_id, date, station_id, group_id, theme, content) VALUES (1, ?, ?, ?, ?, ?)",
            [(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", station, group, f"活动主题{i}", "代表听取选民意见。" * 3)
             for i in range(ACTIVITIES)])
        db.conn.executemany(
            "INSERT INTO activity_attendance(activity_id, deputy_id, status) VALUES (?, ?, '出席')",
            [(a, d) for a in range(1, ACTIVITIES + 1)
             for d in rng.sample(range(1, DEPUTIES + 1), PER_ACTIVITY)])
        db.conn.executemany(
            "INSERT INTO suggestions(title, content, source, date, state) VALUES (?, ?, '选民意见', ?, '收集')",
            [(f"建议{i}", "建议修缮村道，方便群众出行。" * 2, f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
             for i in range(SUGGESTIONS)])
        db.conn.executemany("INSERT INTO suggestion_events(suggestion_id, action, to_state, date) "
                            "VALUES (?, '收集', '收集', '2026-01-01')", [(i,) for i in range(1, SUGGESTIONS + 1)])
    yield db
    db.close()


def _bare_openpyxl(db, folder):
    """The same rows (already in memory) written with openpyxl write-only, one workbook per file."""
    rows = {t.name: list(_ROWS[t.name](db, "2026-01-01", "2026-12-31", True)) for t in TABLES
            if t.part in ("roster", "activities", "suggestions")}
    start = time.perf_counter()
    books: dict[str, Workbook] = {}
    for t in TABLES:
        if t.name not in rows:
            continue
        wb = books.setdefault(t.file, Workbook(write_only=True))
        ws = wb.create_sheet(t.sheet)
        ws.append(t.headers)
        for row in rows[t.name]:
            ws.append([row.get(k) for k in t.keys])
    for n, wb in enumerate(books.values()):
        wb.save(folder / f"bare{n}.xlsx")
    return time.perf_counter() - start


def test_exchange_package_speed(big_db, tmp_path, monkeypatch):
    bare = _bare_openpyxl(big_db, tmp_path)
    parts = "roster,activities,suggestions"
    with monkeypatch.context() as m:
        m.setattr(package_module, "REPORTS", {k: () for k in package_module.REPORTS})
        start = time.perf_counter()
        data_only = build_package(big_db, tmp_path / "data.zip", start="2026-01-01", end="2026-12-31", parts=parts)
        ours = time.perf_counter() - start
    ratio = ours / bare
    print(f"\ndata workbooks: {ours:.2f} s; bare openpyxl {bare:.2f} s; ratio {ratio:.2f}")

    start = time.perf_counter()
    full = build_package(big_db, tmp_path / "full.zip", start="2026-01-01", end="2026-12-31", parts=parts)
    full_time = time.perf_counter() - start
    print(f"full package with PDF reports: {full_time:.2f} s ({full.stat().st_size // 1024} KB)")

    start = time.perf_counter()
    package = read_package(data_only)
    empty = open_database(tmp_path / "empty.db")
    try:
        plan = preview_import(empty, package)
    finally:
        empty.close()
    read_time = time.perf_counter() - start
    print(f"verify + read + preview into an empty database: {read_time:.2f} s")
    assert len(package.tables["activity_attendance"]) == ACTIVITIES * PER_ACTIVITY
    assert plan.counts["activities"]["add"] == ACTIVITIES
    assert ratio <= DATA_RATIO_LIMIT
    assert full_time <= FULL_LIMIT_S
    assert read_time <= READ_PREVIEW_LIMIT_S
