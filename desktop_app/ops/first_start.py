"""First start and 清空数据: the demo offer is made once, and an emptied database is not offered it again."""

from __future__ import annotations

import sqlite_utils

from ..db import deputies as deputies_db
from ..db import settings as store
from ..db import transaction
from .changes import Changes


def wants_demo_offer(db: sqlite_utils.Database) -> bool:
    """Whether to ask "从空白开始 or 载入演示数据": an empty database (not even deleted deputies) never asked."""
    return deputies_db.count_deputies(db, include_deleted=True) == 0 and not store.get(db, "demo_offered")


def mark_demo_offered(db: sqlite_utils.Database) -> Changes:
    """The offer was made (or the clerk started empty on purpose): it is not made again."""
    with transaction.write(db):
        store.put(db, "demo_offered", True)
    return Changes()
