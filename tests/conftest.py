"""Shared fixtures: offscreen Qt, a temporary data directory and a fresh database per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real user data directory."""
    monkeypatch.setenv("XZRD_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path):
    from desktop_app.db.connection import open_database

    database = open_database(db_path)
    yield database
    database.close()
