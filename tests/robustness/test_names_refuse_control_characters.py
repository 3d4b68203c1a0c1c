"""F14: names refuse control and text-direction (bidi) characters, with a Chinese message naming the field.

A name holding U+202E prints reversed (“张三\u202e四李” shows as another name on a ballot or a certificate);
a control character is invisible. The form (the db store it calls), the roster import and the exchange
importer all refuse them, and the database keeps what it had.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from desktop_app.db import deputies, groups, stations
from desktop_app.domain.roster import clean_deputy, validate_deputy
from desktop_app.domain.vote_items import VoteItemRuleError, candidate_rows
from desktop_app.errors import UserError
from desktop_app.exchange.importer import apply_import, preview_import
from desktop_app.exchange.layouts import BY_NAME
from desktop_app.exchange.package import read_package
from desktop_app.exchange.signing import office_key
from desktop_app.ops import roster_import
from package_tools import edit_workbook, is_chinese, table_dump

# Every class the brief names: C0 controls (NUL, BEL, ESC, line feed), DEL, the marks, an override, an isolate.
ALL = ["\x00", "\x07", "\x1b", "\n", "\x7f", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069"]
# What a workbook cell can hold (openpyxl refuses to write most C0 controls at all).
IN_WORKBOOKS = ["\n", "\u200f", "\u202e", "\u2067"]


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


@pytest.mark.parametrize("ch", ALL, ids=code)
def test_the_deputy_form_refuses_a_name_with_the_character(town, town_path, ch):
    before = table_dump(town_path)
    with pytest.raises(UserError) as info:
        deputies.insert_deputy(town, {"name": f"张{ch}三", "level": "乡"})
    message = str(info.value)
    assert is_chinese(message) and "姓名" in message and code(ch) in message, message
    assert table_dump(town_path) == before


@pytest.mark.parametrize("ch", ["\u202e", "\x00"], ids=code)
def test_an_edit_of_work_unit_refuses_the_character(town, town_path, ch):
    deputy_id = town.execute("SELECT id FROM deputies WHERE deleted_at IS NULL LIMIT 1").fetchone()[0]
    before = table_dump(town_path)
    with pytest.raises(UserError) as info:
        deputies.update_deputy(town, deputy_id, {"work_unit": f"示范镇{ch}政府"})
    assert "工作单位" in str(info.value) and code(ch) in str(info.value)
    assert table_dump(town_path) == before


def test_validation_names_the_field_and_ordinary_names_pass():
    assert validate_deputy(clean_deputy({"name": "欧阳䶮", "level": "乡", "work_unit": "示范镇（街道）人民政府"})) == {}
    problems = validate_deputy(clean_deputy({"name": "李\u202e四", "level": "乡"}))
    assert set(problems) == {"name"} and "U+202E" in problems["name"]


@pytest.mark.parametrize("ch", ["\u202e", "\x1b"], ids=code)
def test_group_station_and_candidate_names_refuse_the_character(town, town_path, ch):
    before = table_dump(town_path)
    with pytest.raises(UserError, match="小组名称"):
        groups.create_group(town, f"第一{ch}小组")
    with pytest.raises(UserError, match="名称"):
        stations.create_station(town, f"东山{ch}联络站")
    with pytest.raises(VoteItemRuleError, match="候选人"):
        candidate_rows("选举", ["王五", f"赵{ch}六"])
    assert table_dump(town_path) == before


@pytest.mark.parametrize("ch", IN_WORKBOOKS, ids=code)
def test_the_roster_import_names_the_row_and_the_field(town, town_path, tmp_path, ch):
    path = tmp_path / "名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "民族", "代表层级"])
    ws.append(["周正", "男", "汉族", "乡"])
    ws.append([f"吴{ch}七", "男", "汉族", "乡"])
    wb.save(path)
    preview = roster_import.preview(town, path)
    bad = next(r for r in preview.rows if r.row == 3)
    assert bad.action == "error" and any("姓名" in p and code(ch) in p for p in bad.problems), bad.problems
    assert next(r for r in preview.rows if r.row == 2).action == "insert"


@pytest.mark.parametrize("ch", IN_WORKBOOKS, ids=code)
def test_the_exchange_importer_leaves_the_row_out_and_names_it(package_path, tmp_path, town, ch):
    layout = BY_NAME["deputies"]

    def spoil(rows):
        rows = [list(r) for r in rows]
        at = rows[0].index("姓名")
        rows[3][at] = f"{rows[3][at]}{ch}"
        return rows

    # Signed with the township's own key: the package is genuine, only the name in it is bad.
    path = edit_workbook(package_path, tmp_path / "p.zip", layout.file, layout.sheet, spoil, "deputies",
                         key=office_key(town))
    plan = preview_import(town, read_package(path))
    hits = [p for p in plan.problems if p.startswith("代表名册第 4 行")]
    assert hits and "“姓名”" in hits[0] and code(ch) in hits[0] and hits[0].endswith("未导入。"), plan.problems
    apply_import(town, plan, backup=False)
    names = [r[0] for r in town.execute("SELECT name FROM deputies")]
    assert not any(ch in n for n in names)


@pytest.mark.parametrize("ch", ["\u202e", "\x00"], ids=code)
def test_a_write_in_name_with_the_character_is_refused(ch):
    from desktop_app.domain.ballot_entries import entry
    from desktop_app.domain.ballots import ItemSpec
    from desktop_app.domain.fields import FieldError

    spec = ItemSpec(code="X1", name="选举主任", kind="选举", candidates=("王五", "赵六"), seats=1,
                    total_deputies=50, issued=50,
                    allow_write_in=True)
    with pytest.raises(FieldError) as info:
        entry(spec, 7, "--", [f"钱{ch}七"], False)
    assert "第 7 号选票" in str(info.value) and code(ch) in str(info.value)
    assert entry(spec, 8, "--", ["钱七"], False).write_ins == ("钱七",)
