"""代表小组 actions: add, edit, delete (soft) and restore, and the member list."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import groups as store
from ..db import transaction
from .batch import each
from .changes import Area, Changes


def add(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """A new group (its convener becomes a member); InputError names the field. ``value`` is the id."""
    with transaction.write(db):
        group_id = store.create_group(db, **values)
    return Changes(Area.GROUPS, (group_id,), f"已新增代表小组 {values.get('name') or ''}。", group_id)


def edit(db: sqlite_utils.Database, group_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_group(db, group_id, **values)
    return Changes(Area.GROUPS if old else Area.NONE, (group_id,), "", old)


def delete(db: sqlite_utils.Database, group_ids: Iterable[int]) -> Changes:
    """Soft delete: members and station links stay, so ``restore`` brings a group back whole."""
    return each(db, group_ids, store.delete_group, Area.GROUPS)


def restore(db: sqlite_utils.Database, group_ids: Iterable[int]) -> Changes:
    return each(db, group_ids, store.restore_group, Area.GROUPS)


def set_members(db: sqlite_utils.Database, group_id: int, deputy_ids: Iterable[int]) -> Changes:
    """Make exactly these deputies the members (a convener left out stops being convener).

    ``value`` is the member ids before; nothing changes when one of the ids names no deputy.
    """
    with transaction.write(db):
        before = store.member_ids(db, group_id)
        store.set_members(db, group_id, deputy_ids)
        after = store.member_ids(db, group_id)
    return Changes(Area.GROUPS if before != after else Area.NONE, (group_id,), "", before)
