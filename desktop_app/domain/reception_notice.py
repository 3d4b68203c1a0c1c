"""When a 接待选民日公示 is dated: three days before the reception day, never before the day it is made."""

from __future__ import annotations

import datetime as dt

POST_DAYS_BEFORE = 3   # the notice is posted (at least) three days before the reception day


def notice_date(reception_day: dt.date, today: dt.date) -> dt.date:
    """The 成文日期 of the notice: three days ahead of the reception day, or today when that has passed."""
    return max(today, reception_day - dt.timedelta(days=POST_DAYS_BEFORE))


def is_short_notice(reception_day: dt.date, today: dt.date) -> bool:
    """True when the reception day is fewer than three days away: the notice cannot hang the required time."""
    return (reception_day - today).days < POST_DAYS_BEFORE


def short_notice_warning(days: list[tuple[str, dt.date]], today: dt.date) -> str:
    """A sentence naming the stations whose reception day is too close ('' when none); ``days`` are
    (station, reception day) pairs."""
    short = [(name, day) for name, day in days if is_short_notice(day, today)]
    if not short:
        return ""
    listed = "、".join(f"{name}（{day.month}月{day.day}日）" for name, day in short)
    return (f"注意：{listed}的接待日距今不足{POST_DAYS_BEFORE}天，公示应至少提前{POST_DAYS_BEFORE}天张贴；"
            f"公示落款日期为今天。")
