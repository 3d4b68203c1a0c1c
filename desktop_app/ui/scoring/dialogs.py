"""Dialogs of the 履职积分 page: a manual bonus/deduction, 审核冻结 and 解除冻结 (each needs a person or a reason)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...db import scoring
from ...domain.scoring import MANUAL, points_text
from ...errors import UserError
from ...ops import scoring as scoring_ops
from ..context import AppContext
from ..widgets.dates import DateEdit
from ..widgets.progress import run_with_progress
from ..widgets.record_dialog import FormErrors, RecordDialog
from .commands import AddAdjustment
from ..widgets.screen_fit import fit_to_screen


def last_operator(ctx: AppContext) -> str:
    """The last 经办人/审核人 typed, offered next time (remembered by the ops step that used it)."""
    return scoring_ops.last_operator(ctx.db)


class AdjustmentDialog(RecordDialog):
    """加减分: points (negative for a deduction), an optional manual rule, the reason and who made it."""

    def __init__(self, ctx: AppContext, year: int, deputy: dict, parent: QWidget | None = None) -> None:
        super().__init__(f"手工加减分：{deputy['name']}（{year}年度）", parent)
        self.ctx, self.year, self.deputy = ctx, year, deputy
        self.adjustment_id: int | None = None
        fit_to_screen(self, 460, 340)
        self.points_edit = QDoubleSpinBox()
        self.points_edit.setRange(-100, 100)
        self.points_edit.setDecimals(1)
        self.points_edit.setSingleStep(1)
        self.form.add_field("points", "分值（扣分填负数）*", self.points_edit)
        self.rule_combo = QComboBox()
        self.rule_combo.addItem("（不关联规则）", None)
        for rule in scoring_ops.open_year(ctx.db, year).value:
            if rule["source"] == MANUAL:
                cap = f"，年度上限 {points_text(rule['cap'])} 分" if rule["cap"] is not None else ""
                self.rule_combo.addItem(f"{rule['item']}（每次 {points_text(rule['points'])} 分{cap}）", rule["id"])
        self.rule_combo.currentIndexChanged.connect(self._rule_chosen)
        self.form.add_field("rule_id", "关联规则", self.rule_combo)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setFixedHeight(64)
        self.reason_edit.setPlaceholderText("例如：获评县级优秀人大代表；无故不参加代表培训")
        self.form.add_field("reason", "理由 *", self.reason_edit)
        self.made_by_edit = QLineEdit(last_operator(ctx))
        self.form.add_field("made_by", "经办人 *", self.made_by_edit)
        self.date_edit = DateEdit()
        today = dt.date.today()
        # An adjustment for a past year is dated within that year, so the quarterly lists place it.
        self.date_edit.set_iso(today.isoformat() if today.year == year else f"{year}-12-31")
        self.form.add_field("date", "日期", self.date_edit)
        hint = QLabel("加减分单列，不改变按记录计算的积分；年度审核冻结后不能再加减分。")
        hint.setWordWrap(True)
        self.form.add_field("hint", "", hint, span=True)

    def _rule_chosen(self) -> None:
        rule_id = self.rule_combo.currentData()
        if rule_id is None:
            return
        rule = scoring.get_rule(self.ctx.db, rule_id)
        self.points_edit.setValue(float(rule["points"]))
        if not self.reason_edit.toPlainText().strip():
            self.reason_edit.setPlainText(rule["item"])

    def save(self) -> None:
        points = self.points_edit.value()
        reason = self.reason_edit.toPlainText().strip()
        made_by = self.made_by_edit.text().strip()
        problems = {}
        if points == 0:
            problems["points"] = "请填写分值，扣分填负数"
        if not reason:
            problems["reason"] = "请写明加减分的理由"
        if not made_by:
            problems["made_by"] = "请填写经办人"
        if problems:
            raise FormErrors(problems)
        try:
            day = self.date_edit.iso()
        except ValueError as err:
            raise FormErrors({"date": str(err)}) from None
        command = AddAdjustment.run(self.ctx, self.year, self.deputy, points, reason, made_by,
                                    self.rule_combo.currentData(), date=day)
        self.adjustment_id = command.adjustment_id


class FreezeDialog(RecordDialog):
    """审核冻结: who checked the scores and an optional note."""

    def __init__(self, ctx: AppContext, year: int, count: int, parent: QWidget | None = None) -> None:
        super().__init__(f"审核冻结 {year} 年度积分", parent)
        self.ctx, self.year = ctx, year
        fit_to_screen(self, 460, 260)
        text = QLabel(f"将把 {count} 名代表的{year}年度积分、等次和名次固定下来。冻结后，活动、建议等记录"
                      "或积分规则的修改都不再影响该年度积分，也不能再加减分。")
        text.setWordWrap(True)
        self.form.add_field("info", "", text, span=True)
        self.by_edit = QLineEdit(last_operator(ctx))
        self.form.add_field("by", "审核人 *", self.by_edit)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例如：经主席团会议审核")
        self.form.add_field("note", "备注", self.note_edit)
        self.buttons.button(self.buttons.StandardButton.Save).setText("审核冻结")

    def save(self) -> None:
        by = self.by_edit.text().strip()
        if not by:
            raise FormErrors({"by": "请填写审核人"})
        note = self.note_edit.text().strip() or None
        done = run_with_progress(self, "审核冻结", lambda progress: scoring_ops.freeze_year(
            self.ctx.db, self.year, by, note, progress=progress), label=f"正在冻结 {self.year} 年度积分…")
        if done is None:
            raise UserError("已取消，积分没有冻结。")
        self.ctx.announce(done)


class UnfreezeDialog(RecordDialog):
    """解除冻结: a reason is required; it is written to the audit log with the frozen totals."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(f"解除 {year} 年度积分冻结", parent)
        self.ctx, self.year = ctx, year
        fit_to_screen(self, 460, 260)
        info = scoring.freeze_info(ctx.db, year) or {}
        text = QLabel(f"{year}年度积分于{(info.get('frozen_at') or '')[:10]}由{info.get('frozen_by', '')}审核冻结。"
                      "解除后积分将按当前记录和规则重新计算，原冻结结果保存在操作日志中。")
        text.setWordWrap(True)
        self.form.add_field("info", "", text, span=True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setFixedHeight(64)
        self.form.add_field("reason", "解除理由 *", self.reason_edit)
        self.by_edit = QLineEdit(last_operator(ctx))
        self.form.add_field("by", "经办人", self.by_edit)
        self.buttons.button(self.buttons.StandardButton.Save).setText("解除冻结")

    def save(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        if not reason:
            raise FormErrors({"reason": "请写明解除冻结的理由"})
        self.ctx.announce(scoring_ops.unfreeze_year(self.ctx.db, self.year, reason,
                                                    by=self.by_edit.text().strip() or None))
