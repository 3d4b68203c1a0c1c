"""What a clerk meets on 一人一档, 履职积分, 证书打印, 数据交换, 县级汇总 and 设置 in a new office or after a slip:
empty pages say what to do first, buttons that cannot work are off, and every odd state is explained."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.db import auto_backup, honors, settings, terms
from desktop_app.ops.changes import Area


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


# 一人一档 ------------------------------------------------------------------------------------------
def test_archive_of_a_new_office_says_to_create_a_term_first(ctx, qtbot):
    from desktop_app.ui.archive.page import ArchivePage

    page = _show(qtbot, ArchivePage(ctx))
    assert page.title.text() == "还没有代表档案"
    assert "届次与选区" in page.subtitle.text() and "代表名册" in page.subtitle.text()
    assert not page.export_button.isEnabled() and not page.tabs.isEnabled()


def test_archive_with_a_term_but_no_deputies_points_to_the_roster(ctx, qtbot):
    from desktop_app.ui.archive.page import ArchivePage

    terms.create_term(ctx.db, "第十九届", 19, "2026-10-01", "2031-09-30")
    page = _show(qtbot, ArchivePage(ctx))
    assert "本届还没有代表" in page.subtitle.text() and "代表名册" in page.subtitle.text()


def test_archive_controls_wake_up_once_deputies_exist(ctx, roster, qtbot):
    from desktop_app.ui.archive.page import ArchivePage

    page = _show(qtbot, ArchivePage(ctx))
    assert page.export_button.isEnabled() and page.tabs.isEnabled()
    assert page.title.text().startswith(page.list_model.row(0)["name"])


def test_a_honour_dated_outside_the_term_is_saved_and_the_clerk_is_told_why_it_is_not_listed(ctx, roster, qtbot):
    from desktop_app.ui.archive.page import ArchivePage

    page = _show(qtbot, ArchivePage(ctx))
    page.focus_record(roster["张三"])
    dialog = page.add_honor("荣誉")
    dialog.title_edit.setText("优秀人大代表")
    dialog.date_edit.setText("2019-05-01")     # before the term (2021-10-01 to 2026-09-30)
    dialog.accept()
    assert [h["title"] for h in honors.list_honors(ctx.db, roster["张三"])] == ["优秀人大代表"]
    assert page.honors_tab.model.rowCount() == 0
    assert "不在当前档案期间" in page.info_label.text() and "2021-10-01" in page.info_label.text()

    dialog = page.add_honor("荣誉")
    dialog.title_edit.setText("履职之星")
    dialog.date_edit.setText("2024-05-01")
    dialog.accept()
    assert page.info_label.text() == "已保存。可用 Ctrl+Z 撤销。"


def test_score_lines_of_sessions_and_report_backs_open_their_records(ctx, roster, qtbot):
    from desktop_app.db import report_backs
    from desktop_app.ui.archive.page import ArchivePage

    report_id = report_backs.add_report_back(ctx.db, roster["张三"], "2024-06-01", voters_present=20, satisfied=18)
    page = _show(qtbot, ArchivePage(ctx))
    page.focus_record(roster["张三"])
    page.scores_tab.set_rows([
        {"id": "a", "year": 2024, "item": "出席乡人代会", "count": 1, "points": 10,
         "records": [{"table": "sessions", "id": 7, "date": "2024-01-10", "label": "第五次会议"}]},
        {"id": "b", "year": 2024, "item": "向选民述职", "count": 1, "points": 4,
         "records": [{"table": "report_backs", "id": report_id, "date": "2024-06-01", "label": "述职"}]},
    ])
    with qtbot.waitSignal(ctx.events.navigate, timeout=1000) as blocker:
        page.open_score_line(0)
    assert blocker.args == ["session", 7]
    page.open_score_line(1)
    assert page.tabs.currentWidget() is page.report_backs_tab
    assert page.report_backs_tab.current_row()["id"] == report_id


# 履职积分 ------------------------------------------------------------------------------------------
def test_scoring_of_a_new_office_says_to_register_deputies_and_offers_no_adjustment(ctx, qtbot):
    from desktop_app.ui.scoring.page import ScoringPage

    page = _show(qtbot, ScoringPage(ctx))
    assert "还没有代表" in page.banner.text() and "代表名册" in page.banner.text()
    assert not page.adjust_action.isEnabled() and not page.freeze_action.isEnabled()


def test_a_year_without_scored_deputies_says_why(ctx, roster, qtbot):
    from desktop_app.ui.scoring.page import ScoringPage

    page = _show(qtbot, ScoringPage(ctx))
    page.set_year(2019)     # before the fixture's term
    assert page.model.rowCount() == 0
    assert "2019年度没有参加计分的代表" in page.banner.text() and "其他年度" in page.banner.text()
    assert not page.adjust_action.isEnabled()
    page.set_year(2024)
    assert page.model.rowCount() == 3 and page.adjust_action.isEnabled()


def test_the_grade_column_fits_beside_the_details_and_the_frozen_year_reads_whole(ctx, roster, qtbot):
    from desktop_app.db import scoring
    from desktop_app.ui.scoring.page import ScoringPage

    page = _show(qtbot, ScoringPage(ctx))
    page.resize(1100, 800)     # the page's room in a 1280-wide window, beside the sidebar
    qtbot.wait(10)
    page.set_year(2024)
    view = page.table.view
    grade = page.model.columnCount() - 1
    assert view.columnViewportPosition(grade) + view.columnWidth(grade) <= view.viewport().width()
    scoring.freeze_year(ctx.db, 2024, "王文书")
    ctx.announce(Area.SCORES)
    combo = page.year_combo
    assert combo.currentText() == "2024年（已冻结）"
    assert combo.sizeHint().width() > combo.fontMetrics().horizontalAdvance(combo.currentText())


# 证书打印 ------------------------------------------------------------------------------------------
def test_certificates_wait_for_someone_to_be_ticked(ctx, roster, qtbot):
    from desktop_app.ui.certificates.page import CertificatesPage

    page = _show(qtbot, CertificatesPage(ctx))
    assert not page.preview_button.isEnabled() and not page.save_button.isEnabled()
    assert page.calibrate_button.isEnabled()
    assert "请在左侧勾选要打印代表证的人员" in page.summary_label.text()
    page.choosers["deputy_card"].set_checked([roster["张三"]])
    assert page.preview_button.isEnabled() and page.save_button.isEnabled()
    assert page.summary_label.text() == "将打印 1 份代表证。"


def test_certificates_of_a_new_office_say_where_people_come_from(ctx, qtbot):
    from desktop_app.ui.certificates.page import CertificatesPage

    page = _show(qtbot, CertificatesPage(ctx))
    assert page.choosers["deputy_card"].empty_hint.isVisible()
    assert "代表名册" in page.choosers["deputy_card"].empty_hint.text()
    page.set_kind("election")
    hint = page.choosers["election"].hint
    assert hint.isVisible() and "计票" in hint.text()


# 数据交换 ------------------------------------------------------------------------------------------
@pytest.fixture
def exchange_page(ctx, qtbot):
    from desktop_app.ui.exchange.page import ExchangePage

    return _show(qtbot, ExchangePage(ctx))


def test_export_with_the_example_township_name_asks_first(ctx, roster, exchange_page, monkeypatch):
    asked, dialogs = [], []
    monkeypatch.setattr("desktop_app.ui.exchange.page.confirm", lambda parent, title, text: asked.append(text))
    monkeypatch.setattr("desktop_app.ui.exchange.page.QFileDialog.getSaveFileName",
                        lambda *a, **k: dialogs.append(a) or ("", ""))
    exchange_page.choose_export_path()
    assert asked and "示例名称" in asked[0] and "设置 → 常规" in asked[0]
    assert dialogs == [] and "设置 → 常规" in exchange_page.export_status.text()

    settings.put(ctx.db, "township_name", "东山镇")
    assert exchange_page.export_problem() is None


def test_export_of_an_office_without_deputies_warns_of_an_empty_package(ctx, exchange_page):
    settings.put(ctx.db, "township_name", "东山镇")
    assert "空的" in exchange_page.export_problem()


def test_importing_the_same_package_twice_says_there_is_nothing_to_import(ctx, roster, exchange_page, tmp_path,
                                                                          monkeypatch):
    settings.put(ctx.db, "township_name", "东山镇")
    path = exchange_page.export_to(tmp_path / "东山镇.zip")
    assert exchange_page.load_package(path)
    assert "没有需要导入的记录" in exchange_page.package_label.text()
    assert "T" not in exchange_page.package_label.text().split("导出于 ")[1][:20]
    # Nothing to write, but the package is new here: 导入 records it (an older one is refused after it).
    assert exchange_page.apply_button.isEnabled() and exchange_page.apply_with_confirmation() is not None
    assert exchange_page.load_package(path)
    assert not exchange_page.apply_button.isEnabled()
    assert "没有需要导入的记录" in exchange_page.package_label.text()


def test_a_damaged_package_says_what_to_do(ctx, exchange_page, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop_app.ui.exchange.page.show_error", lambda *a: None)
    bad = tmp_path / "坏包.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert not exchange_page.load_package(bad)
    text = exchange_page.package_label.text()
    assert "未通过校验" in text and "重新索取" in text and "zip" in text


# 县级汇总 ------------------------------------------------------------------------------------------
@pytest.fixture
def county_folder(ctx, roster, tmp_path):
    from desktop_app.exchange.package import build_package

    settings.put(ctx.db, "township_name", "东山镇")
    folder = tmp_path / "U盘" / "各乡镇"
    build_package(ctx.db, folder / "东山镇.zip", start="2021-10-01", end="2026-09-30")
    return folder


def test_county_folder_pulled_out_clears_the_figures_and_says_so(ctx, qtbot, county_folder, monkeypatch):
    from desktop_app.ui.county.page import CountyPage

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    page = _show(qtbot, CountyPage(ctx))
    assert page.load(county_folder) is not None and page.files.rowCount() == 1
    shutil.rmtree(county_folder)
    page.reload()
    assert page.view is None and page.files.rowCount() == 0 and page.tabs.count() == 0
    assert "现在找不到" in page.folder_label.text() and page.reload_button.isEnabled()
    assert not page.export_button.isEnabled()


def test_county_remembered_folder_missing_at_start_can_be_reloaded_once_back(ctx, qtbot, county_folder, tmp_path):
    from desktop_app.ui.county.page import CountyPage

    saved = tmp_path / "saved"
    shutil.copytree(county_folder, saved)
    settings.put(ctx.db, "county_folder", str(county_folder))
    shutil.rmtree(county_folder)
    page = _show(qtbot, CountyPage(ctx))
    assert "现在找不到" in page.folder_label.text() and page.reload_button.isEnabled()
    shutil.copytree(saved, county_folder)    # the USB drive is back
    page.reload()
    assert page.view is not None and page.files.rowCount() == 1 and page.missing_folder is None


def test_county_page_first_time_explains_where_packages_come_from(ctx, qtbot):
    from desktop_app.ui.county.page import CountyPage

    page = _show(qtbot, CountyPage(ctx))
    assert "“数据交换”页" in page.folder_label.text() and not page.reload_button.isEnabled()


# 设置 ----------------------------------------------------------------------------------------------
def test_general_settings_point_out_the_example_township_name(ctx, qtbot):
    from desktop_app.ui.settings.page import SettingsPage

    page = _show(qtbot, SettingsPage(ctx))
    assert "示例名称" in page.names_status.text()
    page.township_edit.setText("东山镇")
    page.county_edit.setText("平原县")
    assert page.save_names()
    assert page.names_status.text() == "已保存。"


def test_restore_dialog_says_when_the_backup_folder_is_unplugged(ctx, qtbot, tmp_path):
    from desktop_app.ui.restore_dialog import RestoreDialog

    usb = tmp_path / "usb" / "备份"
    usb.mkdir(parents=True)
    auto_backup.set_backup_folder(ctx.db, usb)
    shutil.rmtree(tmp_path / "usb")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    assert "现在找不到" in dialog.intro.text() and str(auto_backup.default_folder(ctx.db)) in dialog.intro.text()
