"""Undoable suggestion actions: new, edit, delete and every workflow step, single or bulk — the record commands
of ui/widgets/record_commands.py over ``ops.suggestions``, each refusing an undo or redo whose record was
changed elsewhere since.

A step is taken back with ``ops.suggestions.undo_step`` (the row as it was, the step's event removed, audited
as 撤销); that is refused when a later step has been recorded since, and the command then leaves the stack.
Redo records the same step again with the same date, unit, text and note.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ...db import suggestions as suggestions_db
from ...domain.suggestions import ACTION_NAMES
from ...ops import suggestions as suggestions_ops
from ...ops.guard import changed_elsewhere
from ..context import AppContext
from ..widgets.record_commands import AddRecord, DeleteRecords, RecordCommand, RecordKind

SUGGESTION = RecordKind(
    table="suggestions", noun="意见建议", get=suggestions_db.get_suggestion,
    update=lambda db, suggestion_id, values: suggestions_ops.edit(db, suggestion_id, values).value["fields"],
    delete=lambda db, suggestion_id: suggestions_ops.delete(db, [suggestion_id]),
    restore=lambda db, suggestion_id: suggestions_ops.restore(db, [suggestion_id]),
    label=lambda row: row.get("title") or "", unit="件",
)


def step_name(action: str) -> str:
    return "开始办理" if action == "start" else ACTION_NAMES[action]


def _label(titles: Sequence[str]) -> str:
    return f"“{titles[0]}”" if len(titles) == 1 else f"“{titles[0]}”等 {len(titles)} 件"


class AddSuggestion(AddRecord):
    """Undo hides the new suggestion (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, kind: RecordKind, record_id: int, label: str) -> None:
        super().__init__(ctx, kind, record_id, label)
        self.setText(f"新建意见建议“{label}”")

    @classmethod
    def run(cls, ctx: AppContext, values: dict, submitters: Iterable = ()) -> "AddSuggestion":
        return super().run(ctx, SUGGESTION, lambda: suggestions_ops.add(ctx.db, values, submitters).value["id"],
                           values.get("title") or "")

    @property
    def suggestion_id(self) -> int:
        return self.record_id


class EditSuggestion(RecordCommand):
    """The text fields and the submitters as one step (the workflow fields are the steps' business)."""

    def __init__(self, ctx: AppContext, suggestion_id: int, old: dict, new: dict, old_people, new_people,
                 title: str) -> None:
        super().__init__(ctx, SUGGESTION, f"修改意见建议“{title}”")
        self.suggestion_id, self.old, self.new = suggestion_id, old, new
        self.old_people, self.new_people = old_people, new_people

    @classmethod
    def run(cls, ctx: AppContext, suggestion_id: int, values: dict,
            submitters: Iterable | None = None) -> "EditSuggestion | None":
        """None when nothing changed (no empty step on the undo stack)."""
        done = suggestions_ops.edit(ctx.db, suggestion_id, values, submitters).value
        old, old_people = done["fields"], done["submitters"]
        if not old and old_people is None:
            return None
        current = suggestions_db.get_suggestion(ctx.db, suggestion_id)
        new = {key: current[key] for key in old}
        new_people = suggestions_ops.submitters(ctx.db, suggestion_id) if old_people is not None else None
        return cls(ctx, suggestion_id, old, new, old_people, new_people, current["title"]).push()

    def _expect(self, fields: dict, people, step: str) -> None:
        self.expect(self.suggestion_id, fields, step)
        if people is not None and sorted(suggestions_ops.submitters(self.ctx.db, self.suggestion_id)) != sorted(people):
            title = suggestions_db.get_suggestion(self.ctx.db, self.suggestion_id)["title"]
            raise changed_elsewhere("意见建议", title, step)

    def apply(self) -> None:
        self._expect(self.old, self.old_people, "重做")
        suggestions_ops.edit(self.ctx.db, self.suggestion_id, self.new, self.new_people)

    def revert(self) -> None:
        self._expect(self.new, self.new_people, "撤销")
        suggestions_ops.edit(self.ctx.db, self.suggestion_id, self.old, self.old_people)


class DeleteSuggestions(DeleteRecords):
    """Soft delete: the rows, timeline and attachments stay and undo restores them."""

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict[str, Any]]) -> "DeleteSuggestions":
        rows = list(rows)
        command = super().run(ctx, SUGGESTION, rows)
        command.setText(f"删除意见建议{_label([row.get('title') or '' for row in rows])}")
        return command


class WorkflowStep(RecordCommand):
    """分类/交办/开始办理/答复/评价/退办 of one suggestion, or 批量交办/批量答复 of several, as one undo step.

    ``args``/``kwargs`` are what the step takes after ``(db, id)`` — or ``(db, ids)`` in bulk — e.g. ``("A",)``
    and ``{"on": "2026-03-05", "note": None}`` for 答复's class, date and note. An undo is refused when a
    suggestion's workflow fields were changed elsewhere since (a later step says so itself); a redo when
    they no longer are as before the step.
    """

    def __init__(self, ctx: AppContext, action: str, ids: list[int], titles: list[str], args: tuple,
                 kwargs: dict) -> None:
        bulk = "批量" if len(ids) > 1 else ""
        super().__init__(ctx, SUGGESTION, f"{bulk}{step_name(action)}意见建议{_label(titles)}")
        self.action, self.ids, self.args, self.kwargs = action, ids, args, kwargs
        self.done: list[suggestions_ops.StepDone] = []
        self.results: list[dict] = []

    @classmethod
    def run(cls, ctx: AppContext, action: str, suggestions: Sequence[dict], *args, **kwargs) -> "WorkflowStep":
        ids = [s["id"] for s in suggestions]
        command = cls(ctx, action, ids, [s.get("title") or "" for s in suggestions], args, kwargs)
        command._record()
        return command.push()

    def _record(self) -> None:
        self.results, self.done = suggestions_ops.take_step(self.ctx.db, self.action, self.ids, *self.args,
                                                            **self.kwargs).value

    def _title(self, suggestion_id: int) -> str:
        return suggestions_db.get_suggestion(self.ctx.db, suggestion_id)["title"]

    def apply(self) -> None:
        for item in self.done:
            if suggestions_db.snapshot(self.ctx.db, item.suggestion_id) != item.before:
                raise changed_elsewhere("意见建议", self._title(item.suggestion_id), "重做")
        self._record()

    def revert(self) -> None:
        for item in self.done:
            later = any(e["id"] > item.event_id for e in suggestions_db.timeline(self.ctx.db, item.suggestion_id))
            # A later step is refused by undo_step with its own words (which step, on which day).
            if not later and suggestions_db.snapshot(self.ctx.db, item.suggestion_id) != item.after:
                raise changed_elsewhere("意见建议", self._title(item.suggestion_id), "撤销")
        suggestions_ops.undo_step(self.ctx.db, self.done)
