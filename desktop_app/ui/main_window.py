"""The main window: a frame that hosts pages (sidebar + stack), the menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication, QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget,
)

from .pages import PAGES, PageSpec
from .widgets.screen_fit import FRAME_ALLOWANCE, available_rect, fit_to_screen
from .window_settings import WindowSettings

if TYPE_CHECKING:   # imported when the database opens: dataclasses and the change areas wait until the window shows
    from .context import AppContext

# Qt.UserRole, where the sidebar item keeps its page key: the Qt namespace is not loaded before the window
# shows (see _set_shortcut).
PAGE_KEY_ROLE = 256

# Screens up to this width (1366×768 laptops, 1280×… at 150 %) get the window maximised on first start.
MAXIMISE_UP_TO_WIDTH = 1440


def _set_shortcut(action: QAction, key) -> None:
    """``action.setShortcut(QKeySequence(key))`` through the list overload: the first setShortcut call makes
    PySide6 build the Qt namespace's ~100 enums (~30 ms, a third of a bare PySide window's start) before the
    window can show; the pages, built after it, load them anyway."""
    action.setShortcuts([QKeySequence(key)])


def _frame_margins() -> QMargins:
    """The room a window frame takes around the client area (before the window has a frame to measure)."""
    side = FRAME_ALLOWANCE.width() // 2
    return QMargins(side, FRAME_ALLOWANCE.height() - side, side, side)


class MainWindow(QMainWindow):
    """Signals:
        databaseOpened(): the database is open and the first page is shown (after a deferred start).
    """

    databaseOpened = Signal()

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None, *,
                 db_path: Path | None = None, window_settings: WindowSettings | None = None) -> None:
        """With ``ctx`` the window is ready at once; with only ``db_path`` call :meth:`open_database`
        after showing it, so the window appears before the database and the first page are loaded.

        ``window_settings`` keeps the geometry and splitter positions (default: the user data directory's).
        """
        super().__init__(parent)
        self.window_settings = window_settings or WindowSettings()
        self.ctx = ctx
        self.db_path = ctx.db_path if ctx else Path(db_path)
        self.undo_stack = ctx.undo_stack if ctx else QUndoStack(self)
        self._pages: dict[str, QWidget] = {}
        self.setWindowTitle(f"乡镇人大工作台 — {self.db_path.name}")
        fit_to_screen(self, 1280, 800)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(170)
        # Roomier rows than Qt's default: the sidebar is how clerks find everything, so it should read easily.
        self.sidebar.setStyleSheet("QListWidget#sidebar { font-size: 11pt; }"
                                   "QListWidget#sidebar::item { padding: 5px 10px; }")
        self.stack = QStackedWidget()
        for spec in PAGES:
            item = QListWidgetItem(spec.title)
            item.setData(PAGE_KEY_ROLE, spec.key)
            self.sidebar.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real page on first show
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # The sidebar has a fixed width; without initial sizes the splitter leaves a blank strip beside it.
        splitter.setSizes([self.sidebar.width(), 1280 - self.sidebar.width()])
        self.setCentralWidget(splitter)
        self.sidebar.currentRowChanged.connect(self.show_page_at)

        self._build_menus()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.status_label.setText(f"数据库：{self.db_path}")
        # A long path is cut rather than widening the window past a 1024-wide screen; the tooltip shows it all.
        self.status_label.setMinimumWidth(120)
        self.status_label.setToolTip(str(self.db_path))
        if ctx is not None:
            ctx.events.navigate.connect(self.navigate)
            self.sidebar.setCurrentRow(0)
        else:
            self.statusBar().showMessage("正在打开数据库…")

    def open_database(self) -> bool:
        """Open the database (migrating it if needed), offer demo data on an empty one, show the first page.

        On failure the clerk is told why and the window closes; returns whether it opened.
        """
        from ..db.connection import open_database
        from ..db.stale_files import remove_stale_temporary_files
        from .context import AppContext
        from ..errors import UserError
        from ..ops.calendar import follow_holiday_table
        from ..exchange.office_key import ensure_on_open
        from .first_start import offer_demo_if_empty
        from .fonts import install_fallback_fonts

        install_fallback_fonts(QApplication.instance())   # rare characters in names, before any page

        try:
            db = open_database(self.db_path)
        except UserError as err:
            from PySide6.QtWidgets import QMessageBox   # only on this path: its enums cost the start a few ms

            QMessageBox.critical(self, "无法打开数据库", str(err))
            self.close()
            return False
        from .password_dialog import unlock

        # With a start-up password set, no page (no data) is built until the right one is given.
        if not unlock(db, self):
            db.close()
            self.close()
            return False
        # Half-made copies of personal data from a backup or restore that was killed (a day old, held by none).
        remove_stale_temporary_files(db)
        ensure_on_open(db)     # the county registers the key from the fingerprint shown in 设置
        self.ctx = AppContext(db=db, db_path=self.db_path, undo_stack=self.undo_stack)
        self.ctx.events.navigate.connect(self.navigate)
        offer_demo_if_empty(self.ctx, self)
        self.statusBar().clearMessage()
        moved = follow_holiday_table(db)     # a new version may ship a newer holiday table
        if moved.message:
            self.statusBar().showMessage(moved.message, 15000)
        # show_page, not only setCurrentRow(0): the row may already be 0 (the sidebar took the focus while a
        # dialog was up, before there was a database), and then no signal would build the page.
        self.show_page(PAGES[0].key)
        self.databaseOpened.emit()
        return True

    # Geometry --------------------------------------------------------------
    def show_on_screen(self) -> None:
        """Show where the clerk left the window when that still fits the screen; the first time (or on a
        smaller screen) maximised on a laptop-sized screen, else filling the available area."""
        saved = self.window_settings.main_geometry()
        if saved is not None and self.restoreGeometry(saved) and self._fits_screen():
            self.show()
            return
        area = available_rect(self)
        if area.width() <= MAXIMISE_UP_TO_WIDTH:
            self.showMaximized()
            return
        self.setGeometry(area.marginsRemoved(_frame_margins()))
        self.show()

    def _fits_screen(self) -> bool:
        if self.isMaximized() or self.isFullScreen():
            return True
        inner, minimum = self.geometry(), self.minimumSizeHint()
        return (available_rect(self).contains(inner.marginsAdded(_frame_margins()))
                and inner.width() >= minimum.width() and inner.height() >= minimum.height())

    def save_window_state(self) -> None:
        """Remember the geometry and the splitter positions of the main window and every page built."""
        settings = self.window_settings
        settings.set_main_geometry(self.saveGeometry())
        for key, page in self._pages.items():
            settings.save_splitters(key, page)
        settings.sync()

    def closeEvent(self, event) -> None:
        self.save_window_state()
        super().closeEvent(event)

    # Pages -----------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, created on first use."""
        if key not in self._pages:
            index = next(i for i, spec in enumerate(PAGES) if spec.key == key)
            page = PAGES[index].load()(self.ctx)
            placeholder = self.stack.widget(index)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.insertWidget(index, page)
            self._pages[key] = page
            self.window_settings.restore_splitters(key, page)
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        page = self.page(key)
        self.stack.setCurrentIndex(index)
        if self.sidebar.currentRow() != index:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(index)
            self.sidebar.blockSignals(False)
        return page

    def navigate(self, key: str, record_id=None) -> QWidget:
        """Show page ``key``; with a record id, ask the page to select that record."""
        page = self.show_page(key)
        if record_id is not None and hasattr(page, "focus_record"):
            page.focus_record(record_id)
        return page

    def show_page_at(self, row: int) -> None:
        if self.ctx is not None and 0 <= row < len(PAGES):
            self.show_page(PAGES[row].key)

    @staticmethod
    def page_specs() -> list[PageSpec]:
        return list(PAGES)

    # Menus -----------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        backup = QAction("立即备份(&B)", self)
        backup.triggered.connect(self._backup_now)
        file_menu.addAction(backup)
        restore = QAction("恢复备份(&R)…", self)
        restore.triggered.connect(self.restore_backup)
        file_menu.addAction(restore)
        file_menu.addSeparator()
        quit_action = QAction("退出(&Q)", self)
        _set_shortcut(quit_action, QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        undo = self.undo_stack.createUndoAction(self, "撤销")
        _set_shortcut(undo, QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "重做")
        _set_shortcut(redo, QKeySequence.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        view_menu = self.menuBar().addMenu("页面(&P)")
        for i, spec in enumerate(PAGES):
            action = QAction(spec.title, self)
            if i < 9:
                _set_shortcut(action, f"Ctrl+{i + 1}")
            action.triggered.connect(lambda checked=False, key=spec.key: self.show_page(key))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _backup_now(self) -> None:
        from ..db.auto_backup import auto_backup

        # The chosen backup folder (or the default one when it is unplugged); a manual copy prunes nothing.
        result = auto_backup(self.ctx.db, "手动", rotate=False)
        self.statusBar().showMessage(result.message, 8000)

    def restore_backup(self) -> None:
        """文件 → 恢复备份…: choose a backup, see what it holds, restore it and reopen the database."""
        if self.ctx is None:
            return
        from .restore_dialog import RestoreDialog

        RestoreDialog(self.ctx, self).exec()

    def reopen_database(self, replace):
        """Close every page and the database, run ``replace(db_path)`` (e.g. a restore), then open the file again.

        The context object stays the same (the backup timer and open dialogs hold it); only its ``db`` is new.
        The file is reopened even when ``replace`` fails; the error is raised after that.
        """
        from ..db.connection import open_database
        from ..exchange.office_key import ensure_on_open

        row = max(self.sidebar.currentRow(), 0)
        for key, page in list(self._pages.items()):
            index = self.stack.indexOf(page)
            self.stack.removeWidget(page)
            self.stack.insertWidget(index, QWidget())
            page.deleteLater()     # deferred: the slot that asked for the restore may belong to this page
        self._pages.clear()
        self.ctx.db.close()
        try:
            return replace(self.db_path)
        finally:
            self.ctx.db = open_database(self.db_path)
            ensure_on_open(self.ctx.db)    # a restore put back the backup's key; otherwise one is made
            self.show_page_at(row)

    def _about(self) -> None:
        from .about_dialog import AboutDialog

        AboutDialog(self.db_path, self.ctx.db if self.ctx else None, self).exec()
