"""意见建议 page: one suggestion walked 收集→评价 by its buttons, 不满意 reopens, refusals, bulk actions, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.db import suggestions as sdb
from desktop_app.ui.suggestions import page as page_module
from desktop_app.ui.suggestions.dialogs import StepDialog, SuggestionDialog, set_combo
from desktop_app.ui.suggestions.page import SuggestionsPage
from desktop_app.ops.changes import Area

pytestmark = pytest.mark.gui
DAY0 = dt.date.today() - dt.timedelta(days=40)


def day(n: int) -> str:
    return (DAY0 + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def page(ctx, roster, qtbot):
    sdb.add_unit(ctx.db, "镇建设办")
    sdb.add_unit(ctx.db, "镇农业办")
    widget = SuggestionsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def units(db) -> dict[str, int]:
    return {u["name"]: u["id"] for u in sdb.list_units(db)}


def visible_steps(page) -> set[str]:
    return {a for a, b in page.detail.step_buttons.items() if b.isVisibleTo(page.detail)}


def click_step(qtbot, page, action: str) -> StepDialog:
    qtbot.mouseClick(page.detail.step_buttons[action], Qt.LeftButton)
    assert isinstance(page.dialog, StepDialog) and page.dialog.action == action
    return page.dialog


def finish(dialog, on: str) -> None:
    dialog.date_edit.setText(on)
    dialog.accept()
    assert dialog.general_error.text() == "" and dialog.result() == 1, dialog.general_error.text()


def test_walk_from_collected_to_evaluated(page, ctx, roster, qtbot):
    db = ctx.db
    dialog = page.new_suggestion()
    assert isinstance(dialog, SuggestionDialog)
    set_combo(dialog.source_combo, "代表建议")
    dialog.set_submitters([roster["张三"], roster["李四"]], lead=roster["李四"])
    dialog.title_edit.setText("关于东山村道路硬化的建议")
    dialog.content_edit.setPlainText("东山村至西山村道路坑洼，雨天无法通行。")
    dialog.date_edit.setText(day(0))
    set_combo(dialog.field_combo, sdb.field_id_by_name(db, "城乡建设"))
    dialog.location_edit.setText("东山村")
    dialog.accept()
    sid = dialog.suggestion_id
    assert sid and page.current_id == sid and page.selected_ids() == [sid]
    assert page.detail.value_labels["submitters"].text() == "李四（领衔）、张三"
    assert visible_steps(page) == {"classify"}

    d = click_step(qtbot, page, "classify")
    set_combo(d.level_combo, "镇人大主席团")
    finish(d, day(2))
    assert visible_steps(page) == {"classify", "assign"}
    d = click_step(qtbot, page, "assign")
    set_combo(d.unit_combo, units(db)["镇建设办"])
    d.set_co_units([units(db)["镇农业办"]])
    finish(d, day(3))
    assert visible_steps(page) == {"start", "reply", "return"}
    finish(click_step(qtbot, page, "start"), day(4))
    assert visible_steps(page) == {"reply", "return"}
    d = click_step(qtbot, page, "reply")
    set_combo(d.class_combo, "A")
    d.reply_edit.setPlainText("道路已列入今年硬化计划并完工。")
    finish(d, day(20))
    assert visible_steps(page) == {"evaluate"}
    d = click_step(qtbot, page, "evaluate")
    set_combo(d.evaluation_combo, "满意")
    finish(d, day(25))
    assert visible_steps(page) == set()

    timeline = page.detail.timeline_rows()
    assert [r[1] for r in timeline] == ["收集", "分类", "交办", "办理", "答复", "评价"]
    assert [r[0] for r in timeline] == [day(0), day(2), day(3), day(4), day(20), day(25)]
    assert timeline[2][2:4] == ["分类→交办", "镇建设办"]
    assert timeline[4][4].startswith("A类")
    s = sdb.get_suggestion(db, sid)
    assert (s["state"], s["level"], s["unit_name"], s["result_class"], s["evaluation"]) == \
        ("评价", "镇人大主席团", "镇建设办", "A", "满意")
    assert [u["name"] for u in s["co_units"]] == ["镇农业办"]
    assert page.detail.value_labels["state"].text() == "已评价（办结）"
    row = page.model.row_of_id(sid)
    assert page.model.display_text(row, page.model.column_of("state")) == "已评价（办结）"


def _replied(db, title="装路灯") -> int:
    sid = sdb.create_suggestion(db, {"title": title, "source": "选民意见", "date": day(0)})["id"]
    sdb.classify(db, sid, "村(居)委会", on=day(1))
    sdb.assign(db, sid, units(db)["镇建设办"], on=day(2))
    sdb.reply(db, sid, "已安装", "A", on=day(10))
    return sid


def test_unsatisfied_reopens(page, ctx, qtbot):
    sid = _replied(ctx.db)
    ctx.announce(Area.SUGGESTIONS)
    page.focus_record(sid)
    d = click_step(qtbot, page, "evaluate")
    set_combo(d.evaluation_combo, "不满意")
    finish(d, day(12))
    s = sdb.get_suggestion(ctx.db, sid)
    assert (s["state"], s["reopen_count"]) == ("办理", 1)
    assert page.detail.timeline_rows()[-1][1:3] == ["重新办理", "答复→办理"]
    assert visible_steps(page) == {"reply", "return"}


def test_backend_refusal_keeps_dialog_open_with_message(page, ctx, qtbot):
    sid = _replied(ctx.db)
    ctx.announce(Area.SUGGESTIONS)
    page.focus_record(sid)
    d = click_step(qtbot, page, "evaluate")
    d.date_edit.setText(day(5))       # before the reply of day 10
    d.accept()
    assert d.result() == 0 and "早于上一步的日期" in d.general_error.text()
    assert sdb.get_suggestion(ctx.db, sid)["state"] == "答复"
    d.date_edit.setText("2026-13-40")
    d.accept()
    assert "不是有效日期" in d.form.error_text("on")


def test_bulk_assign_then_bulk_reply(page, ctx, monkeypatch):
    db = ctx.db
    ids = []
    for title in ("修桥", "修路", "清河道"):
        sid = sdb.create_suggestion(db, {"title": title, "source": "选民意见", "date": day(0)})["id"]
        sdb.classify(db, sid, "村(居)委会", on=day(1))
        ids.append(sid)
    ctx.announce(Area.SUGGESTIONS)
    page.select_ids(ids)
    d = page.bulk_assign()
    assert d.bulk and "3 件" in d.windowTitle()
    set_combo(d.unit_combo, units(db)["镇农业办"])
    finish(d, day(2))
    assert {sdb.get_suggestion(db, i)["unit_name"] for i in ids} == {"镇农业办"}
    assert {sdb.get_suggestion(db, i)["state"] for i in ids} == {"交办"}

    page.select_ids(ids)
    d = page.bulk_reply()
    set_combo(d.class_combo, "C")
    d.reply_edit.setPlainText("关于“{标题}”，已列入明年计划。")
    finish(d, day(8))
    replies = {sdb.get_suggestion(db, i)["title"]: sdb.get_suggestion(db, i)["reply_text"] for i in ids}
    assert replies["修桥"] == "关于“修桥”，已列入明年计划。"
    assert {sdb.get_suggestion(db, i)["result_class"] for i in ids} == {"C"}

    errors = []
    monkeypatch.setattr(page_module, "show_error", lambda _parent, err: errors.append(str(err)))
    page.select_ids(ids)
    assert page.bulk_assign() is None
    assert "3 件不能交办" in errors[-1] and "修桥" in errors[-1]


def test_filters_search_and_due_highlight(page, ctx):
    db = ctx.db
    old = sdb.create_suggestion(db, {"title": "河道清淤", "source": "选民意见", "date": day(0),
                                     "content": "南河村河道淤积严重"})["id"]
    new = sdb.create_suggestion(db, {"title": "路灯维修", "source": "小组活动",
                                     "date": dt.date.today().isoformat()})["id"]
    ctx.announce(Area.SUGGESTIONS)
    assert page.model.total == 2
    page.search.setText("河道淤积")
    page.apply_filters()
    assert [r["id"] for r in page.model.rows()] == [old]
    page.search.setText("")
    page.source_combo.set_value("小组活动")
    assert [r["id"] for r in page.model.rows()] == [new]
    page.clear_filters()
    page.flag_combo.set_value("overdue")
    assert [r["id"] for r in page.model.rows()] == [old]
    brush = page.model.data(page.model.index(0, 1), Qt.BackgroundRole)
    assert brush.color().name() == "#f8d7da"
    page.clear_filters()
    page.start_edit.setText("明天")
    page.apply_filters()
    assert "不是有效日期" in page.filter_error.text() and page.model.total == 2
    # Sorting by a header orders every matching row in the database.
    page.clear_filters()
    page.model.sort(page.model.column_of("title"), Qt.DescendingOrder)
    assert [r["title"] for r in page.model.rows()] == sorted(["河道清淤", "路灯维修"], reverse=True)


def test_delete_asks_first_and_attachments_list(page, ctx, monkeypatch, tmp_path):
    sid = sdb.create_suggestion(ctx.db, {"title": "广场噪音", "source": "选民意见", "date": day(0)})["id"]
    ctx.announce(Area.SUGGESTIONS)
    page.focus_record(sid)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    assert page.add_attachment(str(photo))
    assert page.detail.attachments.count() == 1 and "现场照片.jpg" in page.detail.attachments.item(0).text()
    monkeypatch.setattr(page_module, "confirm", lambda *a: False)
    assert not page.delete_current()
    assert sdb.count_suggestions(ctx.db) == 1
    monkeypatch.setattr(page_module, "confirm", lambda *a: True)
    assert page.delete_current()
    assert sdb.count_suggestions(ctx.db) == 0 and page.model.total == 0


def test_statistics_and_reminders_tabs(page, ctx, tmp_path):
    _replied(ctx.db)
    sdb.create_suggestion(ctx.db, {"title": "逾期的建议", "source": "选民意见", "date": day(0)})
    page.stats_tab.start_edit.setText(day(0))
    page.stats_tab.end_edit.setText(day(30))
    stats = page.stats_tab.refresh()
    assert (stats["total"], stats["done"]) == (2, 1)
    assert page.stats_tab.overview.item(0, 2).text() == "50.0%"
    assert page.stats_tab.export(".xlsx", str(tmp_path / "统计.xlsx")).is_file()
    page.tabs.setCurrentWidget(page.reminders_tab)
    rows = page.reminders_tab.model.rows()
    # Both overdue: 分类 of the first was due 15 working days after day 0, 评价 of the reply 15 after day 10.
    assert [(r["title"], r["pending"], r["flag"]) for r in rows] == [("逾期的建议", "分类", "overdue"),
                                                                   ("装路灯", "评价", "overdue")]
    assert "已逾期 2 件" in page.reminders_tab.summary.text()
    assert page.reminders_tab.export_excel(str(tmp_path / "督办.xlsx")).is_file()


def test_assign_on_a_new_database_adds_the_handling_unit_in_place(ctx, roster, qtbot, monkeypatch):
    """交办 with no 承办单位 used to be a dead end: cancel, go to 设置, come back."""
    from PySide6.QtWidgets import QInputDialog

    db = ctx.db
    sid = sdb.create_suggestion(db, {"title": "村道路灯", "source": "代表建议", "date": day(0)},
                                [(roster["张三"], True)])["id"]
    sdb.classify(db, sid, "镇人大主席团", on=day(1))
    page = SuggestionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.focus_record(sid)
    dialog = click_step(qtbot, page, "assign")
    assert dialog.unit_combo.count() == 1                         # only （请选择）
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("镇建设办", True))
    dialog.new_unit_button.click()
    assert dialog.unit_combo.currentText() == "镇建设办"
    assert dialog.add_unit("镇建设办") is None                     # a second one of that name is refused…
    assert "已有" in dialog.form.error_text("new_unit")            # …beside the button
    finish(dialog, day(2))
    s = sdb.get_suggestion(db, sid)
    assert (s["state"], s["unit_name"]) == ("交办", "镇建设办")
    assert [u["name"] for u in sdb.list_units(db)] == ["镇建设办"]


def test_suggestion_form_shows_every_problem_at_once_and_checks_the_date_when_left(page, ctx):
    dialog = page.new_suggestion()
    set_combo(dialog.source_combo, "代表建议")
    dialog.date_edit.setText("2026-02-30")
    dialog.date_edit.editingFinished.emit()
    assert dialog.form.error_text("date")                 # before 保存
    dialog.accept()
    assert {"date", "title", "submitters"} <= set(dialog.form.shown_errors())
    dialog.date_edit.setText(day(0))
    dialog.date_edit.editingFinished.emit()
    assert "date" not in dialog.form.shown_errors()
    dialog.reject()
