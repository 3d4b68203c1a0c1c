"""A clerk's first use of 首页, 活动登记, 意见建议 and 履职达标: empty pages say what to do first, cards and buttons
lead where they say, and the small frictions found walking the pages stay fixed."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.db import deputies, groups, receptions, stations, terms
from desktop_app.db import suggestions as sdb
from desktop_app.ui.activities.page import ActivitiesPage
from desktop_app.ui.activities.reception_dialogs import VisitDialog
from desktop_app.ui.activities.reception_tab import notice_times
from desktop_app.ui.compliance.page import BEHIND, RUNNING, CompliancePage
from desktop_app.ui.home.page import HomePage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.suggestions import page as suggestions_page_module
from desktop_app.ui.suggestions.dialogs import StepDialog, set_combo
from desktop_app.ui.suggestions.page import SuggestionsPage

pytestmark = pytest.mark.gui


def _show(qtbot, widget, size=(1300, 820)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    return widget


def _save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()


@pytest.fixture
def town(db):
    """A term, three deputies in one group served by one station with a reception day."""
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    people = [deputies.insert_deputy(db, {"term_id": term, "name": n, "level": "乡"}) for n in ("王喆", "李堃", "张伟")]
    group = groups.create_group(db, "第一代表小组", term_id=term)
    groups.set_members(db, group, people)
    station = stations.create_station(db, "东山片区代表联络站", address="东山村村委会")
    stations.set_groups(db, station, [group])
    receptions.add_schedule(db, station, "每周一")
    return {"deputies": people, "group": group, "station": station}


# 首页 ------------------------------------------------------------------------------------------------
def test_empty_home_lists_the_setup_steps_and_each_opens_its_page(ctx, qtbot):
    window = _show(qtbot, MainWindow(ctx))
    home = window.page("home")
    assert home.setup_list.isVisibleTo(home)
    lines = home.setup_list.texts()
    assert len(lines) == 5
    assert lines[0].startswith("→ 下一步") and "届次" in lines[0]
    assert "代表名册" in lines[1] and "接待选民日" in lines[4]
    # No groups or stations yet: the quota list must not claim everyone met it.
    assert "还没有代表小组和联络站" in home.behind_list.texts()[0]
    view = home.setup_list.list
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualItemRect(view.item(1)).center())
    assert window.stack.currentWidget() is window.page("roster")


def test_setup_steps_tick_off_and_disappear_when_done(ctx, qtbot):
    terms.create_term(ctx.db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    home = _show(qtbot, HomePage(ctx))
    lines = home.setup_list.texts()
    assert lines[0].startswith("✓ 已完成") and lines[1].startswith("→ 下一步")
    db = ctx.db
    person = deputies.insert_deputy(db, {"term_id": terms.current_term(db)["id"], "name": "王喆", "level": "乡"})
    group = groups.create_group(db, "第一代表小组", term_id=terms.current_term(db)["id"])
    groups.set_members(db, group, [person])
    station = stations.create_station(db, "东山片区代表联络站")
    receptions.add_schedule(db, station, "每周一")
    home.reload()
    assert not home.setup_list.isVisibleTo(home)
    assert home.behind_list.empty_text == "各小组、联络站本季度均已达标。"


def test_home_cards_open_the_list_filtered_to_what_they_count(ctx, qtbot, town):
    db = ctx.db
    sid = sdb.create_suggestion(db, {"title": "东山村道路硬化", "source": "选民意见", "date": "2026-01-05"})["id"]
    sdb.create_suggestion(db, {"title": "新收的建议", "source": "选民意见", "date": dt.date.today().isoformat()})
    window = _show(qtbot, MainWindow(ctx))
    home = window.page("home")
    assert home.cards["overdue"].number.text() == "1"
    qtbot.mouseClick(home.cards["overdue"], Qt.LeftButton)
    page = window.page("suggestions")
    assert window.stack.currentWidget() is page
    assert page.flag_combo.currentData() == "overdue"
    assert [page.model.row(r)["id"] for r in range(page.model.rowCount())] == [sid]

    window.show_page("home")
    qtbot.mouseClick(home.cards["behind"], Qt.LeftButton)
    compliance = window.page("compliance")
    assert window.stack.currentWidget() is compliance
    assert compliance.period_combo.currentText() == "本季度"
    expected = BEHIND if compliance.report.section("groups").behind_count else RUNNING
    assert compliance.views["groups"].state_combo.value() == expected


# 活动登记 --------------------------------------------------------------------------------------------
def test_empty_activity_pages_say_what_to_set_up_first(ctx, qtbot):
    page = _show(qtbot, ActivitiesPage(ctx))
    hint = page.log.empty_hint
    assert hint.isVisibleTo(page) and "还没有登记活动" in hint.text() and "代表小组" in hint.text()
    page.tabs.setCurrentWidget(page.reception)
    reception = page.reception
    assert "还没有联络站" in reception.empty_hint.text() and reception.empty_hint.isVisibleTo(page)
    assert not reception.add_schedule_button.isEnabled() and not reception.add_visit_button.isEnabled()
    assert not reception.notice_button.isEnabled() and not reception.record_button.isEnabled()


def test_filtered_out_log_says_how_to_see_more_and_reception_hint_goes_once_scheduled(ctx, qtbot, town):
    from desktop_app.db import activities as activities_db

    type_id = activities_db.type_id_by_name(ctx.db, "小组活动")
    activities_db.create_activity(ctx.db, {"type_id": type_id, "date": "2020-03-05", "theme": "旧活动",
                                        "group_id": town["group"]})
    page = _show(qtbot, ActivitiesPage(ctx))
    assert "当前期间和筛选条件下没有活动" in page.log.empty_hint.text()
    page.log.period_combo.setCurrentText("全部")
    assert not page.log.empty_hint.isVisibleTo(page)
    page.tabs.setCurrentWidget(page.reception)
    assert not page.reception.empty_hint.isVisibleTo(page)
    assert page.reception.add_visit_button.isEnabled()


def test_visit_without_any_station_is_refused(ctx, qtbot):
    dialog = VisitDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("张大爷")
    dialog.matter_edit.setPlainText("路灯坏了")
    _save(dialog)
    assert "联络站" in dialog.form.error_text("station_id")
    assert receptions.list_visits(ctx.db) == []


def test_attendance_buttons_explain_an_empty_roster(ctx, qtbot):
    page = _show(qtbot, ActivitiesPage(ctx))
    dialog = page.log.new_activity()
    editor = dialog.attendance
    editor.group_button.click()
    assert "还没有代表小组" in editor.message.text()
    editor.add_button.click()          # no picker with an empty list: a message instead
    assert "还没有本届在任代表" in editor.message.text()
    assert editor.table.rowCount() == 0
    dialog.reject()


def test_excel_export_carries_the_township_title(ctx, qtbot, town, tmp_path):
    from desktop_app.db import activities as activities_db

    type_id = activities_db.type_id_by_name(ctx.db, "小组活动")
    activities_db.create_activity(ctx.db, {"type_id": type_id, "date": dt.date.today().isoformat(), "theme": "小组学习",
                                        "group_id": town["group"]})
    page = _show(qtbot, ActivitiesPage(ctx))
    path = page.log.export_excel(str(tmp_path / "活动.xlsx"))
    book = openpyxl.load_workbook(path)
    assert book.worksheets[0].oddHeader.center.text == "示范镇人大代表活动登记表"
    assert book.worksheets[0]["H2"].value == "小组学习"


def test_recording_a_reception_day_presets_the_notice_time(ctx, qtbot, town):
    assert notice_times("上午9:00—11:30") == {"start_time": "09:00", "end_time": "11:30"}
    assert notice_times("下午2:30—5:00") == {"start_time": "14:30", "end_time": "17:00"}
    assert notice_times("上午9:00—下午5:00") == {"start_time": "09:00", "end_time": "17:00"}
    assert notice_times("全天") == {}
    page = _show(qtbot, ActivitiesPage(ctx))
    page.tabs.setCurrentWidget(page.reception)
    page.reception.days_table.view.selectRow(0)
    dialog = page.reception.record_reception()
    assert (dialog.start_edit.text(), dialog.end_edit.text()) == ("09:00", "11:30")
    dialog.reject()


# 意见建议 --------------------------------------------------------------------------------------------
def test_empty_suggestion_page_says_how_to_start_and_edit_is_off(ctx, qtbot):
    page = _show(qtbot, SuggestionsPage(ctx))
    assert "还没有意见建议" in page.empty_hint.text() and page.empty_hint.isVisibleTo(page)
    assert not page.edit_action.isEnabled() and not page.delete_action.isEnabled()
    assert not page.detail.value_labels["state"].isVisibleTo(page.detail)   # no bare "状态：" row
    page.search.setText("道路")
    page.apply_filters()
    assert "没有符合筛选条件" in page.empty_hint.text()


def test_state_and_deadline_are_the_columns_after_the_title(ctx, qtbot):
    page = _show(qtbot, SuggestionsPage(ctx))
    keys = [c.key for c in page.model.columns]
    assert keys[:5] == ["id", "title", "state", "flag", "deadline"]
    left = page.splitter.sizes()[0]
    assert page.view.columnViewportPosition(page.model.column_of("deadline")) + 86 < left


def test_new_suggestion_without_a_roster_defaults_to_voter_opinion(ctx, qtbot):
    page = _show(qtbot, SuggestionsPage(ctx))
    dialog = page.new_suggestion()
    assert dialog.source_combo.currentData() == "选民意见"
    assert not dialog.choose_button.isEnabled()
    assert "名册中还没有本届代表" in dialog.submitters_label.text()
    set_combo(dialog.source_combo, "代表建议")
    dialog.title_edit.setText("关于路灯的建议")
    _save(dialog)
    assert "把来源改为“选民意见”" in dialog.form.error_text("submitters")
    set_combo(dialog.source_combo, "选民意见")
    _save(dialog)
    assert [s["title"] for s in sdb.list_suggestions(ctx.db)] == ["关于路灯的建议"]


def test_choosing_deputies_clears_the_submitter_error(ctx, qtbot, town):
    page = _show(qtbot, SuggestionsPage(ctx))
    dialog = page.new_suggestion()
    dialog.title_edit.setText("关于道路硬化的建议")
    _save(dialog)
    assert dialog.form.error_text("submitters")
    box = dialog.form.fields["submitters"]
    assert box.styleSheet().startswith("#")           # the row is outlined, not every widget in it
    dialog.set_submitters(town["deputies"], lead=town["deputies"][1])
    assert dialog.form.error_text("submitters") == "" and box.styleSheet() == ""
    _save(dialog)
    stored = sdb.get_suggestion(ctx.db, dialog.suggestion_id)
    assert sorted(p["name"] for p in stored["submitters"]) == sorted(["王喆", "李堃", "张伟"])
    assert [p["name"] for p in stored["submitters"] if p["is_lead"]] == ["李堃"]


def test_assign_without_units_points_to_the_add_button(ctx, qtbot):
    sid = sdb.create_suggestion(ctx.db, {"title": "修桥", "source": "选民意见", "date": "2026-03-01"})["id"]
    sdb.classify(ctx.db, sid, "村(居)委会", on="2026-03-02")
    page = _show(qtbot, SuggestionsPage(ctx))
    page.focus_record(sid)
    dialog = page.open_step("assign")
    assert isinstance(dialog, StepDialog)
    dialog.accept()
    assert "新增承办单位" in dialog.form.error_text("unit_id")
    assert dialog.new_unit_button.isVisibleTo(dialog)
    assert sdb.get_suggestion(ctx.db, sid)["state"] == "分类"
    dialog.reject()


def test_bulk_reply_on_a_mixed_selection_offers_the_eligible_ones(ctx, qtbot, monkeypatch):
    db = ctx.db
    unit = sdb.add_unit(db, "镇建设办")
    ids = []
    for title in ("修桥", "修路"):
        sid = sdb.create_suggestion(db, {"title": title, "source": "选民意见", "date": "2026-03-01"})["id"]
        sdb.classify(db, sid, "村(居)委会", on="2026-03-02")
        sdb.assign(db, sid, unit, on="2026-03-03")
        ids.append(sid)
    fresh = sdb.create_suggestion(db, {"title": "新收的", "source": "选民意见", "date": "2026-03-04"})["id"]
    page = _show(qtbot, SuggestionsPage(ctx))
    # Declining changes nothing.
    monkeypatch.setattr(suggestions_page_module, "confirm", lambda *_a: False)
    page.select_ids([fresh, ids[0]])
    assert page.bulk_reply() is None and page.dialog is None
    asked = []
    monkeypatch.setattr(suggestions_page_module, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.select_ids(ids + [fresh])
    dialog = page.bulk_reply()
    assert "3 件中有 1 件不能答复" in asked[0] and "其余 2 件" in asked[0]
    assert {s["id"] for s in dialog.suggestions} == set(ids)
    dialog.reply_edit.setPlainText("已办理。")
    dialog.accept()
    assert {sdb.get_suggestion(db, i)["state"] for i in ids} == {"答复"}
    assert sdb.get_suggestion(db, fresh)["state"] == "收集"


def test_statistics_unit_names_get_the_spare_width(ctx, qtbot):
    page = _show(qtbot, SuggestionsPage(ctx))
    from PySide6.QtWidgets import QHeaderView

    header = page.stats_tab.units.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.Stretch
    assert header.sectionResizeMode(1) == QHeaderView.ResizeToContents


# 履职达标 --------------------------------------------------------------------------------------------
def test_empty_compliance_says_what_is_missing(ctx, qtbot):
    page = _show(qtbot, CompliancePage(ctx))
    text = page.empty_hint.text()
    assert page.empty_hint.isVisibleTo(page)
    assert "还没有代表小组" in text and "还没有代表之家或联络站" in text and "代表名册" in text


def test_compliance_hint_names_only_what_is_missing(ctx, qtbot, town):
    page = _show(qtbot, CompliancePage(ctx))
    assert not page.empty_hint.isVisibleTo(page)
    assert page.focus_record({"period": "本季度"})
    assert page.period_combo.currentText() == "本季度"
    assert all(view.state_combo.value() == (BEHIND if page.report.section(key).behind_count else RUNNING)
               for key, view in page.views.items())
    assert not page.focus_record(123)
