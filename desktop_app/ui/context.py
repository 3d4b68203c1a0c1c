"""What every page is given: the open database and the shared undo stack (no global singletons)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:  # importing sqlite_utils costs ~70 ms, kept out of the path to the first window
    import sqlite_utils


class DataEvents(QObject):
    """Signals pages use to refresh after another page changed data.

    Signals:
        changed(str): a table name ('deputies', 'groups', 'sessions', ...) whose rows changed.
        navigate(str, object): show page ``key`` and, when the page has ``focus_record(record_id)``,
            select that record there (the home screen's "one click to the record").
    """

    changed = Signal(str)
    navigate = Signal(str, object)


@dataclass
class AppContext:
    db: "sqlite_utils.Database"
    db_path: Path
    undo_stack: QUndoStack = field(default_factory=QUndoStack)
    events: DataEvents = field(default_factory=DataEvents)
