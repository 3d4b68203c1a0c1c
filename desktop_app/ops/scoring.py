"""履职积分 actions: opening a year (its rules are made then), rules, grade bands, 加减分, 审核冻结 and 解除冻结.

Reading scores (db.scoring.annual_scores, score_details) never writes; a year gets its own copy of the rules
the first time something is written for it — here, in ``open_year`` or in the step that needs them.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import sqlite_utils

from ..db import scoring as store
from ..db import settings, transaction
from .changes import Area, Changes

OPERATOR_KEY = "score_operator"   # the last 经办人/审核人 typed, offered next time


def open_year(db: sqlite_utils.Database, year: int) -> Changes:
    """The year's rules, made first (copied from the nearest earlier year, else the defaults, with an audit
    entry) when the year never had any; ``value`` is the rule list."""
    with transaction.write(db):
        created = store.ensure_rules(db, year)
        rules = store.rules_for(db, year)
    return Changes(Area.SCORES if created else Area.NONE, (), "", rules)


def save_rule(db: sqlite_utils.Database, year: int, values: Mapping[str, Any], rule_id: int | None = None) -> Changes:
    """Add (``rule_id`` None) or change a rule; InputError names the field, UserError for a frozen year. ``value``: the id."""
    with transaction.write(db):
        rule_id = store.save_rule(db, year, values, rule_id)
    return Changes(Area.SCORES, (rule_id,), "", rule_id)


def delete_rule(db: sqlite_utils.Database, rule_id: int) -> Changes:
    with transaction.write(db):
        store.delete_rule(db, rule_id)
    return Changes(Area.SCORES, (rule_id,))


def move_rule(db: sqlite_utils.Database, rule_id: int, step: int) -> Changes:
    """Move a rule up (−1) or down (+1) in its year's order."""
    with transaction.write(db):
        store.move_rule(db, rule_id, step)
    return Changes(Area.SCORES, (rule_id,))


def copy_rules(db: sqlite_utils.Database, from_year: int, to_year: int, *, replace: bool = False) -> Changes:
    """Copy a year's rules into another (replacing its own only when ``replace``); ``value`` is how many."""
    with transaction.write(db):
        count = store.copy_rules(db, from_year, to_year, replace=replace)
    return Changes(Area.SCORES, (), f"已从{from_year}年度复制 {count} 条积分规则。", count)


def set_grade_bands(db: sqlite_utils.Database, bands: Iterable) -> Changes:
    """The 等次 and their minimum totals; InputError (nothing saved) on an empty name or a bad number."""
    with transaction.write(db):
        clean = store.set_grade_bands(db, bands)
    return Changes(Area.SCORES | Area.SETTINGS, (), "", clean)


def add_adjustment(db: sqlite_utils.Database, year: int, deputy_id: int, points: Any, reason: str, made_by: str,
                   rule_id: int | None = None, *, date: Any = None) -> Changes:
    """A manual bonus or deduction with reason and 经办人 (remembered for next time); ``value`` is its id."""
    with transaction.write(db):
        adjustment_id = store.add_adjustment(db, year, deputy_id, points, reason, made_by, rule_id, date=date)
        remember_operator(db, made_by)
    return Changes(Area.SCORES, (adjustment_id,), "", adjustment_id)


def remove_adjustment(db: sqlite_utils.Database, adjustment_id: int) -> Changes:
    """Soft delete (kept in the file and the audit log); refused for a frozen year."""
    with transaction.write(db):
        store.remove_adjustment(db, adjustment_id)
    return Changes(Area.SCORES, (adjustment_id,))


def restore_adjustment(db: sqlite_utils.Database, adjustment_id: int) -> Changes:
    with transaction.write(db):
        store.restore_adjustment(db, adjustment_id)
    return Changes(Area.SCORES, (adjustment_id,))


def freeze_year(db: sqlite_utils.Database, year: int, by: str, note: str | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> Changes:
    """审核冻结: every deputy's score fixed with its lines; ``value`` is how many. An exception from
    ``progress`` (取消) rolls it all back."""
    with transaction.write(db):
        count = store.freeze_year(db, year, by, note, progress=progress)
        remember_operator(db, by)
    return Changes(Area.SCORES, (), f"已审核冻结{year}年度 {count} 名代表的积分。", count)


def unfreeze_year(db: sqlite_utils.Database, year: int, reason: str, *, by: str | None = None) -> Changes:
    """解除冻结 with a reason (InputError without one); the frozen totals go into the audit entry."""
    with transaction.write(db):
        store.unfreeze_year(db, year, reason, by=by)
    return Changes(Area.SCORES, (), f"已解除{year}年度积分冻结。")


def last_operator(db: sqlite_utils.Database) -> str:
    return settings.get(db, OPERATOR_KEY) or ""


def remember_operator(db: sqlite_utils.Database, name: str | None) -> None:
    """Offer this 经办人/审核人 next time (part of the step that used the name, so no audit entry of its own)."""
    name = (name or "").strip()
    if name and name != last_operator(db):
        with transaction.write(db):
            settings.put(db, OPERATOR_KEY, name)
