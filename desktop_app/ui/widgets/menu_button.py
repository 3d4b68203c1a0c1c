"""Tool buttons that open a menu (打印, 结构统计, 导出与打印) with room for their arrow beside the text."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionToolButton, QToolButton


def make_room_for_arrow(button: QToolButton) -> QToolButton:
    """Widen ``button`` so the drop-down arrow (drawn in its bottom-right corner) no longer covers the text.

    The text stays centred, so the button grows by twice the arrow's width: one for the arrow, one to
    keep the text in the middle.
    """
    option = QStyleOptionToolButton()
    button.initStyleOption(option)
    arrow = button.style().pixelMetric(QStyle.PM_MenuButtonIndicator, option, button)
    button.setMinimumWidth(button.sizeHint().width() + 2 * arrow)
    return button
