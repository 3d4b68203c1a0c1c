"""F1 sealed results: tampers made with a SQLite tool on a demo township's certified results are caught.

Each tamper is raw SQL on a copy of the demo database (ops.demo.fill_demo) whose 选举主席 (all 同意) and
决议 (表决) were entered and certified through ops, with the 选举副镇长 still being counted; ``check`` must
exit non-zero and name the item and the ballot. The head of the audit chain kept beside the database
catches a cut or recomputed chain; the seal's short form is printed where the scrutineers sign; the county
counts a package's sealed ballots again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.db import audit_head
from desktop_app.db.audit import _entry_hash
from desktop_app.db.check import check_report
from desktop_app.domain.seal import short_form
from package_tools import PERIOD, TODAY, edit_workbook, members, write_package

CHAIR, MOTION, DEPUTY_MAYORS = "1", "5", "4"


@pytest.fixture(scope="module")
def sealed_master(tmp_path_factory):
    """The demo township with two certified items and one being counted (built once, read-only)."""
    from desktop_app.db import vote_items as items_db
    from desktop_app.db.connection import open_database
    from desktop_app.ops import ballots as ballot_ops
    from desktop_app.ops import vote_items as item_ops
    from desktop_app.ops.demo import fill_demo, fill_demo_session

    folder = tmp_path_factory.mktemp("sealed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(folder / "userdata"))
        db = open_database(folder / "town.db")
        try:
            fill_demo(db, seed=11, today=TODAY)
            items = fill_demo_session(db)["items"]
            chair = items_db.get_item(db, items[CHAIR])
            issued = chair["issued"]
            for serial in range(1, issued + 1):
                ballot_ops.add(db, items[CHAIR], serial=serial, marks="Y")
                ballot_ops.add(db, items[MOTION], serial=serial, marks="N" if serial % 10 == 0 else "Y")
            for serial in range(1, 6):
                ballot_ops.add(db, items[DEPUTY_MAYORS], serial=serial, marks="YY-")
            for code in (CHAIR, MOTION):
                item_ops.set_collected(db, items[code], issued)
                item_ops.certify(db, items[code], "孙八")
            info = {
                "items": items, "issued": issued,
                "candidate": items_db.list_candidates(db, items[CHAIR])[0]["name"],
                "seals": {code: items_db.get_item(db, items[code])["seal"] for code in (CHAIR, MOTION)},
                "session_id": chair["session_id"],
            }
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    return folder / "town.db", info


@pytest.fixture
def sealed(sealed_master, tmp_path, monkeypatch):
    """A private copy of the database and its audit head file; (path, info)."""
    source, info = sealed_master
    monkeypatch.setenv("XZRD_DATA_DIR", str(tmp_path / "userdata"))
    target = tmp_path / "town.db"
    shutil.copyfile(source, target)
    shutil.copyfile(audit_head.head_path(source), audit_head.head_path(target))
    return target, info


def tamper(path, *statements):
    conn = sqlite3.connect(path)
    try:
        for sql, *params in statements:
            conn.execute(sql, *params)
        conn.commit()
    finally:
        conn.close()


def run_check(path, capsys) -> tuple[int, str]:
    code = main(["check", "--db", str(path)])
    return code, capsys.readouterr().out


def problems(path, check: str) -> list:
    return [p for r in check_report(path) if r.name == check for p in r.errors]


# ---------------------------------------------------------------------------------------------- the untouched file


def test_the_certified_demo_passes_check_with_its_seals_and_head_recorded(sealed, capsys):
    path, info = sealed
    code, out = run_check(path, capsys)
    assert code == 0, out
    assert "选票与计票结果封存：正常" in out and "审计链尾记录：正常" in out
    assert all(len(seal) == 64 for seal in info["seals"].values())


# ---------------------------------------------------------------------------------------------- tampers


def test_ballots_whose_marks_were_changed_are_named_with_their_item(sealed, capsys):
    """The reported attack: 40 ballots flipped turn 当选 57:0 into 未当选 17:40."""
    path, info = sealed
    tamper(path, ("UPDATE ballots SET marks = 'N' WHERE item_id = ? AND team = 1 AND serial <= 40",
                  [info["items"][CHAIR]]))
    code, out = run_check(path, capsys)
    assert code == 1
    assert "事项“选举主席”（编号 1）第 1 号选票（一组）的内容与录入记录" in out
    assert "现为标记“N”，录入时为标记“Y”" in out
    assert f"封存码 {short_form(info['seals'][CHAIR])} 不符" in out
    assert f"当选/入选封存时为 {info['candidate']}，现为 （无）" in out


def test_a_deleted_ballot_is_named(sealed, capsys):
    path, info = sealed
    tamper(path, ("DELETE FROM ballots WHERE item_id = ? AND serial = 7", [info["items"][MOTION]]))
    code, out = run_check(path, capsys)
    assert code == 1
    assert "事项“关于政府工作报告的决议”（编号 5）第 7 号选票（一组）已录入" in out and "但不在数据库中" in out
    assert "第 7 号选票封存后不见了" in out


def test_a_ballot_inserted_outside_the_program_is_named(sealed, capsys):
    path, info = sealed
    tamper(path, ("INSERT INTO ballots(item_id, team, serial, marks) VALUES (?, 1, 99, 'N')",
                  [info["items"][CHAIR]]))
    code, out = run_check(path, capsys)
    assert code == 1
    assert "事项“选举主席”（编号 1）第 99 号选票（一组）没有录入记录" in out
    assert "第 99 号选票封存后才出现" in out


def test_a_ballot_of_an_item_still_being_counted_is_checked_too(sealed, capsys):
    path, info = sealed
    tamper(path, ("UPDATE ballots SET marks = 'NNY' WHERE item_id = ? AND serial = 3",
                  [info["items"][DEPUTY_MAYORS]]))
    code, out = run_check(path, capsys)
    assert code == 1 and "事项“选举副镇长”（编号 4）第 3 号选票（一组）的内容与录入记录" in out


def test_a_changed_issued_count_breaks_the_seal(sealed, capsys):
    path, info = sealed
    tamper(path, ("UPDATE vote_items SET issued = issued + 5 WHERE id = ?", [info["items"][CHAIR]]))
    code, out = run_check(path, capsys)
    assert code == 1
    assert f"发出票数封存时为 {info['issued']}，现为 {info['issued'] + 5}" in out
    assert "事项“选举主席”（编号 1）的选票、票数或结果与封存码" in out
    assert f"事项“选举主席”（编号 1）的发出票数为 {info['issued'] + 5}，审计日志" in out


def test_a_changed_issued_count_of_an_item_still_being_counted_is_caught(sealed, capsys):
    path, info = sealed
    tamper(path, ("UPDATE vote_items SET issued = 70 WHERE id = ?", [info["items"][DEPUTY_MAYORS]]))
    code, out = run_check(path, capsys)
    assert code == 1
    assert f"事项“选举副镇长”（编号 4）的发出票数为 70，审计日志（第" in out and f"记录的是 {info['issued']}" in out


@pytest.mark.parametrize("what, sql, words", [
    ("the elected candidate renamed", "UPDATE candidates SET name = '李某' WHERE item_id = ?", ("候选人封存时为",)),
    ("the seats changed", "UPDATE vote_items SET seats = 2 WHERE id = ?", ("应选人数封存时为 1，现为 2",)),
    ("the seal replaced", "UPDATE vote_items SET seal = 'ab' || substr(seal, 3) WHERE id = ?", ("与确认记录",)),
    ("the certification undone", "UPDATE vote_items SET status = '草稿', seal = NULL WHERE id = ?",
     ("已确认结果，数据库中却是草稿",)),
])
def test_a_certified_result_changed_outside_the_program_is_caught(sealed, capsys, what, sql, words):
    path, info = sealed
    tamper(path, (sql, [info["items"][CHAIR]]))
    code, out = run_check(path, capsys)
    assert code == 1, what
    assert "事项“选举主席”（编号 1）" in out
    for word in words:
        assert word in out, (what, out)


def test_an_edited_audit_row_is_caught_even_with_its_hash_and_the_recorded_head_recomputed(sealed, capsys):
    """The 确认结果 entry of the last certified item says 未通过: edited plainly the chain shows it; with its hash
    and the head in settings recomputed too, only the head kept beside the database does."""
    path, info = sealed
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT id, at, actor, action, entity, entity_id, detail, prev_hash FROM audit_log "
                       "WHERE action = '确认结果' AND entity_id = ?", [info["items"][MOTION]]).fetchone()
    last = conn.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    conn.close()
    entry_id, at, actor, action, entity, entity_id, detail, prev_hash = row
    assert entry_id == last
    forged = json.loads(detail)
    forged["adopted"] = False
    forged_text = json.dumps(forged, ensure_ascii=False, sort_keys=True)
    tamper(path, ("UPDATE audit_log SET detail = ? WHERE id = ?", [forged_text, entry_id]))
    code, out = run_check(path, capsys)
    assert code == 1 and f"审计日志第 {entry_id} 条内容与校验值不符" in out

    digest = _entry_hash(prev_hash, at, actor, action, entity, entity_id, forged_text)
    tamper(path, ("UPDATE audit_log SET hash = ? WHERE id = ?", [digest, entry_id]),
           ("UPDATE settings SET value = ? WHERE key = 'audit_head'", [json.dumps({"id": entry_id, "hash": digest})]))
    assert problems(path, "audit_chain") == []
    found = problems(path, "audit_head")
    assert len(found) == 1 and f"审计日志第 {entry_id} 条与链尾记录文件" in found[0].message
    code, out = run_check(path, capsys)
    assert code == 1


def _chain(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_cut_audit_tail_with_its_recorded_head_edited_is_caught_by_the_file_beside_the_database(sealed, capsys):
    path, _info = sealed
    rows = _chain(path)
    keep = rows[-4]
    tamper(path, ("DELETE FROM audit_log WHERE id > ?", [keep[0]]),
           ("UPDATE settings SET value = ? WHERE key = 'audit_head'", [json.dumps({"id": keep[0], "hash": keep[8]})]))
    found = problems(path, "audit_head")
    assert problems(path, "audit_chain") == []     # the chain alone no longer shows the cut
    assert len(found) == 1 and f"审计日志缺少第 {keep[0] + 1}–{rows[-1][0]} 条" in found[0].message
    code, _out = run_check(path, capsys)
    assert code == 1


def test_a_chain_recomputed_after_a_changed_ballot_is_caught_by_the_file_beside_the_database(sealed, capsys):
    """The whole chain rewritten consistently (the entry, every later hash, the head in settings)."""
    path, info = sealed
    rows = _chain(path)
    target = next(r for r in rows if r[3] == "录入选票" and json.loads(r[6])["item_id"] == info["items"][CHAIR])
    conn = sqlite3.connect(path)
    prev = None
    for row in rows:
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = row
        if entry_id == target[0]:
            d = json.loads(detail)
            d["marks"] = "N"
            detail = json.dumps(d, ensure_ascii=False, sort_keys=True)
        if prev is not None:
            prev_hash = prev
        if entry_id >= target[0]:
            digest = _entry_hash(prev_hash, at, actor, action, entity, entity_id, detail)
            conn.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                         [detail, prev_hash, digest, entry_id])
        prev = digest
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", [json.dumps({"id": rows[-1][0], "hash": prev})])
    conn.commit()
    conn.close()
    assert problems(path, "audit_chain") == []
    found = problems(path, "audit_head")
    assert len(found) == 1 and "被改写或整条重新计算过" in found[0].message
    code, _out = run_check(path, capsys)
    assert code == 1


# ---------------------------------------------------------------------------------------------- warnings


def test_a_missing_head_file_is_a_warning_not_a_failure(sealed, capsys):
    path, _info = sealed
    audit_head.head_path(path).unlink()
    code, out = run_check(path, capsys)
    assert code == 0 and "审计链尾记录：正常（有提示）" in out and "提示：没有找到审计链尾记录文件" in out


def test_a_head_file_behind_the_chain_is_a_warning(sealed, capsys):
    path, _info = sealed
    rows = _chain(path)
    audit_head.write(path, audit_head.Head(rows[-3][0], rows[-3][8]))
    code, out = run_check(path, capsys)
    assert code == 0 and "落后于审计日志 2 条" in out


def _as_certified_before_seals(path, item_id):
    """What an older version left: no seal in the item or in its 确认结果 entry (the chain rebuilt as it wrote it)."""
    rows = _chain(path)
    conn = sqlite3.connect(path)
    prev = None
    for row in rows:
        entry_id, at, actor, action, entity, entity_id, detail, prev_hash, digest = row
        if action == "确认结果" and entity_id == item_id:
            d = json.loads(detail)
            for key in ("seal", "sealed", "papers"):
                d.pop(key)
            detail = json.dumps(d, ensure_ascii=False, sort_keys=True)
        prev_hash = prev or prev_hash
        digest = _entry_hash(prev_hash, at, actor, action, entity, entity_id, detail)
        conn.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                     [detail, prev_hash, digest, entry_id])
        prev = digest
    conn.execute("UPDATE vote_items SET seal = NULL WHERE id = ?", [item_id])
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", [json.dumps({"id": rows[-1][0], "hash": prev})])
    conn.commit()
    conn.close()
    audit_head.write(path, audit_head.Head(rows[-1][0], prev))


def test_an_item_certified_before_seals_is_a_warning_and_its_recount_still_checked(sealed, capsys):
    path, info = sealed
    _as_certified_before_seals(path, info["items"][CHAIR])
    code, out = run_check(path, capsys)
    assert code == 0, out
    assert "提示：事项“选举主席”（编号 1）：未封存（升级前）" in out
    tamper(path, ("UPDATE ballots SET marks = 'N' WHERE item_id = ? AND serial <= 40", [info["items"][CHAIR]]))
    code, out = run_check(path, capsys)
    assert code == 1 and "重新计票的结果与确认时" in out and "第 1 号选票（一组）的内容与录入记录" in out


def test_a_newer_count_that_records_its_result_differently_is_a_warning_not_a_tamper(sealed, monkeypatch):
    """Same ballots, same figures, the sealed record intact: a count written with one key more is not an attack."""
    from desktop_app.domain import ballots as rules

    path, _info = sealed
    original = rules.count
    monkeypatch.setattr(rules, "count", lambda spec, entries: {**original(spec, entries), "note": "新版本"})
    seals = next(r for r in check_report(path) if r.name == "seals")
    assert seals.ok and len(seals.warnings) == 2
    assert "选票和票数与封存码" in seals.warnings[0].message and "仅格式不同" in seals.warnings[0].message


# ---------------------------------------------------------------------------------------------- unlocking, restore


def test_unlocking_clears_the_seal_and_keeps_it_in_the_log(sealed, capsys):
    from desktop_app.db import audit
    from desktop_app.db import vote_items as items_db
    from desktop_app.db.ballots import find_ballot
    from desktop_app.db.connection import open_database
    from desktop_app.ops import ballots as ballot_ops
    from desktop_app.ops import vote_items as item_ops

    path, info = sealed
    item = info["items"][CHAIR]
    db = open_database(path)
    try:
        item_ops.unlock(db, item, "第 1 号选票录错", by="孙八")
        assert items_db.get_item(db, item)["seal"] is None
        logged = json.loads(audit.entries(db, entity="vote_item", entity_id=item)[-1]["detail"])
        assert logged["seal"] == info["seals"][CHAIR]
        ballot_ops.correct(db, find_ballot(db, item, 1)["id"], marks="N", reason="核对原票")
        message = item_ops.certify(db, item, "孙八").message
        new_seal = items_db.get_item(db, item)["seal"]
    finally:
        db.close()
    assert new_seal and new_seal != info["seals"][CHAIR]
    assert f"结果封存码 {short_form(new_seal)}" in message
    code, out = run_check(path, capsys)
    assert code == 0, out


def test_restore_rewrites_the_head_file_for_the_restored_chain(sealed, capsys, tmp_path):
    """A backup's chain is shorter than the file beside the database: restoring through the program records it."""
    from desktop_app.db.backup import backup_to
    from desktop_app.db.connection import open_database
    from desktop_app.ops import ballots as ballot_ops
    from desktop_app.ops.restore import restore

    path, info = sealed
    db = open_database(path)
    try:
        backup_to(db, tmp_path / "older.db")
        ballot_ops.add(db, info["items"][DEPUTY_MAYORS], serial=6, marks="Y--")
    finally:
        db.close()
    restore(tmp_path / "older.db", path)
    code, out = run_check(path, capsys)
    assert code == 0 and "审计链尾记录：正常" in out and "提示" not in out, out


def test_an_upgraded_database_records_its_head_when_it_is_opened(tmp_path, capsys, monkeypatch):
    from desktop_app.db import migrations, sessions
    from desktop_app.db.connection import connect, open_database

    monkeypatch.setenv("XZRD_DATA_DIR", str(tmp_path / "userdata"))
    path = tmp_path / "old.db"
    old = connect(path)
    migrations.migrate(old, target=migrations.LATEST - 1)
    sessions.create_session(old, term_id=None, number=1, name="第一次会议", total_deputies=9)
    old.close()
    audit_head.head_path(path).unlink(missing_ok=True)     # written by no version before this one
    open_database(path).close()
    code, out = run_check(path, capsys)
    assert code == 0 and "审计链尾记录：正常" in out and "提示" not in out, out


def test_starting_empty_records_the_empty_chain_beside_the_new_database(sealed, capsys):
    """清空数据 keeps a backup, removes the file and opens an empty one: the old head must not stay behind."""
    from desktop_app.db.connection import open_database
    from desktop_app.db.fresh_start import keep_a_copy, remove_database_file

    path, _info = sealed
    db = open_database(path)
    try:
        keep_a_copy(db)
    finally:
        db.close()
    remove_database_file(path)
    assert audit_head.read(path) == audit_head.Head(0, audit_head.GENESIS)
    open_database(path).close()
    code, out = run_check(path, capsys)
    assert code == 0 and "审计链尾记录：正常" in out and "提示" not in out, out


# ---------------------------------------------------------------------------------------------- paper


def _text(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_the_seal_is_printed_on_the_tally_report_and_the_announcement(sealed, tmp_path):
    from desktop_app.db.connection import open_database
    from desktop_app.ops import session_documents

    path, info = sealed
    db = open_database(path)
    try:
        report = session_documents.render_tally_report(db, info["items"][CHAIR], tmp_path / "报告单.pdf")
        notice = session_documents.render_announcement(db, [info["items"][CHAIR]], tmp_path / "公告.pdf")
        motion = session_documents.render_vote_result(db, info["items"][MOTION], tmp_path / "表决结果.pdf")
        draft = session_documents.render_tally_report(db, info["items"][DEPUTY_MAYORS], tmp_path / "草稿.pdf")
    finally:
        db.close()
    chair_code = short_form(info["seals"][CHAIR])
    assert len(chair_code) == 19 and chair_code.count("-") == 3
    assert f"结果封存码：{chair_code}" in _text(report)
    assert f"结果封存码：{chair_code}" in _text(notice)
    assert f"结果封存码：{short_form(info['seals'][MOTION])}" in _text(motion)
    assert "封存码" not in _text(draft)     # a count in progress has no seal


# ---------------------------------------------------------------------------------------------- the county


def _package(path, out):
    from desktop_app.db.connection import open_database
    from desktop_app.exchange.package import build_package

    db = open_database(path)
    try:
        return build_package(db, out, today=TODAY, parts="roster,sessions", **PERIOD)
    finally:
        db.close()


def test_the_county_recounts_each_sealed_item_of_a_package(sealed, tmp_path):
    from desktop_app.exchange.county import consolidated_statistics, load_folder
    from desktop_app.exchange.county_reports import tables

    path, info = sealed
    county = tmp_path / "county"
    county.mkdir()
    package = _package(path, county / "town.zip")
    sealed_member = json.loads(members(package)["data/sealed-results.json"])
    items = {e["code"]: e for e in sealed_member["items"]}
    assert set(items) == {CHAIR, MOTION} and items[CHAIR]["seal"] == info["seals"][CHAIR]
    # Anonymous: marks only, no serial, no deputy.
    assert items[CHAIR]["sealed"]["ballots"][0] == ["Y", [], False]
    assert "deputy" not in json.dumps(items[CHAIR]["sealed"])
    view = load_folder(county)
    assert [f.status for f in view.files] == ["ok"]
    stats = consolidated_statistics(view, on=TODAY)
    assert ("计票结果核对", ["乡镇", "重新计票与封存码一致（项）", "未封存（升级前）（项）"],
            [[view.townships[0], 2, 0]]) in tables(stats)


def test_the_county_refuses_a_package_from_a_database_whose_ballots_were_changed(sealed, tmp_path):
    from desktop_app.exchange.county import load_folder

    path, info = sealed
    tamper(path, ("UPDATE ballots SET marks = 'N' WHERE item_id = ? AND serial <= 40", [info["items"][CHAIR]]))
    county = tmp_path / "county"
    county.mkdir()
    _package(path, county / "town.zip")
    view = load_folder(county)
    assert [f.status for f in view.files] == ["refused"] and view.townships == []
    assert "“选举主席”的选票、票数或结果与封存码" in view.files[0].message


def test_the_county_refuses_forged_sealed_ballots_and_a_forged_results_table(sealed, tmp_path):
    from desktop_app.exchange.county import load_folder

    path, _info = sealed
    genuine = _package(path, tmp_path / "town.zip")
    files = members(genuine)
    manifest = json.loads(files.pop("manifest.json"))
    forged = json.loads(files["data/sealed-results.json"])
    chair = next(e for e in forged["items"] if e["code"] == CHAIR)
    chair["sealed"]["ballots"][:40] = [["N", [], False]] * 40
    files["data/sealed-results.json"] = json.dumps(forged, ensure_ascii=False).encode("utf-8")
    (tmp_path / "a").mkdir()
    write_package(tmp_path / "a" / "forged.zip", files, manifest)

    def fewer_votes(rows):
        header = rows[0]
        agree = header.index("赞成或得票")
        rows[1][agree] = 17
        return rows

    (tmp_path / "b").mkdir()
    edit_workbook(genuine, tmp_path / "b" / "forged.zip", "data/人代会表决结果.xlsx", "表决结果", fewer_votes,
                  "session_results")
    for folder, words in (("a", "与封存码"), ("b", "表决结果表与封存的选票不符")):
        view = load_folder(tmp_path / folder)
        assert [f.status for f in view.files] == ["refused"], folder
        assert words in view.files[0].message, view.files[0].message


# ---------------------------------------------------------------------------------------------- the township's import


def test_a_township_import_recounts_the_sealed_results_and_takes_a_genuine_package(sealed, tmp_path, capsys):
    path, _info = sealed
    package = _package(path, tmp_path / "town.zip")
    code = main(["sync-import", str(package), "--db", str(path), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert json.loads(out.out)["information_only"]["session_results"] > 0


def test_a_township_import_refuses_a_package_whose_seals_do_not_recount_and_names_the_item(sealed, tmp_path, capsys):
    path, info = sealed
    tamper(path, ("UPDATE ballots SET marks = 'N' WHERE item_id = ? AND serial <= 40", [info["items"][CHAIR]]))
    package = _package(path, tmp_path / "town.zip")     # signed with the office's own key: only the seal tells
    code = main(["sync-import", str(package), "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "封存核对" in err and "“选举主席”的选票、票数或结果与封存码" in err
    assert "数据库未作任何改动" in err
    assert main(["sync-import", str(package), "--db", str(path), "--dry-run"]) == 2   # the preview refuses too
    capsys.readouterr()
    assert _applied(path) == "null"     # not even recorded as applied


def _applied(path) -> str:
    """The packages this database recorded as applied (the setting exchange_applied), as JSON text."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'exchange_applied'").fetchone()
    finally:
        conn.close()
    return row[0] if row else "null"
