"""意见建议 rules: the state machine 收集→分类→交办→办理→答复→评价, 退办 and 重新办理, stage deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from . import fields
from .calendar import HolidayTable, WorkdayResult, add_working_days, working_days_between
from .text import normalize_text

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
SUGGESTION_FIELDS = ("title", "content", "source", "date", "field_id", "location", "voter_name", "voter_contact",
                     "activity_id", "visit_id")
UNIT_KINDS = ("镇直部门", "村(居)委会", "县直部门", "其他")

# Actions and their Chinese names, as shown in the timeline.
ACTION_NAMES = {
    "classify": "分类", "assign": "交办", "start": "办理", "reply": "答复",
    "evaluate": "评价", "return": "退办", "reopen": "重新办理",
}

# Working days allowed for the step that is pending in each state; 设置 may override any of them.
DEFAULT_DEADLINES = {"分类": 15, "交办": 5, "办理": 60, "评价": 15}
DUE_SOON_DAYS = 3
# The mark of a deadline counted into a year the holiday table does not cover yet.
PROVISIONAL = "暂定"

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


def check_step_day(step: Transition, day: str, last: str | None, today: dt.date) -> None:
    """A step is dated on or after the step before it, and not in the future."""
    if last and day < last:
        raise SuggestionRuleError(f"{step.label}日期 {day} 早于上一步的日期 {last}。")
    if day > today.isoformat():
        raise SuggestionRuleError(f"{step.label}日期 {day} 晚于今天。")


@dataclass(frozen=True)
class StepPlan:
    """What one step writes, as the rules decide it: the row's changed columns, the timeline event's unit and
    note, and the co-units (None: left as they are). ``deadline`` carries the warning of an uncovered year."""

    transition: Transition
    changes: dict[str, Any]
    event_unit: int | None
    event_note: str | None
    co_units: tuple[int, ...] | None
    deadline: WorkdayResult | None


def plan_step(step: Transition, old: Mapping, day: dt.date, table: HolidayTable, days: Mapping[str, int], *,
              note: str | None = None, level: str | None = None, field_id: int | None = None,
              unit_id: int | None = None, co_unit_ids: Iterable[int] = (), reply_text: str | None = None,
              result_class: str | None = None, evaluation: str | None = None,
              reason: str | None = None) -> StepPlan:
    """The writes of a step ``plan`` allowed, taken on ``day`` on suggestion ``old`` (its stored row).

    Ids are already checked by the store; the new pending step's deadline is counted from ``day``.
    """
    deadline = deadline_for(step.pending_step, day, table, days)
    on = day.isoformat()
    changes: dict[str, Any] = {"state": step.to_state, "deadline": deadline.date.isoformat() if deadline else None}
    event_unit, event_note, co_units = None, note, None
    if step.action == "classify":
        changes.update(level=level, classified_at=on)
        if field_id is not None:
            changes["field_id"] = field_id
    elif step.action == "assign":
        event_unit = unit_id
        co_units = tuple(sorted(set(co_unit_ids) - {unit_id}))
        changes.update(main_unit_id=unit_id, assigned_at=on, handling_deadline=changes["deadline"])
    elif step.action == "start":
        # Starting work does not give the unit more time: the 交办 deadline stands.
        changes["deadline"] = old["handling_deadline"]
        event_unit = old["main_unit_id"]
    elif step.action == "reply":
        changes.update(reply_text=(reply_text or "").strip(), result_class=result_class, replied_at=on)
        event_unit = old["main_unit_id"]
        event_note = f"{result_class}类 {RESULT_CLASSES[result_class]}" + (f"；{note}" if note else "")
    elif step.action == "evaluate":
        changes.update(evaluation=evaluation, evaluated_at=on)
        event_note = evaluation + (f"；{note}" if note else "")
        if evaluation == "不满意":
            changes.update(reopen_count=old["reopen_count"] + 1, handling_deadline=changes["deadline"])
            event_unit = old["main_unit_id"]
    elif step.action == "return":
        event_unit = old["main_unit_id"]
        event_note = (reason or "").strip()
        changes.update(main_unit_id=None, assigned_at=None, handling_deadline=None)
        co_units = ()
    return StepPlan(step, changes, event_unit, event_note, co_units, deadline)


def due_flagger(today: dt.date, table: HolidayTable,
                soon_days: int = DUE_SOON_DAYS) -> Callable[[dt.date | str | None], str | None]:
    """The due flag of any deadline as of ``today``, the bound worked out once for a whole list.

    'overdue' after the deadline; 'due_soon' up to the ``soon_days``-th working day from today (the same bound
    the list's 即将到期 filter uses, so a row's flag and the filter agree); else None.
    """
    limit = due_soon_limit(today, table, soon_days)

    def flag(deadline: dt.date | str | None) -> str | None:
        if not deadline:
            return None
        day = deadline if isinstance(deadline, dt.date) else dt.date.fromisoformat(deadline[:10])
        if today > day:
            return "overdue"
        return "due_soon" if day <= limit else None

    return flag


def due_flag(deadline: dt.date | str | None, today: dt.date, table: HolidayTable,
             soon_days: int = DUE_SOON_DAYS) -> str | None:
    """'overdue' after the deadline, 'due_soon' when at most ``soon_days`` working days remain, else None."""
    return due_flagger(today, table, soon_days)(deadline)


def due_soon_limit(today: dt.date, table: HolidayTable, soon_days: int = DUE_SOON_DAYS) -> dt.date:
    """The last deadline that still counts as due soon today (for a range query)."""
    return add_working_days(today, soon_days, table).date


def is_provisional(deadline: dt.date | str | None, table: HolidayTable) -> bool:
    """A deadline in a year the holiday table does not cover was counted with weekends only: 暂定."""
    if not deadline:
        return False
    year = deadline.year if isinstance(deadline, dt.date) else int(str(deadline)[:4])
    return year not in table.years


def deadline_label(deadline: str | None, provisional: bool) -> str:
    """'2027-01-21' or '2027-01-21（暂定）', as every list, pane and export shows a deadline."""
    if not deadline:
        return ""
    return f"{deadline}（{PROVISIONAL}）" if provisional else deadline


def moved_deadline(start: dt.date, deadline: dt.date, old: HolidayTable, new: HolidayTable) -> dt.date:
    """A running deadline after the working days changed: the same number of working days from the step's own
    start, counted on the new table (so the 办理时限 in force when the step was taken still applies)."""
    days = working_days_between(start, deadline, old).count
    return add_working_days(start, days, new).date


def moved_deadlines(running: Iterable[Mapping], old: HolidayTable, new: HolidayTable) -> list[dict]:
    """The running deadlines the new working days move: {id, title, deadline, handling_deadline, before}.

    ``running`` rows carry id, title, state, deadline, handling_deadline, step_start (the date of the step whose
    deadline runs) and handling_start (the 交办 or 重新办理 the unit's deadline runs from). The unit's deadline
    moves only while the unit still works on it (交办, 办理).
    """
    moves = []
    for row in running:
        if not row.get("deadline") or not row.get("step_start"):
            continue
        start = dt.date.fromisoformat(row["step_start"][:10])
        deadline = moved_deadline(start, dt.date.fromisoformat(row["deadline"]), old, new).isoformat()
        handling = row.get("handling_deadline")
        if handling and row.get("handling_start") and row["state"] in ("交办", "办理"):
            handling = moved_deadline(dt.date.fromisoformat(row["handling_start"][:10]),
                                      dt.date.fromisoformat(handling), old, new).isoformat()
        if deadline != row["deadline"] or handling != row.get("handling_deadline"):
            moves.append({"id": row["id"], "title": row.get("title"), "deadline": deadline,
                          "handling_deadline": handling, "before": row["deadline"]})
    return moves


def clean_values(values: Mapping) -> dict:
    """A suggestion's fields tidied (only the keys given); FieldError naming the field on a bad id or date."""
    unknown = [k for k in values if k not in SUGGESTION_FIELDS]
    if unknown:
        raise ValueError(f"unknown suggestion fields: {unknown}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("field_id", "activity_id", "visit_id"):
            out[key] = fields.record_id(value, {"field_id": "领域", "activity_id": "所属活动", "visit_id": "来访登记"}[key])
        elif key == "date":
            out[key] = fields.iso_date(value, "提出日期")
        elif key == "content":
            out[key] = (value or "").strip()
        elif key == "voter_name":
            out[key] = normalize_text(fields.checked_name(value, "选民姓名")) or None
        else:
            out[key] = normalize_text(value) or None
    return out


def submitter_rows(submitters: Iterable) -> list[tuple[int, int]]:
    """[(deputy_id, is_lead)] from such pairs or plain ids (the first is the lead); exactly one lead when any."""
    rows = []
    for i, item in enumerate(submitters):
        deputy_id, is_lead = (item, i == 0) if not isinstance(item, (tuple, list)) else (
            item[0] if item else None, bool(item[1]) if len(item) > 1 else i == 0)
        person = fields.record_id(deputy_id, "提出代表")
        if person is None:
            raise fields.FieldError("提出人中有一行没有选择代表。")
        rows.append((person, int(is_lead)))
    if rows and sum(lead for _, lead in rows) != 1:
        raise fields.FieldError("联名提出的意见建议须指定且只能指定一位领衔代表。")
    if len({d for d, _ in rows}) != len(rows):
        raise fields.FieldError("提出人中有重复的代表。")
    return rows


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
