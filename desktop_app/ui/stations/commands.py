"""Undoable station actions: the station record and the groups it serves (pattern: ui/widgets/record_commands.py)."""

from __future__ import annotations

from ...db import stations as stations_db
from ..widgets.record_commands import LinkKind, RecordKind

STATION = RecordKind(
    table="stations", noun="站点", get=stations_db.get_station,
    update=lambda db, station_id, values: stations_db.update_station(db, station_id, **values),
    delete=stations_db.delete_station, restore=stations_db.restore_station)

SERVED_GROUPS = LinkKind(table="stations", text="设置服务小组", current=stations_db.served_group_ids,
                         set=stations_db.set_groups)
