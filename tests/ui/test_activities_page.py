"""活动登记 page: record an activity with attendance and attachments, delete and undo, 接待选民日, visit → suggestion."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop_app.db import activities as activities_db
from desktop_app.db import attachments as attachments_db
from desktop_app.db import deputies, groups, receptions, stations, suggestions, terms
from desktop_app.domain.idcard import make_id_number
from desktop_app.ui.activities.page import ActivitiesPage
from desktop_app.ui.activities.reception_dialogs import ScheduleDialog, VisitDialog

pytestmark = pytest.mark.gui
NAMES = ["王喆", "李堃", "张伟", "刘芳", "陈静"]


@pytest.fixture
def town(db):
    """A term, five deputies; 第一代表小组 = the first four (served by 东山联络站); 陈静 outside it."""
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    ids = []
    for i, name in enumerate(NAMES):
        birth = dt.date(1970 + i, 3, 1 + i)
        ids.append(deputies.insert_deputy(db, {
            "term_id": term, "name": name, "level": "乡", "birth_date": birth.isoformat(),
            "id_number": make_id_number("360124", birth, 11 + 2 * i + i % 2)}))
    group = groups.create_group(db, "第一代表小组", term_id=term, convener_id=ids[0])
    groups.set_members(db, group, ids[:4])
    station = stations.create_station(db, "东山片区代表联络站", address="东山村村委会二楼", contact="秦勇",
                                      phone="0791-86251234")
    stations.set_groups(db, station, [group])
    return {"deputies": dict(zip(NAMES, ids)), "group": group, "station": station}


@pytest.fixture
def page(ctx, qtbot, town, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    widget = ActivitiesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()


def _fill_new(dialog, town, theme="3月小组活动") -> None:
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("小组活动"))
    dialog.date_edit.setText(f"{dt.date.today().year}年3月5日")
    dialog.start_edit.setText("9:00")
    dialog.end_edit.setText("11:30")
    dialog.place_edit.setText("东山村村委会")
    dialog.theme_edit.setText(theme)
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findData(town["group"]))


def test_record_activity_with_group_attendance_and_a_leave_reason(page, ctx, town, qtbot):
    dialog = page.log.new_activity()
    _fill_new(dialog, town)
    qtbot.mouseClick(dialog.attendance.group_button, Qt.LeftButton)
    assert dialog.attendance.table.rowCount() == 4   # 陈静 is not in the group
    ids = town["deputies"]
    row = dialog.attendance.row_for(ids["李堃"])
    dialog.attendance.status_combo(row).setCurrentText("请假")
    _save(dialog)
    # Leave without a reason is refused, nothing saved.
    assert dialog.isVisible()
    assert "李堃的请假事由" in dialog.general_error.text()
    assert activities_db.count_activities(ctx.db) == 0
    dialog.attendance.reason_edit(row).setText("外出务工")
    dialog.attendance.set_entry(ids["陈静"], "陈静", "缺席")
    _save(dialog)
    assert not dialog.isVisible()

    [activity] = activities_db.list_activities(ctx.db)
    stored = activities_db.get_activity(ctx.db, activity["id"])
    assert (stored["theme"], stored["start_time"], stored["end_time"]) == ("3月小组活动", "09:00", "11:30")
    assert stored["date"] == f"{dt.date.today().year}-03-05"
    by_name = {a["name"]: (a["status"], a["reason"]) for a in stored["attendance"]}
    assert by_name == {"王喆": ("出席", None), "张伟": ("出席", None), "刘芳": ("出席", None),
                       "李堃": ("请假", "外出务工"), "陈静": ("缺席", None)}

    shown = page.log.table.visible_rows()
    assert [r["theme"] for r in shown] == ["3月小组活动"]
    model, row_index = page.log.model, 0
    texts = [model.display_text(row_index, model.column_of(k)) for k in
             ("time", "type_name", "where", "present_count", "leave_count", "absent_count")]
    assert texts == ["09:00—11:30", "小组活动", "第一代表小组", "3", "1", "1"]
    assert page.log.table.selected_ids() == [activity["id"]]

    # Undo the recording: the row leaves the list; redo brings it back.
    ctx.undo_stack.undo()
    assert page.log.table.visible_rows() == []
    ctx.undo_stack.redo()
    assert [r["theme"] for r in page.log.table.visible_rows()] == ["3月小组活动"]


def test_bad_time_is_shown_under_its_field_and_nothing_is_saved(page, ctx, town):
    dialog = page.log.new_activity()
    _fill_new(dialog, town)
    dialog.end_edit.setText("25:00")
    _save(dialog)
    assert dialog.isVisible()
    assert "结束时间" in dialog.form.error_text("end_time")
    assert activities_db.count_activities(ctx.db) == 0


def test_date_and_times_are_checked_when_left_and_all_errors_show_at_once(page, ctx, town):
    dialog = page.log.new_activity()
    dialog.date_edit.setText("2026-02-30")
    dialog.date_edit.editingFinished.emit()              # Tab on: the bad date shows before 保存
    assert "日期" in dialog.form.error_text("date") or "2026-02-30" in dialog.form.error_text("date")
    dialog.start_edit.setText("14:00")
    dialog.end_edit.setText("09:00")
    dialog.end_edit.editingFinished.emit()
    assert "早于开始时间" in dialog.form.error_text("end_time")
    _save(dialog)                                        # no theme either: every message at once
    assert {"date", "end_time", "theme"} <= set(dialog.form.shown_errors())
    dialog.date_edit.setText("2026-03-05")
    dialog.date_edit.editingFinished.emit()
    assert "date" not in dialog.form.shown_errors()
    assert activities_db.count_activities(ctx.db) == 0


def _png(path, colour="red"):
    image = QImage(320, 200, QImage.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_attachments_are_copied_shown_as_thumbnails_opened_and_removed(page, ctx, town, tmp_path):
    photo = _png(tmp_path / "现场照片.png")
    note = tmp_path / "签到表.txt"
    note.write_text("签到", encoding="utf-8")
    dialog = page.log.new_activity()
    _fill_new(dialog, town, "带附件的活动")
    assert dialog.attachments.add_files([photo, note]) == 2
    _save(dialog)
    activity_id = dialog.activity_id
    stored = attachments_db.list_attachments(ctx.db, "activities", activity_id)
    assert [a["original_name"] for a in stored] == ["现场照片.png", "签到表.txt"]
    assert all(a["path"].is_file() and a["path"].parent != tmp_path for a in stored)
    row = page.log.model.row(page.log.model.row_of_id(activity_id))
    assert row["attachment_count"] == 2

    page.log.table.select_ids([activity_id])
    dialog = page.log.edit_current()
    panel = dialog.attachments
    assert panel.thumbnails_shown() == ["现场照片.png"]
    assert dialog.tabs.tabText(1) == "照片与附件（2）"
    opened = []
    panel.opener = opened.append
    panel.list.setCurrentRow(0)
    panel.open_selected()
    assert opened == [stored[0]["path"]]
    panel.list.setCurrentRow(1)
    assert panel.remove_selected()
    _save(dialog)
    assert [a["original_name"] for a in attachments_db.list_attachments(ctx.db, "activities", activity_id)] == \
        ["现场照片.png"]


def test_delete_asks_and_undo_restores(page, ctx, town):
    activity_id = activities_db.create_activity(ctx.db, {
        "type_id": activities_db.type_id_by_name(ctx.db, "视察"), "date": dt.date.today().isoformat(),
        "theme": "视察道路建设", "group_id": town["group"]}, {town["deputies"]["王喆"]: "出席"})
    page.log.reload()
    page.log.table.select_ids([activity_id])
    assert page.log.delete_selected()
    assert activities_db.get_activity(ctx.db, activity_id)["deleted_at"] is not None
    assert page.log.table.visible_rows() == []
    assert ctx.undo_stack.undoText() == "删除活动 视察道路建设"
    ctx.undo_stack.undo()
    assert activities_db.get_activity(ctx.db, activity_id)["deleted_at"] is None
    assert [r["id"] for r in page.log.table.visible_rows()] == [activity_id]


def test_filters_by_type_and_text_search_in_content(page, ctx, town, qtbot):
    day = dt.date.today().isoformat()
    visit_type = activities_db.type_id_by_name(ctx.db, "走访选民")
    activities_db.create_activity(ctx.db, {"type_id": visit_type, "date": day, "theme": "走访东山村",
                                           "content": "了解自来水管网改造进度"})
    activities_db.create_activity(ctx.db, {"type_id": activities_db.type_id_by_name(ctx.db, "视察"), "date": day,
                                           "theme": "视察学校"})
    page.log.reload()
    assert len(page.log.table.visible_rows()) == 2
    page.log.type_combo.setCurrentIndex(page.log.type_combo.findData(visit_type))
    assert [r["theme"] for r in page.log.table.visible_rows()] == ["走访东山村"]
    page.log.type_combo.setCurrentIndex(0)
    page.log.table.search.setText("自来水")   # a word only in the content
    qtbot.waitUntil(lambda: len(page.log.table.visible_rows()) == 1)
    assert page.log.table.visible_rows()[0]["theme"] == "走访东山村"


def test_schedule_visit_and_visit_to_suggestion_navigates(page, ctx, town, qtbot):
    page.tabs.setCurrentWidget(page.reception)
    tab = page.reception
    tab.today = lambda: dt.date(2026, 12, 1)
    tab.reload()
    dialog = tab.add_schedule()
    dialog.station_combo.setCurrentIndex(dialog.station_combo.findData(town["station"]))
    dialog.rule_edit.setText("每月9日、19日")
    _save(dialog)
    assert [r["description"] for r in tab.schedule_model.rows()] == ["每月9日、19日"]
    days = [r["date"] for r in tab.days_model.rows()]
    assert days[:3] == ["2026-12-09", "2026-12-19", "2027-01-09"]
    assert tab.days_model.display_text(0, tab.days_model.column_of("post_by")) == "2026-12-06"

    visit = VisitDialog(ctx, tab, station_id=town["station"], date="2026-12-09")
    visit.name_edit.setText("周秀英")
    visit.contact_edit.setText("13912345678")
    visit.matter_edit.setPlainText("东山村3组路灯损坏，夜间出行不便，希望尽快维修。")
    _save(visit)
    assert visit.visit_id is not None
    assert [r["voter_name"] for r in tab.visit_model.rows()] == ["周秀英"]
    assert tab.visit_model.display_text(0, tab.visit_model.column_of("contact")) == "139****5678"

    navigated = []
    ctx.events.navigate.connect(lambda key, record: navigated.append((key, record)))
    tab.visit_table.select_ids([visit.visit_id])
    suggestion_id = tab.convert_visit()
    assert navigated == [("suggestions", suggestion_id)]
    stored = suggestions.get_suggestion(ctx.db, suggestion_id)
    assert (stored["source"], stored["voter_name"], stored["state"]) == ("选民意见", "周秀英", "收集")
    assert receptions.get_visit(ctx.db, visit.visit_id)["suggestion_id"] == suggestion_id
    assert tab.visit_model.display_text(0, tab.visit_model.column_of("suggestion")) == f"已转（编号 {suggestion_id}）"


def test_record_reception_presets_the_form(page, ctx, town):
    receptions.add_schedule(ctx.db, town["station"], "每周一")
    page.tabs.setCurrentWidget(page.reception)
    page.reception.today = lambda: dt.date(2026, 12, 1)
    page.reception.reload()
    page.reception.days_table.view.selectRow(0)
    dialog = page.reception.record_reception()
    assert dialog.type_combo.currentText() == "接待选民日"
    assert dialog.date_edit.text() == "2026-12-07"
    assert dialog.station_combo.currentData() == town["station"]
    assert dialog.place_edit.text() == "东山村村委会二楼"
    assert page.tabs.currentWidget() is page.log


def test_focus_record_from_the_main_window_opens_the_activity(ctx, qtbot, town):
    from desktop_app.ui.main_window import MainWindow

    old = activities_db.create_activity(ctx.db, {
        "type_id": activities_db.type_id_by_name(ctx.db, "调研"), "date": "2019-05-06", "theme": "多年前的调研"})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.events.navigate.emit("activities", old)
    page = window._pages["activities"]
    assert window.stack.currentWidget() is page
    assert page.log.table.selected_ids() == [old]   # outside 今年: the filters widened to show it
    assert page.log.dialog.activity_id == old


def test_attachments_saved_with_the_activity_are_one_undo_step(page, ctx, town, tmp_path):
    note = tmp_path / "签到表.txt"
    note.write_text("签到", encoding="utf-8")
    dialog = page.log.new_activity()
    _fill_new(dialog, town, "带附件的活动")
    dialog.attachments.add_files([note])
    _save(dialog)
    activity_id = dialog.activity_id
    stack = ctx.undo_stack
    assert stack.count() == 1 and stack.undoText() == "登记活动 带附件的活动"
    stack.undo()                                   # the activity and its file together
    assert activities_db.get_activity(ctx.db, activity_id)["deleted_at"] is not None
    assert attachments_db.list_attachments(ctx.db, "activities", activity_id) == []
    stack.redo()
    stored = attachments_db.list_attachments(ctx.db, "activities", activity_id)
    assert [a["original_name"] for a in stored] == ["签到表.txt"] and stored[0]["path"].is_file()

    page.log.table.select_ids([activity_id])
    dialog = page.log.edit_current()
    dialog.attachments.list.setCurrentRow(0)
    assert dialog.attachments.remove_selected()
    _save(dialog)                                  # only a file removed: the step is the file change
    assert attachments_db.list_attachments(ctx.db, "activities", activity_id) == []
    assert stack.count() == 2
    stack.undo()
    assert [a["original_name"] for a in attachments_db.list_attachments(ctx.db, "activities", activity_id)] == \
        ["签到表.txt"]


def test_refused_save_leaves_no_empty_undo_step(page, ctx, town, tmp_path):
    note = tmp_path / "签到表.txt"
    note.write_text("签到", encoding="utf-8")
    dialog = page.log.new_activity()
    _fill_new(dialog, town, "有误的活动")
    dialog.attachments.add_files([note])
    dialog.start_edit.setText("11:00")
    dialog.end_edit.setText("9:00")                # ends before it starts
    _save(dialog)
    assert dialog.result() != 1 and ctx.undo_stack.count() == 0
    # A refusal from the database comes after the macro began: end_macro drops the empty step.
    from desktop_app.ui.activities.commands import end_macro

    ctx.undo_stack.beginMacro("登记活动 有误的活动")
    end_macro(ctx.undo_stack)
    assert ctx.undo_stack.count() == 0


def test_schedule_visit_and_conversion_are_undoable(page, ctx, town):
    page.tabs.setCurrentWidget(page.reception)
    tab, stack = page.reception, ctx.undo_stack
    tab.today = lambda: dt.date(2026, 12, 1)
    tab.reload()
    dialog = tab.add_schedule()
    dialog.station_combo.setCurrentIndex(dialog.station_combo.findData(town["station"]))
    dialog.rule_edit.setText("每周一")
    _save(dialog)
    tab.schedule_table.select_ids([dialog.schedule_id])
    dialog = tab.edit_schedule()
    dialog.rule_edit.setText("每月9日、19日")
    _save(dialog)
    assert [r["description"] for r in tab.schedule_model.rows()] == ["每月9日、19日"]
    stack.undo()
    assert [r["description"] for r in tab.schedule_model.rows()] == ["每周一"]
    tab.schedule_table.select_ids([tab.schedule_model.rows()[0]["id"]])
    assert tab.delete_schedule()
    assert tab.schedule_model.rows() == [] and tab.days_model.rows() == []
    stack.undo()
    assert [r["description"] for r in tab.schedule_model.rows()] == ["每周一"]
    assert tab.days_model.rows()[0]["date"] == "2026-12-07"

    visit = VisitDialog(ctx, tab, station_id=town["station"], date="2026-12-07")
    visit.name_edit.setText("周秀英")
    visit.matter_edit.setPlainText("东山村3组路灯损坏。")
    _save(visit)
    tab.visit_table.select_ids([visit.visit_id])
    suggestion_id = tab.convert_visit()
    assert stack.undoText() == "周秀英来访转为意见建议"
    stack.undo()
    assert receptions.get_visit(ctx.db, visit.visit_id)["suggestion_id"] is None
    assert suggestions.get_suggestion(ctx.db, suggestion_id)["deleted_at"] is not None
    assert tab.visit_model.display_text(0, tab.visit_model.column_of("suggestion")) == "未转"
    stack.undo()                                   # the visit itself
    assert tab.visit_model.rows() == []
    stack.redo()
    stack.redo()
    assert receptions.get_visit(ctx.db, visit.visit_id)["suggestion_id"] == suggestion_id
    assert tab.visit_model.display_text(0, tab.visit_model.column_of("suggestion")) == f"已转（编号 {suggestion_id}）"


def test_log_shortcuts(page, ctx, town, qtbot):
    from PySide6.QtWidgets import QApplication

    view = page.log.table.view
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_N, Qt.ControlModifier)
    assert page.log.dialog is not None and page.log.dialog.activity_id is None
    page.log.dialog.reject()
    qtbot.keyClick(view, Qt.Key_F, Qt.ControlModifier)
    assert page.log.table.search.hasFocus()
    assert "Ctrl+P" in page.log.export_pdf_action.toolTip() and "Ctrl+E" in page.log.export_excel_action.toolTip()
