"""The main window: a frame that hosts pages (sidebar + stack), the menus and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
    QWidget,
)

from .context import AppContext
from .pages import PAGES, PageSpec


class MainWindow(QMainWindow):
    """Signals:
        databaseOpened(): the database is open and the first page is shown (after a deferred start).
    """

    databaseOpened = Signal()

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None, *,
                 db_path: Path | None = None) -> None:
        """With ``ctx`` the window is ready at once; with only ``db_path`` call :meth:`open_database`
        after showing it, so the window appears before the database and the first page are loaded."""
        super().__init__(parent)
        self.ctx = ctx
        self.db_path = ctx.db_path if ctx else Path(db_path)
        self.undo_stack = ctx.undo_stack if ctx else QUndoStack(self)
        self._pages: dict[str, QWidget] = {}
        self.setWindowTitle(f"乡镇人大工作台 — {self.db_path.name}")
        self.resize(1280, 800)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(170)
        # Roomier rows than Qt's default: the sidebar is how clerks find everything, so it should read easily.
        self.sidebar.setStyleSheet("QListWidget#sidebar { font-size: 11pt; }"
                                   "QListWidget#sidebar::item { padding: 5px 10px; }")
        self.stack = QStackedWidget()
        for spec in PAGES:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.UserRole, spec.key)
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
        from ..errors import UserError
        from ..ops.calendar import follow_holiday_table
        from .first_start import offer_demo_if_empty
        from .fonts import install_fallback_fonts

        install_fallback_fonts(QApplication.instance())   # rare characters in names, before any page

        try:
            db = open_database(self.db_path)
        except UserError as err:
            QMessageBox.critical(self, "无法打开数据库", str(err))
            self.close()
            return False
        from .password_dialog import unlock

        # With a start-up password set, no page (no data) is built until the right one is given.
        if not unlock(db, self):
            db.close()
            self.close()
            return False
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
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        undo = self.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_stack.createRedoAction(self, "重做")
        redo.setShortcut(QKeySequence.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        view_menu = self.menuBar().addMenu("页面(&P)")
        for i, spec in enumerate(PAGES):
            action = QAction(spec.title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
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
            self.show_page_at(row)

    def _about(self) -> None:
        from .about_dialog import AboutDialog

        AboutDialog(self.db_path, self.ctx.db if self.ctx else None, self).exec()
