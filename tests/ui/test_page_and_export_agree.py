"""A document written from its page and by ``export KIND`` is one document: the same ops function gathers
and writes both, so the text read back with pypdf (or the cells with openpyxl) is equal, on the demo township."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog
from pypdf import PdfReader

from desktop_app.db import settings
from desktop_app.ops.demo import fill_demo
from desktop_app.ops.exports import EXPORTERS

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(ctx):
    # The export kinds use today's date (this year, this quarter), so the township is built around today.
    fill_demo(ctx.db, today=dt.date.today())
    return ctx


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _cells(path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _same_pdf(from_page, from_export, *expected: str) -> list[str]:
    pages = _pages(from_page)
    assert pages == _pages(from_export)
    text = "\n".join(pages)
    for words in expected:
        assert words in text
    return pages


def test_statistics_from_the_roster_page_and_export(demo, qtbot, tmp_path, monkeypatch):
    from desktop_app.ui.roster.page import RosterPage

    page = _shown(qtbot, RosterPage(demo))
    township = settings.get(demo.db, "township_name")
    for suffix in (".pdf", ".xlsx"):
        target = tmp_path / f"page{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, target=target, **k: (str(target), ""))
        assert page.export_statistics(suffix[1:]) == target
        exported = EXPORTERS["statistics"](demo.db, tmp_path / f"export{suffix}")
        if suffix == ".pdf":
            _same_pdf(target, exported, township, "结构情况统计", "共有在任代表")
        else:
            assert _cells(target) == _cells(exported)


def test_compliance_from_its_page_and_export(demo, qtbot, tmp_path):
    from desktop_app.ui.compliance.page import CompliancePage

    page = _shown(qtbot, CompliancePage(demo, today=dt.date.today))
    page.set_period("本年度")
    assert page.report.start == dt.date(dt.date.today().year, 1, 1)
    for suffix in (".pdf", ".xlsx"):
        written = page.export_to(tmp_path / f"page{suffix}")
        exported = EXPORTERS["compliance"](demo.db, tmp_path / f"export{suffix}")
        if suffix == ".pdf":
            _same_pdf(written, exported, "履职达标", f"{dt.date.today().year}年1月1日", "代表小组")
        else:
            assert _cells(written) == _cells(exported)


@pytest.mark.parametrize("name, kind, title", [
    ("export_scores", "scores", "积分排名表"),
    ("export_score_groups", "score-groups", "分组汇总表"),
    ("export_score_below", "score-below", "低于分数线名单"),
    ("export_score_term", "score-term", "任期积分汇总"),
])
def test_scores_from_the_scoring_page_and_export(demo, qtbot, tmp_path, name, kind, title):
    from desktop_app.ui.scoring.page import ScoringPage

    page = _shown(qtbot, ScoringPage(demo))
    assert page.year == dt.date.today().year
    written = page.export(name, ".pdf", title, tmp_path / "page.pdf")
    exported = EXPORTERS[kind](demo.db, tmp_path / "export.pdf")
    _same_pdf(written, exported, settings.get(demo.db, "township_name"))
    assert _cells(page.export(name, ".xlsx", title, tmp_path / "page.xlsx")) == \
        _cells(EXPORTERS[kind](demo.db, tmp_path / "export.xlsx"))


def test_suggestion_statistics_and_reminders_from_their_tabs_and_export(demo, qtbot, tmp_path):
    from desktop_app.ui.suggestions.page import SuggestionsPage

    page = _shown(qtbot, SuggestionsPage(demo))
    written = page.stats_tab.export(".pdf", str(tmp_path / "stats.pdf"))
    _same_pdf(written, EXPORTERS["suggestion-statistics"](demo.db, tmp_path / "export-stats.pdf"), "办理情况")
    reminders = page.reminders_tab.export_excel(str(tmp_path / "reminders.xlsx"))
    assert _cells(reminders) == _cells(EXPORTERS["reminders"](demo.db, tmp_path / "export-reminders.xlsx"))
    listed = page.export_list(str(tmp_path / "list.xlsx"))
    assert _cells(listed) == _cells(EXPORTERS["suggestions"](demo.db, tmp_path / "export-list.xlsx"))


def test_archive_of_every_deputy_from_the_archive_page_and_export(demo, qtbot, tmp_path):
    from desktop_app.ui.archive.page import ArchivePage

    page = _shown(qtbot, ArchivePage(demo))
    page.set_year(None)    # 全届, as the export kind writes it
    written = page.export_all_one("pdf", str(tmp_path / "page.pdf"))
    exported = EXPORTERS["archive"](demo.db, tmp_path / "export.pdf")
    _same_pdf(written, exported, "总目录", "一、基本情况")
