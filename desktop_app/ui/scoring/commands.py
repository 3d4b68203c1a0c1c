"""Undoable manual score adjustments (加减分): adding one and removing one. A frozen year refuses both
ways with the db layer's message, so an undo never changes a frozen year's scores."""

from __future__ import annotations

from ...ops import scoring
from ..context import AppContext
from ..widgets.undo import DataCommand


class AdjustmentCommand(DataCommand):
    table = "score_adjustments"

    def __init__(self, ctx: AppContext, adjustment_id: int, text: str) -> None:
        super().__init__(ctx, text)
        self.adjustment_id = adjustment_id

    def _add(self) -> None:
        scoring.restore_adjustment(self.ctx.db, self.adjustment_id)

    def _remove(self) -> None:
        scoring.remove_adjustment(self.ctx.db, self.adjustment_id)


class AddAdjustment(AdjustmentCommand):
    @classmethod
    def run(cls, ctx: AppContext, year: int, deputy: dict, points: float, reason: str, made_by: str,
            rule_id: int | None = None, *, date=None) -> "AddAdjustment":
        adjustment_id = scoring.add_adjustment(ctx.db, year, deputy["deputy_id"], points, reason, made_by, rule_id,
                                               date=date).value
        return cls(ctx, adjustment_id, f"{deputy['name']} 加减分 {points:+g}").push()

    apply, revert = AdjustmentCommand._add, AdjustmentCommand._remove


class RemoveAdjustment(AdjustmentCommand):
    @classmethod
    def run(cls, ctx: AppContext, adjustment_id: int, label: str) -> "RemoveAdjustment":
        scoring.remove_adjustment(ctx.db, adjustment_id)
        return cls(ctx, adjustment_id, f"删除加减分 {label}").push()

    apply, revert = AdjustmentCommand._remove, AdjustmentCommand._add
