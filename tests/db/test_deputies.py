"""Deputies in the database: validated CRUD, duplicates, status history, soft delete, audit, the roster list."""

import datetime as dt

import pytest

from desktop_app.db import audit, deputies, districts, groups, terms
from desktop_app.db.deputies import DeputyValidationError
from desktop_app.domain.idcard import make_id_number
from desktop_app.errors import InputError, UserError

ZHANG_ID = make_id_number("110101", dt.date(1970, 5, 1), 11)      # 男
LI_ID = make_id_number("110101", dt.date(1985, 8, 9), 22)         # 女


@pytest.fixture
def term(db):
    return terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30")


@pytest.fixture
def district(db, term):
    return districts.create_district(db, term, "第一选区（东山村、西山村）", code="01", seats=8)


def add(db, **values):
    base = {"name": "张三", "id_number": ZHANG_ID, "phone": "13800138000", "level": "乡"}
    base.update(values)
    return deputies.insert_deputy(db, base)


def snapshot(db):
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("deputies", "deputy_status_history", "audit_log", "group_members")}


def test_insert_derives_fields_and_defaults(db, term, district):
    deputy_id = add(db, district_id=district, party="党员", id_number=ZHANG_ID.lower())
    row = deputies.get_deputy(db, deputy_id)
    assert row["name_initials"] == "zs"
    assert (row["gender"], row["birth_date"]) == ("男", "1970-05-01")
    assert row["party"] == "中共党员"
    assert (row["status"], row["level"], row["term_id"]) == ("在任", "乡", term)
    assert row["district_name"] == "第一选区（东山村、西山村）"
    assert row["term_name"] == "第十九届"


def test_insert_refuses_bad_values_and_writes_nothing(db, term):
    before = snapshot(db)
    with pytest.raises(DeputyValidationError) as err:
        add(db, name="", id_number="110101199003071235", phone="1234")
    assert set(err.value.problems) == {"name", "id_number", "phone"}
    assert isinstance(err.value, InputError)
    assert "公民身份号码：公民身份号码校验位应为 3，实为 5" in str(err.value)
    assert snapshot(db) == before


def test_duplicate_id_number_refused_and_db_unchanged(db, term):
    add(db)
    before = snapshot(db)
    with pytest.raises(DeputyValidationError) as err:
        add(db, name="李四", id_number=ZHANG_ID.lower())
    assert err.value.problems == {"id_number": "身份证号与已有代表 张三 重复"}
    assert snapshot(db) == before
    assert [r["name"] for r in deputies.list_deputies(db)] == ["张三"]


def test_duplicate_of_a_deleted_deputy_says_so(db, term):
    deputy_id = add(db)
    deputies.soft_delete_deputy(db, deputy_id)
    with pytest.raises(DeputyValidationError) as err:
        add(db, name="李四")
    assert err.value.problems["id_number"] == "身份证号与已删除的代表 张三 重复（可在已删除的代表中恢复）"


def test_update_returns_old_values_for_undo(db, term):
    deputy_id = add(db, notes="原备注")
    old = deputies.update_deputy(db, deputy_id, {"name": "张叁", "notes": "新备注", "phone": "13800138000"})
    assert old == {"name": "张三", "notes": "原备注"}          # phone did not change
    row = deputies.get_deputy(db, deputy_id)
    assert (row["name"], row["name_initials"], row["notes"]) == ("张叁", "zs", "新备注")
    deputies.update_deputy(db, deputy_id, old)
    assert deputies.get_deputy(db, deputy_id)["name"] == "张三"
    assert deputies.update_deputy(db, deputy_id, {"notes": "原备注"}) == {}


def test_update_refuses_contradiction_and_duplicate(db, term):
    zhang = add(db)
    li = add(db, name="李四", id_number=LI_ID, phone="13900139000")
    before = snapshot(db)
    with pytest.raises(DeputyValidationError) as err:
        deputies.update_deputy(db, zhang, {"gender": "女"})
    assert err.value.problems == {"gender": "性别“女”与公民身份号码不一致（第 17 位表示男）"}
    with pytest.raises(DeputyValidationError) as err:
        deputies.update_deputy(db, li, {"id_number": ZHANG_ID})
    assert err.value.problems["id_number"] == "身份证号与已有代表 张三 重复"
    assert snapshot(db) == before
    assert deputies.get_deputy(db, li)["id_number"] == LI_ID


def test_update_ignores_old_problems_in_untouched_fields(db, term):
    deputy_id = add(db)
    # Legacy data typed before validation existed.
    db.execute("UPDATE deputies SET phone = '8888' WHERE id = ?", [deputy_id])
    deputies.update_deputy(db, deputy_id, {"notes": "补充备注"})
    assert deputies.get_deputy(db, deputy_id)["notes"] == "补充备注"


def test_unknown_field_is_a_programming_error(db, term):
    with pytest.raises(ValueError):
        add(db, favourite_colour="红")


def test_status_change_keeps_history_and_deputy(db, term):
    deputy_id = add(db)
    old = deputies.change_status(db, deputy_id, "辞职", "2026-11-05", "因个人原因辞去代表职务")
    assert old == {"status": "在任", "status_date": None, "status_reason": None}
    assert deputies.list_deputies(db) == []
    archived = deputies.list_deputies(db, include_inactive=True)
    assert [(r["name"], r["status"], r["status_date"], r["status_reason"]) for r in archived] == [
        ("张三", "辞职", "2026-11-05", "因个人原因辞去代表职务")]
    deputies.change_status(db, deputy_id, "在任", "2026-11-10", "辞职申请撤回")
    history = deputies.status_history(db, deputy_id)
    assert [(h["status"], h["date"], h["reason"]) for h in history] == [
        ("辞职", "2026-11-05", "因个人原因辞去代表职务"), ("在任", "2026-11-10", "辞职申请撤回")]
    assert deputies.count_serving(db, term) == 1


@pytest.mark.parametrize("status, date, field", [
    ("退休", "2026-11-05", "status"), ("辞职", None, "status_date"), ("辞职", "2026-02-30", "status_date"),
    ("去世", "2099-01-01", "status_date"),
])
def test_status_change_refuses_bad_input(db, term, status, date, field):
    deputy_id = add(db)
    before = snapshot(db)
    with pytest.raises(DeputyValidationError) as err:
        deputies.change_status(db, deputy_id, status, date, "原因")
    assert field in err.value.problems
    assert snapshot(db) == before


def test_status_change_through_update_is_recorded(db, term):
    deputy_id = add(db)
    deputies.update_deputy(db, deputy_id, {"status": "调离", "status_date": "2026-11-12", "status_reason": "工作调动"})
    assert [h["status"] for h in deputies.status_history(db, deputy_id)] == ["调离"]


def test_soft_delete_and_restore(db, term):
    deputy_id = add(db)
    deputies.soft_delete_deputy(db, deputy_id)
    assert deputies.list_deputies(db) == []
    assert deputies.list_deputies(db, include_deleted=True)[0]["deleted_at"]
    assert deputies.find_by_id_number(db, ZHANG_ID)["deleted_at"]
    assert deputies.count_serving(db) == 0
    deputies.restore_deputy(db, deputy_id)
    assert [r["id"] for r in deputies.list_deputies(db)] == [deputy_id]


def test_every_write_is_audited_without_full_personal_data(db, term):
    deputy_id = add(db)
    deputies.update_deputy(db, deputy_id, {"phone": "13900139000"})
    deputies.change_status(db, deputy_id, "调离", "2026-11-12", "工作调动")
    deputies.soft_delete_deputy(db, deputy_id)
    deputies.restore_deputy(db, deputy_id)
    entries = audit.entries(db, entity="deputy", entity_id=deputy_id)
    assert [e["action"] for e in entries] == ["新增代表", "修改代表", "代表状态变更", "删除代表", "恢复代表"]
    text = "".join(e["detail"] for e in entries)
    assert ZHANG_ID not in text and "13900139000" not in text and "139****9000" in text
    assert audit.verify_chain(db) is None


def test_list_deputies_joins_district_and_groups(db, term, district):
    zhang = add(db, district_id=district)
    li = add(db, name="李四", id_number=LI_ID, phone="13900139000", level="县")
    first = groups.create_group(db, "第一代表小组", "代表小组", district_id=district, convener_id=zhang)
    farm = groups.create_group(db, "农业农村专业代表小组", "专业代表小组")
    groups.set_members(db, farm, [zhang, li])
    rows = {r["name"]: r for r in deputies.list_deputies(db)}
    assert rows["张三"]["group_names"] == "第一代表小组、农业农村专业代表小组"
    assert rows["李四"]["group_names"] == "农业农村专业代表小组"
    assert rows["李四"]["district_name"] is None
    assert "photo" not in rows["张三"]
    groups.delete_group(db, first)
    assert deputies.list_deputies(db, level="乡")[0]["group_names"] == "农业农村专业代表小组"
    assert [r["name"] for r in deputies.list_deputies(db, district_id=district)] == ["张三"]
    assert deputies.count_serving(db, term, level=None) == 2
    assert deputies.count_serving(db, term) == 1


def test_list_deputies_by_term(db, term):
    older = terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30", is_current=False)
    add(db)
    add(db, name="李四", id_number=LI_ID, phone="13900139000", term_id=older)
    assert [r["name"] for r in deputies.list_deputies(db, term_id=term)] == ["张三"]
    assert [r["name"] for r in deputies.list_deputies(db, term_id=older)] == ["李四"]
    assert len(deputies.list_deputies(db)) == 2


def test_find_by_id_number_any_spelling(db, term):
    deputy_id = add(db)
    assert deputies.find_by_id_number(db, " " + ZHANG_ID.lower())["id"] == deputy_id
    assert deputies.find_by_id_number(db, LI_ID) is None
    assert deputies.find_by_id_number(db, "") is None


def test_missing_deputy_is_a_user_error(db, term):
    with pytest.raises(UserError, match="找不到编号为 99 的代表"):
        deputies.get_deputy(db, 99)
    with pytest.raises(UserError):
        deputies.update_deputy(db, 99, {"notes": "x"})


def test_district_must_exist(db, term):
    with pytest.raises(DeputyValidationError) as err:
        add(db, district_id=42)
    assert err.value.problems == {"district_id": "选区编号 42 不存在"}


def test_photo_round_trips_but_not_in_list(db, term):
    deputy_id = add(db, photo=b"\x89PNG...")
    assert deputies.get_deputy(db, deputy_id)["photo"] == b"\x89PNG..."
    assert "photo" not in deputies.list_deputies(db)[0]


def test_roster_columns_hold_what_list_deputies_gives(db, term, district):
    zhang = add(db, district_id=district, reelected=1, notes="村医")
    li = add(db, name="李四", id_number=LI_ID, phone="13900139000", level="县")
    wang = add(db, name="王五", id_number=make_id_number("110101", dt.date(1990, 1, 2), 33), phone="13700137000")
    farm = groups.create_group(db, "农业农村专业代表小组", "专业代表小组")
    groups.set_members(db, farm, [zhang, li])
    deputies.change_status(db, li, "辞职", "2026-03-01", "工作调动")
    deputies.soft_delete_deputy(db, wang)
    listed = deputies.list_deputies(db, include_inactive=True)
    columns = deputies.roster_columns(db)
    assert set(columns) == set(deputies.ROSTER_COLUMNS)
    assert columns["id"] == [zhang, li]                       # entry order, the deleted deputy left out
    for key, values in columns.items():
        assert values == [row[key] for row in listed], key    # types kept: ids and 连任 as numbers, None as None
    assert columns["group_names"] == ["农业农村专业代表小组", "农业农村专业代表小组"]
    assert columns["district_name"] == ["第一选区（东山村、西山村）", None]


def test_roster_columns_of_an_empty_roster(db, term):
    assert deputies.roster_columns(db) == {key: [] for key in deputies.ROSTER_COLUMNS}


def test_district_and_group_names_in_list_order(db, term, district):
    older = terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30", is_current=False)
    districts.create_district(db, term, "第二选区", code="00")
    gone = districts.create_district(db, term, "第三选区", code="03")
    districts.create_district(db, older, "旧选区", code="01")
    districts.delete_district(db, gone)
    assert districts.district_names(db, term) == [d["name"] for d in districts.list_districts(db, term)]
    assert districts.district_names(db, term) == ["第二选区", "第一选区（东山村、西山村）"]
    assert districts.district_names(db) == [d["name"] for d in districts.list_districts(db)]
    groups.create_group(db, "农业专业代表小组", "专业代表小组")
    groups.create_group(db, "第一代表小组", "代表小组", district_id=district)
    assert groups.group_names(db, term) == [g["name"] for g in groups.list_groups(db, term)]
    assert groups.group_names(db, term) == ["第一代表小组", "农业专业代表小组"]


def test_list_deputies_can_read_only_some_columns(db, term, district):
    add(db, district_id=district)
    add(db, name="李四", id_number=LI_ID, phone="13900139000", level="县")
    full = deputies.list_deputies(db)
    some = deputies.list_deputies(db, columns=("name", "district_name", "reelected"))
    assert some == [{"name": r["name"], "district_name": r["district_name"], "reelected": r["reelected"]} for r in full]
    with pytest.raises(ValueError):
        deputies.list_deputies(db, columns=("name", "photo"))
