"""证书打印 page and 设置 → 打印校准: ticking deputies makes their cards, offsets are per printer and template."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.db import deputies, print_offsets
from desktop_app.reports.pdf.certificates import DEPUTY_CARD_TEMPLATE, HONOR_TEMPLATE, load_template, sheet_for


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def name_positions(page) -> dict[str, tuple[float, float]]:
    found = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and text.strip() not in found:
            found[text.strip()] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def shown(monkeypatch):
    from desktop_app.ui.certificates import output

    paths = []
    monkeypatch.setattr(output, "show_pdf", lambda parent, path, **kw: paths.append((path, kw)))
    return paths


@pytest.fixture
def page(qtbot, ctx, roster):
    from desktop_app.ui.certificates.page import CertificatesPage

    widget = CertificatesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


def tick(chooser, names: list[str]) -> None:
    """Click the check box of each named row through the view's model (as a user's click does)."""
    proxy = chooser.table.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() in names:
            assert proxy.setData(index, Qt.Checked, Qt.CheckStateRole)


def test_preview_of_two_ticked_deputies_uses_the_saved_offset(qtbot, ctx, page, shown):
    print_offsets.set_current_printer(ctx.db, "HP LaserJet")
    print_offsets.set_offset(ctx.db, "HP LaserJet", DEPUTY_CARD_TEMPLATE, 2, 1.5)
    page.reload()
    chooser = page.choosers["deputy_card"]
    assert page.kind() == "deputy_card"
    assert sorted(r["name"] for r in chooser.model.rows()) == sorted(["张三", "李四", "王五", "赵喆"])
    tick(chooser, ["张三", "李四"])
    assert page.summary_label.text() == "将打印 2 份代表证。"
    assert "HP LaserJet" in page.printer_label.text() and "向右 2 毫米" in page.printer_label.text()
    qtbot.mouseClick(page.preview_button, Qt.LeftButton)
    [(path, options)] = shown
    assert options["printer"] == "HP LaserJet"
    reader = PdfReader(path)
    assert len(reader.pages) == 1                                  # both cards on one A4 sheet
    template = load_template(DEPUTY_CARD_TEMPLATE)
    sheet = sheet_for(template)
    name = next(f for f in template["fields"] if f["key"] == "name")
    positions = name_positions(reader.pages[0])
    for slot, person in zip(sheet.slots, ["张三", "李四"]):   # roster order
        x, y = positions[person]
        assert x / mm == pytest.approx(slot[0] + name["x_mm"] + 2, abs=0.5)
        assert 297 - y / mm == pytest.approx(slot[1] + name["y_mm"] + 1.5, abs=0.5)
    text = flat(reader.pages[0].extract_text())
    assert "示范镇第十八届人民代表大会代表" in text and "第一选区" in text and "第二选区" in text
    assert "王五" not in text


def test_card_printer_mode_test_print_and_save(ctx, page, tmp_path):
    chooser = page.choosers["deputy_card"]
    tick(chooser, ["张三", "赵喆"])
    page.sheet_combo.setCurrentIndex(1)                             # 证卡打印机，每页一张
    page.background_check.setChecked(True)
    page.issuer_edit.setText("示范镇人大主席团")
    saved = page.save_pdf(tmp_path / "cards")
    assert saved == tmp_path / "cards.pdf"
    reader = PdfReader(saved)
    assert len(reader.pages) == 2
    assert float(reader.pages[0].mediabox.width) == pytest.approx(85.6 * mm, abs=0.1)
    first = flat(reader.pages[0].extract_text())
    assert "张三" in first and "证号" in first and "示范镇人大主席团" in first   # design printed on plain paper


def test_nothing_ticked_says_so(page, shown, monkeypatch):
    errors = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: errors.append(text))
    assert page.preview() is None
    assert shown == [] and "请先勾选要打印代表证的人员" in errors[0]


def test_names_no_font_has_are_warned_about_before_printing(ctx, roster, page, shown, monkeypatch):
    deputies.update_deputy(ctx.db, roster["李四"], {"name": "李\U000F0000"})
    page.reload()
    tick(page.choosers["deputy_card"], ["李\U000F0000"])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.No)
    assert page.preview() is None
    assert shown == [] and "\U000F0000" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Yes)
    assert page.preview() is not None and len(shown) == 1


def test_honor_certificates_from_recorded_honours_and_from_a_typed_title(ctx, roster, page, tmp_path):
    from desktop_app.db import honors

    honors.add_honor(ctx.db, roster["张三"], "荣誉", "优秀人大代表", "2025-12-28", issuer="示范镇人大主席团")
    honors.add_honor(ctx.db, roster["李四"], "处分", "警告", "2025-06-01")
    page.set_kind("honor")
    page.reload()
    chooser = page.choosers["honor"]
    assert [r["deputy_name"] for r in chooser.honor_model.rows()] == ["张三"]   # 处分 never gets a certificate
    tick(type("T", (), {"table": chooser.honor_table})(), ["张三"])
    out = PdfReader(page.save_pdf(tmp_path / "h.pdf"))
    assert "被评为2025年度“优秀人大代表”。" in flat(out.pages[0].extract_text())

    chooser.typed_radio.setChecked(True)
    chooser.title_edit.setText("履职先进个人")
    chooser.year_spin.setValue(2024)
    tick(chooser.deputies, ["李四", "赵喆"])
    assert page.summary_label.text() == "将打印 2 份荣誉证书。"
    out = PdfReader(page.save_pdf(tmp_path / "typed.pdf"))
    assert len(out.pages) == 2
    assert "李四同志：" in flat(out.pages[0].extract_text())
    assert "被评为2024年度“履职先进个人”。" in flat(out.pages[1].extract_text())


def test_calibration_page_has_the_certificate_paper_size(page, shown):
    page.set_kind("honor")
    path = page.print_calibration()
    box = PdfReader(path).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((297 * mm, 210 * mm), abs=0.1)


@pytest.fixture
def printing(qtbot, ctx, monkeypatch):
    from desktop_app.ui.settings import printing as module

    monkeypatch.setattr(module, "available_printers", lambda: ["HP LaserJet", "Evolis Primacy"])
    widget = module.PrintingSettings(ctx)
    qtbot.addWidget(widget)
    return widget


def test_settings_tab_saves_offsets_per_printer_and_template(ctx, printing):
    combo = printing.printer_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["默认打印机", "HP LaserJet", "Evolis Primacy"]
    combo.setCurrentIndex(1)
    assert print_offsets.current_printer(ctx.db) == "HP LaserJet"
    printing.template_combo.setCurrentIndex(printing.template_combo.findData(HONOR_TEMPLATE))
    printing.x_spin.setValue(1.5)
    printing.y_spin.setValue(-2)
    assert printing.save_offset()
    assert print_offsets.get_offset(ctx.db, "HP LaserJet", HONOR_TEMPLATE) == (1.5, -2.0)
    assert "HP LaserJet · 荣誉证书：向右 1.5，向下 -2 毫米" in printing.saved_label.text()

    combo.setCurrentIndex(2)                                      # another printer: its own (empty) offset
    assert (printing.x_spin.value(), printing.y_spin.value()) == (0, 0)
    combo.setCurrentIndex(1)
    assert (printing.x_spin.value(), printing.y_spin.value()) == (1.5, -2)
    printing.template_combo.setCurrentIndex(printing.template_combo.findData(DEPUTY_CARD_TEMPLATE))
    assert printing.x_spin.value() == 0


def test_settings_tab_computes_the_offset_from_the_measured_cross(ctx, printing, monkeypatch):
    from desktop_app.ui.certificates import output

    shown = []
    monkeypatch.setattr(output, "show_pdf", lambda parent, path, **kw: shown.append(path))
    printing.template_combo.setCurrentIndex(printing.template_combo.findData(DEPUTY_CARD_TEMPLATE))
    assert "105 毫米" in printing.nominal_label.text() and "148.5 毫米" in printing.nominal_label.text()
    printing.measured_x.setValue(106.5)                          # printed 1.5 mm too far right
    printing.measured_y.setValue(147.5)                          # and 1 mm too high
    assert printing.compute_from_measurement() == (-1.5, 1.0)
    assert printing.save_offset()
    assert print_offsets.get_offset(ctx.db, "默认打印机", DEPUTY_CARD_TEMPLATE) == (-1.5, 1.0)
    printing.single_check.setChecked(True)                       # card printer: the page is the card
    assert "85.6 × 54" in printing.nominal_label.text()
    cal = printing.print_calibration()
    assert float(PdfReader(cal).pages[0].mediabox.width) == pytest.approx(85.6 * mm, abs=0.1)
    test = printing.print_test()
    assert "张三" in flat(PdfReader(test).pages[0].extract_text())
    assert shown == [cal, test]


def test_tally_certificates_use_the_offset_of_the_chosen_printer(ctx):
    from desktop_app.ops.session_documents import certificate_offset, save_certificate_offset

    print_offsets.set_current_printer(ctx.db, "HP LaserJet")
    save_certificate_offset(ctx.db, 1.0, -0.5)
    assert print_offsets.get_offset(ctx.db, "HP LaserJet", print_offsets.ELECTION_TEMPLATE) == (1.0, -0.5)
    print_offsets.set_current_printer(ctx.db, "Evolis Primacy")
    assert certificate_offset(ctx.db) == (0.0, 0.0)
    print_offsets.set_offset(ctx.db, "Evolis Primacy", print_offsets.ELECTION_TEMPLATE, 3, 3)
    assert certificate_offset(ctx.db) == (3.0, 3.0)


def test_election_certificates_of_a_certified_item(ctx, page, tmp_path):
    from desktop_app.db import ballots, sessions, vote_items

    sid = sessions.create_session(ctx.db, term_id=None, number=1, name="第十八届人民代表大会第一次会议",
                                  total_deputies=9, total_reason="测试", start_date="2026-01-15")
    item = vote_items.create_item(ctx.db, sid, code="1", name="选举镇长", kind="选举", seats=1, issued=9, post="镇长")
    vote_items.set_candidates(ctx.db, item, ["欧阳䶮", "李四"])
    for serial in range(1, 8):
        ballots.add_ballot(ctx.db, item, serial=serial, marks="Y-" if serial % 3 else "-Y")
    page.set_kind("election")
    page.reload()
    chooser = page.choosers["election"]
    assert chooser.item_combo.count() == 0 and chooser.hint.isVisibleTo(page)   # not certified yet
    vote_items.certify(ctx.db, item, "总监票人")
    page.reload()
    assert chooser.item_combo.count() == 1
    assert [r["name"] for r in chooser.model.checked_rows()] == ["欧阳䶮"]
    print_offsets.set_offset(ctx.db, None, print_offsets.ELECTION_TEMPLATE, 0, 2)
    reader = PdfReader(page.save_pdf(tmp_path / "e.pdf"))
    text = flat(reader.pages[0].extract_text())
    assert "欧阳䶮同志：" in text
    assert "经示范镇第十八届人民代表大会第一次会议选举，当选为示范镇人民政府镇长。" in text
    [y] = [y for text, (_x, y) in name_positions(reader.pages[0]).items() if text.startswith("欧阳")]
    assert 210 - y / mm == pytest.approx(88 + 2, abs=0.5)


def test_keyboard_find_and_print(qtbot, page, shown):
    from PySide6.QtWidgets import QApplication

    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    chooser = page.choosers["deputy_card"]
    tick(chooser, ["张三"])
    chooser.table.view.setFocus()
    qtbot.keyClick(chooser.table.view, Qt.Key_F, Qt.ControlModifier)
    assert chooser.table.search.hasFocus()
    qtbot.keyClick(chooser.table.search, Qt.Key_P, Qt.ControlModifier)
    assert len(shown) == 1                          # Ctrl+P = 预览并打印
    assert "Ctrl+P" in page.preview_button.toolTip() and "Ctrl+E" in page.save_button.toolTip()
