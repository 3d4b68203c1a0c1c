"""签到表: every deputy in a numbered row, and 应到/实到/请假/缺席 counts at the bottom."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from desktop_app.errors import InputError
from desktop_app.reports.pdf.sign_in import quorum_needed, render_sign_in_sheet, sign_in_counts

TITLE = "示范镇第十九届人民代表大会第一次会议"


def flat(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def rows(statuses):
    names = ["欧阳䶮", "王𠅤", "李喆", "赵堃", "钱七", "孙八"]
    return [{"name": names[i % len(names)] + ("" if i < len(names) else str(i)), "district": f"第{i % 3 + 1}选区",
             "status": s} for i, s in enumerate(statuses)]


def test_sheet_lists_deputies_and_counts(tmp_path):
    data = rows(["出席", "请假", "缺席", "出席", "出席", None])
    out = render_sign_in_sheet(TITLE, data, tmp_path / "s.pdf", date="2026-01-15")
    body = flat("".join(p.extract_text() for p in PdfReader(out).pages))
    assert f"{TITLE}代表签到表" in body
    assert "序号姓名选区签名备注" in body
    assert "1欧阳䶮第1选区" in body
    assert "2王𠅤第2选区请假" in body
    assert "3李喆第3选区缺席" in body
    assert "应到6名实到3名请假1名缺席1名" in body
    assert "即4名以上" in body
    assert "2026年1月15日" in body


def test_before_the_session_counts_are_left_for_handwriting(tmp_path):
    out = render_sign_in_sheet({"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议"},
                               rows([None] * 4), tmp_path / "s.pdf")
    body = flat(PdfReader(out).pages[0].extract_text())
    assert f"{TITLE}代表签到表" in body
    assert "应到4名实到＿＿＿名请假＿＿＿名" in body


def test_long_lists_run_over_pages_with_counts_on_the_last(tmp_path):
    data = rows(["出席"] * 55 + ["请假"] * 5)
    reader = PdfReader(render_sign_in_sheet(TITLE, data, tmp_path / "s.pdf"))
    assert len(reader.pages) >= 3
    texts = [flat(p.extract_text()) for p in reader.pages]
    assert all(t.count("序号姓名选区签名备注") == 1 for t in texts)  # header repeated on each page
    assert "应到60名实到55名请假5名缺席0名" in texts[-1]
    total = len(reader.pages)
    assert all(f"第{n}页共{total}页" in t for n, t in enumerate(texts, start=1))
    everything = "".join(texts)
    assert all(r["name"] in everything for r in data)


def test_bad_rows_name_the_row(tmp_path):
    with pytest.raises(InputError, match="第2行"):
        render_sign_in_sheet(TITLE, [{"name": "张三"}, {"name": ""}], tmp_path / "s.pdf")
    with pytest.raises(InputError, match="第1行（张三）的状态“迟到”"):
        render_sign_in_sheet(TITLE, [{"name": "张三", "status": "迟到"}], tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists()


def test_counts_and_quorum():
    assert sign_in_counts(rows(["出席", "请假", None])) == {
        "expected": 3, "present": 1, "leave": 1, "absent": 0, "recorded": True}
    assert quorum_needed(45) == 30 and quorum_needed(46) == 31 and quorum_needed(3) == 2
