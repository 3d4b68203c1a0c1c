"""一人一档 records of a deputy (荣誉/处分, 述职, 备注): their fields as a clerk types them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from . import fields
from .fields import FieldError

HONOR_KINDS = ("荣誉", "处分")
HONOR_FIELDS = ("deputy_id", "kind", "title", "date", "issuer", "note", "year")
NOTE_FIELDS = ("deputy_id", "date", "text")
NOTE_MAX_LENGTH = 5000
REPORT_BACK_EVALUATIONS = ("满意", "基本满意", "不满意")
REPORT_BACK_FIELDS = ("deputy_id", "date", "activity_id", "place", "voters_present", "satisfied",
                      "basically_satisfied", "unsatisfied", "evaluation", "note")
COUNT_LABELS = {"voters_present": "到会选民人数", "satisfied": "满意票数", "basically_satisfied": "基本满意票数",
                "unsatisfied": "不满意票数"}


def default_honor_year(date: str) -> int:
    """The 年度 an honour is for when nobody says: one awarded in January to June is for the year before
    (优秀代表 are chosen after the year ends), one awarded later for its own year."""
    year, month = int(str(date)[:4]), int(str(date)[5:7])
    return year - 1 if month <= 6 else year


def clean_honor(values: Mapping) -> dict:
    unknown = [k for k in values if k not in HONOR_FIELDS]
    if unknown:
        raise ValueError(f"unknown honour fields: {unknown}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "deputy_id":
            out[key] = value
        elif key == "date":
            out[key] = fields.required_date(value, "日期")
        elif key == "kind":
            kind = fields.text(value)
            if kind not in HONOR_KINDS:
                raise FieldError(f"类别“{value or ''}”不对，应为：{'、'.join(HONOR_KINDS)}。")
            out[key] = kind
        elif key == "title":
            out[key] = fields.text(value)
            if not out[key]:
                raise FieldError("请填写名称（例如“优秀人大代表”或处分事由）。")
        elif key == "year":
            text = fields.text(value)
            if not text:
                out[key] = None       # the store fills in default_honor_year of the date
                continue
            if not text.isdigit() or not 1949 <= int(text) <= 2100:
                raise FieldError(f"年度“{value}”不对，应为四位年份，如 2025。")
            out[key] = int(text)
        else:
            out[key] = fields.text(value)
    return out


def clean_note(values: Mapping) -> dict:
    unknown = [k for k in values if k not in NOTE_FIELDS]
    if unknown:
        raise ValueError(f"unknown note fields: {unknown}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "date":
            out[key] = fields.required_date(value, "日期")
        elif key == "text":
            # Line breaks are the clerk's: keep them, only trim the ends.
            out[key] = ("" if value is None else str(value)).strip()
            if not out[key]:
                raise FieldError("备注内容不能为空。")
            if len(out[key]) > NOTE_MAX_LENGTH:
                raise FieldError(f"备注内容超过 {NOTE_MAX_LENGTH} 字，请精简或作为附件添加。")
        else:
            out[key] = value
    return out


def clean_report_back(values: Mapping) -> dict:
    unknown = [k for k in values if k not in REPORT_BACK_FIELDS]
    if unknown:
        raise ValueError(f"unknown report-back fields: {unknown}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "deputy_id":
            out[key] = value
        elif key == "activity_id":
            out[key] = None if value in (None, "") else int(value)
        elif key == "date":
            out[key] = fields.required_date(value, "述职日期")
            if out[key] > dt.date.today().isoformat():
                raise FieldError(f"述职日期 {out[key]} 晚于今天：述职举行后才能登记测评结果。")
        elif key in COUNT_LABELS:
            out[key] = fields.count(value, COUNT_LABELS[key])
        elif key == "evaluation":
            out[key] = fields.text(value)
            if out[key] is not None and out[key] not in REPORT_BACK_EVALUATIONS:
                raise FieldError(f"总体评价“{value}”不对，应为：{'、'.join(REPORT_BACK_EVALUATIONS)}。")
        else:
            out[key] = fields.text(value)
    return out


def check_report_back_votes(row: Mapping) -> None:
    """The 测评 votes of a report-back add up to no more than the voters present."""
    votes = sum(row.get(k) or 0 for k in ("satisfied", "basically_satisfied", "unsatisfied"))
    present = row.get("voters_present")
    if present is not None and votes > present:
        raise FieldError(f"测评票数合计 {votes} 多于到会选民人数 {present}，请核对。")
