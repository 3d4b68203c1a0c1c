"""接待选民日 actions: reception schedules, the voters received, and a visit turned into a suggestion."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import sqlite_utils

from ..db import reception_notice
from ..db import receptions as store
from ..db import suggestions as suggestions_db
from ..db import transaction
from ..errors import UserError
from .batch import each
from .changes import Area, Changes


def save_schedule(db: sqlite_utils.Database, schedule: Mapping[str, Any] | None, station_id: int, rule: str,
                  place: str | None, note: str | None) -> Changes:
    """Add a schedule, or change one: a new rule at the same station and place edits it in place; another
    station, place or note retires the old schedule and records a new one (so history keeps what was).

    ``value`` is ``{"schedule_id": id now in use, "rule": (id, old rule, new rule) or None, "shown": [...],
    "hidden": [...]}`` — what an undo needs; ``areas`` is NONE when nothing changed.
    """
    old = schedule or {}
    schedule_id = old.get("id")
    with transaction.write(db):
        same_place = (old.get("own_place") or "") == (place or "") and (old.get("note") or "") == (note or "")
        if schedule_id is not None and same_place and old.get("station_id") == station_id:
            before = store.schedule_rule(db, schedule_id)
            store.update_schedule(db, schedule_id, rule)
            after = store.schedule_rule(db, schedule_id)
            changed = after != before
            value = {"schedule_id": schedule_id, "rule": (schedule_id, before, after) if changed else None,
                     "shown": [], "hidden": []}
            return Changes(Area.RECEPTIONS if changed else Area.NONE, (schedule_id,), "", value)
        hidden = []
        if schedule_id is not None:
            store.delete_schedule(db, schedule_id)
            hidden.append(schedule_id)
        new_id = store.add_schedule(db, station_id, rule, place or None, note or None)
    return Changes(Area.RECEPTIONS, (new_id,), "", {"schedule_id": new_id, "rule": None, "shown": [new_id],
                                                     "hidden": hidden})


def set_rule(db: sqlite_utils.Database, schedule_id: int, rule: str) -> Changes:
    with transaction.write(db):
        store.update_schedule(db, schedule_id, rule)
    return Changes(Area.RECEPTIONS, (schedule_id,))


def show_schedules(db: sqlite_utils.Database, shown: Iterable[int] = (), hidden: Iterable[int] = ()) -> Changes:
    """Restore the ``shown`` schedules and hide the ``hidden`` ones, in one transaction (undo/redo of a save)."""
    shown, hidden = list(shown), list(hidden)
    with transaction.write(db):
        for schedule_id in hidden:
            store.delete_schedule(db, schedule_id)
        for schedule_id in shown:
            store.restore_schedule(db, schedule_id)
    return Changes(Area.RECEPTIONS, tuple(shown + hidden))


def delete_schedules(db: sqlite_utils.Database, schedule_ids: Iterable[int]) -> Changes:
    return show_schedules(db, hidden=schedule_ids)


def set_reception_time(db: sqlite_utils.Database, text: str) -> Changes:
    """The hours the 接待选民日 notices print (上午9:00—11:30); empty means that default."""
    with transaction.write(db):
        reception_notice.set_reception_time(db, text)
    return Changes(Area.SETTINGS)


def add_visit(db: sqlite_utils.Database, values: Mapping[str, Any]) -> Changes:
    """One voter received; ``value`` is the visit id."""
    with transaction.write(db):
        visit_id = store.add_visit(db, values)
    return Changes(Area.RECEPTIONS, (visit_id,), f"已登记来访选民 {values.get('voter_name') or ''}。", visit_id)


def delete_visits(db: sqlite_utils.Database, visit_ids: Iterable[int]) -> Changes:
    return each(db, visit_ids, store.delete_visit, Area.RECEPTIONS)


def restore_visits(db: sqlite_utils.Database, visit_ids: Iterable[int]) -> Changes:
    return each(db, visit_ids, store.restore_visit, Area.RECEPTIONS)


def visit_to_suggestion(db: sqlite_utils.Database, visit_id: int) -> Changes:
    """转为意见建议: a 选民意见 made of the visit, linked to it; ``value`` is the new suggestion's id."""
    with transaction.write(db):
        suggestion_id = suggestions_db.visit_to_suggestion(db, visit_id)["id"]
    return Changes(Area.RECEPTIONS | Area.SUGGESTIONS, (visit_id, suggestion_id), "", suggestion_id)


def relink_visit(db: sqlite_utils.Database, visit_id: int, suggestion_id: int) -> Changes:
    """Redo of 转为意见建议: the same suggestion shown again and linked to the visit."""
    with transaction.write(db):
        suggestions_db.restore_suggestion(db, suggestion_id)
        store.link_visit(db, visit_id, suggestion_id)
    return Changes(Area.RECEPTIONS | Area.SUGGESTIONS, (visit_id, suggestion_id))


def undo_visit_to_suggestion(db: sqlite_utils.Database, visit_id: int, suggestion_id: int) -> Changes:
    """Take back 转为意见建议: the suggestion hidden and the visit free to be converted again.

    Refused, nothing changed, when the visit was relinked elsewhere or the suggestion has had a step since.
    """
    with transaction.write(db):
        if store.get_visit(db, visit_id)["suggestion_id"] != suggestion_id:
            raise UserError("这条来访登记已在别处被修改，无法撤销转为意见建议；数据未作改动。")
        if len(suggestions_db.timeline(db, suggestion_id)) > 1:
            raise UserError("由这条来访转成的意见建议已有办理步骤，无法撤销转为意见建议；数据未作改动。"
                            "如属误转，请先撤销其办理步骤。")
        suggestions_db.delete_suggestion(db, suggestion_id)
        store.link_visit(db, visit_id, None)
    return Changes(Area.RECEPTIONS | Area.SUGGESTIONS, (visit_id, suggestion_id))
