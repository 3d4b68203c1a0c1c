"""Result documents of an item (报告单, 公告, 表决/票决/测评结果, 当选证书) and the certificate offset calibration."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ...db import ballots as ballots_db
from ...db import sessions as sessions_db
from ...db import settings
from ...db import vote_items as items_db
from .. import print_preview

OFFSET_KEY = "certificate_offset_mm"
VOTE_DOCUMENT = {"表决": "表决结果", "票决": "票决结果", "测评": "测评结果"}


def certificate_offset(db) -> tuple[float, float]:
    """(x, y) in millimetres saved for the printer chosen in 设置 → 打印校准; (0, 0) until calibrated."""
    from ...db import print_offsets

    return print_offsets.current_offset(db, print_offsets.ELECTION_TEMPLATE)


def save_certificate_offset(db, x: float, y: float) -> None:
    from ...db import print_offsets

    print_offsets.set_offset(db, print_offsets.current_printer(db), print_offsets.ELECTION_TEMPLATE, x, y)


def report_context(db, item_id: int) -> dict:
    """The context dict of reports/pdf/session_reports for one item."""
    item = items_db.get_item(db, item_id)
    session = sessions_db.get_session(db, item["session_id"])
    counts = sessions_db.attendance_counts(db, session["id"])
    context = {
        "township": settings.get(db, "township_name"),
        "session_name": session["name"],
        "date": session["end_date"] or session["start_date"] or dt.date.today().isoformat(),
        "place": session["place"],
        "certified": item["status"] == items_db.CERTIFIED,
        "project_rule": (item["options"] or {}).get("project_rule", "majority"),
    }
    if counts["present"]:
        context["present"] = counts["present"]
    if item["post"]:
        context["posts"] = {item["name"]: item["post"], item["code"]: item["post"]}
        context["post"] = item["post"]
    return context


def _file_name(label: str, item: dict) -> str:
    from ...reports.pdf.watermark import result_file_name

    return result_file_name(label, item["name"], item["status"] == items_db.CERTIFIED)


class ResultDocuments:
    """Makes and previews the documents of one item; every method shows its own errors."""

    def __init__(self, db, parent: QWidget) -> None:
        self.db = db
        self.parent = parent

    def tally_report(self, item_id: int):
        from ...reports.pdf.session_reports import render_tally_report

        item = items_db.get_item(self.db, item_id)
        result, context = ballots_db.item_result(self.db, item_id), report_context(self.db, item_id)
        return print_preview.render_and_preview(
            self.parent, lambda path: render_tally_report(result, context, path),
            _file_name("计票结果报告单", item), title="计票结果报告单")

    def announcement(self, item_ids: list[int]):
        """选举结果公告 of one or several 选举 items (the first one's context)."""
        from ...reports.pdf.session_reports import render_announcement

        items = [items_db.get_item(self.db, i) for i in item_ids]
        results = [ballots_db.item_result(self.db, i) for i in item_ids]
        context = report_context(self.db, item_ids[0])
        context["certified"] = all(i["status"] == items_db.CERTIFIED for i in items)
        context["posts"] = {i["name"]: i["post"] for i in items if i["post"]}
        name = items[0] if len(items) == 1 else {**items[0], "name": "本次会议", "status": (
            items_db.CERTIFIED if context["certified"] else items_db.DRAFT)}
        return print_preview.render_and_preview(
            self.parent, lambda path: render_announcement(results, context, path),
            _file_name("选举结果公告", name), title="选举结果公告")

    def vote_result(self, item_id: int):
        from ...reports.pdf.session_reports import render_vote_result

        item = items_db.get_item(self.db, item_id)
        result, context = ballots_db.item_result(self.db, item_id), report_context(self.db, item_id)
        label = VOTE_DOCUMENT.get(item["kind"], "选举结果公告")
        return print_preview.render_and_preview(
            self.parent, lambda path: render_vote_result(result, context, path), _file_name(label, item), title=label)

    def certificates(self, item_id: int, names: list[str] | None = None,
                     offset: tuple[float, float] | None = None):
        """当选证书 for the elected of the item (or the given names, e.g. a calibration sample)."""
        from ...reports.pdf.certificates import render_certificates

        item = items_db.get_item(self.db, item_id)
        result = ballots_db.item_result(self.db, item_id)
        people = [{"name": n, "post": item["post"] or item["name"].removeprefix("选举")}
                  for n in (names if names is not None else result["elected"])]
        if not people:
            from ...errors import UserError
            from ..widgets.messages import show_error

            show_error(self.parent, UserError("本事项还没有当选人，无法打印当选证书。"))
            return None
        context = report_context(self.db, item_id)
        if names is None and not context["certified"]:
            from ..widgets.messages import confirm

            # Certificates go on pre-printed card stock and carry no 草稿 mark: printing them for an
            # unconfirmed result risks handing out a certificate the count may still change.
            if not confirm(self.parent, "结果尚未确认",
                           "本事项的计票结果还是草稿，当选证书上不会有“草稿”字样。\n"
                           "一般应先“确认结果”再打印当选证书。仍要现在预览吗？"):
                return None
        x, y = offset if offset is not None else certificate_offset(self.db)
        return print_preview.render_and_preview(
            self.parent, lambda path: render_certificates(people, context, path, offset_x_mm=x, offset_y_mm=y),
            _file_name("当选证书", item), title="当选证书")


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
