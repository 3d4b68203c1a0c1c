"""Roster export: the documented layout, masking, the template, and the export → import round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.db import settings
from desktop_app.db.connection import open_database
from desktop_app.db.deputies import list_deputies
from desktop_app.db.terms import create_term
from desktop_app.db.roster_import import snapshot
from desktop_app.ops.roster_documents import export_roster_workbook
from desktop_app.paths import resource_path
from desktop_app.ops import roster_import as roster_ops
from desktop_app.reports.excel import roster_import
from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS, field_for_header
from roster_samples import sample_deputy, write_layout_workbook

COMPARED = ("name", "gender", "ethnicity", "birth_date", "id_number", "party", "education", "work_unit", "post",
            "occupation", "phone", "address", "district_name", "level", "first_elected", "reelected", "status",
            "status_date", "status_reason", "notes")


def _rows(db) -> list[tuple]:
    return sorted(tuple(d[k] for k in COMPARED) for d in list_deputies(db, include_inactive=True))


@pytest.fixture
def filled(db, tmp_path):
    """A database holding 60 generated deputies (rare-character names, one who resigned)."""
    create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
    deputies = [sample_deputy(i) for i in range(60)]
    deputies[5].update(status="辞职", status_date="2024-06-01", status_reason="工作调动")
    preview = roster_import.read_preview(write_layout_workbook(tmp_path / "in.xlsx", deputies), snapshot(db))
    assert not preview.has_errors, preview.problems[:3]
    roster_ops.apply(db, preview)
    return db


def test_round_trip_into_an_empty_database(filled, tmp_path):
    out = export_roster_workbook(filled, tmp_path / "名册.xlsx", mask=False)
    other = open_database(tmp_path / "other.db")
    try:
        create_term(other, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
        preview = roster_import.read_preview(out, snapshot(other))
        assert preview.problems == [] and preview.warnings == []
        roster_ops.apply(other, preview)
        assert _rows(other) == _rows(filled)
        assert len(_rows(other)) == 60
        assert any("䶮" in r[0] for r in _rows(other)) and any("𠅤" in r[0] for r in _rows(other))
    finally:
        other.close()
    # Back into the database it came from: nothing to do.
    assert roster_import.read_preview(out, snapshot(filled)).summary()["unchanged"] == 60


def test_layout_header_text_cells_and_widths(filled, tmp_path):
    out = export_roster_workbook(filled, tmp_path / "名册.xlsx", mask=False)
    wb = load_workbook(out)
    ws = wb["代表名册"]
    assert tuple(c.value for c in ws[1]) == EXPORT_HEADERS
    id_col = EXPORT_HEADERS.index("公民身份号码") + 1
    values = [ws.cell(row=r, column=id_col).value for r in range(2, ws.max_row + 1)]
    assert all(isinstance(v, str) and len(v) == 18 for v in values)       # text, never a number
    assert ws.column_dimensions["F"].width >= 20
    assert ws.freeze_panes == "C2"
    assert "说明" in wb.sheetnames


def test_masked_export_hides_and_cannot_be_imported(filled, tmp_path):
    settings.put(filled, "mask_personal_data", True)
    out = export_roster_workbook(filled, tmp_path / "脱敏.xlsx")            # follows the setting
    ws = load_workbook(out)["代表名册"]
    id_col = EXPORT_HEADERS.index("公民身份号码") + 1
    phone_col = EXPORT_HEADERS.index("联系电话") + 1
    first_id, first_phone = ws.cell(row=2, column=id_col).value, ws.cell(row=2, column=phone_col).value
    assert "*" in first_id and len(first_id) == 18
    assert "*" in first_phone
    preview = roster_import.read_preview(out, snapshot(filled))
    assert preview.summary()["error"] == 60
    assert "脱敏" in preview.rows[0].problems[0] and preview.rows[0].problems[0].startswith("第 2 行「公民身份号码」")


def test_unmasked_when_setting_is_off(filled, tmp_path):
    settings.put(filled, "mask_personal_data", False)
    ws = load_workbook(export_roster_workbook(filled, tmp_path / "r.xlsx"))["代表名册"]
    assert "*" not in "".join(str(c.value) for c in ws[2])


def test_template_in_resources_matches_layout():
    path = resource_path("templates", "roster.xlsx")
    assert Path(path).exists()
    ws = load_workbook(path)["代表名册"]
    headers = tuple(c.value for c in ws[1])
    assert headers == EXPORT_HEADERS
    assert ws.max_row == 1
    assert all(field_for_header(h) for h in headers[1:])
    # An ID or phone typed into the template stays as typed (文本), as its 说明 sheet promises.
    letters = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[letters["公民身份号码"]].number_format == "@"
    assert ws.column_dimensions[letters["联系电话"]].number_format == "@"


def test_layout_document_lists_every_column():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "roster-layout.md").read_text(encoding="utf-8")
    for header in EXPORT_HEADERS:
        assert f"| {header} |" in doc
