"""The reusable table model, filter proxy, filter table, date field and validated form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.widgets.dates import DateError, parse_date
from desktop_app.ui.widgets.field_errors import ValidatedForm
from desktop_app.ui.widgets.filter_table import FilterTable
from desktop_app.ui.widgets.table_model import Column, RowTableModel

pytestmark = pytest.mark.gui

ROWS = [
    {"id": 1, "name": "张三", "initials": "zs", "level": "乡", "groups": "第一小组、农业专业组", "n": 3},
    {"id": 2, "name": "李四", "initials": "ls", "level": "县", "groups": "第二小组", "n": 12},
    {"id": 3, "name": "王五", "initials": "ww", "level": "乡", "groups": "第一小组", "n": 1},
    {"id": 4, "name": "张三丰", "initials": "zsf", "level": "市", "groups": "", "n": None},
]


class InitialsModel(RowTableModel):
    def extra_search_text(self, row):
        return row["initials"]


def make_model():
    model = InitialsModel([
        Column("name", "姓名"),
        Column("level", "层级"),
        Column("groups", "小组", filter_values=lambda r: tuple((r["groups"] or "").split("、"))),
        Column("n", "次数", numeric=True),
    ])
    model.set_rows(ROWS)
    return model


def shown_names(table: FilterTable) -> list[str]:
    return [row["name"] for row in table.visible_rows()]


def test_model_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(make_model(), force_py=True)


def test_text_filter_matches_any_column_and_initials(qtbot):
    table = FilterTable(make_model())
    qtbot.addWidget(table)
    assert table.count_label.text() == "显示 4 / 共 4 条"
    qtbot.keyClicks(table.search, "zs")
    assert sorted(shown_names(table)) == ["张三", "张三丰"]
    assert table.count_label.text() == "显示 2 / 共 4 条"
    table.search.setText("二小组")
    assert shown_names(table) == ["李四"]
    table.search.setText("ｚｓｆ")   # full-width letters typed through an IME
    assert shown_names(table) == ["张三丰"]
    table.search.setText("张 乡")     # every word must match somewhere in the row
    assert shown_names(table) == ["张三"]


def test_column_combo_filters_exact_values_including_multi_valued(qtbot):
    table = FilterTable(make_model())
    qtbot.addWidget(table)
    level = table.add_column_combo("level", "全部层级", ["全国", "省", "市", "县", "乡"])
    group = table.add_column_combo("groups", "全部小组", ["第一小组", "第二小组", "农业专业组"])
    level.set_value("乡")
    assert sorted(shown_names(table)) == ["张三", "王五"]
    group.set_value("农业专业组")
    assert shown_names(table) == ["张三"]
    assert table.count_label.text() == "显示 1 / 共 4 条"
    level.set_value(None)
    group.set_value("第一小组")
    assert sorted(shown_names(table)) == ["张三", "王五"]


def test_sorting_is_done_by_the_source_and_keeps_the_selection(qtbot):
    table = FilterTable(make_model())
    qtbot.addWidget(table)
    table.select_ids([2])
    table.view.sortByColumn(3, Qt.DescendingOrder)
    assert [r["n"] for r in table.visible_rows()] == [12, 3, 1, None]
    table.view.sortByColumn(3, Qt.AscendingOrder)
    assert [r["n"] for r in table.visible_rows()] == [None, 1, 3, 12]
    assert table.selected_ids() == [2]
    table.search.setText("z")
    table.view.sortByColumn(0, Qt.DescendingOrder)
    assert shown_names(table) == ["张三丰", "张三"]


def test_row_predicate_and_reload_keep_filters(qtbot):
    model = make_model()
    table = FilterTable(model)
    qtbot.addWidget(table)
    table.proxy.set_row_predicate(lambda r: r["level"] != "市")
    assert "张三丰" not in shown_names(table)
    model.set_rows(ROWS + [{"id": 5, "name": "赵六", "initials": "zl", "level": "市", "groups": "", "n": 0}])
    assert table.count_label.text() == "显示 3 / 共 5 条"


@pytest.mark.parametrize("text, expected", [
    ("2026-03-05", "2026-03-05"), ("2026/3/5", "2026-03-05"), ("2026年3月5日", "2026-03-05"),
    ("20260305", "2026-03-05"), ("２０２６－３－５", "2026-03-05"), ("", None), ("  ", None),
])
def test_parse_date_accepts_common_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "明天", "2026-13-01", "03/05/2026"])
def test_parse_date_rejects_with_a_chinese_message(text):
    with pytest.raises(DateError, match="日期"):
        parse_date(text)


def test_validated_form_shows_messages_under_fields(qtbot):
    from PySide6.QtWidgets import QLineEdit

    form = ValidatedForm(columns=2)
    qtbot.addWidget(form)
    form.add_field("name", "姓名", QLineEdit())
    form.add_field("phone", "电话", QLineEdit())
    form.set_errors({"phone": "电话号码格式不对"})
    assert form.shown_errors() == {"phone": "电话号码格式不对"}
    assert form.errors["phone"].isVisibleTo(form)
    assert not form.errors["name"].isVisibleTo(form)
    form.clear_errors()
    assert form.shown_errors() == {}


def test_an_empty_model_can_be_shown_sorted_and_filtered(qtbot):
    table = FilterTable(RowTableModel([Column("name", "姓名")]))
    qtbot.addWidget(table)
    table.view.sortByColumn(0, Qt.DescendingOrder)
    table.search.setText("x")
    assert table.count_label.text() == "显示 0 / 共 0 条"


def test_columns_fit_their_content_and_long_texts_are_elided_with_a_tooltip(qtbot):
    from desktop_app.ui.widgets.column_widths import MAX_COLUMN_WIDTH

    model = RowTableModel([Column("state", "状态", 40), Column("title", "标题", 500), Column("n", "编号", 300),
                           Column("notes", "备注", 100)])   # the last column stretches
    table = FilterTable(model)
    qtbot.addWidget(table)
    long_title = "关于" + "村组主干道安装路灯" * 10
    model.set_rows([{"id": 1, "state": "已评价（办结）", "title": long_title, "n": "1"}])
    view, metrics = table.view, table.view.fontMetrics()
    assert view.columnWidth(0) >= metrics.horizontalAdvance("已评价（办结）")   # not cut to "已评价（…"
    assert view.columnWidth(1) == MAX_COLUMN_WIDTH                             # capped, elided on screen…
    assert model.index(0, 1).data(Qt.ToolTipRole) == long_title                # …whole in the tooltip
    assert view.columnWidth(2) < 100                                           # a short column gives room back
    view.setColumnWidth(0, 200)
    model.set_rows([{"id": 2, "state": "已交办", "title": "短", "n": "2"}])
    assert view.columnWidth(0) == 200                                          # the clerk's width is kept


def test_a_date_field_of_any_form_is_read_when_the_clerk_leaves_it(qtbot):
    from desktop_app.ui.widgets.dates import DateEdit

    form = ValidatedForm()
    qtbot.addWidget(form)
    edit = form.add_field("on", "日期", DateEdit())
    edit.setText("2026-13-01")
    edit.editingFinished.emit()
    assert form.error_text("on")                        # shown before any 保存
    edit.setText("2026-03-01")
    edit.editingFinished.emit()
    assert form.error_text("on") == ""
    form.set_errors({"on": "日期晚于今天"})              # a message from 保存 stays until the form clears it
    edit.editingFinished.emit()
    assert form.error_text("on") == "日期晚于今天"


def _by_columns(model, rows):
    model.set_columns({key: [row[key] for row in rows] for key in rows[0]})
    return model


def test_rows_given_by_column_show_filter_and_sort_like_rows_given_as_dicts(qtbot):
    def columns():
        return [
            Column("name", "姓名"),
            Column("level", "层级", format=lambda value: f"{value}级"),
            Column("groups", "小组", column_filter_values=lambda values: [tuple((g or "").split("、"))
                                                                         for g in values("groups")]),
            Column("both", "姓名层级", column_text=lambda values: [f"{n}/{lv}" for n, lv in
                                                              zip(values("name"), values("level"))]),
            Column("n", "次数", numeric=True),
        ]

    by_dicts, by_columns = InitialsModel(columns()), _by_columns(InitialsModel(columns()), ROWS)
    by_dicts.set_rows(ROWS)
    for model in (by_dicts, by_columns):
        assert [[model.display_text(r, c) for c in range(5)] for r in range(4)][:2] == [
            ["张三", "乡级", "第一小组、农业专业组", "张三/乡", "3"], ["李四", "县级", "第二小组", "李四/县", "12"]]
    assert by_columns.rowCount() == 4
    assert [[by_columns.display_text(r, c) for c in range(5)] for r in range(4)] == \
        [[by_dicts.display_text(r, c) for c in range(5)] for r in range(4)]
    assert by_columns.rows() == ROWS and by_columns.row(1) is by_columns.rows()[1]   # made once, then kept
    tables = [FilterTable(model) for model in (by_dicts, _by_columns(InitialsModel(columns()), ROWS))]
    for table in tables:
        qtbot.addWidget(table)
        table.search.setText("zs")        # pinyin initials, never shown
        assert sorted(shown_names(table)) == ["张三", "张三丰"]
        table.search.setText("")
        table.proxy.set_column_filter(2, "第一小组")
        assert sorted(shown_names(table)) == ["张三", "王五"]
        table.proxy.set_column_filter(2, None)
        table.view.sortByColumn(4, Qt.DescendingOrder)
        assert shown_names(table) == ["李四", "张三", "王五", "张三丰"]
        table.model.set_columns({key: [row[key] for row in ROWS[:2]] for key in ROWS[0]})   # keeps the sort
        assert shown_names(table) == ["李四", "张三"]


def test_model_by_columns_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(_by_columns(InitialsModel([Column("name", "姓名"), Column("n", "次数", numeric=True)]), ROWS),
                        force_py=True)
