"""Scoring rules without a database: caps, deductions, manual lines, grades, ranking ties, quarters, advice."""

import datetime as dt

import pytest

from desktop_app.domain import scoring as s

RULES = [
    {"id": 1, "item": "基础分", "source": "base", "points": 40, "cap": 40},
    {"id": 2, "item": "出席乡人代会", "source": "session_present", "points": 10, "cap": 20},
    {"id": 3, "item": "小组活动", "source": "activity", "activity_type_id": 7, "points": 2, "cap": 10},
    {"id": 4, "item": "任何活动", "source": "activity", "activity_type_id": None, "points": 0.5, "cap": None},
    {"id": 5, "item": "无故缺席活动", "source": "activity_absent", "activity_type_id": None, "points": -2, "cap": 10},
    {"id": 6, "item": "表彰", "source": "manual", "points": 5, "cap": 10},
]


def _points(lines):
    return {line.item: (line.count, line.points, line.capped) for line in lines}


def test_caps_deductions_and_any_type():
    counts = {("base", None): 1, ("session_present", None): 3, ("activity", 7): 6, ("activity", 8): 3,
              ("activity_absent", 7): 4, ("activity_absent", 9): 3}
    lines = s.apply_rules(RULES, counts)
    assert _points(lines) == {
        "基础分": (1, 40, False),
        "出席乡人代会": (3, 20, True),          # 30 capped at 20
        "小组活动": (6, 10, True),             # 12 capped at 10
        "任何活动": (9, 4.5, False),           # every type: 6 + 3
        "无故缺席活动": (7, -10, True),         # −14 capped at −10 (cap bounds the absolute points)
    }
    assert "表彰" not in _points(lines)       # manual rules get no computed line
    assert s.total_of(lines) == 64.5     # 40 + 20 + 10 + 4.5 − 10


def test_manual_adjustments_capped_per_rule_and_free_ones_apart():
    adjustments = [{"rule_id": 6, "points": 5}, {"rule_id": 6, "points": 5}, {"rule_id": 6, "points": 5},
                   {"rule_id": None, "points": -3}, {"rule_id": 99, "points": 2}]   # 99: a deleted rule
    lines = s.adjustment_lines(RULES, adjustments)
    assert [(l.item, l.count, l.points, l.capped) for l in lines] == [
        ("表彰", 3, 10, True), ("手工加减分", 2, -1, False)]


def test_grade_bands_and_their_checks():
    bands = s.DEFAULT_GRADE_BANDS
    assert [s.grade_for(x, bands) for x in (100, 90, 89.99, 75, 60, 59.5, 0, -5)] == [
        "优秀", "优秀", "称职", "称职", "基本称职", "不称职", "不称职", "不称职"]
    assert s.clean_bands([("合格", "60"), ("优秀", 90)]) == [("优秀", 90), ("合格", 60)]
    for bad, words in (([("", 10)], "没有名称"), ([("优秀", "九十")], "不是数字"), ([("A", 1), ("A", 2)], "重复"),
                       ([("A", 60), ("B", 60)], "60"), ([], "至少")):
        with pytest.raises(ValueError, match=words):
            s.clean_bands(bad)


def test_rank_shares_places_on_ties():
    rows = [{"id": i, "total": t} for i, t in enumerate([70, 88, 88, 40, 70.0, 12])]
    ranked = s.rank(rows)
    assert [(r["id"], r["rank"]) for r in ranked] == [(1, 1), (2, 1), (0, 3), (4, 3), (3, 5), (5, 6)]


def test_quarters_and_advice():
    assert s.quarter_range(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert s.quarter_range(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with pytest.raises(ValueError):
        s.quarter_range(2026, 5)
    assert s.reelection_advice([92, 80], ["优秀", "称职"]) == s.ADVICE_RECOMMEND
    assert s.reelection_advice([70, 65], ["基本称职", "基本称职"]) == s.ADVICE_CONSIDER
    assert s.reelection_advice([95, 50], ["优秀", "不称职"]) == s.ADVICE_NOT


def test_default_rules_are_a_hundred_point_scheme():
    positive = sum(cap for _i, source, _t, points, cap in s.DEFAULT_RULES if points > 0 and source != "manual")
    assert positive == 100
    assert {source for _i, source, *_ in s.DEFAULT_RULES} <= set(s.SOURCES)


@pytest.mark.parametrize("values, words", [
    ({"item": "", "source": "base", "points": 1}, "名称"),
    ({"item": "x", "source": "nope", "points": 1}, "来源"),
    ({"item": "x", "source": "base", "points": "abc"}, "不是数字"),
    ({"item": "x", "source": "base", "points": 0}, "不能为 0"),
    ({"item": "x", "source": "base", "points": 1, "cap": -1}, "负数"),
])
def test_rule_check_names_the_problem(values, words):
    with pytest.raises(ValueError, match=words):
        s.check_rule(values)


def test_rule_check_drops_type_for_untyped_sources():
    assert s.check_rule({"item": "x", "source": "base", "activity_type_id": 3, "points": "2", "cap": ""}) == {
        "item": "x", "source": "base", "activity_type_id": None, "points": 2, "cap": None}
