"""Activity rules: the default types, attendance statuses, and 接待选民日 schedule rules ('weekly:1', 'monthly:9,19')."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from . import fields
from .fields import FieldError
from .text import normalize_text

# (name, collective — counts as a station's collective activity, voter contact — counts as contact with voters)
DEFAULT_TYPES = (
    ("接待选民日", 1, 1), ("小组活动", 1, 0), ("视察", 1, 0), ("调研", 1, 0), ("执法检查", 1, 0),
    ("专题询问", 1, 0), ("工作评议", 1, 0), ("培训学习", 1, 0), ("述职", 1, 1), ("走访选民", 0, 1),
    ("代表行动", 1, 0), ("其他", 0, 0),
)
PRESENT, ON_LEAVE, ABSENT = "出席", "请假", "缺席"
ATTENDANCE_STATUSES = (PRESENT, ON_LEAVE, ABSENT)
WEEKDAY_NAMES = "一二三四五六日"


class ScheduleRuleError(ValueError):
    """A schedule rule that cannot be understood; the message is Chinese."""


def parse_rule(rule: str) -> tuple[str, tuple[int, ...]]:
    """'weekly:1,4' → ('weekly', (1, 4)) with Monday = 1; 'monthly:9,19' → ('monthly', (9, 19))."""
    text = (rule or "").strip().replace("，", ",").replace("：", ":")
    match = re.fullmatch(r"(weekly|monthly):\s*(\d+(?:\s*,\s*\d+)*)", text)
    if not match:
        raise ScheduleRuleError(f"接待日规则“{rule}”无法识别，应为“每周一”或“每月9日、19日”这样的形式。")
    kind = match.group(1)
    days = tuple(sorted({int(x) for x in match.group(2).split(",")}))
    low, high = (1, 7) if kind == "weekly" else (1, 31)
    bad = [d for d in days if not low <= d <= high]
    if bad:
        what = "星期" if kind == "weekly" else "日期"
        raise ScheduleRuleError(f"接待日规则“{rule}”中的{what} {bad[0]} 超出范围（{low}–{high}）。")
    return kind, days


def describe_rule(rule: str) -> str:
    """'weekly:1' → '每周一'; 'monthly:9,19' → '每月9日、19日'."""
    kind, days = parse_rule(rule)
    if kind == "weekly":
        return "每周" + "、".join(WEEKDAY_NAMES[d - 1] for d in days)
    return "每月" + "、".join(f"{d}日" for d in days)


def rule_from_text(text: str | None) -> str | None:
    """Read a clerk's '每周一' / '每月9日、19日' back into a rule, or None when it is not one of those forms."""
    text = re.sub(r"\s+", "", text or "")
    weekly = re.fullmatch(r"每周([一二三四五六日天](?:[、，,和]?[一二三四五六日天])*)", text)
    if weekly:
        days = sorted({WEEKDAY_NAMES.index("日" if c == "天" else c) + 1
                       for c in weekly.group(1) if c in WEEKDAY_NAMES + "天"})
        return "weekly:" + ",".join(map(str, days))
    monthly = re.fullmatch(r"每月(\d{1,2})日?((?:[、，,和]\d{1,2}日?)*)", text)
    if monthly:
        days = sorted({int(x) for x in re.findall(r"\d{1,2}", text)})
        if all(1 <= d <= 31 for d in days):
            return "monthly:" + ",".join(map(str, days))
    return None


def rule_dates(rule: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date of the rule in [start, end]; a monthly day a month lacks (31 in April) is skipped."""
    kind, days = parse_rule(rule)
    result = []
    day = start
    while day <= end:
        if (kind == "weekly" and day.isoweekday() in days) or (kind == "monthly" and day.day in days):
            result.append(day)
        day += dt.timedelta(days=1)
    return result


def next_dates(rules: Iterable[str], today: dt.date, count: int = 3, horizon_days: int = 62) -> list[dt.date]:
    """The next ``count`` reception days (today included) from any of the rules."""
    found: set[dt.date] = set()
    for rule in rules:
        found.update(rule_dates(rule, today, today + dt.timedelta(days=horizon_days)))
    return sorted(found)[:count]


def clean_time(value: str | None, what: str) -> str | None:
    """'9:00' → '09:00'; None/'' stays None; anything else is refused."""
    text = (value or "").strip().replace("：", ":")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ScheduleRuleError(f"{what}“{value}”无效，请写成 09:00 的形式。")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


ACTIVITY_FIELDS = ("type_id", "date", "start_time", "end_time", "place", "station_id", "group_id", "theme", "content",
                   "organiser", "invited_officials", "outcome", "problems_solved")
ACTIVITY_LABELS = {"type_id": "活动类型", "date": "日期", "start_time": "开始时间", "end_time": "结束时间", "place": "地点",
                   "station_id": "联络站", "group_id": "代表小组", "theme": "主题", "content": "内容", "organiser": "组织者",
                   "invited_officials": "邀请人员", "outcome": "活动成效", "problems_solved": "现场解决问题数"}


def clean_activity(values: Mapping) -> dict:
    """Normalised column values of an activity; FieldError naming the field on the first problem."""
    unknown = [k for k in values if k not in ACTIVITY_FIELDS]
    if unknown:
        raise ValueError(f"unknown activity fields: {unknown}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("type_id", "station_id", "group_id"):
            out[key] = fields.record_id(value, ACTIVITY_LABELS[key])
        elif key == "date":
            try:
                out[key] = (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())).isoformat()
            except ValueError:
                raise FieldError(f"活动日期“{value or ''}”无效，请写成 2026-03-05 的形式。") from None
        elif key in ("start_time", "end_time"):
            try:
                out[key] = clean_time(value, ACTIVITY_LABELS[key])
            except ScheduleRuleError as err:
                raise FieldError(str(err)) from None
        elif key == "problems_solved":
            try:
                out[key] = int(value or 0)
            except (TypeError, ValueError):
                raise FieldError(f"现场解决问题数“{value}”应为整数。") from None
            if out[key] < 0:
                raise FieldError("现场解决问题数不能为负数。")
        elif key == "organiser":
            out[key] = normalize_text(fields.checked_name(value, "组织者")) or None
        else:
            out[key] = normalize_text(value) or None
    return out


def check_activity(row: Mapping) -> None:
    """An activity has a type, a date and a theme, and ends after it starts."""
    if not row.get("type_id"):
        raise FieldError("请选择活动类型。")
    if not row.get("date"):
        raise FieldError("请填写活动日期。")
    if not row.get("theme"):
        raise FieldError("请填写活动主题。")
    if row.get("start_time") and row.get("end_time") and row["end_time"] < row["start_time"]:
        raise FieldError(f"结束时间 {row['end_time']} 早于开始时间 {row['start_time']}。")


VISIT_FIELDS = ("activity_id", "station_id", "date", "voter_name", "contact", "matter")


def clean_visit(values: Mapping) -> dict:
    """A voter received (接待): every column, name and matter required, text tidied; the date is the store's
    to settle (it may come from the activity)."""
    unknown = [k for k in values if k not in VISIT_FIELDS]
    if unknown:
        raise ValueError(f"unknown visit fields: {unknown}")
    row = {k: values.get(k) for k in VISIT_FIELDS}
    row["voter_name"] = normalize_text(fields.checked_name(row["voter_name"], "来访选民姓名"))
    row["matter"] = normalize_text(row["matter"])
    row["contact"] = normalize_text(row["contact"]) or None
    if not row["voter_name"]:
        raise FieldError("请填写来访选民姓名。")
    if not row["matter"]:
        raise FieldError("请填写反映的事项。")
    return row
