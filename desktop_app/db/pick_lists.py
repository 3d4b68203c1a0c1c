"""The short editable lists of 设置 (活动类型, 建议领域, 承办单位): add, rename, hide, look up by name.

Names are unique; hiding keeps the row so records already filed under it keep their name, and adding a
hidden name again brings the same row back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import sqlite_utils

from ..domain import fields
from ..errors import InputError
from . import audit, records
from . import transaction
from .field_errors import as_input_errors
from .writes import writes


@dataclass(frozen=True)
class PickList:
    table: str
    label: str            # how a clerk names one entry in messages: 活动类型 / 领域 / 承办单位
    audit_label: str      # in the audit log: 新增{audit_label} / 修改… / 删除…
    entity: str
    ordered: bool = True  # has a sort_order column (new entries go last)


ACTIVITY_TYPES = PickList("activity_types", "活动类型", "活动类型", "activity_type")
SUGGESTION_FIELDS = PickList("suggestion_fields", "领域", "建议领域", "suggestion_field")
HANDLING_UNITS = PickList("handling_units", "承办单位", "承办单位", "handling_unit", ordered=False)


def rows(db: sqlite_utils.Database, pick: PickList, *, include_deleted: bool = False) -> list[dict]:
    sql = f"SELECT * FROM {pick.table}" + ("" if include_deleted else " WHERE deleted_at IS NULL")
    return list(db.query(sql + (" ORDER BY sort_order, id" if pick.ordered else " ORDER BY id")))


def id_by_name(db: sqlite_utils.Database, pick: PickList, name: str) -> int:
    row = db.execute(f"SELECT id FROM {pick.table} WHERE name = ? AND deleted_at IS NULL", [name]).fetchone()
    if row is None:
        raise InputError(f"{pick.label}“{name}”不存在，请在设置中添加。")
    return row[0]


def clean_name(pick: PickList, name: str) -> str:
    with as_input_errors():
        return fields.required_name(name, pick.label)


@writes
def add(db: sqlite_utils.Database, pick: PickList, name: str, extra: Mapping[str, Any] | None = None) -> int:
    """A new entry at the end of the list, or the hidden one of that name shown again (with ``extra`` set)."""
    name, extra = clean_name(pick, name), dict(extra or {})
    with transaction.write(db):
        row = db.execute(f"SELECT id, deleted_at FROM {pick.table} WHERE name = ?", [name]).fetchone()
        if row and not row[1]:
            raise InputError(f"已有{pick.label}“{name}”。")
        if row:
            db[pick.table].update(row[0], {"deleted_at": None, **extra})
            row_id = row[0]
        else:
            values = {"name": name, **extra}
            if pick.ordered:
                values["sort_order"] = db.execute(
                    f"SELECT COALESCE(MAX(sort_order), -1) + 1 FROM {pick.table}").fetchone()[0]
            row_id = db.execute(f"INSERT INTO {pick.table}({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                                list(values.values())).lastrowid
        audit.append(db, f"新增{pick.audit_label}", entity=pick.entity, entity_id=row_id, detail={"name": name})
    return row_id


@writes
def update(db: sqlite_utils.Database, pick: PickList, row_id: int, changes: Mapping[str, Any]) -> None:
    """Apply already-checked ``changes``; a name another entry has is refused."""
    changes = dict(changes)
    if not changes:
        return
    with transaction.write(db):
        if "name" in changes and db.execute(f"SELECT 1 FROM {pick.table} WHERE name = ? AND id != ?",
                                            [changes["name"], row_id]).fetchone():
            raise InputError(f"已有{pick.label}“{changes['name']}”。")
        records.update(db, pick.table, row_id, changes, action=f"修改{pick.audit_label}", entity=pick.entity,
                       detail=changes)


@writes
def hide(db: sqlite_utils.Database, pick: PickList, row_id: int) -> None:
    """Take an entry off the pick list; records already filed under it keep it."""
    with transaction.write(db):
        records.soft_delete(db, pick.table, row_id, action=f"删除{pick.audit_label}", entity=pick.entity)
