"""Benchmarks: a 10,000-row roster import (validation included) ≤ 3 s; export within 1.3× of bare openpyxl.

Run with `make bench`; each prints its time and the ratio to the bare library doing the same work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.db.connection import open_database
from desktop_app.db.deputies import list_deputies
from desktop_app.db.roster_import import snapshot
from desktop_app.db.terms import create_term
from desktop_app.ops.roster_documents import export_roster_workbook
from desktop_app.ops import roster_import as roster_ops
from desktop_app.reports.excel import roster_import
from desktop_app.reports.excel.roster_export import deputy_cells
from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from roster_samples import sample_deputy, write_layout_workbook  # noqa: E402

ROWS = 10_000
IMPORT_LIMIT_S = 3.0
EXPORT_RATIO_LIMIT = 1.3


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return write_layout_workbook(tmp_path_factory.mktemp("bench") / "roster.xlsx",
                                 [sample_deputy(i) for i in range(ROWS)])


def _fresh_db(folder: Path, name: str):
    db = open_database(folder / name)
    create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
    return db


def test_import_10000_rows(workbook, tmp_path):
    def bare_read():
        wb = load_workbook(workbook, read_only=True)
        for _row in wb.worksheets[0].iter_rows(values_only=True):
            pass
        wb.close()

    bare = _best(bare_read, 2)
    counter = iter(range(100))

    def full_import():
        db = _fresh_db(tmp_path, f"import{next(counter)}.db")
        preview = roster_ops.preview(db, workbook)
        result = roster_ops.apply(db, preview).value
        assert len(result.inserted_ids) == ROWS
        db.close()

    elapsed = _best(full_import, 3)
    print(f"\nimport {ROWS} rows (read + validate + write): {elapsed:.2f} s; bare openpyxl read-only read: "
          f"{bare:.2f} s; ratio {elapsed / bare:.2f} (limit {IMPORT_LIMIT_S} s)")
    assert elapsed <= IMPORT_LIMIT_S


def test_export_10000_rows(workbook, tmp_path):
    db = _fresh_db(tmp_path, "export.db")
    roster_ops.apply(db, roster_ops.preview(db, workbook))
    cells = [deputy_cells(n, d, mask=False) for n, d in enumerate(list_deputies(db, include_inactive=True), 1)]
    assert len(cells) == ROWS

    def bare_write():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("代表名册")
        ws.append(list(EXPORT_HEADERS))
        for row in cells:
            ws.append(row)
        wb.save(tmp_path / "bare.xlsx")

    bare = _best(bare_write)
    ours = _best(lambda: export_roster_workbook(db, tmp_path / "ours.xlsx", mask=False))
    db.close()
    ratio = ours / bare
    print(f"\nexport {ROWS} rows: {ours:.2f} s; bare openpyxl write-only of the same cells: {bare:.2f} s; "
          f"ratio {ratio:.2f} (limit {EXPORT_RATIO_LIMIT})")
    assert ratio <= EXPORT_RATIO_LIMIT
