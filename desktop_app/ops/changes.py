"""The typed change set an operation returns, which the main window turns into page refreshes (Anki's OpChanges)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Area(enum.Flag):
    """What kind of records an operation changed; pages refresh when an area they show is touched."""

    NONE = 0
    TERMS = enum.auto()
    DISTRICTS = enum.auto()
    DEPUTIES = enum.auto()
    GROUPS = enum.auto()
    STATIONS = enum.auto()
    ACTIVITIES = enum.auto()
    RECEPTIONS = enum.auto()
    SUGGESTIONS = enum.auto()
    SESSIONS = enum.auto()
    ATTENDANCE = enum.auto()
    VOTE_ITEMS = enum.auto()
    BALLOTS = enum.auto()
    ARCHIVE = enum.auto()
    HONORS = enum.auto()
    SCORES = enum.auto()
    SETTINGS = enum.auto()
    EVERYTHING = (TERMS | DISTRICTS | DEPUTIES | GROUPS | STATIONS | ACTIVITIES | RECEPTIONS | SUGGESTIONS
                  | SESSIONS | ATTENDANCE | VOTE_ITEMS | BALLOTS | ARCHIVE | HONORS | SCORES | SETTINGS)


@dataclass(frozen=True)
class Changes:
    """What one operation did: the areas it touched, the records, a line for the clerk, and its result.

    ``value`` carries what the caller needs back (a new record's id, an import report); ``message`` is the
    Chinese sentence a page shows on its info line or the command prints.
    """

    areas: Area = Area.NONE
    ids: tuple[int, ...] = ()
    message: str = ""
    value: Any = None

    def touches(self, areas: Area) -> bool:
        return bool(self.areas & areas)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.areas | other.areas, self.ids + other.ids,
                       "；".join(m for m in (self.message, other.message) if m), other.value)


NOTHING = Changes()
