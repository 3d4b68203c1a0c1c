"""ops of the 一人一档 records headless: 荣誉/处分, 述职, notes and documents written with their audit entries,
a bad field refused in Chinese with nothing written, and what an undo needs back."""

from __future__ import annotations

import pytest

from desktop_app.db import attachments as attachments_db
from desktop_app.db import audit, deputy_notes, honors, report_backs
from desktop_app.db.terms import create_term
from desktop_app.errors import InputError
from desktop_app.ops import archive_records, attachments, deputies
from desktop_app.ops.changes import Area


@pytest.fixture
def deputy(db):
    create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    return deputies.add(db, {"name": "张三", "gender": "男"}).value


def _actions(db) -> list[str]:
    return [entry["action"] for entry in audit.entries(db)]


def test_honor_add_edit_delete_restore(db, deputy):
    changes = archive_records.add_honor(db, deputy, {"kind": "荣誉", "title": "优秀人大代表", "date": "2026-03-01"})
    assert changes.touches(Area.HONORS) and changes.touches(Area.SCORES)
    honor = changes.value
    assert archive_records.edit_honor(db, honor, {"issuer": "县人大常委会"}).value == {"issuer": None}
    archive_records.delete_honors(db, [honor])
    assert honors.list_honors(db, deputy) == []
    archive_records.restore_honors(db, [honor])
    assert [h["title"] for h in honors.list_honors(db, deputy)] == ["优秀人大代表"]
    assert _actions(db)[-4] == "新增荣誉"


def test_report_back_with_more_votes_than_voters_is_refused(db, deputy):
    entries = len(audit.entries(db))
    with pytest.raises(InputError):
        archive_records.add_report_back(db, deputy, {"date": "2026-10-10", "voters_present": 10, "satisfied": 12})
    assert report_backs.list_report_backs(db, deputy) == [] and len(audit.entries(db)) == entries
    report = archive_records.add_report_back(db, deputy, {"date": "2026-10-10", "voters_present": 30,
                                                          "satisfied": 28}).value
    assert archive_records.edit_report_back(db, report, {"place": "东山村"}).value == {"place": None}
    archive_records.delete_report_backs(db, [report])
    archive_records.restore_report_backs(db, [report])
    assert [r["place"] for r in report_backs.list_report_backs(db, deputy)] == ["东山村"]


def test_note_and_document(db, deputy, tmp_path):
    note = archive_records.add_note(db, deputy, {"date": "2026-05-01", "text": "到东山村走访"}).value
    archive_records.edit_note(db, note, {"text": "到东山村走访 3 户"})
    archive_records.delete_notes(db, [note])
    assert deputy_notes.list_notes(db, deputy) == []
    archive_records.restore_notes(db, [note])
    assert "新增档案备注" in _actions(db) and "删除档案备注" in _actions(db)
    with pytest.raises(InputError):
        archive_records.add_note(db, deputy, {"date": "2026-13-01", "text": "日期不对"})
    source = tmp_path / "述职报告.txt"
    source.write_text("述职", encoding="utf-8")
    added = attachments.add(db, "deputies", deputy, source)
    assert added.touches(Area.ARCHIVE)
    assert attachments_db.attachment_path(db, added.value).read_text(encoding="utf-8") == "述职"
    attachments.remove(db, [added.value], "deputies")
    attachments.restore(db, [added.value], "deputies")
    assert _actions(db)[-1] == "恢复附件"
