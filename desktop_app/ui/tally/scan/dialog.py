"""The 扫描计票 window: read scan files into the session, then the scrutineers decide every 待核 question.

Signals:
    changed(Changes): after an import, a decision, a 作废 or a deletion (the 计票 page reloads and announces).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ....db import ballots as ballots_db
from ....db import scans as scans_db
from ....db import sessions as sessions_db
from ....db import vote_items as items_db
from ....domain import scan_review
from ....errors import UserError
from ....ops import ballots as ballot_ops
from ....ops.changes import Changes
from ...widgets import messages
from ...widgets.screen_fit import fit_to_screen
from ...window_settings import WindowSettings
from .. import dialogs
from . import files as scan_files
from .answer_panel import AnswerPanel
from .image_view import ImageView
from .importing import CANCELLED, run_import
from .queue_model import QueueModel
from .review_queue import PendingBallot, ReviewQueue, question_label
from .summary import summary_lines

log = logging.getLogger(__name__)
NO_CHECKER = "请填写核对人（监票人）姓名。"


def _button(text: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)   # Enter confirms a write-in name; it must never click a button
    button.clicked.connect(slot)
    return button


class ScanDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db, session_id: int, *, team: int = 1, rehearsal: bool = False,
                 settings: WindowSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.rehearsal = rehearsal
        self.settings = settings or WindowSettings()
        self.queue = ReviewQueue()
        self.whole = False            # the whole ballot instead of the box's crop
        self.last: PendingBallot | None = None   # the ballot written last, for 更正
        self.last_folder = ""
        session = sessions_db.get_session(db, session_id)
        self.setWindowTitle(f"扫描计票 — {session['name']}" + ("（演练）" if rehearsal else ""))
        self._build(team)
        self.reload()
        fit_to_screen(self, 1240, 760)

    # Layout ----------------------------------------------------------------------------------
    def _build(self, team: int) -> None:
        self.team_combo = QComboBox()
        self.team_combo.addItem("一组", 1)
        self.team_combo.addItem("二组", 2)
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team)))
        self.team_combo.setToolTip("扫描读出的选票记入哪一组；记入二组即开启两组核对（扫描作为独立的第二次计票）")
        self.checker = QLineEdit(self.settings.scan_checker())
        self.checker.setObjectName("scanChecker")
        self.checker.setPlaceholderText("核定前必填")
        self.checker.setMinimumWidth(110)
        self.checker.editingFinished.connect(self._remember_checker)
        self.checker.returnPressed.connect(self._focus_review)
        self.files_button = _button("选择扫描文件…", self.choose_files)
        self.folder_button = _button("选择文件夹…", self.choose_folder)
        self.delete_button = _button("删除扫描图像…", self.delete_images)
        self.delete_button.setToolTip("本次会议扫描计票的事项全部确认结果后，可按单位要求删除保存的扫描图像")
        top = QHBoxLayout()
        for widget in (QLabel("记入"), self.team_combo, QLabel("核对人（监票人）"), self.checker,
                       self.files_button, self.folder_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.delete_button)

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("scanSummary")
        self.summary.setReadOnly(True)
        self.summary.setFocusPolicy(Qt.ClickFocus)
        self.summary.setPlaceholderText("选择扫描文件或文件夹后，这里列出读取结果：计入、待核、空白页、无法识别、外来和重复的页。")
        self.summary.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self._fit_summary()
        self.model = QueueModel(self.queue, self)
        self.table = QTableView()
        self.table.setObjectName("scanQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setFocusPolicy(Qt.NoFocus)   # the review's keys (空格, digits) go to the dialog
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((36, 44, 200, 40, 130, 50)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.clicked.connect(lambda index: self._go(index.row()))
        self.queue_label = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("读取结果"))
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.queue_label)
        left_layout.addWidget(self.table, 1)

        self.question_label = QLabel()
        self.question_label.setObjectName("scanQuestion")
        self.question_label.setWordWrap(True)
        self.question_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.image = ImageView()
        self.image.setObjectName("scanImage")
        self.whole_button = QPushButton("整张选票（Z）")
        self.whole_button.setCheckable(True)
        self.whole_button.setAutoDefault(False)
        self.whole_button.setFocusPolicy(Qt.NoFocus)
        self.whole_button.toggled.connect(self._show_whole)
        self.why = QLineEdit()
        self.why.setObjectName("scanWhy")
        self.why.setPlaceholderText("说明（可选，记入审计日志），例如：圈画不清，经监票人共同辨认")
        self.panel = AnswerPanel()
        self.panel.answered.connect(self.answer)
        self.panel.voidRequested.connect(self.void_current)
        self.panel.backRequested.connect(self.back)
        heading = QHBoxLayout()
        heading.addWidget(self.question_label, 1)
        heading.addWidget(self.whole_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(heading)
        right_layout.addWidget(self.image, 1)
        right_layout.addWidget(self.panel)
        right_layout.addWidget(self.why)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 680])

        self.status = QLabel()
        self.status.setObjectName("scanStatus")
        self.status.setWordWrap(True)
        self.correct_button = _button("更正刚核定的选票…", self.correct_last)
        self.correct_button.setToolTip("核定或作废后发现按错了：按原票更正刚写入的那张选票（要写更正理由）")
        self.correct_button.setEnabled(False)
        close = _button("关闭", self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    # The queue -------------------------------------------------------------------------------
    def reload(self) -> None:
        """The session's pending ballots and their questions, afresh from the database."""
        items: dict[int, dict] = {}
        ballots = []
        for scanned in scans_db.pending(self.db, session_id=self.session_id):
            item = items.get(scanned["item_id"])
            if item is None:
                item = items[scanned["item_id"]] = items_db.get_item(self.db, scanned["item_id"])
            questions = scan_review.questions(item["kind"], scanned["reading"], scanned["layout"])
            ballots.append(PendingBallot(scanned, item, list(questions)))
        self.queue.load(ballots)
        self.model.reset()
        count = len(self.queue.ballots)
        self.queue_label.setText(f"待核：{count} 张选票，{len(self.queue)} 项" if count else "待核：没有")
        self.show_current()

    def show_current(self) -> None:
        row = self.queue.row()
        self.whole_button.setEnabled(row is not None)
        if row is None:
            self.question_label.setText("没有待核的选票")
            self.image.set_text("选择扫描文件后，读票没有把握的标记会逐项列在这里，由监票人对照图像核定。")
            self.panel.set_question(None, None)
            return
        question = row.question
        position = [r for r in self.queue.rows if r.ballot is row.ballot].index(row) + 1
        score = "" if question.score is None else f"　得分 {question.score:.2f}"
        note = f"　{question.note}" if question.note else ""
        self.question_label.setText(f"{row.ballot.title()}　第 {position}/{len(row.ballot.questions)} 项："
                                    f"{question_label(question)}{score}{note}")
        self._show_image()
        self.panel.set_question(row.ballot, question)
        self.table.selectRow(self.queue.current)
        self.table.scrollTo(self.model.index(self.queue.current, 0))
        self._focus_review()

    def _show_image(self) -> None:
        from ....ops import scan_ballots as scan_ops   # NumPy and OpenCV only once an image is shown

        row = self.queue.row()
        if row is None:
            return
        try:
            if self.whole:
                array = scan_ops.ballot_image(self.db, row.ballot.id, highlight=row.question.key)
            else:
                array = scan_ops.box_crop(self.db, row.ballot.id, row.question.key)
        except UserError as err:
            self.image.set_text(str(err))
            return
        except Exception:  # noqa: BLE001 - a picture that cannot be drawn must not stop the review
            log.exception("scan image of %s", row.question.key)
            self.image.set_text("无法显示这一格的扫描图像（已记入日志）。请对照纸质选票核定。")
            return
        self.image.set_array(array)

    def _show_whole(self, whole: bool) -> None:
        self.whole = whole
        self._show_image()
        self._focus_review()

    def _go(self, index: int) -> None:
        self.queue.go(index)
        self.model.reset()
        self.show_current()

    def _focus_review(self) -> None:
        row = self.queue.row()
        if row is not None and row.question.kind == "write_in":
            self.panel.focus_name()
        else:
            self.image.setFocus()

    # Deciding --------------------------------------------------------------------------------
    def checker_name(self) -> str | None:
        """The 核对人, or None after saying it is required (the field gets the focus)."""
        name = self.checker.text().strip()
        if not name:
            self.say(NO_CHECKER, error=True)
            self.checker.setFocus()
            return None
        return name

    def answer(self, value: str) -> None:
        if self.queue.row() is None or self.checker_name() is None:
            return
        index = self.queue.current
        ballot = self.queue.answer(value)
        self.model.answered(index)
        if ballot is not None:
            self.decide(ballot)
            return
        self.show_current()

    def decide(self, ballot: PendingBallot) -> None:
        """Every question of ``ballot`` answered: write it through ``decide_scanned``."""
        from ....ops import scan_ballots as scan_ops

        try:
            changes = scan_ops.decide_scanned(self.db, ballot.id, dict(self.queue.answers[ballot.id]),
                                              by=self.checker.text().strip(), why=self.why.text().strip())
        except UserError as err:
            messages.show_error(self, err, "核定未保存")
            self.show_current()
            return
        self._done(changes, ballot, "已核定并计入。")

    def void_current(self) -> None:
        row = self.queue.row()
        if row is None:
            return
        by = self.checker_name()
        if by is None:
            return
        reason = dialogs.ask_text(self, "作废选票", f"{row.ballot.title()}作废的原因（必填，记入审计日志）：")
        if not reason:
            return
        from ....ops import scan_ballots as scan_ops

        try:
            changes = scan_ops.void_scanned(self.db, row.ballot.id, reason=reason, by=by)
        except UserError as err:
            messages.show_error(self, err, "作废未保存")
            return
        self._done(changes, row.ballot, "已作为作废票计入。")

    def _done(self, changes: Changes, ballot: PendingBallot, text: str) -> None:
        self.last = ballot
        self.correct_button.setEnabled(True)
        self.correct_button.setText(f"更正第 {ballot.serial:03d} 号…")
        text = f"{ballot.title()} {text}"
        self.why.clear()
        self.changed.emit(changes)
        self.reload()
        left = len(self.queue.ballots)
        self.say(text + (f"还有 {left} 张待核。" if left else "全部待核选票已核定。"))

    def correct_last(self) -> None:
        """The ballot just written, through the 计票 page's own correction (marks, 作废, with a reason)."""
        if self.last is None:
            return
        scanned = self.last.scanned
        ballot = ballots_db.find_ballot(self.db, scanned["item_id"], scanned["serial"], scanned["team"])
        if ballot is None:
            return
        dialog = dialogs.CorrectionDialog(items_db.item_spec(self.db, scanned["item_id"]), ballot, self)
        if dialog.exec() != QDialog.Accepted:
            return
        try:
            changes = ballot_ops.correct(self.db, ballot["id"], **dialog.values())
        except UserError as err:
            messages.show_error(self, err, "更正未保存")
            return
        self.changed.emit(changes)
        self.say(f"{self.last.title()} 已更正。")

    def back(self) -> None:
        if self.queue.back():
            self.model.reset()
            self.show_current()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            super().keyPressEvent(event)
            return
        if key == Qt.Key_Delete:
            self.void_current()
        elif key == Qt.Key_Backspace:
            self.back()
        elif key == Qt.Key_Z:
            self.whole_button.toggle()
        elif (value := self.panel.answer_for_key(key)) is not None:
            self.answer(value)
        else:
            super().keyPressEvent(event)

    # Files -----------------------------------------------------------------------------------
    def choose_files(self) -> None:
        chosen = scan_files.pick_files(self, self.last_folder)
        if chosen:
            self.last_folder = str(chosen[0].parent)
            self.import_files(chosen)

    def choose_folder(self) -> None:
        folder = scan_files.pick_folder(self, self.last_folder)
        if folder is None:
            return
        self.last_folder = str(folder)
        try:
            found = scan_files.files_in(folder)
        except OSError as err:
            messages.show_error(self, UserError(f"无法读取文件夹“{folder}”：{err.strerror or err}"))
            return
        if not found:
            messages.show_error(self, UserError(f"文件夹“{folder.name}”中没有扫描文件（PDF、JPEG、PNG 或 TIFF）。"),
                                "没有可读取的文件")
            return
        self.import_files(found)

    def import_files(self, chosen: list[Path]) -> None:
        """Read the files into the session as the chosen team's ballots; the summary lists every page."""
        try:
            changes = run_import(self, self.db, chosen, session_id=self.session_id,
                                 team=self.team_combo.currentData(), rehearsal=self.rehearsal)
        except UserError as err:
            messages.show_error(self, err, "读取未完成，没有写入任何内容")
            return
        finally:
            self.activateWindow()   # back from the progress window: the keys go to the review again
        if changes is None:
            self.say(CANCELLED)
            return
        self.summary.setPlainText("\n".join(summary_lines(changes.value)))
        self._fit_summary()
        self.changed.emit(changes)
        self.reload()
        self.say(changes.message or "读取完成。")

    def delete_images(self) -> None:
        if not any(f["stored"] for f in scans_db.scan_files(self.db, self.session_id)):
            self.say("本次会议没有保存的扫描图像，不需要删除。")
            return
        by = self.checker_name()
        if by is None:
            return
        if not messages.confirm(self, "删除扫描图像",
                                "将删除本次会议保存的全部扫描图像（包括备份文件夹中的副本），计票结果和审计日志不受影响。"
                                "\n只有扫描计票的事项全部确认结果后才能删除；否则会被拒绝。\n\n确定删除吗？"):
            return
        reason = dialogs.ask_text(self, "删除扫描图像", "删除的理由（必填，记入审计日志），例如：按单位规定计票结束后删除：")
        if not reason:
            return
        from ....ops import scan_ballots as scan_ops

        try:
            changes = scan_ops.delete_scan_images(self.db, self.session_id, by=by, reason=reason)
        except UserError as err:
            messages.show_error(self, err, "扫描图像未删除")
            return
        self.changed.emit(changes)
        self.reload()
        self.say(changes.message or "扫描图像已删除。")

    def done(self, result: int) -> None:
        """Closing: answers of a ballot not yet complete are only in memory, so ask before dropping them."""
        partial = [b for b in self.queue.ballots if self.queue.answers.get(b.id)]
        if partial and not messages.confirm(
                self, "关闭扫描计票", f"{'、'.join(b.title() for b in partial)}还没有核定完，已按的答案不会保存；"
                "下次打开时要重新核定这张选票。\n\n确定关闭吗？"):
            return
        self._remember_checker()
        super().done(result)

    # Small things ----------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "")

    def _fit_summary(self) -> None:
        """As tall as its lines (3 to 10), so that every page list is seen without scrolling."""
        lines = max(3, min(10, self.summary.document().lineCount() + 1))
        self.summary.setFixedHeight(lines * self.summary.fontMetrics().lineSpacing() + 12)

    def _remember_checker(self) -> None:
        self.settings.set_scan_checker(self.checker.text().strip())
