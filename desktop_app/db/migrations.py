"""Numbered schema migrations, recorded in ``PRAGMA user_version``; each runs in one transaction.

Add a migration by appending a function to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

import sqlite_utils

from . import schema_v1, schema_v2, schema_v3, schema_v4
from . import transaction
from .writes import writes


def _split(script: str) -> list[str]:
    """Statements of a script; executescript() would commit, so each runs inside our transaction."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _m1_initial(db: sqlite_utils.Database) -> None:
    """Roster, congress sessions, ballots and the audit log."""
    for stmt in _split(schema_v1.SCRIPT):
        db.execute(stmt)


@writes
def _m2_activities_suggestions(db: sqlite_utils.Database) -> None:
    """Activities, attendance, attachments, 接待选民日 and the suggestions loop with its search index."""
    from ..domain.activities import DEFAULT_TYPES, rule_from_text
    from ..domain.suggestions import DEFAULT_FIELDS

    for stmt in _split(schema_v2.SCRIPT):
        db.execute(stmt)
    if sqlite3.sqlite_version_info >= schema_v2.FTS_MIN_VERSION:
        for stmt in _split(schema_v2.FTS_SCRIPT):
            db.execute(stmt)
    for order, (name, collective, contact) in enumerate(DEFAULT_TYPES):
        db.execute("INSERT INTO activity_types(name, collective, voter_contact, sort_order) VALUES (?, ?, ?, ?)",
                   [name, collective, contact, order])
    for order, name in enumerate(DEFAULT_FIELDS):
        db.execute("INSERT INTO suggestion_fields(name, sort_order) VALUES (?, ?)", [name, order])
    # Stations already say when they receive voters (每周一, 每月9日、19日): turn that into schedules.
    for station_id, open_days in db.execute("SELECT id, open_days FROM stations WHERE deleted_at IS NULL").fetchall():
        rule = rule_from_text(open_days)
        if rule:
            db.execute("INSERT INTO reception_schedules(station_id, rule) VALUES (?, ?)", [station_id, rule])


def _m3_archive_scoring(db: sqlite_utils.Database) -> None:
    """一人一档 and 履职积分: score rules, adjustments, frozen years, honours, 述职 and notes."""
    for stmt in _split(schema_v3.SCRIPT):
        db.execute(stmt)


def _m4_stable_uids(db: sqlite_utils.Database) -> None:
    """Stable record ids (uid) for the county exchange package: filled now, and by triggers on insert."""
    for stmt in _split(schema_v4.SCRIPT):
        db.execute(stmt)


@writes
def _m5_one_timestamp_format(db: sqlite_utils.Database) -> None:
    """updated_at/deleted_at in the schema default's format (2026-03-05 10:00:00), as db/records writes them.

    Earlier versions wrote some as 2026-03-05T10:00:00, so a record edited late in a day sorted after one
    created at midnight; the stored values are rewritten once, nothing else changes.
    """
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE "
        "'CREATE VIRTUAL%'")]
    for table in tables:
        columns = {c[1] for c in db.execute(f"PRAGMA table_info({table})")}
        for column in ("updated_at", "deleted_at"):
            if column in columns:
                db.execute(f"UPDATE {table} SET {column} = substr({column}, 1, 10) || ' ' || substr({column}, 12) "
                           f"WHERE {column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'")


@writes
def _m6_collected_count(db: sqlite_utils.Database) -> None:
    """收回票数 of a vote item: the papers the scrutineers counted before opening the box (NULL until typed)."""
    columns = {c[1] for c in db.execute("PRAGMA table_info(vote_items)")}
    if "collected" not in columns:
        db.execute("ALTER TABLE vote_items ADD COLUMN collected INTEGER CHECK (collected IS NULL OR collected >= 0)")


@writes
def _m7_result_seal(db: sqlite_utils.Database) -> None:
    """The seal of a certified result (SHA-256 over its ballots, counts and result; NULL while 草稿 and for
    items certified before seals existed, which ``check`` reports as 未封存（升级前）)."""
    columns = {c[1] for c in db.execute("PRAGMA table_info(vote_items)")}
    if "seal" not in columns:
        db.execute("ALTER TABLE vote_items ADD COLUMN seal TEXT")


@writes
def _m8_honour_year(db: sqlite_utils.Database) -> None:
    """年度 of an honour (the year a 荣誉证书 names): filled for the stored ones as the dialog suggests it,
    the year before for an award dated January to June, else the award's own year."""
    columns = {c[1] for c in db.execute("PRAGMA table_info(honors)")}
    if "year" not in columns:
        db.execute("ALTER TABLE honors ADD COLUMN year INTEGER")
    db.execute("UPDATE honors SET year = CAST(substr(date, 1, 4) AS INTEGER) - "
               "(CASE WHEN CAST(substr(date, 6, 2) AS INTEGER) <= 6 THEN 1 ELSE 0 END) "
               "WHERE year IS NULL AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'")


_SCANNED_BALLOTS = """
CREATE TABLE IF NOT EXISTS scan_files (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    team INTEGER NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    pages INTEGER NOT NULL,
    render_dpi INTEGER,
    stored TEXT,
    stored_sha256 TEXT,
    scanned_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS scanned_ballots (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES vote_items(id),
    team INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    scan_file_id INTEGER NOT NULL REFERENCES scan_files(id),
    file_page INTEGER NOT NULL,
    homography TEXT NOT NULL,
    layout TEXT NOT NULL,
    reading TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('counted', 'pending')),
    ballot_id INTEGER REFERENCES ballots(id),
    decisions TEXT,
    UNIQUE (item_id, team, serial)
);
CREATE INDEX IF NOT EXISTS scanned_ballots_status ON scanned_ballots(status, item_id);
CREATE INDEX IF NOT EXISTS scanned_ballots_ballot ON scanned_ballots(ballot_id);
CREATE INDEX IF NOT EXISTS scan_files_session ON scan_files(session_id);
"""


def _m9_scanned_ballots(db: sqlite_utils.Database) -> None:
    """扫描计票: the files a scanner wrote (with the kept copy and its hash) and each ballot read from them,
    counted or pending the scrutineers (docs/ballot-layout.md)."""
    for stmt in _split(_SCANNED_BALLOTS):
        db.execute(stmt)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m1_initial,
    _m2_activities_suggestions,
    _m3_archive_scoring,
    _m4_stable_uids,
    _m5_one_timestamp_format,
    _m6_collected_count,
    _m7_result_seal,
    _m8_honour_year,
    _m9_scanned_ballots,
]

LATEST = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


@writes
def migrate(db: sqlite_utils.Database, target: int | None = None) -> None:
    """Apply the missing migrations one by one, each atomically with its version bump."""
    target = len(MIGRATIONS) if target is None else target
    current = schema_version(db)
    for number in range(current + 1, target + 1):
        with transaction.write(db):
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
