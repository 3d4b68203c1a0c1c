"""The roster workbook layout shared by import and export: columns, header synonyms, widths.

docs/roster-layout.md describes the same layout for clerks; keep the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One roster column: the deputy field, the header we write, the headers we recognise."""

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    width: float = 10
    exported: bool = True      # False: recognised on import only (e.g. a combined 工作单位及职务)


# The order is the export order. ``district`` is the district's name, not its id.
COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("代表姓名", "名字"), 10),
    Column("gender", "性别", ("性 别",), 6),
    Column("ethnicity", "民族", ("族别",), 8),
    Column("birth_date", "出生日期", ("出生年月", "出生年月日", "出生时间", "生日"), 12),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证", "公民身份证号码", "居民身份证号码",
                                        "证件号码"), 21),
    Column("party", "政治面貌", ("党派", "党派面貌", "政治身份"), 12),
    Column("education", "文化程度", ("学历", "最高学历", "文化"), 10),
    Column("work_unit", "工作单位", ("单位", "工作单位名称"), 26),
    Column("post", "职务", ("现任职务", "职务职称"), 18),
    Column("work_unit_post", "工作单位及职务", ("单位及职务", "工作单位和职务", "工作单位及职务职称"), 30, exported=False),
    Column("occupation", "代表构成", ("职业", "界别", "职业类别", "代表类别", "身份类别", "构成"), 14),
    Column("phone", "联系电话", ("手机", "手机号", "手机号码", "电话", "联系方式", "电话号码"), 14),
    Column("address", "住址", ("地址", "家庭住址", "通讯地址", "居住地址"), 24),
    Column("district", "选区", ("所在选区", "选区名称", "选举单位"), 28),
    Column("level", "代表层级", ("级别", "层级", "代表级别"), 9),
    Column("first_elected", "首次当选时间", ("首次当选", "首次当选日期", "当选时间"), 13),
    Column("reelected", "是否连任", ("连任",), 9),
    Column("status", "状态", ("代表状态", "履职状态"), 8),
    Column("status_date", "状态变动日期", ("变动日期",), 13),
    Column("status_reason", "状态变动原因", ("变动原因",), 26),
    Column("notes", "备注", ("说明",), 36),
)

# Headers that are part of the layout but carry no deputy data (序号 is renumbered on export).
IGNORED_HEADERS = frozenset({"序号", "编号", "NO", "NO.", "错误原因"})
# The last column of the refused rows written by 导出错误行 / --errors-out (ignored when they are re-imported).
REASON_HEADER = "错误原因"

SHEET_TITLE = "代表名册"
BY_FIELD = {c.field: c for c in COLUMNS}
EXPORTED = tuple(c for c in COLUMNS if c.exported)
EXPORT_HEADERS = ("序号",) + tuple(c.header for c in EXPORTED)
EXPORT_WIDTHS = (6,) + tuple(c.width for c in EXPORTED)
DATE_FIELDS = ("birth_date", "first_elected", "status_date")

# Rows above the header (titles, 填报单位 lines) are looked through up to this depth.
HEADER_SEARCH_ROWS = 30

_PAREN = re.compile(r"[(（\[【].*?[)）\]】]")


def header_key(text: object) -> str:
    """A header as compared: NFKC, no spaces, no 'required' stars, no (explanations) or trailing colon."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = _PAREN.sub("", s)
    s = re.sub(r"[\s*＊:：]", "", s)
    return s.upper()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for col in COLUMNS:
        for label in (col.header,) + col.synonyms:
            index[header_key(label)] = col.field
    return index


HEADER_INDEX = _build_index()


def field_for_header(text: object) -> str | None:
    """The deputy field a header means, or None when it is not a roster header."""
    return HEADER_INDEX.get(header_key(text))
