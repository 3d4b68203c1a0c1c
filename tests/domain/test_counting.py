"""Where a count stands: complete only when the ballots entered equal the 收回票数; 收回 > 发出 voids it at once."""

from desktop_app.domain.counting import COMPLETE, COUNTING, NOT_COLLECTED, OVER_ENTERED, VOID, counting_of


def test_counting_until_every_returned_paper_is_entered():
    state = counting_of(issued=57, collected=57, entered=3)
    assert state.state == COUNTING and state.provisional and not state.complete and not state.may_certify
    assert state.progress_text == "计票中（已录入 3 / 收回 57）"
    done = counting_of(issued=57, collected=57, entered=57)
    assert done.state == COMPLETE and done.complete and done.may_certify
    assert done.progress_text == "计票完成（已录入 57 / 收回 57）"


def test_fewer_returned_than_issued_completes_at_the_returned_count():
    assert counting_of(issued=57, collected=55, entered=55).complete


def test_returned_not_typed_is_provisional_but_may_be_certified_as_before():
    state = counting_of(issued=57, collected=None, entered=57)
    assert state.state == NOT_COLLECTED and state.provisional and state.may_certify
    assert state.progress_text == "计票中（已录入 57 / 收回 未登记）"


def test_more_returned_than_issued_voids_the_vote_before_any_ballot():
    state = counting_of(issued=57, collected=58, entered=0)
    assert state.state == VOID and state.void and state.complete
    assert state.progress_text == "收回 58 张多于发出 57 张，本次投票无效"


def test_more_entered_than_returned_must_be_checked():
    state = counting_of(issued=57, collected=55, entered=56)
    assert state.state == OVER_ENTERED and not state.complete and not state.may_certify
    assert "多于收回票数 55 张" in state.progress_text


def test_a_certified_result_is_complete():
    assert counting_of(issued=57, collected=None, entered=50, certified=True).complete


def test_returned_over_issued_makes_the_count_invalid():
    from desktop_app.domain.ballots import BallotEntry, ItemSpec, count

    spec = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=9, issued=5,
                    candidates=("张三", "李四"), collected=6)
    result = count(spec, [BallotEntry(1, "Y-")])
    assert result["valid"] is False and result["elected"] == [] and result["further_seats"] == 0
    assert count(ItemSpec(**{**spec.__dict__, "collected": 5}), [BallotEntry(1, "Y-")])["valid"] is True
