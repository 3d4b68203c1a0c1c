"""Benchmark: the 活动登记 page and the home page over 1,000 deputies, 100,000 activities, 50,000 suggestions.

Limits (issue 4): a list page opens in ≤ 200 ms, the home screen in ≤ 300 ms. Each figure is printed with
its ratio to the bare SQLite query doing the core of the same work. The data is built by the backend
benchmark's builder (tests/bench/test_suggestions_speed.py).
"""

import datetime as dt
import time

import pytest
from test_suggestions_speed import DEPUTIES, _fill

from desktop_app.db import activity_log, home
from desktop_app.db.connection import open_database

TODAY = dt.date(2026, 6, 1)


def _best_ms(fn, rounds=5):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def _report(what, ours, bare, limit):
    print(f"{what}: {ours:.1f} ms (裸查询 {bare:.1f} ms, 比值 {ours / max(bare, 0.01):.1f}); 上限 {limit} ms")
    assert ours <= limit, f"{what} took {ours:.1f} ms"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    start = time.perf_counter()
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    db = open_database(path)
    _fill(db)
    assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == DEPUTIES
    print(f"\n数据准备 {time.perf_counter() - start:.1f} s")
    yield db, path
    db.close()


@pytest.fixture
def ctx(big, qapp):
    from desktop_app.ui.context import AppContext

    db, path = big
    return AppContext(db=db, db_path=path)


def test_activities_page_opens(ctx, qapp):
    from desktop_app.ui.activities import log_tab
    from desktop_app.ui.activities.page import ActivitiesPage

    pages = []

    def open_page():
        page = ActivitiesPage(ctx)
        page.log.today = lambda: TODAY
        pages.append(page)

    # The page's first load uses the real date; the bench data spans 2025–2026, so 今年 is full either way.
    open_page()
    assert pages[-1].log.model.rowCount() == log_tab.ROW_LIMIT
    ours = _best_ms(open_page)
    bare = _best_ms(lambda: ctx.db.execute(
        "SELECT * FROM activities WHERE date BETWEEN '2026-01-01' AND '2026-12-31' AND deleted_at IS NULL "
        "ORDER BY date DESC, id DESC LIMIT 2000").fetchall())
    _report("活动登记页打开（今年，2000 条）", ours, bare, 200)
    query = _best_ms(lambda: activity_log.list_log(ctx.db, start="2026-01-01", end="2026-12-31", limit=2001))
    print(f"  其中查询（含出勤人数）{query:.1f} ms")

    page = pages[-1]
    station = page.log.station_combo.findData(3)
    filtered = _best_ms(lambda: page.log.station_combo.setCurrentIndex(station if page.log.station_combo.currentIndex()
                                                                         != station else 0))
    _report("活动登记页切换联络站筛选", filtered, bare, 200)
    for p in pages:
        p.deleteLater()


def test_home_page_opens(ctx, qapp):
    from desktop_app.ui.home.page import HomePage

    HomePage.today = TODAY
    try:
        pages = []
        ours = _best_ms(lambda: pages.append(HomePage(ctx)))
        assert pages[-1].cards["overdue"].number.text() != "0"
    finally:
        HomePage.today = None
    bare = _best_ms(lambda: ctx.db.execute("SELECT COUNT(*) FROM suggestions WHERE deadline < ?",
                                           [TODAY.isoformat()]).fetchone())
    backend = _best_ms(lambda: home.attention(ctx.db, TODAY))
    _report("首页打开", ours, bare, 300)
    print(f"  其中 db.home.attention {backend:.1f} ms（界面部分 {ours - backend:.1f} ms）")
    for p in pages:
        p.deleteLater()
