"""Property tests of the pure rules: working days, the suggestion workflow, scoring and the password delay.

Each property is something a clerk relies on without knowing it: a deadline never falls on a day off,
a refused action always says why in Chinese, a capped item never gives more than its cap, a typed
'inf' never crashes the rule editor.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from desktop_app.domain import password, scoring
from desktop_app.domain.calendar import (
    HolidayTable, add_working_days, is_working_day, table_from_json, working_days_between, year_table,
)
from desktop_app.domain.suggestions import (
    ACTION_NAMES, EVALUATIONS, LEVELS, RESULT_CLASSES, STATES, SuggestionRuleError, next_actions, plan,
)
from desktop_app.paths import resource_path
from package_tools import is_chinese

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------- calendar

@st.composite
def holiday_tables(draw) -> HolidayTable:
    """Random but valid holiday years 2025–2027: some weekdays off, some weekends worked (never both)."""
    table = HolidayTable()
    for year in draw(st.sets(st.sampled_from([2025, 2026, 2027]), max_size=3)):
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(365)]
        weekdays = [d for d in days if d.weekday() < 5]
        weekends = [d for d in days if d.weekday() >= 5]
        off = draw(st.lists(st.sampled_from(weekdays), max_size=25, unique=True))
        work = draw(st.lists(st.sampled_from(weekends), max_size=8, unique=True))
        table = table.merged(year_table(year, [d.isoformat() for d in off], [d.isoformat() for d in work]))
    return table


def shipped() -> HolidayTable:
    with open(resource_path("data", "holidays-cn.json"), encoding="utf-8") as fh:
        return table_from_json(json.load(fh))


tables = st.one_of(st.just(shipped()), holiday_tables())
starts = st.dates(min_value=dt.date(2024, 10, 1), max_value=dt.date(2027, 12, 31))


@FAST
@given(table=tables, start=starts, n=st.integers(min_value=0, max_value=120))
def test_add_then_count_round_trips_and_lands_on_a_working_day(table, start, n):
    result = add_working_days(start, n, table)
    day = result.date
    if n == 0:
        assert day == start
        return
    assert is_working_day(day, table), f"{day} is a day off"
    assert working_days_between(start, day, table).count == n
    # The first such day: one day earlier is still short of n.
    assert working_days_between(start, day - dt.timedelta(days=1), table).count == n - 1


@FAST
@given(table=tables, start=starts, n=st.integers(min_value=1, max_value=120))
def test_counting_back_from_a_working_day_round_trips(table, start, n):
    assume(is_working_day(start, table))
    day = add_working_days(start, -n, table).date
    assert day < start and is_working_day(day, table)
    assert working_days_between(start, day, table).count == -n


@FAST
@given(table=tables, start=starts, n=st.integers(min_value=-60, max_value=60))
def test_every_uncovered_year_crossed_is_reported(table, start, n):
    result = add_working_days(start, n, table)
    lo, hi = sorted((start, result.date))
    crossed = set(range(lo.year, hi.year + 1))
    assert set(result.uncovered_years) == {y for y in crossed if y not in table.years}
    if result.uncovered_years:
        assert is_chinese(result.warning) and str(result.uncovered_years[0]) in result.warning


@FAST
@given(table=tables, a=starts, b=starts)
def test_count_is_antisymmetric_and_bounded_by_calendar_days(table, a, b):
    forward = working_days_between(a, b, table).count
    assert working_days_between(b, a, table).count == -forward
    assert abs(forward) <= abs((b - a).days)


# ---------------------------------------------------------------------------------------------- suggestions

VALUES = {
    "level": st.one_of(st.sampled_from(LEVELS), st.none(), st.text(max_size=5)),
    "unit_id": st.one_of(st.integers(min_value=-2, max_value=5), st.none()),
    "reply_text": st.one_of(st.none(), st.just("   "), st.text(min_size=1, max_size=10)),
    "result_class": st.one_of(st.sampled_from(sorted(RESULT_CLASSES)), st.none(), st.text(max_size=2)),
    "evaluation": st.one_of(st.sampled_from(EVALUATIONS), st.none(), st.text(max_size=3)),
    "reason": st.one_of(st.none(), st.just(""), st.text(max_size=10)),
}
ACTIONS = st.one_of(st.sampled_from(sorted(ACTION_NAMES)), st.text(max_size=8))
STEPS = st.lists(st.tuples(ACTIONS, st.fixed_dictionaries({}, optional=VALUES)), max_size=25)


def values_valid(action: str, values: dict) -> bool:
    """Whether the values an action needs are present and right (the model of plan's checks)."""
    if action == "classify":
        return values.get("level") in LEVELS
    if action == "assign":
        return bool(values.get("unit_id"))
    if action == "reply":
        return bool((values.get("reply_text") or "").strip()) and values.get("result_class") in RESULT_CLASSES
    if action == "evaluate":
        return values.get("evaluation") in EVALUATIONS
    if action == "return":
        return bool((values.get("reason") or "").strip())
    return True


@settings(max_examples=300, deadline=None)
@given(steps=STEPS)
def test_random_action_sequences_follow_the_workflow(steps):
    state = "收集"
    for action, values in steps:
        legal = action in next_actions(state) and values_valid(action, values)
        try:
            step = plan(state, action, **values)
        except SuggestionRuleError as err:
            assert not legal, f"{action} {values} refused in {state}: {err}"
            assert is_chinese(err) and str(err).endswith("。")
            continue
        assert legal, f"{action} {values} accepted in {state}"
        assert step.from_state == state and step.to_state in STATES
        if action == "evaluate" and values["evaluation"] == "不满意":
            assert step.to_state == "办理" and step.label == "重新办理"
        state = step.to_state
    # Whatever happened, the item can still be driven to a close from where it stands.
    assert state in STATES


@settings(max_examples=100, deadline=None)
@given(state=st.text(max_size=4), action=st.text(max_size=8))
def test_unknown_states_and_actions_are_refused_in_chinese(state, action):
    assume(state not in STATES or action not in ACTION_NAMES)
    with pytest.raises(SuggestionRuleError) as info:
        plan(state, action)
    assert is_chinese(info.value)


# ---------------------------------------------------------------------------------------------- scoring

TYPE_IDS = [None, 1, 2, 3]


@st.composite
def rule_sets(draw) -> list[dict]:
    rules = []
    for index in range(draw(st.integers(min_value=0, max_value=12))):
        source = draw(st.sampled_from(sorted(scoring.SOURCES)))
        # Points and caps as check_rule stores them: two decimals at most.
        points = draw(st.one_of(st.integers(-20, 20).filter(bool).map(float),
                                st.floats(-50, 50, allow_nan=False).map(scoring.tidy).filter(bool)))
        cap = draw(st.one_of(st.none(), st.integers(0, 60).map(float),
                             st.floats(0, 100, allow_nan=False).map(scoring.tidy)))
        type_id = draw(st.sampled_from(TYPE_IDS)) if source in scoring.TYPED_SOURCES else None
        rules.append({"id": index + 1, "item": f"规则{index}", "source": source, "activity_type_id": type_id,
                      "points": points, "cap": cap})
    return rules


@st.composite
def count_maps(draw) -> dict:
    counts = {}
    for source in scoring.SOURCES:
        for type_id in (TYPE_IDS if source in scoring.TYPED_SOURCES else [None]):
            if draw(st.booleans()):
                counts[scoring.count_key(source, type_id)] = draw(st.integers(0, 400))
    return counts


@FAST
@given(rules=rule_sets(), counts=count_maps())
def test_apply_rules_respects_caps_and_totals_add_up(rules, counts):
    lines = scoring.apply_rules(rules, counts)
    assert [line.rule_id for line in lines] == [r["id"] for r in rules if r["source"] != scoring.MANUAL]
    for line in lines:
        raw = line.count * line.per
        if line.cap is not None:
            assert abs(line.points) <= line.cap + 1e-9
            assert line.capped == (abs(raw) > line.cap)
        else:
            assert not line.capped
        if not line.capped:
            assert line.points == pytest.approx(raw, abs=0.006)
        assert line.points == 0 or math.copysign(1, line.points) == math.copysign(1, line.per)
    assert scoring.total_of(lines) == pytest.approx(sum(line.points for line in lines), abs=0.006)


@FAST
@given(rules=rule_sets(), points=st.lists(st.integers(-30, 30).filter(bool), max_size=10), data=st.data())
def test_manual_adjustments_are_capped_per_rule(rules, points, data):
    manual_ids = [r["id"] for r in rules if r["source"] == scoring.MANUAL] + [None, 999]
    adjustments = [{"rule_id": data.draw(st.sampled_from(manual_ids)), "points": p} for p in points]
    lines = scoring.adjustment_lines(rules, adjustments)
    assert sum(line.count for line in lines) == len(adjustments)
    for line in lines:
        if line.cap is not None:
            assert abs(line.points) <= line.cap + 1e-9
    free = [line for line in lines if line.rule_id is None]
    assert len(free) <= 1 and all(line.cap is None for line in free)


@FAST
@given(totals=st.lists(st.one_of(st.integers(0, 100).map(float), st.floats(0, 100, allow_nan=False)), max_size=30))
def test_rank_ties_share_a_rank_and_skip_the_next(totals):
    rows = scoring.rank([{"deputy_id": i, "total": t} for i, t in enumerate(totals)])
    assert len(rows) == len(totals)
    for row in rows:
        above = sum(1 for other in rows if scoring.tidy(other["total"]) > scoring.tidy(row["total"]))
        assert row["rank"] == above + 1
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)


@FAST
@given(a=st.floats(-200, 300, allow_nan=False), b=st.floats(-200, 300, allow_nan=False))
def test_grades_never_drop_as_the_score_rises(a, b):
    order = [name for name, _ in scoring.DEFAULT_GRADE_BANDS]
    low, high = sorted((a, b))
    assert order.index(scoring.grade_for(high)) <= order.index(scoring.grade_for(low))


ODD_TEXT = st.one_of(st.text(max_size=6), st.sampled_from(["nan", "inf", "-inf", "1e400", "NaN", " 5 ", "五", "",
                                                            "1e308", "-1e308", "0x10", "1_000"]))
ODD_VALUE = st.one_of(ODD_TEXT, st.none(), st.integers(-10 ** 6, 10 ** 6), st.floats(allow_nan=True),
                      st.booleans(), st.lists(st.integers(), max_size=2))


@settings(max_examples=400, deadline=None)
@given(values=st.fixed_dictionaries({
    "item": st.one_of(st.just("出席乡人代会"), ODD_TEXT), "source": st.one_of(st.sampled_from(sorted(scoring.SOURCES)),
                                                                          ODD_TEXT),
    "activity_type_id": ODD_VALUE, "points": ODD_VALUE, "cap": ODD_VALUE}))
def test_a_typed_rule_is_either_clean_or_refused_in_chinese(values):
    """The 积分规则 editor passes what was typed: any text gives a clean rule or a Chinese ValueError."""
    try:
        clean = scoring.check_rule(values)
    except ValueError as err:
        assert is_chinese(err), err
        return
    assert math.isfinite(clean["points"]) and clean["points"] != 0
    assert clean["cap"] is None or (math.isfinite(clean["cap"]) and clean["cap"] >= 0)
    # A clean rule can be applied to any count without overflow.
    lines = scoring.apply_rules([{**clean, "id": 1}], {scoring.count_key(clean["source"], None): 10 ** 6})
    assert all(math.isfinite(line.points) for line in lines)


@settings(max_examples=200, deadline=None)
@given(bands=st.lists(st.tuples(st.one_of(st.sampled_from(["优秀", "称职", "基本称职", "不称职"]), ODD_TEXT),
                                ODD_VALUE), max_size=5))
def test_grade_bands_typed_are_clean_or_refused_in_chinese(bands):
    try:
        clean = scoring.clean_bands(bands)
    except ValueError as err:
        assert is_chinese(err), err
        return
    minimums = [m for _, m in clean]
    assert minimums == sorted(minimums, reverse=True) and all(math.isfinite(m) for m in minimums)


# ---------------------------------------------------------------------------------------------- password

@settings(max_examples=300, deadline=None)
@given(a=st.integers(min_value=-5, max_value=10 ** 12), b=st.integers(min_value=-5, max_value=10 ** 12))
def test_password_delay_is_monotone_and_capped(a, b):
    low, high = sorted((a, b))
    assert 0 <= password.delay_after(low) <= password.delay_after(high) <= password.MAX_DELAY_SECONDS


def test_password_delay_first_steps():
    assert [password.delay_after(n) for n in range(9)] == [0, 0, 1, 2, 4, 8, 16, 30, 30]


@settings(max_examples=300, deadline=None)
@given(failures=st.integers(min_value=0, max_value=10 ** 9),
       offset=st.floats(min_value=-10 ** 7, max_value=10 ** 7, allow_nan=False))
def test_wait_is_bounded_even_when_the_clock_moves(failures, offset):
    now = dt.datetime(2026, 11, 23, 9, 0, 0)
    last = now - dt.timedelta(seconds=offset)
    wait = password.seconds_to_wait(failures, last, now)
    assert 0 <= wait <= password.delay_after(failures) <= password.MAX_DELAY_SECONDS
    if offset <= 0:   # the last failure is 'in the future' (clock put back): the full wait applies
        assert wait == password.delay_after(failures)
