"""First start on an empty database: start empty, or load the demo township."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ..db import settings
from .context import AppContext


def database_is_empty(ctx: AppContext) -> bool:
    return ctx.db["deputies"].count == 0


def offer_demo_if_empty(ctx: AppContext, parent=None) -> bool:
    """Ask once; returns True when demo data was loaded."""
    if not database_is_empty(ctx) or settings.get(ctx.db, "demo_offered"):
        return False
    box = QMessageBox(parent)
    box.setWindowTitle("欢迎使用乡镇人大工作台")
    box.setText("这是一个空的数据库。\n\n可以从空白开始录入本镇的代表名册，"
                "也可以先载入一个示范镇的演示数据熟悉软件（以后可在设置中清除）。")
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
