"""代表结构统计 (PDF + county Excel form) and the printable roster PDF, checked against hand counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.db.deputies import insert_deputy, list_deputies
from desktop_app.db.terms import create_term
from desktop_app.domain.idcard import make_id_number
from desktop_app.reports.excel.statistics import write_statistics_workbook
from desktop_app.reports.pdf import official
from desktop_app.reports.pdf.roster import render_roster_pdf
from desktop_app.reports.pdf.statistics import render_statistics_pdf
from desktop_app.ops.statistics import gather

ON = dt.date(2026, 3, 5)
PEOPLE = [
    # name, gender, ethnicity, birth, party, education, occupation, level, reelected
    ("张三", "男", "汉族", dt.date(1990, 3, 7), "中共党员", "大学本科", "农民", "乡", 1),        # 35
    ("吴丽", "女", "回族", dt.date(1985, 10, 2), "群众", "高中", "工人", "乡", 0),              # 40
    ("李𠅤", "男", "汉族", dt.date(1972, 1, 15), "民盟盟员", "研究生", "专业技术人员", "县", 1),  # 54
    ("王䶮", "女", "汉族", dt.date(1960, 6, 1), "中共党员", "初中", "农民", "乡", 0),           # 65
]


@pytest.fixture
def roster(db):
    create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
    for seq, (name, gender, eth, birth, party, edu, occ, level, re_) in enumerate(PEOPLE):
        insert_deputy(db, {"name": name, "gender": gender, "ethnicity": eth, "birth_date": birth.isoformat(),
                           "id_number": make_id_number("110101", birth, seq * 2 + (1 if gender == "男" else 0)),
                           "party": party, "education": edu, "occupation": occ, "level": level, "reelected": re_})
    insert_deputy(db, {"name": "赵辞", "gender": "男", "level": "乡", "status": "辞职", "status_date": "2025-01-02",
                       "status_reason": "工作调动"})                       # not serving: not counted
    return db


def _counts(rows):
    return {r["label"]: (r["count"], r["percent"]) for r in rows}


def test_numbers_match_hand_count(roster):
    """The township's own deputies (乡) are the statistics; the 县 deputy living there is counted apart."""
    report = gather(roster, on=ON)
    stats = report.stats
    assert stats["total"] == 3
    assert _counts(stats["gender"]) == {"男": (1, 33.3), "女": (2, 66.7)}
    assert _counts(stats["ethnicity"]) == {"汉族": (2, 66.7), "少数民族": (1, 33.3)}
    ages = _counts(stats["age"])
    assert [ages[b][0] for b in ("35岁以下", "36至45岁", "46至55岁", "56岁以上")] == [1, 1, 0, 1]
    party = _counts(stats["party"])
    assert party["中共党员"] == (2, 66.7) and party["群众"] == (1, 33.3)
    assert _counts(stats["level"])["乡"] == (3, 100.0)
    assert _counts(stats["reelected"]) == {"连任": (1, 33.3), "新当选": (2, 66.7)}
    others = report.others
    assert others["total"] == 1 and _counts(others["level"])["县"] == (1, 100.0)
    assert _counts(others["party"])["民主党派"] == (1, 100.0)
    assert gather(roster, on=ON, level="县").others is None


def test_excel_form_has_counts_under_their_headings(roster, tmp_path):
    path = write_statistics_workbook(gather(roster, on=ON), tmp_path / "统计.xlsx")
    wb = load_workbook(path)
    ws = wb["结构统计表"]
    assert "结构情况统计表" in ws["A1"].value and "示范镇第十八届" in ws["A1"].value
    assert ws["B3"].value == "代表总数" and ws["B5"].value == 3
    headings = {ws.cell(row=4, column=c).value: c for c in range(3, ws.max_column + 1)}
    women = headings["女"]
    assert (ws.cell(row=5, column=women).value, ws.cell(row=6, column=women).value) == (2, 66.7)
    assert ws.cell(row=5, column=headings["少数民族"]).value == 1
    assert ws.cell(row=5, column=headings["56岁以上"]).value == 1
    # The category heading sits over its first item and is merged across the others.
    assert ws.cell(row=3, column=headings["男"]).value == "性别"
    assert any(str(r).startswith(ws.cell(row=3, column=headings["男"]).coordinate) for r in ws.merged_cells.ranges)
    detail = {(r[0], r[1]): (r[2], r[3]) for r in wb["明细"].iter_rows(min_row=2, values_only=True)}
    assert detail[("政治面貌", "中共党员")] == (2, 66.7)
    assert detail[("少数民族构成", "回族")] == (1, 33.3)


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_statistics_pdf_text(roster, tmp_path):
    path = render_statistics_pdf(gather(roster, on=ON), tmp_path / "统计.pdf")
    text = _pdf_text(path)
    assert "示范镇第十八届人民代表大会代表结构情况统计（截至2026年3月5日）" in text
    assert "共有在任代表3名" in text and "女性代表2名，占66.7%" in text
    main, others = text.split("其他层级代表", 1)
    assert "县级1名" in others and "共有在任代表1名" in others and "民主党派" in others
    assert "—1—" in text and "2026年3月5日" in text


def test_roster_pdf_prints_every_name_including_rare_characters(roster, tmp_path):
    deputies = list_deputies(roster)
    path = render_roster_pdf(deputies, tmp_path / "名册.pdf", title="示范镇人大代表名册")
    text = _pdf_text(path)
    for name, *_ in PEOPLE:
        assert name in text
    assert "赵辞" not in text


def test_roster_pdf_masks_phones(roster, tmp_path):
    deputies = [dict(d, phone="13800138000") for d in list_deputies(roster)]
    masked = _pdf_text(render_roster_pdf(deputies, tmp_path / "a.pdf", title="名册"))
    plain = _pdf_text(render_roster_pdf(deputies, tmp_path / "b.pdf", title="名册", mask=False))
    assert "138****8000" in masked and "13800138000" not in masked
    assert "13800138000" in plain


def test_official_frame_geometry(tmp_path):
    path = official.build_document(tmp_path / "a.pdf", [official.title("关于召开第三次会议的通知"),
                                                        official.para("正文" * 400)] +
                                   official.signature("示范镇人民代表大会主席团", "2026-03-05"))
    reader = PdfReader(str(path))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)          # A4 in points
    assert len(reader.pages) == 2
    assert "—2—" in re.sub(r"\s+", "", reader.pages[1].extract_text())
    assert official.LEADING * official.LINES_PER_PAGE == pytest.approx(official.BLOCK_HEIGHT)
    assert official.cn_date("2026-03-05") == "2026年3月5日"
