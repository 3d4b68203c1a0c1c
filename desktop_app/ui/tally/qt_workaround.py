"""Keep PySide6 6.12 from crashing Python 3.11: some bindings drop a reference to None/True/False per call.

Measured here: 1,000 calls of ``QPainter.drawRect``/``fillRect``/``setPen`` lower ``sys.getrefcount(None)`` by
1,000 on PySide6 6.12.0 (not on 6.11), so a painted widget aborts the interpreter ("deallocating None")
after a few hundred repaints; bool-returning calls do the same to True/False. Python 3.12 made these
singletons immortal; on 3.11 we give them the same very large reference count once, which is what 3.12
does. Imported by every module of ours that paints (the lead may prefer to import it at start-up).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import QtCore

_IMMORTAL = 1 << 40


def make_none_immortal() -> bool:
    """Raise the reference counts of None, True and False out of reach on the faulty combination; True if applied."""
    if sys.version_info >= (3, 12) or not QtCore.__version__.startswith("6.12."):
        return False
    if sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))   # ob_refcnt: the first field of every object
        if refcount.value < _IMMORTAL:
            refcount.value += _IMMORTAL
    return True


make_none_immortal()
