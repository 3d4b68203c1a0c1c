"""Undoable roster actions (the pattern is in ui/widgets/undo.py)."""

from __future__ import annotations

from typing import Any, Iterable

from ...db import deputies as deputies_db
from ..context import AppContext
from ..widgets.undo import DataCommand


class RosterCommand(DataCommand):
    table = "deputies"


class AddDeputy(RosterCommand):
    """Undo hides the new deputy (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, deputy_id: int, name: str) -> None:
        super().__init__(ctx, f"新增代表 {name}")
        self.deputy_id = deputy_id

    @classmethod
    def run(cls, ctx: AppContext, values: dict) -> "AddDeputy":
        deputy_id = deputies_db.insert_deputy(ctx.db, values)
        return cls(ctx, deputy_id, values.get("name") or "").push()

    def apply(self) -> None:
        deputies_db.restore_deputy(self.ctx.db, self.deputy_id)

    def revert(self) -> None:
        deputies_db.soft_delete_deputy(self.ctx.db, self.deputy_id)


class EditDeputy(RosterCommand):
    def __init__(self, ctx: AppContext, deputy_id: int, old: dict, new: dict, name: str) -> None:
        super().__init__(ctx, f"修改代表 {name}")
        self.deputy_id, self.old, self.new = deputy_id, old, new

    @classmethod
    def run(cls, ctx: AppContext, deputy_id: int, values: dict) -> "EditDeputy | None":
        """None when nothing changed (no empty step on the undo stack)."""
        old = deputies_db.update_deputy(ctx.db, deputy_id, values)
        if not old:
            return None
        current = deputies_db.get_deputy(ctx.db, deputy_id)
        new = {key: current[key] for key in old}
        return cls(ctx, deputy_id, old, new, current["name"]).push()

    def apply(self) -> None:
        deputies_db.update_deputy(self.ctx.db, self.deputy_id, self.new)

    def revert(self) -> None:
        deputies_db.update_deputy(self.ctx.db, self.deputy_id, self.old)


class DeleteDeputies(RosterCommand):
    """Soft delete: the rows stay and undo restores them."""

    def __init__(self, ctx: AppContext, deputy_ids: list[int], names: list[str]) -> None:
        label = names[0] if len(names) == 1 else f"{names[0]} 等 {len(names)} 名"
        super().__init__(ctx, f"删除代表 {label}")
        self.deputy_ids = deputy_ids

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict]) -> "DeleteDeputies":
        rows = list(rows)
        ids = [row["id"] for row in rows]
        with ctx.db.atomic():
            for deputy_id in ids:
                deputies_db.soft_delete_deputy(ctx.db, deputy_id)
        return cls(ctx, ids, [row.get("name") or "" for row in rows]).push()

    def apply(self) -> None:
        for deputy_id in self.deputy_ids:
            deputies_db.soft_delete_deputy(self.ctx.db, deputy_id)

    def revert(self) -> None:
        for deputy_id in self.deputy_ids:
            deputies_db.restore_deputy(self.ctx.db, deputy_id)


class ChangeStatus(RosterCommand):
    """辞职/罢免/调离/去世/资格终止 (or back to 在任); history rows record every step, undo included."""

    def __init__(self, ctx: AppContext, olds: dict[int, dict], status: str, date: Any, reason: str | None,
                 names: list[str]) -> None:
        label = names[0] if len(names) == 1 else f"{names[0]} 等 {len(names)} 名"
        super().__init__(ctx, f"{label}状态改为{status}")
        self.olds, self.status, self.date, self.reason = olds, status, date, reason

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict], status: str, date: Any, reason: str | None) -> "ChangeStatus":
        rows = list(rows)
        olds = {}
        with ctx.db.atomic():
            for row in rows:
                olds[row["id"]] = deputies_db.change_status(ctx.db, row["id"], status, date, reason)
        return cls(ctx, olds, status, date, reason, [row.get("name") or "" for row in rows]).push()

    def apply(self) -> None:
        for deputy_id in self.olds:
            deputies_db.change_status(self.ctx.db, deputy_id, self.status, self.date, self.reason)

    def revert(self) -> None:
        for deputy_id, old in self.olds.items():
            deputies_db.change_status(self.ctx.db, deputy_id, old["status"], old["status_date"],
                                      old["status_reason"])


class ImportRoster(RosterCommand):
    """An Excel import applied in one transaction; undo reverses exactly what it inserted and updated."""

    def __init__(self, ctx: AppContext, preview, result, text: str) -> None:
        super().__init__(ctx, text)
        self.preview, self.result = preview, result

    @classmethod
    def run(cls, ctx: AppContext, preview, *, skip_errors: bool = False) -> "ImportRoster":
        from ...reports.excel import roster_import

        result = roster_import.apply(ctx.db, preview, skip_errors=skip_errors)
        inserted, updated = len(result.inserted_ids), len(result.updated)
        command = cls(ctx, preview, result, f"导入名册（新增 {inserted} 名，更新 {updated} 名）")
        command.skip_errors = skip_errors
        return command.push()

    def apply(self) -> None:
        from ...reports.excel import roster_import

        # A redo after an undo: the 导入前 backup was made by the first import.
        self.result = roster_import.apply(self.ctx.db, self.preview, skip_errors=self.skip_errors, backup=False)

    def revert(self) -> None:
        from ...reports.excel import roster_import

        roster_import.undo(self.ctx.db, self.result)
