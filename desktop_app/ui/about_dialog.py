"""关于: the program's version, where the database, backups and log live, with buttons to open the folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from .. import __version__
from ..db.auto_backup import backup_folder
from ..paths import backup_dir, log_dir
from .widgets.screen_fit import fit_to_screen


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """Show ``folder`` in the file manager (Explorer); a folder that cannot be made is explained."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        QMessageBox.warning(parent, "无法打开文件夹",
                            f"文件夹 {folder} 无法访问（{err.strerror or err}）。如果它在U盘上，请先插好U盘。")
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    """Version and folders; the paths are selectable so the clerk can copy them for support."""

    def __init__(self, db_path: Path, db=None, parent: QWidget | None = None) -> None:
        """``db`` is the open database (None while it is still opening: the default backup folder is shown)."""
        super().__init__(parent)
        self.setWindowTitle("关于乡镇人大工作台")
        db_path = Path(db_path)
        self.folders = {
            "data": db_path.parent,
            "backups": backup_folder(db) if db is not None else backup_dir(db_path),
            "logs": log_dir(),
        }
        self.version_label = QLabel(f"<b>乡镇人大工作台</b>　版本 {__version__}")
        self.version_label.setObjectName("version")
        note = QLabel("离线运行，数据只保存在本机（或您指定的备份文件夹）。卸载程序不会删除数据。")
        note.setWordWrap(True)

        grid = QGridLayout()
        self.path_labels: dict[str, QLabel] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        self.db_label = self._path_label(str(db_path))
        grid.addWidget(QLabel("数据库文件："), 0, 0)
        grid.addWidget(self.db_label, 0, 1, 1, 2)
        backup_text = str(self.folders["backups"])
        if not self.folders["backups"].is_dir():
            backup_text += "（目前无法访问，自动备份暂存到数据文件夹的 backups 中）"
        rows = [("data", "数据文件夹：", str(self.folders["data"])),
                ("backups", "备份文件夹：", backup_text),
                ("logs", "日志文件夹：", str(self.folders["logs"]))]
        for row, (key, title, text) in enumerate(rows, start=1):
            self.path_labels[key] = self._path_label(text)
            button = QPushButton("打开文件夹")
            button.setObjectName(f"open_{key}")
            button.clicked.connect(lambda checked=False, k=key: self.open_folder_of(k))
            self.open_buttons[key] = button
            grid.addWidget(QLabel(title), row, 0)
            grid.addWidget(self.path_labels[key], row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.version_label)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, self.sizeHint().height())

    @staticmethod
    def _path_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        return label

    def open_folder_of(self, key: str) -> bool:
        return open_folder(self, self.folders[key])
