"""First start on an empty database: start empty, or load the demo township."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ..db import settings
from .context import AppContext


OFFER_TEXT = ("这是一个空的数据库。\n\n"
              "正式使用：选“从空白开始”，先到“届次与选区”新建届次和选区，再录入或导入代表名册。\n\n"
              "只想先看看：选“载入演示数据”，软件会在这个数据库里放入“示范镇”的代表、会议和活动。"
              "演示数据与正式数据存在同一个文件里，不能一键清除，所以正式录入请用空白数据库。")


def database_is_empty(ctx: AppContext) -> bool:
    return ctx.db["deputies"].count == 0


def offer_demo_if_empty(ctx: AppContext, parent=None) -> bool:
    """Ask once; returns True when demo data was loaded."""
    if not database_is_empty(ctx) or settings.get(ctx.db, "demo_offered"):
        return False
    box = QMessageBox(parent)
    box.setWindowTitle("欢迎使用乡镇人大工作台")
    box.setText(OFFER_TEXT)
    empty = box.addButton("从空白开始", QMessageBox.RejectRole)
    demo = box.addButton("载入演示数据", QMessageBox.AcceptRole)
    box.setDefaultButton(empty)
    box.exec()
    settings.put(ctx.db, "demo_offered", True)
    if box.clickedButton() is demo:
        from ..demo import fill_demo

        fill_demo(ctx.db)
        return True
    return False
