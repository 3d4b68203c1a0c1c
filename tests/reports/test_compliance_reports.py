"""履职达标 reports: the sections against hand counts, the workbook read back, the PDF's text, the export command."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.ops.exports import EXPORTERS
from desktop_app.db import activities, compliance, deputies, groups, settings, stations, terms
from desktop_app.domain.idcard import make_id_number
from desktop_app.errors import InputError
from desktop_app.ops.compliance import gather
from desktop_app.reports.excel.compliance import write_compliance_workbook
from desktop_app.reports.pdf.compliance import render_compliance_pdf

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture
def town(db):
    """One group of three (王喆 met everything; 李堃 one visit, no contact; 赵𠅤 nothing) and one station."""
    settings.put(db, "township_name", "示范镇")
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    ids = {}
    for i, name in enumerate(("王喆", "李堃", "赵𠅤")):
        ids[name] = deputies.insert_deputy(db, {"term_id": term, "name": name, "level": "乡", "id_number":
                                                make_id_number("360124", dt.date(1975, 1, 1 + i), 11 + 2 * i)})
    group = groups.create_group(db, "第一代表小组", term_id=term)
    groups.set_members(db, group, list(ids.values()))
    station = stations.create_station(db, "东山片区代表联络站")
    reception = activities.type_id_by_name(db, "接待选民日")
    study = activities.type_id_by_name(db, "调研")
    for month in (1, 2, 3, 5, 7, 8, 10, 11, 12):       # no activity in April, June, September
        activities.create_activity(db, {"type_id": reception, "date": f"2026-{month:02d}-09", "theme": "接待",
                                        "group_id": group, "station_id": station},
                                   {ids["王喆"]: "出席"})
    activities.create_activity(db, {"type_id": study, "date": "2026-06-02", "theme": "调研", "group_id": group,
                                    "station_id": station}, {ids["李堃"]: "出席", ids["赵𠅤"]: "缺席"})
    return {"ids": ids, "group": group, "station": station}


def test_sections_match_hand_counts(db, town):
    report = gather(db, "2026-01-01", "2026-12-31", as_of=AS_OF)
    groups_section, stations_section, deputies_section = report.sections
    assert groups_section.columns == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [c.count for c in groups_section.rows[0].cells] == [3, 2, 2, 3] and not groups_section.rows[0].behind
    station = stations_section.rows[0]
    assert [c.count for c in station.cells] == [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1]
    assert (station.shortfall, station.status) == (2, "未达标（差2次）")
    assert deputies_section.columns == ["进站履职", "联系选民"]
    by_name = {r.name: r for r in deputies_section.rows}
    assert [c.count for c in by_name["王喆"].cells] == [9, 9]
    assert [(c.count, c.met) for c in by_name["李堃"].cells] == [(1, True), (0, False)]
    assert by_name["赵𠅤"].status == "未达标（差3次）"
    assert report.summary() == "代表小组 0/1 个未达标；代表之家/联络站 1/1 个未达标；代表个人 2/3 名未达标"

    compliance.set_thresholds(db, {"station_per_month": 0, "deputy_contacts_per_year": 0})
    report = gather(db, "2026-01-01", "2026-12-31", as_of=AS_OF)
    assert report.section("stations").behind_count == 0
    assert [r.name for r in report.section("deputies").rows if r.behind] == ["赵𠅤"]


def test_bad_period_is_refused(db, town):
    with pytest.raises(InputError, match="早于开始日期"):
        gather(db, "2026-12-31", "2026-01-01")
    with pytest.raises(InputError, match="不是有效日期"):
        gather(db, "2026-13-01", "2026-12-31")


def test_workbook_cells_read_back(db, town, tmp_path):
    path = write_compliance_workbook(gather(db, "2026-01-01", "2026-12-31", as_of=AS_OF), tmp_path / "c.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "代表小组", "代表之家、联络站", "代表个人"]
    summary = wb["汇总"]
    assert [c.value for c in summary[5]] == ["代表之家/联络站", "每月至少开展集体活动 1 次", 1, 0, 1]
    ws = wb["代表之家、联络站"]
    assert ws["A1"].value == "示范镇代表之家/联络站履职达标情况"
    assert [c.value for c in ws[3]][:4] == ["序号", "站点名称", "1月", "2月"]
    row = [c.value for c in ws[4]]
    assert row[1] == "东山片区代表联络站" and row[2:14] == [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1]
    assert row[14:] == [10, 12, "未达标（差2次）"]
    april = ws.cell(row=4, column=6)
    assert april.font.color.rgb.endswith("C0392B") and april.fill.fgColor.rgb.endswith("FADBD8")
    assert ws.cell(row=4, column=5).fill.fgColor.rgb in (None, "00000000")
    people = wb["代表个人"]
    assert [c.value for c in people[3]] == ["序号", "代表姓名", "所在小组", "进站履职", "联系选民", "达标情况"]
    assert [c.value for c in people[5]][1:] == ["李堃", "第一代表小组", 1, 0, "未达标（差2次）"]


def test_pdf_text_and_long_periods_continue_below(db, town, tmp_path):
    path = render_compliance_pdf(gather(db, "2026-01-01", "2026-12-31", as_of=AS_OF), tmp_path / "c.pdf")
    reader = PdfReader(path)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height      # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert "示范镇人大代表履职达标情况" in text and "2026年1月1日至2026年12月31日" in text
    assert "东山片区代表联络站" in text and "未达标（差2次）" in text
    assert "赵𠅤" in text                                   # a rare character prints through the fallback font

    # Two years of months do not fit one page width: the second half continues in a second table.
    path = render_compliance_pdf(gather(db, "2025-01-01", "2026-12-31", as_of=AS_OF), tmp_path / "long.pdf")
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "2025年1月" in text and "2026年12月" in text and "（续，" in text


def test_export_command_writes_the_current_year(db, town, tmp_path):
    exporter = EXPORTERS["compliance"]
    path = exporter(db, tmp_path / "c.xlsx")
    ws = load_workbook(path)["代表小组"]
    assert str(dt.date.today().year) in ws["A2"].value
    assert exporter(db, tmp_path / "c.pdf").stat().st_size > 1000
    with pytest.raises(InputError, match=r"\.xlsx、\.pdf"):
        exporter(db, tmp_path / "c.docx")
