"""ops of 设置 headless: unit names, masking, the backup folder, the county folder, the demo offer, print offsets
and the work lists — each write with its audit entry, and each refusal in Chinese leaving the database as it was."""

from __future__ import annotations

import pytest

from desktop_app.db import activities as activities_db
from desktop_app.db import audit, auto_backup, compliance, print_offsets, settings
from desktop_app.db import suggestions as suggestions_db
from desktop_app.errors import InputError, UserError
from desktop_app.ops import deputies, first_start, printing, work_lists
from desktop_app.ops import settings as settings_ops
from desktop_app.ops.changes import Area


def _actions(db) -> list[str]:
    return [entry["action"] for entry in audit.entries(db)]


def test_unit_names_saved_together_with_one_audit_entry(db):
    changes = settings_ops.set_unit_names(db, " 青山镇 ", "绿水县")
    assert changes.touches(Area.SETTINGS)
    assert (settings.get(db, "township_name"), settings.get(db, "county_name")) == ("青山镇", "绿水县")
    assert _actions(db) == ["修改单位名称"]
    assert settings_ops.set_unit_names(db, "青山镇", "绿水县").areas == Area.NONE   # unchanged: no entry
    assert len(audit.entries(db)) == 1


def test_an_empty_unit_name_is_refused_and_nothing_changes(db):
    with pytest.raises(InputError, match="请填写县（市、区）名称，单位名称未改变。"):
        settings_ops.set_unit_names(db, "青山镇", "  ")
    assert settings.get(db, "township_name") == "示范镇" and audit.entries(db) == []


def test_masking_switch_is_logged(db):
    assert settings_ops.set_masking(db, False).touches(Area.SETTINGS)
    assert settings.get(db, "mask_personal_data") is False
    assert settings_ops.set_masking(db, False).areas == Area.NONE
    assert _actions(db) == ["关闭个人信息隐藏"]


def test_backup_folder_that_cannot_be_written_is_refused(db, tmp_path):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    before = auto_backup.backup_folder(db)
    with pytest.raises(UserError, match="备份位置未改变"):
        settings_ops.set_backup_folder(db, blocker / "备份")
    assert auto_backup.backup_folder(db) == before and audit.entries(db) == []
    chosen = settings_ops.set_backup_folder(db, tmp_path / "U盘备份")
    assert chosen.value == (tmp_path / "U盘备份").resolve() == auto_backup.backup_folder(db)
    assert _actions(db) == ["更改备份文件夹"]


def test_county_folder_and_demo_offer(db, tmp_path):
    settings_ops.remember_county_folder(db, tmp_path)
    assert settings.get(db, "county_folder") == str(tmp_path)
    assert first_start.wants_demo_offer(db)
    first_start.mark_demo_offered(db)
    assert not first_start.wants_demo_offer(db)
    settings.put(db, "demo_offered", False)
    deputy = deputies.add(db, {"name": "张三", "gender": "男"}).value
    deputies.delete(db, [deputy])
    assert not first_start.wants_demo_offer(db)          # a deleted deputy still means the file is in use


def test_print_offset_saved_per_printer_and_a_bad_number_refused(db):
    printing.choose_printer(db, "办公室激光打印机")
    assert print_offsets.current_printer(db) == "办公室激光打印机"
    changes = printing.save_offset(db, "办公室激光打印机", "certificate", "1.24", -2)
    assert changes.value == (1.2, -2.0)
    assert print_offsets.current_offset(db, "certificate") == (1.2, -2.0)
    assert _actions(db) == ["保存打印偏移"]
    with pytest.raises(InputError, match="左右偏移应为数字"):
        printing.save_offset(db, "办公室激光打印机", "certificate", "一点五", 0)
    assert print_offsets.current_offset(db, "certificate") == (1.2, -2.0) and len(audit.entries(db)) == 1


def test_work_lists_write_with_audit_and_refuse_a_duplicate(db):
    type_id = work_lists.add_activity_type(db, "入户走访", collective=False, voter_contact=True).value
    work_lists.change_activity_type(db, type_id, collective=True)
    row = next(r for r in activities_db.list_types(db) if r["id"] == type_id)
    assert (row["name"], row["collective"], row["voter_contact"]) == ("入户走访", 1, 1)
    with pytest.raises(InputError):
        work_lists.add_activity_type(db, "入户走访")
    field_id = work_lists.add_field(db, "乡村振兴").value
    work_lists.rename_field(db, field_id, "乡村振兴与产业")
    work_lists.delete_field(db, field_id)
    assert "乡村振兴与产业" not in [r["name"] for r in suggestions_db.list_fields(db)]
    unit_id = work_lists.add_unit(db, "镇农业服务中心", "镇直部门").value
    work_lists.change_unit(db, unit_id, name="镇农业农村服务中心")
    work_lists.delete_unit(db, unit_id)
    assert "镇农业农村服务中心" not in [r["name"] for r in suggestions_db.list_units(db)]
    actions = _actions(db)
    assert actions[0].startswith("新增") and actions[-1].startswith("删除") and len(actions) == 8


def test_thresholds_refused_when_negative(db):
    before = compliance.thresholds(db)
    with pytest.raises(InputError):
        work_lists.set_thresholds(db, {"deputy_per_year": -1})
    assert compliance.thresholds(db) == before and audit.entries(db) == []
    changes = work_lists.set_thresholds(db, {"deputy_per_year": 6})
    assert changes.value["deputy_per_year"] == 6 and _actions(db) == ["设置履职要求"]
