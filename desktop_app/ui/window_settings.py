"""Where the clerk left the windows: the main window's geometry and every splitter, kept with QSettings.

The one module that reads and writes QSettings. The file lives in the user data directory (``window.ini``),
so tests that point ``XZRD_DATA_DIR`` elsewhere never touch the clerk's real settings; the main window
is given an instance through its constructor (no global object).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from ..paths import data_dir

_GEOMETRY = "main_window/geometry"
_SPLITTERS = "splitters"
_SCAN_CHECKER = "scan/checker"


class WindowSettings:
    """Typed access to the window-state keys of one QSettings ini file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / "window.ini"
        self._store = QSettings(str(self.path), QSettings.IniFormat)

    def main_geometry(self) -> QByteArray | None:
        value = self._store.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_main_geometry(self, geometry: QByteArray) -> None:
        self._store.setValue(_GEOMETRY, geometry)

    def restore_splitters(self, owner_key: str, owner: QWidget) -> None:
        """Give each splitter of ``owner`` (in creation order) the sizes saved under ``owner_key``."""
        for i, splitter in enumerate(owner.findChildren(QSplitter)):
            state = self._store.value(f"{_SPLITTERS}/{owner_key}/{i}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    def save_splitters(self, owner_key: str, owner: QWidget) -> None:
        for i, splitter in enumerate(owner.findChildren(QSplitter)):
            self._store.setValue(f"{_SPLITTERS}/{owner_key}/{i}", splitter.saveState())

    def scan_checker(self) -> str:
        """The 核对人（监票人） last named in 扫描计票, offered again next time."""
        value = self._store.value(_SCAN_CHECKER)
        return value if isinstance(value, str) else ""

    def set_scan_checker(self, name: str) -> None:
        self._store.setValue(_SCAN_CHECKER, name)

    def sync(self) -> None:
        self._store.sync()
