"""代表 actions: add, edit, status change, delete (soft), restore and 补登届次, each one transaction with its audit entry."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import audit, transaction
from ..db import deputies as store
from ..db import terms as terms_db
from .batch import each
from .changes import Area, Changes

def _names(db: sqlite_utils.Database, deputy_ids: list[int]) -> str:
    names = [store.get_deputy(db, i)["name"] for i in deputy_ids[:1]]
    first = names[0] if names else ""
    return first if len(deputy_ids) == 1 else f"{first} 等 {len(deputy_ids)} 名"


def add(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """A new deputy (validated; DeputyValidationError names the fields, nothing written). ``value`` is the id."""
    with transaction.write(db):
        deputy_id = store.insert_deputy(db, dict(values))
    return Changes(Area.DEPUTIES, (deputy_id,), f"已新增代表 {values.get('name') or ''}。", deputy_id)


def edit(db: sqlite_utils.Database, deputy_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields of one deputy; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_deputy(db, deputy_id, dict(values))
    return Changes(Area.DEPUTIES if old else Area.NONE, (deputy_id,), "", old)


def change_status(db: sqlite_utils.Database, deputy_ids: Iterable[int], status: str, date: Any = None,
                  reason: str | None = None) -> Changes:
    """辞职/罢免/调离/去世/资格终止 (or back to 在任) of one or more deputies; ``value`` maps id → old status fields."""
    ids = list(deputy_ids)
    with transaction.write(db):
        olds = {deputy_id: store.change_status(db, deputy_id, status, date, reason) for deputy_id in ids}
    return Changes(Area.DEPUTIES, tuple(ids), f"{_names(db, ids)}状态已改为{status}。", olds)


def put_status(db: sqlite_utils.Database, states: Mapping[int, Mapping[str, Any]]) -> Changes:
    """Set each deputy's status, date and reason as given (the undo of ``change_status``); history rows record it."""
    with transaction.write(db):
        for deputy_id, state in states.items():
            store.change_status(db, deputy_id, state["status"], state["status_date"], state["status_reason"])
    return Changes(Area.DEPUTIES, tuple(states))


def delete(db: sqlite_utils.Database, deputy_ids: Iterable[int]) -> Changes:
    """Soft delete: the rows, their groups and history stay, and ``restore`` brings them back."""
    ids = list(deputy_ids)
    with transaction.write(db):
        label = _names(db, ids) if ids else ""
        for deputy_id in ids:
            store.soft_delete_deputy(db, deputy_id)
    return Changes(Area.DEPUTIES, tuple(ids), f"已删除代表 {label}。")


def restore(db: sqlite_utils.Database, deputy_ids: Iterable[int]) -> Changes:
    return each(db, deputy_ids, store.restore_deputy, Area.DEPUTIES)


def assign_term(db: sqlite_utils.Database, deputy_ids: Iterable[int], term_id: int) -> Changes:
    """补登届次: deputies stored without a 届次 join ``term_id`` (one audit entry naming them); ``value`` the ids."""
    ids = list(deputy_ids)
    with transaction.write(db):
        term = terms_db.get_term(db, term_id)
        changed = store.set_term(db, ids, term_id)
        if changed:
            audit.append(db, "补登届次", entity="deputy",
                         detail={"term_id": term_id, "term": term["name"], "deputy_ids": changed})
    if not changed:
        return Changes(Area.NONE, (), "没有需要补登届次的代表。", [])
    return Changes(Area.DEPUTIES, tuple(changed), f"已为 {_names(db, changed)}代表补登届次“{term['name']}”。", changed)
