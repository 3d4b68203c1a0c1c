"""The "changed elsewhere" guard of Ctrl+Z for deputies, activities and suggestions: an edit, then the same
record changed through ``ops`` (as another page or the command line would), then undo refuses with the
message and the database stays as it was; without such a change undo and redo work as before."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop_app.db import activities as activities_db
from desktop_app.db import audit
from desktop_app.db import deputies as deputies_db
from desktop_app.db import suggestions as suggestions_db
from desktop_app.ops import activities as activities_ops
from desktop_app.ops import deputies as deputies_ops
from desktop_app.ops import suggestions as suggestions_ops
from desktop_app.ui.activities.commands import EditActivity
from desktop_app.ui.roster.commands import ChangeStatus
from desktop_app.ui.roster.page import RosterPage
from desktop_app.ui.suggestions.commands import EditSuggestion, WorkflowStep

pytestmark = pytest.mark.gui
REFUSED = "已在别处被修改，无法撤销这一步；数据未作改动。"


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    return shown


def _table(db, table: str) -> list[tuple]:
    """Every row of a table, to compare the whole database state before and after a refused undo."""
    return [tuple(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]


# Deputies ---------------------------------------------------------------------------------------
@pytest.fixture
def roster_page(ctx, roster, qtbot):
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def _edit_work_unit(page, deputy_id: int, text: str) -> None:
    page.table.select_ids([deputy_id])
    dialog = page.edit_current()
    dialog.work_edit.setText(text)
    dialog.buttons.button(QDialogButtonBox.Save).click()
    assert not dialog.isVisible()


def test_deputy_undo_after_a_change_elsewhere_is_refused(roster_page, ctx, roster, warnings):
    deputy = roster["李四"]
    _edit_work_unit(roster_page, deputy, "示范镇中心小学")
    deputies_ops.edit(ctx.db, deputy, {"work_unit": "示范镇卫生院"})      # another page, the command line…
    before = _table(ctx.db, "deputies")

    ctx.undo_stack.undo()

    assert warnings and f"代表“李四”{REFUSED}" == warnings[-1]
    assert _table(ctx.db, "deputies") == before
    assert deputies_db.get_deputy(ctx.db, deputy)["work_unit"] == "示范镇卫生院"
    assert not ctx.undo_stack.canRedo()          # the refused step left the stack
    assert audit.verify_chain(ctx.db) is None


def test_deputy_undo_and_redo_without_a_change_elsewhere(roster_page, ctx, roster, warnings):
    deputy = roster["李四"]
    _edit_work_unit(roster_page, deputy, "示范镇中心小学")
    ctx.undo_stack.undo()
    assert deputies_db.get_deputy(ctx.db, deputy)["work_unit"] is None
    ctx.undo_stack.redo()
    assert deputies_db.get_deputy(ctx.db, deputy)["work_unit"] == "示范镇中心小学"
    assert warnings == []


def test_status_change_undo_after_a_change_elsewhere_is_refused(ctx, roster, warnings):
    deputy = roster["王五"]
    ChangeStatus.run(ctx, [deputies_db.get_deputy(ctx.db, deputy)], "调离", dt.date.today().isoformat(), "工作调动")
    deputies_ops.change_status(ctx.db, [deputy], "辞职", dt.date.today().isoformat(), "本人申请")
    before = _table(ctx.db, "deputies"), _table(ctx.db, "deputy_status_history")

    ctx.undo_stack.undo()

    assert f"代表“王五”{REFUSED}" == warnings[-1]
    assert (_table(ctx.db, "deputies"), _table(ctx.db, "deputy_status_history")) == before
    assert deputies_db.get_deputy(ctx.db, deputy)["status"] == "辞职"


def test_redo_after_a_change_elsewhere_is_refused(roster_page, ctx, roster, warnings):
    deputy = roster["张三"]
    _edit_work_unit(roster_page, deputy, "东山村村委会")
    ctx.undo_stack.undo()
    deputies_ops.edit(ctx.db, deputy, {"work_unit": "西山村村委会"})
    ctx.undo_stack.redo()
    assert warnings[-1] == "代表“张三”已在别处被修改，无法重做这一步；数据未作改动。"
    assert deputies_db.get_deputy(ctx.db, deputy)["work_unit"] == "西山村村委会"


def test_ctrl_z_on_the_roster_page_is_refused_the_same_way(roster_page, ctx, roster, warnings, qtbot):
    deputy = roster["赵喆"]
    _edit_work_unit(roster_page, deputy, "示范镇农技站")
    deputies_ops.edit(ctx.db, deputy, {"work_unit": "示范镇水利站"})
    undo = ctx.undo_stack.createUndoAction(roster_page, "撤销")   # as the main window wires it
    undo.setShortcut(QKeySequence.Undo)
    roster_page.addAction(undo)
    roster_page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is roster_page)
    roster_page.table.setFocus()
    qtbot.keyClick(roster_page.table, Qt.Key_Z, Qt.ControlModifier)
    assert f"代表“赵喆”{REFUSED}" == warnings[-1]
    assert deputies_db.get_deputy(ctx.db, deputy)["work_unit"] == "示范镇水利站"


# Activities -------------------------------------------------------------------------------------
def _activity(ctx, roster) -> int:
    type_id = activities_db.type_id_by_name(ctx.db, "视察")
    return activities_ops.add(ctx.db, {"type_id": type_id, "date": dt.date.today().isoformat(),
                                       "theme": "视察东山村道路"},
                              {roster["张三"]: "出席", roster["李四"]: "出席"}).value


def test_activity_undo_after_a_change_elsewhere_is_refused(ctx, roster, warnings):
    activity = _activity(ctx, roster)
    attendance = {roster["张三"]: "出席", roster["李四"]: ("请假", "外出")}
    assert EditActivity.run(ctx, activity, {"place": "东山村村委会"}, attendance) is not None
    activities_ops.edit(ctx.db, activity, {"place": "西山村村委会"})
    before = _table(ctx.db, "activities"), _table(ctx.db, "activity_attendance")

    ctx.undo_stack.undo()

    assert f"活动“视察东山村道路”{REFUSED}" == warnings[-1]
    assert (_table(ctx.db, "activities"), _table(ctx.db, "activity_attendance")) == before
    assert activities_db.get_activity(ctx.db, activity)["place"] == "西山村村委会"


def test_activity_undo_after_attendance_changed_elsewhere_is_refused(ctx, roster, warnings):
    activity = _activity(ctx, roster)
    EditActivity.run(ctx, activity, {"place": "东山村村委会"}, {roster["张三"]: "出席"})
    activities_ops.set_attendance(ctx.db, activity, {roster["张三"]: "出席", roster["王五"]: "出席"})
    before = _table(ctx.db, "activity_attendance")
    ctx.undo_stack.undo()
    assert f"活动“视察东山村道路”{REFUSED}" == warnings[-1]
    assert _table(ctx.db, "activity_attendance") == before
    assert activities_db.get_activity(ctx.db, activity)["place"] == "东山村村委会"


def test_activity_undo_and_redo_without_a_change_elsewhere(ctx, roster, warnings):
    activity = _activity(ctx, roster)
    EditActivity.run(ctx, activity, {"place": "东山村村委会"}, {roster["张三"]: "出席"})
    ctx.undo_stack.undo()
    restored = activities_db.get_activity(ctx.db, activity)
    assert restored["place"] is None
    assert {a["deputy_id"] for a in restored["attendance"]} == {roster["张三"], roster["李四"]}
    ctx.undo_stack.redo()
    again = activities_db.get_activity(ctx.db, activity)
    assert again["place"] == "东山村村委会" and [a["deputy_id"] for a in again["attendance"]] == [roster["张三"]]
    assert warnings == []


# Suggestions ------------------------------------------------------------------------------------
def _suggestion(ctx, roster) -> int:
    return suggestions_ops.add(ctx.db, {"title": "关于东山村道路硬化的建议", "content": "雨天无法通行。",
                                        "source": "代表建议", "date": dt.date.today().isoformat()},
                               [(roster["张三"], True)]).value["id"]


def test_suggestion_undo_after_a_change_elsewhere_is_refused(ctx, roster, warnings):
    suggestion = _suggestion(ctx, roster)
    EditSuggestion.run(ctx, suggestion, {"location": "东山村"})
    suggestions_ops.edit(ctx.db, suggestion, {"location": "东山村三组"})
    before = _table(ctx.db, "suggestions")

    ctx.undo_stack.undo()

    assert f"意见建议“关于东山村道路硬化的建议”{REFUSED}" == warnings[-1]
    assert _table(ctx.db, "suggestions") == before
    assert suggestions_db.get_suggestion(ctx.db, suggestion)["location"] == "东山村三组"


def test_suggestion_submitters_changed_elsewhere_refuse_the_undo(ctx, roster, warnings):
    suggestion = _suggestion(ctx, roster)
    EditSuggestion.run(ctx, suggestion, {}, [(roster["张三"], True), (roster["李四"], False)])
    suggestions_ops.edit(ctx.db, suggestion, {}, [(roster["王五"], True)])
    ctx.undo_stack.undo()
    assert REFUSED in warnings[-1]
    assert suggestions_ops.submitters(ctx.db, suggestion) == [(roster["王五"], True)]


def test_suggestion_step_undo_after_its_fields_changed_elsewhere_is_refused(ctx, roster, warnings):
    suggestion = _suggestion(ctx, roster)
    WorkflowStep.run(ctx, "classify", [suggestions_db.get_suggestion(ctx.db, suggestion)], "镇人大主席团",
                     on=dt.date.today().isoformat())
    # The county package (or another copy of the app) rewrites the level without a step of its own.
    from desktop_app.db import records
    records.update(ctx.db, "suggestions", suggestion, {"level": "上报县(市)人大常委会"}, action="导入数据交换包",
                   entity="suggestion")
    before = _table(ctx.db, "suggestions"), _table(ctx.db, "suggestion_events")
    ctx.undo_stack.undo()
    assert f"意见建议“关于东山村道路硬化的建议”{REFUSED}" == warnings[-1]
    assert (_table(ctx.db, "suggestions"), _table(ctx.db, "suggestion_events")) == before


def test_suggestion_undo_and_redo_without_a_change_elsewhere(ctx, roster, warnings):
    suggestion = _suggestion(ctx, roster)
    EditSuggestion.run(ctx, suggestion, {"location": "东山村"})
    WorkflowStep.run(ctx, "classify", [suggestions_db.get_suggestion(ctx.db, suggestion)], "镇人大主席团",
                     on=dt.date.today().isoformat())
    assert suggestions_db.get_suggestion(ctx.db, suggestion)["state"] == "分类"
    ctx.undo_stack.undo()
    assert suggestions_db.get_suggestion(ctx.db, suggestion)["state"] == "收集"
    ctx.undo_stack.undo()
    assert suggestions_db.get_suggestion(ctx.db, suggestion)["location"] is None
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    row = suggestions_db.get_suggestion(ctx.db, suggestion)
    assert row["location"] == "东山村" and row["state"] == "分类" and row["level"] == "镇人大主席团"
    assert warnings == []


# Reception schedules ----------------------------------------------------------------------------
def test_schedule_rule_undo_after_a_change_elsewhere_is_refused(ctx, roster, warnings):
    from desktop_app.db import receptions, stations
    from desktop_app.ops import receptions as receptions_ops
    from desktop_app.ui.activities.commands import ScheduleChange

    station = stations.create_station(ctx.db, "东山村联络站")
    ScheduleChange.save(ctx, "新增东山村联络站接待日安排", None, station, "每周一", None, None).push()
    row = receptions.list_schedules(ctx.db)[0]
    ScheduleChange.save(ctx, "修改东山村联络站接待日安排", {**row, "own_place": row.get("place")}, station,
                        "每月9日", None, None).push()
    receptions_ops.set_rule(ctx.db, row["id"], "每周五")                  # another window of the page…
    elsewhere = receptions.schedule_rule(ctx.db, row["id"])
    ctx.undo_stack.undo()
    assert warnings[-1] == "“修改东山村联络站接待日安排”涉及的接待日安排已在别处被修改，无法撤销这一步；数据未作改动。"
    assert receptions.schedule_rule(ctx.db, row["id"]) == elsewhere
    assert [s["id"] for s in receptions.list_schedules(ctx.db)] == [row["id"]]
