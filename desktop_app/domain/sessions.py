"""人代会 sessions: their fields as a clerk types them (次数, dates, 全体代表人数)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .fields import FieldError

EDITABLE = ("term_id", "number", "name", "start_date", "end_date", "place", "total_deputies", "total_reason",
            "agenda")


def positive_int(value: Any, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FieldError(f"{field}必须是正整数，当前为“{value}”。") from None
    if number <= 0 or str(value).strip() not in (str(number), f"{number}.0"):
        raise FieldError(f"{field}必须是正整数，当前为“{value}”。")
    return number


def iso_date(value: Any, field: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise FieldError(f"{field}“{value}”不是有效日期，请按 2026-03-05 的格式填写。") from None


def clean_session(values: dict[str, Any]) -> dict[str, Any]:
    """Validated column values of a session (only the keys given)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise FieldError(f"会议没有“{key}”这一项。")
        if key == "number":
            out[key] = positive_int(value, "会议次数")
        elif key == "total_deputies":
            out[key] = positive_int(value, "全体代表人数")
        elif key == "name":
            name = (value or "").strip()
            if not name:
                raise FieldError("会议名称不能为空。")
            out[key] = name
        elif key in ("start_date", "end_date"):
            out[key] = iso_date(value, "开始日期" if key == "start_date" else "结束日期")
        elif key == "term_id":
            out[key] = None if value is None else int(value)
        else:
            text = None if value is None else str(value).strip()
            out[key] = text or None
    check_dates(out)
    return out


def check_dates(row: dict[str, Any]) -> None:
    """A session ends on or after the day it starts."""
    start, end = row.get("start_date"), row.get("end_date")
    if start and end and end < start:
        raise FieldError(f"结束日期 {end} 早于开始日期 {start}。")


def total_reason_problem(total: int, roster: int, reason: str | None) -> str | None:
    """A 全体代表人数 that differs from the roster must say why (e.g. a seat vacant since last month)."""
    if roster and total != roster and not (reason or "").strip():
        return f"全体代表人数填写为 {total}，与名册中在任的乡镇代表人数 {roster} 不一致，请在“人数说明”中写明原因。"
    return None


def session_problems(values: dict[str, Any], *, roster: int = 0) -> dict[str, str]:
    """Field → message for every problem of a session as typed (all at once; empty when it can be saved).

    ``roster`` is the serving township deputies of its term, against which 全体代表人数 needs a reason.
    """
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        try:
            cleaned.update(clean_session({key: value}))
        except FieldError as err:
            problems[key] = str(err)
    try:
        check_dates(cleaned)
    except FieldError as err:
        problems.setdefault("end_date", str(err))
    if "total_deputies" in cleaned:
        reason = total_reason_problem(cleaned["total_deputies"], roster, cleaned.get("total_reason"))
        if reason:
            problems.setdefault("total_reason", reason)
    return problems
