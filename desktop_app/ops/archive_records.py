"""一人一档 records a clerk keeps by hand: 荣誉/处分, 述职 and notes — add, edit, delete (soft) and restore.

Each step is one transaction with its audit entry; a bad field is refused with an InputError naming it and
nothing is written. ``edit`` returns the old values of what changed (what an undo puts back).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import deputy_notes, honors, report_backs
from ..db import transaction
from .batch import each
from .changes import Area, Changes

# Scores count honours and 述职, so the 履职积分 page refreshes with the archive.
_HONORS = Area.HONORS | Area.ARCHIVE | Area.SCORES
_REPORTS = Area.ARCHIVE | Area.SCORES
_NOTES = Area.ARCHIVE


def _add(area: Area, insert, db: sqlite_utils.Database, deputy_id: int, values: Mapping[str, Any]) -> Changes:
    with transaction.write(db):
        record_id = insert(db, deputy_id, **values)
    return Changes(area, (record_id,), "", record_id)


def _edit(area: Area, update, db: sqlite_utils.Database, record_id: int, values: Mapping[str, Any]) -> Changes:
    with transaction.write(db):
        old = update(db, record_id, dict(values))
    return Changes(area if old else Area.NONE, (record_id,), "", old)


def add_honor(db: sqlite_utils.Database, deputy_id: int, values: Mapping[str, Any]) -> Changes:
    """One 荣誉 or 处分 (kind, title, date, issuer, note); ``value`` is its id."""
    return _add(_HONORS, honors.add_honor, db, deputy_id, values)


def edit_honor(db: sqlite_utils.Database, honor_id: int, values: Mapping[str, Any]) -> Changes:
    return _edit(_HONORS, honors.update_honor, db, honor_id, values)


def delete_honors(db: sqlite_utils.Database, honor_ids: Iterable[int]) -> Changes:
    return each(db, honor_ids, honors.delete_honor, _HONORS)


def restore_honors(db: sqlite_utils.Database, honor_ids: Iterable[int]) -> Changes:
    return each(db, honor_ids, honors.restore_honor, _HONORS)


def add_report_back(db: sqlite_utils.Database, deputy_id: int, values: Mapping[str, Any]) -> Changes:
    """One 述职 (date, place, voters present, how many were satisfied…); ``value`` is its id."""
    return _add(_REPORTS, report_backs.add_report_back, db, deputy_id, values)


def edit_report_back(db: sqlite_utils.Database, report_id: int, values: Mapping[str, Any]) -> Changes:
    return _edit(_REPORTS, report_backs.update_report_back, db, report_id, values)


def delete_report_backs(db: sqlite_utils.Database, report_ids: Iterable[int]) -> Changes:
    return each(db, report_ids, report_backs.delete_report_back, _REPORTS)


def restore_report_backs(db: sqlite_utils.Database, report_ids: Iterable[int]) -> Changes:
    return each(db, report_ids, report_backs.restore_report_back, _REPORTS)


def add_note(db: sqlite_utils.Database, deputy_id: int, values: Mapping[str, Any]) -> Changes:
    """A dated note in the deputy's archive; ``value`` is its id."""
    return _add(_NOTES, deputy_notes.add_note, db, deputy_id, values)


def edit_note(db: sqlite_utils.Database, note_id: int, values: Mapping[str, Any]) -> Changes:
    return _edit(_NOTES, deputy_notes.update_note, db, note_id, values)


def delete_notes(db: sqlite_utils.Database, note_ids: Iterable[int]) -> Changes:
    return each(db, note_ids, deputy_notes.delete_note, _NOTES)


def restore_notes(db: sqlite_utils.Database, note_ids: Iterable[int]) -> Changes:
    return each(db, note_ids, deputy_notes.restore_note, _NOTES)
