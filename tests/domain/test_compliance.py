"""Duty thresholds: periods, counts per sub-period, behind flags and the settings overrides."""

import datetime as dt

import pytest

from desktop_app.domain.activities import describe_rule, next_dates, parse_rule, rule_dates, rule_from_text, ScheduleRuleError
from desktop_app.domain.compliance import (
    assess, count_by_period, month_key, periods, quarter_key, thresholds, year_key,
)

D = dt.date


def test_periods_of_a_year_and_as_of():
    quarters = periods("quarter", D(2026, 1, 1), D(2026, 12, 31))
    assert [p.key for p in quarters] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert quarters[1].label == "2026年第二季度" and quarters[1].end == D(2026, 6, 30)
    # Quarters not begun by 2026-05-10 are not required yet.
    assert [p.key for p in periods("quarter", D(2026, 1, 1), D(2026, 12, 31), D(2026, 5, 10))] == ["2026Q1", "2026Q2"]
    months = periods("month", D(2025, 11, 15), D(2026, 2, 1))
    assert [p.key for p in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months[0].end == D(2025, 11, 30)
    assert [p.key for p in periods("year", D(2025, 6, 1), D(2026, 6, 1))] == ["2025", "2026"]


def test_group_counts_per_quarter_and_behind():
    activities = [(1, D(2026, 1, 5)), (1, D(2026, 2, 5)), (1, D(2026, 4, 9)), (2, D(2026, 3, 30))]
    counts = count_by_period(activities, quarter_key)
    rows = assess("group", [(1, "第一代表小组"), (2, "第二代表小组")], counts,
                  periods("quarter", D(2026, 1, 1), D(2026, 6, 30)), 1, "group_per_quarter")
    first, second = rows
    assert (first.count, first.required, first.behind) == (3, 2, False)
    assert first.per_period == [("2026年第一季度", 2, True), ("2026年第二季度", 1, True)]
    # Two activities in Q1 do not make up for none in Q2.
    assert (second.count, second.required, second.behind, second.shortfall) == (1, 2, True, 1)


def test_station_months_with_a_higher_threshold():
    counts = count_by_period([(7, D(2026, 3, 1)), (7, D(2026, 3, 20)), (7, D(2026, 4, 2))], month_key)
    row = assess("station", [(7, "东山片区代表联络站")], counts, periods("month", D(2026, 3, 1), D(2026, 4, 30)), 2,
                 "station_per_month")[0]
    assert row.per_period == [("2026年3月", 2, True), ("2026年4月", 1, False)]
    assert row.behind and row.required == 4


def test_deputy_year_zero_threshold_never_behind():
    rows = assess("deputy", [(5, "王喆")], {}, periods("year", D(2026, 1, 1), D(2026, 12, 31)), 0, "deputy_per_year")
    assert not rows[0].behind and rows[0].required == 0
    assert year_key(D(2026, 5, 1)) == "2026"


def test_thresholds_from_settings():
    assert thresholds(None)["deputy_contacts_per_year"] == 2
    assert thresholds({"group_per_quarter": "2", "unknown": 5})["group_per_quarter"] == 2
    with pytest.raises(ValueError, match="小组每季度活动次数应为整数"):
        thresholds({"group_per_quarter": "两次"})
    with pytest.raises(ValueError, match="不能为负数"):
        thresholds({"station_per_month": -1})


def test_reception_rules():
    assert parse_rule("weekly:1") == ("weekly", (1,))
    assert parse_rule("monthly:19, 9") == ("monthly", (9, 19))
    assert describe_rule("monthly:9,19") == "每月9日、19日" and describe_rule("weekly:1,4") == "每周一、四"
    assert rule_from_text("每周一") == "weekly:1" and rule_from_text("每月9日、19日") == "monthly:9,19"
    assert rule_from_text("每周日") == "weekly:7" and rule_from_text("不定期") is None
    with pytest.raises(ScheduleRuleError, match="超出范围"):
        parse_rule("weekly:8")
    with pytest.raises(ScheduleRuleError, match="无法识别"):
        parse_rule("每两周")
    # The 31st is skipped in months that lack it.
    assert rule_dates("monthly:31", D(2026, 4, 1), D(2026, 5, 31)) == [D(2026, 5, 31)]
    assert next_dates(["weekly:1", "monthly:9,19"], D(2026, 3, 8), 4) == [
        D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 19), D(2026, 3, 23)]
