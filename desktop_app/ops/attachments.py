"""Attachments of an activity or a suggestion: add a file (copied into the attachments folder), remove, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..db import attachments as store
from ..db import transaction
from .changes import Area, Changes

_AREAS = {"activities": Area.ACTIVITIES, "suggestions": Area.SUGGESTIONS, "deputies": Area.ARCHIVE}


def add(db: sqlite_utils.Database, owner_table: str, owner_id: int, path: str | Path) -> Changes:
    """Copy one file in and attach it; ``value`` is the attachment id. UserError (nothing kept) when it cannot."""
    attachment_id = store.add_attachment(db, owner_table, owner_id, path)
    return Changes(_AREAS.get(owner_table, Area.NONE), (owner_id,), "", attachment_id)


def remove(db: sqlite_utils.Database, attachment_ids: Iterable[int], owner_table: str = "") -> Changes:
    """Hide attachments; their files stay in the folder, so ``restore`` (undo) shows them again."""
    ids = list(attachment_ids)
    with transaction.write(db):
        for attachment_id in ids:
            store.remove_attachment(db, attachment_id)
    return Changes(_AREAS.get(owner_table, Area.NONE), tuple(ids))


def restore(db: sqlite_utils.Database, attachment_ids: Iterable[int], owner_table: str = "") -> Changes:
    ids = list(attachment_ids)
    with transaction.write(db):
        for attachment_id in ids:
            store.restore_attachment(db, attachment_id)
    return Changes(_AREAS.get(owner_table, Area.NONE), tuple(ids))
