"""届次 actions offered where a 届次 is missing: create the first one (新增代表, 导入名册) and name one from a title."""

from __future__ import annotations

import re

import sqlite_utils

from ..db import terms as store
from ..domain.text import normalize_text, ordinal_number
from ..errors import InputError
from .changes import Area, Changes

_TERM_NAME = re.compile(r"第\s*([0-9]+|[零〇一二两三四五六七八九十]+)\s*届")


def term_name_in(text: object) -> str | None:
    """'示范镇第十八届人民代表大会代表名册' → '第十八届'; None when the text names no 届次."""
    match = _TERM_NAME.search(normalize_text(text or ""))
    return f"第{match.group(1)}届" if match else None


def create_term(db: sqlite_utils.Database, name: str, *, is_current: bool = True) -> Changes:
    """A new 届次 named like 第十九届 (its number read from the name); ``value`` is its id."""
    name = normalize_text(name or "").strip()
    if not name:
        raise InputError("请填写届次名称，例如“第十九届”。")
    term_id = store.create_term(db, name, ordinal_number(name), is_current=is_current)
    return Changes(Area.TERMS, (term_id,), f"已新建届次“{name}”{'并设为当前届次' if is_current else ''}。", term_id)


def term_by_number(db: sqlite_utils.Database, number: int) -> dict | None:
    """The 届次 whose number (or whose name's number) is ``number``."""
    for term in store.list_terms(db):
        if term["number"] == number or (term["number"] is None and ordinal_number(term["name"]) == number):
            return term
    return None


def term_by_name(db: sqlite_utils.Database, name: str) -> dict | None:
    wanted = normalize_text(name).strip()
    return next((t for t in store.list_terms(db) if t["name"] == wanted), None)
