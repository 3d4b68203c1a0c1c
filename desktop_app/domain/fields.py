"""Field rules records share: tidy text, dates and whole numbers as clerks type them, each refusal naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .roster import parse_date
from .text import name_problem, normalize_text


class FieldError(ValueError):
    """A value a field cannot take; ``str(err)`` is a complete Chinese sentence naming the field."""


def text(value: Any) -> str | None:
    """Spaces collapsed and full-width forms folded; None for nothing."""
    return normalize_text(value) or None


def checked_name(value: Any, label: str) -> Any:
    """``value`` unchanged, or FieldError naming ``label`` when it holds control or text-direction characters."""
    problem = name_problem(value, label)
    if problem:
        raise FieldError(problem + "。")
    return value


def required_name(value: Any, label: str) -> str:
    """A name that must not be empty (a type, a field, a unit of a pick list)."""
    checked_name(value, f"{label}名称")
    name = normalize_text(value)
    if not name:
        raise FieldError(f"{label}名称不能为空。")
    return name


def required_date(value: Any, label: str) -> str:
    """A full ISO date from the ways clerks type dates (2026.3.5, 2026年3月5日, …)."""
    try:
        iso = parse_date(value)
    except ValueError:
        iso = "bad"
    if not iso:
        raise FieldError(f"请填写{label}。")
    if len(iso) != 10:
        raise FieldError(f"{label}“{value}”不是有效日期，请写成 2026-03-05 的形式。")
    return iso


def count(value: Any, label: str) -> int | None:
    """A whole number ≥ 0, or None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise FieldError(f"{label}“{value}”应为整数。") from None
    if number < 0:
        raise FieldError(f"{label}不能为负数。")
    return number


def record_id(value: Any, what: str) -> int | None:
    """A picked record's id (None when nothing is picked); refused for anything that is not one."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise FieldError(f"{what}“{value}”无法识别，请从列表中选择。") from None


def iso_date(value: Any, what: str = "日期") -> str:
    """A date written 2026-03-05 (or a date object) as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value or "").strip()).isoformat()
    except ValueError:
        raise FieldError(f"{what}“{value or ''}”无效，请写成 2026-03-05 的形式。") from None
