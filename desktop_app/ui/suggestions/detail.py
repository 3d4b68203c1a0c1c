"""The detail pane of one suggestion: every field, one button per legal next step, the timeline, attachments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.roster import mask_phone
from ...domain.suggestions import PROVISIONAL, RESULT_CLASSES, next_actions, state_label
from .model import FLAG_TEXT

STEP_BUTTONS = {"classify": "分类…", "assign": "交办…", "start": "开始办理…", "reply": "答复…",
                "evaluate": "评价…", "return": "退办…"}
FIELD_ROWS = [
    ("id", "编号"), ("source", "来源"), ("date", "提出日期"), ("submitters", "提出代表"), ("voter", "选民"),
    ("field_name", "领域"), ("location", "地点"), ("level", "分类层级"), ("state", "状态"),
    ("unit_name", "主办单位"), ("co_units", "协办单位"), ("deadline", "当前期限"), ("result", "办理结果"),
    ("reply_text", "答复内容"), ("evaluation", "评价"), ("reopen_count", "重新办理"), ("content", "内容"),
]
TIMELINE_HEADERS = ["日期", "环节", "状态", "承办单位", "说明"]


def field_texts(s: dict, *, mask: bool) -> dict[str, str]:
    """What each row of the pane reads for suggestion ``s`` (as ``db.suggestions.get_suggestion`` gives it)."""
    people = "、".join(p["name"] + ("（领衔）" if p["is_lead"] and len(s["submitters"]) > 1 else "")
                      for p in s["submitters"])
    contact = s.get("voter_contact") or ""
    voter = " ".join(x for x in (s.get("voter_name") or "", mask_phone(contact) if mask and contact else contact) if x)
    deadline = s.get("deadline") or ""
    notes = [PROVISIONAL] if deadline and s.get("deadline_provisional") else []
    if deadline and s.get("flag"):
        notes.append(FLAG_TEXT[s["flag"]])
    if notes:
        deadline += f"（{'，'.join(notes)}）"
    result = f"{s['result_class']} {RESULT_CLASSES[s['result_class']]}" if s.get("result_class") else ""
    evaluation = s.get("evaluation") or ""
    if evaluation and s.get("evaluated_at"):
        evaluation += f"（{s['evaluated_at']}）"
    return {
        "id": str(s["id"]), "source": s["source"], "date": s["date"], "submitters": people, "voter": voter,
        "field_name": s.get("field_name") or "", "location": s.get("location") or "", "level": s.get("level") or "",
        "state": state_label(s["state"]), "unit_name": s.get("unit_name") or "",
        "co_units": "、".join(u["name"] for u in s["co_units"]), "deadline": deadline, "result": result,
        "reply_text": s.get("reply_text") or "", "evaluation": evaluation,
        "reopen_count": f"{s['reopen_count']} 次" if s.get("reopen_count") else "",
        "content": s.get("content") or "",
    }


class SuggestionDetail(QScrollArea):
    """Shows one suggestion; the page connects the signals to its dialogs.

    Signals:
        step_requested(str): an action key of domain.suggestions (classify, assign, start, reply, evaluate, return).
        add_attachment_requested(), open_attachment_requested(dict), remove_attachment_requested(dict).
    """

    step_requested = Signal(str)
    add_attachment_requested = Signal()
    open_attachment_requested = Signal(dict)
    remove_attachment_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title_label = QLabel("请在左侧选择一件意见建议")
        self.title_label.setObjectName("detail_title")
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(self.title_label)

        steps = QHBoxLayout()
        self.step_buttons: dict[str, QPushButton] = {}
        for action, text in STEP_BUTTONS.items():
            button = QPushButton(text)
            button.setObjectName(f"step_{action}")
            button.clicked.connect(lambda _checked=False, a=action: self.step_requested.emit(a))
            button.hide()
            steps.addWidget(button)
            self.step_buttons[action] = button
        steps.addStretch(1)
        layout.addLayout(steps)

        form = self.form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.value_labels: dict[str, QLabel] = {}
        for key, label in FIELD_ROWS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.value_labels[key] = value
            form.addRow(label + "：", value)
        layout.addLayout(form)

        timeline_box = QGroupBox("办理过程")
        timeline_layout = QVBoxLayout(timeline_box)
        self.timeline = QTableWidget(0, len(TIMELINE_HEADERS))
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(TIMELINE_HEADERS)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        for column, width in enumerate((84, 60, 86, 120)):
            self.timeline.setColumnWidth(column, width)
        self.timeline.verticalHeader().setDefaultSectionSize(self.timeline.fontMetrics().height() + 8)
        self.timeline.setMinimumHeight(170)
        timeline_layout.addWidget(self.timeline)
        layout.addWidget(timeline_box)

        files_box = QGroupBox("附件")
        files_layout = QVBoxLayout(files_box)
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.attachments.setMaximumHeight(110)
        self.attachments.itemDoubleClicked.connect(
            lambda item: self.open_attachment_requested.emit(item.data(Qt.UserRole)))
        files_layout.addWidget(self.attachments)
        file_buttons = QHBoxLayout()
        self.add_file_button = QPushButton("添加附件…")
        self.add_file_button.clicked.connect(self.add_attachment_requested.emit)
        self.open_file_button = QPushButton("打开")
        self.open_file_button.clicked.connect(lambda: self._emit_file(self.open_attachment_requested))
        self.remove_file_button = QPushButton("移除")
        self.remove_file_button.clicked.connect(lambda: self._emit_file(self.remove_attachment_requested))
        for button in (self.add_file_button, self.open_file_button, self.remove_file_button):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)
        files_layout.addLayout(file_buttons)
        layout.addWidget(files_box)
        layout.addStretch(1)
        self.setWidget(body)
        self.suggestion: dict | None = None
        self.show_suggestion(None)

    def _emit_file(self, signal) -> None:
        item = self.attachments.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.UserRole))

    def show_suggestion(self, s: dict | None, attachments: list[dict] = (), *, mask: bool = True) -> None:
        """Fill the pane (None clears it); only the steps the workflow allows now get a button."""
        self.suggestion = s
        texts = field_texts(s, mask=mask) if s else {}
        self.title_label.setText(s["title"] if s else "请在左侧选择一件意见建议")
        for key, label in self.value_labels.items():
            label.setText(texts.get(key, ""))
            # Empty rows (no voter, no co-unit yet…) are hidden so the pane reads like a filled-in form.
            self.form.setRowVisible(label, bool(texts.get(key)) or (s is not None and key == "state"))
        allowed = set(next_actions(s["state"])) if s and not s.get("deleted_at") else set()
        for action, button in self.step_buttons.items():
            button.setVisible(action in allowed)
        events = s["events"] if s else []
        self.timeline.setRowCount(len(events))
        for row, event in enumerate(events):
            state = event["to_state"] if not event["from_state"] else f"{event['from_state']}→{event['to_state']}"
            for column, value in enumerate((event["date"], event["action"], state, event.get("unit_name") or "",
                                            event.get("note") or "")):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.timeline.setItem(row, column, item)
        self.attachments.clear()
        for attachment in attachments:
            item = QListWidgetItem(f"{attachment['original_name']}（{attachment['added_at'][:10]}）")
            item.setData(Qt.UserRole, attachment)
            self.attachments.addItem(item)
        for button in (self.add_file_button, self.open_file_button, self.remove_file_button):
            button.setEnabled(s is not None)

    def timeline_rows(self) -> list[list[str]]:
        """The timeline as shown, row by row (for tests and copying)."""
        return [[self.timeline.item(r, c).text() for c in range(self.timeline.columnCount())]
                for r in range(self.timeline.rowCount())]
