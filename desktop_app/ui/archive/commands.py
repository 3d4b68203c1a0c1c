"""Undoable archive records: 荣誉/处分, 述职, notes and documents over ``ops`` (pattern: ui/widgets/record_commands.py)."""

from __future__ import annotations

from pathlib import Path

from ...db import attachments, deputy_notes, honors, report_backs
from ...ops import archive_records as records_ops
from ...ops import attachments as attachments_ops
from ..widgets.record_commands import RecordKind

HONOR = RecordKind(
    table="honors", noun="荣誉处分记录", get=honors.get_honor, update=records_ops.edit_honor,
    delete=lambda db, honor_id: records_ops.delete_honors(db, [honor_id]),
    restore=lambda db, honor_id: records_ops.restore_honors(db, [honor_id]),
    label=lambda r: f"{r.get('deputy_name') or ''}“{r.get('title') or ''}”")

REPORT_BACK = RecordKind(
    table="report_backs", noun="述职记录", get=report_backs.get_report_back, update=records_ops.edit_report_back,
    delete=lambda db, report_id: records_ops.delete_report_backs(db, [report_id]),
    restore=lambda db, report_id: records_ops.restore_report_backs(db, [report_id]),
    label=lambda r: f"{r.get('deputy_name') or ''} {r.get('date') or ''}")

NOTE = RecordKind(
    table="deputy_notes", noun="档案备注", get=deputy_notes.get_note, update=records_ops.edit_note,
    delete=lambda db, note_id: records_ops.delete_notes(db, [note_id]),
    restore=lambda db, note_id: records_ops.restore_notes(db, [note_id]),
    label=lambda r: f"{r.get('deputy_name') or ''} {r.get('date') or ''}")


def _document(db, attachment_id: int) -> dict:
    return {"id": attachment_id, "original_name": Path(attachments.attachment_path(db, attachment_id)).name}


DOCUMENT = RecordKind(
    table="attachments", noun="档案材料", get=_document, update=lambda db, record_id, values: {},
    delete=lambda db, attachment_id: attachments_ops.remove(db, [attachment_id], "deputies"),
    restore=lambda db, attachment_id: attachments_ops.restore(db, [attachment_id], "deputies"),
    label=lambda r: r.get("original_name") or "")
