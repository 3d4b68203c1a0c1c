"""活动登记 actions: add, edit (fields and attendance as one), delete (soft), restore, and the attendance list."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import activities as store
from ..db import transaction
from .batch import each
from .changes import Area, Changes


def attendance_map(db: sqlite_utils.Database, activity_id: int) -> dict[int, tuple[str, str | None]]:
    """The recorded attendance of one activity as {deputy id: (status, reason)}."""
    return {r["deputy_id"]: (r["status"], r["reason"]) for r in store.attendance_of(db, activity_id)}


def _normalised(attendance: Mapping[int, Any]) -> dict[int, tuple]:
    return {d: (v, None) if isinstance(v, str) else tuple(v) for d, v in attendance.items()}


def add(db: sqlite_utils.Database, values: Mapping[str, Any], attendance: Mapping[int, Any] | None = None) -> Changes:
    """Record one activity with its attendance; InputError names the field, nothing written. ``value`` is the id."""
    with transaction.write(db):
        activity_id = store.create_activity(db, values, attendance)
    return Changes(Area.ACTIVITIES, (activity_id,), f"已登记活动 {values.get('theme') or ''}。", activity_id)


def edit(db: sqlite_utils.Database, activity_id: int, values: Mapping[str, Any],
         attendance: Mapping[int, Any] | None = None) -> Changes:
    """Change fields and (when given and different) the attendance list in one transaction.

    ``value`` is ``{"fields": old values of what changed, "attendance": the old list or None when unchanged}``.
    """
    with transaction.write(db):
        old_attendance = None
        old = store.update_activity(db, activity_id, values) if values else {}
        if attendance is not None:
            wanted = _normalised(attendance)
            if wanted != attendance_map(db, activity_id):
                old_attendance = store.set_attendance(db, activity_id, wanted)
    touched = bool(old) or old_attendance is not None
    return Changes(Area.ACTIVITIES if touched else Area.NONE, (activity_id,), "",
                   {"fields": old, "attendance": old_attendance})


def set_attendance(db: sqlite_utils.Database, activity_id: int, attendance: Mapping[int, Any]) -> Changes:
    """Replace the attendance list of one activity; ``value`` is the list before."""
    with transaction.write(db):
        old = store.set_attendance(db, activity_id, _normalised(attendance))
    return Changes(Area.ACTIVITIES, (activity_id,), "", old)


def delete(db: sqlite_utils.Database, activity_ids: Iterable[int]) -> Changes:
    """Soft delete: the rows, attendance and attachments stay, and ``restore`` brings them back."""
    return each(db, activity_ids, store.delete_activity, Area.ACTIVITIES)


def restore(db: sqlite_utils.Database, activity_ids: Iterable[int]) -> Changes:
    return each(db, activity_ids, store.restore_activity, Area.ACTIVITIES)
