"""首页: the counts and attention lists from db.home, each line one click from its record in the main window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.db import deputies, groups, receptions, sessions, stations, suggestions, terms
from desktop_app.ui.home.page import HomePage
from desktop_app.ui.main_window import MainWindow
from desktop_app.ops.changes import Area

pytestmark = pytest.mark.gui


@pytest.fixture
def data(db):
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    people = [deputies.insert_deputy(db, {"term_id": term, "name": n, "level": "乡"}) for n in ("王喆", "李堃")]
    group = groups.create_group(db, "第一代表小组", term_id=term)
    groups.set_members(db, group, people)
    station = stations.create_station(db, "东山片区代表联络站", address="东山村村委会")
    stations.set_groups(db, station, [group])
    receptions.add_schedule(db, station, "每周一")
    old = suggestions.create_suggestion(db, {"title": "东山村道路硬化", "content": "砂石路雨天泥泞", "source": "代表建议",
                                             "date": "2026-03-02"}, [people[0]])
    new = suggestions.create_suggestion(db, {"title": "村组主干道安装路灯", "content": "夜间无照明", "source": "代表建议",
                                             "date": "2026-05-04"}, [people[1]])
    due = dt.date.fromisoformat(suggestions.get_suggestion(db, new["id"])["deadline"])
    today = due - dt.timedelta(days=1)
    session = sessions.create_session(db, term_id=term, number=2, start_date=(today + dt.timedelta(days=10)).isoformat(),
                                      place="镇政府大会议室")
    return {"today": today, "old": old["id"], "new": new["id"], "group": group, "station": station,
            "session": session}


@pytest.fixture
def window(ctx, qtbot, data):
    HomePage.today = data["today"]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    yield window
    HomePage.today = None


def _click(qtbot, attention_list, row: int) -> None:
    view = attention_list.list
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())


def _shown_key(window) -> str:
    return next(key for key, page in window._pages.items() if page is window.stack.currentWidget())


def test_home_is_the_first_page_and_shows_counts(window, data):
    home = window.stack.currentWidget()
    assert isinstance(home, HomePage)
    assert home.cards["overdue"].number.text() == "1"
    assert home.cards["due_soon"].number.text() == "1"
    assert home.cards["session"].number.text() == "10"
    # the quarter's progress: neither the group nor the station has done its quota yet, the quarter runs on
    assert home.cards["behind"].number.text() == "0/2"
    assert home.cards["behind"].label.text() == "本季度已完成/应完成，进行中"
    assert any(t.startswith("第一代表小组：") and "进行中" in t for t in home.behind_list.texts())
    assert home.overdue_list.texts()[0].startswith("【收集】东山村道路硬化　已逾期")
    assert home.due_soon_list.texts()[0].startswith("【收集】村组主干道安装路灯　还剩 1 天")
    first_monday = data["today"] + dt.timedelta(days=(7 - data["today"].weekday()) % 7)
    assert f"{first_monday.month}月{first_monday.day}日" in home.reception_list.texts()[0]
    assert "东山片区代表联络站" in home.reception_list.texts()[0]
    assert any(t.startswith("第一代表小组：") for t in home.behind_list.texts())
    assert "还有 10 天" in home.session_list.texts()[0]


def test_each_line_opens_its_record(window, data, qtbot):
    home = window.stack.currentWidget()
    seen = []
    window.ctx.events.navigate.connect(lambda key, record: seen.append((key, record)))

    _click(qtbot, home.overdue_list, 0)
    assert seen[-1] == ("suggestions", data["old"]) and _shown_key(window) == "suggestions"
    window.show_page("home")
    _click(qtbot, home.due_soon_list, 0)
    assert seen[-1] == ("suggestions", data["new"])

    window.show_page("home")
    _click(qtbot, home.reception_list, 0)
    assert seen[-1][0] == "activities" and seen[-1][1]["station_id"] == data["station"]
    activities = window.stack.currentWidget()
    assert activities.tabs.currentWidget() is activities.reception
    assert activities.reception.days_table.current_row()["station_id"] == data["station"]

    window.show_page("home")
    group_row = next(i for i, t in enumerate(home.behind_list.texts()) if t.startswith("第一代表小组"))
    _click(qtbot, home.behind_list, group_row)
    assert seen[-1] == ("groups", data["group"]) and _shown_key(window) == "groups"

    window.show_page("home")
    _click(qtbot, home.session_list, 0)
    assert seen[-1] == ("session", data["session"]) and _shown_key(window) == "session"


def test_home_reloads_when_data_changes(window, data):
    home = window.stack.currentWidget()
    suggestions.delete_suggestion(window.ctx.db, data["old"])
    window.ctx.announce(Area.SUGGESTIONS)
    assert home.cards["overdue"].number.text() == "0"
    assert home.overdue_list.texts() == ["没有逾期的意见建议。"]
