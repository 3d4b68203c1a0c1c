"""标点禁则 of the one line breaker every renderer uses: no closing mark at a line start, no opening one at an end."""

from __future__ import annotations

import pytest

from desktop_app.domain.line_breaking import CANNOT_END, CANNOT_START, break_lines


def lines(text: str, width: int, wide=None) -> list[str]:
    """Break with every character one unit wide (ASCII half a unit) into lines of ``width`` units."""
    widths = [(0.5 if ch.isascii() else 1.0) for ch in text]
    return [text[line.start:line.end] for line in break_lines(text, widths, width)]


def test_a_full_stop_that_would_start_a_line_takes_the_character_before_with_it():
    # 12 characters a line: the 13th is "。"
    assert lines("计票结果报告单由计票人签名后有效。", 17) == ["计票结果报告单由计票人签名后有效。"]
    # 16 a line: "效" goes down with "。", and "有" joins them so that "效。" is not a lone last line
    assert lines("计票结果报告单由计票人签名后有效。", 16) == ["计票结果报告单由计票人签名后", "有效。"]


def test_an_opening_quote_never_ends_a_line():
    text = "弃权的在“弃权”栏内画“○”"
    for width in range(4, len(text) + 1):
        for line in lines(text, width)[:-1]:
            assert line[-1] not in CANNOT_END, (width, line)


def test_a_lone_last_character_is_joined_by_the_one_before():
    # "…当选为示范镇人民代表大会主席。" with 13 a line would leave "席。" alone
    text = "张三得赞成票五十票当选为示范镇人民代表大会主席。"
    got = lines(text, 22)
    assert got[-1] != "席。" and len([ch for ch in got[-1] if ch not in CANNOT_START]) >= 2
    assert "".join(got) == text


def test_latin_words_and_numbers_stay_whole_and_newlines_break():
    got = lines("截至2026年12月5日共有在任代表 60 名\n合计", 8)
    assert all("202" not in line or "2026" in line for line in got)
    assert got[-1] == "合计"


@pytest.mark.parametrize("width", range(1, 30))
def test_no_line_breaks_the_rules_at_any_width(width):
    text = ("会议依照《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的有关规定，"
            "以无记名投票方式进行了选举（另选他人除外）。“同意”票：40票；满意率=（满意+基本满意）÷有效票。")
    got = lines(text, width)
    assert "".join(got) == text
    if width < 3:
        return          # one or two characters a line: a closing mark hangs, but the text is all there
    for line in got[1:]:
        assert line[0] not in CANNOT_START, (width, line)
    for line in got[:-1]:
        assert line[-1] not in CANNOT_END, (width, line)
