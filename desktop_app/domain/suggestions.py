"""意见建议 rules: the state machine 收集→分类→交办→办理→答复→评价, 退办 and 重新办理, stage deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from .calendar import HolidayTable, add_working_days, working_days_between

STATES = ("收集", "分类", "交办", "办理", "答复", "评价")
OPEN_STATES = ("收集", "分类", "交办", "办理", "答复")
# A state is named for the last step done; shown to clerks as what that means now.
STATE_LABELS = {"收集": "已收集", "分类": "已分类", "交办": "已交办", "办理": "办理中", "答复": "已答复",
                "评价": "已评价（办结）"}


def state_label(state: str | None) -> str:
    return STATE_LABELS.get(state or "", state or "")
SOURCES = ("代表建议", "选民意见", "小组活动")
LEVELS = ("村(居)委会", "镇人大主席团", "上报县(市)人大常委会")
RESULT_CLASSES = {
    "A": "已解决或基本解决",
    "B": "正在解决",
    "C": "列入计划逐步解决",
    "D": "因条件限制暂不能解决并作解释",
}
EVALUATIONS = ("满意", "基本满意", "不满意")
DEFAULT_FIELDS = ("城乡建设", "农业农村", "教科文卫", "社会保障", "基层治理", "生态环境", "其他")
UNIT_KINDS = ("镇直部门", "村(居)委会", "县直部门", "其他")

# Actions and their Chinese names, as shown in the timeline.
ACTION_NAMES = {
    "classify": "分类", "assign": "交办", "start": "办理", "reply": "答复",
    "evaluate": "评价", "return": "退办", "reopen": "重新办理",
}

# Working days allowed for the step that is pending in each state; 设置 may override any of them.
DEFAULT_DEADLINES = {"分类": 15, "交办": 5, "办理": 60, "评价": 15}
DUE_SOON_DAYS = 3

# Why an action is refused in a given state: the clerk reads these verbatim.
_REFUSALS = {
    "classify": {"交办": "意见建议已交办，不能再分类；如交办有误，请由承办单位退办",
                 "办理": "意见建议正在办理，不能再分类；如交办有误，请由承办单位退办",
                 "答复": "意见建议已答复，不能再分类", "评价": "意见建议已办结，不能再分类"},
    "assign": {"收集": "意见建议尚未分类，不能交办", "交办": "意见建议已交办，不能重复交办",
               "办理": "意见建议正在办理，不能重复交办", "答复": "意见建议已答复，不能再交办",
               "评价": "意见建议已办结，不能再交办"},
    "start": {"收集": "意见建议尚未交办，不能开始办理", "分类": "意见建议尚未交办，不能开始办理",
              "办理": "意见建议已在办理中", "答复": "意见建议已答复，不能再开始办理",
              "评价": "意见建议已办结，不能再开始办理"},
    "reply": {"收集": "意见建议尚未交办，不能答复", "分类": "意见建议尚未交办，不能答复",
              "答复": "意见建议已答复，如需修改答复请先由提出人评价为不满意", "评价": "意见建议已办结，不能再答复"},
    "evaluate": {"收集": "意见建议尚未答复，不能评价", "分类": "意见建议尚未答复，不能评价",
                 "交办": "意见建议尚未答复，不能评价", "办理": "意见建议尚未答复，不能评价",
                 "评价": "意见建议已评价"},
    "return": {"收集": "意见建议尚未交办，无需退办", "分类": "意见建议尚未交办，无需退办",
               "答复": "意见建议已答复，不能退办", "评价": "意见建议已办结，不能退办"},
}
_ALLOWED_FROM = {
    "classify": ("收集", "分类"), "assign": ("分类",), "start": ("交办",), "reply": ("交办", "办理"),
    "evaluate": ("答复",), "return": ("交办", "办理"),
}


class SuggestionRuleError(ValueError):
    """An action the workflow does not allow, or a missing/invalid value; a complete Chinese sentence."""


@dataclass(frozen=True)
class Transition:
    """The outcome of an action: the new state, the event label and which step's deadline now runs."""

    action: str
    from_state: str
    to_state: str
    label: str                      # 分类 / 交办 / … / 重新办理, for the timeline
    pending_step: str | None        # 分类 / 交办 / 办理 / 评价, or None when closed


def pending_step(state: str) -> str | None:
    """Which step the suggestion waits for in ``state`` (its deadline rules the state)."""
    return {"收集": "分类", "分类": "交办", "交办": "办理", "办理": "办理", "答复": "评价"}.get(state)


def next_actions(state: str) -> list[str]:
    """The actions the workflow allows in ``state``, in the order of the loop (for one button each)."""
    return [action for action, states in _ALLOWED_FROM.items() if state in states]


def plan(state: str, action: str, *, level: str | None = None, unit_id: int | None = None,
         reply_text: str | None = None, result_class: str | None = None, evaluation: str | None = None,
         reason: str | None = None) -> Transition:
    """Check one action against the workflow and its required values; raise SuggestionRuleError if refused."""
    if state not in STATES:
        raise SuggestionRuleError(f"意见建议状态“{state}”无法识别。")
    if action not in _ALLOWED_FROM:
        raise SuggestionRuleError(f"未知的办理操作“{action}”。")
    if state not in _ALLOWED_FROM[action]:
        raise SuggestionRuleError(_REFUSALS[action].get(state, f"当前状态“{state}”下不能{ACTION_NAMES[action]}") + "。")
    if action == "classify":
        if level not in LEVELS:
            raise SuggestionRuleError(f"请选择分类层级：{'、'.join(LEVELS)}。")
        return Transition(action, state, "分类", "分类", "交办")
    if action == "assign":
        if not unit_id:
            raise SuggestionRuleError("请选择主办单位。")
        return Transition(action, state, "交办", "交办", "办理")
    if action == "start":
        return Transition(action, state, "办理", "办理", "办理")
    if action == "reply":
        if not (reply_text or "").strip():
            raise SuggestionRuleError("答复内容不能为空。")
        if result_class not in RESULT_CLASSES:
            raise SuggestionRuleError("请选择办理结果类别：A 已解决或基本解决、B 正在解决、C 列入计划逐步解决、"
                                      "D 因条件限制暂不能解决并作解释。")
        return Transition(action, state, "答复", "答复", "评价")
    if action == "evaluate":
        if evaluation not in EVALUATIONS:
            raise SuggestionRuleError(f"请选择评价结果：{'、'.join(EVALUATIONS)}。")
        if evaluation == "不满意":
            # 不满意 sends it back to the unit: 重新办理, with a fresh handling deadline.
            return Transition(action, state, "办理", "重新办理", "办理")
        return Transition(action, state, "评价", "评价", None)
    # return (退办)
    if not (reason or "").strip():
        raise SuggestionRuleError("退办须写明理由。")
    return Transition(action, state, "分类", "退办", "交办")


def deadline_for(step: str | None, since: dt.date, table: HolidayTable,
                 days: Mapping[str, int] | None = None):
    """Deadline (WorkdayResult) of the pending ``step`` counted from ``since``; None when nothing is pending."""
    if step is None:
        return None
    allowed = {**DEFAULT_DEADLINES, **(days or {})}
    return add_working_days(since, int(allowed[step]), table)


def due_flag(deadline: dt.date | None, today: dt.date, table: HolidayTable,
             soon_days: int = DUE_SOON_DAYS) -> str | None:
    """'overdue' after the deadline, 'due_soon' when at most ``soon_days`` working days remain, else None."""
    if deadline is None:
        return None
    if today > deadline:
        return "overdue"
    if working_days_between(today, deadline, table).count <= soon_days:
        return "due_soon"
    return None


def due_soon_limit(today: dt.date, table: HolidayTable, soon_days: int = DUE_SOON_DAYS) -> dt.date:
    """The last deadline that still counts as due soon today (for a range query)."""
    return add_working_days(today, soon_days, table).date


def validate_new(values: Mapping) -> dict[str, str]:
    """Problems of a new or edited suggestion, by field (title, source, date)."""
    problems = {}
    if not (values.get("title") or "").strip():
        problems["title"] = "标题不能为空"
    elif len(values["title"].strip()) > 200:
        problems["title"] = "标题过长（不超过200字）"
    if values.get("source") not in SOURCES:
        problems["source"] = f"来源应为：{'、'.join(SOURCES)}"
    try:
        dt.date.fromisoformat(str(values.get("date") or ""))
    except ValueError:
        problems["date"] = f"日期“{values.get('date') or ''}”无效，请写成 2026-03-05 的形式"
    if values.get("level") not in (None, "") and values.get("level") not in LEVELS:
        problems["level"] = f"分类层级应为：{'、'.join(LEVELS)}"
    return problems


def rate(part: int, whole: int) -> float | None:
    """A percentage rounded to one decimal, or None when there is nothing to divide by."""
    return None if whole == 0 else round(100.0 * part / whole, 1)
