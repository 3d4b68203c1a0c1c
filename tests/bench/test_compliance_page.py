"""Benchmark: the 履职达标 page for a year over 1,000 deputies and 100,000 activities (issue 4: ≤ 500 ms).

Printed with the ratio to the bare database count (db.compliance.compliance) the page is built on.
"""

import datetime as dt
import time

import pytest

from desktop_app.db import compliance
from desktop_app.db.connection import open_database
from test_suggestions_speed import DEPUTIES, _best_ms, _fill, _report

pytestmark = pytest.mark.gui
AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    start = time.perf_counter()
    db = open_database(tmp_path_factory.mktemp("bench") / "bench.db")
    _fill(db)
    print(f"\n数据准备 {time.perf_counter() - start:.1f} s")
    yield db
    db.close()


def test_compliance_page_for_a_year(big, qapp, tmp_path):
    from desktop_app.ui.compliance.page import CompliancePage
    from desktop_app.ui.context import AppContext

    ctx = AppContext(db=big, db_path=tmp_path / "bench.db")
    page = CompliancePage(ctx, today=lambda: AS_OF)
    page.resize(1280, 800)
    page.show()
    assert page.views["deputies"].model.rowCount() == DEPUTIES

    def reload_year():
        page.set_period("本年度")
        qapp.processEvents()

    ours, bare = _best_ms(reload_year, lambda: compliance.compliance(big, "2026-01-01", "2026-12-31", as_of=AS_OF),
                          rounds=5)
    _report("履职达标页面（全年，含表格）", ours, bare, 500)
    page.close()
