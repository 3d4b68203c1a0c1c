"""乡镇人大工作台 — offline desktop application for a township people's congress office."""

import sys

__version__ = "0.1.0"


def _sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils with NumPy hidden from it.

    sqlite-utils imports NumPy whenever it is installed (for NumPy column types the app never stores), and
    the scan extra installs it for the ballot reader: that would add a quarter of a second to every start.
    The reader imports NumPy itself when a scan is read.
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes ``import numpy`` raise ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["numpy"]


_sqlite_utils_without_numpy()
