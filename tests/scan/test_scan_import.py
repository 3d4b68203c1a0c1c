"""scan-ballots without --dry-run (import_scan): the clean ballots of the deck counted, the 待核 ones pending
until the scrutineers answer them, certification refused meanwhile, all or nothing, no ballot twice."""

from __future__ import annotations

import hashlib
import json

import pytest

from desktop_app.db import ballots as ballots_db
from desktop_app.db import scans as scans_db
from desktop_app.db import transaction
from desktop_app.db import vote_items as items_db
from desktop_app.domain.ballots import BallotEntry, count
from desktop_app.domain.scan_review import questions
from desktop_app.errors import InputError, UserError
from desktop_app.ops.scan_ballots import ScanCancelled, decide_scanned, import_scan, void_scanned

import deck as deck_module
from scan_fixtures import print_ballots

SEED = 2       # has a name written in; the deck's tuning seeds only (1–4); deck.KEPT_BACK_SEED is for make bench
_VOTE = {"同意": "Y", "反对": "N", "弃权": "-"}
_RATING = {"满意": "S", "基本满意": "B", "不满意": "U", "弃权": "-"}
DOUBT = ("待核", "多选")


@pytest.fixture
def deck(db, session, tmp_path):
    return deck_module.make_deck(db, session, tmp_path / "deck", seed=SEED)


def _issue(db, session):
    """发出票数: as many as were printed (certification needs it)."""
    with transaction.write(db):
        for kind in ("选举", "表决", "票决", "测评"):
            items_db.update_item(db, session[kind], issued=items_db.get_item(db, session[kind])["printed"])


def _table_counts(db) -> dict:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("ballots", "scanned_ballots", "scan_files", "audit_log")}


def expected_entry(spec, expected, write_ins=()) -> BallotEntry:
    """The deck's expectation as the keyboard types it; a box or row doubtful by design is taken as the
    scrutineers' answer the tests give it (空 / 弃权)."""
    marks = {k: ("弃权" if v in DOUBT else v) for k, v in expected.marks.items()}
    if spec.kind == "选举":
        return BallotEntry(expected.serial, "".join(_VOTE[marks[c]] for c in spec.candidates), tuple(write_ins))
    if spec.kind == "表决":
        if expected.marks["表决"] == "多选":
            return BallotEntry(expected.serial, "", void=True)
        return BallotEntry(expected.serial, _VOTE[marks["表决"]])
    words = _RATING if spec.kind == "测评" else _VOTE
    return BallotEntry(expected.serial, "".join(words[marks[c]] for c in spec.candidates))


def answer(question, expected) -> str:
    """What the scrutineers say, looking at the paper: the deck's truth, 空 / 弃权 / no name where the mark is
    doubtful by design."""
    want = expected.marks.get(question.option)
    if question.kind == "write_in":
        return ""
    if question.kind == "row":
        return "弃权" if want in DOUBT else want
    if question.choice is None:
        return "空" if want in DOUBT else {"同意": "○", "反对": "×", "弃权": "空"}[want]
    return "○" if want == question.choice else "空"


def _items_by_code(db, session) -> dict:
    return {items_db.get_item(db, session[k])["code"]: session[k] for k in ("选举", "表决", "票决", "测评")}


def test_clean_ballots_count_and_doubtful_ones_wait_for_the_scrutineers(db, session, deck):
    _issue(db, session)
    changes = import_scan(db, deck.files, session=session["id"])
    report = changes.value
    assert report["pages"] == len(deck.page_names) and report["backup"]
    assert report["counted"] + report["pending"] == len(deck.ballots) == len(report["ballots"])
    assert report["pending"] >= 1 and report["counted"] >= 1
    assert report["blank_pages"] == deck.blank_pages and report["foreign_pages"] == deck.foreign_pages
    assert report["duplicate_pages"] == deck.duplicate_pages
    assert f"计入 {report['counted']} 张，待核 {report['pending']} 张" in changes.message

    by_code = _items_by_code(db, session)
    expectations = {(e.item, e.serial): e for e in deck.ballots}
    read = {(b["item"], b["serial"]): b for b in report["ballots"]}
    for code, item_id in by_code.items():
        spec = items_db.item_spec(db, item_id)
        clean = [expectations[key] for key, b in read.items() if key[0] == code and not b["review"]]
        waiting = sorted(s for (c, s), b in read.items() if c == code and b["review"])
        # the item counts exactly the clean ballots, as the deck says they were marked
        assert ballots_db.item_result(db, item_id) == count(spec, [expected_entry(spec, e) for e in clean])
        assert [b.serial for b in ballots_db.entries(db, item_id)] == sorted(e.serial for e in clean)
        assert [p["serial"] for p in scans_db.pending(db, item_id=item_id)] == waiting
        assert scans_db.pending_count(db, item_id) == len(waiting)


def test_certification_waits_for_every_pending_ballot_then_counts_the_answers(db, session, deck):
    _issue(db, session)
    import_scan(db, deck.files, session=session["id"])
    pending = scans_db.pending(db, session_id=session["id"])
    assert pending
    first = pending[0]
    with pytest.raises(UserError, match=r"还有 \d+ 张扫描选票待核（第 .*号），请监票人在“扫描计票”中逐张核定后再确认结果"):
        items_db.certify(db, first["item_id"], by="王监票")
    with pytest.raises(InputError, match="请填写核对人（监票人）姓名"):
        decide_scanned(db, first["id"], {}, by=" ")

    expectations = {(e.item, e.serial): e for e in deck.ballots}
    written_in: dict[tuple, tuple] = {}
    for row in pending:
        expected = expectations[(row["item_code"], row["serial"])]
        answers = {q.key: answer(q, expected) for q in questions(row["kind"], row["reading"], row["layout"])}
        write_keys = [k for k in answers if k.startswith("write_in:")]
        if write_keys and not written_in:
            answers[write_keys[0]] = "孙明"
            written_in[(row["item_code"], row["serial"])] = ("孙明",)
        keys = list(answers)
        if len(keys) > 1:     # answered in two goes: the first leaves the ballot pending
            partial = decide_scanned(db, row["id"], {keys[0]: answers[keys[0]]}, by="王监票", why="对照原票")
            assert partial.value["counted"] is False and partial.value["open"] == keys[1:]
            assert scans_db.get_scanned(db, row["id"])["status"] == "pending"
            answers = {k: answers[k] for k in keys[1:]}
        done = decide_scanned(db, row["id"], answers, by="王监票", why="对照原票")
        assert done.value["counted"] is True
        stored = scans_db.get_scanned(db, row["id"])
        assert stored["status"] == "counted" and stored["decisions"]["by"] == "王监票"
        assert scans_db.scanned_for_ballot(db, done.value["ballot_id"])["id"] == row["id"]
    assert scans_db.pending(db, session_id=session["id"]) == []
    assert written_in        # the deck has a name written in: it counts for 孙明

    for code, item_id in _items_by_code(db, session).items():
        spec = items_db.item_spec(db, item_id)
        mine = [e for e in deck.ballots if e.item == code]
        wanted = [expected_entry(spec, e, written_in.get((code, e.serial), ())) for e in mine]
        assert ballots_db.item_result(db, item_id) == count(spec, wanted)
        items_db.certify(db, item_id, by="王监票")
    decided = [json.loads(d) for (d,) in db.execute("SELECT detail FROM audit_log WHERE action = '扫描核定选票'")]
    assert len(decided) == len(pending)
    assert all(d["by"] == "王监票" and d["why"] == "对照原票" and "scores" in d and len(d["file_sha256"]) == 64
               for d in decided)


def test_a_pending_ballot_declared_void_counts_as_invalid(db, session, tmp_path):
    pdf, layout = print_ballots(db, session, "选举", tmp_path, count=1)
    image = deck_module._raster(pdf, 200)[0]
    import random

    import cv2

    pen = deck_module.Pen(image, 200, random.Random(2))
    box = layout["ballots"][0]["boxes"][0]
    cx, cy = deck_module._box_centre(box)
    pen.blob(cx, cy, 0.35 * box["w_mm"], 0.35 * box["h_mm"])     # filled in: 待核
    path = tmp_path / "blob.png"
    cv2.imwrite(str(path), image)
    report = import_scan(db, [path], session=session["id"]).value
    assert (report["counted"], report["pending"]) == (0, 1)
    [row] = scans_db.pending(db, item_id=session["选举"])
    assert [q.key for q in questions("选举", row["reading"], row["layout"])] == ["张建国"]
    with pytest.raises(UserError, match="正等待监票人"):
        ballots_db.add_ballot(db, session["选举"], serial=1, marks="Y----")
    with pytest.raises(InputError, match="理由"):
        void_scanned(db, row["id"], reason="", by="王监票")
    void_scanned(db, row["id"], reason="涂满无法辨认", by="王监票")
    [ballot] = ballots_db.list_ballots(db, session["选举"])
    assert ballot["void"] and ballot["void_reason"] == "涂满无法辨认"
    assert ballots_db.item_result(db, session["选举"])["invalid_ballots"] == 1
    with pytest.raises(UserError, match="已经计入"):
        void_scanned(db, row["id"], reason="再次", by="王监票")


def test_a_second_import_of_the_same_files_writes_nothing_twice(db, session, deck):
    first = import_scan(db, deck.files, session=session["id"]).value
    before = _table_counts(db)
    again = import_scan(db, deck.files, session=session["id"])
    assert again.value["counted"] == again.value["pending"] == 0 and again.value["backup"] is None
    assert len(again.value["already_entered"]) == first["counted"] + first["pending"]
    assert set(again.value["duplicate_pages"]) >= {b["page"] for b in first["ballots"]}
    assert "没有新的选票，未写入任何内容" in again.message
    assert _table_counts(db) == before


def test_a_failure_midway_leaves_the_database_and_the_folder_as_they_were(db, session, deck, db_path, monkeypatch):
    before = _table_counts(db)
    calls = {"n": 0}
    real = scans_db.add_scanned

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(scans_db, "add_scanned", failing)
    with pytest.raises(RuntimeError, match="disk gone"):
        import_scan(db, deck.files, session=session["id"], team=2)
    assert _table_counts(db) == before
    assert not any(items_db.get_item(db, session[k])["double_entry"] for k in ("选举", "表决", "票决", "测评"))
    kept = db_path.parent / "attachments" / "scans"
    assert not kept.exists() or [p for p in kept.rglob("*") if p.is_file()] == []


def test_cancelling_while_reading_writes_nothing(db, session, deck):
    before = _table_counts(db)

    def progress(page):
        if page == 3:
            raise ScanCancelled()

    with pytest.raises(ScanCancelled, match="已取消读取，未写入任何内容"):
        import_scan(db, deck.files, session=session["id"], progress=progress)
    assert _table_counts(db) == before


def test_team_two_scans_against_the_keyboard_team(db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=2)      # both left blank: 弃权
    item = session["表决"]
    ballots_db.add_ballot(db, item, serial=1, marks="-")
    ballots_db.add_ballot(db, item, serial=2, marks="Y")
    changes = import_scan(db, [pdf], session=session["id"], team=2)
    assert changes.value["counted"] == 2 and changes.value["double_entry_switched_on"] == ["2"]
    assert items_db.get_item(db, item)["double_entry"]
    assert [b.marks for b in ballots_db.entries(db, item, 2)] == ["-", "-"]
    [differs] = ballots_db.disagreements(db, item)
    assert differs["serial"] == 2 and differs["kind"] == "different"


def test_audit_entries_carry_the_scan_files_hash(db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "测评", tmp_path, paper="A5", count=2)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    import_scan(db, [pdf], session=session["id"])
    [run] = [json.loads(d) for (d,) in db.execute("SELECT detail FROM audit_log WHERE action = '扫描计票'")]
    assert run["sha256"] == digest and run["name"] == pdf.name and run["counted"] == ["4-1", "4-2"]
    scanned = [json.loads(d) for (d,) in db.execute("SELECT detail FROM audit_log WHERE action = '扫描录入选票'")]
    assert [(d["serial"], d["file_page"], d["file_sha256"]) for d in scanned] == [(1, 1, digest), (2, 2, digest)]
    assert all(len(d["hash"]) == 64 for d in scanned)
    [file] = scans_db.scan_files(db, session["id"])
    assert (file["sha256"], file["pages"], file["render_dpi"], file["counted"]) == (digest, 2, 200, 2)


def test_deleting_a_scanned_ballot_forgets_its_scan_and_the_check_passes(db, session, tmp_path, db_path):
    from desktop_app.db.check import run_checks

    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=2)
    import_scan(db, [pdf], session=session["id"])
    [first, _second] = ballots_db.list_ballots(db, session["表决"])
    ballots_db.delete_ballot(db, first["id"], "扫错了事项")
    assert scans_db.scanned_for_ballot(db, first["id"]) is None
    assert run_checks(db_path) == []
    again = import_scan(db, [pdf], session=session["id"]).value
    assert again["counted"] == 1 and [a["serial"] for a in again["already_entered"]] == [2]


def test_a_certified_item_takes_no_scanned_ballot(db, session, tmp_path):
    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=1)
    with transaction.write(db):
        items_db.update_item(db, session["表决"], issued=1)
    items_db.certify(db, session["表决"], by="王监票")
    before = _table_counts(db)
    with pytest.raises(UserError, match="确认"):
        import_scan(db, [pdf], session=session["id"])
    assert _table_counts(db) == before


def test_the_command_writes_only_with_the_start_up_password(db, db_path, session, tmp_path, capsys):
    from desktop_app.cli import main
    from desktop_app.ops import password as password_ops

    pdf, _layout = print_ballots(db, session, "表决", tmp_path, count=2)
    password_ops.set_password(db, "人大办2026")
    db.close()
    assert main(["--db", str(db_path), "scan-ballots", str(pdf)]) == 2
    assert "设置了启动密码" in capsys.readouterr().err
    secret = tmp_path / "password.txt"
    secret.write_text("人大办2026\n", encoding="utf-8")
    secret.chmod(0o600)
    assert main(["--db", str(db_path), "--password-file", str(secret), "scan-ballots", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "计入 2 张，待核 0 张" in out and "写入前的备份" in out
    from desktop_app.db.connection import open_database

    reopened = open_database(db_path)
    try:
        assert [b.marks for b in ballots_db.entries(reopened, session["表决"])] == ["-", "-"]
    finally:
        reopened.close()
