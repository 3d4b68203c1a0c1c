"""意见建议 actions: new (收集), edit, delete (soft), restore, every workflow step single or bulk, and its undo.

A step (分类/交办/开始办理/答复/评价 — 不满意 reopens it — and 退办) is recorded by ``take_step``; its
``value`` lists what ``undo_step`` needs to take it back: each suggestion's workflow snapshot from before
the step and the step's event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import sqlite_utils

from ..db import suggestions as store
from ..db import transaction
from .batch import each
from .changes import Area, Changes

# Action key → the store function recording it for one suggestion, and for several at once where that exists.
STEP_FUNCTIONS = {"classify": store.classify, "assign": store.assign, "start": store.start_handling,
                  "reply": store.reply, "evaluate": store.evaluate, "return": store.return_to_classify}
BULK_FUNCTIONS = {"assign": store.bulk_assign, "reply": store.bulk_reply}


@dataclass(frozen=True)
class StepDone:
    """One suggestion's part of a recorded step: its workflow snapshot before and after, and the step's event."""

    suggestion_id: int
    before: dict
    after: dict
    event_id: int


def submitters(db: sqlite_utils.Database, suggestion_id: int) -> list[tuple[int, bool]]:
    """(deputy id, is lead) of the deputies who raised one suggestion."""
    return [(p["deputy_id"], bool(p["is_lead"])) for p in store.get_suggestion(db, suggestion_id)["submitters"]]


def add(db: sqlite_utils.Database, values: Mapping[str, Any], people: Iterable = ()) -> Changes:
    """收集: record a new suggestion (its 分类 deadline set); ``value`` is {id, deadline, warning}."""
    with transaction.write(db):
        result = store.create_suggestion(db, values, people)
    return Changes(Area.SUGGESTIONS, (result["id"],), f"已新建意见建议“{values.get('title') or ''}”。", result)


def edit(db: sqlite_utils.Database, suggestion_id: int, values: Mapping[str, Any],
         people: Iterable | None = None) -> Changes:
    """The text fields and (when given) the submitters, as one change.

    ``value`` is ``{"fields": old values of what changed, "submitters": the old list or None when unchanged}``.
    """
    with transaction.write(db):
        old_people = submitters(db, suggestion_id)
        old = store.update_suggestion(db, suggestion_id, values, people)
        people_changed = sorted(old_people) != sorted(submitters(db, suggestion_id))
    touched = bool(old) or people_changed
    return Changes(Area.SUGGESTIONS if touched else Area.NONE, (suggestion_id,), "",
                   {"fields": old, "submitters": old_people if people_changed else None})


def delete(db: sqlite_utils.Database, suggestion_ids: Iterable[int]) -> Changes:
    """Soft delete: the rows, timeline and attachments stay, and ``restore`` brings them back."""
    return each(db, suggestion_ids, store.delete_suggestion, Area.SUGGESTIONS)


def restore(db: sqlite_utils.Database, suggestion_ids: Iterable[int]) -> Changes:
    return each(db, suggestion_ids, store.restore_suggestion, Area.SUGGESTIONS)


def take_step(db: sqlite_utils.Database, action: str, suggestion_ids: Sequence[int], *args, **kwargs) -> Changes:
    """分类/交办/开始办理/答复/评价/退办 of one suggestion, or 批量交办/批量答复 of several: all or none.

    ``args``/``kwargs`` are what the store function takes after ``(db, id)`` — or ``(db, ids)`` in bulk —
    e.g. ``("A",)`` and ``{"on": "2026-03-05", "note": None}`` for 答复's class, date and note.
    ``value`` is ``(results, done)``: the store's result per suggestion and the ``StepDone`` list.
    """
    ids = list(suggestion_ids)
    with transaction.write(db):
        befores = [store.snapshot(db, i) for i in ids]
        if len(ids) > 1:
            results = BULK_FUNCTIONS[action](db, ids, *args, **kwargs)
        else:
            results = [STEP_FUNCTIONS[action](db, ids[0], *args, **kwargs)]
        done = [StepDone(i, before, store.snapshot(db, i), result["event_id"])
                for i, before, result in zip(ids, befores, results)]
    return Changes(Area.SUGGESTIONS, tuple(ids), "", (results, done))


def classify(db, suggestion_id: int, level: str, **kwargs) -> Changes:
    return take_step(db, "classify", [suggestion_id], level, **kwargs)


def assign(db, suggestion_id: int, unit_id: int, **kwargs) -> Changes:
    return take_step(db, "assign", [suggestion_id], unit_id, **kwargs)


def start_handling(db, suggestion_id: int, **kwargs) -> Changes:
    return take_step(db, "start", [suggestion_id], **kwargs)


def reply(db, suggestion_id: int, text: str, result_class: str, **kwargs) -> Changes:
    return take_step(db, "reply", [suggestion_id], text, result_class, **kwargs)


def evaluate(db, suggestion_id: int, evaluation: str, **kwargs) -> Changes:
    """满意/基本满意 closes it; 不满意 reopens it (back to 办理, a new deadline)."""
    return take_step(db, "evaluate", [suggestion_id], evaluation, **kwargs)


def return_to_classify(db, suggestion_id: int, reason: str, **kwargs) -> Changes:
    """退办: back to 分类 with the reason."""
    return take_step(db, "return", [suggestion_id], reason, **kwargs)


def bulk_assign(db, suggestion_ids: Sequence[int], unit_id: int, **kwargs) -> Changes:
    return take_step(db, "assign", suggestion_ids, unit_id, **kwargs) if len(suggestion_ids) > 1 else \
        assign(db, suggestion_ids[0], unit_id, **kwargs)


def bulk_reply(db, suggestion_ids: Sequence[int], template: str, result_class: str, **kwargs) -> Changes:
    """One reply template for several ('{标题}' becomes each title)."""
    if len(suggestion_ids) > 1:
        return take_step(db, "reply", suggestion_ids, template, result_class, **kwargs)
    title = store.get_suggestion(db, suggestion_ids[0])["title"]
    return reply(db, suggestion_ids[0], template.replace(store.REPLY_TITLE_PLACEHOLDER, title), result_class, **kwargs)


def undo_step(db: sqlite_utils.Database, done: Sequence[StepDone]) -> Changes:
    """Take back a recorded step, newest first, all or nothing: each row as it was and the step's event removed.

    Refused (UserError, nothing changed) when a later step has been recorded since, or the suggestion was
    deleted (db/suggestions.revert_step says which).
    """
    with transaction.write(db):
        for item in reversed(done):
            store.revert_step(db, item.suggestion_id, item.before, item.event_id)
    return Changes(Area.SUGGESTIONS, tuple(item.suggestion_id for item in done))
