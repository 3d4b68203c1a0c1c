"""The main window: a frame that hosts pages (sidebar + stack), the menus and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget,
)

from .. import __version__
from .context import AppContext
from .pages import PAGES, PageSpec


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pages: dict[str, QWidget] = {}
        self.setWindowTitle(f"乡镇人大工作台 — {ctx.db_path.name}")
        self.resize(1280, 800)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(170)
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
        self.status_label.setText(f"数据库：{ctx.db_path}")
        self.sidebar.setCurrentRow(0)

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

    def show_page_at(self, row: int) -> None:
        if 0 <= row < len(PAGES):
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
        file_menu.addSeparator()
        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        undo = self.ctx.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "重做")
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
        from ..db.backup import backup_database

        target = backup_database(self.ctx.db, reason="手动")
        self.statusBar().showMessage(f"已备份到 {target}", 8000)

    def _about(self) -> None:
        QMessageBox.about(
            self, "关于乡镇人大工作台",
            f"乡镇人大工作台 {__version__}\n\n数据库：{self.ctx.db_path}\n离线运行，数据只保存在本机。",
        )
