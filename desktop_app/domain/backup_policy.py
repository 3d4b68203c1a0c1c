"""Which backups to keep: newest per day, per ISO week and per month, plus recent tagged ones.

A backup file is named ``<database stem>-<YYYYMMDD-HHMMSS>-<reason>.db`` (see ``db/backup.py``);
the reason is its tag. Automatic backups (``AUTOMATIC_REASONS``) only survive through rotation.
Every other reason — 手动 (manual), 升级前-vN (before a migration), 恢复前 (before a restore), 导入前
(before an import)… — is kept for ``protect_days`` whatever the rotation says, because the clerk
made it on purpose or it holds the state just before a risky step; after that it rotates like the rest.
The newest backup is never deleted, however old it is.

Windows are calendar windows ending at ``now``: the last ``daily`` days (today included), the last
``weekly`` ISO weeks (this week included) and the last ``monthly`` months (this month included).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

AUTOMATIC_REASONS = frozenset({"启动", "每日"})
PROTECT_DAYS = 30
STAMP_FORMAT = "%Y%m%d-%H%M%S"

_NAME = re.compile(r"^(?P<stem>.+?)-(?P<stamp>\d{8}-\d{6})-(?P<reason>.+)\.db$")


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says: the database it copies, when, and why."""

    stem: str
    created: dt.datetime
    reason: str

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


def backup_file_name(stem: str, created: dt.datetime, reason: str) -> str:
    """``renda-20250618-093000-启动.db``."""
    return f"{stem}-{created.strftime(STAMP_FORMAT)}-{reason}.db"


def parse_backup_name(name: str) -> BackupName | None:
    """The parts of a backup file name, or None for any other file (they are never touched)."""
    match = _NAME.match(name)
    if not match:
        return None
    try:
        created = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return BackupName(match["stem"], created, match["reason"])


def is_tagged(path: str | Path) -> bool:
    """A backup made for a reason other than the automatic rotation (manual, before migration/restore…)."""
    parsed = parse_backup_name(Path(path).name)
    return parsed is not None and not parsed.automatic


def _newest_per(backups: list[tuple[str | Path, dt.datetime]], bucket, allowed) -> set:
    newest: dict = {}
    for path, when in backups:
        key = bucket(when)
        if key in allowed and (key not in newest or when > newest[key][1]):
            newest[key] = (path, when)
    return {path for path, _ in newest.values()}


def _last_days(today: dt.date, count: int) -> set:
    return {today - dt.timedelta(days=i) for i in range(count)}


def _last_weeks(today: dt.date, count: int) -> set:
    monday = today - dt.timedelta(days=today.weekday())
    return {(monday - dt.timedelta(weeks=i)).isocalendar()[:2] for i in range(count)}


def _last_months(today: dt.date, count: int) -> set:
    months = set()
    year, month = today.year, today.month
    for _ in range(count):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def backups_to_keep(backups: Iterable[tuple[str | Path, dt.datetime]], now: dt.datetime, daily: int = 7,
                    weekly: int = 4, monthly: int = 12, protect_days: int = PROTECT_DAYS) -> set:
    """The paths among ``(path, created)`` pairs that rotation keeps; the others may be deleted.

    Backups dated after ``now`` (the clock was wrong when they were written) are kept: we cannot
    tell how old they really are.
    """
    backups = list(backups)
    if not backups:
        return set()
    today = now.date()
    keep = {max(backups, key=lambda item: item[1])[0]}
    keep |= _newest_per(backups, lambda when: when.date(), _last_days(today, daily))
    keep |= _newest_per(backups, lambda when: when.isocalendar()[:2], _last_weeks(today, weekly))
    keep |= _newest_per(backups, lambda when: (when.year, when.month), _last_months(today, monthly))
    protect_from = now - dt.timedelta(days=protect_days)
    keep |= {path for path, when in backups if when > now or (when >= protect_from and is_tagged(path))}
    return keep
