"""The 计票 page typed like a clerk: serial, one key per candidate, Enter; totals read from the results panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.db import audit
from desktop_app.db import ballots as ballots_db
from desktop_app.db import sessions as sessions_db
from desktop_app.db import vote_items as items_db
from desktop_app.ui.context import AppContext
from desktop_app.ui.tally import dialogs
from desktop_app.ui.widgets import messages
from desktop_app.ui.tally.page import TallyPage

pytestmark = pytest.mark.gui

CANDIDATES = ["张三", "李四", "王五"]


@pytest.fixture
def session_id(db):
    return sessions_db.create_session(db, term_id=None, number=1, name="第十八届人民代表大会第三次会议",
                                      total_deputies=9)


def make_item(db, session_id, *, code="1", kind="选举", seats=2, candidates=CANDIDATES, write_in=True,
              double_entry=False, issued=9, printed=9):
    item_id = items_db.create_item(db, session_id, code=code, name=f"选举副镇长{code}" if kind == "选举" else code,
                                   kind=kind, seats=seats if kind in ("选举", "票决") else None,
                                   allow_write_in=write_in and kind == "选举", issued=issued, printed=printed,
                                   double_entry=double_entry)
    if kind != "表决":
        items_db.set_candidates(db, item_id, candidates)
    return item_id


@pytest.fixture
def page(qtbot, db, db_path):
    widget = TallyPage(AppContext(db=db, db_path=db_path))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def open_item(page, session_id, item_id):
    page.reload_sessions()
    page.select(session_id, item_id)
    assert page.item_id == item_id


def focused():
    return QApplication.focusWidget()


def type_ballot(qtbot, page, keys: str, *, serial: int | None = None, write_in: str | None = None,
                save: bool = True) -> int:
    """Type one ballot; returns the keystrokes used after the serial was confirmed."""
    edit = page.entry.serial_edit
    if serial is not None:
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, str(serial))
    qtbot.keyClick(edit, Qt.Key_Return)
    presses = 0
    for key in keys:
        qtbot.keyClick(focused(), Qt.Key_Return if key == "E" else key)
        presses += 1
    if write_in is not None:
        assert focused() is page.entry.write_in_edit
        page.entry.write_in_edit.insert(write_in)   # Chinese comes through the input method, not key codes
    if save:
        qtbot.keyClick(focused(), Qt.Key_Return)
        presses += 1
    return presses


def cell(page, name, column):
    return page.results.cell_text(name, column)


def test_typing_ballots_gives_the_totals(qtbot, db, page, session_id):
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    assert focused() is page.entry.serial_edit
    assert page.entry.serial_edit.text() == "1"          # suggested serial: only Enter needed

    assert type_ballot(qtbot, page, "112") == len(CANDIDATES) + 1
    # Over-marked: judged invalid BEFORE saving, shown in red.
    type_ballot(qtbot, page, "111", save=False)
    assert page.entry.verdict_label.text().startswith("无效：所选人数多于应选人数")
    assert "c62828" in page.entry.verdict_label.styleSheet()
    qtbot.keyClick(focused(), Qt.Key_Return)
    # A write-in: 同意 for 张三 plus 赵六 written in; Enter in the write-in field saves.
    assert type_ballot(qtbot, page, "1EE", write_in="赵六") == len(CANDIDATES) + 1
    # A blank ballot: 0 or Enter for everyone.
    type_ballot(qtbot, page, "0E0")

    assert [b["serial"] for b in ballots_db.list_ballots(db, item_id)] == [1, 2, 3, 4]
    # 收回票数 not typed yet: the count is in progress, its figures provisional.
    assert page.results.summary.text() == "计票中（已录入 4 / 收回 未登记）　发出 9 张　有效 3 张　无效 1 张"
    assert cell(page, "张三", "同意") == "2"
    assert cell(page, "李四", "同意") == "1"
    assert cell(page, "王五", "反对") == "1"
    assert cell(page, "王五", "弃权") == "2"
    assert cell(page, "赵六", "同意") == "1"
    assert page.model.rowCount() == 4
    assert page.model.texts[1][3].startswith("无效")
    assert page.entry.serial_edit.text() == "5"


def test_entered_ballots_show_each_mark_under_its_candidates_name(qtbot, db, page, session_id):
    """The marks column used to read "○      ○", leaving the clerk to count which candidate a mark was for."""
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "102")   # 同意 张三, 弃权 李四, 反对 王五
    model = page.model
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers == ["编号", *CANDIDATES, "另选他人", "判定", "作废原因"]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:4] == ["001", "○", "", "×"]
    assert model.index(0, 2).data(Qt.ToolTipRole) == "李四：弃权"
    assert row[model.verdict_column()] == "有效"
    assert page.ballot_view.columnWidth(1) < 80      # narrow name columns; the verdict takes the rest


def test_the_mark_columns_paint_each_mark_and_the_selection(qtbot, db, page, session_id):
    """The mark columns are painted by the list's own delegate: a mark shows as ink in its candidate's cell,
    an unmarked (弃权) cell stays blank, and the selected ballot's row is highlighted across the marks."""
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "102")   # 同意 张三, 弃权 李四, 反对 王五
    type_ballot(qtbot, page, "000")
    view = page.ballot_view

    def ink(row: int, column: int) -> int:
        """Pixels of the cell clearly darker than its background (the mark's strokes)."""
        image = view.viewport().grab(view.visualRect(page.model.index(row, column))).toImage()
        background = image.pixelColor(1, 1).lightness()
        return sum(1 for x in range(image.width()) for y in range(image.height())
                   if image.pixelColor(x, y).lightness() < background - 80)

    assert ink(0, 1) > 5 and ink(0, 3) > 5       # ○ under 张三, × under 王五
    assert ink(0, 2) == 0 and ink(1, 1) == 0     # 弃权 and a blank ballot paint nothing
    view.selectRow(1)
    cell = view.viewport().grab(view.visualRect(page.model.index(1, 2))).toImage()
    assert cell.pixelColor(cell.width() // 2, cell.height() // 2) == view.palette().highlight().color()


def test_backspace_and_escape(qtbot, db, page, session_id):
    item_id = make_item(db, session_id, write_in=False)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "11", save=False)
    qtbot.keyClick(focused(), Qt.Key_Backspace)
    assert page.entry.draft.marks == ["Y"]
    qtbot.keyClick(focused(), "2")
    qtbot.keyClick(focused(), "0")
    assert page.entry.draft.marks == ["Y", "N", "-"]
    qtbot.keyClick(focused(), Qt.Key_Escape)
    assert page.entry.draft.marks == [] and focused() is page.entry.serial_edit
    assert ballots_db.list_ballots(db, item_id) == []
    type_ballot(qtbot, page, "120")
    assert ballots_db.list_ballots(db, item_id)[0]["marks"] == "YN-"


def test_duplicate_serial_is_refused_and_out_of_range_warned(qtbot, db, page, session_id):
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "1EE", serial=1)
    type_ballot(qtbot, page, "", serial=1, save=False)
    message = page.entry.serial_message
    assert "已经录入" in message.text() and "c62828" in message.styleSheet()
    assert focused() is page.entry.serial_edit        # nothing to mark: the serial must be changed
    assert len(ballots_db.list_ballots(db, item_id)) == 1
    # Outside 1..printed: a yellow warning, but the ballot can be entered.
    type_ballot(qtbot, page, "2", serial=12, save=False)
    assert "超出印制的编号范围" in message.text() and "8a6d00" in message.styleSheet()
    qtbot.keyClick(focused(), Qt.Key_Return)
    qtbot.keyClick(focused(), Qt.Key_Return)
    qtbot.keyClick(focused(), Qt.Key_Return)
    assert [b["serial"] for b in ballots_db.list_ballots(db, item_id)] == [1, 12]


def test_void_with_ctrl_d_asks_the_reason(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "字迹无法辨认")
    type_ballot(qtbot, page, "1", serial=3, save=False)
    qtbot.keyClick(focused(), Qt.Key_D, Qt.ControlModifier)
    rows = ballots_db.list_ballots(db, item_id)
    assert rows[0]["serial"] == 3 and rows[0]["void"] and rows[0]["void_reason"] == "字迹无法辨认"
    assert page.results.summary.text().endswith("有效 0 张　无效 1 张")


def test_correction_needs_a_reason_and_is_audited(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "111")   # over-marked
    assert page.results.summary.text().endswith("无效 1 张")
    assert not any(b.isEnabled() for b in page.list_buttons)   # 更正/作废/删除 need a chosen ballot
    page.ballot_view.selectRow(0)
    assert all(b.isEnabled() for b in page.list_buttons)

    def fill_and_accept(dialog):
        dialog.combos[2].setCurrentIndex(dialog.combos[2].findData("N"))
        dialog.accept()                      # no reason: refused, dialog stays open
        assert "更正理由" in dialog.error.text()
        dialog.reason.setText("唱票时读错，经监票人核对原票")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialogs.CorrectionDialog, "exec", fill_and_accept)
    page.correct_selected()
    assert ballots_db.list_ballots(db, item_id)[0]["marks"] == "YYN"
    assert page.results.summary.text().endswith("有效 1 张　无效 0 张")
    assert cell(page, "王五", "反对") == "1"
    entry = audit.entries(db, entity="ballot")[-1]
    assert "唱票时读错" in entry["detail"] and "YYY" in entry["detail"] and "YYN" in entry["detail"]


def test_certification_locks_entry_and_unlock_reopens(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, issued=3)
    open_item(page, session_id, item_id)
    for _ in range(3):
        type_ballot(qtbot, page, "120")
    assert cell(page, "张三", "结果") == ""        # 3 of 9 deputies is not more than half
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "孙八")
    page.certify()
    assert items_db.get_item(db, item_id)["status"] == "正式"
    assert "已确认" in page.status.text()
    assert not page.entry.serial_edit.isEnabled() and not page.entry.grid.isEnabled()
    assert not page.certify_button.isEnabled() and page.unlock_button.isEnabled()
    qtbot.keyClick(page.entry.grid, "1")
    assert len(ballots_db.list_ballots(db, item_id)) == 3
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "发现第2号选票读错")
    page.unlock()
    assert items_db.get_item(db, item_id)["status"] == "草稿"
    assert page.entry.serial_edit.isEnabled()


def test_satisfaction_keys(qtbot, db, page, session_id):
    item_id = make_item(db, session_id, code="7", kind="测评", candidates=["道路硬化", "路灯安装"])
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "13")
    type_ballot(qtbot, page, "20")
    assert [b["marks"] for b in ballots_db.list_ballots(db, item_id)] == ["SU", "B-"]
    assert cell(page, "道路硬化", "满意率") == "100.00%"
    assert cell(page, "路灯安装", "不满意") == "1"


def test_double_entry_reconciliation(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, double_entry=True, write_in=False)
    open_item(page, session_id, item_id)
    assert page.team_combo.isVisibleTo(page)
    type_ballot(qtbot, page, "110")
    type_ballot(qtbot, page, "200")
    page.team_combo.setCurrentIndex(1)             # 二组
    assert page.model.rowCount() == 0
    type_ballot(qtbot, page, "110")
    type_ballot(qtbot, page, "210")                 # team 2 read 李四 as 同意
    assert "1 张选票不一致" in page.reconcile.summary.text()
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "孙八")
    page.certify_button.setEnabled(True)
    monkeypatch.setattr("desktop_app.ui.tally.page.show_error", lambda parent, err, *a: setattr(page, "_err", str(err)))
    page.certify()
    assert "不一致" in page._err and items_db.get_item(db, item_id)["status"] == "草稿"
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append((title, text)) or True)
    page.reconcile.table.setCurrentCell(0, 0)
    page.reconcile.decide(2)
    assert asked == [("以二组为准", "第 002 号选票将按二组的读法计票：张三 反对、李四 同意、王五 弃权"
                     "（一组读作：张三 反对、李四 弃权、王五 弃权）。\n\n确定吗？")]
    assert "完全一致" not in page.reconcile.summary.text() and "已全部裁决" in page.reconcile.summary.text()
    assert cell(page, "李四", "同意") == "2"


def test_further_election_in_one_click(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, issued=9, write_in=False)
    open_item(page, session_id, item_id)
    for _ in range(5):
        type_ballot(qtbot, page, "120")             # 张三 5 of 9: elected; 李四, 王五 not
    # Counting is not complete until 收回票数 is typed and reached: nothing 当选, no 另行选举 yet.
    assert cell(page, "张三", "结果") == ""
    assert "尚缺" not in page.results.outcome.text() and not page.further_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_count", lambda *args: 5)
    page.enter_collected()
    assert items_db.get_item(db, item_id)["collected"] == 5
    assert cell(page, "张三", "结果") == "当选"
    assert page.results.outcome.text() == "当选：张三；尚缺 1 名，需另行选举（计票完成，待确认）"
    assert page.further_button.isEnabled() and page.further_button.text() == "一键另行选举…"
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append((title, text)) or False)
    assert page.further_election() is None and len(items_db.list_items(db, session_id)) == 1   # 否: nothing made
    assert asked[0][0] == "另行选举"
    assert asked[0][1].startswith("将新建另行选举事项“另行选举副镇长1”（编号 1-另选），应选 1 名，候选人：李四、王五。")
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    new_id = page.further_election()
    assert page.item_id == new_id
    new = items_db.get_item(db, new_id)
    assert new["seats"] == 1 and new["parent_item_id"] == item_id
    assert [c["name"] for c in items_db.candidates(db, new_id)] == ["李四", "王五"]


def test_rehearsal_deck_banner_and_comparison(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, issued=12, printed=40)
    open_item(page, session_id, item_id)
    page.make_rehearsal()
    assert page.rehearsal and page.banner.isVisible()
    assert page.banner.text() == "演练模式 — 演练选票不计入正式结果"
    assert page.item["rehearsal"] == 1 and page.item_id != item_id
    from desktop_app.ops.rehearsal import deck_of

    deck, expected = deck_of(db, page.item_id)
    reasons = iter(["演练作废"] * len(deck))
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: next(reasons))
    keys = {"Y": "1", "N": "2", "-": "0"}
    for entry in sorted(deck, key=lambda e: e.serial):
        if entry.void:
            type_ballot(qtbot, page, "", serial=entry.serial, save=False)
            qtbot.keyClick(focused(), Qt.Key_D, Qt.ControlModifier)
            continue
        type_ballot(qtbot, page, "".join(keys[m] for m in entry.marks), serial=entry.serial,
                    write_in="、".join(entry.write_ins))
    assert page.rehearsal_panel.verdict.text() == "录入与预期结果完全一致，演练通过。"
    assert ballots_db.list_ballots(db, item_id) == []     # the real item is untouched
    page.set_rehearsal(False)
    assert not page.banner.isVisible() and page.item_id == item_id


def test_reconciliation_buttons_need_a_row_and_say_what_will_change(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, double_entry=True, write_in=False)
    open_item(page, session_id, item_id)
    type_ballot(qtbot, page, "110")
    page.team_combo.setCurrentIndex(1)
    page.reconcile.reload()                       # 001 only in 一组
    assert page.reconcile.table.rowCount() == 1
    assert not page.reconcile.team1.isEnabled() and not page.reconcile.team2.isEnabled()
    assert page.reconcile.team1.toolTip() == "请先选中一行不一致的选票"
    page.reconcile.table.selectRow(0)
    assert page.reconcile.team1.isEnabled() and page.reconcile.team2.isEnabled()
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    page.reconcile.team2.click()                  # 否: nothing decided
    assert asked[0].startswith("第 001 号选票二组没有录入：以二组为准，这张选票不计入结果")
    assert len(ballots_db.undecided(db, item_id)) == 1
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    page.reconcile.team2.click()
    assert ballots_db.undecided(db, item_id) == []
    assert page.results.summary.text().startswith("计票中（已录入 0 / 收回 未登记）")


def test_more_returned_than_issued_offers_a_new_vote_before_any_ballot(qtbot, db, page, session_id, monkeypatch):
    item_id = make_item(db, session_id, issued=9, write_in=False)
    open_item(page, session_id, item_id)
    assert not page.further_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_count", lambda *args: 10)
    page.enter_collected()
    assert page.results.outcome.text() == "收回票数 10 张多于发出票数 9 张，本次投票无效，应重新投票。"
    assert "c62828" in page.results.outcome.styleSheet()
    assert page.results.summary.text().startswith("发出 9 张　收回 10 张")
    assert page.further_button.isEnabled() and page.further_button.text() == "一键重新投票…"
    assert "收回 10 张" in page.status.text()
