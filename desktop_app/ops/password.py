"""The start-up password: a try at the lock screen, set or change, remove, and the maintainer's reset of a forgotten one."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from ..db import password as store
from ..db import transaction
from .changes import Area, Changes


def attempt(db: sqlite_utils.Database, password: str, now: dt.datetime | None = None) -> Changes:
    """One try; a wrong one is counted (audit entry) and lengthens the wait. ``value`` is the ``Attempt``."""
    with transaction.write(db):
        result = store.attempt(db, password, now)
    return Changes(Area.NONE, (), result.message, result)


def set_password(db: sqlite_utils.Database, new: str, *, repeated: str | None = None,
                 current: str | None = None) -> Changes:
    """Set the password, or change it (``current`` must be the present one); UserError says what is wrong."""
    changing = store.is_set(db)
    with transaction.write(db):
        store.set_password(db, new, repeated=repeated, current=current)
    return Changes(Area.SETTINGS, (), "启动密码已修改。" if changing else "启动密码已设置。")


def remove(db: sqlite_utils.Database, current: str) -> Changes:
    """Turn the password off; ``current`` must be the present password (UserError, nothing changed, when not)."""
    was_set = store.is_set(db)
    with transaction.write(db):
        store.remove_password(db, current)
    return Changes(Area.SETTINGS if was_set else Area.NONE, (), "启动密码已取消。" if was_set else "")


def reset_forgotten(db: sqlite_utils.Database, actor: str = "维护人员") -> Changes:
    """Remove a forgotten password without knowing it (``reset-password --yes``); ``value``: whether one was set.

    ``actor`` (who ran it: the operating-system account) goes into the audit entry.
    """
    with transaction.write(db):
        removed = store.reset_forgotten(db, actor=actor)
    message = ("已取消启动密码，下次打开软件时不再询问密码；操作已记入操作日志。" if removed
               else "本数据库没有设置启动密码，无需取消。")
    return Changes(Area.SETTINGS if removed else Area.NONE, (), message, removed)
