"""扫描计票's pieces that need no scan: the queue's answers kept until a ballot is complete, the summary that
names every page, the folder's files in name order, an array shown as an image."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

import pytest

from desktop_app.ui.tally.scan.files import files_in
from desktop_app.ui.tally.scan.review_queue import PendingBallot, ReviewQueue, question_label
from desktop_app.ui.tally.scan.summary import summary_lines

Question = namedtuple("Question", "key kind option choice score note rect")
LAYOUT = {"boxes": [{"option": "新建农贸市场", "choice": c} for c in ("满意", "基本满意", "不满意")]}


def _ballot(scanned_id: int, serial: int, *questions) -> PendingBallot:
    return PendingBallot({"id": scanned_id, "serial": serial, "layout": LAYOUT}, {"code": "4", "name": "测评"},
                         list(questions))


def _queue() -> ReviewQueue:
    queue = ReviewQueue()
    queue.load([
        _ballot(1, 5, Question("张建国", "box", "张建国", None, 0.41, "笔迹很淡", None),
                Question("write_in:1", "write_in", None, None, None, "", None)),
        _ballot(2, 7, Question("新建农贸市场", "row", "新建农贸市场", None, None, "", None)),
        _ballot(3, 9),   # nothing to ask: not in the queue
    ])
    return queue


def test_a_ballot_is_handed_back_only_when_all_its_questions_are_answered():
    queue = _queue()
    assert len(queue) == 3 and queue.current == 0
    assert queue.answer("○") is None
    assert queue.current == 1 and queue.answers == {1: {"张建国": "○"}}
    done = queue.answer("")
    assert done is not None and done.id == 1 and queue.answers[1] == {"张建国": "○", "write_in:1": ""}


def test_back_takes_the_previous_answer_of_the_same_ballot_only():
    queue = _queue()
    queue.answer("×")
    assert queue.back() and queue.current == 0 and queue.answers[1] == {}
    assert not queue.back()


def test_reloading_keeps_the_answers_of_ballots_still_pending():
    queue = _queue()
    queue.answer("×")
    queue.load([_ballot(2, 7, Question("新建农贸市场", "row", "新建农贸市场", None, None, "", None)),
                _ballot(1, 5, Question("张建国", "box", "张建国", None, 0.41, "", None),
                        Question("write_in:1", "write_in", None, None, None, "", None))])
    assert queue.answers == {1: {"张建国": "×"}}
    assert queue.row().ballot.id == 1 and queue.row().question.key == "write_in:1"


def test_a_row_is_answered_with_its_words_and_abstain():
    ballot = _ballot(2, 7)
    question = Question("新建农贸市场", "row", "新建农贸市场", None, None, "", None)
    assert ballot.choices(question) == ["满意", "基本满意", "不满意", "弃权"]
    assert question_label(question) == "新建农贸市场（整行）"
    assert question_label(Question("write_in:2", "write_in", None, None, None, "", None)) == "另选人姓名栏 2"
    assert question_label(Question("表决|反对", "box", "表决", "反对", 0.4, "", None)) == "表决（反对）"


def test_the_summary_names_every_page_of_every_kind():
    lines = summary_lines({
        "pages": 12, "counted": 2, "pending": 1, "backup": "/b/扫描计票前.db",
        "ballots": [{"item": "1", "serial": 1, "page": 1, "review": False},
                    {"item": "1", "serial": 2, "page": 3, "review": True},
                    {"item": "1", "serial": 4, "page": 4, "review": False},
                    {"item": "1", "serial": 1, "page": 9, "review": False}],
        "blank_pages": [2, 5], "unreadable_pages": [6], "foreign_pages": [7, 8], "duplicate_pages": [9],
        "not_printed_serials": [61]})
    text = "\n".join(lines)
    assert lines[0] == "共读取 12 页：计入 2 张，待核 1 张。"
    assert "计入：第 1、4 页" in text          # the duplicate page 9 is not counted
    assert "待核：第 3 页" in text
    for words in ("空白页：第 2、5 页", "无法识别（没有找到选票编码）：第 6 页", "：第 7、8 页", "重复（该组已有此编号，未重复计入）：第 9 页",
                  "未印制的编号（超出印制数，未计入）：61", "/b/扫描计票前.db"):
        assert words in text


def test_a_folder_gives_its_scan_files_in_name_order(tmp_path: Path):
    for name in ("scan0002.JPG", "scan0001.pdf", "notes.txt", "scan0010.png", "b.tiff"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.pdf").mkdir()
    assert [p.name for p in files_in(tmp_path)] == ["b.tiff", "scan0001.pdf", "scan0002.JPG", "scan0010.png"]


@pytest.mark.gui
def test_an_opencv_array_becomes_an_image_of_the_same_pixels(qapp):
    np = pytest.importorskip("numpy")
    from desktop_app.ui.tally.scan.image_view import to_qimage

    bgr = np.zeros((20, 30, 3), np.uint8)
    bgr[:, :, 2] = 255   # red in OpenCV's BGR order
    image = to_qimage(bgr[:, :15])   # a slice: not contiguous
    assert (image.width(), image.height()) == (15, 20)
    assert image.pixelColor(3, 3).name() == "#ff0000"
    grey = to_qimage(np.full((4, 5), 128, np.uint8))
    assert grey.pixelColor(0, 0).red() == 128


def test_the_tally_page_and_the_scan_window_load_without_opencv():
    """OpenCV and NumPy load only once a scan is read or shown: the 计票 page opens as fast as before."""
    import subprocess
    import sys

    def loaded(modules: str) -> str:
        code = f"import sys; import {modules}; print(sorted(m for m in ('cv2', 'numpy') if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        return out.stdout.strip() or out.stderr

    assert loaded("desktop_app.ui.tally.scan.dialog, desktop_app.ui.tally.scan.image_window") == "[]"
    # (openpyxl, which the page's workbook import uses, loads NumPy itself when it is installed)
    assert loaded("desktop_app.ui.tally.page") in ("[]", "['numpy']")


@pytest.mark.gui
def test_the_answer_panel_maps_keys_per_question_and_backspace_in_an_empty_name_goes_back(qtbot):
    from PySide6.QtCore import Qt

    from desktop_app.ui.tally.scan.answer_panel import AnswerPanel

    panel = AnswerPanel()
    qtbot.addWidget(panel)
    ballot = _ballot(2, 7)
    panel.set_question(ballot, Question("张建国", "box", "张建国", None, 0.4, "", None))
    assert [b.text().split()[0] for b in panel.answer_buttons] == ["○", "×", "空"]
    assert [panel.answer_for_key(k) for k in (Qt.Key_O, Qt.Key_1, Qt.Key_X, Qt.Key_2, Qt.Key_Space, Qt.Key_3,
                                              Qt.Key_0, Qt.Key_5)] == ["○", "○", "×", "×", "空", "空", "空", None]
    panel.set_question(ballot, Question("新建农贸市场", "row", "新建农贸市场", None, 1.0, "", None))
    assert [panel.answer_for_key(k) for k in (Qt.Key_1, Qt.Key_2, Qt.Key_3, Qt.Key_0, Qt.Key_4, Qt.Key_O)] == [
        "满意", "基本满意", "不满意", "弃权", None, None]
    panel.set_question(ballot, Question("write_in:1", "write_in", "另选他人1", None, None, "", None))
    assert panel.answer_for_key(Qt.Key_O) is None and panel.name_edit.isVisibleTo(panel)
    with qtbot.waitSignal(panel.backRequested, timeout=1000):
        qtbot.keyClick(panel.name_edit, Qt.Key_Backspace)
    panel.name_edit.setText("王")
    with qtbot.waitSignal(panel.answered, timeout=1000) as answered:
        qtbot.keyClick(panel.name_edit, Qt.Key_Return)
    assert answered.args == ["王"]


@pytest.mark.gui
def test_the_checker_named_once_is_offered_the_next_time(qtbot, db, tmp_path):
    from desktop_app.db import sessions as sessions_db
    from desktop_app.db import transaction
    from desktop_app.ui.tally.scan.dialog import ScanDialog
    from desktop_app.ui.window_settings import WindowSettings

    with transaction.write(db):
        session = sessions_db.create_session(db, term_id=None, number=1, name="第一次会议", start_date="2026-01-10",
                                             total_deputies=40)
    settings = WindowSettings(tmp_path / "window.ini")
    first = ScanDialog(db, session, settings=settings)
    qtbot.addWidget(first)
    assert first.checker.text() == "" and first.queue_label.text() == "待核：没有"
    first.checker.setText(" 王监票 ")
    first.accept()
    again = ScanDialog(db, session, settings=WindowSettings(tmp_path / "window.ini"))
    qtbot.addWidget(again)
    assert again.checker.text() == "王监票"
