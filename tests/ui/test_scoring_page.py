"""履职积分 page and 积分规则 settings: click a score, see the records behind it, follow them; adjust, freeze."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "db"))
from scoring_samples import YEAR, build_scoring  # noqa: E402

from desktop_app.db import scoring  # noqa: E402
from desktop_app.ui.scoring.page import RECORD_ROLE, ScoringPage  # noqa: E402
from desktop_app.ui.settings.scoring import ScoringSettings  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def town(ctx):
    return build_scoring(ctx.db)


@pytest.fixture
def page(ctx, town, qtbot):
    widget = ScoringPage(ctx)
    qtbot.addWidget(widget)
    widget.set_year(YEAR)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _click_total(page, qtbot, name):
    view = page.table.view
    column = page.model.column_of("total")
    row = next(r for r in range(page.table.proxy.rowCount())
               if page.table.proxy.index(r, page.model.column_of("name")).data() == name)
    index = page.table.proxy.index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    return index.data()


def _line(page, item_text):
    tree = page.tree
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == item_text)


def test_click_a_score_shows_its_records_and_follows_them(page, town, qtbot, ctx):
    assert page.model.rowCount() == 8
    assert _click_total(page, qtbot, "王喆") == "88"
    assert "王喆" in page.detail_title.text() and "总分 88" in page.detail_title.text()
    group_line = _line(page, "参加小组活动")
    assert (group_line.text(1), group_line.text(4)) == ("6", "10（封顶）")
    records = [group_line.child(i).data(0, RECORD_ROLE) for i in range(group_line.childCount())]
    assert [r["id"] for r in records] == town["group"]
    assert "小组活动：第1次小组活动" in group_line.child(0).text(0)

    child = group_line.child(2)
    page.tree.scrollToItem(child)
    where = page.tree.visualItemRect(child).center()
    qtbot.mouseClick(page.tree.viewport(), Qt.LeftButton, pos=where)     # a double-click starts with a press
    with qtbot.waitSignal(ctx.events.navigate, timeout=1000) as blocker:
        qtbot.mouseDClick(page.tree.viewport(), Qt.LeftButton, pos=where)
    assert blocker.args == ["activities", town["group"][2]]

    report = _line(page, "向选民述职").child(0)
    with qtbot.waitSignal(ctx.events.navigate, timeout=1000) as blocker:
        page.open_record(report)
    assert blocker.args == ["archive", town["deputies"][0]]
    with qtbot.waitSignal(ctx.events.navigate, timeout=1000) as blocker:
        qtbot.mouseClick(page.archive_button, Qt.LeftButton)
    assert blocker.args == ["archive", town["deputies"][0]]


def test_ties_share_a_rank_and_grade_filter(page):
    ranks = {row["name"]: row["rank"] for row in page.model.rows()}
    assert ranks["王喆"] == ranks["刘芳"] == 1 and ranks["张伟"] == 3
    page.grade_combo.set_value("称职")
    assert sorted(r["name"] for r in page.table.visible_rows()) == sorted(["王喆", "刘芳"])


def test_adjustment_needs_a_reason_then_changes_the_total(page, qtbot, town):
    _click_total(page, qtbot, "刘芳")
    dialog = page.add_adjustment()
    dialog.points_edit.setValue(3)
    dialog.made_by_edit.setText("陈主任")
    dialog.accept()
    assert dialog.isVisible() and "理由" in dialog.form.errors["reason"].text()
    dialog.reason_edit.setPlainText("带头化解邻里纠纷")
    dialog.accept()
    assert not dialog.isVisible()
    row = next(r for r in page.model.rows() if r["name"] == "刘芳")
    assert (row["adjusted"], row["total"], row["grade"], row["rank"]) == (3, 91, "优秀", 1)
    free = _line(page, "手工加减分")
    assert "带头化解邻里纠纷" in free.child(0).text(0)


def test_freeze_and_unfreeze_from_the_page(page, qtbot, ctx, town):
    dialog = page.freeze()
    dialog.by_edit.setText("")
    dialog.accept()
    assert dialog.isVisible()
    dialog.by_edit.setText("王主席")
    dialog.accept()
    assert scoring.is_frozen(ctx.db, YEAR)
    assert "审核冻结" in page.banner.text() and "王主席" in page.banner.text()
    assert not page.adjust_action.isEnabled() and page.unfreeze_action.isEnabled()
    undo = page.unfreeze()
    undo.accept()
    assert undo.isVisible() and scoring.is_frozen(ctx.db, YEAR)
    undo.reason_edit.setPlainText("补录培训记录")
    undo.accept()
    assert not scoring.is_frozen(ctx.db, YEAR) and page.adjust_action.isEnabled()


def test_excel_export_from_the_page(page, tmp_path):
    path = page.export("export_scores", ".xlsx", "积分排名表", tmp_path / "rank.xlsx")
    from openpyxl import load_workbook

    assert load_workbook(path).active["B4"].value in ("王喆", "刘芳")
    assert "已导出" in page.info_label.text()


def test_settings_rules_and_bands(ctx, town, qtbot):
    tab = ScoringSettings(ctx)
    qtbot.addWidget(tab)
    tab.year_spin.setValue(YEAR)
    items = [r["item"] for r in tab.model.rows()]
    assert items[0] == "基础分" and "接待选民日" in items
    assert "合计 100 分" in tab.total_label.text()
    dialog = tab.add_rule()
    dialog.item_edit.setText("参加视察")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("视察"))
    dialog.points_edit.setValue(1)
    dialog.cap_edit.setText("很多")
    dialog.accept()
    assert dialog.isVisible() and "上限" in dialog.form.errors["cap"].text()
    dialog.cap_edit.setText("3")
    dialog.accept()
    assert not dialog.isVisible()
    assert tab.model.rows()[-1]["item"] == "参加视察"
    assert next(r for r in scoring.annual_scores(ctx.db, YEAR) if r["name"] == "王喆")["total"] == 89

    tab.year_spin.setValue(YEAR + 1)     # a new year starts from a copy of 2026's rules
    assert [r["item"] for r in tab.model.rows()][-1] == "参加视察"

    tab.bands_table.item(0, 1).setText("九十")
    assert not tab.save_bands() and "不是数字" in tab.bands_status.text()
    tab.bands_table.item(0, 1).setText("85")
    assert tab.save_bands()
    assert scoring.grade_bands(ctx.db)[0] == ("优秀", 85)
