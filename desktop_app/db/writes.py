"""The mark on db functions that change the file, so the layering test can tell a write from a query.

Pages and commands may call db queries, never a function marked ``@writes``: their writes go through ``ops``.
"""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def writes(function: F) -> F:
    """Mark ``function`` as one that writes (a transaction, an audit entry or SQL that changes a table)."""
    function.writes = True  # type: ignore[attr-defined]
    return function
