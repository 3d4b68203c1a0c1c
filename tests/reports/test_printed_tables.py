"""Tables that print: the roster PDF in level, 选区 and 姓氏笔画 order with columns as wide as their content;
履职达标's months split by quarter or half-year; no blank last page."""

from __future__ import annotations

from collections import defaultdict

import pytest
from pypdf import PdfReader

from desktop_app.domain.roster_order import LEVEL_ORDER, district_key
from desktop_app.domain.strokes import stroke_sort_key
from desktop_app.ops import compliance, roster_documents
from desktop_app.ops.demo import fill_demo
from desktop_app.reports.compliance import Section
from desktop_app.reports.pdf.compliance import _chunks

from pdf_lines import printed_lines


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database

    folder = tmp_path_factory.mktemp("tables")
    db = open_database(folder / "demo.db")
    fill_demo(db)
    yield db, folder
    db.close()


def _rows(path, columns):
    """Per printed table row, the text of the cells under the headers ``columns``."""
    rows = []
    by_page = defaultdict(list)
    for line in printed_lines(path):
        by_page[line.page].append(line)
    for lines in by_page.values():
        heads = {line.text: line for line in lines if line.text in columns}
        if len(heads) < len(columns):
            continue
        top = min(h.y for h in heads.values())
        by_y = defaultdict(list)
        for line in sorted((line for line in lines if line.y < top - 1), key=lambda line: -line.y):
            near = [y for y in by_y if abs(y - line.y) < 1.5]     # one table row: baselines within 1.5 pt
            by_y[near[0] if near else line.y].append(line)
        for y in sorted(by_y, reverse=True):
            cells = {}
            for name, head in heads.items():
                near = [c for c in by_y[y] if c.x0 <= head.x1 + 2 and c.x1 >= head.x0 - 40]
                near.sort(key=lambda c: abs((c.x0 + c.x1) / 2 - (head.x0 + head.x1) / 2))
                cells[name] = near[0].text if near else ""
            rows.append(cells)
    return rows


def test_roster_pdf_prints_township_deputies_first_then_by_district_and_strokes(demo):
    db, folder = demo
    path = roster_documents.export_roster_pdf(db, folder / "roster.pdf")
    rows = [r for r in _rows(path, ("姓名", "层级", "选区")) if r["层级"] in LEVEL_ORDER]
    assert len(rows) >= 70
    keys = [(LEVEL_ORDER.index(r["层级"]), district_key(r["选区"]), stroke_sort_key(r["姓名"])) for r in rows]
    assert keys == sorted(keys)
    assert [r["层级"] for r in rows][0] == "乡" and {r["层级"] for r in rows} >= {"乡", "县"}
    # a 选区 prints on one line, never broken as "西山 / 村）"
    districts = {r["选区"] for r in rows}
    assert all(d.count("（") == d.count("）") for d in districts), districts
    pages = len(PdfReader(path).pages)
    assert len(rows) / pages >= 15, f"{len(rows)} rows on {pages} pages"


def test_export_roster_term_pdf_from_the_command_line_is_in_the_same_order(demo):
    from desktop_app import cli
    from desktop_app.db import terms
    from desktop_app.db.deputies import list_deputies

    db, folder = demo
    term = next(t for t in terms.list_terms(db) if t["number"] == 19)
    listed = [(d["level"], d["name"]) for d in list_deputies(db, term_id=term["id"])]
    out = folder / "roster-19.pdf"
    assert cli.main(["--db", str(folder / "demo.db"), "export", "roster", "--term", "19", "--out", str(out)]) == 0
    rows = [r for r in _rows(out, ("姓名", "层级", "选区")) if r["层级"] in LEVEL_ORDER]
    assert sorted((r["层级"], r["姓名"]) for r in rows) == sorted(listed)
    keys = [(LEVEL_ORDER.index(r["层级"]), district_key(r["选区"]), stroke_sort_key(r["姓名"])) for r in rows]
    assert keys == sorted(keys)
    assert [(r["层级"], r["姓名"]) for r in rows] != listed     # the database's order is not the printed one


def _section(columns, key="stations"):
    return Section(key, "代表之家/联络站", "每月至少开展集体活动 1 次", columns)


def test_compliance_months_split_by_quarter_or_half_year_never_one_lonely_column():
    months = [f"{m}月" for m in range(1, 13)]
    assert _chunks(_section(months)) == [(0, 6), (6, 12)]
    for count in range(1, 25):
        labels = [f"{2025 + (m - 1) // 12}年{(m - 1) % 12 + 1}月" for m in range(1, count + 1)]
        chunks = _chunks(_section(labels))
        assert chunks[0][0] == 0 and chunks[-1][1] == count
        if len(chunks) > 1:
            assert all((stop - start) % 3 == 0 for start, stop in chunks[:-1]), chunks
            assert min(stop - start for start, stop in chunks) >= 2, chunks


def test_compliance_pdf_continues_at_july_and_has_no_empty_page(demo):
    db, folder = demo
    path = compliance.export_compliance(db, folder / "compliance.pdf")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "续，7月起" in text and "续，2月起" not in text
    for number, page in enumerate(PdfReader(path).pages, start=1):
        body = page.extract_text().replace(" ", "")
        assert len(body) > 30, f"page {number} is empty"


def test_periods_still_running_print_as_in_progress_not_failed(tmp_path, db):
    """On 5 December, a station with no activity yet in December is 进行中, not 未达标（差1次）."""
    import datetime as dt

    today = dt.date(2026, 12, 5)
    fill_demo(db, today=today)
    report = compliance.gather(db, "2026-01-01", "2026-12-31", as_of=today)
    stations = report.section("stations")
    december = [row.cells[-1] for row in stations.rows]
    assert stations.columns[-1] == "12月" and all(c.met for c in december)
    running = [row for row in stations.rows if row.cells[-1].running]
    assert running and all(row.status == "进行中" for row in running if not row.behind)
    path = compliance.export_compliance(db, tmp_path / "达标.pdf", as_of=today)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "进行中" in text
    for row in running:
        if not row.behind:
            assert f"{row.name}" in text
    assert text.count("未达标（差") == sum(1 for s in report.sections for r in s.rows if r.behind)


def test_no_compliance_pdf_ends_with_an_empty_page_whatever_the_number_of_deputies(tmp_path):
    """However many rows section 三 has — one of them fills the last page exactly — no page is left empty."""
    import datetime as dt

    from desktop_app.reports.compliance import Cell, ComplianceReport, SectionRow
    from desktop_app.reports.pdf.compliance import render_compliance_pdf

    def units(key, count, columns):
        return Section(key, {"groups": "代表小组", "stations": "代表之家/联络站", "deputies": "代表个人"}[key],
                       "每季度至少开展活动 1 次", columns,
                       [SectionRow(i, f"单位{i}", [Cell(1, 1, True) for _ in columns], len(columns), len(columns),
                                   extra="第一代表小组" if key == "deputies" else "")
                        for i in range(1, count + 1)])

    for deputies in range(20, 46):
        report = ComplianceReport("示范镇", dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 31), {},
                                  [units("groups", 10, ["第一季度", "第二季度", "第三季度", "第四季度"]),
                                   units("stations", 5, [f"{m}月" for m in range(1, 13)]),
                                   units("deputies", deputies, ["进站履职", "联系选民"])])
        path = render_compliance_pdf(report, tmp_path / f"{deputies}.pdf")
        for number, page in enumerate(PdfReader(path).pages, start=1):
            body = page.extract_text().replace(" ", "")
            assert "单位" in body or "履职达标" in body, f"{deputies} deputies: page {number} is empty"
