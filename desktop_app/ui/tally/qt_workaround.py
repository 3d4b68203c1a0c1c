"""Keep PySide6 6.12 from crashing Python 3.11: its void QPainter bindings drop one reference to None per call.

Measured here: 1,000 calls of ``QPainter.drawRect``/``fillRect``/``setPen`` lower ``sys.getrefcount(None)`` by
1,000 on PySide6 6.12.0 (not on 6.11), so a painted widget aborts the interpreter ("deallocating None")
after a few hundred repaints. Python 3.12 made None immortal; on 3.11 we give it the same very large
reference count once, which is what 3.12 does. Imported by every module of ours that paints.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import QtCore

_IMMORTAL = 1 << 40


def make_none_immortal() -> bool:
    """Raise None's reference count out of reach when the faulty combination is running; True if applied."""
    if sys.version_info >= (3, 12) or not QtCore.__version__.startswith("6.12."):
        return False
    if sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))   # ob_refcnt is the first field of every object
    if refcount.value < _IMMORTAL:
        refcount.value += _IMMORTAL
    return True


make_none_immortal()
