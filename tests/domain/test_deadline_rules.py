"""Deadlines as rules: what a step writes, the due flag that matches the list filter, 暂定, and moving a
running deadline when the working days change."""

import datetime as dt

from desktop_app.domain.calendar import HolidayTable, table_from_json, table_to_json, year_table
from desktop_app.domain.suggestions import (
    deadline_label, due_flagger, due_soon_limit, is_provisional, moved_deadline, moved_deadlines, plan, plan_step,
)

D = dt.date
TABLE = year_table(2026, ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"], ["2026-10-10"])
DAYS = {"分类": 15, "交办": 5, "办理": 60, "评价": 15}


def test_assign_plans_the_unit_its_deadline_and_co_units():
    old = {"state": "分类", "handling_deadline": None, "main_unit_id": None, "reopen_count": 0}
    step = plan("分类", "assign", unit_id=4)
    planned = plan_step(step, old, D(2026, 9, 28), TABLE, DAYS, unit_id=4, co_unit_ids=[7, 4, 5])
    assert planned.co_units == (5, 7)                      # the main unit is not its own co-unit
    assert planned.event_unit == 4
    assert planned.changes["main_unit_id"] == 4 and planned.changes["assigned_at"] == "2026-09-28"
    assert planned.changes["deadline"] == planned.changes["handling_deadline"]


def test_starting_work_keeps_the_assigned_deadline():
    old = {"state": "交办", "handling_deadline": "2026-12-30", "main_unit_id": 4, "reopen_count": 0}
    planned = plan_step(plan("交办", "start"), old, D(2026, 10, 12), TABLE, DAYS)
    assert planned.changes == {"state": "办理", "deadline": "2026-12-30"} and planned.event_unit == 4
    assert planned.co_units is None


def test_return_clears_the_unit_and_its_co_units():
    old = {"state": "交办", "handling_deadline": "2026-12-30", "main_unit_id": 4, "reopen_count": 0}
    planned = plan_step(plan("交办", "return", reason=" 不属本单位职责 "), old, D(2026, 10, 12), TABLE, DAYS,
                        reason=" 不属本单位职责 ")
    assert planned.co_units == () and planned.event_note == "不属本单位职责"
    assert planned.changes["main_unit_id"] is None and planned.changes["handling_deadline"] is None


def test_due_flag_agrees_with_the_filter_bound():
    today = D(2026, 10, 8)
    flag = due_flagger(today, TABLE)
    limit = due_soon_limit(today, TABLE)                   # 9, Saturday 10 (worked), 12
    assert limit == D(2026, 10, 12)
    assert flag("2026-10-12") == "due_soon" and flag(D(2026, 10, 13)) is None
    assert flag("2026-10-07") == "overdue" and flag(None) is None


def test_provisional_deadline_and_its_label():
    assert is_provisional("2027-01-05", TABLE) and not is_provisional("2026-12-31", TABLE)
    assert not is_provisional(None, TABLE)
    assert deadline_label("2027-01-05", True) == "2027-01-05（暂定）"
    assert deadline_label("2026-12-31", False) == "2026-12-31" and deadline_label(None, True) == ""


def test_a_running_deadline_keeps_its_working_days_on_the_new_table():
    weekends_only = HolidayTable()
    # 5 working days from Wednesday 30 September were 1, 2, 5, 6, 7 October with weekends only; with the
    # 国庆 days off and Saturday 10 worked they are 8, 9, 10, 12, 13.
    assert moved_deadline(D(2026, 9, 30), D(2026, 10, 7), weekends_only, TABLE) == D(2026, 10, 13)
    # The way back gives the first answer again.
    assert moved_deadline(D(2026, 9, 30), D(2026, 10, 13), TABLE, weekends_only) == D(2026, 10, 7)


def test_moved_deadlines_only_lists_what_moves_and_the_unit_deadline_while_it_works():
    weekends_only = HolidayTable()
    running = [
        {"id": 1, "title": "a", "state": "交办", "deadline": "2026-10-07", "handling_deadline": "2026-10-07",
         "step_start": "2026-09-30", "handling_start": "2026-09-30"},
        {"id": 2, "title": "b", "state": "答复", "deadline": "2026-10-07", "handling_deadline": "2026-09-01",
         "step_start": "2026-09-30", "handling_start": "2026-07-01"},
        {"id": 3, "title": "c", "state": "收集", "deadline": "2026-09-25", "handling_deadline": None,
         "step_start": "2026-09-18", "handling_start": None},
    ]
    moves = moved_deadlines(running, weekends_only, TABLE)
    assert [(m["id"], m["deadline"], m["handling_deadline"], m["before"]) for m in moves] == [
        (1, "2026-10-13", "2026-10-13", "2026-10-07"), (2, "2026-10-13", "2026-09-01", "2026-10-07")]


def test_table_round_trips_through_json():
    assert table_from_json(table_to_json(TABLE)) == TABLE


def test_a_step_is_dated_after_the_last_and_not_in_the_future():
    import pytest

    from desktop_app.domain.suggestions import SuggestionRuleError, check_step_day

    step = plan("分类", "assign", unit_id=4)
    check_step_day(step, "2026-10-09", "2026-10-09", D(2026, 10, 9))
    with pytest.raises(SuggestionRuleError, match="交办日期 2026-10-08 早于上一步的日期 2026-10-09"):
        check_step_day(step, "2026-10-08", "2026-10-09", D(2026, 10, 12))
    with pytest.raises(SuggestionRuleError, match="交办日期 2026-10-13 晚于今天"):
        check_step_day(step, "2026-10-13", None, D(2026, 10, 12))
