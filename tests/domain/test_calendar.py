"""Working days from the official holiday table: holiday spans, make-up workdays, year boundaries, gaps."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from desktop_app.domain.calendar import (
    CalendarError, add_working_days, is_working_day, table_from_json, working_days_between, year_table,
)
from desktop_app.paths import resource_path

D = dt.date


@pytest.fixture(scope="module")
def table():
    with open(resource_path("data", "holidays-cn.json"), encoding="utf-8") as fh:
        return table_from_json(json.load(fh))


def test_shipped_table_covers_2025_and_2026(table):
    assert table.years == {2025, 2026}


def test_spring_festival_span_and_make_up_saturday(table):
    # 2026-02-14 is a Saturday worked in exchange; 02-15..02-23 is the Spring Festival holiday.
    assert is_working_day(D(2026, 2, 14), table)
    assert not is_working_day(D(2026, 2, 16), table)       # Monday inside the holiday
    assert add_working_days(D(2026, 2, 13), 1, table).date == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2, table).date == D(2026, 2, 24)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 24), table).count == 2


def test_plain_weekend_rests(table):
    assert not is_working_day(D(2026, 3, 7), table)         # an ordinary Saturday
    assert add_working_days(D(2026, 3, 6), 1, table).date == D(2026, 3, 9)


def test_fifteen_working_days_over_national_day(table):
    # 2026-09-30 (Wed): Oct 1-7 off; Oct 8, 9, 10 (Sat, worked), 12-16, 19-23, 26, 27 → the 15th is Oct 27.
    result = add_working_days(D(2026, 9, 30), 15, table)
    assert result.date == D(2026, 10, 27) and result.warning is None


def test_year_boundary_into_new_year_holiday(table):
    # 2026-01-01..03 off, Sunday 2026-01-04 worked.
    assert add_working_days(D(2025, 12, 31), 1, table).date == D(2026, 1, 4)
    assert add_working_days(D(2025, 12, 31), 2, table).date == D(2026, 1, 5)
    assert working_days_between(D(2025, 12, 30), D(2026, 1, 5), table).count == 3


def test_backwards_and_zero(table):
    assert add_working_days(D(2026, 2, 24), -2, table).date == D(2026, 2, 13)
    assert add_working_days(D(2026, 3, 7), 0, table).date == D(2026, 3, 7)
    assert working_days_between(D(2026, 2, 24), D(2026, 2, 13), table).count == -2


def test_uncovered_year_counts_weekends_only_and_warns(table):
    result = add_working_days(D(2026, 12, 31), 1, table)
    assert result.date == D(2027, 1, 1)                   # New Year's Day unknown: a plain Friday
    assert result.uncovered_years == (2027,)
    assert "尚未录入2027年节假日安排，请在设置中添加" in result.warning
    assert working_days_between(D(2026, 12, 1), D(2027, 1, 8), table).uncovered_years == (2027,)


def test_added_year_is_used(table):
    merged = table.merged(year_table(2027, ["2027-01-01"], []))
    result = add_working_days(D(2026, 12, 31), 1, merged)
    assert result.date == D(2027, 1, 4) and result.warning is None


def test_added_year_replaces_shipped_year(table):
    # A corrected 2026 (say the notice changed) replaces the shipped one entirely.
    merged = table.merged(year_table(2026, ["2026-03-02"], []))
    assert not is_working_day(D(2026, 3, 2), merged)
    assert is_working_day(D(2026, 2, 16), merged)


@pytest.mark.parametrize("off, work, message", [
    (["2027-13-01"], [], "不是有效日期"),
    (["2028-01-01"], [], "不在 2027 年内"),
    (["2027-02-06"], ["2027-02-06"], "同时被填为放假和上班"),
    ([], ["2027-02-08"], "只需填写需要上班的周末"),
])
def test_bad_year_is_refused(off, work, message):
    with pytest.raises(CalendarError, match=message):
        year_table(2027, off, work)


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2025, 1, 1), D(2026, 12, 31)), st.integers(0, 80))
def test_add_and_count_agree(start, n):
    with open(resource_path("data", "holidays-cn.json"), encoding="utf-8") as fh:
        table = table_from_json(json.load(fh))
    end = add_working_days(start, n, table).date
    assert working_days_between(start, end, table).count == n
    assert n == 0 or is_working_day(end, table)
