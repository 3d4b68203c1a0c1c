"""The "changed elsewhere" check of an undo or redo: a record that no longer holds what a step left is not overwritten."""

from __future__ import annotations

from typing import Any, Callable, Mapping, TypeVar

import sqlite_utils

from ..db import transaction
from ..errors import UserError

T = TypeVar("T")


def changed_elsewhere(noun: str, label: str, step: str) -> UserError:
    """The refusal a clerk reads: 代表“张三”已在别处被修改，无法撤销这一步；数据未作改动。"""
    return UserError(f"{noun}“{label}”已在别处被修改，无法{step}这一步；数据未作改动。")


def expect(current: Mapping[str, Any], values: Mapping[str, Any], noun: str, label: str, step: str) -> None:
    """Refuse (UserError) when ``current`` no longer holds ``values``: the record was changed elsewhere."""
    if any(current.get(key) != value for key, value in values.items()):
        raise changed_elsewhere(noun, label, step)


def replay(db: sqlite_utils.Database, step: Callable[[], T]) -> T:
    """Run one undo or redo (its checks and its ops calls) all or nothing: a refusal leaves the database as it was."""
    with transaction.write(db):
        return step()
