"""Honours (荣誉、处分, with their 年度 of migration 8) stay in the township's archive: no package carries them."""

from __future__ import annotations

import json
import zipfile

from desktop_app.db import honors as honors_db
from desktop_app.db import sync
from desktop_app.exchange.importer import apply_import, preview_import
from desktop_app.exchange.layouts import ALL_PARTS
from desktop_app.exchange.package import build_package, read_package
from desktop_app.ops import archive_records

from exchange_samples import PERIOD, TODAY, demo_db, empty_db  # noqa: F401 - fixtures


def test_a_full_package_carries_no_honours_and_an_import_leaves_them_alone(demo_db, empty_db, tmp_path):
    deputy = sync.deputy_rows(demo_db)[0]["id"]
    archive_records.add_honor(demo_db, deputy, {"kind": "荣誉", "title": "优秀人大代表", "date": "2026-03-12",
                                                "year": "2025"})
    path = build_package(demo_db, tmp_path, today=TODAY, parts=",".join(ALL_PARTS), mask=False, **PERIOD)
    package = read_package(path)
    assert set(package.parts) == set(ALL_PARTS)
    assert not any("honor" in table or "荣誉" in table for table in package.tables)
    with zipfile.ZipFile(path) as zf:
        text = json.loads(zf.read("manifest.json"))
        assert not any("荣誉" in name or "honor" in name for name in zf.namelist())
    assert "honors" not in text["tables"]
    apply_import(empty_db, preview_import(empty_db, package), backup=False)
    assert honors_db.list_honors(empty_db, sync.deputy_rows(empty_db)[0]["id"]) == []
    # The township's own record keeps its 年度.
    assert [h["year"] for h in honors_db.list_honors(demo_db, deputy)] == [2025]
