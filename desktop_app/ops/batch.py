"""One store write applied to several selected records in one transaction: the 删除/恢复 of a list page."""

from __future__ import annotations

from typing import Callable, Iterable

import sqlite_utils

from ..db import transaction
from .changes import Area, Changes


def each(db: sqlite_utils.Database, record_ids: Iterable[int], write: Callable[[sqlite_utils.Database, int], object],
         area: Area) -> Changes:
    """``write(db, id)`` for every id, all or none (the first refusal rolls the others back)."""
    ids = list(record_ids)
    with transaction.write(db):
        for record_id in ids:
            write(db, record_id)
    return Changes(area, tuple(ids))
