"""唱票 window for the hall: the ballot being read, one at a time, in very large type.

It follows the entry screen key by key, so the scrutineers see each mark as the reader calls it.
It shows the ballot's serial and marks only — never who held the paper (there is no such data).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ...domain.ballots import BallotEntry, ItemSpec
from ..projector.window import REHEARSAL_BANNER
from ..widgets.hall_screen import HallScreen
from .entry_logic import SYMBOLS, ballot_names
from ..widgets.screen_fit import fit_to_screen


class ReadoutWindow(HallScreen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setWindowTitle("唱票")
        fit_to_screen(self, 1280, 720)
        self.spec: ItemSpec | None = None
        self.entry: BallotEntry | None = None
        self.typed = 0            # marks typed so far (the rest are not read yet)
        self.verdict = ""
        self.rehearsal = False

    def show_ballot(self, spec: ItemSpec | None, entry: BallotEntry | None, typed: int, verdict: str = "",
                    *, rehearsal: bool = False) -> None:
        self.spec, self.entry, self.typed, self.verdict, self.rehearsal = spec, entry, typed, verdict, rehearsal
        self.update()

    def lines(self) -> list[str]:
        """What the window shows, as text (tests read it; paintEvent draws the same)."""
        if self.spec is None or self.entry is None or not self.entry.serial:
            return ["等待唱票"]
        out = [REHEARSAL_BANNER] if self.rehearsal else []
        out.append(f"{self.spec.name}　第 {self.entry.serial:03d} 号")
        for i, name in enumerate(ballot_names(self.spec)):
            mark = self.entry.marks[i] if i < self.typed else None
            out.append(f"{name} {SYMBOLS.get(mark, '') if mark else '…'}")
        if self.entry.write_ins:
            out.append("另选：" + "、".join(self.entry.write_ins))
        if self.verdict:
            out.append(self.verdict)
        return out

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101820"))
        w, h = self.width(), self.height()
        top = 0.0
        if self.rehearsal:
            band = QRectF(0, 0, w, h * 0.08)
            painter.fillRect(band, QColor("#ff8f00"))
            painter.setPen(QColor("#ffffff"))
            painter.setFont(self._font(h * 0.045, True))
            painter.drawText(band, Qt.AlignCenter, REHEARSAL_BANNER)
            top = band.height()
        painter.setPen(QColor("#ffffff"))
        if self.spec is None or self.entry is None or not self.entry.serial:
            painter.setFont(self._font(h * 0.1, True))
            painter.drawText(self.rect(), Qt.AlignCenter, "等待唱票")
            return
        painter.setFont(self._font(h * 0.07, True))
        painter.drawText(QRectF(0, top, w, h * 0.12), Qt.AlignCenter,
                         f"{self.spec.name}　第 {self.entry.serial:03d} 号")
        top += h * 0.13
        names = ballot_names(self.spec)
        bottom_space = h * 0.12
        cols = max(1, min(len(names), math.ceil(math.sqrt(len(names) * w / max(h - top, 1) / 2.2))))
        rows = math.ceil(len(names) / cols)
        cell_w = w / cols
        cell_h = min((h - top - bottom_space) / max(rows, 1), h * 0.3)
        name_font = self._font(min(cell_h * 0.42, cell_w / 7))
        mark_font = self._font(min(cell_h * 0.75, cell_w / 4), True)
        for i, name in enumerate(names):
            rect = QRectF((i % cols) * cell_w, top + (i // cols) * cell_h, cell_w, cell_h)
            current = i == self.typed
            if current:
                painter.fillRect(rect.adjusted(4, 4, -4, -4), QColor("#2c3e50"))
            painter.setPen(QColor("#ffffff"))
            painter.setFont(name_font)
            painter.drawText(rect.adjusted(8, 0, -rect.width() * 0.45, 0), Qt.AlignRight | Qt.AlignVCenter, name)
            if i < self.typed:
                mark = self.entry.marks[i]
                painter.setPen(QColor("#ff5252") if mark in ("N", "U") else QColor("#69f0ae"))
                painter.setFont(mark_font if len(SYMBOLS[mark]) == 1 else name_font)
                painter.drawText(rect.adjusted(rect.width() * 0.58, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter,
                                 SYMBOLS[mark] or "弃权")
        footer = []
        if self.entry.write_ins:
            footer.append("另选：" + "、".join(self.entry.write_ins))
        if self.verdict:
            footer.append(self.verdict)
        if footer:
            painter.setPen(QColor("#ff5252") if self.verdict.startswith("无效") else QColor("#ffffff"))
            painter.setFont(self._font(bottom_space * 0.45, True))
            painter.drawText(QRectF(0, h - bottom_space, w, bottom_space), Qt.AlignCenter, "　".join(footer))
