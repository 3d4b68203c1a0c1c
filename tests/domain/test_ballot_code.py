"""The ballot code's text: what the printer writes, the reader gets back; anything else is not ours."""

from __future__ import annotations

import pytest

from desktop_app.domain.ballot_code import BallotCode, decode, encode, layout_hash, layout_tag

UID = "a69e21e8f8774817ee7be0f3b8985940"


def test_round_trip_keeps_every_field():
    code = BallotCode(uid=UID, rehearsal=True, serial=61, layout_tag="A5LL", layout_hash="0F3A")
    text = encode(code)
    assert text == "RDB1:A69E21E8F8774817EE7BE0F3B8985940:R:00061:A5LL:0F3A"
    assert decode(text) == code
    assert (code.paper, code.orientation, code.stub_side) == ("A5", "landscape", "left")


@pytest.mark.parametrize("text", ["", "hello", "RDB1:XYZ:F:00001:A4PT:0000",
                                  "RDB1:A69E21E8F8774817EE7BE0F3B8985940:F:1:A4PT:0000",
                                  "RDB2:A69E21E8F8774817EE7BE0F3B8985940:F:00001:A4PT:0000"])
def test_foreign_texts_are_not_ballot_codes(text):
    assert decode(text) is None


def test_serial_out_of_range_is_refused():
    with pytest.raises(ValueError):
        encode(BallotCode(uid=UID, rehearsal=False, serial=100000, layout_tag="A4PT", layout_hash="0000"))


def test_tag_and_hash():
    assert layout_tag("A4", "portrait", "top") == "A4PT"
    assert layout_tag("A4", "landscape", "left") == "A4LL"
    one = layout_hash([(10.0, 20.0, 25.0, 15.0)])
    assert one == layout_hash([(10.04, 20.0, 25.0, 15.0)]) and one != layout_hash([(10.2, 20.0, 25.0, 15.0)])
