"""The audit chain catches an edit or a deletion made outside the app, and names the first broken entry."""

import json
import sqlite3

from desktop_app.db import audit, ballots, sessions, vote_items
from desktop_app.db.check import run_checks


def fill(db):
    sid = sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=9)
    item = vote_items.create_item(db, sid, code="1", name="选举镇长", kind="选举", seats=1, issued=9)
    vote_items.set_candidates(db, item, ["张三", "李四"])
    for serial in range(1, 8):
        ballots.add_ballot(db, item, serial=serial, marks="Y-" if serial % 3 else "-Y")
    vote_items.certify(db, item, "总监票人")
    return item


def test_every_ballot_action_is_chained(db):
    fill(db)
    assert audit.verify_chain(db) is None
    rows = audit.entries(db)
    assert [r["action"] for r in rows].count("录入选票") == 7
    assert all(r["prev_hash"] == p["hash"] for p, r in zip(rows, rows[1:]))


def test_edit_outside_the_app_reports_that_entry(db, db_path):
    fill(db)
    target = next(r for r in audit.entries(db) if r["action"] == "录入选票" and json.loads(r["detail"])["serial"] == 4)
    db.close()
    raw = sqlite3.connect(db_path)
    detail = json.loads(target["detail"])
    assert detail["marks"] == "Y-"
    detail["marks"] = "-Y"   # someone flips a vote in the log to hide a changed ballot
    raw.execute("UPDATE audit_log SET detail = ? WHERE id = ?", [json.dumps(detail, ensure_ascii=False), target["id"]])
    raw.commit()
    raw.close()
    problems = run_checks(db_path)
    assert [(p.check, p.entry_id) for p in problems] == [("audit_chain", target["id"])]
    assert f"第 {target['id']} 条" in problems[0].message


def test_rehashed_edit_is_caught_at_the_next_link(db, db_path):
    """Recomputing the edited entry's own hash does not help: the next entry's link breaks."""
    from desktop_app.db.audit import _entry_hash

    fill(db)
    rows = audit.entries(db)
    victim = next(r for r in rows if r["action"] == "录入选票" and '"marks": "Y-"' in r["detail"])
    following = rows[rows.index(victim) + 1]
    db.close()
    raw = sqlite3.connect(db_path)
    new_detail = victim["detail"].replace('"marks": "Y-"', '"marks": "-Y"')
    new_hash = _entry_hash(victim["prev_hash"], victim["at"], victim["actor"], victim["action"], victim["entity"],
                           victim["entity_id"], new_detail)
    raw.execute("UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?", [new_detail, new_hash, victim["id"]])
    raw.commit()
    raw.close()
    problems = run_checks(db_path)
    assert [p.entry_id for p in problems] == [following["id"]]


def test_deleted_entry_is_reported(db, db_path):
    fill(db)
    rows = audit.entries(db)
    gone = rows[4]["id"]
    db.close()
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM audit_log WHERE id = ?", [gone])
    raw.commit()
    raw.close()
    problems = run_checks(db_path)
    assert [p.entry_id for p in problems if p.check == "audit_chain"] == [gone]
    assert "删除" in problems[0].message
    # The entry recorded a ballot: that ballot now has no record of being entered, and check says so too.
    assert [p.check for p in problems[1:]] == ["seals"] and "没有录入记录" in problems[1].message
