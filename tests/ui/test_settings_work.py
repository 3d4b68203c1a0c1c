"""设置 tabs 节假日 and 活动与建议: edits reach the database, bad input is refused with a message."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop_app.db import activities, calendar, compliance, suggestions
from desktop_app.domain.calendar import add_working_days
from desktop_app.ui.settings import calendar as calendar_ui
from desktop_app.ui.settings import work_lists
from desktop_app.ui.settings.calendar import CalendarSettings, format_days, parse_days
from desktop_app.ui.settings.work_lists import WorkListSettings

pytestmark = pytest.mark.gui
D = dt.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(calendar_ui, "confirm", lambda *a: True)
    monkeypatch.setattr(work_lists, "confirm", lambda *a: True)


def _calendar(qtbot, ctx) -> CalendarSettings:
    widget = CalendarSettings(ctx, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


# 节假日 ----------------------------------------------------------------------------------------

def test_days_are_typed_as_dates_and_ranges():
    days = parse_days("2027-01-01 至 2027-01-03\n2027-02-10、2027年2月12日\n2027-05-01~2027-05-02 ", "放假日期")
    assert [d.isoformat() for d in days] == ["2027-01-01", "2027-01-02", "2027-01-03", "2027-02-10", "2027-02-12",
                                            "2027-05-01", "2027-05-02"]
    assert format_days(days) == "2027-01-01 至 2027-01-03\n2027-02-10\n2027-02-12\n2027-05-01 至 2027-05-02"
    assert parse_days(format_days(days), "x") == days
    for text, message in (("2027-01-05 至 2027-01-03", "结束日期早于开始日期"), ("2027-02-30", "没有这一天"),
                          ("2027-01-01 至 2027-03-01", "超过 31 天"), ("元旦", "不是有效日期")):
        with pytest.raises(calendar_ui.DaysInputError, match=message):
            parse_days(text, "放假日期")


def test_adding_2027_makes_its_holidays_days_off(ctx, qtbot):
    widget = _calendar(qtbot, ctx)
    assert widget.years_shown() == [2025, 2026]
    assert "2027年" in widget.warning_label.text() and not widget.warning_label.isHidden()
    before = suggestions.create_suggestion(ctx.db, {"title": "路灯", "source": "选民意见", "date": "2026-12-11"})

    dialog = widget.add_year()
    assert dialog.year == 2027
    dialog.off_edit.setPlainText("2027-01-01 至 2027-01-03")
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(1))      # 2027-01-02, already in
    dialog.add_picked(dialog.off_edit)
    assert dialog.off_edit.toPlainText() == "2027-01-01 至 2027-01-03"
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(14))     # 2027-01-16, a Saturday
    dialog.add_picked(dialog.work_edit)
    assert dialog.work_edit.toPlainText() == "2027-01-16"
    assert dialog.save()

    assert widget.years_shown() == [2025, 2026, 2027]
    assert widget.warning_label.isHidden()
    row = widget.years_shown().index(2027)
    assert [widget.table.item(row, c).text() for c in range(4)] == ["2027", "本单位添加", "3", "1"]
    table = calendar.holiday_table(ctx.db)
    assert D(2027, 1, 1) in table.days_off and D(2027, 1, 16) in table.workdays
    # A deadline across New Year moves past the three days off (15 working days after Friday 11 December).
    assert add_working_days(D(2026, 12, 30), 2, table).date == D(2027, 1, 4)
    after = suggestions.create_suggestion(ctx.db, {"title": "路灯", "source": "选民意见", "date": "2026-12-11"})
    assert before["deadline"] == "2027-01-01" and before["warning"]
    assert after["deadline"] == "2027-01-04" and after["warning"] is None


def test_bad_year_is_refused_with_a_message_and_nothing_saved(ctx, qtbot):
    widget = _calendar(qtbot, ctx)
    dialog = widget.add_year()
    dialog.off_edit.setPlainText("2027-01-01\n2027-13-01")
    assert not dialog.save()
    assert "放假日期第2项" in dialog.error_label.text() and "没有这一天" in dialog.error_label.text()
    dialog.off_edit.setPlainText("2028-01-01")
    assert not dialog.save() and "不在 2027 年内" in dialog.error_label.text()
    dialog.off_edit.setPlainText("2027-01-01")
    dialog.work_edit.setPlainText("2027-01-04")                    # a Monday
    assert not dialog.save() and "只需填写需要上班的周末" in dialog.error_label.text()
    dialog.work_edit.setPlainText("")
    dialog.off_edit.setPlainText("")
    assert not dialog.save() and "至少应有一个放假日期" in dialog.error_label.text()
    assert calendar.user_years(ctx.db) == {}
    dialog.year_spin.setValue(2026)
    dialog.off_edit.setPlainText("2026-01-01")
    assert not dialog.save() and "已有节假日安排" in dialog.error_label.text()
    assert calendar.user_years(ctx.db) == {}


def test_edit_and_remove_a_user_year(ctx, qtbot, yes):
    calendar.set_year(ctx.db, 2027, ["2027-01-01"], [])
    widget = _calendar(qtbot, ctx)
    widget.select_year(2026)
    assert widget.edit_button.isEnabled() and not widget.remove_button.isEnabled()   # shipped: not removable
    widget.select_year(2027)
    assert widget.remove_button.isEnabled()
    dialog = widget.edit_selected()
    assert dialog.off_edit.toPlainText() == "2027-01-01" and not dialog.year_spin.isEnabled()
    dialog.off_edit.setPlainText("2027-01-01, 2027-02-06 至 2027-02-12")
    assert dialog.save()
    assert len(calendar.user_years(ctx.db)[2027]["days_off"]) == 8
    widget.select_year(2027)
    assert widget.remove_selected()
    assert widget.years_shown() == [2025, 2026] and calendar.user_years(ctx.db) == {}
    assert "2027年" in widget.warning_label.text()


# 活动与建议 ------------------------------------------------------------------------------------

def _work(qtbot, ctx) -> WorkListSettings:
    widget = WorkListSettings(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(db, name):
    return next(t for t in activities.list_types(db) if t["name"] == name)


def test_activity_types_added_renamed_flagged_and_deleted(ctx, qtbot, yes):
    widget = _work(qtbot, ctx)
    types = widget.types
    types.new_name.setText("入户走访")
    types.new_flags["voter_contact"].setChecked(True)
    assert types.add_from_fields()
    added = _type(ctx.db, "入户走访")
    assert (added["collective"], added["voter_contact"]) == (0, 1)
    assert "入户走访" in types.names() and types.new_name.text() == ""

    row = types.row_of(added["id"])
    types.table.item(row, 1).setCheckState(Qt.Checked)             # tick 计为联络站集体活动
    assert _type(ctx.db, "入户走访")["collective"] == 1
    types.table.item(row, 0).setText("入户走访选民")                  # edited in place
    assert _type(ctx.db, "入户走访选民")["id"] == added["id"]

    types.table.selectRow(types.row_of(added["id"]))
    assert types.delete_selected()
    assert "入户走访选民" not in [t["name"] for t in activities.list_types(ctx.db)]
    assert "入户走访选民" not in types.names()


def test_bad_names_are_refused_with_a_message(ctx, qtbot):
    widget = _work(qtbot, ctx)
    types = widget.types
    count = len(activities.list_types(ctx.db))
    types.new_name.setText("   ")
    assert not types.add_from_fields()
    assert "不能为空" in types.error_label.text() and types.error_label.isVisible()
    types.new_name.setText("视察")
    assert not types.add_from_fields() and "已有活动类型“视察”" in types.error_label.text()
    assert len(activities.list_types(ctx.db)) == count

    study = _type(ctx.db, "调研")
    row = types.row_of(study["id"])
    types.table.item(row, 0).setText("视察")                         # a duplicate name typed in the cell
    assert "已有活动类型“视察”" in types.error_label.text()
    assert types.table.item(types.row_of(study["id"]), 0).text() == "调研"   # the cell shows the stored name
    assert _type(ctx.db, "调研")["id"] == study["id"]

    fields = widget.fields
    fields.new_name.setText("城乡建设")
    assert not fields.add_from_fields() and "已有领域" in fields.error_label.text()
    units = widget.units
    units.new_name.setText("")
    assert not units.add_from_fields() and "承办单位名称不能为空" in units.error_label.text()
    types.table.clearSelection()
    assert not types.delete_selected() and "请先在列表中选择" in types.error_label.text()


def test_fields_units_thresholds_and_deadlines(ctx, qtbot, yes):
    widget = _work(qtbot, ctx)
    widget.fields.new_name.setText("民生实事")
    assert widget.fields.add_from_fields()
    assert "民生实事" in [f["name"] for f in suggestions.list_fields(ctx.db)]

    units = widget.units
    units.new_name.setText("县水利局")
    units.new_kind.setCurrentText("县直部门")
    assert units.add_from_fields()
    unit = next(u for u in suggestions.list_units(ctx.db) if u["name"] == "县水利局")
    assert unit["kind"] == "县直部门"
    combo = units.table.cellWidget(units.row_of(unit["id"]), 1)
    combo.setCurrentIndex(combo.findData("其他"))
    assert next(u for u in suggestions.list_units(ctx.db) if u["id"] == unit["id"])["kind"] == "其他"

    widget.threshold_spins["deputy_contacts_per_year"].setValue(4)
    widget.threshold_spins["group_per_quarter"].setValue(2)
    assert widget.save_thresholds()
    limits = compliance.thresholds(ctx.db)
    assert (limits["deputy_contacts_per_year"], limits["group_per_quarter"]) == (4, 2)

    widget.deadline_spins["分类"].setValue(10)
    assert widget.save_deadlines()
    assert suggestions.deadline_days(ctx.db)["分类"] == 10
    created = suggestions.create_suggestion(ctx.db, {"title": "路灯", "source": "选民意见", "date": "2026-03-02"})
    assert created["deadline"] == "2026-03-16"                     # 10 working days after Monday 2 March


def test_deadline_days_refuse_bad_values(db):
    from desktop_app.errors import InputError

    with pytest.raises(InputError, match="1 至 365"):
        suggestions.set_deadline_days(db, {"办理": 0})
    with pytest.raises(InputError, match="应为整数"):
        suggestions.set_deadline_days(db, {"办理": "两个月"})
    assert suggestions.deadline_days(db)["办理"] == 60
