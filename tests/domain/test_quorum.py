"""Quorum: two thirds or more of all deputies (以上 includes the number itself)."""

import pytest

from desktop_app.domain.quorum import quorum_met, quorum_message, quorum_needed


@pytest.mark.parametrize(
    "present,total,met",
    [(30, 45, True), (29, 45, False), (31, 46, True), (30, 46, False), (2, 3, True), (1, 3, False), (0, 0, True), (45, 45, True)],
)
def test_quorum_met(present, total, met):
    assert quorum_met(present, total) is met
    assert (quorum_message(present, total) is None) is met


@pytest.mark.parametrize("total,needed", [(45, 30), (46, 31), (47, 32), (48, 32), (3, 2), (1, 1), (0, 0)])
def test_quorum_needed_is_the_smallest_present_that_meets_it(total, needed):
    assert quorum_needed(total) == needed
    assert quorum_met(needed, total) and (needed == 0 or not quorum_met(needed - 1, total))


def test_message_names_the_numbers():
    assert quorum_message(29, 45) == "实到 29 人，不足全体代表 45 人的三分之二（至少需要 30 人），不能举行会议或进行表决"


def test_negative_numbers_are_refused():
    with pytest.raises(ValueError):
        quorum_met(-1, 45)
