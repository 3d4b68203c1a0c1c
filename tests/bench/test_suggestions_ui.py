"""Benchmark: the 意见建议 page over 50,000 suggestions (+1,000 deputies): opening ≤ 200 ms, a text search ≤ 100 ms.

Reuses the data builder of the #4 backend bench; each figure is printed with its ratio to the bare SQLite query
doing the core of the same work.
"""

import time

import pytest

from test_suggestions_speed import _best_ms, _fill, _report

from desktop_app.db.connection import open_database
from desktop_app.ui.suggestions.model import PAGE_SIZE


@pytest.fixture(scope="module")
def ctx(tmp_path_factory, qapp):
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.fonts import install_fonts

    install_fonts(qapp)
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    start = time.perf_counter()
    db = open_database(path)
    _fill(db)
    print(f"\n数据准备 {time.perf_counter() - start:.1f} s")
    yield AppContext(db=db, db_path=path)
    db.close()


def test_page_opens(ctx, qapp):
    from desktop_app.ui.suggestions.page import SuggestionsPage

    pages = []

    def open_page():
        page = SuggestionsPage(ctx)
        page.resize(1280, 800)
        page.show()
        qapp.processEvents()
        pages.append(page)

    db = ctx.db
    bare_sql = f"SELECT * FROM suggestions WHERE deleted_at IS NULL ORDER BY date DESC LIMIT {PAGE_SIZE}"
    ours, bare = _best_ms(open_page, lambda: db.execute(bare_sql).fetchall(), rounds=5)
    page = pages[-1]
    assert page.model.total == 50_000 and page.model.rowCount() == PAGE_SIZE
    _report("意见建议页面打开（5万件）", ours, bare, 200)
    for p in pages:
        p.deleteLater()


def test_text_search_through_the_model(ctx, qapp):
    from desktop_app.ui.suggestions.page import SuggestionsPage

    page = SuggestionsPage(ctx)
    db = ctx.db

    def search(text):
        page.search.setText(text)
        page.apply_filters()
        qapp.processEvents()

    search("东山村 自来水管网")
    assert 0 < page.model.total < 50_000
    assert all("自来水管网" in r["title"] + r["content"] for r in page.model.rows())
    ours, bare = _best_ms(lambda: search("东山村 自来水管网"),
                          lambda: db.execute("SELECT rowid FROM suggestions_fts WHERE suggestions_fts MATCH "
                                             "'\"东山村\" AND \"自来水管网\"'").fetchall())
    _report("页面全文检索（FTS5）", ours, bare, 100)
    ours, bare = _best_ms(lambda: search("路灯"),
                          lambda: db.execute("SELECT id FROM suggestions WHERE title LIKE '%路灯%' "
                                             "OR content LIKE '%路灯%'").fetchall())
    _report("页面两字检索（LIKE）", ours, bare, 100)
    page.deleteLater()
