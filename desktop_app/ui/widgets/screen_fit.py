"""Windows that fit the clerk's screen: sizes capped to the available area (taskbar and title bar left out)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room kept for the window frame before the window has one: a Windows 10/11 title bar is about 31 px
# at 100 %, its borders 8 px a side.
FRAME_ALLOWANCE = QSize(16, 40)


def available_rect(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen ``widget`` is on (its parent's, else the primary screen)."""
    screen = None
    probe = widget
    while probe is not None and screen is None:
        if probe.isWindow() and probe.windowHandle() is not None:
            screen = probe.windowHandle().screen()
        probe = probe.parentWidget()
    if screen is None and widget is not None:
        screen = widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_allowance(window: QWidget) -> QSize:
    """How much the frame adds to a window: measured once it has been shown, else the Windows allowance."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        measured = QSize(frame.width() - inner.width(), frame.height() - inner.height())
        if measured.width() > 0 or measured.height() > 0:
            return measured
    return FRAME_ALLOWANCE


def max_client_size(window: QWidget) -> QSize:
    """The largest client area whose frame still fits the available screen area."""
    area = available_rect(window)
    frame = frame_allowance(window)
    return QSize(area.width() - frame.width(), area.height() - frame.height())


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> QSize:
    """Resize ``window`` to ``width`` × ``height`` (default: its size hint), capped to the available screen.

    A window whose layout needs more than the screen must scroll (its form in a QScrollArea) to keep
    its buttons visible; the fit test checks that every dialog's minimum size is within the screen.
    """
    hint = window.sizeHint()
    wanted = QSize(width or hint.width(), height or hint.height())
    limit = max_client_size(window)
    size = wanted.boundedTo(limit)
    window.resize(size)
    return size


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` (already sized) so that its frame lies inside the available screen area."""
    area = available_rect(window)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - frame.width()))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
