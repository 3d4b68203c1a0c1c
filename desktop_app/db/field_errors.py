"""The domain's field refusals raised by the stores as InputError, the same sentence, nothing saved."""

from __future__ import annotations

import contextlib
from typing import Iterator

from ..domain.fields import FieldError
from ..errors import InputError


@contextlib.contextmanager
def as_input_errors() -> Iterator[None]:
    try:
        yield
    except FieldError as err:
        raise InputError(str(err)) from None
