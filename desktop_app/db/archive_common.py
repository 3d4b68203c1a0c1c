"""Validation shared by the archive records of a deputy (荣誉/处分, 述职, 备注): dates, counts, the deputy."""

from __future__ import annotations

from . import records
from typing import Any

import sqlite_utils

from ..domain.roster import parse_date
from ..domain.text import normalize_text
from ..errors import InputError


def now() -> str:
    return records.now()


def clean_date(value: Any, label: str) -> str:
    """A full ISO date from the ways clerks type dates; InputError naming the field otherwise."""
    try:
        iso = parse_date(value)
    except ValueError:
        iso = "bad"
    if not iso:
        raise InputError(f"请填写{label}。")
    if len(iso) != 10:
        raise InputError(f"{label}“{value}”不是有效日期，请写成 2026-03-05 的形式。")
    return iso


def clean_text(value: Any) -> str | None:
    return normalize_text(value) or None


def clean_count(value: Any, label: str) -> int | None:
    """A whole number ≥ 0, or None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InputError(f"{label}“{value}”应为整数。") from None
    if number < 0:
        raise InputError(f"{label}不能为负数。")
    return number


def check_deputy(db: sqlite_utils.Database, deputy_id: Any) -> str:
    """The deputy's name; InputError when the deputy does not exist or was deleted."""
    row = db.execute("SELECT name, deleted_at FROM deputies WHERE id = ?", [deputy_id]).fetchone()
    if row is None or row[1]:
        raise InputError("所选代表不存在或已被删除，记录未保存。")
    return row[0]


def year_bounds(year: int | None) -> tuple[str | None, str | None]:
    return (f"{int(year):04d}-01-01", f"{int(year):04d}-12-31") if year is not None else (None, None)
