"""The order of a printed roster: township (乡) deputies first, then 县, 市, 省, 全国; by 选区, then 姓氏笔画."""

from __future__ import annotations

from typing import Iterable

from .strokes import stroke_sort_key
from .text import ordinal_number

LEVEL_ORDER = ("乡", "县", "市", "省", "全国")


def district_key(name: str | None) -> tuple:
    """第一选区 before 第二选区 before 第十选区 (by their number); named districts after, none last."""
    name = (name or "").strip()
    if not name:
        return (2, 0, "")
    number = ordinal_number(name)
    return (0, number, name) if number is not None else (1, 0, stroke_sort_key(name))


def roster_key(deputy: dict) -> tuple:
    level = deputy.get("level") or ""
    rank = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
    return (rank, district_key(deputy.get("district_name")), stroke_sort_key(deputy.get("name") or ""))


def roster_order(deputies: Iterable[dict]) -> list[dict]:
    """The deputies in the order a roster prints them (a new list)."""
    return sorted(deputies, key=roster_key)
