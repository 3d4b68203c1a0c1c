"""Undoable suggestion actions: new, edit, delete and every workflow step, single or bulk (see ui/widgets/undo.py).

A step is taken back with ``db.suggestions.revert_step`` (the row as it was, the step's event removed, audited
as 撤销); that is refused when a later step has been recorded since, and the command then leaves the stack.
Redo records the same step again with the same date, unit, text and note.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ...db import suggestions as suggestions_db
from ...domain.suggestions import ACTION_NAMES
from ..context import AppContext
from ..widgets.undo import DataCommand

# Action key → the db function recording it for one suggestion, and for several at once where that exists.
STEP_FUNCTIONS = {"classify": suggestions_db.classify, "assign": suggestions_db.assign,
                  "start": suggestions_db.start_handling, "reply": suggestions_db.reply,
                  "evaluate": suggestions_db.evaluate, "return": suggestions_db.return_to_classify}
BULK_FUNCTIONS = {"assign": suggestions_db.bulk_assign, "reply": suggestions_db.bulk_reply}


def step_name(action: str) -> str:
    return "开始办理" if action == "start" else ACTION_NAMES[action]


def _label(titles: Sequence[str]) -> str:
    return f"“{titles[0]}”" if len(titles) == 1 else f"“{titles[0]}”等 {len(titles)} 件"


class SuggestionCommand(DataCommand):
    table = "suggestions"


class AddSuggestion(SuggestionCommand):
    """Undo hides the new suggestion (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, suggestion_id: int, title: str) -> None:
        super().__init__(ctx, f"新建意见建议“{title}”")
        self.suggestion_id = suggestion_id

    @classmethod
    def run(cls, ctx: AppContext, values: dict, submitters: Iterable = ()) -> "AddSuggestion":
        suggestion_id = suggestions_db.create_suggestion(ctx.db, values, submitters)["id"]
        return cls(ctx, suggestion_id, values.get("title") or "").push()

    def apply(self) -> None:
        suggestions_db.restore_suggestion(self.ctx.db, self.suggestion_id)

    def revert(self) -> None:
        suggestions_db.delete_suggestion(self.ctx.db, self.suggestion_id)


def _submitters(db, suggestion_id: int) -> list[tuple[int, bool]]:
    return [(p["deputy_id"], bool(p["is_lead"]))
            for p in suggestions_db.get_suggestion(db, suggestion_id)["submitters"]]


class EditSuggestion(SuggestionCommand):
    """The text fields and the submitters as one step (the workflow fields are the steps' business)."""

    def __init__(self, ctx: AppContext, suggestion_id: int, old: dict, new: dict, old_people, new_people,
                 title: str) -> None:
        super().__init__(ctx, f"修改意见建议“{title}”")
        self.suggestion_id, self.old, self.new = suggestion_id, old, new
        self.old_people, self.new_people = old_people, new_people

    @classmethod
    def run(cls, ctx: AppContext, suggestion_id: int, values: dict,
            submitters: Iterable | None = None) -> "EditSuggestion | None":
        """None when nothing changed (no empty step on the undo stack)."""
        with ctx.db.atomic():
            old_people = _submitters(ctx.db, suggestion_id)
            old = suggestions_db.update_suggestion(ctx.db, suggestion_id, values, submitters)
            new_people = _submitters(ctx.db, suggestion_id)
        people_changed = sorted(old_people) != sorted(new_people)
        if not old and not people_changed:
            return None
        current = suggestions_db.get_suggestion(ctx.db, suggestion_id)
        new = {key: current[key] for key in old}
        return cls(ctx, suggestion_id, old, new, old_people if people_changed else None,
                   new_people if people_changed else None, current["title"]).push()

    def _set(self, values: dict, people) -> None:
        suggestions_db.update_suggestion(self.ctx.db, self.suggestion_id, values, people)

    def apply(self) -> None:
        self._set(self.new, self.new_people)

    def revert(self) -> None:
        self._set(self.old, self.old_people)


class DeleteSuggestions(SuggestionCommand):
    """Soft delete: the rows, timeline and attachments stay and undo restores them."""

    def __init__(self, ctx: AppContext, suggestion_ids: list[int], titles: list[str]) -> None:
        super().__init__(ctx, f"删除意见建议{_label(titles)}")
        self.suggestion_ids = suggestion_ids

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict[str, Any]]) -> "DeleteSuggestions":
        rows = list(rows)
        ids = [row["id"] for row in rows]
        with ctx.db.atomic():
            for suggestion_id in ids:
                suggestions_db.delete_suggestion(ctx.db, suggestion_id)
        return cls(ctx, ids, [row.get("title") or "" for row in rows]).push()

    def apply(self) -> None:
        for suggestion_id in self.suggestion_ids:
            suggestions_db.delete_suggestion(self.ctx.db, suggestion_id)

    def revert(self) -> None:
        for suggestion_id in self.suggestion_ids:
            suggestions_db.restore_suggestion(self.ctx.db, suggestion_id)


class WorkflowStep(SuggestionCommand):
    """分类/交办/开始办理/答复/评价/退办 of one suggestion, or 批量交办/批量答复 of several, as one undo step.

    ``args``/``kwargs`` are what the db function takes after ``(db, id)`` — or ``(db, ids)`` in bulk —
    e.g. ``("A",)`` and ``{"on": "2026-03-05", "note": None}`` for 答复's class, date and note.
    """

    def __init__(self, ctx: AppContext, action: str, ids: list[int], titles: list[str], args: tuple,
                 kwargs: dict) -> None:
        bulk = "批量" if len(ids) > 1 else ""
        super().__init__(ctx, f"{bulk}{step_name(action)}意见建议{_label(titles)}")
        self.action, self.ids, self.args, self.kwargs = action, ids, args, kwargs
        self.done: list[tuple[int, dict, int]] = []   # (suggestion id, snapshot before, event id) per item
        self.results: list[dict] = []

    @classmethod
    def run(cls, ctx: AppContext, action: str, suggestions: Sequence[dict], *args, **kwargs) -> "WorkflowStep":
        ids = [s["id"] for s in suggestions]
        command = cls(ctx, action, ids, [s.get("title") or "" for s in suggestions], args, kwargs)
        with ctx.db.atomic():
            command._record()
        return command.push()

    def _record(self) -> None:
        db = self.ctx.db
        befores = [suggestions_db.snapshot(db, i) for i in self.ids]
        if len(self.ids) > 1:
            self.results = BULK_FUNCTIONS[self.action](db, self.ids, *self.args, **self.kwargs)
        else:
            self.results = [STEP_FUNCTIONS[self.action](db, self.ids[0], *self.args, **self.kwargs)]
        self.done = [(i, before, result["event_id"]) for i, before, result in zip(self.ids, befores, self.results)]

    def apply(self) -> None:
        self._record()

    def revert(self) -> None:
        # Newest first; one refusal rolls the whole step back (DataCommand runs this in one transaction).
        for suggestion_id, before, event_id in reversed(self.done):
            suggestions_db.revert_step(self.ctx.db, suggestion_id, before, event_id)
