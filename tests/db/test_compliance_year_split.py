"""履职达标 counts over periods that cross a new year, and the home screen's groups-and-stations-only call.

The deputy counts are read one calendar year at a time; these cases pin the year boundary and the
per-year keys so a faster query can never move an activity into the wrong year.
"""

import datetime as dt

import pytest
from activity_samples import build

from desktop_app.db import activities, compliance

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture
def town(db):
    base = build(db)
    types = {t["name"]: t["id"] for t in activities.list_types(db)}
    d = base["deputies"]

    def act(type_name, day, attendance, **extra):
        return activities.create_activity(db, {"type_id": types[type_name], "date": day, "theme": f"{type_name}{day}",
                                               **extra}, attendance)

    # 王喆: a reception day on the last day of 2025 and one on the first day of 2026 (both at a station,
    # both voter contact); 李堃 on leave for both; 张伟 visits voters (not at a station) in each year.
    act("接待选民日", "2025-12-31", {d[0]: "出席", d[1]: "请假"}, station_id=base["station_a"])
    act("接待选民日", "2026-01-01", {d[0]: "出席", d[1]: "请假"}, station_id=base["station_a"])
    act("走访选民", "2025-07-01", {d[2]: "出席"})
    act("走访选民", "2026-06-30", {d[2]: "出席", d[0]: "缺席"})
    act("小组活动", "2026-06-30", {d[0]: "出席", d[2]: "出席"}, group_id=base["group_a"],
        station_id=base["station_a"])
    # Outside the period on both sides, and a deleted one inside: none of them count.
    act("接待选民日", "2025-06-30", {d[0]: "出席"}, station_id=base["station_a"])
    act("接待选民日", "2026-07-01", {d[0]: "出席"}, station_id=base["station_a"])
    activities.delete_activity(db, act("接待选民日", "2026-03-01", {d[0]: "出席"}, station_id=base["station_a"]))
    return base


def _per_year(rows, deputy_id):
    row = next(r for r in rows if r.unit_id == deputy_id)
    return [(label, count) for label, count, _met in row.per_period]


def test_deputy_counts_fall_in_their_own_year(db, town):
    d = town["deputies"]
    result = compliance.compliance(db, "2025-07-01", "2026-06-30", as_of=AS_OF)
    assert _per_year(result["deputies"], d[0]) == [("2025年", 1), ("2026年", 2)]      # at a station
    assert _per_year(result["contacts"], d[0]) == [("2025年", 1), ("2026年", 1)]      # 小组活动 is no contact
    assert _per_year(result["deputies"], d[1]) == [("2025年", 0), ("2026年", 0)]      # on leave: nothing
    assert _per_year(result["deputies"], d[2]) == [("2025年", 0), ("2026年", 1)]
    assert _per_year(result["contacts"], d[2]) == [("2025年", 1), ("2026年", 1)]
    # One day either side of the boundary moves exactly that day's activity.
    narrow = compliance.compliance(db, "2026-01-01", "2026-06-29", as_of=AS_OF)
    assert _per_year(narrow["deputies"], d[0]) == [("2026年", 1)]
    assert _per_year(narrow["contacts"], d[2]) == [("2026年", 0)]


def test_parts_leave_out_the_deputy_sections_and_keep_the_rest(db, town):
    full = compliance.compliance(db, "2026-04-01", "2026-06-30", as_of=AS_OF)
    units = compliance.compliance(db, "2026-04-01", "2026-06-30", as_of=AS_OF, parts=("groups", "stations"))
    assert list(units) == ["groups", "stations"]
    assert units["groups"] == full["groups"] and units["stations"] == full["stations"]
    behind = compliance.behind_this_quarter(db, dt.date(2026, 5, 15))
    on_the_day = compliance.compliance(db, "2026-04-01", "2026-06-30", as_of=dt.date(2026, 5, 15))
    assert [r.name for r in behind["groups"]] == [r.name for r in on_the_day["groups"] if r.behind]
    assert "第一代表小组" not in [r.name for r in behind["groups"]]     # its 小组活动 of 30 June counts
