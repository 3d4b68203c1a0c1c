"""督办提醒 and the suggestion list exports mark a deadline counted into an uncovered year as 暂定."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.db import suggestions as sdb
from desktop_app.ops import calendar as calendar_ops
from desktop_app.ops.suggestion_reports import export_reminders, export_suggestions

TODAY = dt.date(2027, 1, 4)     # the deadline, 5 January 2027, is one working day away


def _column(ws, header: str) -> list:
    headers = [c.value for c in ws[1]]
    return [row[headers.index(header)] for row in ws.iter_rows(min_row=2, values_only=True)]


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_reminder_exports_mark_the_deadline_and_explain(db, tmp_path):
    sdb.create_suggestion(db, {"title": "南湾村桥梁护栏", "source": "选民意见", "date": "2026-12-15"})
    ws = load_workbook(export_reminders(db, tmp_path / "r.xlsx", today=TODAY)).active
    assert _column(ws, "办理期限") == ["2027-01-05（暂定）"]
    text = _pdf_text(export_reminders(db, tmp_path / "r.pdf", today=TODAY))
    assert "2027-01-05（暂定）" in text
    assert "注：标“暂定”的期限跨入2027年，尚未录入该年的节假日安排，暂按周六、周日休息计算" in text
    listed = load_workbook(export_suggestions(db, tmp_path / "list.xlsx")).active
    assert _column(listed, "当前期限") == ["2027-01-05（暂定）"]


def test_no_mark_once_the_year_is_covered(db, tmp_path):
    sdb.create_suggestion(db, {"title": "南湾村桥梁护栏", "source": "选民意见", "date": "2026-12-15"})
    calendar_ops.save_year(db, 2027, ["2027-01-01"], [])
    ws = load_workbook(export_reminders(db, tmp_path / "r.xlsx", today=TODAY)).active
    assert _column(ws, "办理期限") == ["2027-01-06"]
    assert "暂定" not in _pdf_text(export_reminders(db, tmp_path / "r.pdf", today=TODAY))
