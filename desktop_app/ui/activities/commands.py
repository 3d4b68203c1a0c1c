"""Undoable actions of the 活动登记 page: activities, their attachments, reception schedules and visits
(the pattern is in ui/widgets/undo.py)."""

from __future__ import annotations

from typing import Any, Iterable

from ...db import activities as activities_db
from ...db import attachments as attachments_db
from ...db import receptions
from ...db import suggestions as suggestions_db
from ...errors import UserError
from ..context import AppContext
from ..widgets.undo import DataCommand


def end_macro(stack) -> None:
    """End a macro; one that recorded nothing (the save was refused) leaves no empty step on the stack."""
    stack.endMacro()
    top = stack.command(stack.index() - 1)
    if top is not None and top.childCount() == 0 and not isinstance(top, DataCommand):
        top.setObsolete(True)
        stack.undo()   # Qt drops an obsolete command instead of undoing it


class ActivityCommand(DataCommand):
    table = "activities"


class AddActivity(ActivityCommand):
    """Undo hides the new activity (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, activity_id: int, theme: str) -> None:
        super().__init__(ctx, f"登记活动 {theme}")
        self.activity_id = activity_id

    @classmethod
    def run(cls, ctx: AppContext, values: dict, attendance: dict) -> "AddActivity":
        activity_id = activities_db.create_activity(ctx.db, values, attendance)
        return cls(ctx, activity_id, values.get("theme") or "").push()

    def apply(self) -> None:
        activities_db.restore_activity(self.ctx.db, self.activity_id)

    def revert(self) -> None:
        activities_db.delete_activity(self.ctx.db, self.activity_id)


class EditActivity(ActivityCommand):
    """Field changes and the attendance list as one step."""

    def __init__(self, ctx: AppContext, activity_id: int, old: dict, new: dict, old_attendance: dict | None,
                 new_attendance: dict | None, theme: str) -> None:
        super().__init__(ctx, f"修改活动 {theme}")
        self.activity_id = activity_id
        self.old, self.new = old, new
        self.old_attendance, self.new_attendance = old_attendance, new_attendance

    @classmethod
    def run(cls, ctx: AppContext, activity_id: int, values: dict, attendance: dict) -> "EditActivity | None":
        """None when nothing changed (no empty step on the undo stack)."""
        with ctx.db.atomic():
            before = activities_db.get_activity(ctx.db, activity_id)
            current = {r["deputy_id"]: (r["status"], r["reason"]) for r in before["attendance"]}
            wanted = {d: (v, None) if isinstance(v, str) else tuple(v) for d, v in attendance.items()}
            old = activities_db.update_activity(ctx.db, activity_id, values)
            old_attendance = new_attendance = None
            if wanted != current:
                old_attendance = activities_db.set_attendance(ctx.db, activity_id, wanted)
                new_attendance = wanted
        if not old and old_attendance is None:
            return None
        after = activities_db.get_activity(ctx.db, activity_id)
        new = {key: after[key] for key in old}
        return cls(ctx, activity_id, old, new, old_attendance, new_attendance, after["theme"]).push()

    def apply(self) -> None:
        if self.new:
            activities_db.update_activity(self.ctx.db, self.activity_id, self.new)
        if self.new_attendance is not None:
            activities_db.set_attendance(self.ctx.db, self.activity_id, self.new_attendance)

    def revert(self) -> None:
        if self.old:
            activities_db.update_activity(self.ctx.db, self.activity_id, self.old)
        if self.old_attendance is not None:
            activities_db.set_attendance(self.ctx.db, self.activity_id, self.old_attendance)


class DeleteActivities(ActivityCommand):
    """Soft delete: the rows (attendance, attachments) stay and undo restores them."""

    def __init__(self, ctx: AppContext, activity_ids: list[int], themes: list[str]) -> None:
        label = themes[0] if len(themes) == 1 else f"{themes[0]} 等 {len(themes)} 次"
        super().__init__(ctx, f"删除活动 {label}")
        self.activity_ids = activity_ids

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict[str, Any]]) -> "DeleteActivities":
        rows = list(rows)
        ids = [row["id"] for row in rows]
        with ctx.db.atomic():
            for activity_id in ids:
                activities_db.delete_activity(ctx.db, activity_id)
        return cls(ctx, ids, [row.get("theme") or "" for row in rows]).push()

    def apply(self) -> None:
        for activity_id in self.activity_ids:
            activities_db.delete_activity(self.ctx.db, activity_id)

    def revert(self) -> None:
        for activity_id in self.activity_ids:
            activities_db.restore_activity(self.ctx.db, activity_id)


class AttachmentChanges(DataCommand):
    """Files added to and removed from one record. Safe to undo: a removal only hides the row and the copied
    file stays in the attachments folder, so undo hides what was added and shows what was removed again."""

    def __init__(self, ctx: AppContext, table: str, added: list[int], removed: list[int], label: str) -> None:
        parts = [f"添加 {len(added)} 个" if added else "", f"移除 {len(removed)} 个" if removed else ""]
        super().__init__(ctx, f"{label}附件：{'、'.join(p for p in parts if p)}")
        self.table = table   # the owner's table, so its page shows the files again
        self.added, self.removed = list(added), list(removed)

    @classmethod
    def record(cls, ctx: AppContext, table: str, added: list[int], removed: list[int],
               label: str) -> "AttachmentChanges | None":
        """Push what was already done (None when nothing was)."""
        if not added and not removed:
            return None
        return cls(ctx, table, added, removed, label).push()

    def apply(self) -> None:
        for attachment_id in self.added:
            attachments_db.restore_attachment(self.ctx.db, attachment_id)
        for attachment_id in self.removed:
            attachments_db.remove_attachment(self.ctx.db, attachment_id)

    def revert(self) -> None:
        for attachment_id in self.added:
            attachments_db.remove_attachment(self.ctx.db, attachment_id)
        for attachment_id in self.removed:
            attachments_db.restore_attachment(self.ctx.db, attachment_id)


class ScheduleChange(DataCommand):
    """A reception schedule added, deleted, re-ruled, or replaced (station/place changed: old hidden, new added)."""

    table = "reception_schedules"

    def __init__(self, ctx: AppContext, text: str, *, shown: Iterable[int] = (), hidden: Iterable[int] = (),
                 rule: tuple[int, str, str] | None = None) -> None:
        super().__init__(ctx, text)
        self.shown, self.hidden, self.rule = list(shown), list(hidden), rule

    def apply(self) -> None:
        for schedule_id in self.hidden:
            receptions.delete_schedule(self.ctx.db, schedule_id)
        for schedule_id in self.shown:
            receptions.restore_schedule(self.ctx.db, schedule_id)
        if self.rule is not None:
            schedule_id, _old, new = self.rule
            receptions.update_schedule(self.ctx.db, schedule_id, new)

    def revert(self) -> None:
        for schedule_id in self.shown:
            receptions.delete_schedule(self.ctx.db, schedule_id)
        for schedule_id in self.hidden:
            receptions.restore_schedule(self.ctx.db, schedule_id)
        if self.rule is not None:
            schedule_id, old, _new = self.rule
            receptions.update_schedule(self.ctx.db, schedule_id, old)


class AddVisit(DataCommand):
    """Undo hides the visit (soft delete); redo shows the same row again."""

    table = "reception_visits"

    def __init__(self, ctx: AppContext, visit_id: int, name: str) -> None:
        super().__init__(ctx, f"登记来访选民 {name}")
        self.visit_id = visit_id

    @classmethod
    def run(cls, ctx: AppContext, values: dict) -> "AddVisit":
        visit_id = receptions.add_visit(ctx.db, values)
        return cls(ctx, visit_id, values.get("voter_name") or "").push()

    def apply(self) -> None:
        receptions.restore_visit(self.ctx.db, self.visit_id)

    def revert(self) -> None:
        receptions.delete_visit(self.ctx.db, self.visit_id)


class ConvertVisit(DataCommand):
    """转为意见建议: undo hides the new suggestion and frees the visit to be converted again; redo relinks."""

    table = "reception_visits"

    def __init__(self, ctx: AppContext, visit_id: int, suggestion_id: int, name: str) -> None:
        super().__init__(ctx, f"{name}来访转为意见建议")
        self.visit_id, self.suggestion_id = visit_id, suggestion_id

    @classmethod
    def run(cls, ctx: AppContext, visit: dict) -> "ConvertVisit":
        suggestion_id = suggestions_db.visit_to_suggestion(ctx.db, visit["id"])["id"]
        return cls(ctx, visit["id"], suggestion_id, visit.get("voter_name") or "").push()

    def _changed(self) -> None:
        self.ctx.events.changed.emit("suggestions")

    def redo(self) -> None:
        super().redo()
        self._changed()

    def undo(self) -> None:
        super().undo()
        self._changed()

    def apply(self) -> None:
        suggestions_db.restore_suggestion(self.ctx.db, self.suggestion_id)
        receptions.link_visit(self.ctx.db, self.visit_id, self.suggestion_id)

    def revert(self) -> None:
        current = receptions.get_visit(self.ctx.db, self.visit_id)["suggestion_id"]
        if current != self.suggestion_id:
            raise UserError("这条来访登记已在别处改动，无法撤销转为意见建议；数据未作改动。")
        if len(suggestions_db.timeline(self.ctx.db, self.suggestion_id)) > 1:
            raise UserError("由这条来访转成的意见建议已有办理步骤，无法撤销转为意见建议；数据未作改动。"
                            "如属误转，请先撤销其办理步骤。")
        suggestions_db.delete_suggestion(self.ctx.db, self.suggestion_id)
        receptions.link_visit(self.ctx.db, self.visit_id, None)
