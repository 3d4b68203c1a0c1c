"""Activity log workbook and PDF, and the 接待选民日 公示 (text read back with pypdf, cells with openpyxl)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.ops.exports import EXPORTERS
from desktop_app.db import activities, activity_log, deputies, groups, reception_notice, receptions, stations, terms
from desktop_app.errors import InputError, UserError
from desktop_app.reports.pdf.reception_notice import render_reception_notice


@pytest.fixture
def town(db):
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    ids = {n: deputies.insert_deputy(db, {"term_id": term, "name": n, "level": "乡"})
           for n in ("王喆", "李堃", "刘䶮", "陈静", "杨军")}
    east = groups.create_group(db, "第一代表小组", term_id=term, convener_id=ids["王喆"])
    groups.set_members(db, east, [ids["王喆"], ids["李堃"], ids["刘䶮"]])
    west = groups.create_group(db, "第二代表小组", term_id=term)
    groups.set_members(db, west, [ids["陈静"], ids["杨军"]])
    deputies.change_status(db, ids["杨军"], "辞职", "2026-02-01", "工作调动")
    station_e = stations.create_station(db, "东山片区代表联络站", address="东山村村委会二楼", contact="秦勇",
                                        phone="0791-86251234")
    station_w = stations.create_station(db, "桃园片区代表联络站", address="桃园村党群服务中心")
    stations.set_groups(db, station_e, [east])
    stations.set_groups(db, station_w, [west])
    receptions.add_schedule(db, station_e, "每月9日、19日")
    receptions.add_schedule(db, station_w, "每周一", place="桃园村文化礼堂")
    return {"ids": ids, "east": east, "west": west, "station_e": station_e, "station_w": station_w}


def _text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_next_notices_have_date_place_deputies_and_posting_day(db, town):
    notices = reception_notice.next_notices(db, dt.date(2026, 12, 1))
    assert [(n["station_name"], n["date"], n["place"], n["post_date"]) for n in notices] == [
        ("桃园片区代表联络站", "2026-12-07", "桃园村文化礼堂", "2026-12-04"),
        ("东山片区代表联络站", "2026-12-09", "东山村村委会二楼", "2026-12-06"),
    ]
    assert notices[1]["deputies"] == ["王喆", "李堃", "刘䶮"]   # convener first
    assert notices[0]["deputies"] == ["陈静"]                    # 杨军 resigned


def test_notice_pdf_one_page_per_station(db, town, tmp_path):
    notices = reception_notice.next_notices(db, dt.date(2026, 12, 1))
    path = render_reception_notice(notices, tmp_path / "公示.pdf", township="示范镇")
    pages = _text(path)
    assert len(pages) == 2
    east = pages[1].replace(" ", "").replace("\n", "")
    for expected in ("东山片区代表联络站", "接待选民日公示", "2026年12月9日", "星期三", "上午9:00—11:30",
                     "东山村村委会二楼", "王喆", "李堃", "刘䶮", "联系人：秦勇", "0791-86251234", "示范镇人大主席团",
                     "2026年12月6日"):
        assert expected in east, expected
    west = pages[0].replace(" ", "").replace("\n", "")
    assert "2026年12月7日" in west and "陈静" in west and "杨军" not in west and "联系人" not in west


def test_notice_without_schedules_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="接待日安排"):
        render_reception_notice([], tmp_path / "x.pdf", township="示范镇")
    assert not (tmp_path / "x.pdf").exists()


def test_reception_notice_export_kind(db, town, tmp_path):
    path = EXPORTERS["reception-notice"](db, tmp_path / "notice.pdf")
    assert len(_text(path)) == 2
    with pytest.raises(InputError, match=r"\.pdf"):
        EXPORTERS["reception-notice"](db, tmp_path / "notice.xlsx")


@pytest.fixture
def logged(db, town):
    year = dt.date.today().year
    ids = town["ids"]
    first = activities.create_activity(db, {
        "type_id": activities.type_id_by_name(db, "接待选民日"), "date": f"{year}-03-09", "start_time": "09:00",
        "end_time": "11:30", "station_id": town["station_e"], "theme": "3月接待选民日", "place": "东山村村委会",
        "problems_solved": 2}, {ids["王喆"]: "出席", ids["李堃"]: ("请假", "外出务工"), ids["刘䶮"]: "缺席"})
    second = activities.create_activity(db, {
        "type_id": activities.type_id_by_name(db, "视察"), "date": f"{year}-05-20", "group_id": town["west"],
        "theme": "视察道路建设"}, {ids["陈静"]: "出席"})
    activities.create_activity(db, {"type_id": activities.type_id_by_name(db, "调研"), "date": f"{year - 1}-12-01",
                                    "theme": "去年的调研"})
    deleted = activities.create_activity(db, {"type_id": activities.type_id_by_name(db, "调研"),
                                              "date": f"{year}-06-01", "theme": "误录入"})
    activities.delete_activity(db, deleted)
    return {"year": year, "first": first, "second": second}


def test_activity_log_counts_and_text_search(db, logged):
    rows = activity_log.list_log(db, start=f"{logged['year']}-01-01")
    assert [(r["theme"], r["present_count"], r["leave_count"], r["absent_count"]) for r in rows] == [
        ("视察道路建设", 1, 0, 0), ("3月接待选民日", 1, 1, 1)]
    assert [r["theme"] for r in activity_log.list_log(db, text="东山 接待")] == ["3月接待选民日"]
    assert activity_log.count_log(db, text="100%") == 0
    assert activity_log.count_log(db) == 3


def test_activities_workbook_cells(db, logged, tmp_path):
    path = EXPORTERS["activities"](db, tmp_path / "活动.xlsx")
    wb = load_workbook(path, read_only=True)
    rows = list(wb["活动登记"].iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "日期", "开始时间", "结束时间", "活动类型")
    assert rows[1] == (1, f"{logged['year']}-03-09", "09:00", "11:30", "接待选民日", "东山片区代表联络站", None,
                       "3月接待选民日", "东山村村委会", None, 1, 1, 1, 2, 0)
    assert rows[2][7] == "视察道路建设" and rows[2][6] == "第二代表小组"
    assert len(rows) == 3   # last year's and the deleted one are left out
    lines = list(wb["出勤明细"].iter_rows(values_only=True))
    assert lines[0] == ("活动日期", "活动主题", "代表姓名", "出勤情况", "请假事由")
    assert (f"{logged['year']}-03-09", "3月接待选民日", "李堃", "请假", "外出务工") in lines
    assert len(lines) == 5


def test_activities_pdf_table(db, logged, tmp_path):
    path = EXPORTERS["activities"](db, tmp_path / "活动.pdf")
    text = "".join(_text(path)).replace(" ", "").replace("\n", "")
    for expected in ("示范镇人大代表活动登记表", f"{logged['year']}年1月1日至{logged['year']}年12月31日", "3月接待选民日",
                     "视察道路建设", "共2次", "出席2人次", "请假1人次", "缺席1人次"):
        assert expected in text, expected
    assert "误录入" not in text and "去年的调研" not in text
    with pytest.raises(InputError):
        EXPORTERS["activities"](db, tmp_path / "活动.docx")
