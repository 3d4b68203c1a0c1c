"""The live projector window for the hall: bars per candidate, valid/invalid, turnout — no personal data.

It shows only what the count dict carries (item name, candidate names, numbers); it never sees
serials, marks of single ballots or anything about the deputies.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ..vote_outcome import alarming, hall_outcome_text, summary_text
from ..widgets.hall_screen import HallScreen
from ..widgets.screen_fit import fit_to_screen

REHEARSAL_BANNER = "演练模式 — 演练选票不计入正式结果"
_BAR = QColor("#1e88e5")
_BAR_DONE = QColor("#2e7d32")
_THRESHOLD = QColor("#e53935")


def bars_of(result: dict) -> list[tuple[str, int, str]]:
    """(label, value, text at the bar's end) per bar, in ballot order."""
    kind = result["type"]
    if kind == "表决":
        r = result["results"][0]
        return [("赞成", r["agree"], f"{r['agree']}"), ("反对", r["oppose"], f"{r['oppose']}"),
                ("弃权", r["abstain"], f"{r['abstain']}")]
    if kind == "测评":
        return [(s["name"], s["satisfied"] + s["basically_satisfied"], f"满意率 {s['rate'] * 100:.1f}%")
                for s in result["satisfaction"] or []]
    return [(r["name"] + ("（另选）" if r["write_in"] else ""), r["agree"], f"{r['agree']} 票")
            for r in result["results"]]


class ProjectorWindow(HallScreen):
    """Full screen on the second screen when there is one; ``show_result`` repaints it (connected to a signal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setWindowTitle("计票投影")
        self.result: dict | None = None
        self.rehearsal = False
        self.title = ""
        self.counting = None
        fit_to_screen(self, 1280, 720)
        self.setStyleSheet("background: #ffffff;")

    # Data ------------------------------------------------------------------------------------
    def show_result(self, result: dict | None, *, title: str | None = None, rehearsal: bool | None = None,
                    counting=None) -> None:
        """``counting`` (domain.counting.Counting): 计票中（已录入 x / 收回 y） and provisional wording until complete."""
        self.result = result
        self.counting = counting
        if title is not None:
            self.title = title
        if rehearsal is not None:
            self.rehearsal = rehearsal
        self.update()

    def lines(self) -> list[str]:
        """The texts the window shows, top to bottom (tests read them; paintEvent draws them)."""
        if self.result is None:
            return [self.title or "等待计票"]
        r = self.result
        out = []
        if self.rehearsal:
            out.append(REHEARSAL_BANNER)
        out.append(self.title or r["name"])
        out.append(self._counts_line(r))
        out += [f"{label}　{text}" for label, _, text in bars_of(r)]
        out.append(hall_outcome_text(r, self.counting))
        return out

    def _counts_line(self, r: dict) -> str:
        return summary_text(r, self.counting)

    # Screen ----------------------------------------------------------------------------------
    def show_on_projector(self) -> None:
        """Second screen, full screen; on a single screen a normal window (F11 toggles full screen)."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1]
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc in a window (not full screen) closes the projector; the rest is the hall screens' keys.
        if event.key() == Qt.Key_Escape and not self.isFullScreen():
            self.close()
        else:
            super().keyPressEvent(event)

    # Painting --------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        w, h = self.width(), self.height()
        painter.fillRect(self.rect(), QColor("#ffffff"))
        unit = h / 18
        y = unit * 0.4
        if self.rehearsal:
            band = QRectF(0, 0, w, unit * 1.4)
            painter.fillRect(band, QColor("#ff8f00"))
            painter.setPen(QColor("#ffffff"))
            painter.setFont(self._font(unit * 0.8, True))
            painter.drawText(band, Qt.AlignCenter, REHEARSAL_BANNER)
            y = unit * 1.7
        painter.setPen(QColor("#111111"))
        painter.setFont(self._font(unit * 1.1, True))
        title = self.title or (self.result["name"] if self.result else "等待计票")
        painter.drawText(QRectF(0, y, w, unit * 1.6), Qt.AlignCenter, title)
        y += unit * 1.8
        if self.result is None:
            return
        r = self.result
        painter.setFont(self._font(unit * 0.75))
        painter.drawText(QRectF(0, y, w, unit), Qt.AlignCenter, self._counts_line(r))
        y += unit * 1.4
        self._paint_bars(painter, r, QRectF(w * 0.04, y, w * 0.92, h - y - unit * 1.8))
        provisional = self.counting is not None and self.counting.provisional
        painter.setPen(QColor("#c62828") if alarming(r, self.counting) else
                       QColor("#455a64") if provisional else QColor("#1b5e20"))
        painter.setFont(self._font(unit * 0.8, True))
        painter.drawText(QRectF(0, h - unit * 1.6, w, unit * 1.4), Qt.AlignCenter | Qt.TextWordWrap,
                         hall_outcome_text(r, self.counting))

    def _paint_bars(self, painter: QPainter, r: dict, area: QRectF) -> None:
        bars = bars_of(r)
        if not bars:
            return
        full = max(r["valid_ballots"], r["total_deputies"], 1)
        row_h = min(area.height() / len(bars), area.height() / 4)
        label_w = area.width() * 0.22
        text_w = area.width() * 0.16
        bar_w = area.width() - label_w - text_w
        font = self._font(row_h * 0.42)
        # Nobody's bar turns green before the count is complete.
        elected = set() if self.counting is not None and self.counting.provisional else set(r["elected"])
        for i, (label, value, text) in enumerate(bars):
            top = area.top() + i * row_h
            painter.setPen(QColor("#111111"))
            painter.setFont(font)
            painter.drawText(QRectF(area.left(), top, label_w - 10, row_h), Qt.AlignRight | Qt.AlignVCenter, label)
            length = bar_w * value / full
            color = _BAR_DONE if label in elected else _BAR
            painter.fillRect(QRectF(area.left() + label_w, top + row_h * 0.18, length, row_h * 0.64), color)
            painter.drawText(QRectF(area.left() + label_w + length + 8, top, text_w + bar_w - length, row_h),
                             Qt.AlignLeft | Qt.AlignVCenter, text)
        if r["type"] != "测评":
            # The line a 同意 bar must pass: more than half of all deputies.
            x = area.left() + label_w + bar_w * (r["total_deputies"] / 2) / full
            painter.setPen(QPen(_THRESHOLD, 3, Qt.DashLine))
            painter.drawLine(x, area.top(), x, area.top() + row_h * len(bars))
