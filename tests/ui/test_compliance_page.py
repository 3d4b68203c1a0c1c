"""履职达标 page: behind rows in red, period switch, filters, navigation to the record, export read back."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pypdf import PdfReader

from desktop_app.db import activities, deputies, groups, stations, terms
from desktop_app.domain.idcard import make_id_number
from desktop_app.ui.compliance.model import BEHIND_BACKGROUND, BEHIND_BRUSH
from desktop_app.ui.compliance.page import CompliancePage, period_bounds

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def town(ctx):
    """Two groups (A: 王喆, 李堃; B: 张伟, 刘芳), two stations; A active in Q1 and Q2, B only in Q1."""
    db = ctx.db
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    ids = {}
    for i, name in enumerate(("王喆", "李堃", "张伟", "刘芳")):
        birth = dt.date(1970 + i, 3, 1 + i)
        ids[name] = deputies.insert_deputy(db, {"term_id": term, "name": name, "level": "乡",
                                                "id_number": make_id_number("360124", birth, 11 + 2 * i)})
    group_a = groups.create_group(db, "第一代表小组", term_id=term)
    group_b = groups.create_group(db, "第二代表小组", term_id=term)
    groups.set_members(db, group_a, [ids["王喆"], ids["李堃"]])
    groups.set_members(db, group_b, [ids["张伟"], ids["刘芳"]])
    east = stations.create_station(db, "东山片区代表联络站")
    west = stations.create_station(db, "桃园片区代表联络站")
    reception = activities.type_id_by_name(db, "接待选民日")
    study = activities.type_id_by_name(db, "调研")

    def add(date, type_id, group, station, present):
        activities.create_activity(db, {"type_id": type_id, "date": date, "theme": f"活动{date}",
                                        "group_id": group, "station_id": station},
                                   {ids[n]: "出席" for n in present})

    add("2026-01-09", reception, group_a, east, ["王喆", "李堃"])
    add("2026-02-09", reception, group_a, east, ["王喆"])
    add("2026-04-19", study, group_a, None, ["王喆", "李堃"])
    add("2026-03-02", study, group_b, west, ["张伟"])
    return {"ids": ids, "group_a": group_a, "group_b": group_b, "east": east, "west": west}


def _page(qtbot, ctx):
    page = CompliancePage(ctx, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def _by_name(view) -> dict[str, int]:
    return {view.model.row(r)["name"]: r for r in range(view.model.rowCount())}


def _text(view, name: str, key: str) -> str:
    model = view.model
    return model.index(_by_name(view)[name], model.column_of(key)).data()


def test_behind_rows_are_red_with_their_shortfall(ctx, town, qtbot):
    page = _page(qtbot, ctx)
    assert page.set_period("自定义", "2026-01-01", "2026-06-30")
    view = page.views["groups"]
    model = view.model
    assert [c.title for c in model.columns] == ["小组名称", "第一季度", "第二季度", "合计", "应达次数", "达标情况"]
    assert _text(view, "第一代表小组", "p0") == "2" and _text(view, "第一代表小组", "status") == "达标"
    assert _text(view, "第二代表小组", "p1") == "0"
    assert _text(view, "第二代表小组", "status") == "未达标（差1次）"

    row_b, row_a = _by_name(view)["第二代表小组"], _by_name(view)["第一代表小组"]
    short = model.index(row_b, model.column_of("p1"))
    assert short.data(Qt.ForegroundRole) == BEHIND_BRUSH and short.data(Qt.BackgroundRole) == BEHIND_BACKGROUND
    assert "未达标" in short.data(Qt.ToolTipRole)
    assert model.index(row_b, model.column_of("p0")).data(Qt.BackgroundRole) is None
    assert model.index(row_b, model.column_of("name")).data(Qt.ForegroundRole) == BEHIND_BRUSH
    assert model.index(row_a, model.column_of("name")).data(Qt.ForegroundRole) is None

    # Stations: east had collective activities in January and February only; 调研 at west counts (collective).
    stations_view = page.views["stations"]
    assert [_text(stations_view, "东山片区代表联络站", f"p{i}") for i in range(6)] == ["1", "1", "0", "0", "0", "0"]
    # Deputies: 王喆 went to the station twice, both reception days (contacts); 刘芳 never came.
    deputies_view = page.views["deputies"]
    assert (_text(deputies_view, "王喆", "p0"), _text(deputies_view, "王喆", "p1")) == ("2", "2")
    assert _text(deputies_view, "王喆", "status") == "达标"
    assert _text(deputies_view, "刘芳", "status") == "进行中"        # the year 2026 runs until December
    assert _text(deputies_view, "王喆", "extra") == "第一代表小组"
    assert "代表小组 1/2 个未达标" in page.summary_label.text()
    assert page.tabs.tabText(0) == "代表小组（1个未达标）"


def test_period_switch_changes_the_numbers(ctx, town, qtbot):
    page = _page(qtbot, ctx)
    assert page.period_combo.currentText() == "本年度"
    view = page.views["groups"]
    assert _text(view, "第一代表小组", "total") == "3"
    # Only two quarters have begun by 30 June: 2 required, not 4.
    assert _text(view, "第一代表小组", "required") == "2"

    page.period_combo.setCurrentText("本季度")
    assert (page.start_edit.text(), page.end_edit.text()) == ("2026-04-01", "2026-06-30")
    assert not page.start_edit.isEnabled()
    assert [c.title for c in view.model.columns][1] == "第二季度"
    assert _text(view, "第一代表小组", "total") == "1"
    assert _text(page.views["deputies"], "王喆", "p0") == "0"          # no station visit in Q2
    assert _text(page.views["stations"], "东山片区代表联络站", "status") == "未达标（差3次）"

    page.period_combo.setCurrentText("上一年度")
    assert page.period_label.text() == "2025年1月1日至2025年12月31日"
    assert _text(view, "第一代表小组", "total") == "0"


def test_bad_custom_period_is_explained_and_keeps_the_table(ctx, town, qtbot):
    page = _page(qtbot, ctx)
    before = page.report
    assert not page.set_period("自定义", "2026-06-30", "2026-01-01")
    assert "早于开始日期" in page.period_error.text() and page.period_error.isVisible()
    assert page.report is before
    assert not page.set_period("自定义", "2026-02-30", "2026-06-30")
    assert "没有这一天" in page.period_error.text()
    assert page.set_period("自定义", "2026-01-01", "2026-03-31")
    assert not page.period_error.isVisible()


def test_filter_and_sort(ctx, town, qtbot):
    page = _page(qtbot, ctx)
    page.set_period("自定义", "2026-01-01", "2026-06-30")
    view = page.views["deputies"]
    view.state_combo.set_value("只看未达标")
    assert list(view.table.visible_rows()) == []          # on 30 June the year's quota is not failed yet
    view.state_combo.set_value("只看进行中")
    names = sorted(r["name"] for r in view.table.visible_rows())
    assert names == ["刘芳", "张伟", "李堃"]
    assert view.table.count_label.text() == "显示 3 / 共 4 名代表"
    view.group_combo.set_value("第二代表小组")
    assert sorted(r["name"] for r in view.table.visible_rows()) == ["刘芳", "张伟"]
    view.state_combo.set_value(None)
    view.group_combo.set_value(None)
    view.table.search.setText("王")
    assert [r["name"] for r in view.table.visible_rows()] == ["王喆"]
    view.table.search.clear()
    # Sorting by 达标情况 puts the largest shortfall first.
    view.table.view.sortByColumn(view.model.column_of("status"), Qt.AscendingOrder)
    assert [r["name"] for r in view.table.visible_rows()][0] == "刘芳"
    assert [r["name"] for r in view.table.visible_rows()][-1] == "王喆"


def test_activating_a_row_navigates_to_the_record(ctx, town, qtbot):
    page = _page(qtbot, ctx)
    received = []
    ctx.events.navigate.connect(lambda key, record_id: received.append((key, record_id)))
    view = page.views["groups"]
    index = view.table.proxy.mapFromSource(view.model.index(_by_name(view)["第二代表小组"], 0))
    view.table.view.activated.emit(index)
    page.tabs.setCurrentIndex(2)
    deputies_view = page.views["deputies"]
    deputies_view.table.select_ids([town["ids"]["刘芳"]])
    assert page.open_current()
    page.tabs.setCurrentIndex(1)
    stations_view = page.views["stations"]
    stations_view.table.select_ids([town["west"]])
    page.open_current()
    assert received == [("groups", town["group_b"]), ("roster", town["ids"]["刘芳"]), ("stations", town["west"])]


def test_target_pages_focus_the_record(ctx, town, qtbot):
    from desktop_app.ui.groups.page import GroupsPage
    from desktop_app.ui.roster.page import RosterPage
    from desktop_app.ui.stations.page import StationsPage

    roster = RosterPage(ctx)
    qtbot.addWidget(roster)
    roster.search.setText("王喆")                      # a search hiding 刘芳 is cleared
    assert roster.focus_record(town["ids"]["刘芳"])
    assert roster.table.current_row()["name"] == "刘芳"
    groups_page = GroupsPage(ctx)
    qtbot.addWidget(groups_page)
    assert groups_page.focus_record(town["group_b"])
    assert "第二代表小组" in groups_page.members_title.text()
    stations_page = StationsPage(ctx)
    qtbot.addWidget(stations_page)
    assert stations_page.focus_record(town["west"])
    assert stations_page.current_station() == town["west"]
    assert not stations_page.focus_record(9999)


def test_export_excel_and_pdf_of_the_shown_period(ctx, town, qtbot, tmp_path):
    page = _page(qtbot, ctx)
    page.set_period("自定义", "2026-01-01", "2026-06-30")
    xlsx = page.export_to(tmp_path / "达标.xlsx")
    wb = load_workbook(xlsx)
    ws = wb["代表小组"]
    header = [c.value for c in ws[3]]
    assert header == ["序号", "小组名称", "第一季度", "第二季度", "合计", "应达次数", "达标情况"]
    rows = {ws.cell(row=r, column=2).value: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1)
            if ws.cell(row=r, column=1).value}
    assert rows["第二代表小组"][2:] == [1, 0, 1, 2, "未达标（差1次）"]
    assert ws.cell(row=3 + list(rows).index("第二代表小组") + 1, column=4).font.color.rgb.endswith("C0392B")
    assert "已导出到" in page.info_label.text()

    pdf = page.export_to(tmp_path / "达标.pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "履职达标情况" in text and "2026年1月1日至2026年6月30日" in text
    assert "第二代表小组" in text and "未达标（差1次）" in text and "刘芳" in text


def test_period_bounds_presets():
    day = dt.date(2026, 2, 10)
    assert period_bounds("本季度", day) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_bounds("上一季度", day) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert period_bounds("本年度", day) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_bounds("上一年度", day) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_bounds("本季度", dt.date(2026, 11, 30)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_keyboard_find_and_open(ctx, town, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    page = _page(qtbot, ctx)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    view = page.current_view()
    view.table.view.setFocus()
    qtbot.keyClick(view.table.view, Qt.Key_F, Qt.ControlModifier)
    assert view.table.search.hasFocus()
    navigated = []
    ctx.events.navigate.connect(lambda key, record: navigated.append(key))
    view.table.view.selectRow(0)
    view.table.view.setFocus()
    qtbot.keyClick(view.table.view, Qt.Key_F2)
    assert navigated and "F2" in page.open_action.toolTip() and "Ctrl+P" in page.preview_action.toolTip()
