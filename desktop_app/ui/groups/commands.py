"""Undoable group actions: the group record and its member list (the pattern is in ui/widgets/record_commands.py)."""

from __future__ import annotations

from ...db import groups as groups_db
from ...ops import groups as groups_ops
from ..widgets.record_commands import LinkKind, RecordKind

GROUP = RecordKind(
    table="groups", noun="代表小组", get=groups_db.get_group,
    update=lambda db, group_id, values: groups_ops.edit(db, group_id, values),
    delete=lambda db, group_id: groups_ops.delete(db, [group_id]),
    restore=lambda db, group_id: groups_ops.restore(db, [group_id]))


def _convener(db, group_id: int) -> dict:
    return {"convener_id": groups_db.get_group(db, group_id)["convener_id"]}


MEMBERS = LinkKind(
    table="groups", text="设置小组成员", current=groups_db.member_ids,
    set=lambda db, group_id, ids: groups_ops.set_members(db, group_id, ids).value,
    # Dropping the convener from the members clears the convener; undo names them again.
    state=_convener, put_state=lambda db, group_id, state: groups_ops.edit(db, group_id, state))
