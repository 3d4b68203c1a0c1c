"""选区 actions: add, edit, delete (soft; refused while deputies belong to it) and restore."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import districts as store
from ..db import transaction
from .batch import each
from .changes import Area, Changes


def add(db: sqlite_utils.Database, term_id: int | None, values: Mapping[str, Any]) -> Changes:
    """A new district of a term; InputError names the field, nothing written. ``value`` is the id."""
    with transaction.write(db):
        district_id = store.create_district(db, term_id, **values)
    return Changes(Area.DISTRICTS, (district_id,), f"已新增选区 {values.get('name') or ''}。", district_id)


def edit(db: sqlite_utils.Database, district_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_district(db, district_id, **values)
    return Changes(Area.DISTRICTS if old else Area.NONE, (district_id,), "", old)


def delete(db: sqlite_utils.Database, district_ids: Iterable[int]) -> Changes:
    """Soft delete, all or none: a district that still has deputies refuses with a message."""
    return each(db, district_ids, store.delete_district, Area.DISTRICTS)


def restore(db: sqlite_utils.Database, district_ids: Iterable[int]) -> Changes:
    return each(db, district_ids, store.restore_district, Area.DISTRICTS)
