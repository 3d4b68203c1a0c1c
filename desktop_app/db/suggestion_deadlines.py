"""Running deadlines of open suggestions, each with the date its step started, and their store when they move."""

from __future__ import annotations

import sqlite_utils

from ..domain.suggestions import OPEN_STATES
from . import records, transaction
from .writes import writes


def running(db: sqlite_utils.Database) -> list[dict]:
    """Open suggestions with a deadline: id, title, state, deadline, handling_deadline, step_start, handling_start.

    The step whose deadline runs is the latest one recorded other than 办理 (starting work keeps the 交办
    deadline); a suggestion without any step recorded runs from its own date.
    """
    marks = ", ".join("?" for _ in OPEN_STATES)
    return list(db.query(
        "SELECT s.id, s.title, s.state, s.deadline, s.handling_deadline, "
        "COALESCE((SELECT e.date FROM suggestion_events e WHERE e.suggestion_id = s.id AND e.action <> '办理' "
        "          ORDER BY e.date DESC, e.id DESC LIMIT 1), s.date) AS step_start, "
        "(SELECT e.date FROM suggestion_events e WHERE e.suggestion_id = s.id AND e.action IN ('交办', '重新办理') "
        " ORDER BY e.date DESC, e.id DESC LIMIT 1) AS handling_start "
        f"FROM suggestions s WHERE s.deleted_at IS NULL AND s.deadline IS NOT NULL AND s.state IN ({marks}) "
        "ORDER BY s.id", list(OPEN_STATES)))


def provisional_years(db: sqlite_utils.Database, covered: frozenset[int] | set[int]) -> dict[int, int]:
    """{year: open suggestions whose deadline falls in it} for the years the holiday table does not cover."""
    marks = ", ".join("?" for _ in OPEN_STATES)
    found: dict[int, int] = {}
    # One range per run of uncovered years, so the (state, deadline) index answers each: before the first
    # covered year, the gaps between, after the last.
    for low, high in _uncovered_ranges(covered):
        rows = db.execute(
            "SELECT CAST(substr(deadline, 1, 4) AS INTEGER), COUNT(*) FROM suggestions "
            f"WHERE deleted_at IS NULL AND state IN ({marks}) AND deadline >= ? AND deadline < ? GROUP BY 1",
            [*OPEN_STATES, low, high]).fetchall()
        found.update(rows)
    return found


def _uncovered_ranges(covered: frozenset[int] | set[int]) -> list[tuple[str, str]]:
    """[low, high) ISO bounds of the deadlines outside the covered years."""
    if not covered:
        return [("0000", "9999")]
    ranges = [("0000", f"{min(covered):04d}-01-01")]
    ranges += [(f"{year:04d}-01-01", f"{year + 1:04d}-01-01")
               for year in range(min(covered), max(covered)) if year not in covered]
    ranges.append((f"{max(covered) + 1:04d}-01-01", "9999"))
    return ranges


@writes
def store(db: sqlite_utils.Database, moves: list[dict]) -> None:
    """Write moved deadlines (``domain.suggestions.moved_deadlines``); the caller writes the audit entry."""
    now = records.now()   # a moved deadline is a change of the record
    with transaction.write(db):
        db.conn.executemany("UPDATE suggestions SET deadline = ?, handling_deadline = ?, updated_at = ? WHERE id = ?",
                            [(m["deadline"], m["handling_deadline"], now, m["id"]) for m in moves])
