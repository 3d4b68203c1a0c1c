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
