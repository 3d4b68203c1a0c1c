"""Undoable activity actions (the pattern is in ui/widgets/undo.py)."""

from __future__ import annotations

from typing import Any, Iterable

from ...db import activities as activities_db
from ..context import AppContext
from ..widgets.undo import DataCommand


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
