"""Undoable actions of the 活动登记 page: activities, their attachments, reception schedules and visits — the
record commands of ui/widgets/record_commands.py over ``ops``, each refusing an undo or redo whose record
was changed elsewhere since."""

from __future__ import annotations

from typing import Any, Iterable

from ...db import activities as activities_db
from ...db import receptions
from ...ops import activities as activities_ops
from ...ops import attachments as attachments_ops
from ...ops import receptions as receptions_ops
from ...errors import UserError
from ...ops.guard import changed_elsewhere
from ..context import AppContext
from ..widgets.record_commands import AddRecord, DeleteRecords, RecordCommand, RecordKind
from ..widgets.undo import DataCommand
from ...ops.changes import Area


def end_macro(stack) -> None:
    """End a macro; one that recorded nothing (the save was refused) leaves no empty step on the stack."""
    stack.endMacro()
    top = stack.command(stack.index() - 1)
    if top is not None and top.childCount() == 0 and not isinstance(top, DataCommand):
        top.setObsolete(True)
        stack.undo()   # Qt drops an obsolete command instead of undoing it


ACTIVITY = RecordKind(
    table="activities", noun="活动", get=activities_db.get_activity,
    update=lambda db, activity_id, values: activities_ops.edit(db, activity_id, values).value["fields"],
    delete=lambda db, activity_id: activities_ops.delete(db, [activity_id]),
    restore=lambda db, activity_id: activities_ops.restore(db, [activity_id]),
    label=lambda row: row.get("theme") or "", unit="次",
)


class AddActivity(AddRecord):
    """Undo hides the new activity (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, kind: RecordKind, record_id: int, label: str) -> None:
        super().__init__(ctx, kind, record_id, label)
        self.setText(f"登记活动 {label}")

    @classmethod
    def run(cls, ctx: AppContext, values: dict, attendance: dict) -> "AddActivity":
        return super().run(ctx, ACTIVITY, lambda: activities_ops.add(ctx.db, values, attendance),
                           values.get("theme") or "")

    @property
    def activity_id(self) -> int:
        return self.record_id


class EditActivity(RecordCommand):
    """Field changes and the attendance list as one step; refused when the activity changed elsewhere since."""

    def __init__(self, ctx: AppContext, activity_id: int, old: dict, new: dict, old_attendance: dict | None,
                 new_attendance: dict | None, theme: str) -> None:
        super().__init__(ctx, ACTIVITY, f"修改活动 {theme}")
        self.activity_id = activity_id
        self.old, self.new = old, new
        self.old_attendance, self.new_attendance = old_attendance, new_attendance

    @classmethod
    def run(cls, ctx: AppContext, activity_id: int, values: dict, attendance: dict) -> "EditActivity | None":
        """None when nothing changed (no empty step on the undo stack)."""
        done = activities_ops.edit(ctx.db, activity_id, values, attendance).value
        old, old_attendance = done["fields"], done["attendance"]
        if not old and old_attendance is None:
            return None
        after = activities_db.get_activity(ctx.db, activity_id)
        new = {key: after[key] for key in old}
        new_attendance = activities_ops.attendance_map(ctx.db, activity_id) if old_attendance is not None else None
        return cls(ctx, activity_id, old, new, old_attendance, new_attendance, after["theme"]).push()

    def _expect(self, fields: dict, attendance: dict | None, step: str) -> None:
        self.expect(self.activity_id, fields, step)
        if attendance is not None and activities_ops.attendance_map(self.ctx.db, self.activity_id) != attendance:
            theme = activities_db.get_activity(self.ctx.db, self.activity_id)["theme"]
            raise changed_elsewhere("活动", theme, step)

    def apply(self) -> None:
        self._expect(self.old, self.old_attendance, "重做")
        activities_ops.edit(self.ctx.db, self.activity_id, self.new, self.new_attendance)

    def revert(self) -> None:
        self._expect(self.new, self.new_attendance, "撤销")
        activities_ops.edit(self.ctx.db, self.activity_id, self.old, self.old_attendance)


class DeleteActivities(DeleteRecords):
    """Soft delete: the rows (attendance, attachments) stay and undo restores them."""

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict[str, Any]]) -> "DeleteActivities":
        return super().run(ctx, ACTIVITY, rows)


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
        attachments_ops.restore(self.ctx.db, self.added, self.table)
        attachments_ops.remove(self.ctx.db, self.removed, self.table)

    def revert(self) -> None:
        attachments_ops.remove(self.ctx.db, self.added, self.table)
        attachments_ops.restore(self.ctx.db, self.removed, self.table)


class ScheduleChange(DataCommand):
    """A reception schedule added, deleted, re-ruled, or replaced (station/place changed: old hidden, new added)."""

    table = "reception_schedules"

    def __init__(self, ctx: AppContext, text: str, *, shown: Iterable[int] = (), hidden: Iterable[int] = (),
                 rule: tuple[int, str, str] | None = None) -> None:
        super().__init__(ctx, text)
        self.shown, self.hidden, self.rule = list(shown), list(hidden), rule

    @classmethod
    def save(cls, ctx: AppContext, text: str, schedule: dict | None, station_id: int, rule: str, place: str | None,
             note: str | None) -> "ScheduleChange | None":
        """Save the 接待日安排 form (ops.receptions.save_schedule); None when nothing changed."""
        done = receptions_ops.save_schedule(ctx.db, schedule, station_id, rule, place, note)
        command = cls(ctx, text, shown=done.value["shown"], hidden=done.value["hidden"], rule=done.value["rule"])
        command.schedule_id = done.value["schedule_id"]
        return command if done.areas else None

    @classmethod
    def delete(cls, ctx: AppContext, text: str, schedule_id: int) -> "ScheduleChange":
        receptions_ops.delete_schedules(ctx.db, [schedule_id])
        return cls(ctx, text, hidden=[schedule_id]).push()

    def _put_rule(self, expected: str, wanted: str, step: str) -> None:
        schedule_id = self.rule[0]
        if receptions.schedule_rule(self.ctx.db, schedule_id) != expected:
            raise UserError(f"“{self.text()}”涉及的接待日安排已在别处被修改，无法{step}这一步；数据未作改动。")
        receptions_ops.set_rule(self.ctx.db, schedule_id, wanted)

    def apply(self) -> None:
        receptions_ops.show_schedules(self.ctx.db, shown=self.shown, hidden=self.hidden)
        if self.rule is not None:
            self._put_rule(self.rule[1], self.rule[2], "重做")

    def revert(self) -> None:
        receptions_ops.show_schedules(self.ctx.db, shown=self.hidden, hidden=self.shown)
        if self.rule is not None:
            self._put_rule(self.rule[2], self.rule[1], "撤销")


class AddVisit(DataCommand):
    """Undo hides the visit (soft delete); redo shows the same row again."""

    table = "reception_visits"

    def __init__(self, ctx: AppContext, visit_id: int, name: str) -> None:
        super().__init__(ctx, f"登记来访选民 {name}")
        self.visit_id = visit_id

    @classmethod
    def run(cls, ctx: AppContext, values: dict) -> "AddVisit":
        visit_id = receptions_ops.add_visit(ctx.db, values).value
        return cls(ctx, visit_id, values.get("voter_name") or "").push()

    def apply(self) -> None:
        receptions_ops.restore_visits(self.ctx.db, [self.visit_id])

    def revert(self) -> None:
        receptions_ops.delete_visits(self.ctx.db, [self.visit_id])


class ConvertVisit(DataCommand):
    """转为意见建议: undo hides the new suggestion and frees the visit to be converted again; redo relinks."""

    table = "reception_visits"

    def __init__(self, ctx: AppContext, visit_id: int, suggestion_id: int, name: str) -> None:
        super().__init__(ctx, f"{name}来访转为意见建议")
        self.visit_id, self.suggestion_id, self.name = visit_id, suggestion_id, name

    @classmethod
    def run(cls, ctx: AppContext, visit: dict) -> "ConvertVisit":
        suggestion_id = receptions_ops.visit_to_suggestion(ctx.db, visit["id"]).value
        return cls(ctx, visit["id"], suggestion_id, visit.get("voter_name") or "").push()

    def _changed(self) -> None:
        self.ctx.announce(Area.SUGGESTIONS)

    def redo(self) -> None:
        super().redo()
        self._changed()

    def undo(self) -> None:
        super().undo()
        self._changed()

    def apply(self) -> None:
        if receptions.get_visit(self.ctx.db, self.visit_id)["suggestion_id"] is not None:
            raise changed_elsewhere("来访登记", self.name, "重做")
        receptions_ops.relink_visit(self.ctx.db, self.visit_id, self.suggestion_id)

    def revert(self) -> None:
        receptions_ops.undo_visit_to_suggestion(self.ctx.db, self.visit_id, self.suggestion_id)
