"""The LibreOffice round trips (``make check-office``): selected only with ``-m office``, skipped without soffice."""

from __future__ import annotations

import shutil

import pytest


def pytest_collection_modifyitems(config, items):
    # `make test` must not need LibreOffice: the office tests run only when asked for by their marker.
    if "office" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("office") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return path
