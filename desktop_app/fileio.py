"""Write files safely: to a temporary name next to the target, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``.

    A crash or an exception leaves the old file (if any) untouched and removes the temporary one.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix="." + target.stem + ".", suffix=target.suffix + ".tmp", dir=target.parent)
    except OSError as err:
        raise _naming(err, target) from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as err:
        # A full disk or a locked target shows while writing the temporary file or renaming it; the clerk
        # knows the file by the name they chose, not by the temporary one.
        if err.filename in (None, str(tmp), tmp_name) or err.filename2 in (str(target),):
            raise _naming(err, target) from err
        raise
    finally:
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass  # the error that brought us here is the one to report


def _naming(err: OSError, target: Path) -> OSError:
    return type(err)(err.errno, err.strerror, str(target))
