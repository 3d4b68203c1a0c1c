"""What every page is given: the open database and the shared undo stack (no global singletons)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack


class DataEvents(QObject):
    """Signals pages use to refresh after another page changed data.

    Signals:
        changed(str): a table name ('deputies', 'groups', 'sessions', ...) whose rows changed.
    """

    changed = Signal(str)


@dataclass
class AppContext:
    db: sqlite_utils.Database
    db_path: Path
    undo_stack: QUndoStack = field(default_factory=QUndoStack)
    events: DataEvents = field(default_factory=DataEvents)
