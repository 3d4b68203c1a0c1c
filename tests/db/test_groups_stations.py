"""Terms, districts, groups and stations: create, edit, soft delete with refusals, members, links, audit."""

import datetime as dt

import pytest

from desktop_app.db import audit, deputies, districts, groups, stations, terms
from desktop_app.domain.idcard import make_id_number
from desktop_app.errors import InputError, UserError


@pytest.fixture
def term(db):
    return terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30")


@pytest.fixture
def district(db, term):
    return districts.create_district(db, term, "第一选区", area="东山村、西山村", seats=8)


def person(db, name, seq, district_id=None, level="乡"):
    return deputies.insert_deputy(db, {"name": name, "level": level, "district_id": district_id,
                                       "id_number": make_id_number("360124", dt.date(1975, 1, 1), seq)})


# --- terms -------------------------------------------------------------------------------------------------

def test_only_one_current_term(db):
    old = terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    new = terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30")
    assert terms.current_term(db)["id"] == new
    assert terms.update_term(db, old, is_current=True) == {"is_current": 0}
    assert terms.current_term(db)["id"] == old
    assert [t["name"] for t in terms.list_terms(db)] == ["第十九届", "第十八届"]
    assert [e["action"] for e in audit.entries(db, entity="term")] == ["新增届次", "新增届次", "修改届次"]


def test_current_term_falls_back_to_dates(db):
    terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30", is_current=False)
    nineteenth = terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30", is_current=False)
    assert terms.current_term(db, today=dt.date(2027, 1, 1))["id"] == nineteenth
    assert terms.current_term(db, today=dt.date(2024, 1, 1))["name"] == "第十八届"


@pytest.mark.parametrize("name, start, end, message", [
    ("", "2026-10-01", None, "届次名称不能为空"),
    ("第二十届", "2031-02-30", None, "届次开始日期“2031-02-30”不是有效日期"),
    ("第二十届", "2031-10-01", "2030-09-30", "届次结束日期 2030-09-30 早于开始日期 2031-10-01"),
    ("第十九届", None, None, "已有名为“第十九届”的届次"),
])
def test_term_refusals(db, term, name, start, end, message):
    with pytest.raises(InputError, match=message):
        terms.create_term(db, name, 20, start, end)
    assert len(terms.list_terms(db)) == 1


# --- districts ---------------------------------------------------------------------------------------------

def test_district_counts_and_delete_refused_while_in_use(db, term, district):
    deputy_id = person(db, "张三", 11, district)
    person(db, "李四", 13, district)
    assert districts.list_districts(db, term)[0]["deputy_count"] == 2
    with pytest.raises(UserError, match="选区“第一选区”还有 2 名代表，不能删除"):
        districts.delete_district(db, district)
    assert districts.list_districts(db, term)[0]["deleted_at"] is None
    deputies.soft_delete_deputy(db, deputy_id)
    deputies.update_deputy(db, deputies.list_deputies(db)[0]["id"], {"district_id": None})
    districts.delete_district(db, district)
    assert districts.list_districts(db, term) == []
    assert len(districts.list_districts(db, term, include_deleted=True)) == 1


def test_district_duplicate_name_and_update(db, term, district):
    with pytest.raises(InputError, match="本届已有名为“第一选区”的选区"):
        districts.create_district(db, term, " 第一选区 ")
    other = districts.create_district(db, term, "第二选区")
    with pytest.raises(InputError):
        districts.update_district(db, other, name="第一选区")
    assert districts.update_district(db, other, seats="7", area="南河村") == {"seats": None, "area": None}
    assert districts.get_district(db, other)["seats"] == 7
    with pytest.raises(InputError, match="应为整数"):
        districts.update_district(db, other, seats="七")


# --- groups ------------------------------------------------------------------------------------------------

def test_group_with_convener_and_members(db, term, district):
    a, b, c = person(db, "张三", 11, district), person(db, "李四", 13, district), person(db, "王五", 15, district)
    group = groups.create_group(db, "第一代表小组", "代表小组", district_id=district, convener_id=b)
    assert [m["id"] for m in groups.members(db, group)] == [b]          # convener joined automatically
    previous = groups.set_members(db, group, [a, b, c])
    assert previous == [b]
    listed = groups.list_groups(db, term)[0]
    assert (listed["member_count"], listed["convener_name"], listed["district_name"]) == (3, "李四", "第一选区")
    members = groups.members(db, group)
    assert members[0]["name"] == "李四" and members[0]["is_convener"]
    assert [g["name"] for g in groups.groups_of(db, a)] == ["第一代表小组"]
    # Dropping the convener from the group clears the convener.
    groups.set_members(db, group, [a, c])
    assert groups.get_group(db, group)["convener_id"] is None
    deputies.change_status(db, a, "调离", "2026-11-12", "工作调动")
    assert groups.list_groups(db)[0]["member_count"] == 1
    assert [m["name"] for m in groups.members(db, group, include_inactive=True)] == ["张三", "王五"]


def test_group_refusals_leave_db_unchanged(db, term):
    groups.create_group(db, "第一代表小组")
    with pytest.raises(InputError, match="本届已有名为“第一代表小组”的小组"):
        groups.create_group(db, "第一代表小组")
    with pytest.raises(InputError, match="小组类型“兴趣小组”不对"):
        groups.create_group(db, "读书会", "兴趣小组")
    with pytest.raises(InputError, match="所选召集人不存在"):
        groups.create_group(db, "第二代表小组", convener_id=999)
    group = groups.list_groups(db)[0]["id"]
    with pytest.raises(InputError, match="编号为 999 的代表不存在"):
        groups.set_members(db, group, [999])
    assert [g["name"] for g in groups.list_groups(db)] == ["第一代表小组"]


def test_group_soft_delete_restore_and_professional_groups_listed_last(db, term):
    prof = groups.create_group(db, "农业农村专业代表小组", "专业代表小组")
    first = groups.create_group(db, "第一代表小组", "代表小组")
    assert [g["name"] for g in groups.list_groups(db)] == ["第一代表小组", "农业农村专业代表小组"]
    groups.delete_group(db, prof)
    assert [g["id"] for g in groups.list_groups(db)] == [first]
    groups.restore_group(db, prof)
    assert len(groups.list_groups(db)) == 2
    actions = [e["action"] for e in audit.entries(db, entity="group")]
    assert actions == ["新增代表小组", "新增代表小组", "删除代表小组", "恢复代表小组"]


def test_set_groups_of_a_deputy(db, term):
    a = person(db, "张三", 11)
    g1, g2 = groups.create_group(db, "第一代表小组"), groups.create_group(db, "农业组", "专业代表小组")
    assert groups.set_groups_of(db, a, [g1, g2]) == []
    assert [g["id"] for g in groups.groups_of(db, a)] == [g1, g2]
    assert groups.set_groups_of(db, a, [g2]) == [g1, g2]
    assert [g["id"] for g in groups.groups_of(db, a)] == [g2]


# --- stations ----------------------------------------------------------------------------------------------

def test_stations_tree_and_groups(db, term):
    g1 = groups.create_group(db, "第一代表小组")
    g2 = groups.create_group(db, "第二代表小组")
    home = stations.create_station(db, "示范镇人大代表之家", "代表之家", address="人民路1号", open_days="每月9日、19日",
                                   phone="0791-86251234")
    post = stations.create_station(db, "东山片区代表联络站", parent_id=home, open_days="每周一", phone="13800138000")
    assert stations.set_groups(db, post, [g1, g2]) == []
    rows = {s["name"]: s for s in stations.list_stations(db)}
    assert rows["东山片区代表联络站"]["parent_name"] == "示范镇人大代表之家"
    assert rows["东山片区代表联络站"]["group_names"] == "第一代表小组、第二代表小组"
    assert rows["示范镇人大代表之家"]["group_names"] == ""
    assert [g["name"] for g in stations.station_groups(db, post)] == ["第一代表小组", "第二代表小组"]
    assert groups.list_groups(db)[0]["station_names"] == "东山片区代表联络站"
    with pytest.raises(UserError, match="下还有 1 个站点（东山片区代表联络站）"):
        stations.delete_station(db, home)
    stations.delete_station(db, post)
    stations.delete_station(db, home)
    assert stations.list_stations(db) == []
    assert [e["action"] for e in audit.entries(db, entity="station")][-2:] == ["删除联络站", "删除联络站"]


def test_station_refusals(db):
    home = stations.create_station(db, "代表之家", "代表之家")
    post = stations.create_station(db, "联络站一", parent_id=home)
    with pytest.raises(InputError, match="联系电话有误"):
        stations.create_station(db, "联络站二", phone="123")
    with pytest.raises(InputError, match="类型“工作站”不对"):
        stations.create_station(db, "联络站二", "工作站")
    with pytest.raises(InputError, match="循环"):
        stations.update_station(db, home, parent_id=post)
    with pytest.raises(InputError, match="不能隶属于它自己"):
        stations.update_station(db, home, parent_id=home)
    assert stations.update_station(db, post, open_days="每周一") == {"open_days": None}
    assert len(stations.list_stations(db)) == 2
