"""What every page is given: the open database and the shared undo stack (no global singletons)."""

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

    def announce(self, changes: Changes | Area) -> None:
        """Tell every page what an operation changed (an ``Area`` alone stands for ``Changes(area)``)."""
        if isinstance(changes, Area):
            changes = Changes(changes)
        for area in Area:
            if area in _LEGACY_NAMES and changes.areas & area:
                self.events.changed.emit(_LEGACY_NAMES[area])


_LEGACY_NAMES = {Area.TERMS: "terms", Area.DISTRICTS: "districts", Area.DEPUTIES: "deputies", Area.GROUPS: "groups",
                 Area.STATIONS: "stations", Area.ACTIVITIES: "activities", Area.RECEPTIONS: "reception_visits",
                 Area.SUGGESTIONS: "suggestions", Area.SESSIONS: "sessions", Area.ATTENDANCE: "session_attendance",
                 Area.VOTE_ITEMS: "vote_items", Area.BALLOTS: "ballots", Area.ARCHIVE: "archive",
                 Area.HONORS: "honors", Area.SCORES: "score_rules", Area.SETTINGS: "settings"}
