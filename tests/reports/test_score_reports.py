"""履职积分 reports: the numbers of the hand-computed fixture appear in the PDFs (pypdf) and workbooks (openpyxl)."""

import re
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "db"))
from scoring_samples import YEAR, build_scoring  # noqa: E402

from desktop_app.ops.exports import EXPORTERS  # noqa: E402
from desktop_app.db import scoring  # noqa: E402
from desktop_app.errors import InputError  # noqa: E402
from desktop_app.ops import score_reports  # noqa: E402


@pytest.fixture
def town(db):
    return build_scoring(db)


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _rows(path, first=4):
    ws = load_workbook(path).active
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_ranking_pdf_and_workbook(db, town, tmp_path):
    pdf = score_reports.export_scores(db, tmp_path / "rank.pdf", year=YEAR)
    text = _pdf_text(pdf)
    assert "2026年度履职积分排名表" in text and "尚未审核" in text
    # 名次 姓名 小组 计算 加减 总分 等次, row by row
    assert "1王喆第一代表小组8888称职" in text
    assert "3张伟第一代表小组621072基本称职" in text
    assert "8李堃第一代表小组12−57不称职" in text
    rows = _rows(score_reports.export_scores(db, tmp_path / "rank.xlsx", year=YEAR))
    assert [r[0] for r in rows] == [1, 1, 3, 4, 4, 4, 4, 8]
    assert rows[2][1:] == ["张伟", "第一代表小组", 62, 10, 72, "基本称职"]
    assert rows[-1][1:] == ["李堃", "第一代表小组", 12, -5, 7, "不称职"]


def test_frozen_ranking_says_who_checked_it(db, town, tmp_path):
    scoring.freeze_year(db, YEAR, "王主席")
    text = _pdf_text(score_reports.export_scores(db, tmp_path / "rank.pdf", year=YEAR))
    assert "经王主席审核确认" in text
    ws = load_workbook(score_reports.export_scores(db, tmp_path / "rank.xlsx", year=YEAR)).active
    assert "王主席审核冻结" in ws["A2"].value


def test_group_summary_and_below(db, town, tmp_path):
    text = _pdf_text(score_reports.export_score_groups(db, tmp_path / "groups.pdf", year=YEAR))
    # 第一代表小组: 4 people, average (88 + 7 + 72 + 88) / 4 = 63.75, highest 88, lowest 7; 0 优秀 2 称职 1 基本称职 1 不称职
    assert "第一代表小组463.88870211" in text
    assert "第二代表小组440.040400004" in text        # base 40 each, all 不称职
    rows = _rows(score_reports.export_score_groups(db, tmp_path / "groups.xlsx", year=YEAR))
    assert rows[0] == ["第一代表小组", "代表小组", 4, 63.8, 88, 7, 0, 2, 1, 1]
    below = _pdf_text(score_reports.export_score_below(db, tmp_path / "below.pdf", year=YEAR))
    assert "低于60分的代表共5名" in below and below.index("李堃") < below.index("陈静")
    rows = _rows(score_reports.export_score_below(db, tmp_path / "below.xlsx", year=YEAR, threshold=80))
    assert [r[1] for r in rows] == ["李堃", "陈静", "杨军", "黄磊", "赵敏", "张伟"]


def test_interim_and_term_summary(db, town, tmp_path):
    rows = _rows(score_reports.export_score_interim(db, tmp_path / "q1.xlsx", year=YEAR, quarter=1))
    wang = next(r for r in rows if r[1] == "王喆")
    assert wang[3:] == [69, 69]                          # hand-computed in tests/db/test_scoring.py
    text = _pdf_text(score_reports.export_score_interim(db, tmp_path / "q2.pdf", year=YEAR, quarter=2))
    assert "2026年第二季度履职亮分公示" in text and "王喆第一代表小组1483" in text
    term = _pdf_text(score_reports.export_score_term(db, tmp_path / "term.pdf", term_id=town["term"]))
    assert "王喆88称职88.0建议推荐" in term and "李堃7不称职7.0不建议推荐" in term
    rows = _rows(score_reports.export_score_term(db, tmp_path / "term.xlsx", term_id=town["term"]))
    header = load_workbook(tmp_path / "term.xlsx").active[3]
    assert [c.value for c in header][3] == "2026年总分"
    assert next(r for r in rows if r[1] == "王喆")[-2:] == [88, "建议推荐"]


def test_export_kinds_are_registered_and_refuse_other_files(db, town, tmp_path):
    for kind in ("scores", "score-groups", "score-below"):
        assert kind in EXPORTERS
    with pytest.raises(InputError, match="xlsx"):
        score_reports.export_scores(db, tmp_path / "rank.docx", year=YEAR)


@pytest.mark.parametrize("quarter, last_day", [(1, "2024年3月31日"), (2, "2024年6月30日"), (3, "2024年9月30日"),
                                               (4, "2024年12月31日")])
def test_an_empty_quarter_pdf_says_it_counts_to_that_quarters_last_day(tmp_path, quarter, last_day):
    from desktop_app.reports.pdf.scores import render_interim

    path = render_interim([], tmp_path / "亮分.pdf", township="示范镇", year=2024, quarter=quarter)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))
    assert f"截至{last_day}全镇代表" in text
