"""Undoable roster actions: the record commands of ui/widgets/record_commands.py over ``ops.deputies``, with
their "changed elsewhere" guard, plus the status change and the Excel import."""

from __future__ import annotations

from typing import Any, Iterable

from ...db import deputies as deputies_db
from ...ops import deputies as deputies_ops
from ..context import AppContext
from ..widgets.record_commands import AddRecord, DeleteRecords, EditRecord, RecordCommand, RecordKind
from ..widgets.undo import DataCommand

DEPUTY = RecordKind(
    table="deputies", noun="代表", get=deputies_db.get_deputy,
    update=lambda db, deputy_id, values: deputies_ops.edit(db, deputy_id, values),
    delete=lambda db, deputy_id: deputies_ops.delete(db, [deputy_id]),
    restore=lambda db, deputy_id: deputies_ops.restore(db, [deputy_id]),
    unit="名",
)


def _label(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{names[0]} 等 {len(names)} 名"


class AddDeputy(AddRecord):
    """Undo hides the new deputy (soft delete); redo brings the same row back."""

    @classmethod
    def run(cls, ctx: AppContext, values: dict) -> "AddDeputy":
        return super().run(ctx, DEPUTY, lambda: deputies_ops.add(ctx.db, values), values.get("name") or "")

    @property
    def deputy_id(self) -> int:
        return self.record_id


class EditDeputy(EditRecord):
    """Undo/redo put the fields back, unless the deputy was changed elsewhere since (then refused)."""

    @classmethod
    def run(cls, ctx: AppContext, deputy_id: int, values: dict) -> "EditDeputy | None":
        return super().run(ctx, DEPUTY, deputy_id, values)


class DeleteDeputies(DeleteRecords):
    """Soft delete: the rows stay and undo restores them."""

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict]) -> "DeleteDeputies":
        return super().run(ctx, DEPUTY, rows)


class ChangeStatus(RecordCommand):
    """辞职/罢免/调离/去世/资格终止 (or back to 在任); history rows record every step, undo included.

    Undo and redo are refused when a deputy's status was changed elsewhere since.
    """

    def __init__(self, ctx: AppContext, olds: dict[int, dict], news: dict[int, dict], status: str,
                 names: list[str]) -> None:
        super().__init__(ctx, DEPUTY, f"{_label(names)}状态改为{status}")
        self.olds, self.news = olds, news

    @classmethod
    def run(cls, ctx: AppContext, rows: Iterable[dict], status: str, date: Any, reason: str | None) -> "ChangeStatus":
        rows = list(rows)
        ids = [row["id"] for row in rows]
        olds = deputies_ops.change_status(ctx.db, ids, status, date, reason).value
        news = {deputy_id: _status(deputies_db.get_deputy(ctx.db, deputy_id)) for deputy_id in ids}
        return cls(ctx, olds, news, status, [row.get("name") or "" for row in rows]).push()

    def apply(self) -> None:
        for deputy_id, old in self.olds.items():
            self.expect(deputy_id, old, "重做")
        deputies_ops.put_status(self.ctx.db, self.news)

    def revert(self) -> None:
        for deputy_id, new in self.news.items():
            self.expect(deputy_id, new, "撤销")
        deputies_ops.put_status(self.ctx.db, self.olds)


def _status(row: dict) -> dict:
    return {key: row[key] for key in ("status", "status_date", "status_reason")}


class ImportRoster(DataCommand):
    """An Excel import applied in one transaction; undo reverses exactly what it inserted and updated
    (refused when a deputy it updated was changed elsewhere since)."""

    table = "deputies"

    def __init__(self, ctx: AppContext, preview, result, text: str, skip_errors: bool) -> None:
        super().__init__(ctx, text)
        self.preview, self.result, self.skip_errors = preview, result, skip_errors

    @classmethod
    def run(cls, ctx: AppContext, preview, *, skip_errors: bool = False) -> "ImportRoster":
        # Imported here: the roster page opens without loading the import's workbook code.
        from ...ops import roster_import as roster_ops

        result = roster_ops.apply(ctx.db, preview, skip_errors=skip_errors).value
        inserted, updated = len(result.inserted_ids), len(result.updated)
        return cls(ctx, preview, result, f"导入名册（新增 {inserted} 名，更新 {updated} 名）", skip_errors).push()

    def apply(self) -> None:
        from ...ops import roster_import as roster_ops

        # A redo after an undo: the 导入前 backup was made by the first import.
        self.result = roster_ops.apply(self.ctx.db, self.preview, skip_errors=self.skip_errors, backup=False).value

    def revert(self) -> None:
        from ...ops import roster_import as roster_ops

        roster_ops.undo(self.ctx.db, self.result)
