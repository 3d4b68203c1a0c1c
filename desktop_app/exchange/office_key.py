"""The office's signing key made when a database is opened, without loading the crypto library when it is there.

Opening (the GUI, every command) only needs the key to exist; nearly always it does, and checking the file
costs nothing, while importing ``exchange.signing`` (cryptography) costs about 20 ms a start. A damaged key is
left for 设置 and the next export to report, as ``signing.ensure_office_key`` does.
"""

from __future__ import annotations

import sqlite_utils

from ..db import signing_key_file
from ..db.backup import database_path


def ensure_on_open(db: sqlite_utils.Database) -> None:
    """Make the office's key pair when the database has none yet (see ``signing.ensure_office_key``)."""
    path = database_path(db)
    if path.name and signing_key_file.key_file(path).exists():
        return
    from .signing import ensure_office_key

    ensure_office_key(db)
