"""The sentence under the results table says what a clerk should do next."""

from desktop_app.domain.ballots import BallotEntry, ItemSpec, count
from desktop_app.ui.tally.results import outcome_text

SPEC = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=5, issued=5,
                candidates=("张三", "李四"))


def test_no_ballots_yet_is_not_reported_as_a_shortfall():
    assert outcome_text(count(SPEC, [])) == "尚未录入选票。"


def test_shortfall_after_counting_asks_for_a_further_election():
    result = count(SPEC, [BallotEntry(1, "Y-"), BallotEntry(2, "-Y")])
    assert outcome_text(result) == "当选：无；尚缺 1 名，需另行选举"


def test_elected_is_named():
    result = count(SPEC, [BallotEntry(i, "Y-") for i in range(1, 4)])
    assert outcome_text(result) == "当选：张三"


def test_words_follow_where_the_count_stands():
    from desktop_app.domain.counting import counting_of
    from desktop_app.ui.vote_outcome import alarming, hall_outcome_text

    spec = ItemSpec(code="1", name="选举副镇长", kind="选举", seats=2, total_deputies=5, issued=5,
                    candidates=("张三", "李四", "王五"))
    early = count(spec, [BallotEntry(i, "Y--") for i in (1, 2, 3)])     # 张三 3 of 5 deputies: past half
    counting = counting_of(issued=5, collected=5, entered=3)
    assert hall_outcome_text(early, counting) == "暂计，计票尚未完成，不是结果：目前同意票已过半数的候选人有 张三"
    assert not alarming(early, counting)
    done = count(spec, [BallotEntry(i, "Y--") for i in range(1, 6)])
    complete = counting_of(issued=5, collected=5, entered=5)
    assert hall_outcome_text(done, complete) == "当选：张三；尚缺 1 名，需另行选举（计票完成，待确认）"
    assert alarming(done, complete)
    certified = counting_of(issued=5, collected=5, entered=5, certified=True)
    assert hall_outcome_text(done, certified) == "当选：张三；尚缺 1 名，需另行选举"
    over = counting_of(issued=5, collected=2, entered=3)
    assert hall_outcome_text(early, over) == "已录入 3 张，多于收回票数 2 张，请核对（重复录入的选票请删除，或更正收回票数）。"
    too_many = count(spec, [BallotEntry(i, "Y--") for i in range(1, 7)])   # 6 ballots for 5 issued
    assert hall_outcome_text(too_many, counting_of(issued=5, collected=None, entered=6)).startswith("收回票数多于发出票数")
