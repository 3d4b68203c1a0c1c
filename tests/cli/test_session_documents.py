"""Session-day documents from the command line and from the pages are the same files, and say what the count says.

The demo session's ballots come in through ``import-tally`` of a filled tally workbook; each document is
then made through ``export KIND`` and through the page's own action, their texts compared, and checked
as a clerk would check them: the 公告 names each post with its organ, the figures match ``tally --json``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.db.connection import open_database
from desktop_app.db import sessions as sessions_db
from desktop_app.db import vote_items as items_db
from desktop_app.domain.ballots import BallotEntry
from desktop_app.reports.excel.tally_workbook import write_workbook

TOWNSHIP = "示范镇"


def _marks(spec, rng: random.Random) -> str:
    """Ballots as a hall fills them: most for the nominated, a few against or abstaining."""
    if spec.kind == "测评":
        return "".join(rng.choice("SSSBU-") for _ in spec.candidates)
    if spec.kind == "表决":
        return rng.choice("YYYYYN-")
    favoured = spec.seats + (1 if spec.kind == "票决" else 0)
    return "".join("Y" if i < favoured and rng.random() < 0.85 else rng.choice("YN-" if spec.kind == "票决" else "N-")
                   for i in range(len(spec.candidates)))


def _filled_workbook(db, session_id: int, path: Path) -> Path:
    rng = random.Random(5)
    pairs = []
    for item in items_db.list_items(db, session_id):
        spec = items_db.item_spec(db, item["id"])
        returned = spec.issued - 1
        entries = [BallotEntry(s, _marks(spec, rng), void=(s == returned)) for s in range(1, returned + 1)]
        pairs.append((spec, entries))
    write_workbook(path, pairs)
    return path


def cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    """The demo township after ``import-tally`` of a filled workbook: (db path, workbook, session id, tally json)."""
    from desktop_app.ops.demo import fill_demo

    folder = tmp_path_factory.mktemp("hall")
    db_file = folder / "demo.db"
    db = open_database(db_file)
    fill_demo(db, seed=11)
    session_id = sessions_db.latest_session(db)["id"]
    workbook = _filled_workbook(db, session_id, folder / "计票数据.xlsx")
    db.close()
    assert main(["import-tally", str(workbook), "--db", str(db_file)]) == 0
    tally = {item["id"]: item for item in _tally_json(workbook)["items"]}
    return db_file, workbook, session_id, tally


def _tally_json(workbook: Path) -> dict:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["tally", str(workbook), "--json"]) == 0
    return json.loads(buffer.getvalue())


@pytest.fixture
def db_copy(hall, tmp_path):
    """A copy of the hall database a test may change."""
    target = tmp_path / "copy.db"
    shutil.copy(hall[0], target)
    return target


# --------------------------------------------------------------------------- import-tally


def test_imported_ballots_count_as_tally_counts_the_workbook(hall):
    from desktop_app.db import ballots as ballots_db

    db_file, _, session_id, tally = hall
    db = open_database(db_file)
    try:
        for item in items_db.list_items(db, session_id):
            result = ballots_db.item_result(db, item["id"])
            expected = tally[item["code"]]
            for key in ("returned", "valid_ballots", "invalid_ballots", "elected", "results", "adopted"):
                assert result[key] == expected[key], (item["code"], key)
    finally:
        db.close()


def test_import_tally_is_all_or_nothing_and_says_which_session(hall, db_copy, capsys):
    _, workbook, session_id, _ = hall
    code, out, err = cli(capsys, "import-tally", workbook, "--db", db_copy, "--json")
    assert code != 0 and "已录入" in err                  # every serial is in already: refused whole
    db = open_database(db_copy)
    before = db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0]
    db.close()
    code, out, _ = cli(capsys, "import-tally", workbook, "--db", db_copy, "--team", "2", "--dry-run")
    assert code == 0 and "会议：第十九届人民代表大会第一次会议" in out and "试运行" in out
    db = open_database(db_copy)
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == before
    assert not any(i["double_entry"] for i in items_db.list_items(db, session_id))
    db.close()


def test_import_tally_team_two_switches_on_double_entry_and_is_audited(hall, db_copy, capsys):
    _, workbook, session_id, _ = hall
    code, out, _ = cli(capsys, "import-tally", workbook, "--db", db_copy, "--session", session_id, "--team", "2")
    assert code == 0 and "已开启双人录入" in out and "导入前的备份" in out
    db = open_database(db_copy)
    try:
        items = items_db.list_items(db, session_id)
        assert all(i["double_entry"] for i in items)
        second = db.execute("SELECT COUNT(*) FROM ballots WHERE team = 2").fetchone()[0]
        assert second == sum(i["issued"] - 1 for i in items)
        actions = [r[0] for r in db.execute("SELECT action FROM audit_log")]
        assert actions.count("开启双人录入") == len(items)
    finally:
        db.close()


def test_import_tally_names_an_unknown_item_and_writes_nothing(hall, db_copy, capsys, tmp_path):
    _, workbook, _, _ = hall
    book = openpyxl.load_workbook(workbook)
    book["事项"]["A2"] = "99"
    book["1"].title = "99"
    wrong = tmp_path / "wrong.xlsx"
    book.save(wrong)
    code, _, err = cli(capsys, "import-tally", wrong, "--db", db_copy, "--team", "2")
    assert code == 2 and "99" in err and "未导入任何选票" in err
    db = open_database(db_copy)
    assert db.execute("SELECT COUNT(*) FROM ballots WHERE team = 2").fetchone()[0] == 0
    db.close()


# --------------------------------------------------------------------------- documents: command vs page


@pytest.fixture
def pages(qtbot, qapp, hall, monkeypatch):
    """The 计票 and 人代会 pages over the hall database; previews are captured instead of shown."""
    from desktop_app.ui import print_preview
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.fonts import install_fonts
    from desktop_app.ui.session.page import SessionPage
    from desktop_app.ui.tally.page import TallyPage

    install_fonts(qapp)
    db_file, _, session_id, _ = hall
    shown: list[Path] = []
    monkeypatch.setattr(print_preview, "preview_pdf", lambda path, *a, **k: shown.append(Path(path)))
    ctx = AppContext(db=open_database(db_file), db_path=db_file)
    tally, session = TallyPage(ctx), SessionPage(ctx)
    qtbot.addWidget(tally)
    qtbot.addWidget(session)
    tally.shown = shown
    yield tally, session, ctx, session_id
    ctx.undo_stack.clear()
    ctx.db.close()


def _item_id(ctx, session_id: int, code: str) -> int:
    return items_db.find_item(ctx.db, session_id, code)["id"]


def _from_page(pages, code: str, action: str) -> str:
    tally, _, ctx, session_id = pages
    tally.select(session_id, _item_id(ctx, session_id, code))
    tally.print_actions[action].trigger()
    return pdf_text(tally.shown.pop())


def _from_command(capsys, hall, tmp_path, kind: str, *options) -> str:
    out = tmp_path / f"{kind}.pdf"
    code, printed, err = cli(capsys, "export", kind, "--db", hall[0], "--out", out, *options)
    assert code == 0, err
    assert "会议：第十九届人民代表大会第一次会议" in printed
    return pdf_text(out)


def _agree(tally: dict, code: str, name: str) -> int:
    return next(r["agree"] for r in tally[code]["results"] if r["name"] == name)


def test_tally_report_from_page_and_command_is_the_same_and_names_the_organ(pages, hall, capsys, tmp_path):
    tally = hall[3]
    for code, post in (("1", "示范镇人民代表大会主席"), ("3", "示范镇人民政府镇长")):
        page_text = _from_page(pages, code, "report")
        assert page_text == _from_command(capsys, hall, tmp_path, "tally-report", "--item", code)
        (elected,) = tally[code]["elected"]
        assert f"计票结果：{elected}当选为{post}。" in page_text
        assert f"\n{tally[code]['valid_ballots']}\n{tally[code]['invalid_ballots']}\n" in page_text
        assert "草稿" in page_text


def test_session_announcement_names_every_post_with_its_organ(pages, hall, capsys, tmp_path):
    tally_page, _, _, _ = pages
    tally = hall[3]
    tally_page.print_actions["session_announcement"].trigger()
    page_text = pdf_text(tally_page.shown.pop())
    assert page_text == _from_command(capsys, hall, tmp_path, "announcement")
    flat = page_text.replace("\n", "")
    for code, post in (("1", "示范镇人民代表大会主席"), ("2", "示范镇人民代表大会副主席"),
                       ("3", "示范镇人民政府镇长"), ("4", "示范镇人民政府副镇长")):
        listed = "、".join(f"{n}（得赞成票{_agree(tally, code, n)}票）" for n in tally[code]["elected"])
        assert f"{listed}当选为{post}。" in flat
    numbered = _from_command(capsys, hall, tmp_path, "announcement", "--number", "1")
    assert "（第1号）" in numbered


def test_one_item_announcement_from_page_and_command(pages, hall, capsys, tmp_path):
    page_text = _from_page(pages, "3", "announcement")
    assert page_text == _from_command(capsys, hall, tmp_path, "announcement", "--item", "3")
    assert "当选为示范镇人民政府镇长" in page_text.replace("\n", "")


def test_vote_results_from_page_and_command(pages, hall, capsys, tmp_path):
    tally = hall[3]
    for code in ("5", "6", "7"):
        page_text = _from_page(pages, code, "vote")
        assert page_text == _from_command(capsys, hall, tmp_path, "vote-result", "--item", code)
    motion = _from_page(pages, "5", "vote").replace("\n", "")
    agree = tally["5"]["results"][0]["agree"]
    assert f"赞成票{agree}票" in motion
    assert ("获得通过" if tally["5"]["adopted"] else "未获通过") in motion
    projects = _from_page(pages, "6", "vote").replace("\n", "")
    for name in tally["6"]["elected"]:
        assert name in projects


def test_election_certificates_from_page_and_command(pages, hall, capsys, tmp_path, monkeypatch):
    from desktop_app.ui.widgets import messages

    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)   # the draft warning, answered 是
    page_text = _from_page(pages, "4", "certificates")
    assert page_text == _from_command(capsys, hall, tmp_path, "election-certificates", "--item", "4")
    for name in hall[3]["4"]["elected"]:
        assert f"{name}同志" in page_text
    assert page_text.count("示范镇人民政府副镇长") == len(hall[3]["4"]["elected"])


def test_certified_item_has_no_draft_mark(pages, hall, capsys, tmp_path, db_copy):
    db = open_database(db_copy)
    items_db.certify(db, items_db.find_item(db, hall[2], "3")["id"], by="孙八")
    db.close()
    out = tmp_path / "certified.pdf"
    assert main(["export", "tally-report", "--item", "3", "--db", str(db_copy), "--out", str(out)]) == 0
    assert "草稿" not in pdf_text(out)


def test_ballots_from_dialog_and_command(pages, hall, capsys, tmp_path):
    from desktop_app.ui.session.ballot_print import BallotPrintDialog

    tally_page, _, ctx, session_id = pages
    item_id = _item_id(ctx, session_id, "4")
    dialog = BallotPrintDialog(ctx.db, sessions_db.get_session(ctx.db, session_id), item_id)
    dialog.paper.setCurrentText("A5")
    dialog.orientation.setCurrentIndex(1)
    dialog.copies.setValue(5)
    dialog.preview()
    page_text = pdf_text(tally_page.shown.pop())
    command_text = _from_command(capsys, hall, tmp_path, "ballots", "--item", "4", "--paper", "A5L", "--count", "5")
    assert page_text == command_text
    assert "No. 005" in command_text and "选举副镇长" in command_text
    reprint = tmp_path / "reprint.pdf"
    assert main(["export", "ballots", "--item", "4", "--first", "3", "--count", "2", "--db", str(hall[0]),
                 "--out", str(reprint)]) == 0
    assert len(PdfReader(reprint).pages) == 2 and "No. 004" in PdfReader(reprint).pages[1].extract_text()


def test_sign_in_from_page_and_command(pages, hall, capsys, tmp_path):
    tally_page, session_page, _, session_id = pages
    session_page.reload(session_id)
    session_page.attendance.print_sign_in()
    page_text = pdf_text(tally_page.shown.pop())
    assert page_text == _from_command(capsys, hall, tmp_path, "sign-in")
    assert "签到表" in page_text


def test_tally_workbook_from_page_and_command(pages, hall, capsys, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    tally_page, _, ctx, session_id = pages
    target = tmp_path / "page.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tally_page.select(session_id, _item_id(ctx, session_id, "2"))
    tally_page.export_workbook()
    out = tmp_path / "command.xlsx"
    assert main(["export", "tally-workbook", "--item", "2", "--team", "1", "--db", str(hall[0]),
                 "--out", str(out)]) == 0

    def cells(path):
        book = openpyxl.load_workbook(path, read_only=True)
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}

    assert cells(target) == cells(out)
    assert len(cells(out)["2"]) == hall[3]["2"]["returned"] + 1
    blank = tmp_path / "blank.xlsx"
    assert main(["export", "tally-workbook", "--db", str(hall[0]), "--out", str(blank)]) == 0
    sheets = cells(blank)
    assert [row[0] for row in sheets["事项"][1:]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(len(rows) == 1 for name, rows in sheets.items() if name != "事项")


def test_options_a_kind_does_not_take_are_refused(hall, capsys, tmp_path):
    code, _, err = cli(capsys, "export", "sign-in", "--item", "1", "--db", hall[0], "--out", tmp_path / "x.pdf")
    assert code == 2 and "--item" in err
    code, _, err = cli(capsys, "export", "tally-report", "--item", "42", "--db", hall[0], "--out", tmp_path / "x.pdf")
    assert code == 2 and "42" in err and "1、2、3" in err


def test_sign_in_figures_are_the_sessions_even_after_the_roster_grew(hall, db_copy, tmp_path):
    """Two deputies added after the session was created sign too, but 应到 and the quorum stay the session's."""
    from desktop_app.db.terms import current_term
    from desktop_app.domain.idcard import make_id_number
    from desktop_app.ops import deputies as deputy_ops

    db = open_database(db_copy)
    try:
        session = sessions_db.get_session(db, hall[2])
        counts = sessions_db.attendance_counts(db, hall[2])
        term_id = current_term(db)["id"]
        for n, name in enumerate(("补选甲", "补选乙"), start=1):
            deputy_ops.add(db, {"name": name, "level": "乡", "term_id": term_id,
                                "id_number": make_id_number("330102", dt.date(1980, 1, n), 11 + 2 * n)})
        printed = len(sessions_db.attendance(db, hall[2]))
    finally:
        db.close()
    assert printed == session["total_deputies"] + 2
    out = tmp_path / "sign-in.pdf"
    assert main(["export", "sign-in", "--db", str(db_copy), "--out", str(out)]) == 0
    text = "".join(pdf_text(out).split())
    assert "补选甲" in text
    assert (f"应到{session['total_deputies']}名实到{counts['present']}名请假{counts['leave']}名"
            f"缺席{counts['absent']}名") in text
    assert f"即{counts['needed']}名以上" in text


def test_page_import_puts_in_the_same_ballots_as_import_tally(hall, qtbot, qapp, tmp_path, monkeypatch):
    """The 计票 page's 导入计票数据表 and ``import-tally`` share one path: the same workbook, the same ballots."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desktop_app.db import ballots as ballots_db
    from desktop_app.ops.demo import fill_demo
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.tally.page import TallyPage

    db_file, workbook, _, _ = hall
    fresh = tmp_path / "fresh.db"
    db = open_database(fresh)
    fill_demo(db, seed=11)
    ctx = AppContext(db=db, db_path=fresh)
    page = TallyPage(ctx)
    qtbot.addWidget(page)
    session_id = sessions_db.latest_session(db)["id"]
    item_id = items_db.find_item(db, session_id, "2")["id"]
    page.select(session_id, item_id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(workbook), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    page.import_workbook()
    hall_db = open_database(db_file)
    try:
        expected = ballots_db.entries(hall_db, items_db.find_item(hall_db, session_id, "2")["id"], 1)
        assert ballots_db.entries(db, item_id, 1) == expected
        assert told and f"已导入 {len(expected)} 张选票" in told[0]
    finally:
        hall_db.close()
        ctx.undo_stack.clear()
        db.close()
