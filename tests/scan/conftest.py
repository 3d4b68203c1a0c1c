"""Fixtures of the scanning tests: a session with one item of each kind (and a rehearsal copy)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scan_fixtures import make_session  # noqa: E402 - after the path insert


@pytest.fixture
def session(db):
    """{'id': session id, kind: item id} for 选举 (2 seats, write-ins), 表决, 票决 (2 of 4), 测评, and
    'rehearsal': the rehearsal copy of the 选举 item."""
    return make_session(db)
