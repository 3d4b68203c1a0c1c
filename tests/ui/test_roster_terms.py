"""代表名册 and 届次: the offer to create one before adding or importing, the form's 届次, and 补登届次."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.db import audit
from desktop_app.db import deputies as deputies_db
from desktop_app.db import terms as terms_db
from desktop_app.ui.roster import term_offer
from desktop_app.ui.roster.page import RosterPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ctx, qtbot):
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def answer(monkeypatch, text: str | None):
    """The 新建届次 question answered with ``text`` (None: 取消); returns the questions asked."""
    asked = []

    def get_text(parent, title, label, text_mode=None, text="", *args, **kwargs):
        asked.append((title, label, text))
        return (answer_text if answer_text is not None else "", answer_text is not None)

    answer_text = text
    monkeypatch.setattr(term_offer.QInputDialog, "getText", staticmethod(get_text))
    return asked


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()


def test_new_deputy_without_a_term_offers_to_create_one(page, ctx, monkeypatch):
    asked = answer(monkeypatch, None)
    assert page.new_deputy() is None          # 取消: no form, nothing stored without a 届次
    assert "新增代表之前需要先有届次" in asked[0][1]
    assert terms_db.list_terms(ctx.db) == []

    answer(monkeypatch, "第十九届")
    dialog = page.new_deputy()
    assert dialog is not None
    term = terms_db.current_term(ctx.db)
    assert term["name"] == "第十九届" and term["number"] == 19
    assert dialog.term_combo.currentText() == "第十九届"
    dialog.name_edit.setText("孙丽")
    save(dialog)
    assert deputies_db.list_deputies(ctx.db)[0]["term_name"] == "第十九届"


def test_import_without_a_term_suggests_the_one_in_the_title(page, ctx, monkeypatch, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["示范镇第十八届人民代表大会代表名册"])
    wb.active.append(["姓名", "性别"])
    wb.active.append(["张伟", "男"])
    wb.save(tmp_path / "名册.xlsx")
    asked = answer(monkeypatch, "第十八届")
    dialog = page.import_excel(str(tmp_path / "名册.xlsx"))
    assert asked[0][2] == "第十八届" and "名册标题写的是“第十八届”" in asked[0][1]
    assert dialog is not None and terms_db.current_term(ctx.db)["name"] == "第十八届"
    dialog.accept()
    assert [d["term_name"] for d in deputies_db.list_deputies(ctx.db)] == ["第十八届"]


def test_the_form_moves_a_deputy_to_another_term(page, ctx, roster):
    later = terms_db.create_term(ctx.db, "第十九届", 19, is_current=False)
    page.reload()
    page.table.select_ids([roster["李四"]])
    dialog = page.edit_current()
    assert dialog.term_combo.currentText() == "第十八届"
    assert dialog.district_combo.currentText() == "第二选区"
    dialog.term_combo.setCurrentIndex(dialog.term_combo.findData(later))
    assert dialog.district_combo.currentText() == "（未分配）"   # the old term's districts are not offered
    save(dialog)
    assert deputies_db.get_deputy(ctx.db, roster["李四"])["term_id"] == later


def test_repair_dialog_assigns_termless_deputies_to_the_confirmed_term(page, ctx, qtbot):
    # Two deputies added before any 届次 existed (as older versions allowed), then the terms.
    first = deputies_db.insert_deputy(ctx.db, {"name": "孙丽", "level": "乡"})
    second = deputies_db.insert_deputy(ctx.db, {"name": "周强", "level": "乡"})
    terms_db.create_term(ctx.db, "第十八届", 18, is_current=False)
    current = terms_db.create_term(ctx.db, "第十九届", 19, is_current=True)
    page.reload()
    assert page.termless_label.isVisible()
    assert page.termless_label.text().startswith("有 2 名代表没有届次")

    dialog = page.repair_terms()
    qtbot.waitExposed(dialog)
    assert dialog.deputy_list.count() == 2
    assert dialog.term_combo.currentData() == current            # default: the current term
    assert dialog.term_combo.currentText() == "第十九届（当前届次）"
    dialog.deputy_list.item(1).setCheckState(Qt.Unchecked)        # the clerk keeps 周强 for later
    save(dialog)
    assert not dialog.isVisible()
    assert deputies_db.get_deputy(ctx.db, first)["term_id"] == current
    assert deputies_db.get_deputy(ctx.db, second)["term_id"] is None
    entry = audit.entries(ctx.db)[-1]
    assert entry["action"] == "补登届次" and "孙丽" in page.info_label.text()
    qtbot.waitUntil(lambda: page.termless_label.text().startswith("有 1 名代表没有届次"))

    dialog = page.repair_terms()
    dialog.term_combo.setCurrentIndex(dialog.term_combo.findText("第十八届"))
    save(dialog)
    assert deputies_db.get_deputy(ctx.db, second)["term_id"] == terms_db.list_terms(ctx.db)[1]["id"]
    qtbot.waitUntil(lambda: not page.termless_label.isVisible())
    assert deputies_db.termless_deputies(ctx.db) == []


def test_repair_dialog_with_nothing_to_repair_says_so(page, ctx, roster):
    dialog = page.repair_terms()
    assert "无需补登" in dialog.note.text()
    assert not dialog.buttons.button(QDialogButtonBox.Save).isEnabled()
