"""一人一档 PDF and workbook: what they show matches the gathered records (text read back with pypdf/openpyxl)."""

from __future__ import annotations

import datetime as dt
import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.db import archive, honors, report_backs, settings
from desktop_app.ops.demo import fill_demo
from desktop_app.ops import exports as export_command
from desktop_app.ops.archive_documents import export_archives_to_folder
from desktop_app.reports.excel.archive import SHEETS, write_archive_workbook
from desktop_app.reports.pdf.archive import SECTIONS, ArchiveCancelled, file_name_for, render_archive

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.db.connection import open_database

    path = tmp_path_factory.mktemp("archive") / "demo.db"
    db = open_database(path)
    fill_demo(db, today=TODAY)
    yield db
    db.close()


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _contents_numbers(page_text: str, count: int) -> list[int]:
    """The page numbers of a contents page, in entry order (they are written after the titles)."""
    numbers = [int(line) for line in page_text.splitlines() if line.strip().isdigit()]
    assert len(numbers) >= count
    return numbers[:count]


def _with_report_back(db) -> int:
    return report_backs.list_report_backs(db)[0]["deputy_id"]


def test_pdf_of_one_deputy_shows_the_records(demo, tmp_path):
    deputy_id = _with_report_back(demo)
    a = archive.gather(demo, deputy_id, year=2026, today=TODAY)
    out = render_archive([a], tmp_path / "one.pdf", township="示范镇")
    pages = _pages(out)
    text = "\n".join(pages)
    name = a["deputy"]["name"]
    assert name in pages[0] and "人大代表履职档案" in pages[0] and "示范镇" in pages[0]
    # Header with the township on every page but the cover; "第 n 页 共 N 页" likewise.
    for number, page in enumerate(pages[1:], start=2):
        assert "示范镇人大代表履职档案" in page and name in page
        assert f"第 {number} 页" in page and f"共 {len(pages)} 页" in page
    c = a["activities"]["counts"]
    assert f"出席 {c['出席']} 次，请假 {c['请假']} 次" in text
    assert f"参加接待选民日 {a['receptions']['count']} 次" in text
    s = a["sessions"]["counts"]
    assert f"出席 {s['出席']} 次" in text
    rb = a["report_backs"][0]
    assert rb["evaluation"] in text and f"{rb['rate'] * 100:.1f}%" in text
    for row in a["activities"]["rows"]:
        assert row["theme"] in text
    assert "2026年履职日历" in text


def test_contents_page_numbers_point_at_the_sections(demo, tmp_path):
    deputy_id = _with_report_back(demo)
    a = archive.gather(demo, deputy_id, today=TODAY)
    pages = _pages(render_archive([a], tmp_path / "toc.pdf", township="示范镇"))
    contents = pages[1]
    assert "目" in contents
    titles = [title for _key, title in SECTIONS]
    assert contents.index(titles[0]) < contents.index(titles[-1])
    numbers = _contents_numbers(contents, len(titles))
    assert numbers == sorted(numbers) and numbers[0] == 3
    for title, page in zip(titles, numbers):
        assert title in pages[page - 1], (title, page)
        assert all(title not in p for p in pages[2:page - 1]), title


def test_honours_and_discipline_appear(demo, tmp_path):
    honour = honors.list_honors(demo, kind="荣誉")[0]
    discipline = honors.list_honors(demo, kind="处分")[0]
    for record in (honour, discipline):
        a = archive.gather(demo, record["deputy_id"], year=int(record["date"][:4]), today=TODAY)
        text = "\n".join(_pages(render_archive([a], tmp_path / "h.pdf", township="示范镇")))
        assert record["title"] in text and (record["issuer"] or "") in text
        assert f"{int(record['date'][5:7])}月" in text
        # Outside its year the record is not in the archive.
        other = archive.gather(demo, record["deputy_id"], year=int(record["date"][:4]) - 1, today=TODAY)
        assert record["title"] not in "\n".join(_pages(render_archive([other], tmp_path / "o.pdf",
                                                                        township="示范镇")))


def test_all_deputies_in_one_file_with_a_general_contents(demo, tmp_path):
    ids = archive.archive_deputy_ids(demo)[:3]
    archives = [archive.gather(demo, i, year=2026, today=TODAY) for i in ids]
    calls = []
    pages = _pages(render_archive(archives, tmp_path / "all.pdf", township="示范镇",
                                  progress=lambda done, total: calls.append((done, total))))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert "总目录" in pages[0]
    numbers = _contents_numbers(pages[0], 3)
    assert numbers[0] == 2
    for a, page in zip(archives, numbers):
        cover = pages[page - 1]
        assert "人大代表履职档案" in cover and a["deputy"]["name"] in cover and " 页" not in cover


def test_cancel_writes_nothing(demo, tmp_path):
    a = archive.gather(demo, archive.archive_deputy_ids(demo)[0], today=TODAY)
    with pytest.raises(ArchiveCancelled):
        render_archive([a, a], tmp_path / "x.pdf", township="示范镇", cancel=lambda: True)
    assert not list(tmp_path.iterdir())


def test_folder_batch_one_file_per_deputy_and_cancel_keeps_finished_files(demo, tmp_path):
    ids = archive.archive_deputy_ids(demo)[:4]
    seen = []
    written = export_archives_to_folder(demo, ids, tmp_path / "out", lambda d, t: seen.append(d))
    assert len(written) == 4 and seen == [1, 2, 3, 4]
    assert all(p.exists() and p.suffix == ".pdf" for p in written)
    first = archive.gather(demo, ids[0])
    assert written[0].name == file_name_for(first)
    asked = iter([False, False, True])
    stopped = export_archives_to_folder(demo, ids, tmp_path / "stop", None, lambda: next(asked))
    assert len(stopped) == 2 and sorted(p.name for p in (tmp_path / "stop").iterdir()) == sorted(
        p.name for p in stopped)


def test_masking_follows_the_setting(demo, tmp_path):
    a = archive.gather(demo, archive.archive_deputy_ids(demo)[0], today=TODAY)
    full = a["deputy"]["id_number"]
    masked = "\n".join(_pages(render_archive([a], tmp_path / "m.pdf", township="示范镇")))
    assert full not in masked and "*" * 14 + full[-4:] in masked
    # Beside the masked number the birth date shows its year alone: the two together rebuilt the number (F4).
    birth = a["deputy"]["birth_date"]
    assert f"{int(birth[:4])}年" in masked and f"{int(birth[:4])}年{int(birth[5:7])}月" not in masked
    plain = "\n".join(_pages(render_archive([a], tmp_path / "p.pdf", township="示范镇", mask=False)))
    assert full in plain


def test_workbook_rows_match_the_archives(demo, tmp_path):
    ids = archive.archive_deputy_ids(demo)
    archives = [archive.gather(demo, i, year=2026, today=TODAY) for i in ids]
    out = write_archive_workbook(archives, tmp_path / "a.xlsx", township="示范镇")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == list(SHEETS)
    summary = wb["概况"]
    assert [c.value for c in summary[1]] == [c[0] for c in SHEETS["概况"]]
    assert summary.max_row == len(ids) + 1
    by_name = {row[1]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    header = [c[0] for c in SHEETS["概况"]]
    for a in archives:
        row = dict(zip(header, by_name[a["deputy"]["name"]]))
        assert row["参加活动"] == a["activities"]["counts"]["出席"]
        assert row["接待选民日"] == a["receptions"]["count"]
        assert row["提出建议"] == a["suggestions"]["counts"]["total"]
        assert row["述职次数"] == len(a["report_backs"])
        assert row["积分"] == (a["scores"][-1]["total"] if a["scores"] else None)
    activity_rows = wb["活动"].max_row - 1
    assert activity_rows == sum(len(a["activities"]["rows"]) for a in archives)
    rb = report_backs.list_report_backs(demo)[0]
    rows = [r for r in wb["述职"].iter_rows(min_row=2, values_only=True) if r[0] == rb["deputy_name"]]
    assert rows and rows[0][1] == dt.datetime.fromisoformat(rb["date"]) and rows[0][8] == rb["evaluation"]
    assert wb["活动"].auto_filter.ref.startswith("A1:") and wb["活动"].freeze_panes == "B2"
    ids_column = [c.value for c in wb["基本情况"]["E"][1:]]
    assert all(v.startswith("*" * 14) for v in ids_column if v)
    assert all(isinstance(v, str) and len(v) == 4 for v in (c.value for c in wb["基本情况"]["D"][1:]) if v)


def test_export_command_kind_archive(demo, tmp_path, monkeypatch):
    assert "archive" in export_command.EXPORTERS
    pdf = export_command.EXPORTERS["archive"](demo, tmp_path / "all.pdf")
    xlsx = export_command.EXPORTERS["archive"](demo, tmp_path / "all.xlsx")
    assert PdfReader(str(pdf)).pages and openpyxl.load_workbook(xlsx)["概况"].max_row == len(
        archive.archive_deputy_ids(demo)) + 1
    from desktop_app.errors import InputError

    with pytest.raises(InputError, match="支持的文件类型"):
        export_command.EXPORTERS["archive"](demo, tmp_path / "all.docx")
    assert settings.get(demo, "township_name") == "示范镇"


def test_full_term_archive_says_what_each_period_counts(demo, tmp_path):
    """The overview row and the calendar count from the term start, the 年度积分 the whole year: both say so."""
    from desktop_app.ops.archive_documents import export_archive

    deputy_id = _with_report_back(demo)
    a = archive.gather(demo, deputy_id, today=TODAY)
    start = dt.date.fromisoformat(a["period"][0][:10])
    path = export_archive(demo, tmp_path / "全届.pdf", deputy_ids=[deputy_id])
    text = "".join("".join(p.split()) for p in _pages(path))
    assert "年份（统计期间）" in text
    if start.month != 1 or start.day != 1:
        since = f"{start.year}年（{start.month}月{start.day}日起）"
        assert since in text                                     # the overview row and the calendar heading
        assert f"{start.year}年履职日历（{start.month}月{start.day}日起）" in text
    for score in a["scores"]:
        assert f"{score['year']}年度（全年：{score['year']}年1月1日至12月31日）" in text
