"""公民身份号码 checks: the cases a clerk meets — X, lower-case x, typos, impossible dates, Excel damage."""

import datetime as dt

import pytest

from desktop_app.domain.idcard import EXCEL_MANGLED_MESSAGE, check_digit, make_id_number, validate_id_number

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("number, ok, message, birth, gender", [
    # 11010519491231002X is the example number printed in GB 11643 itself.
    ("11010519491231002X", True, None, dt.date(1949, 12, 31), "女"),
    ("11010519491231002x", True, None, dt.date(1949, 12, 31), "女"),
    (" 110105 1949 1231 002X ", True, None, dt.date(1949, 12, 31), "女"),
    ("１１０１０５１９４９１２３１００２Ｘ", True, None, dt.date(1949, 12, 31), "女"),
    ("440524188001010014", False, "公民身份号码中的出生日期 1880-01-01 早于 1900 年", None, None),
    ("110101199003071233", True, None, dt.date(1990, 3, 7), "男"),
    ("110101199003071235", False, "公民身份号码校验位应为 3，实为 5，请核对号码是否抄错", None, None),
    ("11010519491231002", False, "公民身份号码应为 18 位，实为 17 位", None, None),
    ("1101051949123100211", False, "公民身份号码应为 18 位，实为 19 位", None, None),
    ("110101900307123", False, "这是 15 位的旧身份证号，请填写 18 位公民身份号码", None, None),
    ("11010A199003071233", False, "公民身份号码前 17 位只能是数字，含有“A”", None, None),
    ("11010119900307123Y", False, "公民身份号码第 18 位只能是数字或 X，实为“Y”", None, None),
    ("110101199002301234", False, "公民身份号码中的出生日期 19900230 不是有效日期", None, None),
    ("110101199013011234", False, "公民身份号码中的出生日期 19901301 不是有效日期", None, None),
    ("110101203001011234", False, "公民身份号码中的出生日期 2030-01-01 晚于今天", None, None),
    ("010101199003071233", False, "公民身份号码前 6 位地址码 010101 不是有效的行政区划代码（省级代码 01 不存在）", None, None),
    ("990101199003071233", False, "公民身份号码前 6 位地址码 990101 不是有效的行政区划代码（省级代码 99 不存在）", None, None),
    ("1.10101199003077E+17", False, EXCEL_MANGLED_MESSAGE, None, None),
    ("1.10101199003077e+17", False, EXCEL_MANGLED_MESSAGE, None, None),
    (1.10101199003077e17, False, EXCEL_MANGLED_MESSAGE, None, None),
    (110101199003077000, False, EXCEL_MANGLED_MESSAGE, None, None),
    ("110101199003077000", False, EXCEL_MANGLED_MESSAGE, None, None),
    ("", False, "公民身份号码为空", None, None),
    (None, False, "公民身份号码为空", None, None),
])
def test_validate_id_number(number, ok, message, birth, gender):
    check = validate_id_number(number, today=TODAY)
    assert (check.ok, check.message, check.birth_date, check.gender) == (ok, message, birth, gender)


def test_normalized_is_upper_case_without_spaces():
    assert validate_id_number("11010519491231002x").normalized == "11010519491231002X"
    assert validate_id_number(" 110105-19491231-002X").normalized == "11010519491231002X"


def test_birthday_today_is_accepted_and_tomorrow_is_not():
    today_number = make_id_number("110101", TODAY, 123)
    tomorrow_number = make_id_number("110101", TODAY + dt.timedelta(days=1), 123)
    assert validate_id_number(today_number, today=TODAY).ok
    assert "晚于今天" in validate_id_number(tomorrow_number, today=TODAY).message


@pytest.mark.parametrize("first17, expected", [
    ("11010519491231002", "X"), ("11010119900307123", "3"), ("44052418800101001", "4"),
])
def test_check_digit_iso_7064(first17, expected):
    assert check_digit(first17) == expected


def test_every_check_digit_value_round_trips():
    """make_id_number produces valid numbers for all 11 check values (0-9 and X) and both genders."""
    seen = set()
    for seq in range(1, 200):
        number = make_id_number("330106", dt.date(1985, 6, 15), seq)
        check = validate_id_number(number, today=TODAY)
        assert check.ok, number
        assert check.gender == ("男" if seq % 2 else "女")
        seen.add(number[-1])
    assert seen == set("0123456789X")
