"""The seal of a result: the same content gives the same seal in any order, any change gives another."""

from desktop_app.domain.ballots import BallotEntry, ItemSpec, count
from desktop_app.domain.seal import ballot_hash, recount, seal_of, sealed_content, short_form

SPEC = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=9, issued=9, candidates=("张三", "李四"))


def ballots(*marks):
    return [BallotEntry(serial=n, marks=m) for n, m in enumerate(marks, start=1)]


def content(*marks):
    entries = ballots(*marks)
    return sealed_content(SPEC, entries, count(SPEC, entries))


def test_short_form_is_four_groups_of_the_first_sixteen_hex_digits():
    assert short_form("574a471bc16288d4" + "0" * 48) == "574A-471B-C162-88D4"
    assert short_form(None) == ""


def test_the_seal_ignores_serials_and_entry_order_but_not_a_mark():
    a = content("Y-", "Y-", "-Y", "YN", "Y-")
    b = content("Y-", "YN", "Y-", "-Y", "Y-")
    assert seal_of(a) == seal_of(b)
    assert seal_of(content("Y-", "Y-", "-Y", "YN", "N-")) != seal_of(a)
    issued = ItemSpec(**{**SPEC.__dict__, "issued": 10})
    entries = ballots("Y-", "Y-", "-Y", "YN", "Y-")
    assert seal_of(sealed_content(issued, entries, count(issued, entries))) != seal_of(a)


def test_a_ballot_hash_covers_every_field_of_the_row():
    base = ballot_hash(1, 1, 7, "Y-", [], False, None)
    assert base == ballot_hash(1, 1, 7, "Y-", (), 0, "")
    assert len({base, ballot_hash(2, 1, 7, "Y-", [], False, None), ballot_hash(1, 2, 7, "Y-", [], False, None),
                ballot_hash(1, 1, 8, "Y-", [], False, None), ballot_hash(1, 1, 7, "N-", [], False, None),
                ballot_hash(1, 1, 7, "Y-", ["王五"], False, None), ballot_hash(1, 1, 7, "Y-", [], True, None),
                ballot_hash(1, 1, 7, "Y-", [], True, "无法辨认")}) == 8


def test_recount_finds_ballots_that_no_longer_give_the_sealed_result():
    sealed = content("Y-", "Y-", "Y-", "Y-", "Y-", "-Y")
    assert recount(sealed, seal_of(sealed)).seal_matches and recount(sealed, seal_of(sealed)).result_matches
    forged = {**sealed, "ballots": [["-Y", [], False]] * 6}
    again = recount(forged, seal_of(sealed))
    assert not again.seal_matches and not again.result_matches
    assert "当选/入选封存时为 张三，现为 李四" in again.differences
