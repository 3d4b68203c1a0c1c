"""Dialogs of the suggestion page: a new or edited suggestion, and one dialog per workflow step (single or bulk)."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialogButtonBox, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QWidget,
)

from ...db import deputies as deputies_db
from ...db import suggestions as suggestions_db
from ...db import terms as terms_db
from ...domain.suggestions import ACTION_NAMES, EVALUATIONS, LEVELS, RESULT_CLASSES, SOURCES
from ...errors import UserError
from ...ops.handling_units import add_handling_unit
from ..context import AppContext
from ..widgets.checklist import CheckListDialog
from ..widgets.dates import DateError, DateEdit
from ..widgets.record_dialog import FormErrors, RecordDialog
from .commands import AddSuggestion, EditSuggestion, WorkflowStep
from ..widgets.screen_fit import fit_to_screen
from ...ops.changes import Area


def combo(items: Sequence[tuple[str, object]], current=None) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    return box


def set_combo(box: QComboBox, value) -> None:
    """Select the entry whose data is ``value`` (tests and code drive the dialogs this way)."""
    index = box.findData(value)
    if index < 0:
        raise ValueError(f"{value!r} is not offered")
    box.setCurrentIndex(index)


def _date_field(value: str | None = None) -> DateEdit:
    edit = DateEdit()
    edit.set_iso(value or dt.date.today().isoformat())
    return edit


def _iso_or_error(edit: DateEdit, key: str, *, required: bool = True) -> str | None:
    try:
        value = edit.iso()
    except DateError as err:
        raise FormErrors({key: str(err)}) from None
    if required and value is None:
        raise FormErrors({key: "请填写日期，例如 2026-03-05"})
    return value


class _SubmittersBox(QFrame):
    """The 提出代表 row (names, 领衔, 选择代表…); a field error outlines the row, not each widget in it."""

    def setStyleSheet(self, style: str) -> None:  # noqa: N802 - Qt API (ValidatedForm marks fields this way)
        super().setStyleSheet(f"#{self.objectName()} {{ {style} }}" if style else "")


class SuggestionDialog(RecordDialog):
    """New (收集) or edited suggestion: source, submitters with a lead, title, content, date, field, location."""

    def __init__(self, ctx: AppContext, suggestion: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建意见建议" if suggestion is None else f"编辑意见建议：{suggestion['title']}", parent,
                         columns=2)
        self.ctx, self.suggestion = ctx, suggestion
        self.suggestion_id = suggestion["id"] if suggestion else None
        fit_to_screen(self, 760, 560)
        s = suggestion or {"source": SOURCES[0]}
        self.source_combo = self.form.add_field("source", "来源 *", combo([(k, k) for k in SOURCES], s.get("source")))
        self.date_edit = self.form.add_field("date", "提出日期 *", _date_field(s.get("date")))
        self.title_edit = self.form.add_field("title", "标题 *", QLineEdit(s.get("title") or ""), span=True)
        self.title_edit.setPlaceholderText("例如：关于东山村道路硬化的建议")
        people = _SubmittersBox()
        row = QHBoxLayout(people)
        row.setContentsMargins(1, 1, 1, 1)
        self.submitters_label = QLabel()
        self.submitters_label.setWordWrap(True)
        choose = self.choose_button = QPushButton("选择代表…")
        choose.clicked.connect(self.choose_submitters)
        self.lead_combo = QComboBox()
        self.lead_combo.setToolTip("联名提出时的领衔代表")
        self.lead_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.lead_combo.setMinimumWidth(90)
        row.addWidget(self.submitters_label, 1)
        row.addWidget(QLabel("领衔："))
        row.addWidget(self.lead_combo)
        row.addWidget(choose)
        self.form.add_field("submitters", "提出代表", people, span=True)
        fields = suggestions_db.list_fields(ctx.db)
        self.field_combo = self.form.add_field(
            "field_id", "领域", combo([("（未填写）", None)] + [(f["name"], f["id"]) for f in fields], s.get("field_id")))
        self.location_edit = self.form.add_field("location", "地点", QLineEdit(s.get("location") or ""))
        self.voter_edit = self.form.add_field("voter_name", "选民姓名", QLineEdit(s.get("voter_name") or ""))
        self.contact_edit = self.form.add_field("voter_contact", "联系方式", QLineEdit(s.get("voter_contact") or ""))
        self.content_edit = self.form.add_field("content", "内容", QPlainTextEdit(s.get("content") or ""), span=True)
        self.content_edit.setMinimumHeight(140)
        term = terms_db.current_term(ctx.db)
        people = deputies_db.list_deputies(ctx.db, term_id=term["id"] if term else None)
        self._names = {d["id"]: d["name"] for d in people}
        self._submitters: list[int] = []
        lead = None
        for person in (suggestion or {}).get("submitters", []):
            self._names.setdefault(person["deputy_id"], person["name"])
            self._submitters.append(person["deputy_id"])
            if person["is_lead"]:
                lead = person["deputy_id"]
        self.set_submitters(self._submitters, lead=lead)
        self.choose_dialog = None
        if not self._names:
            # An empty roster: the picker would be an empty list; say what to do instead.
            self.choose_button.setEnabled(False)
            if suggestion is None:
                set_combo(self.source_combo, "选民意见")
            self.submitters_label.setText("（名册中还没有本届代表：代表建议请先到“代表名册”页面录入代表；选民意见可不选）")
        self.check_on_leave(("date",), self.problems)

    def set_submitters(self, deputy_ids: Sequence[int], *, lead: int | None = None) -> None:
        """The deputies who raised it; ``lead`` (default: the first) leads a joint suggestion."""
        self._submitters = [d for d in deputy_ids if d in self._names]
        self.lead_combo.clear()
        for deputy_id in self._submitters:
            self.lead_combo.addItem(self._names[deputy_id], deputy_id)
        if lead in self._submitters:
            self.lead_combo.setCurrentIndex(self._submitters.index(lead))
        names = "、".join(self._names[d] for d in self._submitters)
        self.submitters_label.setText(names or "（未选择；代表建议须选择提出的代表）")
        if self._submitters and self.form.error_text("submitters"):
            # Chosen now: the earlier "please choose" message no longer applies.
            self.form.errors["submitters"].show_error(None)
            self.form.fields["submitters"].setStyleSheet("")

    def choose_submitters(self) -> CheckListDialog:
        items = [(i, name, "") for i, name in self._names.items()]
        dialog = CheckListDialog("选择提出意见建议的代表", items, self._submitters, self, unit="人")
        lead = self.lead_combo.currentData()
        dialog.finished.connect(lambda ok: ok and self.set_submitters(dialog.checked_ids(), lead=lead))
        self.choose_dialog = dialog
        dialog.open()
        return dialog

    def values(self) -> dict:
        return {
            "title": self.title_edit.text().strip(), "content": self.content_edit.toPlainText().strip(),
            "source": self.source_combo.currentData(), "date": _iso_or_error(self.date_edit, "date"),
            "field_id": self.field_combo.currentData(), "location": self.location_edit.text().strip() or None,
            "voter_name": self.voter_edit.text().strip() or None,
            "voter_contact": self.contact_edit.text().strip() or None,
        }

    def problems(self) -> dict[str, str]:
        """Every problem at once (date, title, submitters), not one per click on 保存."""
        problems = {}
        try:
            _iso_or_error(self.date_edit, "date")
        except FormErrors as err:
            problems.update(err.problems)
        if not self.title_edit.text().strip():
            problems["title"] = "请填写标题，例如“关于东山村道路硬化的建议”"
        if self.source_combo.currentData() == "代表建议" and not self._submitters:
            problems["submitters"] = ("来源为代表建议时，请点“选择代表…”选出提出的代表" if self._names else
                                      "名册中还没有代表，无法登记代表建议：请先到“代表名册”录入代表，或把来源改为“选民意见”")
        return problems

    def save(self) -> None:
        problems = self.problems()
        if problems:
            raise FormErrors(problems)
        values = self.values()
        lead = self.lead_combo.currentData()
        submitters = [(d, d == lead) for d in self._submitters]
        if self.suggestion_id is None:
            self.suggestion_id = AddSuggestion.run(self.ctx, values, submitters).suggestion_id
        else:
            EditSuggestion.run(self.ctx, self.suggestion_id, values, submitters)


class StepDialog(RecordDialog):
    """One workflow step (分类/交办/办理/答复/评价/退办) for one suggestion, or 交办/答复 for several at once."""

    def __init__(self, ctx: AppContext, action: str, suggestions: Sequence[dict],
                 parent: QWidget | None = None) -> None:
        self.bulk = len(suggestions) > 1
        name = "开始办理" if action == "start" else ACTION_NAMES[action]
        what = f"{len(suggestions)} 件意见建议" if self.bulk else f"“{suggestions[0]['title']}”"
        super().__init__(f"{'批量' if self.bulk else ''}{name}：{what}", parent)
        self.buttons.button(QDialogButtonBox.Save).setText("确定")
        self.ctx, self.action, self.suggestions = ctx, action, list(suggestions)
        fit_to_screen(self, 560, 420 if action in ("assign", "reply") else 240)
        # Fields keep their natural height; spare room goes below them, not between the rows.
        self.layout().setStretch(0, 0)
        self.layout().insertStretch(1, 1)
        first = self.suggestions[0]
        if action == "classify":
            self.level_combo = self.form.add_field("level", "分类层级 *",
                                                   combo([(k, k) for k in LEVELS], first.get("level")))
            fields = suggestions_db.list_fields(ctx.db)
            self.field_combo = self.form.add_field(
                "field_id", "领域", combo([("（不变）", None)] + [(f["name"], f["id"]) for f in fields],
                                        first.get("field_id")))
        elif action == "assign":
            units = suggestions_db.list_units(ctx.db)
            self.unit_combo = self.form.add_field(
                "unit_id", "主办单位 *", combo([("（请选择）", None)] + [(u["name"], u["id"]) for u in units]))
            self.co_units = QListWidget()
            self.co_units.setMaximumHeight(150)
            for unit in units:
                item = QListWidgetItem(unit["name"])
                item.setData(Qt.UserRole, unit["id"])
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked)
                self.co_units.addItem(item)
            self.form.add_field("co_units", "协办单位", self.co_units)
            # A new office has no units yet: one is added here, without leaving 交办 for 设置.
            self.new_unit_button = QPushButton("新增承办单位…")
            self.new_unit_button.clicked.connect(lambda _checked=False: self.add_unit())
            self.form.add_field("new_unit", "", self.new_unit_button)
            self._no_units = not units
            if self._no_units:
                self.form.add_field("units_hint", "", QLabel("还没有承办单位：点“新增承办单位…”添加"
                                                             "（也可在“设置 → 活动与建议”中管理）。"))
        elif action == "reply":
            self.class_combo = self.form.add_field(
                "result_class", "办理结果 *", combo([(f"{k} {v}", k) for k, v in RESULT_CLASSES.items()]))
            self.reply_edit = self.form.add_field("reply_text", "答复内容 *", QPlainTextEdit())
            self.reply_edit.setMinimumHeight(120)
            if self.bulk:
                self.reply_edit.setPlaceholderText("所选各件共用这段答复；写“{标题}”处会换成各件的标题")
        elif action == "evaluate":
            self.evaluation_combo = self.form.add_field(
                "evaluation", "评价结果 *", combo([(k, k) for k in EVALUATIONS]))
            self.form.add_field("hint", "", QLabel("评价为“不满意”时，意见建议退回承办单位重新办理。"))
        elif action == "return":
            self.reason_edit = self.form.add_field("reason", "退办理由 *", QPlainTextEdit())
            self.reason_edit.setMaximumHeight(90)
        self.date_edit = self.form.add_field("on", f"{name}日期 *", _date_field())
        if action != "return":
            self.note_edit = self.form.add_field("note", "备注", QLineEdit())
        self.results: list[dict] = []

    def add_unit(self, name: str | None = None) -> int | None:
        """Ask for a unit's name (unless given), add it and choose it as 主办单位; returns its id."""
        if name is None:
            name, ok = QInputDialog.getText(self, "新增承办单位", "承办单位名称（如 镇农业农村办公室）：")
            if not ok or not name.strip():
                return None
        try:
            changes = add_handling_unit(self.ctx.db, name)
        except UserError as err:
            self.form.set_error("new_unit", str(err))
            return None
        self.form.set_error("new_unit", None)
        unit_id, shown = changes.value, changes.message
        unit_name = next(u["name"] for u in suggestions_db.list_units(self.ctx.db) if u["id"] == unit_id)
        self.unit_combo.addItem(unit_name, unit_id)
        self.unit_combo.setCurrentIndex(self.unit_combo.count() - 1)
        item = QListWidgetItem(unit_name)
        item.setData(Qt.UserRole, unit_id)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Unchecked)
        self.co_units.addItem(item)
        if self._no_units:
            self._no_units = False
            self.form.fields["units_hint"].setText(shown)
        self.ctx.announce(Area.PICK_LISTS)
        return unit_id

    def set_co_units(self, unit_ids: Sequence[int]) -> None:
        wanted = set(unit_ids)
        for i in range(self.co_units.count()):
            item = self.co_units.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in wanted else Qt.Unchecked)

    def co_unit_ids(self) -> list[int]:
        return [self.co_units.item(i).data(Qt.UserRole) for i in range(self.co_units.count())
                if self.co_units.item(i).checkState() == Qt.Checked]

    def save(self) -> None:
        on = _iso_or_error(self.date_edit, "on")
        note = self.note_edit.text().strip() or None if self.action != "return" else None
        rows, args, kwargs = self.suggestions, (), {"on": on}
        if self.action == "classify":
            args = (self.level_combo.currentData(),)
            kwargs.update(field_id=self.field_combo.currentData(), note=note)
        elif self.action == "assign":
            unit = self.unit_combo.currentData()
            if unit is None:
                raise FormErrors({"unit_id": "还没有承办单位，请点“新增承办单位…”添加，再交办"
                                  if self._no_units else "请选择主办单位"})
            args = (unit,)
            kwargs["co_unit_ids"] = self.co_unit_ids()
            if not self.bulk:
                kwargs["note"] = note
        elif self.action == "reply":
            text = self.reply_edit.toPlainText().strip()
            if not text:
                raise FormErrors({"reply_text": "请填写答复内容"})
            args = (text, self.class_combo.currentData())
            if not self.bulk:
                kwargs["note"] = note
        elif self.action == "evaluate":
            args = (self.evaluation_combo.currentData(),)
            kwargs["note"] = note
        elif self.action == "return":
            reason = self.reason_edit.toPlainText().strip()
            if not reason:
                raise FormErrors({"reason": "请写明退办理由，例如“不属于本单位职责”"})
            args = (reason,)
        else:
            kwargs["note"] = note
        # One undo step (Ctrl+Z) takes back the whole step, for every suggestion of a bulk action.
        self.results = WorkflowStep.run(self.ctx, self.action, rows, *args, **kwargs).results
