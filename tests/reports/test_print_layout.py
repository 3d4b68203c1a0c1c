"""What a clerk sees on paper: page footers, no text off the page, punctuation, signatures, Excel print setup."""

from __future__ import annotations

import re

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.ops.exports import EXPORTERS
from desktop_app.reports.excel.sheet_style import PAGE_FOOTER, fit_columns, prepare_for_print, text_width
from desktop_app.reports.pdf import fonts, official
from desktop_app.domain.line_breaking import CANNOT_END, CANNOT_START
from desktop_app.reports.pdf.roster import render_roster_pdf
from desktop_app.reports.pdf.session_reports import SIGNER_ROLES, _signature_table, render_tally_report
from desktop_app.reports.pdf.sign_in import render_sign_in_sheet

XLSX_KINDS = ["roster", "statistics", "activities", "suggestions", "suggestion-statistics", "reminders", "compliance",
              "archive", "scores", "score-groups", "score-below", "score-interim", "score-term"]
FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")


def flat(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def page_texts(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def text_outside_page(path) -> list[tuple[int, str]]:
    """(page, text) of every piece of text that starts outside the page's box."""
    outside = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, _font, _size):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not (0 <= x <= width and 0 <= y <= height):
                outside.append((number, text))

        page.extract_text(visitor_text=visit)
    return outside


def assert_page_of_pages(path) -> None:
    texts = page_texts(path)
    assert len(texts) > 1, "the sample should need more than one page"
    for number, text in enumerate(texts, start=1):
        found = FOOTER.search(text)
        assert found, f"page {number} has no 第 n 页 共 N 页"
        assert (int(found.group(1)), int(found.group(2))) == (number, len(texts))


def deputies(count: int) -> list[dict]:
    return [{"name": f"代表{i}号", "gender": "男", "ethnicity": "汉族", "birth_date": "1970-05-01", "party": "中共党员",
             "education": "大学本科", "work_unit": "示范镇人民政府" * (1 + i % 3), "post": "科员",
             "occupation": "党政领导干部", "level": "乡", "district_name": "第一选区（东山村、西山村、南山村）",
             "phone": "13800138000"} for i in range(count)]


# ------------------------------------------------------------------------------------------------ PDF


def test_lists_say_page_n_of_total_and_stay_on_the_page(tmp_path):
    path = render_roster_pdf(deputies(70), tmp_path / "roster.pdf", title="示范镇人大代表名册")
    assert_page_of_pages(path)
    assert text_outside_page(path) == []


def test_sign_in_sheet_fits_districts_and_numbers_pages(tmp_path):
    rows = [{"name": f"代表{i}", "district": "第一选区（东山村、西山村）", "status": "出席"} for i in range(60)]
    path = render_sign_in_sheet({"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议"}, rows,
                                tmp_path / "sign.pdf", date="2026-03-05")
    assert_page_of_pages(path)
    assert text_outside_page(path) == []
    # the usual district name prints on one line: its text is one piece, not broken in two
    assert "第一选区（东山村、西山村）" in page_texts(path)[0]


def _project_vote(count: int) -> dict:
    results = [{"name": f"第{i}号民生实事项目：村道硬化与路灯安装工程", "agree": 40 - i % 7, "oppose": 2, "abstain": 1,
                "write_in": False} for i in range(count)]
    return {"id": "6", "name": "民生实事项目票决", "type": "票决", "seats": 10, "total_deputies": 60, "issued": 55,
            "returned": 55, "valid": True, "valid_ballots": 55, "invalid_ballots": 0, "results": results,
            "elected": [r["name"] for r in results[:10]], "tied": [], "further_seats": 0, "adopted": None,
            "satisfaction": None}


def test_tally_report_footer_counts_pages(tmp_path):
    context = {"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议", "date": "2026-03-05",
               "certified": False, "present": 55}
    path = render_tally_report(_project_vote(45), context, tmp_path / "t.pdf")
    assert_page_of_pages(path)
    assert "2026年3月5日" in flat("".join(page_texts(path)))


def test_signature_labels_are_as_wide_as_their_text():
    table = _signature_table({}, 170 * mm)
    labels = table._colWidths[0::2]
    for role, width in zip(SIGNER_ROLES, labels):
        # 6 pt padding each side: narrower and 总监票人： runs over the line before it
        assert width >= fonts.string_width(f"{role}：", fonts.font("hei"), 12) + 12


@pytest.mark.parametrize("style", ["body", "small"])
def test_chinese_punctuation_never_starts_or_ends_a_line(style):
    starts, ends = [], []
    for lead in range(0, 40):
        for mark in "，。；：、）》”（《“":
            text = "字" * lead + mark + "办结率以件数为基数" * 6
            lines = official.para(text, style).lines(official.BLOCK_WIDTH)
            starts += [line[0] for line in lines[1:] if line]
            ends += [line[-1] for line in lines[:-1] if line]
    assert not set(starts) & CANNOT_START
    assert not set(ends) & CANNOT_END


def _story_pages(tmp_path, story) -> list[str]:
    path = official.build_document(tmp_path / "doc.pdf", story)
    return [flat(t) for t in page_texts(path)]


def test_signature_and_date_stay_together_and_never_alone(tmp_path):
    org = "示范镇人民代表大会主席团"
    for lines in range(14, 24):
        story = [official.title("关于某事项的通知")] + [official.para("正文内容" * 9) for _ in range(lines)]
        story += official.signature(org, "2026-03-05")
        pages = _story_pages(tmp_path, story)
        with_org = [i for i, t in enumerate(pages) if org in t]
        with_date = [i for i, t in enumerate(pages) if "2026年3月5日" in t]
        assert with_org == with_date, f"{lines} paragraphs: signature and date on different pages"
        rest = re.sub(r"—\d+—", "", pages[with_org[0]].replace(org, "").replace("2026年3月5日", ""))
        assert "正文内容" in rest, f"{lines} paragraphs: the signature page has no text"


def test_a_heading_never_ends_a_page(tmp_path):
    for lines in range(15, 23):
        story = [official.para("正文内容" * 9) for _ in range(lines)]
        story += [official.para("二、办理结果", "heading")] + [official.para("结果内容" * 9) for _ in range(4)]
        pages = _story_pages(tmp_path, story)
        page = next(t for t in pages if "二、办理结果" in t)
        after = re.sub(r"—\d+—", "", page.split("二、办理结果", 1)[1])
        assert "结果内容" in after, f"{lines} paragraphs: the heading is the last thing on its page"


# ------------------------------------------------------------------------------------------------ Excel


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database
    from desktop_app.ops.demo import fill_demo

    path = tmp_path_factory.mktemp("print") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(path.parent / "userdata"))
        db = open_database(path)
        fill_demo(db, seed=7)
        yield db
    db.close()


@pytest.mark.parametrize("kind", XLSX_KINDS)
def test_every_exported_sheet_prints_on_a4_one_page_wide_with_headers(demo, tmp_path, kind):
    path = EXPORTERS[kind](demo, tmp_path / f"{kind}.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == "说明":          # the roster's notes sheet is not a table
            continue
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, ws.title
        assert setup.fitToWidth in (1, 2), ws.title
        assert ws.print_title_rows, f"{kind}/{ws.title}: no header row repeated on printed pages"
        assert ws.freeze_panes, f"{kind}/{ws.title}: header row not frozen"
        assert "&N" in (ws.oddFooter.center.text or ""), f"{kind}/{ws.title}: no page count in the footer"
        header_row = int(ws.print_title_rows.split(":")[-1].lstrip("$"))
        assert int(re.sub(r"[A-Z]", "", ws.freeze_panes)) == header_row + 1, f"{kind}/{ws.title}: frozen elsewhere"
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.coordinate


def test_wide_lists_print_landscape_and_the_roster_repeats_names(demo, tmp_path):
    roster = openpyxl.load_workbook(EXPORTERS["roster"](demo, tmp_path / "r.xlsx"))["代表名册"]
    assert roster.page_setup.orientation == "landscape"
    assert roster.print_title_cols == "$A:$B"
    assert roster.oddHeader.center.text.endswith("人大代表名册")
    activities = openpyxl.load_workbook(EXPORTERS["activities"](demo, tmp_path / "a.xlsx"))["活动登记"]
    assert activities.page_setup.orientation == "landscape"


def test_county_rates_are_numbers_shown_as_percent(tmp_path):
    from desktop_app.exchange.county_reports import write_county_xlsx

    stats = {"townships": ["青山镇"], "packages": [], "refused": [], "county": "示范县", "on": "2026-03-05",
             "roster": {}, "activities": {}, "activity_types": [], "suggestions": {}, "states": [], "scores": {},
             "grades": [], "score_year": None}
    empty_roster = {"total": 10, "gender": [{"label": "女", "count": 3, "percent": 30.0}], "ethnicity": [],
                    "party": [], "reelected": [], "average_age": 50.0}
    for name in ("青山镇", "合计"):
        stats["roster"][name] = empty_roster
        stats["activities"][name] = {"count": 0, "present": 0, "leave": 0, "absent": 0, "by_type": {}}
        stats["suggestions"][name] = {"total": 4, "done": 3, "done_rate": 75.0, "on_time_rate": 100.0,
                                      "evaluated": 2, "satisfied_rate": 50.0, "basically_satisfied_rate": None,
                                      "by_state": {}}
        stats["scores"][name] = {"by_grade": {}, "count": 0, "average": None}
    ws = openpyxl.load_workbook(write_county_xlsx(stats, tmp_path / "c.xlsx"))["意见建议"]
    rate = ws.cell(row=2, column=4)
    assert rate.value == pytest.approx(0.75) and rate.number_format == "0.0%"
    assert ws.cell(row=2, column=8).value in (None, "")


def test_text_width_counts_chinese_double_and_fit_columns_never_shrinks():
    assert text_width("第一选区") == 8 and text_width("AB12") == 4 and text_width("第1\n选区两字") == 8
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "选区"])
    ws.append(["张三", "第一选区（东山村、西山村）"])
    ws.column_dimensions["A"].width = 20
    fit_columns(ws)
    assert ws.column_dimensions["A"].width == 20
    assert ws.column_dimensions["B"].width >= text_width("第一选区（东山村、西山村）")
    prepare_for_print(ws, title="测试")
    assert ws.page_setup.orientation == "portrait" and ws.oddFooter.center.text == PAGE_FOOTER
