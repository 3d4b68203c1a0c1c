"""Generated roster data and workbooks for the import/export tests, benchmarks and the kill test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from desktop_app.domain.idcard import make_id_number
from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐欧阳"
GIVEN = ("伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "喆",
         "堃", "䶮", "𠅤", "建国", "桂兰", "志强", "海燕")
REGIONS = ("110101", "320102", "330106", "420111", "510104", "610113")
ETHNICITIES = ("汉族", "汉族", "汉族", "汉族", "回族", "壮族", "满族", "土家族")
PARTIES = ("中共党员", "中共党员", "群众", "无党派人士", "民盟盟员", "共青团员")
EDUCATIONS = ("大学本科", "大学专科", "高中", "初中", "研究生", "中专")
OCCUPATIONS = ("农民", "工人", "专业技术人员", "党政领导干部", "企业负责人", "其他")
LEVELS = ("乡", "乡", "乡", "县", "市")
DISTRICTS = ("第一选区", "第二选区", "第三选区", "第四选区", "第五选区", "第六选区")


def sample_deputy(i: int) -> dict:
    """A valid deputy, different for every i (unique ID number up to i = 5,999,999)."""
    gender = "男" if i % 3 else "女"
    birth = dt.date(1958, 1, 1) + dt.timedelta(days=(i % 12000))
    sequence = ((i // 12000) % 500) * 2 + (1 if gender == "男" else 0)
    region = REGIONS[(i // 6_000_000) % len(REGIONS)] if i >= 6_000_000 else REGIONS[i % len(REGIONS)]
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i + i // len(SURNAMES)) % len(GIVEN)]
    return {
        "name": name,
        "gender": gender,
        "ethnicity": ETHNICITIES[i % len(ETHNICITIES)],
        "birth_date": birth.isoformat(),
        "id_number": make_id_number(region, birth, sequence),
        "party": PARTIES[i % len(PARTIES)],
        "education": EDUCATIONS[i % len(EDUCATIONS)],
        "work_unit": f"示范镇第{i % 40 + 1}村",
        "post": "村民委员会主任" if i % 4 == 0 else "村民",
        "occupation": OCCUPATIONS[i % len(OCCUPATIONS)],
        "phone": f"13{i % 7 + 3}{i:08d}"[:11],
        "address": f"示范镇{i % 40 + 1}村{i % 90 + 1}号",
        "district": DISTRICTS[i % len(DISTRICTS)],
        "level": LEVELS[i % len(LEVELS)],
        "first_elected": "2021-11-20" if i % 2 else "2016-11-18",
        "reelected": i % 2 == 0,
        "status": "在任",
        "status_date": None,
        "status_reason": None,
        "notes": "民生实事项目监督员" if i % 11 == 0 else None,
    }


def layout_row(number: int, deputy: dict) -> list:
    """A deputy as the cells of the export layout (序号 first)."""
    from desktop_app.reports.excel.roster_layout import EXPORTED

    row = [number]
    for column in EXPORTED:
        value = deputy.get(column.field)
        if column.field == "reelected":
            value = "是" if value else "否"
        row.append(value)
    return row


def write_layout_workbook(path: Path, deputies: list[dict]) -> Path:
    """A workbook in the documented layout, written with plain openpyxl (independent of roster_export)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名册")
    ws.append(list(EXPORT_HEADERS))
    for number, deputy in enumerate(deputies, 1):
        ws.append(layout_row(number, deputy))
    wb.save(path)
    return path


def write_rows(path: Path, rows: list[list]) -> Path:
    """A workbook of exactly these rows (first sheet), for hand-made messy sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
