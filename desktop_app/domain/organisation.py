"""Terms, districts, groups and stations (届次、选区、小组、站点): their fields as a clerk may type them.

Rules that need the file (a name already taken, a parent that would make a loop) stay with the stores.
"""

from __future__ import annotations

from .fields import FieldError, checked_name
from .roster import GROUP_KINDS, STATION_KINDS, parse_date, phone_problem
from .text import compact, normalize_text

TERM_FIELDS = ("name", "number", "start_date", "end_date", "is_current")
DISTRICT_FIELDS = ("term_id", "name", "code", "area", "seats")
GROUP_FIELDS = ("name", "kind", "term_id", "district_id", "convener_id", "notes")
STATION_FIELDS = ("name", "kind", "parent_id", "address", "open_days", "contact", "phone", "notes")


def clean_term(values: dict) -> dict:
    """Validated term fields (only the keys given)."""
    out = {}
    for key, value in values.items():
        if key not in TERM_FIELDS:
            raise ValueError(f"unknown term field {key!r}")
        if key == "name":
            value = normalize_text(checked_name(value, "届次名称"))
            if not value:
                raise FieldError("届次名称不能为空，例如“第十九届”。")
        elif key in ("start_date", "end_date"):
            try:
                value = parse_date(value)
            except ValueError:
                label = "开始日期" if key == "start_date" else "结束日期"
                raise FieldError(f"届次{label}“{value}”不是有效日期，请写成 2026-10-01 的形式。") from None
        elif key == "is_current":
            value = 1 if value else 0
        elif key == "number" and value not in (None, ""):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise FieldError(f"届次序号“{value}”应为整数，例如 19。") from None
        out[key] = value
    return out


def clean_district(values: dict) -> dict:
    """Validated district fields (only the keys given)."""
    out = {}
    for key, value in values.items():
        if key not in DISTRICT_FIELDS:
            raise ValueError(f"unknown district field {key!r}")
        if key in ("name", "code", "area"):
            value = normalize_text(checked_name(value, "选区名称") if key == "name" else value) or None
        elif key == "seats" and value not in (None, ""):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise FieldError(f"选区应选代表名额“{value}”应为整数。") from None
            if value < 0:
                raise FieldError("选区应选代表名额不能为负数。")
        elif key == "seats":
            value = None
        out[key] = value
    if "name" in out and not out["name"]:
        raise FieldError("选区名称不能为空，例如“第一选区”。")
    return out


def clean_group(values: dict) -> dict:
    """Validated group fields (only the keys given)."""
    out = {}
    for key, value in values.items():
        if key not in GROUP_FIELDS:
            raise ValueError(f"unknown group field {key!r}")
        if key in ("name", "kind", "notes"):
            value = normalize_text(checked_name(value, "小组名称") if key == "name" else value) or None
        elif value == "":
            value = None
        out[key] = value
    if "name" in out and not out["name"]:
        raise FieldError("小组名称不能为空，例如“第一代表小组”。")
    if "kind" in out and out["kind"] not in GROUP_KINDS:
        raise FieldError(f"小组类型“{out['kind']}”不对，应为：{'、'.join(GROUP_KINDS)}。")
    return out


def clean_station(values: dict) -> dict:
    """Validated station fields (only the keys given)."""
    out = {}
    for key, value in values.items():
        if key not in STATION_FIELDS:
            raise ValueError(f"unknown station field {key!r}")
        if key == "phone":
            value = compact(value) or None
        elif key == "parent_id":
            value = None if value in (None, "") else int(value)
        elif key in ("name", "contact"):
            value = normalize_text(checked_name(value, "名称" if key == "name" else "联系人")) or None
        else:
            value = normalize_text(value) or None
        out[key] = value
    if "name" in out and not out["name"]:
        raise FieldError("名称不能为空，例如“东山村代表联络站”。")
    if "kind" in out and out["kind"] not in STATION_KINDS:
        raise FieldError(f"类型“{out['kind']}”不对，应为：{'、'.join(STATION_KINDS)}。")
    if out.get("phone"):
        problem = phone_problem(out["phone"])
        if problem:
            raise FieldError(f"联系电话有误：{problem}。")
    return out


def check_term_dates(row: dict) -> None:
    """A term ends after it starts."""
    if row.get("start_date") and row.get("end_date") and row["start_date"] > row["end_date"]:
        raise FieldError(f"届次结束日期 {row['end_date']} 早于开始日期 {row['start_date']}。")
