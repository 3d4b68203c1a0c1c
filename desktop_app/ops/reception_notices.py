"""接待选民日公示: the notices of chosen reception days (or each station's next one), one official page each.

The 接待选民日 tab's 预览公示 actions and ``export reception-notice`` write through :func:`write_notices`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..db import reception_notice, settings
from ..domain.reception_notice import notice_date, short_notice_warning
from .file_kinds import suffix_of


def dated(notices: list[dict], today: dt.date) -> list[dict]:
    """The notices dated three days before their reception day, never before ``today`` (the day they are made)."""
    return [{**n, "post_date": notice_date(dt.date.fromisoformat(n["date"]), today).isoformat()} for n in notices]


def warning(notices: list[dict], today: dt.date) -> str:
    """What to tell the clerk before posting: reception days fewer than three days away ('' when none)."""
    return short_notice_warning([(n["station_name"], dt.date.fromisoformat(n["date"])) for n in notices], today)


def write_notices(db: sqlite_utils.Database, notices: list[dict], out_path: str | Path, *,
                  today: dt.date | None = None) -> Path:
    """Notices (``db.reception_notice.notice_for`` dicts) under the township's 人大主席团, dated by :func:`dated`;
    UserError when none."""
    from ..reports.pdf.reception_notice import render_reception_notice

    return render_reception_notice(dated(notices, today or dt.date.today()), out_path,
                                   township=settings.get(db, "township_name") or "")


def export_reception_notice(db: sqlite_utils.Database, out_path: str | Path, *, today: dt.date | None = None,
                            notify: Callable[[str], None] | None = None) -> Path:
    """The ``reception-notice`` export kind: the next reception day of every station, one page each;
    ``notify`` gets the page's :func:`warning` when a reception day is fewer than three days away."""
    suffix_of(out_path, (".pdf",), "接待选民日公示")
    today = today or dt.date.today()
    notices = reception_notice.next_notices(db, today)
    path = write_notices(db, notices, out_path, today=today)
    too_close = warning(notices, today)
    if too_close and notify is not None:
        notify(too_close)
    return path
