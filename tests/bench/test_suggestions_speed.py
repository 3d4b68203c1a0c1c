"""Benchmark: 1,000 deputies, 100,000 activities with attendance, 50,000 suggestions — search, compliance, lists, home.

Limits (issue 4): text search ≤ 100 ms, compliance for a year ≤ 500 ms, list pages ≤ 200 ms, home screen ≤ 300 ms.
Each figure is printed with the ratio to the bare SQLite query doing the core of the same work.
"""

import datetime as dt
import random
import time

import pytest

from desktop_app.db import activities, compliance, home, suggestions
from desktop_app.db.connection import open_database
from desktop_app.domain.suggestions import LEVELS, OPEN_STATES, SOURCES, STATES

DEPUTIES, GROUPS, STATIONS = 1_000, 50, 20
ACTIVITIES, PER_ACTIVITY = 100_000, 5
SUGGESTIONS = 50_000
WORDS = ("道路硬化", "路灯", "自来水管网", "农田灌溉", "河道清淤", "垃圾分类", "养老服务", "学校食堂", "卫生室",
         "停车位", "危房改造", "广场舞噪音", "农产品销售", "医保报销", "桥梁维修", "网络信号")
PLACES = ("东山村", "西山村", "南河村", "北河村", "桃园村", "青石村", "红旗社区", "光明村")


def _fill(db):
    rng = random.Random(4)
    day0 = dt.date(2025, 1, 1)
    with db.atomic():
        db.execute("INSERT INTO terms(name, number, is_current) VALUES ('第十九届', 19, 1)")
        db.conn.executemany("INSERT INTO deputies(term_id, name, name_initials, level) VALUES (1, ?, 'db', '乡')",
                            [(f"代表{i}",) for i in range(DEPUTIES)])
        db.conn.executemany("INSERT INTO groups(term_id, name) VALUES (1, ?)", [(f"第{i}代表小组",) for i in range(GROUPS)])
        db.conn.executemany("INSERT INTO group_members(group_id, deputy_id) VALUES (?, ?)",
                            [(d % GROUPS + 1, d + 1) for d in range(DEPUTIES)])
        db.conn.executemany("INSERT INTO stations(name) VALUES (?)", [(f"第{i}联络站",) for i in range(STATIONS)])
        db.conn.executemany("INSERT INTO station_groups(station_id, group_id) VALUES (?, ?)",
                            [(g % STATIONS + 1, g + 1) for g in range(GROUPS)])
        types = [t["id"] for t in activities.list_types(db)]
        rows, attendance = [], []
        for i in range(1, ACTIVITIES + 1):
            group = rng.randrange(GROUPS) + 1
            day = (day0 + dt.timedelta(days=rng.randrange(730))).isoformat()
            rows.append((i, rng.choice(types), day, group, (group - 1) % STATIONS + 1, f"活动{i}"))
            members = [group + GROUPS * k for k in rng.sample(range(DEPUTIES // GROUPS), PER_ACTIVITY)]
            attendance += [(i, m, "出席" if rng.random() < 0.85 else "请假") for m in members]
        db.conn.executemany("INSERT INTO activities(id, type_id, date, group_id, station_id, theme) "
                            "VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.conn.executemany("INSERT INTO activity_attendance(activity_id, deputy_id, status) VALUES (?, ?, ?)",
                            attendance)
        db.conn.executemany("INSERT INTO handling_units(name) VALUES (?)", [(f"承办单位{i}",) for i in range(30)])
        rows, submitters = [], []
        for i in range(1, SUGGESTIONS + 1):
            word, place = rng.choice(WORDS), rng.choice(PLACES)
            state = rng.choice(STATES)
            day = day0 + dt.timedelta(days=rng.randrange(700))
            deadline = None if state == "评价" else (day + dt.timedelta(days=rng.randrange(10, 90))).isoformat()
            rows.append((i, f"关于{place}{word}的建议{i}", f"{place}群众反映{word}问题，希望尽快解决。编号{i}。",
                         rng.choice(SOURCES), day.isoformat(), rng.randrange(7) + 1, rng.choice(LEVELS), state,
                         rng.randrange(30) + 1 if state not in ("收集", "分类") else None, deadline))
            submitters.append((i, rng.randrange(DEPUTIES) + 1, 1))
        db.conn.executemany("INSERT INTO suggestions(id, title, content, source, date, field_id, level, state, "
                            "main_unit_id, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.conn.executemany("INSERT INTO suggestion_submitters(suggestion_id, deputy_id, is_lead) VALUES (?, ?, ?)",
                            submitters)
    db.execute("ANALYZE")


def _best_ms(*fns, rounds=7):
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], (time.perf_counter() - start) * 1000)
    return best


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    start = time.perf_counter()
    db = open_database(tmp_path_factory.mktemp("bench") / "bench.db")
    _fill(db)
    print(f"\n数据准备 {time.perf_counter() - start:.1f} s")
    yield db
    db.close()


def _report(what, ours, bare, limit):
    print(f"{what}: {ours:.1f} ms (裸查询 {bare:.1f} ms, 比值 {ours / max(bare, 0.01):.1f}); 上限 {limit} ms")
    assert ours <= limit, f"{what} took {ours:.1f} ms"


def test_text_search(big):
    db = big
    assert len(suggestions.search(db, "自来水管网")) == 200
    ours, bare = _best_ms(lambda: suggestions.search(db, "东山村 自来水管网"),
                          lambda: db.execute("SELECT rowid FROM suggestions_fts WHERE suggestions_fts MATCH "
                                             "'\"东山村\" AND \"自来水管网\"'").fetchall())
    _report("全文检索（FTS5）", ours, bare, 100)
    ours, bare = _best_ms(lambda: suggestions.search(db, "路灯"),
                          lambda: db.execute("SELECT id FROM suggestions WHERE title LIKE '%路灯%' "
                                             "OR content LIKE '%路灯%'").fetchall())
    _report("两字检索（LIKE）", ours, bare, 100)


def test_compliance_for_a_year(big):
    db = big
    result = compliance.compliance(db, "2026-01-01", "2026-12-31", as_of=dt.date(2026, 12, 31))
    assert len(result["deputies"]) == DEPUTIES and len(result["groups"]) == GROUPS
    ours, bare = _best_ms(
        lambda: compliance.compliance(db, "2026-01-01", "2026-12-31", as_of=dt.date(2026, 12, 31)),
        lambda: db.execute("SELECT aa.deputy_id, COUNT(*) FROM activities a JOIN activity_attendance aa "
                           "ON aa.activity_id = a.id WHERE a.date BETWEEN '2026-01-01' AND '2026-12-31' "
                           "AND aa.status = '出席' GROUP BY 1").fetchall(), rounds=5)
    _report("履职达标（全年）", ours, bare, 500)


def test_list_pages(big):
    db = big
    bare_page = lambda: db.execute("SELECT * FROM suggestions ORDER BY date DESC LIMIT 200").fetchall()  # noqa: E731
    for what, fn in (
        ("活动列表（一页）", lambda: activities.list_activities(db, limit=200)),
        ("活动列表（一个站一年）", lambda: activities.list_activities(db, station_id=3, start="2026-01-01",
                                                                  end="2026-12-31")),
        ("意见建议列表（一页）", lambda: suggestions.list_suggestions(db, limit=200)),
        ("意见建议列表（在办，按期限）", lambda: suggestions.list_suggestions(
            db, states=OPEN_STATES, order="deadline", limit=200, today=dt.date(2026, 6, 1))),
        ("意见建议列表（一个单位）", lambda: suggestions.list_suggestions(db, unit_id=5, limit=200)),
    ):
        assert fn()
        ours, bare = _best_ms(fn, bare_page)
        _report(what, ours, bare, 200)


def test_home_screen(big):
    db = big
    page = home.attention(db, dt.date(2026, 6, 1))
    assert page["overdue_count"] > 0 and page["due_soon"]
    ours, bare = _best_ms(lambda: home.attention(db, dt.date(2026, 6, 1)),
                          lambda: db.execute("SELECT COUNT(*) FROM suggestions WHERE deadline < '2026-06-01'")
                          .fetchone(), rounds=5)
    _report("工作台首页", ours, bare, 300)
