"""Fixtures of the exchange tests: a demo township database and an empty one (import with ``from exchange_samples import *``)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db.connection import open_database
from desktop_app.ops.demo import fill_demo

TODAY = dt.date(2026, 11, 23)
PERIOD = {"start": "2025-01-01", "end": "2026-12-31"}


@pytest.fixture
def demo_db(tmp_path):
    db = open_database(tmp_path / "town.db")
    fill_demo(db, seed=11, today=TODAY)
    yield db
    db.close()


@pytest.fixture
def empty_db(tmp_path):
    db = open_database(tmp_path / "county.db")
    yield db
    db.close()
