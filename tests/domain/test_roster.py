"""Roster rules: deputy validation and cross-checks, phones, masking, age, structure statistics."""

import datetime as dt

import pytest

from desktop_app.domain.roster import (
    ETHNICITIES, age_on, canonical, clean_deputy, mask_id_number, mask_phone, parse_date, percent,
    structure_statistics, validate_deputy,
)

TODAY = dt.date(2026, 11, 23)
MAN_1990 = "110101199003071233"       # born 1990-03-07, 17th digit 3 → 男
WOMAN_1949 = "11010519491231002X"     # born 1949-12-31, 17th digit 2 → 女


def deputy(**values):
    base = {"name": "张三", "level": "乡"}
    base.update(values)
    return base


def test_official_lists():
    assert len(ETHNICITIES) == 56 and len(set(ETHNICITIES)) == 56
    assert ETHNICITIES[0] == "汉族"


def test_minimal_deputy_is_valid():
    assert validate_deputy(deputy(), today=TODAY) == {}


@pytest.mark.parametrize("values, field, message", [
    ({"name": ""}, "name", "姓名不能为空"),
    ({"name": "张三3"}, "name", "姓名中不应有数字"),
    ({"level": ""}, "level", "请选择代表层级（全国、省、市、县、乡）"),
    ({"level": "村"}, "level", "代表层级“村”不在可选范围内，应为：全国、省、市、县、乡"),
    ({"gender": "未知"}, "gender", "性别“未知”不在可选范围内，应为：男、女"),
    ({"ethnicity": "汉"}, "ethnicity", "民族“汉”不在可选范围内，应为：56 个民族的规范名称之一，如 汉族、回族"),
    ({"birth_date": "1990-02-30"}, "birth_date", "出生日期“1990-02-30”不是有效日期，请写成 1990-03-07 的形式"),
    ({"birth_date": "2030-01-01"}, "birth_date", "出生日期 2030-01-01 晚于今天"),
    ({"id_number": "110101199003071235"}, "id_number", "公民身份号码校验位应为 3，实为 5，请核对号码是否抄错"),
    ({"id_number": MAN_1990, "gender": "女"}, "gender", "性别“女”与公民身份号码不一致（第 17 位表示男）"),
    ({"id_number": MAN_1990, "birth_date": "1990-03-08"}, "birth_date",
     "出生日期 1990-03-08 与公民身份号码中的 1990-03-07 不一致"),
    ({"id_number": MAN_1990, "birth_date": "1991-03"}, "birth_date",
     "出生日期 1991-03 与公民身份号码中的 1990-03-07 不一致"),
    ({"status": "辞职"}, "status_date", "状态为“辞职”时请填写变更日期"),
])
def test_validate_deputy_problems(values, field, message):
    problems = validate_deputy(deputy(**values), today=TODAY)
    assert problems[field] == message


def test_cross_check_accepts_agreeing_values():
    values = deputy(id_number=MAN_1990, gender="男", birth_date="1990-03-07")
    assert validate_deputy(values, today=TODAY) == {}
    # A 出生年月 column holds only the month: agreeing with the ID number is enough.
    assert validate_deputy(deputy(id_number=WOMAN_1949, gender="女", birth_date="1949-12"), today=TODAY) == {}


@pytest.mark.parametrize("phone, problem", [
    ("13800138000", None),
    ("138 0013 8000", None),
    ("19912345678", None),
    ("0571-88886666", None),
    ("057188886666", None),
    ("010-12345678", None),
    ("1380013800", "手机号应为 11 位数字，实为 10 位"),
    ("12800138000", "电话号码格式不对"),
    ("88886666", "电话号码格式不对"),
    ("电话", "电话号码格式不对"),
])
def test_phone_validation(phone, problem):
    problems = validate_deputy(deputy(phone=phone), today=TODAY)
    if problem is None:
        assert "phone" not in problems
    else:
        assert problems["phone"].startswith(problem)


@pytest.mark.parametrize("raw, iso", [
    ("1990-03-07", "1990-03-07"), ("1990/3/7", "1990-03-07"), ("1990.03.07", "1990-03-07"),
    ("1990年3月7日", "1990-03-07"), ("19900307", "1990-03-07"), ("1990.3", "1990-03"), ("1990年03月", "1990-03"),
    ("199003", "1990-03"), (dt.date(1990, 3, 7), "1990-03-07"), (dt.datetime(1990, 3, 7, 0, 0), "1990-03-07"),
    ("", None), (None, None),
])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", ["1990-02-30", "三月", "1990-13"])
def test_parse_date_rejects(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_clean_deputy_normalises_and_derives_from_id_number():
    cleaned = clean_deputy({
        "name": " 张  三 ", "id_number": "11010519491231002x", "party": "党员", "education": "本科",
        "ethnicity": "回", "phone": "138 0013 8000", "birth_date": "1949年12月", "reelected": "是",
    })
    assert cleaned == {
        "name": "张三", "id_number": "11010519491231002X", "party": "中共党员", "education": "大学本科",
        "ethnicity": "回族", "phone": "13800138000", "birth_date": "1949-12-31", "gender": "女", "reelected": 1,
    }


def test_canonical_keeps_unknown_values_for_validation_to_name():
    assert canonical("party", "民革") == "民革党员"
    assert canonical("party", "党外人士") == "党外人士"


@pytest.mark.parametrize("raw, masked", [
    ("11010519491231002X", "**************002X"),
    ("", ""), (None, ""),
    ("1234", "**34"),
])
def test_mask_id_number(raw, masked):
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize("raw, masked", [
    ("13800138000", "138****8000"), ("0571-88886666", "0571-****6666"), ("88886666", "****6666"),
    ("", ""), ("123", "***"),
])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize("birth, day, age", [
    ("1990-03-07", dt.date(2026, 3, 6), 35),
    ("1990-03-07", dt.date(2026, 3, 7), 36),
    ("2000-02-29", dt.date(2026, 2, 28), 25),
    ("1990-03", dt.date(2026, 3, 1), 36),
    (None, TODAY, None),
    ("不详", TODAY, None),
])
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age


def _row(stats, key, label):
    return next((r["count"], r["percent"]) for r in stats[key] if r["label"] == label)


def test_structure_statistics_hand_computed():
    on = dt.date(2026, 11, 23)
    people = [
        # age 35 (band 35岁以下), 36, 45, 46, 55, 56 on 2026-11-23
        {"gender": "男", "ethnicity": "汉族", "birth_date": "1991-11-23", "party": "中共党员", "education": "大学本科",
         "occupation": "农民", "level": "乡", "reelected": 1},
        {"gender": "女", "ethnicity": "回族", "birth_date": "1990-11-23", "party": "中共预备党员", "education": "高中",
         "occupation": "农民", "level": "乡", "reelected": 0},
        {"gender": "女", "ethnicity": "汉族", "birth_date": "1981-11-23", "party": "民盟盟员", "education": "研究生",
         "occupation": "专业技术人员", "level": "乡", "reelected": 0},
        {"gender": "男", "ethnicity": "满族", "birth_date": "1980-11-23", "party": "群众", "education": "初中",
         "occupation": "工人", "level": "乡", "reelected": 1},
        {"gender": "男", "ethnicity": "汉族", "birth_date": "1971-11-23", "party": "无党派人士", "education": "大学专科",
         "occupation": "党政领导干部", "level": "乡", "reelected": 0},
        {"gender": "男", "ethnicity": "回族", "birth_date": "1970-11-23", "party": "中共党员", "education": "大学本科",
         "occupation": "企业负责人", "level": "乡", "reelected": 1},
        {"gender": None, "ethnicity": None, "birth_date": None, "party": None, "education": None,
         "occupation": None, "level": "乡", "reelected": 0},
    ]
    stats = structure_statistics(people, on)
    assert stats["total"] == 7
    assert _row(stats, "gender", "男") == (4, 57.1)
    assert _row(stats, "gender", "女") == (2, 28.6)
    assert _row(stats, "gender", "未填写") == (1, 14.3)
    assert _row(stats, "ethnicity", "汉族") == (3, 42.9)
    assert _row(stats, "ethnicity", "少数民族") == (3, 42.9)
    assert [(r["label"], r["count"]) for r in stats["ethnicity_detail"]] == [("回族", 2), ("满族", 1)]
    assert [(r["label"], r["count"]) for r in stats["age"]] == [
        ("35岁以下", 1), ("36至45岁", 2), ("46至55岁", 2), ("56岁以上", 1), ("未填写", 1)]
    assert _row(stats, "party", "中共党员") == (3, 42.9)      # 预备党员 counted with 党员
    assert _row(stats, "party", "民主党派") == (1, 14.3)
    assert _row(stats, "party", "群众") == (1, 14.3)
    assert _row(stats, "education", "大学本科") == (2, 28.6)
    assert _row(stats, "occupation", "农民") == (2, 28.6)
    assert _row(stats, "occupation", "解放军") == (0, 0.0)    # fixed rows the county form expects
    assert _row(stats, "level", "乡") == (7, 100.0)
    assert _row(stats, "reelected", "连任") == (3, 42.9)
    assert _row(stats, "reelected", "新当选") == (4, 57.1)
    assert stats["average_age"] == round((35 + 36 + 45 + 46 + 55 + 56) / 6, 1)


def test_statistics_of_nobody():
    stats = structure_statistics([], TODAY)
    assert stats["total"] == 0 and _row(stats, "gender", "男") == (0, 0.0) and stats["average_age"] is None


@pytest.mark.parametrize("count, total, expected", [(1, 8, 12.5), (1, 3, 33.3), (2, 3, 66.7), (1, 6, 16.7), (0, 0, 0.0)])
def test_percent_rounds_half_up(count, total, expected):
    assert percent(count, total) == expected
