"""A date field that accepts the ways clerks type dates (2026-3-5, 2026年3月5日, 20260305) and yields ISO text."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QLineEdit

from ...domain.text import normalize_text

_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_ONLY = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


class DateError(ValueError):
    """The text is not a date; ``str(err)`` is a Chinese message for the field."""


def parse_date(text: str, *, allow_month: bool = False) -> str | None:
    """ISO date for ``text`` ('' → None); a month alone (2026-03) gives the 1st when ``allow_month``."""
    value = normalize_text(text).replace(" ", "")
    if not value:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            return _iso(*match.groups(), original=text)
    match = _MONTH_ONLY.match(value)
    if allow_month and match:
        return _iso(match.group(1), match.group(2), "1", original=text)
    raise DateError(f"“{text.strip()}”不是有效日期，请按 2026-03-05 的格式填写")


def _iso(year: str, month: str, day: str, *, original: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise DateError(f"“{original.strip()}”不是有效日期（没有这一天），请检查年月日") from None


class DateEdit(QLineEdit):
    """Line edit for an optional date; ``iso()`` raises :class:`DateError` for text that is not one."""

    def __init__(self, parent=None, *, allow_month: bool = False) -> None:
        super().__init__(parent)
        self.allow_month = allow_month
        self.setPlaceholderText("例如 2026-03-05")

    def iso(self) -> str | None:
        return parse_date(self.text(), allow_month=self.allow_month)

    def set_iso(self, value: str | None) -> None:
        self.setText(value or "")
