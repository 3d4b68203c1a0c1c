"""The start-up password kept in the settings table: set, change, remove, and tries with a growing delay.

The hash record lives in the setting ``startup_password`` and the run of wrong tries in
``startup_password_failures`` (``{"count": n, "last": ISO time}``), so closing and reopening the
program does not reset the wait. Setting, changing and removing the password, and every wrong try,
are written to the audit log. The database file itself stays a plain SQLite file (no encryption).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from ..domain import password as rules
from ..errors import UserError
from . import audit, settings
from . import transaction
from .writes import writes

HASH_KEY = "startup_password"
FAILURES_KEY = "startup_password_failures"


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try: accepted, or refused with the seconds to wait before the next one."""

    ok: bool
    wait_seconds: int = 0
    too_soon: bool = False      # refused without checking: the previous wait was not over

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.too_soon:
            return f"请等待 {self.wait_seconds} 秒后再试。"
        if self.wait_seconds:
            return f"密码不正确。请等待 {self.wait_seconds} 秒后再试。"
        return "密码不正确，请重新输入。"


def is_set(db: sqlite_utils.Database) -> bool:
    return bool(settings.get(db, HASH_KEY))


def _failures(db: sqlite_utils.Database) -> tuple[int, dt.datetime | None]:
    value = settings.get(db, FAILURES_KEY) or {}
    try:
        last = dt.datetime.fromisoformat(value["last"]) if value.get("last") else None
        return int(value.get("count", 0)), last
    except (AttributeError, TypeError, ValueError):
        # A hand-edited or garbled value must not lock the clerk out; it only restarts the count.
        return 0, None


def failure_count(db: sqlite_utils.Database) -> int:
    return _failures(db)[0]


def wait_seconds(db: sqlite_utils.Database, now: dt.datetime | None = None) -> int:
    """Seconds left before the next try is accepted (0: a try may be made now)."""
    count, last = _failures(db)
    return rules.seconds_to_wait(count, last, now or dt.datetime.now())


def matches(db: sqlite_utils.Database, password: str) -> bool:
    """Whether ``password`` is the one set (False when none is set). Not counted as a try."""
    record = settings.get(db, HASH_KEY)
    return bool(record) and rules.verify_password(password, record)


@writes
def attempt(db: sqlite_utils.Database, password: str, now: dt.datetime | None = None) -> Attempt:
    """Check ``password``; a wrong one is counted (and audit-logged) and lengthens the wait.

    During a wait the try is refused without looking at the password, so guessing cannot go faster
    than the delay. With no password set every try is accepted.
    """
    now = now or dt.datetime.now()
    if not is_set(db):
        return Attempt(True)
    left = wait_seconds(db, now)
    if left:
        return Attempt(False, left, too_soon=True)
    if matches(db, password):
        if failure_count(db):
            with transaction.write(db):
                settings.put(db, FAILURES_KEY, None)
        return Attempt(True)
    count = failure_count(db) + 1
    with transaction.write(db):
        settings.put(db, FAILURES_KEY, {"count": count, "last": now.isoformat()})
        audit.append(db, "启动密码输入错误", entity="settings", detail={"连续错误次数": count})
    return Attempt(False, rules.delay_after(count))


def _require_current(db: sqlite_utils.Database, current: str | None) -> None:
    if is_set(db) and not matches(db, current or ""):
        raise UserError("原密码不正确，启动密码未改变。")


@writes
def set_password(db: sqlite_utils.Database, new: str, *, repeated: str | None = None,
                 current: str | None = None, actor: str | None = None) -> None:
    """Set the password, or change it (then ``current`` must be the present one). UserError says what is wrong."""
    _require_current(db, current)
    problem = rules.new_password_problem(new, new if repeated is None else repeated)
    if problem:
        raise UserError(problem + "启动密码未改变。")
    changing = is_set(db)
    with transaction.write(db):
        settings.put(db, HASH_KEY, rules.hash_password(new))
        settings.put(db, FAILURES_KEY, None)
        audit.append(db, "修改启动密码" if changing else "设置启动密码", entity="settings", actor=actor)


@writes
def remove_password(db: sqlite_utils.Database, current: str, *, actor: str | None = None) -> None:
    """Turn the start-up password off; ``current`` must be the present password."""
    if not is_set(db):
        return
    _require_current(db, current)
    with transaction.write(db):
        settings.put(db, HASH_KEY, None)
        settings.put(db, FAILURES_KEY, None)
        audit.append(db, "取消启动密码", entity="settings", actor=actor)


@writes
def reset_forgotten(db: sqlite_utils.Database, *, actor: str = "维护人员") -> bool:
    """Remove a forgotten password without knowing it (the maintainer's command); whether one was set.

    The password only keeps casual users out of the program — whoever can run commands on the laptop can
    read the file anyway — so this is honest about that, and the audit log records that it happened.
    """
    if not is_set(db):
        return False
    with transaction.write(db):
        settings.put(db, HASH_KEY, None)
        settings.put(db, FAILURES_KEY, None)
        audit.append(db, "重置遗忘的启动密码", entity="settings", actor=actor)
    return True
