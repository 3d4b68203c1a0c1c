"""暂定 deadlines on the pages: the suggestion list and detail, the 督办提醒 tab, and 首页's request for the year."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.db import suggestions as sdb
from desktop_app.ops import calendar as calendar_ops
from desktop_app.ui.home.page import HomePage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.suggestions.detail import field_texts
from desktop_app.ui.suggestions.model import SuggestionListModel

pytestmark = pytest.mark.gui

TODAY = dt.date(2026, 12, 16)


@pytest.fixture
def late(db):
    """Collected on 15 December 2026: its 15 working days run into January 2027, which the table lacks."""
    return sdb.create_suggestion(db, {"title": "南湾村桥梁护栏", "source": "选民意见", "date": "2026-12-15"})["id"]


@pytest.fixture
def window(ctx, qtbot, late):
    HomePage.today = TODAY
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    HomePage.today = None


def test_list_and_detail_mark_the_deadline_provisional(ctx, qtbot, late):
    model = SuggestionListModel(ctx.db, today=TODAY)
    model.reload()
    column = [c.key for c in model.columns].index("deadline")
    assert model.data(model.index(0, column)) == "2027-01-05（暂定）"
    assert field_texts(sdb.get_suggestion(ctx.db, late, today=TODAY), mask=True)["deadline"] == "2027-01-05（暂定）"
    due = sdb.get_suggestion(ctx.db, late, today=dt.date(2027, 1, 4))
    assert field_texts(due, mask=True)["deadline"] == "2027-01-05（暂定，即将到期）"
    calendar_ops.save_year(ctx.db, 2027, ["2027-01-01"], [])
    model.reload()
    assert model.data(model.index(0, column)) == "2027-01-06"


def test_home_asks_for_the_year_and_opens_the_holiday_settings(window, qtbot, ctx):
    home = window.stack.currentWidget()
    assert isinstance(home, HomePage)
    assert home.calendar_prompt.isVisible()
    [line] = home.calendar_prompt.texts()
    assert line.startswith("有 1 件意见建议的办理期限跨入2027年，尚未录入2027年的节假日安排")
    assert "“设置 → 节假日”添加2027年的放假和调休上班日期" in line
    view = home.calendar_prompt.list
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualItemRect(view.item(0)).center())
    settings_page = window.stack.currentWidget()
    assert settings_page.tabs.tabText(settings_page.tabs.currentIndex()) == "节假日"
    calendar_ops.save_year(ctx.db, 2027, ["2027-01-01"], [])
    home.reload()
    assert not home.calendar_prompt.isVisibleTo(home)


def test_home_lists_a_due_provisional_deadline_as_such(ctx, qtbot, late):
    HomePage.today = dt.date(2027, 1, 4)
    try:
        page = HomePage(ctx)
        qtbot.addWidget(page)
        assert page.due_soon_list.texts() == ["【收集】南湾村桥梁护栏　还剩 1 天（期限 2027-01-05，暂定）"]
    finally:
        HomePage.today = None


def test_home_without_provisional_deadlines_asks_nothing(ctx, qtbot, db):
    sdb.create_suggestion(db, {"title": "东山村路灯", "source": "选民意见", "date": "2026-12-01"})
    HomePage.today = TODAY
    try:
        page = HomePage(ctx)
        qtbot.addWidget(page)
        page.show()
        assert not page.calendar_prompt.isVisible()
    finally:
        HomePage.today = None


def test_saving_a_year_in_settings_says_how_many_deadlines_moved(ctx, qtbot, late):
    from desktop_app.ui.settings.calendar import CalendarSettings

    widget = CalendarSettings(ctx, today=lambda: TODAY)
    qtbot.addWidget(widget)
    dialog = widget.add_year()
    assert dialog.year == 2027
    dialog.off_edit.setPlainText("2027-01-01")
    assert dialog.save()
    assert widget.status_label.text() == "已保存2027年节假日安排。1 件意见建议的办理期限已按新的工作日重新计算。"
    assert sdb.get_suggestion(ctx.db, late)["deadline"] == "2027-01-06"


def test_a_newer_shipped_table_moves_deadlines_when_the_window_opens(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import show_main_window
    from desktop_app.db import calendar as calendar_db, settings
    from desktop_app.db.connection import open_database
    from desktop_app.domain.calendar import year_table

    path = tmp_path / "office.db"
    db = open_database(path)
    settings.put(db, "demo_offered", True)
    late = sdb.create_suggestion(db, {"title": "南湾村桥梁护栏", "source": "选民意见", "date": "2026-12-15"})["id"]
    calendar_ops.follow_holiday_table(db)        # the version in use so far has no 2027
    db.close()
    newer = calendar_db.shipped_table().merged(year_table(2027, ["2027-01-01"], []))
    monkeypatch.setattr(calendar_db, "shipped_table", lambda: newer)
    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    assert window.open_database()
    assert window.statusBar().currentMessage() == "节假日安排已更新，1 件意见建议的办理期限已按新的工作日重新计算。"
    assert sdb.get_suggestion(window.ctx.db, late)["deadline"] == "2027-01-06"
    window.ctx.db.close()
