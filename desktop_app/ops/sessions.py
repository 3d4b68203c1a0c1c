"""人代会 actions: create, edit and delete a session, and record 签到 (attendance), each one transaction."""

from __future__ import annotations

from typing import Any, Mapping

import sqlite_utils

from ..db import sessions as store
from ..db import transaction
from .changes import Area, Changes


def create(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """A new session (validated; the store's audit entry); ``value`` is its id."""
    with transaction.write(db):
        session_id = store.create_session(db, **dict(values))
    name = store.get_session(db, session_id)["name"]
    return Changes(Area.SESSIONS, (session_id,), f"已新建会议“{name}”。", session_id)


def update(db: sqlite_utils.Database, session_id: int, values: Mapping[str, Any]) -> Changes:
    """Change fields of a session; ``value`` holds the old values of what changed ({} when nothing did)."""
    with transaction.write(db):
        old = store.update_session(db, session_id, **dict(values))
    return Changes(Area.SESSIONS if old else Area.NONE, (session_id,), "", old)


def delete(db: sqlite_utils.Database, session_id: int) -> Changes:
    """Soft delete; refused (UserError) once any result of the session is certified."""
    with transaction.write(db):
        name = store.get_session(db, session_id)["name"]
        store.delete_session(db, session_id)
    return Changes(Area.SESSIONS, (session_id,), f"已删除会议“{name}”。")


def set_attendance(db: sqlite_utils.Database, session_id: int, statuses: Mapping[int, str | None]) -> Changes:
    """出席/请假/缺席 (None clears) of one or more deputies, all or none; one audit entry per deputy."""
    with transaction.write(db):
        store.set_attendance_many(db, session_id, dict(statuses))
    return Changes(Area.ATTENDANCE, tuple(statuses), "", session_id)
