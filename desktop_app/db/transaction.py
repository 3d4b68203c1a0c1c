"""The one way to open a write transaction: BEGIN IMMEDIATE, so a second writer waits for the lock.

A deferred transaction that later upgrades to a write fails at once with ``database is locked`` when
another connection writes, whatever the busy timeout; taking the write lock at BEGIN makes SQLite wait
up to the connection's busy timeout instead. Nested calls become savepoints of the outer transaction.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import sqlite_utils

from . import audit_head
from .writes import writes


@writes
@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All or nothing: the block's writes commit together, or none of them do."""
    if db.conn.in_transaction:
        with db.atomic():          # a savepoint inside the caller's transaction
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        audit_head.after_rollback(db)
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            audit_head.after_rollback(db)
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        # The head beside the file follows the commit: written before, a rolled-back entry would be recorded.
        audit_head.after_commit(db)
