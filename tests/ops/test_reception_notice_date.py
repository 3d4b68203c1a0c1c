"""接待选民日公示 is dated three days before the reception day, never before the day it is made."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from desktop_app.db import reception_notice
from desktop_app.ops import reception_notices
from desktop_app.ops.demo import fill_demo


def _signed_dates(path) -> list[dt.date]:
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))
    # the 成文日期 follows the organ's name at the foot of each notice
    return [dt.date(int(y), int(m), int(d)) for y, m, d in re.findall(r"人大主席团(\d{4})年(\d{1,2})月(\d{1,2})日", text)]


def test_a_notice_is_never_dated_before_it_is_made_and_a_close_day_is_warned(db, tmp_path):
    fill_demo(db, today=dt.date(2026, 12, 1))
    seen_short = False
    for offset in range(8):
        today = dt.date(2026, 12, 1) + dt.timedelta(days=offset)
        notices = reception_notice.next_notices(db, today)
        path = reception_notices.export_reception_notice(db, tmp_path / f"n{offset}.pdf", today=today)
        signed = _signed_dates(path)
        assert len(signed) == len(notices) > 0
        for notice, date in zip(notices, signed):
            day = dt.date.fromisoformat(notice["date"])
            assert date == max(today, day - dt.timedelta(days=3)) and date >= today
        warning = reception_notices.warning(notices, today)
        short = [n for n in notices if (dt.date.fromisoformat(n["date"]) - today).days < 3]
        assert bool(warning) == bool(short)
        if short:
            seen_short = True
            assert short[0]["station_name"] in warning and "不足3天" in warning
    assert seen_short
