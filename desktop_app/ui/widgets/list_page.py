"""What the record-list pages share: the toolbar actions with the standard shortcuts, opening a form,
asking before a delete, a checklist of linked records, and reloading when watched tables change —
so each page says only what differs (its columns, its form, its db calls)."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QToolBar, QWidget

from ...errors import UserError
from ...ops.changes import Area, Changes
from ..context import AppContext
from . import actions
from .checklist import CheckListDialog
from .messages import confirm, show_error
from .record_dialog import FormErrors, RecordDialog
from .reloading_page import ReloadingPage


def field_error(err: UserError, words: Sequence[tuple[str, str]]) -> UserError:
    """The db layer's message shown next to the field it names (first matching word wins), else as is."""
    if getattr(err, "problems", None):
        return err
    text = str(err)
    for word, field in words:
        if word in text:
            return FormErrors({field: text})
    return err


class FormDialog(RecordDialog):
    """A record form whose values go to ``submit(values)`` (which runs the undoable command).

    Subclasses build the fields, implement ``values()`` (raising FormErrors for what they check
    themselves) and list in ``FIELD_WORDS`` which words of a db message point at which field.
    """

    FIELD_WORDS: Sequence[tuple[str, str]] = ()

    def __init__(self, title: str, submit: Callable[[dict], object], parent: QWidget | None = None,
                 **options) -> None:
        super().__init__(title, parent, **options)
        self.submit = submit
        self.result_value = None

    def values(self) -> dict:
        raise NotImplementedError

    def save(self) -> None:
        values = self.values()
        try:
            self.result_value = self.submit(values)
        except UserError as err:
            raise field_error(err, self.FIELD_WORDS) from None


class ListPage(ReloadingPage):
    """Base of the groups, stations, districts, archive and scoring pages.

    ``WATCHED`` names the areas (``ops.changes.Area``) whose changes make the page reload (at once if shown, else on show).
    """

    WATCHED: Area = Area.NONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None   # the open form, kept so tests and shortcuts can reach it
        self._stale = False
        ctx.events.changed.connect(self._on_data_changed)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(self.WATCHED):
            self.reload_soon()

    # Actions -------------------------------------------------------------------------------
    def action(self, text: str, slot, shortcut=None, *, widget: QWidget | None = None) -> QAction:
        return actions.page_action(self, text, slot, shortcut, widget=widget)

    def record_actions(self, bar: QToolBar, view: QAbstractItemView, new: tuple[str, Callable],
                       edit: tuple[str, Callable], delete: tuple[str, Callable], *,
                       scope: QWidget | None = None, extra: Iterable[QAction] = ()) -> tuple[QAction, QAction, QAction]:
        """新建 (Ctrl+N within ``scope``, default the page), 编辑 (F2; Enter and double-click are the view's
        ``activated``), 删除 (Del, on the view only so typing in a search box is never hijacked), then
        ``extra`` actions, on ``bar`` and in the view's context menu."""
        new_action = self.action(*new, actions.NEW, widget=scope)
        edit_action = self.action(*edit, [actions.EDIT], widget=view)
        edit_action.setToolTip(f"{edit[0]}（F2、Enter 或双击）")
        delete_action = self.action(*delete, [actions.DELETE], widget=view)
        extra = list(extra)
        for act in (new_action, edit_action, *extra, delete_action):
            bar.addAction(act)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        for act in (edit_action, *extra, delete_action):
            if act not in view.actions():
                view.addAction(act)
        return new_action, edit_action, delete_action

    def find_action(self, search: QLineEdit, *, scope: QWidget | None = None) -> QAction:
        """Ctrl+F puts the cursor in ``search`` with its text selected."""
        action = self.action("查找", lambda: self.focus_search(search), actions.FIND, widget=scope)
        search.setToolTip(f"筛选列表（{action.shortcut().toString()}）")
        return action

    def refresh_action(self) -> QAction:
        return self.action("刷新", self.reload, actions.REFRESH)

    @staticmethod
    def focus_search(search: QLineEdit) -> None:
        search.setFocus()
        search.selectAll()

    # Forms and questions ---------------------------------------------------------------------
    def open_dialog(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def confirm_then(self, title: str, question: str, run: Callable[[], object], *,
                     error_title: str = "无法完成操作") -> bool:
        """Ask first (否 is the default); a refusal from the db layer is shown and nothing changes."""
        if not confirm(self, title, question + "\n\n删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。"):
            return False
        try:
            run()
        except UserError as err:
            show_error(self, err, error_title)
            return False
        return True

    def open_checklist(self, title: str, items: list, checked: Iterable[int], unit: str,
                       on_accept: Callable[[list[int]], object]) -> CheckListDialog:
        """A checklist dialog; on 确定 ``on_accept(checked ids)`` runs, and an error there is shown."""
        dialog = CheckListDialog(title, items, list(checked), self, unit=unit)

        def finished(result: int) -> None:
            if not result:
                return
            try:
                on_accept(dialog.checked_ids())
            except UserError as err:
                show_error(self, err)

        dialog.finished.connect(finished)
        return self.open_dialog(dialog)
