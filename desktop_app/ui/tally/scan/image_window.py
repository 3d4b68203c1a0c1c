"""查看扫描图像: a counted ballot as it was scanned, with the boxes it was read from and what each read."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ....errors import UserError
from ...widgets.screen_fit import fit_to_screen
from .image_view import ImageView

log = logging.getLogger(__name__)


def _answer_label(key: str) -> str:
    """A question key as the ballot names it: 张建国、新建农贸市场（满意）、另选人姓名栏 1."""
    if key.startswith("write_in:"):
        return f"另选人姓名栏 {key.split(':', 1)[1]}"
    option, _bar, choice = key.partition("|")
    return f"{option}（{choice}）" if choice else option


def reading_lines(scanned: dict) -> list[str]:
    """What the reader made of each box (its word and score, in ballot order), then the scrutineers' decisions."""
    reading = scanned.get("reading") or {}
    marks, scores, notes = reading.get("marks") or {}, reading.get("scores") or {}, reading.get("notes") or {}
    status = "已计入" if scanned.get("status") == "counted" else "待核"
    lines = [f"扫描文件“{scanned.get('file_name', '')}”第 {scanned.get('file_page', '?')} 页，{status}", "读票结果（得分）："]
    choices: dict[str, list[str]] = {}
    for box in (scanned.get("layout") or {}).get("boxes", []):   # in ballot order
        choices.setdefault(box["option"], [])
        if box.get("choice"):
            choices[box["option"]].append(box["choice"])
    for option in [*choices, *(o for o in marks if o not in choices)]:
        if option not in marks:
            continue
        word = marks[option]
        if choices.get(option):
            cells = "，".join(f"{c} {scores.get(f'{option}|{c}', 0.0):.2f}" for c in choices[option])
            lines.append(f"　{option}：{word}（{cells}）")
        else:
            lines.append(f"　{option}：{word}（{scores.get(option, 0.0):.2f}）")
    for key, note in notes.items():
        lines.append(f"　{_answer_label(key)}：{note}")
    if reading.get("write_in_ink"):
        lines.append("　另选人姓名栏有笔迹")
    decisions = scanned.get("decisions")
    if decisions:
        lines.append("")
        lines.append("监票人核定：")
        for key, value in (decisions.get("answers") or {}).items():
            lines.append(f"　{_answer_label(key)}：{value or '（无）'}")
        for field, label in (("void", "宣布作废，原因"), ("by", "核对人"), ("why", "说明")):
            if decisions.get(field):
                lines.append(f"　{label}：{decisions[field]}")
    return lines


class ScanImageWindow(QWidget):
    """A window of its own beside the 计票 page (not modal): the clerk can compare it with the list."""

    def __init__(self, db, scanned: dict, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Window)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setWindowTitle(f"扫描图像 — {title}")
        self.image = ImageView()
        self.image.setObjectName("ballotScan")
        self.details = QPlainTextEdit("\n".join(reading_lines(scanned)))
        self.details.setReadOnly(True)
        self.details.setMaximumWidth(300)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        side = QVBoxLayout()
        side.addWidget(QLabel(title))
        side.addWidget(self.details, 1)
        side.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addLayout(side)
        self.show_image(db, scanned["id"])
        fit_to_screen(self, 1100, 760)

    def show_image(self, db, scanned_id: int) -> None:
        from ....ops import scan_ballots as scan_ops   # NumPy and OpenCV only when an image is shown

        try:
            self.image.set_array(scan_ops.ballot_image(db, scanned_id))
        except UserError as err:
            self.image.set_text(str(err))
        except Exception:  # noqa: BLE001 - a picture that cannot be drawn must not take the page down
            log.exception("scan image of scanned ballot %s", scanned_id)
            self.image.set_text("无法显示这张选票的扫描图像（已记入日志）。")
