"""Drive the whole program as a clerk would: every page, every button and action, every dialog they open.

Run as a script in its own process, because the offscreen screen size is fixed when QApplication starts:

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python tests/ui/window_walk.py --report OUT.json

On a demo database it selects a row in each list, then triggers every toolbar action, menu entry and button
of every page, double-clicks the first row of each list, and clicks every button of every dialog that opens (questions answered 是/确定, file dialogs
given temporary paths, printing to a PDF file). Each dialog and window is measured when it shows. The JSON
report holds what the fit test (test_window_fit.py) and the click test (test_every_action.py) assert.
``--pages roster,tally`` walks only those pages; WALK_VERBOSE=1 prints each action as it is triggered.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

# A checkout run as a script: the project root on the path before the app's imports.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt  # noqa: E402
from PySide6.QtGui import QAction, QDesktopServices, QImage  # noqa: E402
from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFileDialog, QHeaderView, QInputDialog, QLineEdit, QMenu, QMessageBox, QPlainTextEdit,
    QPushButton, QScrollArea, QScrollBar, QStackedWidget, QStyle, QTabBar, QTabWidget, QTableView, QToolButton,
    QWidget,
)
import shiboken6  # noqa: E402

from desktop_app.ui.widgets.column_widths import MAX_COLUMN_WIDTH  # noqa: E402
from desktop_app.ui.widgets.screen_fit import max_client_size  # noqa: E402
from desktop_app.ui.widgets.table_model import RowTableModel  # noqa: E402

# Actions the walk never triggers: they end the session it is walking.
NEVER = {"退出(&Q)"}
# The order a page's actions are triggered in, by words of their labels (first match wins; others first):
# new records after the actions on the selected ones (a new 会议 would become the current one), removals
# after that, then what moves to a new record (一键另行选举 opens the new item), what locks a record
# (确认结果 locks the ballots) and what unlocks it, and at the very end what replaces the whole database,
# and the page with it.
ORDER = (
    (("清空数据", "从备份恢复", "恢复备份"), 6),
    (("解锁", "解除冻结"), 5),
    (("确认结果", "审核冻结"), 4),
    (("另行选举",), 3),
    (("删除", "作废", "清空", "移除", "恢复"), 2),
    (("新建", "新增"), 1),
)
MAX_DIALOG_DEPTH = 3
VERBOSE = bool(os.environ.get("WALK_VERBOSE"))


def _order(label: str) -> int:
    return next((rank for words, rank in ORDER if any(word in label for word in words)), 0)


def _label(obj) -> str:
    text = obj.text() if hasattr(obj, "text") else ""
    return (text or obj.objectName() or type(obj).__name__).replace("&", "")


class ErrorLog(logging.Handler):
    """Collects what the crash handler and show_error log as bugs (with their tracebacks)."""

    def __init__(self, walker: "Walker") -> None:
        super().__init__(logging.ERROR)
        self.walker = walker

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.walker.bug(text)


class Walker:
    def __init__(self, app: QApplication, window, ctx, scratch: Path) -> None:
        self.app, self.window, self.ctx, self.scratch = app, window, ctx, scratch
        self.where = "start"
        self.errors: list[dict] = []
        self.fit: list[dict] = []
        self.measured: dict[str, dict] = {}
        self.user_messages: list[str] = []
        self.pages: dict[str, dict] = {}
        self.opened: set[str] = set()
        self.depth = 0
        self.saved_files: dict[str, Path] = {}
        self.counter = 0

    # Recording -------------------------------------------------------------------------------
    def bug(self, text: str) -> None:
        self.errors.append({"where": self.where, "error": text})

    def pump(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            self.app.processEvents()

    def flush_deletes(self) -> None:
        """Delete what deleteLater() scheduled: the walk runs without app.exec(), where Qt would do it."""
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        self.pump(1)

    def check_fit(self, window: QWidget, name: str) -> None:
        """The window's frame inside the available screen area, every visible button inside the window."""
        area = window.screen().availableGeometry()
        frame = window.frameGeometry()
        minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
        problems = []
        if frame.width() > area.width() or frame.height() > area.height():
            problems.append(f"窗口 {frame.width()}×{frame.height()} 超出屏幕可用区域 {area.width()}×{area.height()}")
        elif not area.contains(frame):
            problems.append(f"窗口位置 {frame.getRect()} 超出屏幕可用区域 {area.getRect()}")
        if minimum.width() > area.width() or minimum.height() > area.height():
            problems.append(f"最小尺寸 {minimum.width()}×{minimum.height()} 超出屏幕")
        inside = window.rect()
        for button in window.findChildren(QAbstractButton):
            if not button.isVisible() or self._in_scroll_area(button, window):
                continue
            rect = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
            if not inside.contains(rect):
                problems.append(f"按钮“{_label(button)}”在窗口之外：{rect.getRect()}")
            if self._arrow_covers_text(button):
                problems.append(f"按钮“{_label(button)}”的下拉箭头压住了文字")
        for view in window.findChildren(QTableView):
            problems += [f"表格列“{title}”被截断" for title in self._cut_columns(view)]
        for scroll in window.findChildren(QScrollArea, "form_scroll"):
            squeezed = scroll.widget().sizeHint().height() - scroll.viewport().height()
            if scroll.isVisible() and squeezed > 4 and window.height() < max_client_size(window).height() - 4:
                problems.append(f"表单被压缩 {squeezed} 像素而需要滚动，但窗口还可以更高")
        self.measured[name] = {"frame": list(frame.getRect()), "minimum": [minimum.width(), minimum.height()]}
        for problem in problems:
            self.fit.append({"window": name, "where": self.where, "problem": problem})

    @staticmethod
    def _cut_columns(view: QTableView) -> list[str]:
        """Columns of a list of records narrower than their content although not at the width cap."""
        model = view.model()
        while hasattr(model, "sourceModel") and model.sourceModel() is not None:
            model = model.sourceModel()
        if not view.isVisible() or not isinstance(model, RowTableModel) or not model.rowCount():
            return []
        cut = []
        for column in range(model.columnCount() - 1):   # the last one stretches
            width = view.columnWidth(column)
            if view.isColumnHidden(column) or width >= MAX_COLUMN_WIDTH:
                continue
            texts = sorted((model.display_text(r, column) for r in range(model.rowCount())), key=len)[-12:]
            box = view.style().pixelMetric(QStyle.PM_IndicatorWidth) \
                if model.flags(model.index(0, column)) & Qt.ItemIsUserCheckable else 0
            if max(view.fontMetrics().horizontalAdvance(t) for t in texts) + box + 6 > width:
                cut.append(str(model.headerData(column, Qt.Horizontal)))
        return cut

    @staticmethod
    def _arrow_covers_text(button: QAbstractButton) -> bool:
        """A menu button's arrow sits in its bottom-right corner, over the centred text unless there is room."""
        if not isinstance(button, QToolButton) or button.menu() is None \
                or button.popupMode() != QToolButton.InstantPopup or not button.text():
            return False
        if button.objectName().startswith("qt_"):
            return False   # Qt's own (the calendar's month button) is drawn its own way
        arrow = button.style().pixelMetric(QStyle.PM_MenuButtonIndicator, None, button)
        text = button.fontMetrics().horizontalAdvance(button.text())
        return (button.width() + text) // 2 > button.width() - arrow

    @staticmethod
    def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not top:
            if isinstance(parent, QAbstractScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    # Patches: questions, file dialogs, printing, dialogs ---------------------------------------
    def install(self) -> None:
        walker = self

        def message(kind):
            def answer(parent, title, text, *args, **kwargs):
                walker.user_messages.append(f"{walker.where}: [{kind}] {title}: {text}")
                if kind == "critical" and title == "程序出错":
                    walker.bug(f"程序出错：{text}")
                return QMessageBox.Yes if kind == "question" else QMessageBox.Ok
            return answer

        for kind in ("question", "warning", "information", "critical"):
            setattr(QMessageBox, kind, staticmethod(message(kind)))
        QMessageBox.about = staticmethod(lambda *a, **k: None)

        def box_exec(box):
            walker.opened.add("QMessageBox")
            accept = next((b for b in box.buttons() if box.buttonRole(b) in (QMessageBox.AcceptRole,
                                                                              QMessageBox.YesRole)), None)
            (accept or (box.buttons() or [None])[0]).click() if box.buttons() else None
            return box.result()

        QMessageBox.exec = box_exec

        def save_name(parent, caption="", directory="", filters="", *args, **kwargs):
            suffix = walker._suffix(filters) or Path(str(directory)).suffix or ".dat"
            walker.counter += 1
            path = walker.scratch / "out" / f"{walker.counter:03d}_{Path(str(directory)).stem or 'file'}{suffix}"
            path.parent.mkdir(exist_ok=True)
            walker.saved_files[suffix] = path
            return str(path), filters

        def open_name(parent, caption="", directory="", filters="", *args, **kwargs):
            suffix = walker._suffix(filters)
            path = walker._existing_file(suffix)
            return (str(path), filters) if path else ("", "")

        def open_names(parent, caption="", directory="", filters="", *args, **kwargs):
            return [str(walker._existing_file(".png")), str(walker._existing_file(".txt"))], filters

        def directory(*args, **kwargs):
            walker.counter += 1
            path = walker.scratch / f"dir{walker.counter:03d}"
            path.mkdir()
            return str(path)

        QFileDialog.getSaveFileName = staticmethod(save_name)
        QFileDialog.getOpenFileName = staticmethod(open_name)
        QFileDialog.getOpenFileNames = staticmethod(open_names)
        QFileDialog.getExistingDirectory = staticmethod(directory)
        QInputDialog.getText = staticmethod(lambda parent, title, label, mode=None, text="", *a, **k:
                                            (text or "测试", True))
        QInputDialog.getInt = staticmethod(lambda parent, title, label, value=0, *a, **k: (value, True))
        QInputDialog.getItem = staticmethod(lambda parent, title, label, items, current=0, *a, **k:
                                            (items[current] if items else "", True))

        def print_dialog_exec(dialog):
            walker.opened.add("QPrintDialog")
            walker.counter += 1
            printer = dialog.printer()
            printer.setOutputFormat(QPrinter.PdfFormat)
            printer.setOutputFileName(str(walker.scratch / f"print{walker.counter:03d}.pdf"))
            printer.setResolution(72)   # what is drawn is not looked at; 300 dpi would only cost time
            return QDialog.Accepted

        QPrintDialog.exec = print_dialog_exec
        QDesktopServices.openUrl = staticmethod(lambda url: True)
        QDialog.exec = lambda dialog: walker.run_dialog(dialog)
        QDialog.open = lambda dialog: walker.run_dialog(dialog)
        logging.getLogger().addHandler(ErrorLog(self))

        def excepthook(exc_type, exc, tb):
            walker.bug("".join(traceback.format_exception(exc_type, exc, tb)))

        sys.excepthook = excepthook

    @staticmethod
    def _suffix(filters: str) -> str:
        start = filters.find("*.")
        if start < 0:
            return ""
        end = start + 2
        while end < len(filters) and (filters[end].isalnum()):
            end += 1
        return filters[start + 1:end].lower()

    def _existing_file(self, suffix: str) -> Path | None:
        """A file of that kind: one the walk saved earlier, else a small one made here."""
        if suffix in self.saved_files and self.saved_files[suffix].exists():
            return self.saved_files[suffix]
        path = self.scratch / f"input{suffix or '.txt'}"
        if suffix in (".png", ".jpg", ".jpeg", ".bmp"):
            image = QImage(60, 80, QImage.Format_RGB32)
            image.fill(Qt.white)
            image.save(str(path))
        elif suffix in ("", ".txt"):
            path.write_text("走访记录", encoding="utf-8")
        else:
            return None
        return path

    # Dialogs ---------------------------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> int:
        name = type(dialog).__name__
        self.opened.add(name)
        if self.depth >= MAX_DIALOG_DEPTH:
            dialog.reject()
            return dialog.result()
        dialog.show()
        self.pump()
        self.check_fit(dialog, name)
        outer = self.where
        self.depth += 1
        try:
            for target, tab in self.targets(dialog):
                if not shiboken6.isValid(dialog) or not dialog.isVisible():
                    break
                if self._closes(dialog, target):
                    continue
                self.where = f"{outer} → {name} → {_label(target)}"
                self.trigger(target, tab)
            for attempt in (1, 2):
                if not shiboken6.isValid(dialog) or not dialog.isVisible():
                    break
                if attempt == 2:
                    self.fill_empty_fields(dialog)   # the form refused: a clerk fills in what is missing
                for button in self._accept_buttons(dialog):
                    self.where = f"{outer} → {name} → {_label(button)}"
                    if shiboken6.isValid(button) and button.isEnabled() and button.isVisible():
                        self.trigger(button, None)
                    if not shiboken6.isValid(dialog) or not dialog.isVisible():
                        break
        finally:
            self.depth -= 1
            self.where = outer
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()
        result = dialog.result() if shiboken6.isValid(dialog) else QDialog.Accepted
        self.pump()
        return result

    @staticmethod
    def fill_empty_fields(dialog: QDialog) -> None:
        for edit in dialog.findChildren(QLineEdit):
            if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and not edit.text() \
                    and not isinstance(edit.parentWidget(), (QAbstractSpinBox, QComboBox)):
                edit.setText("测试")
        for edit in dialog.findChildren(QPlainTextEdit):
            if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and not edit.toPlainText():
                edit.setPlainText("测试")

    @staticmethod
    def _box_role(dialog: QDialog, button: QAbstractButton):
        for box in dialog.findChildren(QDialogButtonBox):
            if button in box.buttons():
                return box.buttonRole(button)
        return None

    def _closes(self, dialog: QDialog, button) -> bool:
        """Buttons left for the end (accept) or not clicked (reject, 关闭)."""
        if not isinstance(button, QAbstractButton):
            return False
        role = self._box_role(dialog, button)
        if role is not None:
            return role != QDialogButtonBox.ActionRole
        return _label(button) in ("关闭", "取消")

    def _accept_buttons(self, dialog: QDialog) -> list[QAbstractButton]:
        return [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()
                if box.buttonRole(b) in (QDialogButtonBox.AcceptRole, QDialogButtonBox.YesRole,
                                         QDialogButtonBox.ApplyRole)]

    # Targets ---------------------------------------------------------------------------------
    def targets(self, root: QWidget) -> list[tuple[object, tuple | None]]:
        """Every action and button under ``root``, each with what shows it: a tab, or the combo choosing
        a stacked panel (证书打印's 证书类型), as (widget with setCurrentIndex, index)."""
        found: list[tuple[object, tuple | None]] = []
        seen: set[int] = set()

        def collect(tab):
            for action in root.findChildren(QAction):
                if id(action) in seen or not action.text() or action.isSeparator() or action.menu() is not None:
                    continue
                if isinstance(action.parent(), QMenu) and action is action.parent().menuAction():
                    continue
                if action.text() in NEVER or self._is_undo(action):
                    continue
                seen.add(id(action))
                found.append((action, tab))
            for button in root.findChildren(QAbstractButton):
                if id(button) in seen or not isinstance(button, (QPushButton, QToolButton)):
                    continue
                if isinstance(button.parentWidget(), (QTabBar, QScrollBar, QAbstractSpinBox, QLineEdit, QComboBox)):
                    continue
                if isinstance(button, QToolButton) and (button.defaultAction() is not None
                                                        or button.menu() is not None):
                    continue   # its action (or its menu's actions) is triggered itself
                if type(button).__name__ == "QToolBarExtension" or not button.isVisibleTo(root):
                    continue
                seen.add(id(button))
                found.append((button, tab))

        collect(None)
        for tabs in root.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                self.pump(1)
                collect((tabs, index))
            tabs.setCurrentIndex(0)
        for combo in self._stack_choosers(root):
            for index in range(combo.count()):
                combo.setCurrentIndex(index)
                self.pump(1)
                collect((combo, index))
            combo.setCurrentIndex(0)
        return sorted(found, key=lambda pair: _order(_label(pair[0])))

    def _stack_choosers(self, root: QWidget) -> list[QComboBox]:
        """Combos that choose which panel of a QStackedWidget shows (as a clerk switches them)."""
        found = []
        stacks = [s for s in root.findChildren(QStackedWidget) if not isinstance(s.parentWidget(), QTabWidget)]
        for combo in root.findChildren(QComboBox):
            for stack in stacks:
                if combo.count() != stack.count() or combo.count() < 2:
                    continue
                start = combo.currentIndex()
                combo.setCurrentIndex((start + 1) % combo.count())
                self.pump(1)
                drives = stack.currentIndex() == combo.currentIndex()
                combo.setCurrentIndex(start)
                self.pump(1)
                if drives:
                    found.append(combo)
                    break
        return found

    @staticmethod
    def _is_undo(action: QAction) -> bool:
        return action.text().startswith(("撤销", "重做"))

    def select_rows(self, root: QWidget) -> None:
        """A row selected (and ticked, in a list of check boxes) in each list that has rows and no selection,
        as a clerk would before acting."""
        for view in root.findChildren(QAbstractItemView):
            if isinstance(view, QHeaderView):
                continue
            model = view.model()
            if model is None or model.rowCount() == 0 or view.selectionModel() is None:
                continue
            first = model.index(0, 0)
            if model.flags(first) & Qt.ItemIsUserCheckable and not any(
                    model.index(r, 0).data(Qt.CheckStateRole) in (Qt.Checked, 2) for r in range(model.rowCount())):
                model.setData(first, Qt.Checked, Qt.CheckStateRole)
            if view.selectionModel().hasSelection():
                continue
            if isinstance(view, QTableView):
                view.selectRow(0)
            else:
                view.setCurrentIndex(model.index(0, 0))

    def trigger(self, target, tab, root: QWidget | None = None) -> str | None:
        """Trigger one action or button (after selecting a row in each list of ``root``); returns why it
        was skipped, or None."""
        if not shiboken6.isValid(target):
            return "已随页面重建而关闭"
        if tab is not None:
            tabs, index = tab
            if not shiboken6.isValid(tabs):
                return "已随页面重建而关闭"
            tabs.setCurrentIndex(index)
            self.pump(1)
        if isinstance(target, QAbstractButton) and not target.isVisible():
            self.reveal(target)
        if root is not None and shiboken6.isValid(root):
            self.select_rows(root)
        if not target.isEnabled():
            hint = target.toolTip() if hasattr(target, "toolTip") else ""
            return "已禁用" + (f"（{hint}）" if hint else "")
        if isinstance(target, QAbstractButton) and not target.isVisible():
            return "未显示"
        if VERBOSE:
            print(self.where, flush=True)
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        try:
            if isinstance(target, QAction):
                target.trigger()
            else:
                target.click()
        except Exception:  # noqa: BLE001 - a slot raising is exactly what the walk looks for
            self.bug(traceback.format_exc())
        self.pump()
        self.close_new_windows(before)
        return None

    def reveal(self, widget: QWidget) -> None:
        """Bring forward the stacked pages (tabs, 设置's sections) that hold ``widget``."""
        child, parent = widget, widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
                parent.setCurrentWidget(child)
            child, parent = parent, parent.parentWidget()
        self.pump(1)

    def close_new_windows(self, before: set[int]) -> None:
        """Windows an action opened without a dialog's exec (projector, 唱票): measured, then closed."""
        for widget in QApplication.topLevelWidgets():
            if id(widget) in before or not widget.isVisible() or widget is self.window:
                continue
            if isinstance(widget, (QMenu, QDialog)) or widget.windowType() in (Qt.ToolTip, Qt.Popup):
                continue
            name = type(widget).__name__
            self.opened.add(name)
            self.check_fit(widget, name)
            widget.close()
        self.pump()

    # The walk --------------------------------------------------------------------------------
    def walk_page(self, key: str) -> None:
        started = time.monotonic()
        page = self.window.show_page(key)
        self.pump()
        self.where = f"{key}"
        self.check_fit(self.window, f"主窗口/{key}")
        triggered, skipped = 0, []
        for target, tab in self.targets(page):
            if not shiboken6.isValid(target):
                skipped.append("（页面已重建）")
                continue
            self.where = f"{key} → {_label(target)}"
            reason = self.trigger(target, tab, self.window.page(key))
            self.flush_deletes()
            if reason:
                skipped.append(f"{_label(target)}：{reason}")
            else:
                triggered += 1
        triggered += self.open_first_rows(key)
        self.undo_all(key)
        page = self.window.page(key)
        minimum = page.minimumSizeHint().expandedTo(page.minimumSize())
        self.pages[key] = {"triggered": triggered, "skipped": skipped,
                           "page_minimum": [minimum.width(), minimum.height()],
                           "seconds": round(time.monotonic() - started, 1)}

    def open_first_rows(self, key: str) -> int:
        """Double-click (and Enter on) the first row of each list, as a clerk opens a record or follows a link."""
        opened = 0
        page = self.window.show_page(key)
        views = [v for v in page.findChildren(QAbstractItemView) if not isinstance(v, QHeaderView)]
        for view in views:
            if not shiboken6.isValid(view):
                continue
            self.reveal(view)   # the tab holding it
            if not view.isVisibleTo(page) or view.model() is None or not view.model().rowCount():
                continue
            self.where = f"{key} → 双击 {view.objectName() or type(view).__name__} 第一行"
            index = view.model().index(0, 0)
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            try:
                view.doubleClicked.emit(index)
                self.pump()
                if shiboken6.isValid(view):
                    view.activated.emit(index)
            except Exception:  # noqa: BLE001 - reported like any slot that raises
                self.bug(traceback.format_exc())
            self.pump()
            self.close_new_windows(before)
            self.flush_deletes()
            self.window.show_page(key)   # a link may have shown another page
            opened += 1
        return opened

    def undo_all(self, key: str) -> None:
        """Undo what the page's actions did (Ctrl+Z back to the start), so the next page has the demo data."""
        self.where = f"{key} → 撤销全部"
        stack = self.ctx.undo_stack
        try:
            while stack.canUndo():
                stack.undo()
                self.pump(1)
        except Exception:  # noqa: BLE001 - an undo that raises is a finding too
            self.bug(traceback.format_exc())

    def walk_menus(self) -> None:
        triggered, skipped = 0, []
        for menu in self.window.menuBar().findChildren(QMenu):
            for action in menu.actions():
                if action.isSeparator() or action.menu() or action.text() in NEVER or self._is_undo(action):
                    continue
                self.where = f"菜单 {menu.title()} → {_label(action)}"
                reason = self.trigger(action, None)
                if reason:
                    skipped.append(f"{_label(action)}：{reason}")
                else:
                    triggered += 1
        self.pages["菜单栏"] = {"triggered": triggered, "skipped": skipped, "seconds": 0}


def enter_ballots(db) -> None:
    """A few ballots in the first vote item (the demo has none), so the 计票 lists have rows to act on."""
    from desktop_app.db import ballots, sessions, vote_items

    session = sessions.list_sessions(db)[0]
    item = vote_items.list_items(db, session["id"])[0]
    spec = vote_items.item_spec(db, item["id"])
    marks = "Y" * len(spec.candidates)
    for serial in (1, 2, 3):
        ballots.add_ballot(db, item["id"], serial=serial, marks=marks)


def fresh_copy(master: Path, path: Path) -> None:
    """Replace the database file at ``path`` by a copy of ``master`` (the closed demo database)."""
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(master, path)


def app_dialog_classes() -> list[str]:
    """Every QDialog subclass defined under desktop_app/ui that no other app dialog derives from."""
    import importlib
    import pkgutil

    import desktop_app.ui as ui

    for info in pkgutil.walk_packages(ui.__path__, "desktop_app.ui."):
        importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    mine = {c for c in subclasses(QDialog) if c.__module__.startswith("desktop_app.ui")}
    return sorted(c.__name__ for c in mine if not any(issubclass(o, c) and o is not c for o in mine))


def open_directly(walker: Walker) -> None:
    """Dialogs no page button leads to on an open database: the start-up password and the first start."""
    from desktop_app.ui.first_start import UnitNamesDialog
    from desktop_app.ui.password_dialog import PasswordDialog

    walker.where = "启动时"
    for make in (lambda: PasswordDialog(walker.ctx.db, walker.window),
                 lambda: UnitNamesDialog(walker.ctx, walker.window)):
        make().exec()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--pages", help="comma-separated page keys (default: all)")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.crash import install_crash_handler
    from desktop_app.ui.fonts import install_fonts
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.pages import PAGES
    from desktop_app.ui.window_settings import WindowSettings

    install_fonts(app)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xzrd-walk-") as tmp:
        scratch = Path(tmp)
        # Each page starts from a fresh copy of the demo database, whatever the pages before it did.
        master = scratch / "演示-原始.db"
        db = open_database(master)
        fill_demo(db)
        enter_ballots(db)
        db.close()
        db_path = scratch / "演示.db"
        fresh_copy(master, db_path)
        db = open_database(db_path)
        ctx = AppContext(db=db, db_path=db_path)
        window = MainWindow(ctx, window_settings=WindowSettings(scratch / "window.ini"))
        walker = Walker(app, window, ctx, scratch)
        from desktop_app.ops.exports import export_roster

        # The roster import is offered a workbook in the program's own layout (the 导出Excel of the roster).
        walker.saved_files[".xlsx"] = export_roster(db, scratch / "名册.xlsx", mask=False)
        install_crash_handler(scratch / "crash.log")
        walker.install()
        window.show_on_screen()
        walker.pump()
        minimum = window.minimumSizeHint()
        keys = args.pages.split(",") if args.pages else [spec.key for spec in PAGES]
        for key in keys:
            walker.where = key
            try:
                if key != keys[0]:
                    window.reopen_database(lambda path: fresh_copy(master, path))
                    walker.flush_deletes()
                walker.walk_page(key)
            except Exception:  # noqa: BLE001 - reported, and the walk goes on with the next page
                walker.bug(traceback.format_exc())
            minimum = minimum.expandedTo(window.minimumSizeHint())
        if not args.pages:
            window.reopen_database(lambda path: fresh_copy(master, path))
            walker.flush_deletes()
            walker.walk_menus()
            open_directly(walker)
        report = {
            "screen": list(app.primaryScreen().availableGeometry().getRect()),
            "main_minimum": [minimum.width(), minimum.height()],
            "pages": walker.pages,
            "errors": walker.errors,
            "fit": walker.fit,
            "measured": walker.measured,
            "opened": sorted(walker.opened),
            "dialog_classes": app_dialog_classes(),
            "user_messages": walker.user_messages,
            "seconds": round(time.monotonic() - started, 1),
        }
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        window.window_settings = WindowSettings(scratch / "window.ini")
        ctx.undo_stack.clear()
        ctx.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
