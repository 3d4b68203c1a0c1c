"""What every page is given: the open database, the shared undo stack and the change announcements (no singletons)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..ops.changes import Area, Changes

if TYPE_CHECKING:  # importing sqlite_utils costs ~70 ms, kept out of the path to the first window
    import sqlite_utils


class DataEvents(QObject):
    """Signals pages use to refresh after another page (or an undo) changed data.

    Signals:
        changed(Changes): what an operation changed (``ops.changes.Changes``); a page reloads when
            ``changes.touches(...)`` names an area it shows.
        navigate(str, object): show page ``key`` and, when the page has ``focus_record(record_id)``,
            select that record there (the home screen's "one click to the record").
    """

    changed = Signal(object)
    navigate = Signal(str, object)


@dataclass
class AppContext:
    db: "sqlite_utils.Database"
    db_path: Path
    undo_stack: QUndoStack = field(default_factory=QUndoStack)
    events: DataEvents = field(default_factory=DataEvents)

    def announce(self, changes: Changes | Area) -> None:
        """Tell every page what an operation changed (an ``Area`` alone stands for ``Changes(area)``)."""
        if isinstance(changes, Area):
            changes = Changes(changes)
        if changes.areas:
            self.events.changed.emit(changes)
