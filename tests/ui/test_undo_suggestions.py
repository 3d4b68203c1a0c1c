"""Undo/redo on the 意见建议 page: each workflow step taken back and redone (state, deadline, timeline), bulk
交办 as one step, a refused undo after a later step was recorded elsewhere, and the page's keyboard shortcuts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.db import audit
from desktop_app.db import suggestions as sdb
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


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def activate(qtbot, widget) -> None:
    """Shortcuts need an active window (offscreen too)."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def units(db) -> dict[str, int]:
    return {u["name"]: u["id"] for u in sdb.list_units(db)}


def finish(dialog, on: str) -> None:
    dialog.date_edit.setText(on)
    dialog.accept()
    assert dialog.general_error.text() == "" and dialog.result() == 1, dialog.general_error.text()


def step(qtbot, page, action: str) -> StepDialog:
    qtbot.mouseClick(page.detail.step_buttons[action], Qt.LeftButton)
    assert isinstance(page.dialog, StepDialog) and page.dialog.action == action
    return page.dialog


def shown(page) -> tuple:
    """What the clerk reads in the detail pane: title, state, deadline, main unit and the timeline."""
    labels = page.detail.value_labels
    return (page.detail.title_label.text(), labels["state"].text(), labels["deadline"].text(),
            labels["unit_name"].text(), labels["co_units"].text(), page.detail.timeline_rows())


def new_suggestion(page, roster, title="关于东山村道路硬化的建议") -> int:
    dialog = page.new_suggestion()
    assert isinstance(dialog, SuggestionDialog)
    set_combo(dialog.source_combo, "代表建议")
    dialog.set_submitters([roster["张三"]])
    dialog.title_edit.setText(title)
    dialog.content_edit.setPlainText("东山村至西山村道路坑洼，雨天无法通行。")
    dialog.date_edit.setText(day(0))
    dialog.accept()
    return dialog.suggestion_id


def test_walk_undo_each_step_then_redo(page, ctx, roster, qtbot):
    db, stack = ctx.db, ctx.undo_stack
    sid = new_suggestion(page, roster)
    views = [shown(page)]
    assert views[0][1] == "已收集" and views[0][2]   # the 分类 deadline is running

    d = step(qtbot, page, "classify")
    set_combo(d.level_combo, "镇人大主席团")
    finish(d, day(2))
    views.append(shown(page))
    d = step(qtbot, page, "assign")
    set_combo(d.unit_combo, units(db)["镇建设办"])
    d.set_co_units([units(db)["镇农业办"]])
    d.note_edit.setText("请于月底前答复")
    finish(d, day(3))
    views.append(shown(page))
    d = step(qtbot, page, "reply")
    set_combo(d.class_combo, "A")
    d.reply_edit.setPlainText("已完成道路硬化。")
    finish(d, day(10))
    views.append(shown(page))
    assert [v[1] for v in views] == ["已收集", "已分类", "已交办", "已答复"]
    assert views[2][3] == "镇建设办" and views[2][4] == "镇农业办"
    assert len(set(v[2] for v in views)) == 4     # each step set its own deadline (答复 → the 评价 one)
    assert stack.undoText() == "答复意见建议“关于东山村道路硬化的建议”"

    for expected in reversed(views[:-1]):
        stack.undo()
        assert shown(page) == expected
    assert sdb.get_suggestion(db, sid)["state"] == "收集"
    assert [e["action"] for e in sdb.timeline(db, sid)] == ["收集"]
    assert sdb.get_suggestion(db, sid)["co_units"] == [] and sdb.get_suggestion(db, sid)["reply_text"] is None
    stack.undo()                                   # the new suggestion itself
    assert page.model.row_of_id(sid) is None and page.detail.suggestion is None

    stack.redo()
    page.focus_record(sid)
    assert shown(page) == views[0]
    for expected in views[1:]:
        stack.redo()
        assert shown(page) == expected
    got = sdb.get_suggestion(db, sid)
    assert (got["state"], got["result_class"], got["reply_text"]) == ("答复", "A", "已完成道路硬化。")
    assert [e["note"] for e in got["events"]][2] == "请于月底前答复"   # redo keeps the note
    actions = [e["action"] for e in audit.entries(db, entity="suggestion", entity_id=sid)]
    assert actions.count("撤销意见建议答复") == 1 and actions.count("撤销意见建议分类") == 1
    assert actions[-1] == "意见建议答复"


def test_bulk_assign_is_one_undo_step(page, ctx, roster, qtbot):
    db, stack = ctx.db, ctx.undo_stack
    ids = []
    for i, title in enumerate(["路灯损坏", "河道清淤", "村口积水"]):
        sid = sdb.create_suggestion(db, {"title": title, "source": "选民意见", "date": day(i)})["id"]
        sdb.classify(db, sid, "镇人大主席团", on=day(5))
        ids.append(sid)
    before = {sid: sdb.get_suggestion(db, sid)["deadline"] for sid in ids}
    page.reload()
    page.select_ids(ids)
    dialog = page.bulk_assign()
    set_combo(dialog.unit_combo, units(db)["镇建设办"])
    finish(dialog, day(6))
    assert {sdb.get_suggestion(db, s)["state"] for s in ids} == {"交办"}
    assert stack.undoText() == "批量交办意见建议“村口积水”等 3 件"   # the list shows the newest first

    stack.undo()
    for sid in ids:
        got = sdb.get_suggestion(db, sid)
        assert (got["state"], got["main_unit_id"], got["deadline"]) == ("分类", None, before[sid])
        assert [e["action"] for e in got["events"]] == ["收集", "分类"]
    stack.redo()
    assert {sdb.get_suggestion(db, s)["unit_name"] for s in ids} == {"镇建设办"}
    assert all(len(sdb.timeline(db, s)) == 3 for s in ids)


def test_undo_refused_after_a_later_step_recorded_elsewhere(page, ctx, roster, qtbot, warnings):
    db, stack = ctx.db, ctx.undo_stack
    sid = new_suggestion(page, roster)
    d = step(qtbot, page, "classify")
    finish(d, day(2))
    d = step(qtbot, page, "assign")
    set_combo(d.unit_combo, units(db)["镇建设办"])
    finish(d, day(3))
    sdb.reply(db, sid, "已解决。", "A", on=day(8))       # recorded elsewhere (another window, the command line)
    ctx.announce(Area.SUGGESTIONS)
    before = sdb.get_suggestion(db, sid)
    count = stack.count()

    stack.undo()
    assert len(warnings) == 1
    assert "在交办之后又记录了“答复”" in warnings[0] and "不能再撤销交办" in warnings[0]
    after = sdb.get_suggestion(db, sid)
    assert (after["state"], after["deadline"], len(after["events"])) == ("答复", before["deadline"], 4)
    assert stack.count() == count - 1              # the refused step leaves the undo list
    assert page.detail.value_labels["state"].text() == "已答复"
    stack.undo()                                   # the 分类 below it is refused too (a later step exists)
    assert len(warnings) == 2 and sdb.get_suggestion(db, sid)["state"] == "答复"


def test_edit_and_delete_are_undoable(page, ctx, roster, qtbot, monkeypatch):
    db, stack = ctx.db, ctx.undo_stack
    sid = new_suggestion(page, roster)
    dialog = page.edit_current()
    dialog.title_edit.setText("关于东山村道路硬化和路灯的建议")
    dialog.set_submitters([roster["张三"], roster["李四"]], lead=roster["李四"])
    dialog.accept()
    assert page.detail.title_label.text() == "关于东山村道路硬化和路灯的建议"
    stack.undo()
    got = sdb.get_suggestion(db, sid)
    assert got["title"] == "关于东山村道路硬化的建议" and [p["name"] for p in got["submitters"]] == ["张三"]
    assert page.detail.title_label.text() == "关于东山村道路硬化的建议"
    stack.redo()
    assert [p["name"] for p in sdb.get_suggestion(db, sid)["submitters"]] == ["李四", "张三"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.select_ids([sid])
    activate(qtbot, page)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert page.model.row_of_id(sid) is None and sdb.get_suggestion(db, sid)["deleted_at"]
    stack.undo()
    assert page.model.row_of_id(sid) is not None and not sdb.get_suggestion(db, sid)["deleted_at"]


def test_attachment_add_and_remove_are_undoable(page, ctx, roster, tmp_path, monkeypatch):
    from desktop_app.db import attachments

    sid = new_suggestion(page, roster)
    source = tmp_path / "现场照片.txt"
    source.write_text("照片说明", encoding="utf-8")
    attachment_id = page.add_attachment(str(source))
    assert page.detail.attachments.count() == 1
    ctx.undo_stack.undo()
    assert attachments.list_attachments(ctx.db, "suggestions", sid) == [] and page.detail.attachments.count() == 0
    ctx.undo_stack.redo()
    assert page.detail.attachments.count() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    page.remove_attachment(attachments.list_attachments(ctx.db, "suggestions", sid)[0])
    assert page.detail.attachments.count() == 0
    ctx.undo_stack.undo()
    assert [a["id"] for a in attachments.list_attachments(ctx.db, "suggestions", sid)] == [attachment_id]


def test_shortcuts(page, ctx, roster, qtbot):
    sid = new_suggestion(page, roster)
    page.dialog.close()
    activate(qtbot, page)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_N, Qt.ControlModifier)
    assert isinstance(page.dialog, SuggestionDialog) and page.dialog.suggestion_id is None
    page.dialog.reject()
    page.select_ids([sid])
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_F2)
    assert isinstance(page.dialog, SuggestionDialog) and page.dialog.suggestion_id == sid
    page.dialog.reject()
    qtbot.keyClick(page.view, Qt.Key_F, Qt.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key_Delete)     # Delete in the search box edits text, never the record
    assert not sdb.get_suggestion(ctx.db, sid)["deleted_at"]
    assert "Ctrl+N" in page.new_action.toolTip() and "F2" in page.edit_action.toolTip()
    assert "Ctrl+E" in page.export_action.toolTip() and "Ctrl+P" in page.print_key.toolTip()
