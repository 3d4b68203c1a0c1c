"""Undoable archive records: 荣誉/处分, 述职, notes and documents (pattern: ui/widgets/record_commands.py)."""

from __future__ import annotations

from pathlib import Path

from ...db import attachments, deputy_notes, honors, report_backs
from ..widgets.record_commands import RecordKind

HONOR = RecordKind(
    table="honors", noun="荣誉处分记录", get=honors.get_honor, update=honors.update_honor,
    delete=honors.delete_honor, restore=honors.restore_honor,
    label=lambda r: f"{r.get('deputy_name') or ''}“{r.get('title') or ''}”")

REPORT_BACK = RecordKind(
    table="report_backs", noun="述职记录", get=report_backs.get_report_back, update=report_backs.update_report_back,
    delete=report_backs.delete_report_back, restore=report_backs.restore_report_back,
    label=lambda r: f"{r.get('deputy_name') or ''} {r.get('date') or ''}")

NOTE = RecordKind(
    table="deputy_notes", noun="档案备注", get=deputy_notes.get_note, update=deputy_notes.update_note,
    delete=deputy_notes.delete_note, restore=deputy_notes.restore_note,
    label=lambda r: f"{r.get('deputy_name') or ''} {r.get('date') or ''}")


def _document(db, attachment_id: int) -> dict:
    return {"id": attachment_id, "original_name": Path(attachments.attachment_path(db, attachment_id)).name}


DOCUMENT = RecordKind(
    table="attachments", noun="档案材料", get=_document, update=lambda db, record_id, values: {},
    delete=attachments.remove_attachment, restore=attachments.restore_attachment,
    label=lambda r: r.get("original_name") or "")
