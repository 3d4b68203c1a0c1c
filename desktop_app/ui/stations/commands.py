"""Undoable station actions: the station record and the groups it serves (pattern: ui/widgets/record_commands.py)."""

from __future__ import annotations

from ...db import stations as stations_db
from ...ops import stations as stations_ops
from ..widgets.record_commands import LinkKind, RecordKind

STATION = RecordKind(
    table="stations", noun="站点", get=stations_db.get_station,
    update=lambda db, station_id, values: stations_ops.edit(db, station_id, values),
    delete=lambda db, station_id: stations_ops.delete(db, [station_id]),
    restore=lambda db, station_id: stations_ops.restore(db, [station_id]))

SERVED_GROUPS = LinkKind(table="stations", text="设置服务小组", current=stations_db.served_group_ids,
                         set=lambda db, station_id, ids: stations_ops.set_groups(db, station_id, ids).value)
