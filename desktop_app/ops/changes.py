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
    PICK_LISTS = enum.auto()      # activity types, suggestion fields, handling units (设置 → 活动与建议)
    CALENDAR = enum.auto()        # the holiday table and the deadlines counted on it
    EVERYTHING = (TERMS | DISTRICTS | DEPUTIES | GROUPS | STATIONS | ACTIVITIES | RECEPTIONS | SUGGESTIONS
                  | SESSIONS | ATTENDANCE | VOTE_ITEMS | BALLOTS | ARCHIVE | HONORS | SCORES | SETTINGS
                  | PICK_LISTS | CALENDAR)


# The area of each table an undo command or an import names its records by.
TABLE_AREAS = {
    "terms": Area.TERMS, "districts": Area.DISTRICTS, "deputies": Area.DEPUTIES, "groups": Area.GROUPS,
    "stations": Area.STATIONS, "activities": Area.ACTIVITIES, "activity_attendance": Area.ACTIVITIES,
    "attachments": Area.ACTIVITIES | Area.ARCHIVE, "reception_schedules": Area.RECEPTIONS,
    "reception_visits": Area.RECEPTIONS, "suggestions": Area.SUGGESTIONS, "sessions": Area.SESSIONS,
    "session_attendance": Area.ATTENDANCE, "vote_items": Area.VOTE_ITEMS, "ballots": Area.BALLOTS,
    "honors": Area.HONORS | Area.ARCHIVE, "report_backs": Area.ARCHIVE, "deputy_notes": Area.ARCHIVE,
    "score_rules": Area.SCORES, "score_adjustments": Area.SCORES, "score_freezes": Area.SCORES,
    "settings": Area.SETTINGS, "activity_types": Area.PICK_LISTS, "suggestion_fields": Area.PICK_LISTS,
    "handling_units": Area.PICK_LISTS, "holidays": Area.CALENDAR,
}


def area_of_table(table: str) -> Area:
    """The area a table's rows belong to (KeyError for a table no page shows: a typo, not a silent no-op)."""
    return TABLE_AREAS[table]


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


def areas_of_tables(tables) -> Area:
    """The areas of several tables at once (an import touching deputies, activities and suggestions)."""
    areas = Area.NONE
    for table in tables:
        areas |= TABLE_AREAS.get(table, Area.NONE)
    return areas
