"""一人一档 page: choose a deputy, see the records, add a honour, follow lines to their activity or suggestion."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from desktop_app.db import activities, honors, report_backs, suggestions


@pytest.fixture
def page(ctx, roster, qtbot):
    from desktop_app.ui.archive.page import ArchivePage

    db = ctx.db
    types = {t["name"]: t["id"] for t in activities.list_types(db)}
    zs = roster["张三"]
    year = dt.date.today().year
    day = dt.date.today().replace(day=1).isoformat()
    activity_id = activities.create_activity(db, {"type_id": types["接待选民日"], "date": day, "theme": "月度接待"},
                                             {zs: "出席", roster["李四"]: "请假"})
    suggestion_id = suggestions.create_suggestion(db, {"title": "修建村道", "source": "代表建议", "date": day},
                                                  [(zs, True)])["id"]
    report_backs.add_report_back(db, zs, day, voters_present=30, satisfied=20, basically_satisfied=8, unsatisfied=2)
    widget = ArchivePage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.focus_record(zs)
    widget.set_year(year)
    return widget, {"deputy": zs, "activity": activity_id, "suggestion": suggestion_id, "year": year}


def _texts(tab, column: int) -> list[str]:
    return [tab.model.display_text(r, column) for r in range(tab.model.rowCount())]


def test_archive_shows_the_deputys_records(page):
    widget, ids = page
    assert "张三" in widget.title.text()
    assert _texts(widget.activities_tab, 2) == ["月度接待"]
    assert _texts(widget.suggestions_tab, 1) == ["修建村道"]
    assert _texts(widget.report_backs_tab, 7) == ["满意"] and _texts(widget.report_backs_tab, 6) == ["93.3%"]
    assert "接待选民日 1 次" in widget.overview_tab.summary.text()
    assert widget.year_combo.currentData() == ids["year"]
    assert widget.tabs.count() == 9


def test_add_a_honour_and_see_it(page, qtbot):
    widget, ids = page
    dialog = widget.add_honor("荣誉")
    dialog.title_edit.setText("优秀人大代表")
    dialog.date_edit.setText(f"{ids['year']}年1月5日")
    dialog.issuer_edit.setText("示范镇人大主席团")
    dialog.accept()
    assert not dialog.isVisible()
    assert _texts(widget.honors_tab, 2) == ["优秀人大代表"]
    assert [h["title"] for h in honors.list_honors(widget.ctx.db, ids["deputy"])] == ["优秀人大代表"]
    assert "荣誉 1 项" in widget.honors_tab.summary.text()


def test_a_bad_honour_stays_in_the_dialog_with_the_message(page):
    widget, ids = page
    dialog = widget.add_honor("处分")
    dialog.title_edit.setText("诫勉谈话")
    dialog.date_edit.setText("2026-02-30")
    dialog.accept()
    assert dialog.isVisible()
    assert "没有这一天" in dialog.form.error_text("date")
    assert honors.list_honors(widget.ctx.db) == []
    dialog.reject()


def test_an_activity_line_navigates_to_the_activity(page, qtbot):
    widget, ids = page
    tab = widget.activities_tab
    with qtbot.waitSignal(widget.ctx.events.navigate, timeout=1000) as blocker:
        tab.view.activated.emit(tab.proxy.index(0, 2))
    assert blocker.args == ["activities", ids["activity"]]
    tab = widget.suggestions_tab
    with qtbot.waitSignal(widget.ctx.events.navigate, timeout=1000) as blocker:
        tab.view.activated.emit(tab.proxy.index(0, 1))
    assert blocker.args == ["suggestions", ids["suggestion"]]


def test_a_score_line_leads_back_to_its_activity(page, qtbot):
    widget, ids = page
    tab = widget.scores_tab
    rows = [r for r in range(tab.model.rowCount())
            if any(rec.get("table") == "activities" and rec.get("id") == ids["activity"]
                   for rec in tab.model.row(r).get("records") or [])]
    assert rows, "the reception day earns points"
    with qtbot.waitSignal(widget.ctx.events.navigate, timeout=1000) as blocker:
        widget.open_score_line(rows[0])
    assert blocker.args == ["activities", ids["activity"]]


def test_search_by_pinyin_initials_and_focus(page, roster):
    widget, _ = page
    widget.search.setText("ls")
    assert [r["name"] for r in widget.deputies.visible_rows()] == ["李四"]
    widget.focus_record(roster["王五"])
    assert "王五" in widget.title.text() and widget.search.text() == ""


def test_exports_of_this_deputy_and_the_list(page, tmp_path):
    widget, _ = page
    path = widget.export_excel(str(tmp_path / "one.xlsx"))
    assert openpyxl.load_workbook(path)["概况"]["B2"].value == "张三"
    written = widget.export_all_folder(str(tmp_path / "folder"))
    assert len(written) == len(widget.deputies.visible_rows()) == 4
    assert widget.export_all_one("pdf", str(tmp_path / "all.pdf")).stat().st_size > 0


def test_the_header_wraps_between_its_parts_never_inside_the_term(page, qtbot):
    """At a narrow width the header used to break "第十|八届" over two lines."""
    from PySide6.QtGui import QTextLayout

    from desktop_app.ui.widgets.text_wrap import plain

    widget, _ids = page
    widget.set_year(None)   # the whole term: "档案期间：第十八届全届"
    text = widget.subtitle.text()
    assert "档案期间：第十八届全届" in plain(text)
    layout = QTextLayout(text, widget.subtitle.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(150)   # a few characters a line: the text must wrap many times
        lines.append(plain(text[line.textStart():line.textStart() + line.textLength()]).strip("　 "))
    layout.endLayout()
    assert len(lines) > 2
    assert any(line.startswith("档案期间") for line in lines)
    assert not any("第十" in line and "第十八届" not in line for line in lines)
