"""设置 → 节假日 through ops.calendar: running deadlines follow the working days, counted from each step's start."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import audit, calendar as calendar_db, suggestions as sdb
from desktop_app.domain.calendar import year_table
from desktop_app.errors import InputError
from desktop_app.ops import calendar as calendar_ops
from desktop_app.ops.changes import Area

# A made-up 2027 (the real one is published at the end of 2026): 元旦 Friday 1 January, a 春节 week of
# Monday 8 to Friday 12 February, Saturday 20 February worked.
DAYS_OFF_2027 = ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]
WORKDAYS_2027 = ["2027-02-20"]


def _collected(db, title: str, date: str) -> int:
    return sdb.create_suggestion(db, {"title": title, "source": "选民意见", "date": date})["id"]


@pytest.fixture
def open_ones(db):
    """A collected one due in January 2027, one being handled (交办 deadline in February 2027), one closed."""
    unit = sdb.add_unit(db, "镇建设办")
    collected = _collected(db, "东山村路灯", "2026-12-01")
    handled = _collected(db, "西山村水渠清淤", "2026-11-02")
    sdb.classify(db, handled, "村(居)委会", on="2026-11-03")
    sdb.assign(db, handled, unit, on="2026-11-16")
    sdb.start_handling(db, handled, on="2026-11-20")
    closed = _collected(db, "北坡村垃圾清运", "2026-06-01")
    sdb.classify(db, closed, "村(居)委会", on="2026-06-02")
    sdb.assign(db, closed, unit, on="2026-06-03")
    sdb.reply(db, closed, "已清运", "A", on="2026-06-10")
    sdb.evaluate(db, closed, "满意", on="2026-06-12")
    calendar_ops.follow_holiday_table(db)      # the first start records the table these were counted on
    return {"collected": collected, "handled": handled, "closed": closed}


def test_adding_a_year_moves_the_running_deadlines_and_says_how_many(db, open_ones):
    collected, handled = (sdb.get_suggestion(db, open_ones[k]) for k in ("collected", "handled"))
    # Counted with weekends only: 2026-12-01 + 15 working days; 2026-11-16 + 60 working days.
    assert collected["deadline"] == "2026-12-22"
    assert (handled["state"], handled["deadline"]) == ("办理", "2027-02-08")
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-05"

    changes = calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)

    # 1 January is a day off now: one working day later. The unit's 60 working days from its 交办 on
    # 16 November: the 58th is now Friday 5 February, the 春节 week and a weekend pass, 59th and 60th are 15 and 16.
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-06"
    moved = sdb.get_suggestion(db, open_ones["handled"])
    assert (moved["deadline"], moved["handling_deadline"]) == ("2027-02-16", "2027-02-16")
    assert sdb.get_suggestion(db, open_ones["collected"])["deadline"] == "2026-12-22"   # all in 2026: unchanged
    assert sdb.get_suggestion(db, open_ones["closed"])["deadline"] is None
    assert changes.value == 2 and set(changes.ids) == {late, open_ones["handled"]}
    assert changes.touches(Area.SUGGESTIONS) and changes.touches(Area.SETTINGS)
    assert changes.message == "已保存2027年节假日安排。2 件意见建议的办理期限已按新的工作日重新计算。"
    entry = audit.entries(db, entity="suggestion")[-1]
    assert entry["action"] == "重算办理期限"
    assert '"moved": 2' in entry["detail"] and '"from": "2027-01-05"' in entry["detail"]


def test_a_changed_time_limit_applies_only_to_later_steps(db, open_ones):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    sdb.set_deadline_days(db, {"分类": 20})
    calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    # Still 15 working days from 15 December (the limit when it was collected), on the new calendar.
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-06"
    later = _collected(db, "南湾村桥梁护栏二", "2026-12-15")
    assert sdb.get_suggestion(db, later)["deadline"] == "2027-01-13"   # 20 working days, 1 January off


def test_removing_the_year_moves_them_back(db, open_ones):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    changes = calendar_ops.remove_year(db, 2027)
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-05"
    assert changes.value == 2 and changes.message.startswith("已删除2027年节假日安排。2 件")


def test_a_bad_year_saves_nothing_and_moves_nothing(db, open_ones):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    entries = len(audit.entries(db))
    with pytest.raises(InputError, match="2027年节假日安排有误"):
        calendar_ops.save_year(db, 2027, ["2027-01-01", "2028-01-01"], [])
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-05"
    assert 2027 not in calendar_db.covered_years(db) and len(audit.entries(db)) == entries


def test_editing_a_year_without_changing_its_days_moves_nothing(db, open_ones):
    calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    again = calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    assert again.value == 0 and not again.touches(Area.SUGGESTIONS)
    assert again.message == "已保存2027年节假日安排。没有意见建议的办理期限因此改变。"


def test_a_newer_shipped_table_moves_them_at_start(db, open_ones, monkeypatch):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    assert calendar_ops.follow_holiday_table(db).message == ""        # nothing changed since the first start
    newer = calendar_db.shipped_table().merged(year_table(2027, DAYS_OFF_2027, WORKDAYS_2027))
    monkeypatch.setattr(calendar_db, "shipped_table", lambda: newer)
    changes = calendar_ops.follow_holiday_table(db)
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-06"
    assert changes.value == 2 and changes.message == "节假日安排已更新，2 件意见建议的办理期限已按新的工作日重新计算。"
    assert calendar_ops.follow_holiday_table(db).message == ""        # once only
    assert audit.entries(db, entity="suggestion")[-1]["action"] == "重算办理期限"


def test_provisional_until_the_year_is_added(db, open_ones):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    rows = {r["id"]: r for r in sdb.list_suggestions(db, today=dt.date(2026, 12, 16))}
    assert rows[late]["deadline_provisional"] is True
    assert rows[open_ones["handled"]]["deadline_provisional"] is True
    assert rows[open_ones["collected"]]["deadline_provisional"] is False
    assert sdb.get_suggestion(db, late)["deadline_provisional"] is True
    calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    assert sdb.get_suggestion(db, late)["deadline_provisional"] is False


def test_home_counts_the_deadlines_waiting_for_each_missing_year(db, open_ones):
    from desktop_app.db import home

    _collected(db, "南湾村桥梁护栏", "2026-12-15")
    assert home.attention(db, dt.date(2026, 12, 16))["calendar_gap"] == {2027: 2}
    calendar_ops.save_year(db, 2028, ["2028-01-01"], [])       # a later year leaves 2027 a gap: still asked for
    assert home.attention(db, dt.date(2026, 12, 16))["calendar_gap"] == {2027: 2}
    calendar_ops.save_year(db, 2027, DAYS_OFF_2027, WORKDAYS_2027)
    assert home.attention(db, dt.date(2026, 12, 16))["calendar_gap"] == {}


def test_new_time_limits_leave_running_deadlines_alone(db, open_ones):
    late = _collected(db, "南湾村桥梁护栏", "2026-12-15")
    changes = calendar_ops.save_time_limits(db, {"分类": 20})
    assert changes.message == "已保存办理时限。此后办理的步骤按新时限计算，已在计算的期限不变。"
    assert changes.value["分类"] == 20 and not changes.touches(Area.SUGGESTIONS)
    assert sdb.get_suggestion(db, late)["deadline"] == "2027-01-05"
    with pytest.raises(InputError, match="“分类”时限应在 1 至 365 个工作日之间"):
        calendar_ops.save_time_limits(db, {"分类": 0})
