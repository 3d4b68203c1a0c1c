"""承办单位 added where the clerk needs one (交办), in one transaction with its audit entry."""

from __future__ import annotations

import sqlite_utils

from ..db import suggestions as suggestions_db
from ..db import transaction
from .changes import Area, Changes


def add_handling_unit(db: sqlite_utils.Database, name: str, kind: str | None = None) -> Changes:
    """A new handling unit (or a hidden one of that name shown again); its id is the change set's value.

    Raises InputError for an empty name or one already in the list.
    """
    with transaction.write(db):
        unit_id = suggestions_db.add_unit(db, name, kind)
    shown = db.execute("SELECT name FROM handling_units WHERE id = ?", [unit_id]).fetchone()[0]
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (unit_id,), f"已新增承办单位“{shown}”。", unit_id)
