"""Attachments of an activity or a suggestion: add a file (copied into the attachments folder), remove, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..db import attachments as store
from .batch import each
from .changes import Area, Changes

_AREAS = {"activities": Area.ACTIVITIES, "suggestions": Area.SUGGESTIONS, "deputies": Area.ARCHIVE}


def add(db: sqlite_utils.Database, owner_table: str, owner_id: int, path: str | Path) -> Changes:
    """Copy one file in and attach it; ``value`` is the attachment id. UserError (nothing kept) when it cannot."""
    attachment_id = store.add_attachment(db, owner_table, owner_id, path)
    return Changes(_AREAS.get(owner_table, Area.NONE), (owner_id,), "", attachment_id)


def remove(db: sqlite_utils.Database, attachment_ids: Iterable[int], owner_table: str = "") -> Changes:
    """Hide attachments; their files stay in the folder, so ``restore`` (undo) shows them again."""
    return each(db, attachment_ids, store.remove_attachment, _AREAS.get(owner_table, Area.NONE))


def restore(db: sqlite_utils.Database, attachment_ids: Iterable[int], owner_table: str = "") -> Changes:
    return each(db, attachment_ids, store.restore_attachment, _AREAS.get(owner_table, Area.NONE))
