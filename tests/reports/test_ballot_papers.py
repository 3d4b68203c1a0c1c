"""Ballot papers: serials on ballot and stub, every name (rare characters too), instructions, paper sizes."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from desktop_app.errors import InputError
from desktop_app.reports.pdf.ballot_papers import BallotPaper, default_instructions, missing_glyphs, render_ballots
from desktop_app.reports.pdf.session_common import Cancelled

TITLE = "示范镇第十九届人民代表大会第一次会议"
RARE = ["欧阳䶮", "王𠅤", "李喆", "赵堃", "钱七"]
SERIAL = re.compile(r"No\.\s*(\d+)")


def flat(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def election(**kw) -> BallotPaper:
    values = dict(title=TITLE, item_name="选举副镇长", kind="选举", candidates=RARE, seats=2, allow_write_in=True,
                  copies=12)
    values.update(kw)
    return BallotPaper(**values)


def test_each_page_has_its_serial_on_ballot_and_stub(tmp_path):
    out = render_ballots(election(), tmp_path / "b.pdf")
    texts = pages(out)
    assert len(texts) == 12
    for number, text in enumerate(texts, start=1):
        assert SERIAL.findall(text) == [f"{number:03d}", f"{number:03d}"]


def test_serials_are_padded_to_the_width_of_the_last(tmp_path):
    out = render_ballots(election(), tmp_path / "b.pdf", first=998, last=1000)
    texts = pages(out)
    assert [SERIAL.findall(t) for t in texts] == [["0998"] * 2, ["0999"] * 2, ["1000"] * 2]


def test_every_candidate_name_prints_including_rare_characters(tmp_path):
    out = render_ballots(election(), tmp_path / "b.pdf", last=2)
    for text in pages(out):
        body = flat(text)
        for name in RARE:
            assert name in body
        assert "另选他人" in body and "印章处" in body and "存根" in body


def test_default_election_instructions_are_printed_word_for_word(tmp_path):
    paper = election(seats=1, copies=1)
    body = flat(pages(render_ballots(paper, tmp_path / "b.pdf"))[0])
    assert "本选票应选1名，对候选人可以投赞成票，可以投反对票，可以弃权。" in body
    assert ("赞成的在姓名下方空格内画“○”，反对的画“×”，弃权的不画；另选他人的，在另选人空格内写上姓名"
            "并在其下方空格内画“○”。") in body
    assert "所选人数等于或少于应选人数的为有效票，多于应选人数的为无效票。" in body
    assert "请用黑色笔填写，字迹清楚，不得涂改。" in body


def test_without_write_ins_there_is_no_write_in_section():
    text = default_instructions("选举", 1, False, 2)
    assert "另选" not in text
    paper = election(allow_write_in=False)
    assert "另选" not in paper.instruction_text()


def test_custom_instructions_replace_the_default(tmp_path):
    paper = election(instructions="1. 本选票只能选一名候选人。\n2. 请在姓名下画圈。", copies=1)
    body = flat(pages(render_ballots(paper, tmp_path / "b.pdf"))[0])
    assert "本选票只能选一名候选人。" in body and "请在姓名下画圈。" in body
    assert "应选2名" not in body


def test_motion_ballot_has_agree_oppose_abstain(tmp_path):
    paper = BallotPaper(TITLE, "关于批准示范镇人民政府工作报告的决议（草案）", "表决", copies=2)
    body = flat(pages(render_ballots(paper, tmp_path / "m.pdf"))[0])
    assert "表决票" in body
    assert "关于批准示范镇人民政府工作报告的决议（草案）" in body
    assert body.index("赞成") < body.index("反对") < body.index("弃权")


def test_project_vote_lists_projects_with_columns_and_limit(tmp_path):
    projects = [f"示范村第{i}组道路硬化及农村饮水安全巩固提升工程（惠及群众约{i * 300}人）" for i in range(1, 13)]
    paper = BallotPaper(TITLE, "2027年民生实事项目票决", "票决", projects, seats=10, copies=1)
    body = flat(pages(render_ballots(paper, tmp_path / "p.pdf"))[0])
    assert "同意的项目不得超过10项" in body
    assert "同意" in body and "不同意" in body and "弃权" in body
    positions = [body.index(flat(p)) for p in projects]  # long names wrap but every one prints, in order
    assert positions == sorted(positions)


def test_satisfaction_ballot_has_three_ratings(tmp_path):
    paper = BallotPaper(TITLE, "2025年民生实事项目满意度测评", "测评", ["农村道路硬化", "中心小学食堂"], copies=1)
    body = flat(pages(render_ballots(paper, tmp_path / "s.pdf"))[0])
    assert "测评票" in body and "满意" in body and "基本满意" in body and "不满意" in body
    assert "农村道路硬化" in body and "中心小学食堂" in body


@pytest.mark.parametrize(
    "paper_name, orientation, size",
    [("A4", "portrait", (595.3, 841.9)), ("A4", "landscape", (841.9, 595.3)),
     ("A5", "portrait", (419.5, 595.3)), ("A5", "landscape", (595.3, 419.5))],
)
def test_paper_sizes(tmp_path, paper_name, orientation, size):
    out = render_ballots(election(paper=paper_name, orientation=orientation, copies=2), tmp_path / "b.pdf")
    reader = PdfReader(out)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.2)
        assert SERIAL.findall(page.extract_text())  # stub and ballot serial on every size
        assert "欧阳䶮" in flat(page.extract_text())


def test_many_candidates_wrap_onto_several_rows(tmp_path):
    names = [f"候选人{chr(0x4E00 + i)}" for i in range(14)]
    body = flat(pages(render_ballots(election(candidates=names, seats=7, copies=1), tmp_path / "b.pdf"))[0])
    assert all(name in body for name in names)


def test_too_many_projects_for_a5_is_a_clear_message(tmp_path):
    projects = [f"第{i}个民生实事项目，名称很长很长很长很长很长很长很长很长很长很长" for i in range(60)]
    paper = BallotPaper(TITLE, "票决", "票决", projects, seats=10, paper="A5", copies=1)
    with pytest.raises(InputError, match="放不下"):
        render_ballots(paper, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_progress_reports_every_page(tmp_path):
    calls = []
    render_ballots(election(copies=5), tmp_path / "b.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 5) for i in range(1, 6)]


def test_cancel_leaves_no_file_and_keeps_an_old_one(tmp_path):
    target = tmp_path / "b.pdf"
    target.write_bytes(b"old")
    seen = []

    def cancel():
        seen.append(1)
        return len(seen) > 3

    with pytest.raises(Cancelled):
        render_ballots(election(copies=50), target, cancel=cancel)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"candidates": ["张三", "张三"]}, "重复"),
        ({"candidates": ["张三", " "]}, "第2个"),
        ({"candidates": []}, "名单"),
        ({"kind": "推选"}, "选票类型"),
        ({"paper": "B5"}, "纸张"),
        ({"seats": 0}, "应选人数"),
        ({"copies": 0}, "份数"),
    ],
)
def test_bad_ballot_descriptions_are_refused(changes, message):
    with pytest.raises(InputError, match=message):
        election(**changes)


def test_bad_serial_range_is_refused(tmp_path):
    with pytest.raises(InputError, match="编号范围"):
        render_ballots(election(), tmp_path / "b.pdf", first=5, last=3)
    assert not (tmp_path / "b.pdf").exists()


def test_missing_glyphs_lists_only_unprintable_characters():
    assert missing_glyphs(election()) == []
    unprintable = "\U0010FFFD"  # a private-use code point no font draws
    assert missing_glyphs(election(candidates=["张三", "李" + unprintable])) == [unprintable]
