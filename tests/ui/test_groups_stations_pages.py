"""Groups, stations and districts pages: create, edit, members/served groups, refusals shown to the clerk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop_app.db import districts as districts_db
from desktop_app.db import groups as groups_db
from desktop_app.db import stations as stations_db
from desktop_app.db import terms as terms_db
from desktop_app.ui.districts.page import DistrictsPage
from desktop_app.ui.groups.page import GroupsPage
from desktop_app.ui.stations.page import StationsPage

pytestmark = pytest.mark.gui


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.Save).click()


def test_groups_page_lists_members_and_sets_them_from_a_checklist(ctx, roster, qtbot):
    page = _show(qtbot, GroupsPage(ctx))
    assert page.table.count_label.text() == "显示 1 / 共 1 个小组"
    assert "召集人：张三" in page.members_title.text()
    assert sorted(r["name"] for r in page.members_model.rows()) == ["张三", "王五"]

    dialog = page.edit_members()
    dialog.search.setText("zz")                       # pinyin initials of 赵喆
    visible = [dialog.list.item(i).text() for i in range(dialog.list.count()) if not dialog.list.item(i).isHidden()]
    assert len(visible) == 1 and visible[0].startswith("赵喆")
    dialog._set_shown(Qt.Checked)
    assert dialog.count_label.text() == "已选 3 人"
    dialog.accept()
    group_id = page.table.current_row()["id"]
    assert sorted(groups_db.member_ids(ctx.db, group_id)) == sorted([roster["张三"], roster["王五"], roster["赵喆"]])
    assert page.model.row(0)["member_count"] == 3
    assert "成员 3 名" in page.members_title.text()


def test_groups_page_creates_refuses_duplicates_and_deletes(ctx, roster, qtbot, monkeypatch):
    page = _show(qtbot, GroupsPage(ctx))
    dialog = page.new_group()
    save(dialog)
    assert "小组名称" in dialog.form.shown_errors()["name"]
    dialog.name_edit.setText("第一代表小组")
    save(dialog)
    assert "已有" in dialog.form.shown_errors()["name"]
    dialog.name_edit.setText("农业专业代表小组")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("专业代表小组"))
    dialog.convener_combo.setCurrentIndex(dialog.convener_combo.findData(roster["李四"]))
    save(dialog)
    assert not dialog.isVisible()
    names = sorted(r["name"] for r in page.model.rows())
    assert names == ["农业专业代表小组", "第一代表小组"]
    created = next(g for g in groups_db.list_groups(ctx.db) if g["name"] == "农业专业代表小组")
    assert created["convener_name"] == "李四" and created["member_count"] == 1

    page.kind_combo.set_value("专业代表小组")
    assert [r["name"] for r in page.table.visible_rows()] == ["农业专业代表小组"]
    page.table.select_ids([created["id"]])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert page.delete_current()
    assert [g["name"] for g in groups_db.list_groups(ctx.db)] == ["第一代表小组"]


def test_stations_page_shows_the_tree_and_served_groups(ctx, roster, qtbot):
    home = stations_db.create_station(ctx.db, "示范镇人大代表之家", "代表之家", address="示范镇政府一楼",
                                      open_days="每周一", phone="13800138000")
    page = _show(qtbot, StationsPage(ctx))
    dialog = page.new_station()
    dialog.name_edit.setText("东山村联络站")
    dialog.phone_edit.setText("12345")
    save(dialog)
    assert "电话" in dialog.form.shown_errors()["phone"]
    dialog.phone_edit.setText("0571-88886666")
    dialog.open_days_edit.setText("每月9日、19日")
    assert dialog.parent_combo.currentData() == home
    save(dialog)
    assert not dialog.isVisible()
    texts = page.item_texts()
    assert texts[0][0] == "示范镇人大代表之家" and texts[0][5] == "138****8000"
    assert texts[1][:4] == ["东山村联络站", "联络站", "", "每月9日、19日"]
    assert page.tree.topLevelItem(0).child(0).text(0) == "东山村联络站"
    assert page.count_label.text() == "代表之家 1 个，联络站 1 个"

    page.select_station(dialog.result_value)
    groups_dialog = page.edit_groups()
    groups_dialog.set_checked([groups_db.list_groups(ctx.db)[0]["id"]])
    groups_dialog.accept()
    assert page.item_texts()[1][6] == "第一代表小组"


def test_districts_page_creates_terms_and_districts_and_refuses_deleting_a_used_one(ctx, roster, qtbot, monkeypatch):
    page = _show(qtbot, DistrictsPage(ctx))
    assert page.terms_table.current_row()["name"] == "第十八届"
    assert sorted(r["name"] for r in page.districts_model.rows()) == ["第一选区", "第二选区"]
    counts = {r["name"]: r["deputy_count"] for r in page.districts_model.rows()}
    assert counts == {"第一选区": 2, "第二选区": 2}

    dialog = page.new_district()
    dialog.name_edit.setText("第三选区")
    dialog.area_edit.setText("东山村、西山村")
    dialog.seats_spin.setValue(3)
    save(dialog)
    assert not dialog.isVisible()
    assert "第三选区" in [r["name"] for r in page.districts_model.rows()]

    shown = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    page.districts_table.select_ids([next(r["id"] for r in page.districts_model.rows() if r["name"] == "第一选区")])
    assert page.delete_district() is False
    assert "还有 2 名代表" in shown[0]

    term = page.new_term()
    term.name_edit.setText("第十九届")
    term.number_spin.setValue(19)
    term.start_edit.setText("2026-10-01")
    term.end_edit.setText("2026-09-30")
    save(term)
    assert "早于" in term.form.shown_errors()["end_date"]
    term.end_edit.setText("2031-09-30")
    save(term)
    assert not term.isVisible()
    assert terms_db.current_term(ctx.db)["name"] == "第十九届"
    assert [r["name"] for r in page.terms_model.rows()] == ["第十九届", "第十八届"]
    assert districts_db.list_districts(ctx.db, terms_db.current_term(ctx.db)["id"]) == []
