"""What the archive record stores of a deputy (荣誉/处分, 述职, 备注) share: the deputy check, timestamps, year bounds."""

from __future__ import annotations

from . import records
from typing import Any

import sqlite_utils

from ..errors import InputError


def now() -> str:
    return records.now()


def check_deputy(db: sqlite_utils.Database, deputy_id: Any) -> str:
    """The deputy's name; InputError when the deputy does not exist or was deleted."""
    row = db.execute("SELECT name, deleted_at FROM deputies WHERE id = ?", [deputy_id]).fetchone()
    if row is None or row[1]:
        raise InputError("所选代表不存在或已被删除，记录未保存。")
    return row[0]


def year_bounds(year: int | None) -> tuple[str | None, str | None]:
    return (f"{int(year):04d}-01-01", f"{int(year):04d}-12-31") if year is not None else (None, None)
