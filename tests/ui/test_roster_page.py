"""The roster page as a clerk uses it: add through the form, edit, filter, delete, undo, status, import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop_app.db import deputies as deputies_db
from desktop_app.ui.roster.model import RosterModel
from desktop_app.ui.roster.page import RosterPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ctx, roster, qtbot):
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def shown(page) -> list[str]:
    return sorted(row["name"] for row in page.table.visible_rows())


def select(page, name: str) -> None:
    page.table.select_ids([next(r["id"] for r in page.model.rows() if r["name"] == name)])


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()


def test_roster_model_passes_qtmodeltester(qtmodeltester, ctx, roster):
    model = RosterModel(mask=True)
    model.set_rows(deputies_db.list_deputies(ctx.db, include_inactive=True))
    qtmodeltester.check(model, force_py=True)


def test_add_through_the_form_refuses_an_invalid_id_number(page, ctx, qtbot, make_id):
    before = deputies_db.count_deputies(ctx.db)
    dialog = page.new_deputy()
    dialog.name_edit.insert("孙䶮")   # QTest types ASCII only; an IME commits text like this
    good = make_id("330102", "19920214", "062")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")   # wrong check digit
    qtbot.keyClicks(dialog.id_edit, bad)
    qtbot.keyClicks(dialog.phone_edit, "1380013800")        # one digit short
    save(dialog)
    assert dialog.isVisible()
    errors = dialog.form.shown_errors()
    assert "校验" in errors["id_number"] or "身份" in errors["id_number"]
    assert "11 位" in errors["phone"]
    assert dialog.form.errors["id_number"].isVisibleTo(dialog)
    assert deputies_db.count_deputies(ctx.db) == before

    dialog.id_edit.clear()
    qtbot.keyClicks(dialog.id_edit, good.lower()[:-1] + good[-1].lower())
    dialog.id_edit.editingFinished.emit()
    assert dialog.birth_edit.text() == "1992-02-14"      # filled from the ID number
    assert dialog.gender_combo.currentData() == "女"
    dialog.phone_edit.setText("13800138001")
    save(dialog)
    assert not dialog.isVisible()
    added = deputies_db.find_by_id_number(ctx.db, good)
    assert added["name"] == "孙䶮" and added["birth_date"] == "1992-02-14"
    assert "孙䶮" in shown(page)
    assert page.table.count_label.text() == "显示 5 / 共 5 名"
    assert page.table.selected_ids() == [added["id"]]


def test_form_checks_a_field_when_the_clerk_leaves_it_and_shows_every_error_at_once(page, ctx, qtbot, make_id):
    dialog = page.new_deputy()
    good = make_id("330102", "19920214", "062")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    qtbot.keyClicks(dialog.id_edit, bad)
    dialog.id_edit.editingFinished.emit()               # Tab to the next field: no 保存 yet
    assert "校验" in dialog.form.error_text("id_number") or "身份" in dialog.form.error_text("id_number")
    assert "name" not in dialog.form.shown_errors()      # fields not visited yet say nothing

    qtbot.keyClicks(dialog.birth_edit, "1992-13-45")     # a date that is not one…
    qtbot.keyClicks(dialog.phone_edit, "1380013800")     # …no longer hides a phone one digit short
    save(dialog)
    errors = dialog.form.shown_errors()
    assert {"name", "id_number", "birth_date", "phone"} <= set(errors)

    dialog.id_edit.setText(good)
    dialog.id_edit.editingFinished.emit()
    assert "id_number" not in dialog.form.shown_errors()  # put right: its message goes at once
    assert "phone" in dialog.form.shown_errors()


def test_save_and_next_keeps_district_and_level_for_typing_a_roster(page, ctx, qtbot):
    dialog = page.new_deputy()
    district = dialog.district_combo.itemData(1)
    dialog.district_combo.setCurrentIndex(1)
    assert dialog.save_and_next() is False                       # no name: the message stays beside it
    assert "name" in dialog.form.shown_errors()
    for name in ("钱七", "孙八"):
        dialog.name_edit.insert(name)
        dialog.phone_edit.setText("13900001111")
        assert dialog.save_and_next() is True
        assert dialog.isVisible() and dialog.name_edit.text() == "" and dialog.phone_edit.text() == ""
        assert dialog.district_combo.currentData() == district and dialog.level_combo.currentData() == "乡"
    assert "已保存 2 位" in dialog.windowTitle() and "孙八" in dialog.windowTitle()
    added = {d["name"]: d for d in deputies_db.list_deputies(ctx.db) if d["name"] in ("钱七", "孙八")}
    assert {d["district_id"] for d in added.values()} == {district}
    ctx.undo_stack.undo()                                        # each deputy is its own undo step
    assert [d["name"] for d in deputies_db.list_deputies(ctx.db) if d["name"] in ("钱七", "孙八")] == ["钱七"]


def test_form_refuses_a_duplicate_id_number_with_the_message_beside_the_field(page, ctx, qtbot, roster):
    existing = deputies_db.get_deputy(ctx.db, roster["张三"])
    dialog = page.new_deputy()
    dialog.name_edit.insert("张叁")
    dialog.id_edit.setText(existing["id_number"])
    save(dialog)
    assert dialog.isVisible()
    assert "重复" in dialog.form.shown_errors()["id_number"]


def test_edit_changes_the_row_and_undo_redo_it(page, ctx, qtbot, roster):
    select(page, "李四")
    dialog = page.edit_current()
    assert dialog.name_edit.text() == "李四"
    dialog.work_edit.setText("示范镇中心小学")
    dialog.post_edit.setText("校长")
    save(dialog)
    assert not dialog.isVisible()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["work_unit"] == "示范镇中心小学"
    column = page.model.column_of("work")
    row = page.model.row_of_id(roster["李四"])
    assert page.model.display_text(row, column) == "示范镇中心小学校长"
    ctx.undo_stack.undo()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["work_unit"] is None
    ctx.undo_stack.redo()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["post"] == "校长"


def test_filter_by_initials_and_by_level_combo(page, qtbot):
    assert page.table.count_label.text() == "显示 4 / 共 4 名"
    qtbot.keyClicks(page.search, "zs")
    assert shown(page) == ["张三"]
    assert page.table.count_label.text() == "显示 1 / 共 4 名"
    page.search.clear()
    page.level_combo.set_value("县")
    assert shown(page) == ["王五"]
    assert page.table.count_label.text() == "显示 1 / 共 4 名"
    page.level_combo.set_value("乡")
    page.search.insert("第二选区")
    assert shown(page) == ["李四", "赵喆"]
    page.group_combo.set_value("第一代表小组")
    assert shown(page) == []
    page.search.clear()
    page.level_combo.set_value(None)
    assert shown(page) == ["张三", "王五"]


def test_delete_asks_first_then_undo_restores_and_redo_removes(page, ctx, qtbot, monkeypatch, roster):
    select(page, "王五")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    assert page.delete_selected() is False
    assert "王五" in shown(page)

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes)
    page.table.view.setFocus()
    select(page, "王五")
    qtbot.keyClick(page.table.view, Qt.Key_Delete)
    assert "王五" in asked[0]
    assert "王五" not in shown(page)
    assert page.table.count_label.text() == "显示 3 / 共 3 名"
    assert deputies_db.get_deputy(ctx.db, roster["王五"])["deleted_at"] is not None

    ctx.undo_stack.undo()
    assert "王五" in shown(page)
    assert deputies_db.get_deputy(ctx.db, roster["王五"])["deleted_at"] is None
    ctx.undo_stack.redo()
    assert "王五" not in shown(page)
    assert page.table.count_label.text() == "显示 3 / 共 3 名"


def test_status_change_hides_the_deputy_keeps_history_and_undoes(page, ctx, qtbot, roster):
    select(page, "李四")
    dialog = page.change_status()
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("辞职"))
    dialog.date_edit.setText("2025年6月1日")
    dialog.reason_edit.insert("工作调动")
    save(dialog)
    assert not dialog.isVisible()
    assert "李四" not in shown(page)
    page.show_inactive.setChecked(True)
    assert "李四" in shown(page)
    row = page.model.row_of_id(roster["李四"])
    assert page.model.display_text(row, page.model.column_of("status")) == "辞职（2025-06-01）"
    history = deputies_db.status_history(ctx.db, roster["李四"])
    assert [(h["status"], h["date"], h["reason"]) for h in history] == [("辞职", "2025-06-01", "工作调动")]

    select(page, "李四")
    edit = page.edit_current()
    assert "辞职" in edit.status_label.text()
    assert "工作调动" in edit.history_list.item(0).text()
    edit.reject()

    page.show_inactive.setChecked(False)
    ctx.undo_stack.undo()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["status"] == "在任"
    assert "李四" in shown(page)


def test_status_filter_combo_shows_former_deputies(page, ctx, roster):
    deputies_db.change_status(ctx.db, roster["赵喆"], "调离", "2024-01-02", "调往县城")
    page.reload()
    assert "赵喆" not in shown(page)
    page.status_combo.set_value("调离")
    assert page.show_inactive.isChecked()
    assert shown(page) == ["赵喆"]


def test_keyboard_new_and_find(page, qtbot):
    page.table.view.setFocus()
    qtbot.keyClick(page.table.view, Qt.Key_N, Qt.ControlModifier)
    assert page.dialog is not None and page.dialog.windowTitle() == "新增代表"
    page.dialog.reject()
    qtbot.keyClick(page.table.view, Qt.Key_F, Qt.ControlModifier)
    assert page.search.hasFocus()


def test_ids_and_phones_masked_in_the_table(page, ctx, roster):
    row = page.model.row_of_id(roster["张三"])
    id_text = page.model.display_text(row, page.model.column_of("id_number"))
    phone_text = page.model.display_text(row, page.model.column_of("phone"))
    assert id_text == "*" * 14 + "0114" and "330102" not in id_text   # the last four only (F4)
    assert page.model.display_text(row, page.model.column_of("birth_date")) == "1980"   # beside it, the year
    assert phone_text == "138****8000"


def _workbook(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "民族", "公民身份号码", "政治面貌", "代表层级", "选区"])
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    wb.save(path)


def test_import_preview_blocks_errors_until_skipped_and_undoes(page, ctx, tmp_path, make_id):
    pytest.importorskip("desktop_app.reports.excel.roster_import")
    path = tmp_path / "名册.xlsx"
    _workbook(path, [
        ["钱七", "男", "汉族", make_id("330102", "19750101", "071"), "中共党员", "乡", "第一选区"],
        ["孙八", "女", "汉族", "330102197501010000", "群众", "乡", "第一选区"],   # bad check digit
    ])
    dialog = page.import_excel(str(path))
    assert dialog is not None
    assert not dialog.import_button.isEnabled()
    problems = [r["problems"] for r in dialog.model.rows() if r["action"] == "error"]
    assert len(problems) == 1 and "第 3 行" in problems[0]
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert "钱七" in shown(page) and "孙八" not in shown(page)
    assert "Ctrl+Z 撤销这次导入" in page.info_label.text()
    ctx.undo_stack.undo()
    assert "钱七" not in shown(page)
    # The info line no longer offers to undo an import that is undone.
    assert page.info_label.text().startswith("已撤销") and "Ctrl+Y" in page.info_label.text()
    ctx.undo_stack.redo()
    assert "钱七" in shown(page)
    assert page.info_label.text().startswith("已重做")


@pytest.mark.parametrize("action, suffix", [
    ("export_excel", ".xlsx"), ("export_pdf", ".pdf"), ("stats_pdf", ".pdf"), ("stats_xlsx", ".xlsx"),
])
def test_toolbar_exports_write_the_chosen_file(page, tmp_path, monkeypatch, action, suffix):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / f"out{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    run = {"export_excel": page.export_excel, "export_pdf": page.export_pdf,
           "stats_pdf": lambda: page.export_statistics("pdf"), "stats_xlsx": lambda: page.export_statistics("xlsx")}
    assert run[action]() == target
    assert target.exists() and target.stat().st_size > 1000
    assert str(target) in page.info_label.text()
    if action == "export_excel":
        from openpyxl import load_workbook

        cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
        assert "赵喆" in cells and "13800138000" not in cells   # masked as on screen
    if action == "export_pdf":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(target).pages)
        assert "张三" in text and "赵喆" in text


def test_photo_is_chosen_saved_shown_again_and_undone(page, ctx, qtbot, roster, tmp_path):
    from PySide6.QtGui import QColor, QImage

    image = QImage(1200, 1600, QImage.Format_RGB32)
    image.fill(QColor("steelblue"))
    source = tmp_path / "photo.png"
    image.save(str(source))
    select(page, "李四")
    dialog = page.edit_current()
    assert dialog.photo_field.data is None
    assert dialog.photo_field.load_file(source)
    save(dialog)
    stored = deputies_db.get_deputy(ctx.db, roster["李四"])["photo"]
    assert stored and stored[:2] == b"\xff\xd8"          # scaled down to a JPEG
    assert QImage.fromData(stored).height() == 600
    again = page.edit_current()
    assert again.photo_field.data == stored and not again.photo_field.was_changed
    again.reject()
    ctx.undo_stack.undo()
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["photo"] is None


def test_unreadable_photo_file_is_refused_beside_the_field(page, roster, tmp_path):
    bad = tmp_path / "not-an-image.jpg"
    bad.write_text("hello", encoding="utf-8")
    select(page, "李四")
    dialog = page.edit_current()
    assert not dialog.photo_field.load_file(bad)
    assert "无法读取图片" in dialog.photo_field.error.text()
    dialog.reject()


def test_the_preview_exports_the_refused_rows_for_correcting(page, tmp_path, make_id, monkeypatch):
    from openpyxl import load_workbook

    from desktop_app.ui.roster import import_dialog

    path = tmp_path / "名册.xlsx"
    _workbook(path, [
        ["钱七", "男", "汉族", make_id("330102", "19750101", "071"), "中共党员", "乡", "第一选区"],
        ["孙八", "女", "汉族", "330102197501010000", "群众", "乡", "第一选区"],   # bad check digit
    ])
    dialog = page.import_excel(str(path))
    assert not dialog.errors_button.isHidden()
    target = tmp_path / "错误行"
    monkeypatch.setattr(import_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.errors_button.click()
    ws = load_workbook(tmp_path / "错误行.xlsx")["代表名册"]
    assert ws.max_row == 2 and ws["A2"].value == 3 and ws["B2"].value == "孙八"
    assert ws.cell(row=1, column=ws.max_column).value == "错误原因"
    assert "公民身份号码" in ws.cell(row=2, column=ws.max_column).value
    assert "已把 1 行有错误的数据" in dialog.summary_label.text()
