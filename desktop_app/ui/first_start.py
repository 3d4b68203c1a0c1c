"""First start on an empty database: start empty, or load the demo township."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout

from ..db import deputies as deputies_db
from ..domain.text import normalize_text
from ..ops import first_start as first_start_ops
from ..ops import settings as settings_ops
from .context import AppContext


OFFER_TEXT = ("这是一个空的数据库。\n\n"
              "正式使用：选“从空白开始”，先到“届次与选区”新建届次和选区，再录入或导入代表名册。\n\n"
              "只想先看看：选“载入演示数据”，软件会在这个数据库里放入“示范镇”的代表、会议和活动。"
              "熟悉以后，可在“设置 → 常规”点“清空数据，从空白开始”：现有数据先完整备份，再换成空白数据库。")


def database_is_empty(ctx: AppContext) -> bool:
    return deputies_db.count_deputies(ctx.db, include_deleted=True) == 0


def offer_demo_if_empty(ctx: AppContext, parent=None) -> bool:
    """Ask once; returns True when demo data was loaded."""
    if not first_start_ops.wants_demo_offer(ctx.db):
        return False
    box = QMessageBox(parent)
    box.setWindowTitle("欢迎使用乡镇人大工作台")
    box.setText(OFFER_TEXT)
    empty = box.addButton("从空白开始", QMessageBox.RejectRole)
    demo = box.addButton("载入演示数据", QMessageBox.AcceptRole)
    box.setDefaultButton(empty)
    box.exec()
    first_start_ops.mark_demo_offered(ctx.db)
    if box.clickedButton() is demo:
        from ..ops.demo import fill_demo

        fill_demo(ctx.db)
        return True
    if box.clickedButton() is empty:
        UnitNamesDialog(ctx, parent).exec()
    return False


class UnitNamesDialog(QDialog):
    """A new office names itself first: the names head every report, notice and exchange package."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("填写单位名称")
        self.setMinimumWidth(440)
        self.township_edit = QLineEdit()
        self.township_edit.setPlaceholderText("例如 青山镇、城关街道")
        self.county_edit = QLineEdit()
        self.county_edit.setPlaceholderText("例如 绿水县")
        self.message = QLabel("这两个名称会出现在报表、公告和报送县人大的数据包上，以后可在“设置 → 常规”中修改。")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("乡镇（街道）名称", self.township_edit)
        form.addRow("县（市、区）名称", self.county_edit)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.AcceptRole)
        buttons.addButton("以后再填", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> bool:
        township = normalize_text(self.township_edit.text())
        county = normalize_text(self.county_edit.text())
        if not township or not county:
            self.message.setText("请填写乡镇（街道）和县（市、区）两个名称；暂时不清楚可以点“以后再填”。")
            self.message.setStyleSheet("color: #b00020;")
            (self.township_edit if not township else self.county_edit).setFocus()
            return False
        self.ctx.announce(settings_ops.set_unit_names(self.ctx.db, township, county))
        self.accept()
        return True
