"""The deputy form: every field with its validation message beside it; invalid data is never saved."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QVBoxLayout, QWidget,
)

from ...db import deputies as deputies_db
from ...db import districts as districts_db
from ...db import terms as terms_db
from ...domain.idcard import validate_id_number
from ...domain.roster import (
    EDUCATIONS, ETHNICITIES, GENDERS, LEVELS, OCCUPATIONS, PARTIES, SERVING, STATUSES, validate_deputy,
)
from ..context import AppContext
from ..widgets.dates import DateEdit, DateError
from ..widgets.photo import PhotoField
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.screen_fit import fit_to_screen

TEXT_FIELDS = ("name", "id_number", "work_unit", "post", "phone", "address")
CHOICE_FIELDS = {
    "gender": GENDERS, "ethnicity": ETHNICITIES, "party": PARTIES, "education": EDUCATIONS,
    "occupation": OCCUPATIONS, "level": LEVELS,
}
DATE_FIELDS = ("birth_date", "first_elected")


def choice_combo(options, *, blank: str | None = "（未填写）") -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for option in options:
        combo.addItem(option, option)
    return combo


def set_combo_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index < 0 and value not in (None, ""):
        # A value outside the list (e.g. imported long ago) is kept visible rather than lost.
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


class DeputyDialog(RecordDialog):
    """Add (``deputy`` None) or edit a deputy; ``on_save(values)`` writes and may raise errors per field."""

    def __init__(self, ctx: AppContext, on_save: Callable[[dict], None], deputy: dict | None = None,
                 parent: QWidget | None = None) -> None:
        title = "新增代表" if deputy is None else f"编辑代表：{deputy.get('name', '')}"
        super().__init__(title, parent, columns=2)
        self.ctx, self.on_save, self.deputy = ctx, on_save, deputy
        fit_to_screen(self, 760, 560)
        f = self.form
        self.name_edit = f.add_field("name", "姓名 *", QLineEdit())
        self.gender_combo = f.add_field("gender", "性别", choice_combo(GENDERS))
        self.id_edit = f.add_field("id_number", "公民身份号码", QLineEdit())
        self.id_edit.setPlaceholderText("18 位，末位可为 X")
        self.id_edit.setMaxLength(30)
        self.birth_edit = f.add_field("birth_date", "出生日期", DateEdit(allow_month=True))
        self.ethnicity_combo = f.add_field("ethnicity", "民族", choice_combo(ETHNICITIES))
        self.party_combo = f.add_field("party", "政治面貌", choice_combo(PARTIES))
        self.education_combo = f.add_field("education", "学历", choice_combo(EDUCATIONS))
        self.occupation_combo = f.add_field("occupation", "职业类别", choice_combo(OCCUPATIONS))
        self.work_edit = f.add_field("work_unit", "工作单位", QLineEdit())
        self.post_edit = f.add_field("post", "职务", QLineEdit())
        self.phone_edit = f.add_field("phone", "联系电话", QLineEdit())
        self.phone_edit.setPlaceholderText("手机或 0571-88886666")
        self.level_combo = f.add_field("level", "代表层级 *", choice_combo(LEVELS, blank=None))
        self.term_combo = f.add_field("term_id", "届次", self._term_combo(deputy))
        self.district_combo = f.add_field("district_id", "选区", QComboBox())
        self._fill_districts(self.term_combo.currentData())
        # The districts offered are those of the chosen 届次.
        self.term_combo.currentIndexChanged.connect(
            lambda _i: self._fill_districts(self.term_combo.currentData(), keep=self.district_combo.currentData()))
        self.first_elected_edit = f.add_field("first_elected", "首次当选", DateEdit(allow_month=True))
        self.reelected_check = f.add_field("reelected", "连任", QCheckBox("是连任代表"))
        self.address_edit = f.add_field("address", "住址", QLineEdit(), span=True)
        self.notes_edit = f.add_field("notes", "备注", QPlainTextEdit(), span=True)
        self.notes_edit.setFixedHeight(54)
        self.photo_field = f.add_field("photo", "照片", PhotoField(), span=True)
        if deputy is not None:
            self._add_history()
        self.id_edit.editingFinished.connect(self._fill_from_id)
        # A wrong check digit, birth date or phone shows when the clerk tabs on, not only on 保存.
        self.check_on_leave(("id_number", "birth_date", "phone", "first_elected"), self.problems)
        self._load(deputy or {"level": "乡", "ethnicity": "汉族"})
        self.name_edit.setFocus()
        if deputy is None:
            # Typing a roster by hand: save this one and start the next in the same district and level.
            self.save_next_button = self.buttons.addButton("保存并新增下一位", QDialogButtonBox.ActionRole)
            self.save_next_button.setShortcut("Ctrl+Return")
            self.save_next_button.setToolTip("保存并新增下一位（Ctrl+Enter）：保留选区和代表层级，其余清空")
            self.save_next_button.clicked.connect(self.save_and_next)
            self.saved_count = 0

    def _term_combo(self, deputy: dict | None) -> QComboBox:
        """Every 届次; a new deputy starts in the current one, a term-less one shows （未设届次） until set."""
        combo = QComboBox()
        terms = terms_db.list_terms(self.ctx.db)
        if deputy is not None and deputy.get("term_id") is None or not terms:
            combo.addItem("（未设届次）", None)
        for term in terms:
            combo.addItem(term["name"], term["id"])
        current = terms_db.current_term(self.ctx.db)
        wanted = deputy.get("term_id") if deputy is not None else (current["id"] if current else None)
        combo.setCurrentIndex(max(combo.findData(wanted), 0))
        return combo

    def _fill_districts(self, term_id: int | None, *, keep=None) -> None:
        combo = self.district_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("（未分配）", None)
        for district in districts_db.list_districts(self.ctx.db, term_id):
            combo.addItem(district["name"], district["id"])
        combo.setCurrentIndex(max(combo.findData(keep), 0))
        combo.blockSignals(False)

    def _add_history(self) -> None:
        """Status and its history, read-only here (changed through 状态变更)."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        status = self.deputy.get("status") or SERVING
        detail = "" if status == SERVING else f"（{self.deputy.get('status_date') or ''} {self.deputy.get('status_reason') or ''}）"
        self.status_label = QLabel(f"当前状态：{status}{detail}")
        layout.addWidget(self.status_label)
        history = deputies_db.status_history(self.ctx.db, self.deputy["id"])
        if history:
            self.history_list = QListWidget()
            self.history_list.setFixedHeight(min(24 * len(history) + 6, 90))
            for entry in history:
                reason = f"，{entry['reason']}" if entry.get("reason") else ""
                self.history_list.addItem(f"{entry.get('date') or entry['recorded_at'][:10]}　{entry['status']}{reason}")
            layout.addWidget(self.history_list)
        self.form.add_field("status_history", "状态记录", box, span=True)

    # Values ------------------------------------------------------------------------------
    def _load(self, row: dict) -> None:
        for key in TEXT_FIELDS:
            self.form.fields[key].setText(row.get(key) or "")
        for key in CHOICE_FIELDS:
            set_combo_data(self.form.fields[key], row.get(key))
        if row.get("term_id") is not None:
            set_combo_data(self.term_combo, row.get("term_id"))
        set_combo_data(self.district_combo, row.get("district_id"))
        for key in DATE_FIELDS:
            self.form.fields[key].set_iso(row.get(key))
        self.reelected_check.setChecked(bool(row.get("reelected")))
        self.notes_edit.setPlainText(row.get("notes") or "")
        if row.get("id"):
            # List rows leave the photo out for speed; fetch it for the form.
            self.photo_field.set_data(deputies_db.get_deputy(self.ctx.db, row["id"]).get("photo"))

    def values(self) -> dict:
        """What the form holds; raises FormErrors for dates that are not dates."""
        values, problems = self._read()
        if problems:
            raise FormErrors(problems)
        return values

    def problems(self) -> dict[str, str]:
        """Every problem of the form at once: an unreadable date no longer hides a bad phone or ID."""
        values, unreadable = self._read()
        return {**validate_deputy(values), **unreadable}

    def _read(self) -> tuple[dict, dict[str, str]]:
        """The form's values (unreadable dates as None) and the messages for those dates."""
        values: dict = {key: self.form.fields[key].text().strip() or None for key in TEXT_FIELDS}
        for key in CHOICE_FIELDS:
            values[key] = self.form.fields[key].currentData()
        values["district_id"] = self.district_combo.currentData()
        if self.term_combo.currentData() is not None:
            values["term_id"] = self.term_combo.currentData()
        values["reelected"] = 1 if self.reelected_check.isChecked() else 0
        values["notes"] = self.notes_edit.toPlainText().strip() or None
        if self.photo_field.was_changed:
            values["photo"] = self.photo_field.data
        problems = {}
        for key in DATE_FIELDS:
            try:
                values[key] = self.form.fields[key].iso()
            except DateError as err:
                values[key] = None
                problems[key] = str(err)
        return values, problems

    def _fill_from_id(self) -> None:
        """A valid ID number fills an empty birth date and gender, as clerks expect."""
        check = validate_id_number(self.id_edit.text())
        if not check.ok:
            return
        self.id_edit.setText(check.normalized)
        if not self.birth_edit.text().strip():
            self.birth_edit.set_iso(check.birth_date.isoformat())
        if self.gender_combo.currentData() is None:
            set_combo_data(self.gender_combo, check.gender)

    def save(self) -> None:
        problems = self.problems()
        if problems:
            raise FormErrors(problems)
        values = self.values()
        self.on_save(values)
        self.saved_values = values

    def save_and_next(self) -> bool:
        """Save like 保存, then an empty form for the next deputy (same district and level); errors stay."""
        if not self.try_save():
            return False
        self.saved_count += 1
        kept = {"level": self.level_combo.currentData(), "term_id": self.term_combo.currentData(),
                "district_id": self.district_combo.currentData(), "ethnicity": "汉族"}
        self._load(kept)
        self.photo_field.set_data(None)
        self.setWindowTitle(f"新增代表（本次已保存 {self.saved_count} 位，上一位：{self.saved_values.get('name')}）")
        self.name_edit.setFocus()
        return True


class StatusDialog(RecordDialog):
    """Change the status of the selected deputies with a date and a reason (kept as history)."""

    def __init__(self, names: list[str], on_save: Callable[[str, str | None, str | None], None],
                 parent: QWidget | None = None, current: str | None = None) -> None:
        who = names[0] if len(names) == 1 else f"{names[0]} 等 {len(names)} 名代表"
        super().__init__(f"状态变更：{who}", parent)
        self.on_save = on_save
        fit_to_screen(self, 460, 260)
        self.status_combo = self.form.add_field("status", "新状态", choice_combo(STATUSES, blank=None))
        others = [s for s in STATUSES if s != current]
        set_combo_data(self.status_combo, others[0] if current == SERVING or current is None else SERVING)
        self.date_edit = self.form.add_field("status_date", "变更日期", DateEdit())
        self.date_edit.set_iso(dt.date.today().isoformat())
        self.reason_edit = self.form.add_field("status_reason", "原因", QLineEdit())
        self.reason_edit.setPlaceholderText("例如 因工作调动，本人提出辞去代表职务")
        note = QLabel("变更后代表仍保留在名册档案中，可勾选“显示已离任”查看；变更记录会保存。")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignLeft)
        self.form.add_field("note", "", note, span=True)

    def save(self) -> None:
        try:
            date = self.date_edit.iso()
        except DateError as err:
            raise FormErrors({"status_date": str(err)}) from None
        status = self.status_combo.currentData()
        if status != SERVING and not date:
            raise FormErrors({"status_date": f"状态改为“{status}”时请填写变更日期"})
        self.on_save(status, date, self.reason_edit.text().strip() or None)
