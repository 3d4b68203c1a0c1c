"""Which session and item a command means: ``--session ID`` (default the latest) and ``--item CODE``."""

from __future__ import annotations

import sqlite_utils

from ..db import sessions as sessions_db
from ..db import vote_items as items_db
from ..errors import InputError


def session_for(db: sqlite_utils.Database, session_id: int | None = None) -> dict:
    """The session with that id, or the latest one by start date, then id (InputError when there is none)."""
    if session_id is not None:
        session = sessions_db.get_session(db, session_id)
        if session["deleted_at"]:
            raise InputError(f"编号为 {session_id} 的会议已删除。")
        return session
    session = sessions_db.latest_session(db)
    if session is None:
        raise InputError("数据库中还没有人代会会议，请先在“人代会”页面新建会议。")
    return session


def item_for(db: sqlite_utils.Database, session_id: int, code: str | None, *, rehearsal: bool = False) -> dict:
    """The session's item with 事项编号 ``code`` (its rehearsal copy with ``rehearsal``)."""
    if code is None:
        raise InputError("请用 --item 指定事项编号（见“人代会”页面的事项列表）。")
    return items_db.find_item(db, session_id, code, rehearsal=rehearsal)


def items_of(db: sqlite_utils.Database, session_id: int, *, rehearsal: bool = False) -> list[dict]:
    items = items_db.list_items(db, session_id, rehearsal=rehearsal)
    if not items:
        raise InputError("本次会议还没有表决事项。")
    return items
