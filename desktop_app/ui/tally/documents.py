"""Result documents of an item (报告单, 公告, 表决/票决/测评结果, 当选证书) and the certificate offset calibration."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ...db import vote_items as items_db
from ...errors import UserError
from ...ops import session_documents as documents
from ...ops.session_documents import certificate_offset, save_certificate_offset
from .. import print_preview
from ..widgets import messages


class ResultDocuments:
    """Previews the documents of one item, made by ``ops.session_documents``; every method shows its own errors."""

    def __init__(self, db, parent: QWidget) -> None:
        self.db = db
        self.parent = parent

    def _preview(self, render, name, title: str):
        try:
            file_name = name()
        except UserError as err:
            messages.show_error(self.parent, err)
            return None
        return print_preview.render_and_preview(self.parent, render, file_name, title=title)

    def tally_report(self, item_id: int):
        return self._preview(lambda path: documents.render_tally_report(self.db, item_id, path),
                             lambda: documents.tally_report_name(self.db, item_id), "计票结果报告单")

    def announcement(self, item_ids: list[int]):
        """选举结果公告 of one or several 选举 items."""
        return self._preview(lambda path: documents.render_announcement(self.db, item_ids, path),
                             lambda: documents.announcement_name(self.db, item_ids), "选举结果公告")

    def vote_result(self, item_id: int):
        label = documents.vote_document_label(items_db.get_item(self.db, item_id))
        return self._preview(lambda path: documents.render_vote_result(self.db, item_id, path),
                             lambda: documents.vote_result_name(self.db, item_id), label)

    def certificates(self, item_id: int, names: list[str] | None = None,
                     offset: tuple[float, float] | None = None):
        """当选证书 for the elected of the item (or the given names, e.g. a calibration sample)."""
        try:
            documents.certificate_people(self.db, item_id, names)
        except UserError as err:
            messages.show_error(self.parent, err)
            return None
        if names is None and items_db.get_item(self.db, item_id)["status"] != items_db.CERTIFIED:
            # Certificates go on pre-printed card stock and carry no 草稿 mark: printing them for an
            # unconfirmed result risks handing out a certificate the count may still change.
            if not messages.confirm(self.parent, "结果尚未确认",
                           "本事项的计票结果还是草稿，当选证书上不会有“草稿”字样。\n"
                           "一般应先“确认结果”再打印当选证书。仍要现在预览吗？"):
                return None
        return self._preview(
            lambda path: documents.render_election_certificates(self.db, item_id, path, names=names, offset=offset),
            lambda: documents.certificates_name(self.db, item_id), "当选证书")


class OffsetDialog(QDialog):
    """Calibrate where the certificate text lands on the pre-printed card: move right/down in millimetres."""

    def __init__(self, db, documents: ResultDocuments | None = None, item_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.documents = documents
        self.item_id = item_id
        self.setWindowTitle("当选证书位置校准")
        x, y = certificate_offset(db)
        self.x = QDoubleSpinBox()
        self.y = QDoubleSpinBox()
        for spin, value in ((self.x, x), (self.y, y)):
            spin.setRange(-30.0, 30.0)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" 毫米")
            spin.setValue(value)
        help_text = QLabel("先用普通纸打印一张试印页，叠在证书卡片上对光查看：\n"
                           "文字偏左就把“向右”调大，偏上就把“向下”调大；负数表示向左、向上。")
        help_text.setWordWrap(True)
        form = QFormLayout()
        form.addRow("向右移动", self.x)
        form.addRow("向下移动", self.y)
        test = QPushButton("打印试印页…")
        test.clicked.connect(self.print_test)
        test.setEnabled(documents is not None and item_id is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(form)
        layout.addWidget(test)
        layout.addWidget(buttons)

    def print_test(self) -> None:
        # The test page uses the values on screen; they are saved only with 保存.
        self.documents.certificates(self.item_id, names=["张三"], offset=(self.x.value(), self.y.value()))

    def accept(self) -> None:
        save_certificate_offset(self.db, self.x.value(), self.y.value())
        super().accept()
