"""届次 actions: add, edit, mark 当前, delete (only an unused term) and restore, each one transaction with its audit entry;
and the 届次 offered where one is missing (新增代表, 导入名册), named from a workbook title."""

from __future__ import annotations

import re
from typing import Any, Mapping

import sqlite_utils

from ..db import terms as store
from ..db import transaction
from ..domain.text import normalize_text, ordinal_number
from ..errors import InputError
from .changes import Area, Changes

_TERM_NAME = re.compile(r"第\s*([0-9]+|[零〇一二两三四五六七八九十]+)\s*届")


def add(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """A new term (a current one unmarks the others). ``value``: {"row", "flags": (当前 before, 当前 after)}."""
    with transaction.write(db):
        before = store.flagged_term_id(db)
        term_id = store.create_term(db, **values)
        row = store.get_term(db, term_id)
        after = store.flagged_term_id(db)
    return Changes(Area.TERMS, (term_id,), f"已新建届次 {row['name']}。", {"row": row, "flags": (before, after)})


def edit(db: sqlite_utils.Database, term_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields of a term; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_term(db, term_id, **values)
    return Changes(Area.TERMS if old else Area.NONE, (term_id,), "", old)


def set_current(db: sqlite_utils.Database, term_id: int) -> Changes:
    """Make this term 当前; ``value`` is the term marked 当前 before (None when none was)."""
    with transaction.write(db):
        before = store.flagged_term_id(db)
        if before != term_id:
            store.set_current_term(db, term_id)
    return Changes(Area.TERMS if before != term_id else Area.NONE, (term_id,), "", before)


def flag(db: sqlite_utils.Database, term_id: int | None) -> Changes:
    """Mark exactly this term 当前, or none (None): how undo puts an earlier 当前 mark back."""
    with transaction.write(db):
        if store.flagged_term_id(db) == term_id:
            return Changes()
        store.flag_term(db, term_id)
    return Changes(Area.TERMS, (term_id,) if term_id is not None else ())


def delete(db: sqlite_utils.Database, term_id: int) -> Changes:
    """Delete a term entered by mistake (refused with a message while anything belongs to it).

    ``value``: {"row": the deleted row, for ``restore``, "flags": (当前 before, 当前 after)}.
    """
    with transaction.write(db):
        before = store.flagged_term_id(db)
        row = store.delete_term(db, term_id)
        after = store.flagged_term_id(db)
    return Changes(Area.TERMS, (term_id,), f"已删除届次 {row['name']}。", {"row": row, "flags": (before, after)})


def restore(db: sqlite_utils.Database, row: Mapping[str, Any]) -> Changes:
    """Insert a deleted term again with its old id (undo of a delete, redo of an add)."""
    with transaction.write(db):
        term_id = store.restore_term(db, dict(row))
    return Changes(Area.TERMS, (term_id,))


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
