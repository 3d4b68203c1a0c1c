"""选票 actions on the 计票 page: add, correct, void, delete one ballot, and decide a double-entry disagreement.

Every one is refused (UserError, nothing written) on a certified item; the store audits each write.
"""

from __future__ import annotations

from typing import Any, Sequence

import sqlite_utils

from ..db import ballots as store
from ..db import transaction
from .changes import Area, Changes


def add(db: sqlite_utils.Database, item_id: int, *, serial: int, marks: str, write_ins: Sequence[str] = (),
        void: bool = False, void_reason: str | None = None, team: int = 1) -> Changes:
    """One ballot as ``team`` read it; a serial that team already entered is refused. ``value`` is its id."""
    with transaction.write(db):
        ballot_id = store.add_ballot(db, item_id, serial=serial, marks=marks, write_ins=write_ins, void=void,
                                     void_reason=void_reason, team=team)
    return Changes(Area.BALLOTS, (ballot_id,), "", ballot_id)


def correct(db: sqlite_utils.Database, ballot_id: int, *, reason: str, **values: Any) -> Changes:
    """Change marks, write-ins, 作废 or serial of an entered ballot with the reason; ``value``: old values changed."""
    with transaction.write(db):
        old = store.correct_ballot(db, ballot_id, reason=reason, **values)
    return Changes(Area.BALLOTS if old else Area.NONE, (ballot_id,), "", old)


def void(db: sqlite_utils.Database, ballot_id: int, reason: str) -> Changes:
    """作废 an entered ballot (the scrutineers declared it void); the reason is its 作废原因 too."""
    return correct(db, ballot_id, void=True, void_reason=reason, reason=f"作废：{reason}")


def delete(db: sqlite_utils.Database, ballot_id: int, reason: str) -> Changes:
    """Remove a ballot entered by mistake; its content stays in the audit log with the reason."""
    with transaction.write(db):
        store.delete_ballot(db, ballot_id, reason)
    return Changes(Area.BALLOTS, (ballot_id,))


def decide(db: sqlite_utils.Database, item_id: int, serial: int, team: int, note: str | None = None) -> Changes:
    """以一组为准/以二组为准 for one serial the two teams read differently."""
    with transaction.write(db):
        store.decide(db, item_id, serial, team, note)
    return Changes(Area.BALLOTS, (item_id,), f"第 {int(serial):03d} 号选票以{store.team_name(team)}为准。")
