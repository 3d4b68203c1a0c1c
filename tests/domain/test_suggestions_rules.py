"""The suggestion workflow: every legal transition, the illegal ones refused in Chinese, deadlines and flags."""

import datetime as dt

import pytest

from desktop_app.domain.calendar import HolidayTable, year_table
from desktop_app.domain.suggestions import (
    LEVELS, STATES, SuggestionRuleError, deadline_for, due_flag, pending_step, plan, rate, validate_new,
)

D = dt.date
TABLE = year_table(2026, ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"], ["2026-10-10"])


def test_full_loop_to_evaluation():
    state = "收集"
    state = plan(state, "classify", level=LEVELS[1]).to_state
    assert state == "分类"
    state = plan(state, "assign", unit_id=3).to_state
    assert state == "交办"
    state = plan(state, "start").to_state
    assert state == "办理"
    step = plan(state, "reply", reply_text="已完成道路修复", result_class="A")
    assert step.to_state == "答复" and step.pending_step == "评价"
    step = plan(step.to_state, "evaluate", evaluation="满意")
    assert step.to_state == "评价" and step.pending_step is None


def test_unsatisfied_reopens_for_handling():
    step = plan("答复", "evaluate", evaluation="不满意")
    assert (step.to_state, step.label, step.pending_step) == ("办理", "重新办理", "办理")


def test_reply_straight_from_assigned_is_allowed():
    assert plan("交办", "reply", reply_text="答复", result_class="B").to_state == "答复"


@pytest.mark.parametrize("state", ["交办", "办理"])
def test_return_goes_back_to_classification(state):
    step = plan(state, "return", reason="不属于本单位职责")
    assert (step.to_state, step.label) == ("分类", "退办")


@pytest.mark.parametrize("state, action, kwargs, message", [
    ("收集", "reply", {"reply_text": "x", "result_class": "A"}, "意见建议尚未交办，不能答复。"),
    ("分类", "reply", {"reply_text": "x", "result_class": "A"}, "意见建议尚未交办，不能答复。"),
    ("收集", "assign", {"unit_id": 1}, "意见建议尚未分类，不能交办。"),
    ("办理", "evaluate", {"evaluation": "满意"}, "意见建议尚未答复，不能评价。"),
    ("评价", "reply", {"reply_text": "x", "result_class": "A"}, "意见建议已办结，不能再答复。"),
    ("分类", "return", {"reason": "x"}, "意见建议尚未交办，无需退办。"),
    ("答复", "return", {"reason": "x"}, "意见建议已答复，不能退办。"),
    ("交办", "classify", {"level": LEVELS[0]}, "意见建议已交办，不能再分类；如交办有误，请由承办单位退办。"),
    ("交办", "assign", {"unit_id": 1}, "意见建议已交办，不能重复交办。"),
    ("评价", "evaluate", {"evaluation": "满意"}, "意见建议已评价。"),
])
def test_illegal_transitions_are_refused(state, action, kwargs, message):
    with pytest.raises(SuggestionRuleError) as err:
        plan(state, action, **kwargs)
    assert str(err.value) == message


def test_every_state_action_pair_either_moves_or_explains():
    """No pair falls through without a Chinese message."""
    values = dict(level=LEVELS[2], unit_id=1, reply_text="x", result_class="C", evaluation="基本满意", reason="r")
    for state in STATES:
        for action in ("classify", "assign", "start", "reply", "evaluate", "return"):
            try:
                assert plan(state, action, **values).to_state in STATES
            except SuggestionRuleError as err:
                assert "意见建议" in str(err) and str(err).endswith("。")


@pytest.mark.parametrize("action, kwargs, message", [
    ("classify", {"level": "乡政府"}, "请选择分类层级"),
    ("assign", {"unit_id": None}, "请选择主办单位"),
    ("reply", {"reply_text": "  ", "result_class": "A"}, "答复内容不能为空"),
    ("reply", {"reply_text": "好", "result_class": "E"}, "请选择办理结果类别"),
    ("evaluate", {"evaluation": "一般"}, "请选择评价结果"),
    ("return", {"reason": ""}, "退办须写明理由"),
])
def test_missing_values_are_refused(action, kwargs, message):
    state = {"classify": "收集", "assign": "分类", "reply": "办理", "evaluate": "答复", "return": "办理"}[action]
    with pytest.raises(SuggestionRuleError, match=message):
        plan(state, action, **kwargs)


def test_pending_step_per_state():
    assert [pending_step(s) for s in STATES] == ["分类", "交办", "办理", "办理", "评价", None]


def test_deadlines_in_working_days_with_settings_override():
    # Collected Friday 2026-09-25: Sep 28-30 (3), Oct 8-10 (6, Saturday 10 worked), 12-16 (11), 19-22 (15).
    assert deadline_for("分类", D(2026, 9, 25), TABLE).date == D(2026, 10, 22)
    assert deadline_for("办理", D(2026, 9, 25), TABLE, {"办理": 3}).date == D(2026, 9, 30)
    assert deadline_for(None, D(2026, 9, 25), TABLE) is None
    assert "2027" in deadline_for("办理", D(2026, 12, 1), TABLE).warning


def test_due_flags():
    deadline = D(2026, 10, 13)     # Tuesday
    assert due_flag(deadline, D(2026, 10, 14), TABLE) == "overdue"
    assert due_flag(deadline, D(2026, 10, 13), TABLE) == "due_soon"
    assert due_flag(deadline, D(2026, 10, 9), TABLE) == "due_soon"     # 10 (Saturday, worked), 12, 13: 3 left
    assert due_flag(deadline, D(2026, 10, 8), TABLE) is None           # 4 left
    assert due_flag(None, D(2026, 9, 30), TABLE) is None


def test_validate_new():
    assert validate_new({"title": "修路", "source": "选民意见", "date": "2026-03-05"}) == {}
    problems = validate_new({"title": " ", "source": "网络", "date": "2026-02-30"})
    assert set(problems) == {"title", "source", "date"}


def test_rate():
    assert rate(2, 3) == 66.7 and rate(0, 0) is None
