"""Text clean-up of typed and imported values, and pinyin initials for roster search."""

import pytest

from desktop_app.domain.text import normalize_text, pinyin_initials


@pytest.mark.parametrize("raw, expected", [
    ("  张三  ", "张三"),
    ("ＡＢＣ１２３", "ABC123"),
    ("东山村\u3000 5组", "东山村 5组"),
    ("第一选区（东山村、西山村）", "第一选区（东山村、西山村）"),
    ("党支部书记，主任。", "党支部书记，主任。"),
    ("a \t\n b", "a b"),
    (None, ""),
    (123, "123"),
    ("刘䶮", "刘䶮"),
    ("赵𠅤", "赵𠅤"),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("name, initials", [
    ("张三", "zs"),
    ("张  三", "zs"),
    ("王喆", "wz"),
    ("李堃", "lk"),
    ("刘䶮", "ly"),
    ("单晓红", "sxh"),       # surname 单 reads shan
    ("曾志刚", "zzg"),       # surname 曾 reads zeng
    ("解放", "xf"),
    ("尉迟恭", "ycg"),
    ("阿依古丽·买买提", "ayglmmt"),
    ("", ""),
])
def test_pinyin_initials(name, initials):
    assert pinyin_initials(name) == initials


def test_pinyin_initials_never_crash_on_odd_characters():
    for name in ("赵𠅤", "☃", "Tom李", "12", "😀王"):
        result = pinyin_initials(name)
        assert isinstance(result, str)
    assert pinyin_initials("Tom李").endswith("l")


@pytest.mark.parametrize("name, number", [("第十九届", 19), ("第十届", 10), ("第二十一届", 21), ("第九届", 9),
                                          ("第 18 届", 18), ("第１８届", 18), ("十九届", None), ("换届", None)])
def test_ordinal_number_of_a_term_name(name, number):
    from desktop_app.domain.text import ordinal_number

    assert ordinal_number(name) == number
