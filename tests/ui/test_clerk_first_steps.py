"""A new clerk's first steps and a session day, as found in the walkthrough: empty pages say what to do,
forms start in their first field, Enter in the candidate box adds a name (not saves), and the count screen
shows what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop_app.db import deputies as deputies_db
from desktop_app.db import sessions as sessions_db
from desktop_app.db import terms as terms_db
from desktop_app.db import vote_items as items_db
from desktop_app.ui import first_start
from desktop_app.ui.tally import dialogs
from desktop_app.ops.changes import Area

pytestmark = pytest.mark.gui


def show(qtbot, widget, width=1200, height=760):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def hint_shown(label) -> bool:
    return not label.isHidden() and bool(label.text())


# Empty pages ----------------------------------------------------------------------------------------

def test_empty_roster_says_to_create_a_term_first_then_to_add_or_import(qtbot, ctx):
    from desktop_app.ui.roster.page import RosterPage

    page = show(qtbot, RosterPage(ctx))
    assert hint_shown(page.table.empty_hint)
    assert "届次与选区" in page.table.empty_hint.text()
    terms_db.create_term(ctx.db, "第十九届", 19, "2026-01-01", "2030-12-31")
    page.reload()
    assert "届次与选区" not in page.table.empty_hint.text()
    assert "新增代表" in page.table.empty_hint.text() and "导入Excel" in page.table.empty_hint.text()
    deputies_db.insert_deputy(ctx.db, {"name": "王小明", "level": "乡"})
    page.reload()
    assert page.table.empty_hint.isHidden()


def test_empty_groups_stations_and_districts_pages_say_what_to_do(qtbot, ctx):
    from desktop_app.ui.districts.page import DistrictsPage
    from desktop_app.ui.groups.page import GroupsPage
    from desktop_app.ui.stations.page import StationsPage

    groups = show(qtbot, GroupsPage(ctx))
    assert hint_shown(groups.table.empty_hint) and "届次" in groups.table.empty_hint.text()
    stations = show(qtbot, StationsPage(ctx))
    assert hint_shown(stations.empty_hint) and "新建站点" in stations.empty_hint.text()
    districts = show(qtbot, DistrictsPage(ctx))
    assert hint_shown(districts.terms_table.empty_hint) and "新建届次" in districts.terms_table.empty_hint.text()
    term = terms_db.create_term(ctx.db, "第十九届", 19, "2026-01-01", "2030-12-31")
    districts.reload()
    assert districts.terms_table.empty_hint.isHidden()
    assert hint_shown(districts.districts_table.empty_hint)
    assert "新建选区" in districts.districts_table.empty_hint.text()
    groups.reload()
    assert "新建小组" in groups.table.empty_hint.text()
    from desktop_app.db import stations as stations_db

    stations_db.create_station(ctx.db, "第一联络站", "联络站")
    stations.reload()
    assert stations.empty_hint.isHidden()
    assert term


def test_session_page_without_a_term_points_to_the_term_page_instead_of_an_empty_form(qtbot, ctx, monkeypatch):
    from desktop_app.ui.session import page as session_page

    page = show(qtbot, session_page.SessionPage(ctx))
    assert "届次与选区" in page.overview.text()
    assert not page.edit_button.isEnabled()
    shown = []
    monkeypatch.setattr(session_page, "show_error", lambda parent, err, *a: shown.append(str(err)))
    monkeypatch.setattr(session_page.SessionDialog, "exec", lambda self: pytest.fail("the form must not open"))
    page.new_session()
    assert shown and "届次与选区" in shown[0]
    assert sessions_db.list_sessions(ctx.db) == []
    terms_db.create_term(ctx.db, "第十九届", 19, "2026-01-01", "2030-12-31")
    ctx.announce(Area.TERMS)
    assert "代表名册" in page.overview.text()


def test_tally_page_without_sessions_says_where_sessions_are_made(qtbot, ctx):
    from desktop_app.ui.tally.page import TallyPage

    page = show(qtbot, TallyPage(ctx), 1300, 800)
    assert "人代会" in page.status.text() and "新建会议" in page.status.text()
    assert not page.deck_button.isEnabled() and not page.rehearsal_button.isEnabled()
    assert page.results.table.columnCount() == 0          # no bare 1 2 3 headers
    assert not page.tabs.isTabVisible(2)                   # 演练核对 only in rehearsal


def test_first_start_offer_names_the_real_way_to_clear_the_demo(qtbot, ctx, monkeypatch):
    texts = []

    def fake_exec(box):
        texts.append(box.text())   # closed without a choice: nothing is loaded
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert first_start.offer_demo_if_empty(ctx) is False
    assert "清空数据，从空白开始" in texts[0]           # the button in 设置 → 常规 (tested in test_settings_page)
    assert "从空白开始" in texts[0] and "届次与选区" in texts[0]
    assert ctx.db["deputies"].count == 0   # declining leaves the database empty


# Forms ----------------------------------------------------------------------------------------------

def test_record_forms_open_with_the_cursor_in_the_first_field(qtbot, ctx):
    from desktop_app.ui.districts.page import DistrictsPage
    from desktop_app.ui.groups.page import GroupsPage
    from desktop_app.ui.stations.page import StationsPage

    districts = show(qtbot, DistrictsPage(ctx))
    districts.activateWindow()
    dialog = districts.new_term()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name_edit
    dialog.reject()
    groups = show(qtbot, GroupsPage(ctx))
    dialog = groups.new_group()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.form.fields["name"]
    dialog.reject()
    stations = show(qtbot, StationsPage(ctx))
    dialog = stations.new_station()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.form.fields["name"]
    dialog.reject()


def test_import_preview_shows_the_full_problem_of_the_chosen_row(qtbot, ctx, tmp_path, make_id):
    import openpyxl

    from desktop_app.db.roster_import import snapshot
    from desktop_app.reports.excel import roster_import
    from desktop_app.ui.roster.import_dialog import ImportPreviewDialog

    terms_db.create_term(ctx.db, "第十九届", 19, "2026-01-01", "2030-12-31")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["代表姓名", "身份证号", "联系电话"])
    sheet.append(["张三", make_id("330102", "19800101", "011"), "13800138000"])
    sheet.append(["王五", 1.10101199003077e17, "139"])
    path = tmp_path / "名册.xlsx"
    book.save(path)
    dialog = ImportPreviewDialog(roster_import.read_preview(path, snapshot(ctx.db)))
    show(qtbot, dialog, 980, 620)
    # The first row with a problem is explained in full before anything is clicked, both problems included.
    detail = dialog.detail_label.text()
    assert detail.startswith("第 3 行 王五") and "末几位已丢失" in detail and "手机号应为 11 位" in detail
    dialog.action_combo.set_value(None)
    dialog.table.select_ids([2])
    assert dialog.detail_label.text().startswith("第 2 行 张三")


# Session day ----------------------------------------------------------------------------------------

@pytest.fixture
def session_with_attendance(db):
    term = terms_db.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31")
    ids = [deputies_db.insert_deputy(db, {"name": n, "term_id": term, "level": "乡"})
           for n in ("王小明", "李红", "张三", "赵敏", "刘强")]
    session_id = sessions_db.create_session(db, term_id=term, number=1)
    for deputy_id in ids[:4]:
        sessions_db.set_attendance(db, session_id, deputy_id, "出席")
    return sessions_db.get_session(db, session_id)


def test_enter_in_the_candidate_box_adds_the_name_and_keeps_the_item_form_open(qtbot, db, session_with_attendance):
    from desktop_app.ui.session.item_dialog import ItemDialog

    dialog = ItemDialog(db, session_with_attendance)
    show(qtbot, dialog, 760, 640)
    dialog.activateWindow()
    assert dialog.focusWidget() is dialog.name         # the name is typed first, not the item number
    dialog.name.setText("选举副镇长")
    dialog.typed.setFocus()
    dialog.typed.setText("张伟、李娜")
    qtbot.keyClick(dialog.typed, Qt.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.Accepted
    assert dialog.names() == ["张伟", "李娜"]
    assert items_db.list_items(db, session_with_attendance["id"]) == []
    dialog.roster.setFocus()
    dialog.roster.setEditText("赵敏")
    qtbot.keyClick(dialog.roster.lineEdit(), Qt.Key_Return)
    assert dialog.isVisible() and dialog.names() == ["张伟", "李娜", "赵敏"]
    # 发出票数 starts at the sign-in count (4 present of 5).
    assert dialog.issued.value() == 4 and "实到" in dialog.issued_hint.text()


def test_items_tab_keeps_status_columns_visible_and_buttons_follow_the_selection(qtbot, ctx, session_with_attendance):
    from desktop_app.ui.session.page import SessionPage

    session_id = session_with_attendance["id"]
    item_id = items_db.create_item(ctx.db, session_id, code="1", name="2027年民生实事项目票决", kind="票决", seats=10,
                                   issued=4)
    items_db.set_candidates(ctx.db, item_id, [f"第{i}号民生实事项目（村道硬化与路灯安装）" for i in range(1, 13)])
    page = show(qtbot, SessionPage(ctx), 1280, 760)
    page.tabs.setCurrentWidget(page.items)
    table = page.items.table
    status_column = 9
    viewport = table.viewport().width()
    assert table.columnViewportPosition(status_column) + table.columnWidth(status_column) <= viewport
    assert not page.items.buttons["edit"].isEnabled() and not page.items.buttons["print"].isEnabled()
    table.selectRow(0)
    assert page.items.buttons["edit"].isEnabled() and page.items.buttons["print"].isEnabled()
    assert "第12号" in table.item(0, 4).toolTip()


def test_sign_in_tab_puts_the_cursor_in_the_name_search(qtbot, ctx, session_with_attendance):
    from desktop_app.ui.session.page import SessionPage

    page = show(qtbot, SessionPage(ctx))
    page.activateWindow()
    page.tabs.setCurrentWidget(page.attendance)
    assert page.attendance.focusWidget() is page.attendance.search


@pytest.fixture
def tally(qtbot, ctx):
    from desktop_app.ui.tally.page import TallyPage

    session_id = sessions_db.create_session(ctx.db, term_id=None, number=1, name="第十九届人民代表大会第一次会议",
                                            total_deputies=9)
    item_id = items_db.create_item(ctx.db, session_id, code="1", name="选举副镇长", kind="选举", seats=2,
                                   allow_write_in=False, issued=9, printed=9, double_entry=True)
    items_db.set_candidates(ctx.db, item_id, ["张三", "李四", "王五"])
    page = show(qtbot, TallyPage(ctx), 1300, 800)
    page.activateWindow()
    page.reload_sessions()
    page.select(session_id, item_id)
    return page


def type_ballot(qtbot, page, keys):
    qtbot.keyClick(page.entry.serial_edit, Qt.Key_Return)
    for key in keys:
        qtbot.keyClick(QApplication.focusWidget(), key)


def test_typed_abstentions_show_on_the_entry_grid(qtbot, tally):
    type_ballot(qtbot, tally, "0")
    grid = tally.entry.grid
    image = grid.grab().toImage()
    rect = grid.cell_rect(0).toRect()
    # The lower half of the first cell (where the mark goes) now holds grey 弃权, not only the white background.
    grey = 0
    for x in range(rect.left() + 4, rect.right() - 4):
        for y in range(rect.top() + rect.height() // 2 + 2, rect.bottom() - 2):
            colour = QColor(image.pixel(x, y))
            if colour.red() < 200 and abs(colour.red() - colour.blue()) < 20:
                grey += 1
    assert grey > 20


def test_certify_says_what_blocks_it_before_asking_for_a_name(qtbot, tally, monkeypatch):
    from desktop_app.ui.tally import page as tally_page

    type_ballot(qtbot, tally, "110")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    tally.team_combo.setCurrentIndex(1)
    type_ballot(qtbot, tally, "210")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    asked, shown = [], []
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: asked.append(a) or "孙八")
    monkeypatch.setattr(tally_page, "show_error", lambda parent, err, *a: shown.append(str(err)))
    tally.tabs.setCurrentWidget(tally.results)
    tally.certify()
    assert asked == [] and "两组核对" in shown[0] and "001" in shown[0]
    assert tally.tabs.currentWidget() is tally.reconcile
    from desktop_app.ui.widgets import messages
    monkeypatch.setattr(messages, "confirm", lambda *a: True)   # 以一组为准 says what changes, then acts
    tally.reconcile.table.setCurrentCell(0, 0)
    tally.reconcile.decide(1)
    assert "可以确认结果" in tally.reconcile.summary.text()
    tally.certify()
    assert len(asked) == 1 and "当选" in asked[0][2]          # the result is shown in the question
    assert items_db.get_item(tally.db, tally.item_id)["status"] == items_db.CERTIFIED
    assert "T" not in tally.status.text().split("孙八，")[1][:16]


def test_certificates_of_a_draft_result_ask_first(qtbot, tally, monkeypatch):
    from desktop_app.ui import print_preview
    from desktop_app.ui.widgets import messages

    items_db.update_item(tally.db, tally.item_id, double_entry=False)
    tally.reload_items(select_id=tally.item_id)
    questions, previews = [], []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: questions.append(text) or False)
    monkeypatch.setattr(print_preview, "preview_pdf", lambda *a, **k: previews.append(a))
    for _ in range(5):
        type_ballot(qtbot, tally, "110")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert tally.documents.certificates(tally.item_id) is None
    assert questions and "草稿" in questions[0] and previews == []


def test_reconcile_table_shows_the_decision_column_in_the_narrow_panel(qtbot, tally):
    type_ballot(qtbot, tally, "110")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    tally.team_combo.setCurrentIndex(1)
    type_ballot(qtbot, tally, "210")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    tally.tabs.setCurrentWidget(tally.reconcile)
    table = tally.reconcile.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    decision = headers.index("裁决")
    assert table.item(0, decision).text() == "未裁决"
    assert table.columnViewportPosition(decision) + table.columnWidth(decision) <= table.viewport().width()


def test_a_new_office_names_itself_before_anything_else(qtbot, ctx):
    """从空白开始 asks for the township and county names that head every report; both are required."""
    from desktop_app.db import settings

    dialog = first_start.UnitNamesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.township_edit.setText("青山镇")
    assert dialog.save() is False and "两个名称" in dialog.message.text()
    assert settings.get(ctx.db, "township_name") == "示范镇"          # nothing saved yet
    dialog.county_edit.setText(" 绿水县 ")
    assert dialog.save() is True
    assert (settings.get(ctx.db, "township_name"), settings.get(ctx.db, "county_name")) == ("青山镇", "绿水县")


def test_typing_the_term_name_fills_in_its_number_until_set_by_hand(qtbot, ctx):
    from desktop_app.ui.districts.page import TermDialog

    dialog = TermDialog(ctx, lambda values: 1)
    qtbot.addWidget(dialog)

    def type_name(text):   # QTest cannot type CJK characters offscreen; this is what a keystroke emits
        dialog.name_edit.setText(text)
        dialog.name_edit.textEdited.emit(text)

    type_name("第十九届")
    assert dialog.number_spin.value() == 19
    dialog.number_spin.setValue(7)                       # the clerk's own number wins from now on
    type_name("第二十届")
    assert dialog.number_spin.value() == 7
