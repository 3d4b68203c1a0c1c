"""扫描计票 in the GUI: a scanned deck read through the dialog's own 选择扫描文件…, every 待核 question decided
with the keys, and then each item counts what the deck's expectations say; certification refused while a
ballot is pending; a scanned ballot opened as its image from the 计票 page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.db import ballots as ballots_db
from desktop_app.db import scans as scans_db
from desktop_app.db import transaction
from desktop_app.db import vote_items as items_db
from desktop_app.domain import ballots as rules
from desktop_app.errors import UserError
from desktop_app.ops import vote_items as item_ops
from desktop_app.ui.tally.scan import dialog as scan_dialog
from desktop_app.ui.tally.scan import files as scan_files

import deck as deck_module

pytestmark = [pytest.mark.gui, pytest.mark.slow]

SEED = 1   # a tuning seed: its deck has 待核 boxes in 票决 and 测评 rows and ink in a 选举 write-in field
VOTE = {"同意": rules.AGREE, "反对": rules.OPPOSE, "弃权": rules.ABSTAIN}
RATING = {"满意": rules.SATISFIED, "基本满意": rules.BASICALLY_SATISFIED, "不满意": rules.UNSATISFIED,
          "弃权": rules.ABSTAIN}
DOUBT = (deck_module.REVIEW, "多选")
BOX_KEYS = {"○": Qt.Key_O, "×": Qt.Key_X, "空": Qt.Key_Space}


def settled(word: str) -> str:
    """What the scrutineers make of a box or row the deck marked doubtfully by design (a blob, a correction,
    a × in a choice box, two columns of a row): not a vote — 弃权."""
    return "弃权" if word in DOUBT else word


def answer(question, expected: deck_module.Expected) -> str:
    """The scrutineers' answer, looking at the paper: what the deck drew there."""
    if question.kind == "write_in":
        return ""   # the deck scribbles, it writes no name
    word = settled(expected.marks[question.option])
    if question.kind == "row":
        return word
    if question.choice is None:
        return {"同意": "○", "反对": "×", "弃权": "空"}[word]
    return "○" if word == question.choice else "空"


def expected_entry(kind: str, spec: rules.ItemSpec, expected: deck_module.Expected) -> rules.BallotEntry:
    """The ballot as the deck marked it, its doubts settled as ``settled`` says."""
    marks = expected.marks
    if kind == "表决":
        if marks["表决"] == "多选":
            return rules.BallotEntry(expected.serial, "", void=True)   # two boxes marked: 作废, as its 说明 says
        return rules.BallotEntry(expected.serial, VOTE[settled(marks["表决"])])
    words = RATING if kind == "测评" else VOTE
    return rules.BallotEntry(expected.serial, "".join(words[settled(marks[c])] for c in spec.candidates))


@pytest.fixture
def scanned(db, session, tmp_path):
    """The small deck of SEED, with every item's issued ballots set (certification needs them)."""
    deck = deck_module.make_deck(db, session, tmp_path / "deck", seed=SEED)
    with transaction.write(db):
        for kind in deck_module.KINDS:
            count = sum(1 for e in deck.ballots if e.item == items_db.get_item(db, session[kind])["code"])
            items_db.update_item(db, session[kind], issued=count)
    return deck


def press(qtbot, dialog: scan_dialog.ScanDialog, value: str) -> None:
    """Give ``value`` for the question shown, with the keys a scrutineer uses."""
    row = dialog.queue.row()
    if row.question.kind == "write_in":
        assert dialog.panel.name_edit.isVisible() and dialog.panel.name_edit.hasFocus()
        qtbot.keyClicks(dialog.panel.name_edit, value)
        qtbot.keyClick(dialog.panel.name_edit, Qt.Key_Return)
    elif row.question.kind == "row":
        words = [w for w in row.ballot.choices(row.question) if w != "弃权"]
        qtbot.keyClick(dialog.image, Qt.Key_0 if value == "弃权" else getattr(Qt, f"Key_{words.index(value) + 1}"))
    else:
        qtbot.keyClick(dialog.image, BOX_KEYS[value])


def open_dialog(db, session, qtbot, monkeypatch, deck) -> scan_dialog.ScanDialog:
    dialog = scan_dialog.ScanDialog(db, session["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    monkeypatch.setattr(scan_files.QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(f) for f in deck.files], "")))
    qtbot.mouseClick(dialog.files_button, Qt.LeftButton)
    qtbot.waitUntil(dialog.isActiveWindow)   # the progress window has closed
    return dialog


def test_every_pending_question_decided_with_the_keys_gives_the_decks_count(db, session, scanned, qtbot,
                                                                            monkeypatch):
    deck = scanned
    dialog = open_dialog(db, session, qtbot, monkeypatch, deck)
    summary = dialog.summary.toPlainText()
    assert f"共读取 {len(deck.page_names)} 页" in summary
    for pages in (deck.blank_pages, deck.unreadable_pages, deck.foreign_pages, deck.duplicate_pages):
        assert f"第 {'、'.join(map(str, pages))} 页" in summary
    pending = scans_db.pending(db, session_id=session["id"])
    assert pending and len(dialog.queue) >= len(pending)
    assert dialog.image.image is not None and not dialog.image.image.isNull()   # the crop of the first box

    # Certification waits for the scrutineers, on the page and in the store.
    waiting = pending[0]["item_id"]
    with pytest.raises(UserError, match="待核"):
        item_ops.certify(db, waiting, "王监票")

    # Without a 核对人 a key decides nothing.
    dialog.checker.setText("")
    first = dialog.queue.row()
    press(qtbot, dialog, "弃权" if first.question.kind == "row" else "" if first.question.kind == "write_in" else "空")
    assert dialog.queue.answers == {} and "核对人" in dialog.status.text()
    assert dialog.checker.hasFocus()
    dialog.checker.setText("王监票")   # (QTest cannot type Chinese)
    qtbot.keyClick(dialog.checker, Qt.Key_Return)   # back to the question
    assert dialog.queue.row() is first

    by_serial = {(e.item, e.serial): e for e in deck.ballots}
    asked = 0
    while dialog.queue.row() is not None:
        row = dialog.queue.row()
        expected = by_serial[(str(row.ballot.item["code"]), row.ballot.serial)]
        press(qtbot, dialog, answer(row.question, expected))
        asked += 1
        assert asked <= 50, "the queue does not move on"
    assert scans_db.pending(db, session_id=session["id"]) == []
    assert "全部待核选票已核定" in dialog.status.text()

    for kind in deck_module.KINDS:
        item_id = session[kind]
        item = items_db.get_item(db, item_id)
        spec = items_db.item_spec(db, item_id)
        entries = [expected_entry(kind, spec, e) for e in deck.ballots if e.item == item["code"]]
        assert ballots_db.item_result(db, item_id) == rules.count(spec, entries), kind
    item_ops.certify(db, waiting, "王监票")
    assert items_db.get_item(db, waiting)["status"] == items_db.CERTIFIED


def test_the_page_says_why_it_cannot_certify_and_shows_a_scanned_ballots_image(db, db_path, session, scanned,
                                                                             qtbot, monkeypatch):
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.tally.page import TallyPage

    dialog = open_dialog(db, session, qtbot, monkeypatch, scanned)
    dialog.close()
    waiting = scans_db.pending(db, session_id=session["id"])[0]
    ctx = AppContext(db=db, db_path=db_path)
    page = TallyPage(ctx)
    qtbot.addWidget(page)
    page.select(session["id"], waiting["item_id"])
    # 扫描计票… (and Ctrl+Shift+S) opens the window for the session shown.
    opened = []
    monkeypatch.setattr(scan_dialog.ScanDialog, "exec", lambda self: opened.append(self.session_id) or 0)
    qtbot.mouseClick(page.scan_button, Qt.LeftButton)
    shortcut = next(a for a in page.actions() if a.shortcut().toString() == "Ctrl+Shift+S")
    shortcut.trigger()
    assert opened == [session["id"], session["id"]]
    assert "扫描待核" in page.status.text()
    blocker = page.certify_blocker()
    assert blocker.startswith("还有") and "待核" in blocker and f"{waiting['serial']:03d}" in blocker

    # A ballot read cleanly: 查看扫描图像 is on for it, and opens its image.
    assert page.model.rowCount() > 0
    scanned_rows = [r for r in range(page.model.rowCount())
                    if scans_db.scanned_for_ballot(db, page.model.ballot_at(r)["id"]) is not None]
    assert scanned_rows
    page.ballot_view.selectRow(scanned_rows[0])
    assert page.scan_image_button.isEnabled()
    window = page.show_scan_image()
    qtbot.addWidget(window)
    assert window.isVisible() and window.image.image is not None and not window.image.image.isNull()
    read = scans_db.scanned_for_ballot(db, page.model.ballot_at(scanned_rows[0])["id"])
    details = window.details.toPlainText()
    assert f"第 {read['file_page']} 页，已计入" in details
    assert all(f"{option}：{word}（" in details for option, word in read["reading"]["marks"].items())

    # A typed ballot has no scan: the button is off.
    with transaction.write(db):
        serial = max(e.serial for e in scanned.ballots) + 1
        items_db.update_item(db, waiting["item_id"], printed=serial)
    spec = items_db.item_spec(db, waiting["item_id"])
    ballots_db.add_ballot(db, waiting["item_id"], serial=serial, marks=rules.blank_marks(spec))
    page.load_item()
    page.ballot_view.selectRow(page.model.rowCount() - 1)
    assert page.model.ballot_at(page.model.rowCount() - 1)["serial"] == serial
    assert not page.scan_image_button.isEnabled()
    ctx.undo_stack.clear()


@pytest.fixture
def crafted(db, session, tmp_path):
    """Two 测评 ballots scanned from a folder: No. 1 with two columns of its first row ringed (a row the
    scrutineers answer as a whole), No. 2 with a box of its second and third rows filled in (two 待核 boxes),
    then a text file that is no scan (left out of the folder's files)."""
    import random

    import cv2

    from scan_fixtures import print_ballots

    pdf, layout = print_ballots(db, session, "测评", tmp_path / "printed", count=2)
    folder = tmp_path / "scans"
    folder.mkdir()
    for ballot, image in zip(layout["ballots"], deck_module._raster(pdf, 200)):
        pen = deck_module.Pen(image, 200, random.Random(ballot["serial"]))
        rows: dict[str, list[dict]] = {}
        for box in ballot["boxes"]:
            rows.setdefault(box["option"], []).append(box)
        first, second, third = list(rows.values())[:3]
        if ballot["serial"] == 1:
            for box in first[:2]:
                pen.circle(box["x_mm"] + box["w_mm"] / 2, box["y_mm"] + box["h_mm"] / 2, 0.3 * box["h_mm"],
                           0.3 * box["h_mm"], colour=30, thickness=4)
        else:
            for box in (second[0], third[1]):
                pen.blob(box["x_mm"] + box["w_mm"] / 2, box["y_mm"] + box["h_mm"] / 2, 0.35 * box["w_mm"],
                         0.35 * box["h_mm"])
        cv2.imwrite(str(folder / f"scan{ballot['serial']:04d}.png"), image)
    (folder / "说明.txt").write_text("不是扫描文件", encoding="utf-8")
    with transaction.write(db):
        items_db.update_item(db, session["测评"], issued=2)
    return folder


def test_a_folder_read_then_a_row_chosen_by_number_a_ballot_voided_corrected_and_the_images_deleted(
        db, session, crafted, qtbot, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(scan_dialog.messages, "show_error", lambda parent, err, title="": errors.append(str(err)))
    monkeypatch.setattr(scan_dialog.messages, "confirm", lambda *args: True)
    monkeypatch.setattr(scan_dialog.dialogs, "ask_text", lambda *args, **kwargs: "一格涂满，无法辨认")
    dialog = scan_dialog.ScanDialog(db, session["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.checker.setText("李监票")

    # 取消 while reading: nothing is written.
    from desktop_app.ui.widgets import progress

    monkeypatch.setattr(scan_files.QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(crafted)))
    with monkeypatch.context() as cancelling:
        cancelling.setattr(progress.QProgressDialog, "wasCanceled", lambda self: True)
        qtbot.mouseClick(dialog.folder_button, Qt.LeftButton)
    assert dialog.status.text() == "已取消读取，未写入任何内容。"
    assert scans_db.pending(db, session_id=session["id"]) == [] and not ballots_db.list_ballots(db, session["测评"])

    qtbot.mouseClick(dialog.folder_button, Qt.LeftButton)
    assert errors == []
    assert dialog.summary.toPlainText().startswith("共读取 2 页：计入 0 张，待核 2 张。")
    first = dialog.queue.row()
    assert (first.ballot.serial, first.question.kind) == (1, "row")
    assert [b.text() for b in dialog.panel.answer_buttons] == ["1 满意", "2 基本满意", "3 不满意", "0 弃权"]
    qtbot.keyClick(dialog.image, Qt.Key_1)    # 满意
    second = dialog.queue.row()
    assert (second.ballot.serial, second.question.kind) == (2, "box")
    assert "涂满" in second.question.note and dialog.image.image is not None
    qtbot.keyClick(dialog.image, Qt.Key_Space)    # 空: kept until the ballot's other box is answered
    assert dialog.queue.answers == {second.ballot.id: {second.question.key: "空"}}
    assert dialog.queue.row().ballot is second.ballot and dialog.queue.row() is not second
    monkeypatch.setattr(scan_dialog.messages, "confirm", lambda *args: False)
    dialog.reject()                               # Esc: asks before dropping the answer, 否 keeps the window
    assert dialog.isVisible() and dialog.queue.answers[second.ballot.id]
    monkeypatch.setattr(scan_dialog.messages, "confirm", lambda *args: True)
    qtbot.keyClick(dialog.image, Qt.Key_Backspace)   # back to the first box, its answer taken back
    assert dialog.queue.row() is second and dialog.queue.answers == {second.ballot.id: {}}
    qtbot.keyClick(dialog.image, Qt.Key_Delete)   # 作废 the whole ballot, with the reason asked
    assert dialog.queue.row() is None and scans_db.pending(db, session_id=session["id"]) == []

    spec = items_db.item_spec(db, session["测评"])
    rows = {b["serial"]: b for b in ballots_db.list_ballots(db, session["测评"])}
    assert rows[1]["marks"] == rules.SATISFIED + rules.ABSTAIN * (len(spec.candidates) - 1)
    assert rows[2]["void"] and rows[2]["void_reason"] == "一格涂满，无法辨认"
    decisions = scans_db.scanned_for_ballot(db, rows[1]["id"])["decisions"]
    assert decisions["answers"] == {first.question.key: "满意"} and decisions["by"] == "李监票"

    # 更正 the ballot just written, through the page's correction dialog.
    class Correction:
        def __init__(self, spec_, ballot, parent):
            assert ballot["serial"] == 2

        def exec(self):
            return scan_dialog.QDialog.Accepted

        def values(self):
            return {"marks": rules.UNSATISFIED * len(spec.candidates), "write_ins": [], "void": False,
                    "void_reason": None, "reason": "监票人复核原票：不是涂满，是画在“不满意”格"}

    monkeypatch.setattr(scan_dialog.dialogs, "CorrectionDialog", Correction)
    assert dialog.correct_button.isEnabled()
    qtbot.mouseClick(dialog.correct_button, Qt.LeftButton)
    assert ballots_db.find_ballot(db, session["测评"], 2)["marks"] == rules.UNSATISFIED * len(spec.candidates)

    # The images stay until the item is certified.
    qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)
    assert len(errors) == 1 and "确认" in errors[0]
    assert all(f["stored"] for f in scans_db.scan_files(db, session["id"]))
    item_ops.certify(db, session["测评"], "李监票")
    qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)
    assert len(errors) == 1
    assert [f["stored"] for f in scans_db.scan_files(db, session["id"])] == [None, None]
    qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)
    assert len(errors) == 1 and "没有保存的扫描图像" in dialog.status.text()

    # The ballot's record stays; its picture says it was deleted.
    from desktop_app.ui.tally.scan.image_window import ScanImageWindow

    window = ScanImageWindow(db, scans_db.scanned_for_ballot(db, rows[1]["id"]), "第 001 号")
    qtbot.addWidget(window)
    assert window.image.image is None and "已删除" in window.image.text
