"""The pick lists and numbers of 设置 → 工作清单: activity types, suggestion fields, handling units, 履职要求.

Each change is one transaction with its audit entry (written by db/pick_lists); a bad name or number is
refused with an InputError that says what is wrong, and the list stays as it was.
"""

from __future__ import annotations

from typing import Any, Mapping

import sqlite_utils

from ..db import activities as activities_db
from ..db import compliance as compliance_db
from ..db import suggestions as suggestions_db
from ..db import transaction
from .changes import Area, Changes


def add_activity_type(db: sqlite_utils.Database, name: str, *, collective: bool = True,
                      voter_contact: bool = False) -> Changes:
    """A new activity type at the end of the list (a deleted one of that name comes back); ``value`` is its id."""
    with transaction.write(db):
        type_id = activities_db.add_type(db, name, collective=collective, voter_contact=voter_contact)
    return Changes(Area.PICK_LISTS | Area.ACTIVITIES, (type_id,), "", type_id)


def change_activity_type(db: sqlite_utils.Database, type_id: int, **changes: Any) -> Changes:
    """Rename a type or change its 集体活动 / 联系选民 flags (keywords ``name``, ``collective``, ``voter_contact``)."""
    with transaction.write(db):
        activities_db.update_type(db, type_id, **changes)
    return Changes(Area.PICK_LISTS | Area.ACTIVITIES, (type_id,))


def delete_activity_type(db: sqlite_utils.Database, type_id: int) -> Changes:
    """Hide a type from the pick list; activities already recorded keep it."""
    with transaction.write(db):
        activities_db.delete_type(db, type_id)
    return Changes(Area.PICK_LISTS | Area.ACTIVITIES, (type_id,))


def add_field(db: sqlite_utils.Database, name: str) -> Changes:
    """A new 意见建议领域; ``value`` is its id."""
    with transaction.write(db):
        field_id = suggestions_db.add_field(db, name)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (field_id,), "", field_id)


def rename_field(db: sqlite_utils.Database, field_id: int, name: str) -> Changes:
    with transaction.write(db):
        suggestions_db.rename_field(db, field_id, name)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (field_id,))


def delete_field(db: sqlite_utils.Database, field_id: int) -> Changes:
    """Hide a field from the pick list; suggestions already filed under it keep it."""
    with transaction.write(db):
        suggestions_db.delete_field(db, field_id)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (field_id,))


def add_unit(db: sqlite_utils.Database, name: str, kind: str | None = None) -> Changes:
    """A new 承办单位 of a kind (镇直部门…); ``value`` is its id."""
    with transaction.write(db):
        unit_id = suggestions_db.add_unit(db, name, kind)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (unit_id,), "", unit_id)


def change_unit(db: sqlite_utils.Database, unit_id: int, *, name: str | None = None, kind: str | None = None) -> Changes:
    with transaction.write(db):
        suggestions_db.update_unit(db, unit_id, name=name, kind=kind)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (unit_id,))


def delete_unit(db: sqlite_utils.Database, unit_id: int) -> Changes:
    """Hide a unit from the pick list; suggestions already assigned to it keep it."""
    with transaction.write(db):
        suggestions_db.delete_unit(db, unit_id)
    return Changes(Area.PICK_LISTS | Area.SUGGESTIONS, (unit_id,))


def set_thresholds(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """The 履职要求 the 履职达标 page checks against; InputError (nothing saved) on a number that is not ≥ 0."""
    with transaction.write(db):
        compliance_db.set_thresholds(db, dict(values))
    return Changes(Area.SETTINGS, (), "已保存，履职达标页面按新标准计算。", compliance_db.thresholds(db))
