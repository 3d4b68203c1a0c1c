"""Create or edit a vote item of a session: kind, seats, post, 另选他人, issued, 收回, double entry, candidates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ...db import deputies as deputies_db
from ...db import sessions as sessions_db
from ...db import vote_items as items_db
from ...domain.ballots import KINDS, ItemSpec, candidate_warnings
from ...domain.strokes import sort_by_strokes
from ...domain.vote_items import item_problems
from ...errors import UserError
from ...ops import vote_items as item_ops
from ..tally.entry_logic import split_names
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.screen_fit import fit_to_screen

POSTS = ("", "主席", "副主席", "镇长", "副镇长", "乡长", "副乡长", "其他")
RULES = (("majority", "过半数且得票多者入选（默认）"), ("rank_only", "按得票多少排序，不设过半数"))
NOT_COLLECTED = -1   # the 收回票数 box's 未登记
# Which field a refusal from the store belongs to, by a word of its message.
_FIELD_HINTS = (("编号", "code"), ("不能再修改类型", "kind"))


class ItemDialog(RecordDialog):
    """All fields of one item; ``accept`` writes item and candidates in one transaction.

    Each field is checked when the clerk leaves it; 保存 shows every problem at once beside its field.
    """

    def __init__(self, db, session: dict, item: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑表决事项" if item else "新建表决事项", parent)
        self.db = db
        self.session = session
        self.item = item
        self.item_id: int | None = item["id"] if item else None
        item = item or {}
        f = self.form

        self.code = f.add_field("code", "事项编号", QLineEdit(item.get("code") or self._next_code()))
        self.name = f.add_field("name", "事项名称", QLineEdit(item.get("name") or ""))
        self.name.setPlaceholderText("例如：选举镇长、关于政府工作报告的决议、2027年民生实事项目票决")
        self.kind = f.add_field("kind", "类型", QComboBox())
        self.kind.addItems(KINDS)
        self.kind.setCurrentText(item.get("kind") or "选举")
        self.post = f.add_field("post", "职务", QComboBox())
        self.post.setEditable(True)
        self.post.addItems(POSTS)
        self.post.setCurrentText(item.get("post") or "")
        self.post_label = f.labels["post"]
        self.seats = f.add_field("seats", "应选人数", QSpinBox())
        self.seats.setRange(1, 99)
        self.seats.setValue(item.get("seats") or 1)
        self.seats_label = f.labels["seats"]
        self.write_in = f.add_field("allow_write_in", "", QCheckBox("允许另选他人"))
        self.write_in.setChecked(bool(item.get("allow_write_in")))
        self.rule = f.add_field("project_rule", "票决规则", QComboBox())
        for key, text in RULES:
            self.rule.addItem(text, key)
        self.rule.setCurrentIndex(max(0, self.rule.findData((item.get("options") or {}).get("project_rule", "majority"))))
        self.rule_label = f.labels["project_rule"]
        self.issued = f.add_field("issued", "发出票数", QSpinBox())
        self.issued.setRange(0, 9999)
        self.issued.setSpecialValueText("未填")
        self.issued.setValue(item.get("issued") or 0)
        self.issued_hint = QLabel()
        self.issued_hint.setStyleSheet("color: #555;")
        if not item:
            # Ballots are handed to the deputies present: the sign-in count is the usual 发出票数.
            present = sessions_db.attendance_counts(db, session["id"])["present"]
            if present:
                self.issued.setValue(present)
                self.issued_hint.setText(f"已按签到实到人数 {present} 人填写，可修改")
                f.add_field("issued_hint", "", self.issued_hint)
        # 0 papers back is a count too: "not counted yet" is the value below it (shown 未登记).
        self.collected = f.add_field("collected", "收回票数", QSpinBox())
        self.collected.setRange(NOT_COLLECTED, 9999)
        self.collected.setSpecialValueText("未登记")
        self.collected.setValue(NOT_COLLECTED if item.get("collected") is None else item["collected"])
        self.collected.setToolTip("开箱前监票人清点的收回选票张数；录入张数等于收回票数时计票完成")
        self.printed = f.add_field("printed", "印制票数", QSpinBox())
        self.printed.setRange(0, 99999)
        self.printed.setSpecialValueText("未填")
        self.printed.setValue(item.get("printed") or 0)
        self.double_entry = f.add_field("double_entry", "", QCheckBox("双人（两组）录入，逐张核对"))
        self.double_entry.setChecked(bool(item.get("double_entry")))

        self.candidates_box = QGroupBox("候选人（按选票上的顺序）")
        self.candidate_list = QListWidget()
        self.candidate_list.setObjectName("candidateList")
        self.roster = QComboBox()
        self.roster.setEditable(True)
        self.roster.setInsertPolicy(QComboBox.NoInsert)
        self.roster.lineEdit().setPlaceholderText("从代表名册选择")
        for deputy in deputies_db.list_deputies(db, term_id=session.get("term_id")):
            self.roster.addItem(deputy["name"], deputy["id"])
        self.roster.setCurrentIndex(-1)
        add_roster = QPushButton("添加")
        add_roster.clicked.connect(self.add_from_roster)
        self.typed = QLineEdit()
        self.typed.setObjectName("typedNames")
        self.typed.setPlaceholderText("输入姓名或项目，用“、”分隔，回车添加")
        self.typed.returnPressed.connect(self.add_typed)
        add_typed = QPushButton("添加")
        add_typed.clicked.connect(self.add_typed)
        side = QVBoxLayout()
        for text, slot in (("上移", lambda: self.move(-1)), ("下移", lambda: self.move(1)), ("删除", self.remove),
                           ("按姓氏笔画排序", self.sort_strokes)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            side.addWidget(button)
            if text == "按姓氏笔画排序":
                self.sort_button = button
        side.addStretch(1)
        grid = QGridLayout(self.candidates_box)
        grid.addWidget(self.roster, 0, 0)
        grid.addWidget(add_roster, 0, 1)
        grid.addWidget(self.typed, 1, 0)
        grid.addWidget(add_typed, 1, 1)
        grid.addWidget(self.candidate_list, 2, 0)
        grid.addLayout(side, 2, 1)

        self.warnings = QLabel()
        self.warnings.setObjectName("candidateWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a6d00;")
        # The fields keep their natural height at the top (rows hidden for this kind leave no gap), and the
        # candidates stand beside them: the form's scroll area moves into a row with the candidates' box.
        grid = self.form.layout()
        grid.setRowStretch(grid.rowCount(), 1)
        layout = self.layout()
        scroll = layout.takeAt(0).widget()
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        top.addWidget(self.candidates_box, 1)
        layout.insertLayout(0, top, 1)
        layout.insertWidget(1, self.warnings)
        fit_to_screen(self, 760, 640)

        if self.item_id is not None:
            for c in items_db.candidates(db, self.item_id):
                self._append(c["name"], c.get("deputy_id"))
        for signal in (self.kind.currentTextChanged, self.post.currentTextChanged, self.seats.valueChanged,
                       self.write_in.toggled, self.issued.valueChanged, self.collected.valueChanged):
            signal.connect(self.refresh)
        self.refresh()
        # A missing name or number, or more issued than printed, shows when the clerk tabs on, not only on 保存.
        self.check_on_leave(("code", "name", "seats", "issued", "printed"), self.problems)
        self.name.setFocus()

    def keyPressEvent(self, event) -> None:
        # Enter in the two "add a candidate" boxes adds the name; it must not also press 保存 and close.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            focus = self.focusWidget()
            if focus is self.typed:
                return
            if focus is self.roster or focus is self.roster.lineEdit():
                self.add_from_roster()
                return
        super().keyPressEvent(event)

    def _next_code(self) -> str:
        codes = [i["code"] for i in items_db.list_items(self.db, self.session["id"])]
        number = 1
        while str(number) in codes:
            number += 1
        return str(number)

    # Candidates ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [self.candidate_list.item(i).text() for i in range(self.candidate_list.count())]

    def candidate_values(self) -> list[dict]:
        return [{"name": self.candidate_list.item(i).text(), "deputy_id": self.candidate_list.item(i).data(Qt.UserRole)}
                for i in range(self.candidate_list.count())]

    def _append(self, name: str, deputy_id: int | None = None) -> bool:
        name = " ".join(name.split())
        if not name or name in self.names():
            return False
        entry = QListWidgetItem(name)
        entry.setData(Qt.UserRole, deputy_id)
        self.candidate_list.addItem(entry)
        return True

    def add_from_roster(self) -> None:
        text = self.roster.currentText().strip()
        index = self.roster.findText(text)
        self._append(text, self.roster.itemData(index) if index >= 0 else None)
        self.roster.setCurrentIndex(-1)
        self.roster.clearEditText()
        self.refresh()

    def add_typed(self) -> None:
        for name in split_names(self.typed.text()):
            self._append(name)
        self.typed.clear()
        self.refresh()

    def move(self, step: int) -> None:
        row = self.candidate_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.candidate_list.count():
            return
        entry = self.candidate_list.takeItem(row)
        self.candidate_list.insertItem(target, entry)
        self.candidate_list.setCurrentRow(target)

    def remove(self) -> None:
        row = self.candidate_list.currentRow()
        if row >= 0:
            self.candidate_list.takeItem(row)
            self.refresh()

    def sort_strokes(self) -> None:
        """姓氏笔画 order in one click (the usual order of candidates on a ballot)."""
        values = {v["name"]: v["deputy_id"] for v in self.candidate_values()}
        self.candidate_list.clear()
        for name in sort_by_strokes(values):
            self._append(name, values[name])

    # Form ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        kind = self.kind.currentText()
        election = kind == "选举"
        for key in ("post", "allow_write_in"):
            self._show_field(key, election)
        self._show_field("seats", kind in ("选举", "票决"))
        self._show_field("project_rule", kind == "票决")
        self.seats_label.setText("应选人数" if election else "应选项目数")
        self.candidates_box.setVisible(kind != "表决")
        self.candidates_box.setTitle("候选人（按选票上的顺序）" if election else "项目（按选票上的顺序）")
        self.sort_button.setVisible(election)
        self.warnings.setText("\n".join("⚠ " + w for w in self.current_warnings()))

    def _show_field(self, key: str, visible: bool) -> None:
        self.form.fields[key].setVisible(visible)
        self.form.labels[key].setVisible(visible)
        if not visible:
            self.form.set_error(key, None)

    def current_warnings(self) -> list[str]:
        kind = self.kind.currentText()
        issued, collected = self.issued.value() or None, self.collected_value()
        if issued is not None and collected is not None and collected > issued:
            # Not refused: the scrutineers counted what they counted, and the vote is held again.
            return [f"收回票数 {collected} 张多于发出票数 {issued} 张：本次投票无效，应重新投票。"]
        if kind == "表决":
            return []
        try:
            spec = ItemSpec(code=self.code.text() or "1", name=self.name.text() or kind, kind=kind,
                            seats=self.seats.value(), total_deputies=0, issued=0,
                            allow_write_in=self.write_in.isChecked() and kind == "选举",
                            candidates=tuple(self.names()))
        except ValueError as err:
            return [str(err)]
        return candidate_warnings(spec, self.post.currentText().strip() or None)

    def values(self) -> dict:
        """The form as db/vote_items arguments."""
        kind = self.kind.currentText()
        options = dict((self.item or {}).get("options") or {})
        if kind == "票决":
            options["project_rule"] = self.rule.currentData()
        else:
            options.pop("project_rule", None)
        return {
            "code": self.code.text(), "name": self.name.text(), "kind": kind,
            "seats": self.seats.value() if kind in ("选举", "票决") else None,
            "post": self.post.currentText().strip() or None if kind == "选举" else None,
            "allow_write_in": self.write_in.isChecked() and kind == "选举",
            "issued": self.issued.value() or None, "printed": self.printed.value() or None,
            "collected": self.collected_value(),
            "double_entry": self.double_entry.isChecked(), "options": options or None,
        }

    def collected_value(self) -> int | None:
        value = self.collected.value()
        return None if value == NOT_COLLECTED else value

    def problems(self) -> dict[str, str]:
        """Every problem of the form at once (a candidate's under the list)."""
        values = self.values()
        return item_problems(values, self.candidate_values() if values["kind"] != "表决" else None)

    def save(self) -> None:
        problems = self.problems()
        if problems:
            raise FormErrors(problems)
        values = self.values()
        candidates = self.candidate_values() if values["kind"] != "表决" else None
        try:
            self.item_id = item_ops.save(self.db, self.session["id"], self.item_id, values, candidates).value
        except UserError as err:
            field = next((key for word, key in _FIELD_HINTS if word in str(err)), None)
            if field:
                raise FormErrors({field: str(err)}) from None
            raise
