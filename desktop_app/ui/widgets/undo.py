"""The base of every undoable data action: done once through ``ops`` (so errors reach the form), then pushed.

``QUndoStack.push`` calls ``redo()`` straight away; that first call is skipped because the action is
already done. Later redo()/undo() calls repeat or revert it in one transaction (``ops.guard.replay``), and
an error there — a record changed elsewhere included — is shown to the clerk instead of escaping into Qt's
undo machinery (the database stays as it was).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ...errors import UserError
from ...ops.changes import area_of_table
from ...ops.guard import replay
from ..context import AppContext


class DataCommand(QUndoCommand):
    """Subclasses set ``table`` (the table of the records; its area is announced) and define ``apply``/``revert``."""

    table = ""

    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
        else:
            self._run(self.apply)
        self.ctx.announce(area_of_table(self.table))

    def undo(self) -> None:
        self._run(self.revert)
        self.ctx.announce(area_of_table(self.table))

    def _run(self, step) -> None:
        from .messages import show_error

        try:
            replay(self.ctx.db, step)   # the step's checks and its ops calls, all or nothing
        except UserError as err:
            self.setObsolete(True)
            show_error(None, err, "无法撤销或重做")
        except Exception as err:  # noqa: BLE001 - reported to the user as a bug, logged with traceback
            self.setObsolete(True)
            show_error(None, err)

    def apply(self) -> None:
        raise NotImplementedError   # every command says how to do itself again

    def revert(self) -> None:
        raise NotImplementedError   # …and how to take itself back

    def push(self):
        self.ctx.undo_stack.push(self)
        return self
