"""Small helpers shared by the session-day PDFs: dates in Chinese, CJK line wrapping, progress and cancel."""

from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable

from ...domain.line_breaking import break_lines
from ...errors import InputError, UserError
from . import fonts, unicode_cmap  # noqa: F401  (unicode_cmap: searchable rare characters)

_CN_DIGITS = "〇一二三四五六七八九"


class Cancelled(UserError):
    """The user pressed 取消 during a long PDF job; no file was written."""

    def __init__(self, message: str = "已取消，未生成文件。"):
        super().__init__(message)


ProgressFn = Callable[[int, int], None] | None
CancelFn = Callable[[], bool] | None


def step(done: int, total: int, progress: ProgressFn, cancel: CancelFn) -> None:
    """Report progress and stop (raising Cancelled) when the user asked to."""
    if cancel is not None and cancel():
        raise Cancelled()
    if progress is not None:
        progress(done, total)


def parse_date(value) -> _dt.date | None:
    """An ISO date string, a date, or empty → date or None; anything else is an InputError."""
    if value in (None, ""):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"日期“{value}”格式不对，应为 2026-03-05 这样的格式。") from None


def date_cn(value) -> str:
    """2026-01-15 → 2026年1月15日 (empty when no date)."""
    day = parse_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _cn_number(n: int) -> str:
    """1..31 in Chinese numerals as written in dates: 十, 十五, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def date_cn_upper(value) -> str:
    """2026-01-15 → 二〇二六年一月十五日, the style of certificates and seals."""
    day = parse_date(value)
    if not day:
        return ""
    year = "".join(_CN_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def wrap_text(text: str, role_or_font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points with the shared rules (``domain.line_breaking``):
    explicit newlines, no closing punctuation at a line start, no opening one at a line end."""
    text = str(text)
    preferred = fonts._resolve(role_or_font)
    widths = [fonts.string_width(ch, preferred, size) if ch != "\n" else 0.0 for ch in text]
    return [text[line.start:line.end] for line in break_lines(text, widths, width)]


def fit_size(text: str, role_or_font: str, size: float, width: float, minimum: float) -> float:
    """The largest font size ≤ ``size`` (by half points, not below ``minimum``) at which ``text`` fits in ``width``."""
    while size > minimum and fonts.string_width(text, role_or_font, size) > width:
        size -= 0.5
    return size


def session_title(context: dict) -> str:
    """示范镇 + 第十九届人民代表大会第一次会议, without doubling the township when the name already has it."""
    township = str(context.get("township") or "").strip()
    name = str(context.get("session_name") or "").strip()
    if township and name.startswith(township):
        return name
    return township + name


GOVERNMENT_POSTS = ("镇长", "副镇长", "乡长", "副乡长")
CONGRESS_POSTS = ("主席", "副主席")


def full_post(post: str, township: str | None) -> str:
    """镇长 → 示范镇人民政府镇长, 主席 → 示范镇人民代表大会主席; anything else is kept as given."""
    post = str(post or "").strip()
    township = str(township or "").strip()
    if township and post in GOVERNMENT_POSTS:
        return f"{township}人民政府{post}"
    if township and post in CONGRESS_POSTS:
        return f"{township}人民代表大会{post}"
    return post


def all_texts(values: Iterable) -> list[str]:
    """Flatten strings, lists and dict values into a list of strings (for missing-glyph checks)."""
    out: list[str] = []
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            out += all_texts(value.values())
        elif isinstance(value, (list, tuple)):
            out += all_texts(value)
        else:
            out.append(str(value))
    return out


def missing_glyphs(texts) -> list[str]:
    """Characters no installed or bundled font can print; the UI warns before printing.

    ``texts`` may be strings, dicts or lists of them (records), or an object with a ``texts()`` method
    (a BallotPaper).
    """
    if hasattr(texts, "texts"):
        texts = texts.texts()
    elif isinstance(texts, (str, dict)):
        texts = [texts]
    flat = [t for t in all_texts(texts) if t]
    found: dict[str, None] = {}
    for role in ("hei", "song", "fang"):
        for ch in fonts.missing_chars(flat, role):
            found[ch] = None
    return list(found)
