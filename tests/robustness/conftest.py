"""Fixtures of the robustness tests: a demo township (built once per module) and its exchange package."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from package_tools import COUNTY_CODE, PERIOD, TODAY  # noqa: E402 - after the path insert


@pytest.fixture(scope="module")
def town_master(tmp_path_factory):
    """A demo township database and its full exchange package, built once for the module (read-only)."""
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo
    from desktop_app.exchange.package import build_package

    folder = tmp_path_factory.mktemp("town")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(folder / "userdata"))
        db = open_database(folder / "town.db")
        try:
            fill_demo(db, seed=11, today=TODAY)
            from desktop_app.ops.settings import set_county_code

            set_county_code(db, COUNTY_CODE)   # the packages carry ID digests keyed with it
            package = build_package(db, folder / "town.zip", today=TODAY, parts="roster,activities,suggestions",
                                    **PERIOD)
            # Fold the WAL into the file so a plain copy is the whole database.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    return folder / "town.db", package


@pytest.fixture
def town_path(town_master, tmp_path):
    """A private copy of the demo township database and its signing key (path only; the test opens it)."""
    from desktop_app.db.signing_key_file import key_file

    target = tmp_path / "town.db"
    shutil.copyfile(town_master[0], target)
    if key_file(town_master[0]).exists():
        shutil.copyfile(key_file(town_master[0]), key_file(target))
    return target


@pytest.fixture
def town(town_path):
    from desktop_app.db.connection import open_database

    db = open_database(town_path)
    yield db
    db.close()


@pytest.fixture
def package_path(town_master):
    return town_master[1]
