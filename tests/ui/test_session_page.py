"""The 人代会 page: attendance by keyboard with the live counts and quorum label; items with candidates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.db import deputies as deputies_db
from desktop_app.db import sessions as sessions_db
from desktop_app.db import terms as terms_db
from desktop_app.db import vote_items as items_db
from desktop_app.ui.context import AppContext
from desktop_app.ui.session.item_dialog import ItemDialog
from desktop_app.ui.session.page import SessionPage
from desktop_app.ui.session.session_dialog import SessionDialog

pytestmark = pytest.mark.gui

NAMES = ["王小明", "李红", "张三", "赵敏", "刘强", "陈静"]


@pytest.fixture
def term_id(db):
    term = terms_db.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    for name in NAMES:
        deputies_db.insert_deputy(db, {"name": name, "term_id": term, "level": "乡"})
    return term


@pytest.fixture
def page(qtbot, db, db_path, term_id):
    widget = SessionPage(AppContext(db=db, db_path=db_path))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_new_session_prefills_total_from_roster_and_requires_a_reason(qtbot, db, page, term_id):
    dialog = SessionDialog(db, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.total.value() == len(NAMES)
    assert dialog.name.text() == "第十八届人民代表大会第一次会议"
    dialog.total.setValue(7)
    dialog.accept()
    assert "人数说明" in dialog.form.error_text("total_reason") and sessions_db.list_sessions(db) == []
    dialog.reason.setText("一名代表调入，名册尚未更新")
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    session = sessions_db.get_session(db, dialog.session_id)
    assert session["total_deputies"] == 7 and session["total_reason"] == "一名代表调入，名册尚未更新"


def test_session_form_checks_a_field_when_left_and_shows_every_error_at_once(qtbot, db, page, term_id):
    dialog = SessionDialog(db, parent=page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.start, "2026-02-30")
    dialog.start.editingFinished.emit()                  # Tab to the next field: no 保存 yet
    assert "没有这一天" in dialog.form.error_text("start_date")
    assert dialog.form.shown_errors().keys() == {"start_date"}   # fields not visited say nothing

    dialog.name.clear()
    dialog.end.setText("2026-03-01")
    dialog.total.setValue(5)                             # one fewer than the roster, and no reason
    dialog.accept()
    errors = dialog.form.shown_errors()
    assert {"start_date", "name", "total_reason"} <= set(errors), errors
    assert "会议名称不能为空" in errors["name"] and "人数说明" in errors["total_reason"]
    assert dialog.result() != QDialog.Accepted and sessions_db.list_sessions(db) == []

    dialog.start.setText("2026-03-05")                   # now after the end: the end date says so
    dialog.start.editingFinished.emit()
    assert "start_date" not in dialog.form.shown_errors()
    dialog.end.editingFinished.emit()
    assert "早于开始日期" in dialog.form.error_text("end_date")
    dialog.end.setText("2026-03-06")
    dialog.end.editingFinished.emit()
    assert "end_date" not in dialog.form.shown_errors()
    dialog.name.setText("第十八届人民代表大会第一次会议")
    dialog.reason.setText("一名代表已辞职，尚未补选")
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    session = sessions_db.get_session(db, dialog.session_id)
    assert (session["start_date"], session["end_date"], session["total_deputies"]) == ("2026-03-05", "2026-03-06", 5)


def test_session_form_puts_a_repeated_name_beside_the_name(qtbot, db, page, term_id):
    sessions_db.create_session(db, term_id=term_id, number=1)
    dialog = SessionDialog(db, parent=page)
    qtbot.addWidget(dialog)
    dialog.name.setText("第十八届人民代表大会第一次会议")
    dialog.accept()
    assert "已经存在" in dialog.form.error_text("name") and len(sessions_db.list_sessions(db)) == 1


def test_attendance_keys_counts_and_quorum_colour(qtbot, db, page, term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    page.reload(session_id)
    page.tabs.setCurrentWidget(page.attendance)
    table = page.attendance.table
    assert table.rowCount() == len(NAMES)
    table.setFocus()
    table.setCurrentCell(0, 1)
    for key in ("1", "1", Qt.Key_Space):              # 1 / Space = 出席, moving down a row each time
        qtbot.keyClick(table, key)
    counts = page.attendance.counts_label.text()
    assert counts.startswith("应到 6 人　实到 3 人")
    quorum = page.attendance.quorum_label
    assert "不足" in quorum.text() and "至少需要 4 人" in quorum.text()
    assert "#c62828" in quorum.styleSheet() and quorum.property("met") is False
    qtbot.keyClick(table, "2")                         # 请假
    qtbot.keyClick(table, "1")                         # the 4th present: 4 of 6 is exactly two thirds
    assert "实到 4 人　请假 1 人" in page.attendance.counts_label.text()
    assert quorum.text().startswith("已达到法定人数") and quorum.property("met") is True
    assert "#2e7d32" in quorum.styleSheet()
    statuses = {r["name"]: r["status"] for r in sessions_db.attendance(db, session_id)}
    assert list(statuses.values()).count("出席") == 4 and list(statuses.values()).count("请假") == 1


def test_type_to_find_then_mark_and_all_present(qtbot, db, page, term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    page.reload(session_id)
    tab = page.attendance
    tab.table.setFocus()
    qtbot.keyClicks(tab.table, "zs")                   # pinyin initials of 张三 go to the search box
    assert tab.search.text() == "zs"
    visible = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount()) if not tab.table.isRowHidden(r)]
    assert visible == ["张三"]
    qtbot.keyClick(tab.search, Qt.Key_Return)
    qtbot.keyClick(tab.table, "3")                     # 缺席
    tab.search.clear()
    tab.mark_rest_present()
    statuses = {r["name"]: r["status"] for r in sessions_db.attendance(db, session_id)}
    assert statuses["张三"] == "缺席"
    assert sum(1 for s in statuses.values() if s == "出席") == 5
    assert "实到 5 人" in tab.counts_label.text() and "缺席 1 人" in tab.counts_label.text()


def test_item_dialog_candidates_sorted_by_strokes_with_warnings(qtbot, db, page, term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    page.reload(session_id)
    dialog = ItemDialog(db, page.session, parent=page)
    qtbot.addWidget(dialog)
    dialog.name.setText("选举副镇长")
    dialog.post.setCurrentText("副镇长")
    dialog.seats.setValue(2)
    dialog.typed.setText("王小明、李红")
    dialog.add_typed()
    assert "多一至三人" in dialog.warnings.text()            # 2 of 2 is not 差额
    dialog.roster.setCurrentText("张三")
    dialog.add_from_roster()
    assert dialog.warnings.text() == ""
    dialog.sort_strokes()
    assert dialog.names() == ["王小明", "李红", "张三"]       # 王 4 strokes, 李 7, 张 7 (横 before 折)
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    item = items_db.get_item(db, dialog.item_id)
    assert item["kind"] == "选举" and item["seats"] == 2
    candidates = items_db.candidates(db, dialog.item_id)
    assert [c["name"] for c in candidates] == ["王小明", "李红", "张三"]
    assert candidates[2]["deputy_id"] is not None and candidates[0]["deputy_id"] is None
    page.items.reload()
    assert page.items.table.item(0, 4).text() == "王小明、李红、张三"


def test_item_form_checks_a_field_when_left_and_shows_every_error_at_once(qtbot, db, page, term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    page.reload(session_id)
    dialog = ItemDialog(db, page.session, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.collected.text() == "未登记"
    dialog.issued.setValue(6)
    dialog.printed.setValue(5)
    dialog.printed.editingFinished.emit()                # Tab to the next field: no 保存 yet…
    assert dialog.form.shown_errors() == {}               # …the clash is said beside 发出票数, once it is left
    dialog.issued.editingFinished.emit()
    assert dialog.form.shown_errors() == {"issued": "发出票数 6 多于印制票数 5。"}

    dialog.code.clear()
    dialog.accept()
    errors = dialog.form.shown_errors()
    assert errors.keys() == {"code", "name", "issued"}, errors
    assert "事项编号不能为空" in errors["code"] and "事项名称不能为空" in errors["name"]
    assert dialog.result() != QDialog.Accepted and items_db.list_items(db, session_id) == []

    dialog.printed.setValue(6)
    dialog.printed.editingFinished.emit()
    assert "issued" not in dialog.form.shown_errors()     # put right: its message goes at once
    assert "code" in dialog.form.shown_errors()
    dialog.collected.setValue(5)
    dialog.code.setText("1")
    dialog.name.setText("关于政府工作报告的决议")
    dialog.kind.setCurrentText("表决")
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    item = items_db.get_item(db, dialog.item_id)
    assert (item["issued"], item["printed"], item["collected"]) == (6, 6, 5)
    page.items.reload()
    headers = [page.items.table.horizontalHeaderItem(c).text() for c in range(page.items.table.columnCount())]
    assert page.items.table.item(0, headers.index("收回")).text() == "5"


def test_item_form_edits_the_collected_count_and_warns_when_more_came_back_than_were_issued(qtbot, db, page,
                                                                                          term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    item_id = items_db.create_item(db, session_id, code="1", name="选举镇长", kind="选举", seats=1, issued=6,
                                   collected=6)
    items_db.set_candidates(db, item_id, ["张三", "李红"])
    page.reload(session_id)
    dialog = ItemDialog(db, page.session, items_db.get_item(db, item_id), parent=page)
    qtbot.addWidget(dialog)
    assert dialog.collected.value() == 6
    dialog.collected.setValue(7)
    assert "本次投票无效" in dialog.warnings.text()       # said, not refused: the vote is held again
    dialog.collected.setValue(dialog.collected.minimum())   # not counted after all: back to 未登记
    assert dialog.collected.text() == "未登记" and dialog.warnings.text() == ""
    dialog.accept()
    assert dialog.result() == QDialog.Accepted and items_db.get_item(db, item_id)["collected"] is None
    assert [c["name"] for c in items_db.candidates(db, item_id)] == ["张三", "李红"]


def test_item_form_puts_a_repeated_number_beside_the_number(qtbot, db, page, term_id):
    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    items_db.create_item(db, session_id, code="1", name="选举镇长", kind="选举", seats=1)
    page.reload(session_id)
    dialog = ItemDialog(db, page.session, parent=page)
    qtbot.addWidget(dialog)
    dialog.code.setText("1")
    dialog.name.setText("关于政府工作报告的决议")
    dialog.kind.setCurrentText("表决")
    dialog.accept()
    assert "已有编号为“1”" in dialog.form.error_text("code") and len(items_db.list_items(db, session_id)) == 1


def test_ballot_print_dialog_renders_numbered_ballots(qtbot, db, page, term_id, monkeypatch):
    import pypdf

    from desktop_app.ui import print_preview
    from desktop_app.ui.session.ballot_print import BallotPrintDialog

    session_id = sessions_db.create_session(db, term_id=term_id, number=1)
    item_id = items_db.create_item(db, session_id, code="1", name="选举镇长", kind="选举", seats=1)
    items_db.set_candidates(db, item_id, ["张三", "李红"])
    shown = []
    monkeypatch.setattr(print_preview, "preview_pdf", lambda path, *a, **k: shown.append(path))
    dialog = BallotPrintDialog(db, sessions_db.get_session(db, session_id), item_id, parent=page)
    qtbot.addWidget(dialog)
    dialog.paper.setCurrentText("A5")
    dialog.orientation.setCurrentIndex(1)
    dialog.copies.setValue(3)
    assert dialog.serials.text().startswith("选票编号 001 – 003")
    dialog.preview()
    reader = pypdf.PdfReader(shown[0])
    assert len(reader.pages) == 3
    assert "No. 003" in reader.pages[2].extract_text()
    item = items_db.get_item(db, item_id)
    assert item["printed"] == 3 and item["options"]["paper"] == "A5"


def test_print_preview_paints_every_pdf_page_at_the_pdf_paper_size(qtbot, tmp_path):
    import pypdf
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.reports.pdf.ballot_papers import BallotPaper, render_ballots
    from desktop_app.ui.print_preview import PdfPreviewDialog, load_pdf, match_page_layout, paint_pdf

    source = tmp_path / "ballots.pdf"
    render_ballots(BallotPaper(title="示范镇第十八届人民代表大会第三次会议", item_name="选举镇长",
                               candidates=["张三", "李四"], paper="A5", orientation="landscape", copies=2), source)
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    document = load_pdf(source)
    match_page_layout(printer, document)
    assert paint_pdf(document, printer) == 2
    printed = pypdf.PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == 2
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 419.5) < 2   # A5 landscape
    dialog = PdfPreviewDialog(source)
    qtbot.addWidget(dialog)
    assert dialog.info.text() == "共 2 页"
