"""The scrutineers' questions for a scanned ballot and the ballot their answers make."""

from __future__ import annotations

import pytest

from desktop_app.domain.ballots import BallotEntry, ItemSpec
from desktop_app.domain.scan_review import entry, questions, unanswered


def _box(option, choice, x, y=100.0):
    return {"option": option, "choice": choice, "x_mm": x, "y_mm": y, "w_mm": 20.0, "h_mm": 14.0}


ELECTION = {"page_mm": [210, 297], "kind": "选举", "ballot": {"x_mm": 0, "y_mm": 39, "w_mm": 210, "h_mm": 258},
            "boxes": [_box("张三", None, 50), _box("李四", None, 70), _box("王五", None, 90),
                      _box("另选他人1", None, 110, 150), _box("另选他人2", None, 130, 150)],
            "write_ins": [{"x_mm": 110, "y_mm": 130, "w_mm": 20, "h_mm": 16},
                          {"x_mm": 130, "y_mm": 130, "w_mm": 20, "h_mm": 16}]}
ELECTION_SPEC = ItemSpec("1", "选举", "选举", 2, 40, 40, allow_write_in=True, candidates=("张三", "李四", "王五"))


def _rating_layout():
    boxes = []
    for row, project in enumerate(("道路", "路灯")):
        for col, choice in enumerate(("满意", "基本满意", "不满意")):
            boxes.append(_box(project, choice, 100 + 20 * col, 100 + 14 * row))
    return {"page_mm": [210, 297], "kind": "测评", "ballot": {}, "boxes": boxes, "write_ins": []}


RATING_SPEC = ItemSpec("4", "测评", "测评", None, 40, 40, candidates=("道路", "路灯"))


def test_an_election_ballot_asks_its_doubtful_box_and_each_write_in_field():
    reading = {"marks": {"张三": "同意", "李四": "待核", "王五": "反对", "另选他人1": "弃权", "另选他人2": "弃权"},
               "scores": {"张三": 1.0, "李四": 0.41, "王五": 1.0, "另选他人1": 0.0, "另选他人2": 0.0},
               "notes": {"李四": "笔迹很淡或很小"}, "write_in_ink": True, "valid": None, "review": True}
    asked = questions("选举", reading, ELECTION)
    assert [(q.key, q.kind) for q in asked] == [("李四", "box"), ("write_in:1", "write_in"), ("write_in:2", "write_in")]
    assert asked[0].score == 0.41 and asked[0].note == "笔迹很淡或很小"
    assert asked[0].rect == {"x_mm": 70, "y_mm": 100.0, "w_mm": 20.0, "h_mm": 14.0}
    assert asked[1].rect == ELECTION["write_ins"][0]
    with pytest.raises(ValueError, match="李四"):
        entry(ELECTION_SPEC, 7, reading, {"write_in:1": "", "write_in:2": ""}, ELECTION)
    made = entry(ELECTION_SPEC, 7, reading, {"李四": "×", "write_in:1": " 赵 六 ", "write_in:2": ""}, ELECTION)
    assert made == BallotEntry(7, "YNN", ("赵 六",))
    assert [q.key for q in unanswered("选举", reading, ELECTION, {"李四": "○"})] == ["write_in:1", "write_in:2"]


def test_a_box_answer_must_be_one_of_the_three():
    reading = {"marks": {"张三": "待核", "李四": "弃权", "王五": "弃权", "另选他人1": "弃权", "另选他人2": "弃权"},
               "scores": {"张三": 0.5}, "notes": {"张三": "符号不清"}, "write_in_ink": False}
    with pytest.raises(ValueError, match="○、× 或 空"):
        entry(ELECTION_SPEC, 1, reading, {"张三": "同意"}, ELECTION)
    assert entry(ELECTION_SPEC, 1, reading, {"张三": "空"}, ELECTION).marks == "---"


def test_a_rating_row_with_one_doubtful_box_asks_the_box_and_one_read_twice_asks_the_row():
    layout = _rating_layout()
    reading = {"marks": {"道路": "待核", "路灯": "多选"},
               "scores": {"道路|满意": 0.0, "道路|基本满意": 0.7, "道路|不满意": 0.0,
                          "路灯|满意": 1.0, "路灯|基本满意": 0.0, "路灯|不满意": 1.0},
               "notes": {"道路|基本满意": "画了“×”"}, "write_in_ink": False}
    asked = questions("测评", reading, layout)
    assert [(q.key, q.kind) for q in asked] == [("道路|基本满意", "box"), ("路灯", "row")]
    assert asked[1].rect == {"x_mm": 100, "y_mm": 114.0, "w_mm": 60.0, "h_mm": 14.0}
    with pytest.raises(ValueError, match="满意、基本满意、不满意、弃权"):
        entry(RATING_SPEC, 3, reading, {"道路|基本满意": "○", "路灯": "同意"}, layout)
    assert entry(RATING_SPEC, 3, reading, {"道路|基本满意": "○", "路灯": "不满意"}, layout).marks == "BU"
    assert entry(RATING_SPEC, 3, reading, {"道路|基本满意": "空", "路灯": "弃权"}, layout).marks == "--"


def test_a_doubt_beside_a_sure_mark_is_asked_as_the_whole_row():
    layout = _rating_layout()
    reading = {"marks": {"道路": "待核", "路灯": "满意"},
               "scores": {"道路|满意": 1.0, "道路|基本满意": 0.4, "道路|不满意": 0.0, "路灯|满意": 1.0},
               "notes": {"道路|基本满意": "笔迹很淡或很小"}, "write_in_ink": False}
    asked = questions("测评", reading, layout)
    assert [(q.key, q.kind) for q in asked] == [("道路", "row")]
    assert "基本满意" in asked[0].note
    assert entry(RATING_SPEC, 1, reading, {"道路": "满意"}, layout).marks == "SS"


def test_a_motion_with_a_doubtful_box_answered_as_a_second_mark_is_void():
    layout = {"page_mm": [210, 297], "kind": "表决", "ballot": {}, "write_ins": [],
              "boxes": [_box("表决", "同意", 40), _box("表决", "反对", 80), _box("表决", "弃权", 120)]}
    spec = ItemSpec("2", "决议", "表决", None, 40, 40)
    reading = {"marks": {"表决": "待核"}, "scores": {"表决|同意": 1.0, "表决|反对": 0.45, "表决|弃权": 0.0},
               "notes": {"表决|反对": "笔迹很淡或很小"}, "write_in_ink": False}
    assert [q.key for q in questions("表决", reading, layout)] == ["表决|反对"]
    assert entry(spec, 2, reading, {"表决|反对": "空"}, layout) == BallotEntry(2, "Y")
    assert entry(spec, 2, reading, {"表决|反对": "○"}, layout).void


def test_a_clean_reading_has_no_question_and_makes_its_ballot():
    reading = {"marks": {"张三": "同意", "李四": "同意", "王五": "弃权", "另选他人1": "同意", "另选他人2": "弃权"},
               "scores": {}, "write_in_ink": False, "valid": True, "review": False}
    assert questions("选举", reading, ELECTION) == []
    assert entry(ELECTION_SPEC, 9, reading, {}, ELECTION) == BallotEntry(9, "YY-")


def test_only_the_write_in_fields_the_reader_saw_ink_in_are_asked():
    layout = {**ELECTION, "write_ins": [{**ELECTION["write_ins"][0], "ink": False},
                                        {**ELECTION["write_ins"][1], "ink": True}]}
    reading = {"marks": {"张三": "同意", "李四": "弃权", "王五": "弃权", "另选他人1": "弃权", "另选他人2": "同意"},
               "scores": {}, "write_in_ink": True, "valid": None, "review": True}
    asked = questions("选举", reading, layout)
    assert [q.key for q in asked] == ["write_in:2"]
    assert asked[0].rect == ELECTION["write_ins"][1]
    assert entry(ELECTION_SPEC, 4, reading, {"write_in:2": "孙明"}, layout) == BallotEntry(4, "Y--", ("孙明",))
