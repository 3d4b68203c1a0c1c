"""Result documents: figures and outcomes in the text, 草稿/正式 in text and file names, the official frame."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from desktop_app.errors import InputError
from desktop_app.reports.pdf.session_reports import (
    render_announcement,
    render_tally_report,
    render_vote_result,
    result_file_name,
    votes_needed,
)


def flat(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def text_of(path) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(path).pages))


def ctx(**kw) -> dict:
    base = {"township": "示范镇", "session_name": "第十九届人民代表大会第一次会议", "date": "2026-01-15",
            "place": "镇政府大会议室", "certified": False, "present": 43,
            "signers": {"计票人": "王五、赵六", "监票人": "钱七", "总监票人": "孙八"}}
    base.update(kw)
    return base


def entry(name, agree, oppose=0, abstain=0, write_in=False):
    return {"name": name, "agree": agree, "oppose": oppose, "abstain": abstain, "write_in": write_in}


def item(kind="选举", **kw) -> dict:
    base = {"id": "1", "name": "选举镇长", "type": kind, "seats": 1, "total_deputies": 45, "issued": 43,
            "returned": 43, "valid": True, "valid_ballots": 42, "invalid_ballots": 1,
            "results": [entry("欧阳䶮", 40, 1, 1), entry("王𠅤", 2, 30, 10), entry("李喆", 1, write_in=True)],
            "elected": ["欧阳䶮"], "tied": [], "further_seats": 0, "adopted": None, "satisfaction": None}
    base.update(kw)
    return base


def test_tally_report_shows_figures_votes_outcome_and_signature_lines(tmp_path):
    out = render_tally_report(item(), ctx(), tmp_path / "r.pdf")
    body = text_of(out)
    assert "示范镇第十九届人民代表大会第一次会议" in body
    assert "计票结果报告单（草稿）" in body
    assert "事项：选举镇长" in body
    # 应到 45, 实到 43, 发出 43, 收回 43, 有效 42, 无效 1 in the figures row
    assert "45434343421" in body
    assert "欧阳䶮4011当选" in body
    assert "王𠅤23010未当选" in body
    assert "李喆（另选他人）100未当选" in body
    assert "23票以上" in body
    assert "欧阳䶮当选为示范镇人民政府镇长" in body
    for label in ("计票人：王五、赵六", "监票人：钱七", "总监票人：孙八"):
        assert label in body
    assert "2026年1月15日" in body
    assert "草稿" in body and "正式" not in body


def test_tally_report_of_a_tie_and_a_further_election(tmp_path):
    result = item(name="选举副镇长", seats=3,
                  results=[entry("赵堃", 38), entry("钱七", 30), entry("孙八", 30), entry("周九", 30)],
                  elected=["赵堃"], tied=["钱七", "孙八", "周九"])
    body = text_of(render_tally_report(result, ctx(), tmp_path / "t.pdf"))
    assert body.count("需重新投票") >= 3
    assert "需就剩余的2个名额重新投票" in body

    short = item(name="选举副镇长", seats=2, results=[entry("赵堃", 38), entry("钱七", 20)], elected=["赵堃"],
                 further_seats=1)
    body = text_of(render_tally_report(short, ctx(), tmp_path / "f.pdf"))
    assert "另行选举1名" in body
    assert "钱七20" in body and "未当选" in body


def test_invalid_vote_is_reported_for_a_new_vote(tmp_path):
    result = item(returned=44, valid=False, elected=[])
    body = text_of(render_tally_report(result, ctx(), tmp_path / "i.pdf"))
    assert "本次投票无效" in body and "须重新投票" in body
    assert "当选为" not in body


def test_certified_documents_say_final_and_never_draft(tmp_path):
    body = text_of(render_tally_report(item(), ctx(certified=True), tmp_path / "x.pdf"))
    assert "正式" in body and "草稿" not in body                 # the 报告单 is filed: it says which it is
    body = text_of(render_tally_report(item(), ctx(certified=False), tmp_path / "y.pdf"))
    assert "草稿" in body and "正式" not in body


def test_posted_documents_carry_no_status_tag_and_drafts_keep_their_watermark(tmp_path):
    motion = item("表决", name="关于工作报告的决议", seats=None, results=[entry("关于工作报告的决议", 40, 2, 1)],
                  elected=[], adopted=True)
    for render, result in ((render_announcement, [item()]), (render_vote_result, motion)):
        body = text_of(render(result, ctx(certified=True), tmp_path / "x.pdf"))
        assert "正式" not in body and "草稿" not in body and "【" not in body
        body = text_of(render(result, ctx(certified=False), tmp_path / "y.pdf"))
        assert "（草稿）" in body and body.count("草稿") >= 2 and "正式" not in body   # title and watermark


def test_file_names_say_draft_or_final():
    assert result_file_name("计票结果报告单", "选举镇长", False) == "计票结果报告单-选举镇长-草稿.pdf"
    assert result_file_name("选举结果公告", "选举镇长", True) == "选举结果公告-选举镇长-正式.pdf"
    assert result_file_name("表决结果", "关于A/B的决议?", True) == "表决结果-关于A_B的决议_-正式.pdf"


def test_announcement_lists_who_was_elected_in_the_official_frame(tmp_path):
    vice = item(id="2", name="选举副镇长", seats=2, results=[entry("赵堃", 38), entry("钱七", 36)],
                elected=["赵堃", "钱七"])
    out = render_announcement([item(), vice], ctx(), tmp_path / "a.pdf")
    body = text_of(out)
    assert "示范镇第十九届人民代表大会第一次会议选举结果公告（草稿）" in body
    assert "于2026年1月15日在镇政府大会议室举行" in body
    assert "应到代表45名，实到代表43名，符合法定人数" in body
    assert "欧阳䶮（得赞成票40票）当选为示范镇人民政府镇长" in body
    assert "赵堃（得赞成票38票）、钱七（得赞成票36票）当选为示范镇人民政府副镇长" in body
    assert "特此公告" in body
    assert "示范镇第十九届人民代表大会第一次会议主席团2026年1月15日" in body
    assert "—1—" in body  # GB/T 9704 page number
    page = PdfReader(out).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((595.3, 841.9), abs=0.2)


def test_announcement_uses_the_post_given_in_context(tmp_path):
    body = text_of(render_announcement([item()], ctx(posts={"选举镇长": "示范镇镇长"}), tmp_path / "a.pdf"))
    assert "当选为示范镇镇长" in body


def test_motion_result_adopted_and_not_adopted(tmp_path):
    motion = "关于示范镇人民政府工作报告的决议"
    adopted = item("表决", name=motion, seats=None, results=[entry(motion, 40, 2, 1)], elected=[], adopted=True)
    body = text_of(render_vote_result(adopted, ctx(), tmp_path / "m.pdf"))
    assert "表决结果（草稿）" in body
    assert "赞成40票，反对2票，弃权1票" in body
    assert "获得通过" in body
    rejected = dict(adopted, results=[entry(motion, 22, 20, 1)], adopted=False)
    body = text_of(render_vote_result(rejected, ctx(), tmp_path / "n.pdf"))
    assert "未超过全体代表的半数" in body and "未获通过" in body


def test_project_vote_result_lists_chosen_projects_in_order(tmp_path):
    projects = [f"示范村{i}组道路硬化工程" for i in range(1, 13)]
    result = item("票决", name="2027年民生实事项目票决", seats=10,
                  results=[entry(p, 40 - i, i, 2) for i, p in enumerate(projects)],
                  elected=projects[:10])
    body = text_of(render_vote_result(result, ctx(), tmp_path / "p.pdf"))
    assert "票决结果（草稿）" in body
    listed = [body.index(f"{n}.{p}（同意{40 - n + 1}票）") for n, p in enumerate(projects[:10], start=1)]
    assert listed == sorted(listed)
    assert "示范村12组道路硬化工程29112未入选" in body


def test_satisfaction_result_shows_rates_as_percentages(tmp_path):
    sat = [{"name": "农村道路硬化", "satisfied": 30, "basically_satisfied": 8, "unsatisfied": 3, "abstain": 1,
            "rate": 0.9048},
           {"name": "中心小学食堂", "satisfied": 20, "basically_satisfied": 10, "unsatisfied": 12, "abstain": 0,
            "rate": 0.7143}]
    result = item("测评", name="2025年民生实事项目满意度测评", seats=None,
                  results=[entry(s["name"], 38, 3, 1) for s in sat], elected=[], satisfaction=sat)
    body = text_of(render_vote_result(result, ctx(), tmp_path / "s.pdf"))
    assert "测评结果（草稿）" in body
    assert "农村道路硬化308319048%" in body.replace(".", "")
    assert "90.48%" in body and "71.43%" in body


def test_a_real_count_renders(tmp_path):
    from desktop_app.domain.ballots import BallotEntry, ItemSpec, count

    spec = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=5, issued=5,
                    allow_write_in=True, candidates=("欧阳䶮", "王𠅤"))
    ballots = [BallotEntry(1, "YN"), BallotEntry(2, "YN"), BallotEntry(3, "Y-"), BallotEntry(4, "NY"),
               BallotEntry(5, "YY")]
    result = count(spec, ballots)
    body = text_of(render_tally_report(result, ctx(present=5), tmp_path / "r.pdf"))
    assert "555541" in body  # 应到, 实到, 发出, 收回, 有效 (the YY ballot is over-marked), 无效
    assert "欧阳䶮310当选" in body and "王𠅤121未当选" in body
    assert "3票以上" in body


def test_malformed_result_is_a_clear_message(tmp_path):
    with pytest.raises(InputError, match="缺少字段"):
        render_tally_report({"name": "选举镇长", "type": "选举"}, ctx(), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_votes_needed_is_more_than_half_of_all_deputies():
    assert votes_needed(45) == 23
    assert votes_needed(44) == 23  # exactly half (22) is not enough
