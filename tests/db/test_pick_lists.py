"""The 设置 pick lists share one set of rules: unique names, hiding keeps the row, re-adding revives it."""

import pytest

from desktop_app.db import activities, audit, pick_lists, suggestions
from desktop_app.errors import InputError


@pytest.mark.parametrize("pick", [pick_lists.ACTIVITY_TYPES, pick_lists.SUGGESTION_FIELDS, pick_lists.HANDLING_UNITS])
def test_add_rename_hide_and_revive(db, pick):
    first = pick_lists.add(db, pick, " 新 条 目 ")
    assert pick_lists.id_by_name(db, pick, "新 条 目") == first        # inner spaces kept, outer trimmed
    with pytest.raises(InputError, match=f"已有{pick.label}“新 条 目”"):
        pick_lists.add(db, pick, "新 条 目")
    with pytest.raises(InputError, match=f"{pick.label}名称不能为空"):
        pick_lists.add(db, pick, "  ")
    second = pick_lists.add(db, pick, "另一条")
    with pytest.raises(InputError, match="已有"):
        pick_lists.update(db, pick, second, {"name": "新 条 目"})
    pick_lists.hide(db, pick, first)
    assert first not in [r["id"] for r in pick_lists.rows(db, pick)]
    assert first in [r["id"] for r in pick_lists.rows(db, pick, include_deleted=True)]
    with pytest.raises(InputError, match="不存在"):
        pick_lists.id_by_name(db, pick, "新 条 目")
    assert pick_lists.add(db, pick, "新 条 目") == first                # the same row comes back
    actions = [e["action"] for e in audit.entries(db)]
    assert actions.count(f"新增{pick.audit_label}") == 3 and f"删除{pick.audit_label}" in actions


def test_typed_lists_keep_their_own_columns(db):
    type_id = activities.add_type(db, "座谈会", collective=False, voter_contact=True)
    activities.delete_type(db, type_id)
    assert activities.add_type(db, "座谈会", collective=True, voter_contact=False) == type_id
    row = next(t for t in activities.list_types(db) if t["id"] == type_id)
    assert (row["collective"], row["voter_contact"]) == (1, 0)
    assert row["sort_order"] == max(t["sort_order"] for t in activities.list_types(db))
    with pytest.raises(InputError, match="单位类别"):
        suggestions.add_unit(db, "镇水利站", "水利")
    unit = suggestions.add_unit(db, "镇水利站", suggestions.rules.UNIT_KINDS[0])
    suggestions.update_unit(db, unit, kind=suggestions.rules.UNIT_KINDS[1])
    assert next(u for u in suggestions.list_units(db) if u["id"] == unit)["kind"] == suggestions.rules.UNIT_KINDS[1]
