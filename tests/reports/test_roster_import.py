"""Roster import: header synonyms under title rows, Excel quirks, row-numbered problems, apply and undo."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from desktop_app.db import audit
from desktop_app.db.deputies import find_by_id_number, insert_deputy, list_deputies
from desktop_app.db.districts import create_district, list_districts
from desktop_app.db.roster_import import snapshot
from desktop_app.db.terms import create_term
from desktop_app.domain.idcard import make_id_number
from desktop_app.errors import InputError, UserError
from desktop_app.ops import roster_import as roster_ops
from desktop_app.reports.excel import roster_import

ID_A = make_id_number("110101", dt.date(1990, 3, 7), 71)       # 男
ID_B = make_id_number("320102", dt.date(1985, 10, 2), 42)      # 女
ID_C = make_id_number("330106", dt.date(1972, 1, 15), 13)      # 男
ID_D = make_id_number("420111", dt.date(1985, 5, 5), 22)      # 女
BAD_CHECK = ID_C[:17] + ("0" if ID_C[17] != "0" else "1")
FULLWIDTH_A = ID_A.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})

HEADER = ["序号", "代表姓名", "性 别", "民族", "出生年月", "公民身份号码", "政治面貌", "学历",
          "工作单位及职务", "职业", "手机", "选区", "是否连任", "籍贯"]


def _messy_workbook(path):
    """A county-style sheet: title and 填报单位 rows, merged title, and one problem per row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["示范镇第十八届人民代表大会代表名册"])
    ws.merge_cells("A1:N1")
    ws.append(["填报单位：示范镇人大主席团", None, None, None, None, None, None, None, None, None, "2026年3月5日"])
    ws.append(HEADER)
    rows = [
        # 4: fine — full-width digits, spaces inside the name, year.month birth
        [1, "  张　三 ", "男", "汉", "1990.03", FULLWIDTH_A, "中共党员", "本科", "示范镇东山村 党支部书记", "农民",
         "１３８００１３８０００", "第一选区", "是", "浙江"],
        # 5: the ID number stored by Excel as a number
        [2, "李四", "男", "汉族", "1990-03-07", 1.10101199003077e17, "群众", "高中", "东山村", "农民", None,
         "第一选区", "否", None],
        # 6: the same, pasted as text
        [3, "王五", "男", "汉族", None, "1.10101199003077E+17", "群众", "高中", "东山村", "农民", None,
         "第一选区", "否", None],
        # 7: check digit wrong
        [4, "赵六", "男", "汉族", None, BAD_CHECK, "群众", "初中", "西山村", "农民", None, "第二选区", "否", None],
        # 8: impossible month
        [5, "钱七", "女", "汉族", "1985.13", ID_D, "群众", "初中", "西山村", "农民", None, "第二选区", "否", None],
        # 9: no such ethnicity
        [6, "孙八", "男", "火星族", None, ID_C, "群众", "初中", "西山村", "农民", None, "第二选区", "否", None],
        # 10: empty (skipped)
        [None] * 14,
        # 11: duplicate of row 4
        [8, "张三", "男", "汉族", None, ID_A, "群众", "初中", "西山村", "农民", None, "第二选区", "否", None],
        # 12: a masked export's ID number
        [9, "周九", "男", "汉族", None, "110101********1234", "群众", "初中", "西山村", "农民", None, "第二选区",
         "否", None],
        # 13: fine — an Excel date, a district that does not exist yet, a rare character
        [10, "吴䶮", "女", "回族", dt.datetime(1985, 10, 2), ID_B, "民盟", "大专", "示范镇中学 教师", "专业技术人员",
         "0571-88886666", "第九选区", "否", None],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def term(db):
    return create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)


def _by_row(preview):
    return {r.row: r for r in preview.rows}


def test_messy_workbook_preview_names_rows_and_columns(db, term, tmp_path):
    create_district(db, term, "第一选区")
    create_district(db, term, "第二选区")
    path = _messy_workbook(tmp_path / "名册.xlsx")
    preview = roster_import.read_preview(path, snapshot(db))
    rows = _by_row(preview)

    assert preview.header_row == 3
    assert sorted(rows) == [4, 5, 6, 7, 8, 9, 11, 12, 13]          # row 10 was empty
    assert rows[4].action == "insert" and rows[4].problems == []
    assert rows[4].values["name"] == "张三"
    assert rows[4].values["id_number"] == ID_A
    assert rows[4].values["birth_date"] == "1990-03-07"               # completed from the ID number
    assert rows[4].values["ethnicity"] == "汉族"
    assert rows[4].values["phone"] == "13800138000"
    assert rows[4].values["work_unit"] == "示范镇东山村" and rows[4].values["post"] == "党支部书记"
    assert rows[4].values["reelected"] == 1

    for number in (5, 6):
        assert rows[number].action == "error"
        assert rows[number].problems[0].startswith(f"第 {number} 行「公民身份号码」：")
        assert "末几位已丢失" in rows[number].problems[0]
        assert "1.10101199003077E+17" in rows[number].problems[0]
    assert "校验位" in rows[7].problems[0] and rows[7].problems[0].startswith("第 7 行「公民身份号码」")
    assert any(p.startswith("第 8 行「出生年月」：") for p in rows[8].problems)
    assert any(p.startswith("第 9 行「民族」：") and "火星族" in p for p in rows[9].problems)
    assert rows[11].problems == [f"第 11 行「公民身份号码」：与第 4 行的公民身份号码 {ID_A} 重复"]
    assert "脱敏" in rows[12].problems[0] and rows[12].problems[0].startswith("第 12 行「公民身份号码」")
    assert rows[13].action == "insert" and rows[13].values["birth_date"] == "1985-10-02"
    assert rows[13].values["party"] == "民盟盟员" and rows[13].values["education"] == "大学专科"
    assert preview.new_districts == ["第九选区"]
    assert any("籍贯" in w for w in preview.warnings)
    assert preview.summary() == {"rows": 9, "insert": 2, "update": 0, "unchanged": 0, "error": 7}


def test_rows_with_errors_write_nothing(db, term, tmp_path):
    preview = roster_import.read_preview(_messy_workbook(tmp_path / "名册.xlsx"), snapshot(db))
    audit_before = len(audit.entries(db))
    with pytest.raises(InputError, match="没有导入任何数据"):
        roster_ops.apply(db, preview)
    assert list_deputies(db, include_inactive=True, include_deleted=True) == []
    assert list_districts(db, term) == []
    assert len(audit.entries(db)) == audit_before
    assert len(preview.new_districts) == 2


def test_skip_errors_imports_only_good_rows(db, term, tmp_path):
    preview = roster_ops.preview(db, _messy_workbook(tmp_path / "名册.xlsx"))
    result = roster_ops.apply(db, preview, skip_errors=True).value
    names = sorted(d["name"] for d in list_deputies(db))
    assert names == ["吴䶮", "张三"]
    assert len(result.inserted_ids) == 2
    wu = find_by_id_number(db, ID_B)
    assert wu["district_name"] == "第九选区" and wu["term_id"] == term and wu["name_initials"].startswith("w")


def test_update_matched_by_id_number_and_undo(db, term, tmp_path):
    original = insert_deputy(db, {"name": "张三", "id_number": ID_A, "phone": "13900000000", "address": "东山村1号",
                                  "level": "乡", "occupation": "农民"})
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "联系电话", "住址", "选区"])
    ws.append(["张三", ID_A, "13800138000", None, "第一选区"])     # empty address must not erase
    ws.append(["吴䶮", ID_B, None, "西山村", "第一选区"])
    wb.save(tmp_path / "u.xlsx")

    preview = roster_import.read_preview(tmp_path / "u.xlsx", snapshot(db))
    rows = _by_row(preview)
    assert rows[2].action == "update" and rows[2].deputy_id == original
    assert rows[2].changes == {"phone": "13800138000", "district": "第一选区"}
    assert rows[3].action == "insert"

    before = {k: v for k, v in find_by_id_number(db, ID_A).items() if k != "updated_at"}
    result = roster_ops.apply(db, preview).value
    after = find_by_id_number(db, ID_A)
    assert after["phone"] == "13800138000" and after["address"] == "东山村1号"
    assert after["district_name"] == "第一选区"
    assert find_by_id_number(db, ID_B)["name"] == "吴䶮"

    roster_ops.undo(db, result)
    restored = {k: v for k, v in find_by_id_number(db, ID_A).items() if k != "updated_at"}
    assert restored == before
    assert find_by_id_number(db, ID_B) is None
    assert list_districts(db, term) == []
    assert audit.verify_chain(db) is None
    with pytest.raises(UserError):
        roster_ops.undo(db, result)


def test_undo_of_an_import_refuses_when_an_updated_deputy_changed_elsewhere(db, term, tmp_path):
    from desktop_app.ops import deputies as deputies_ops

    original = insert_deputy(db, {"name": "张三", "id_number": ID_A, "phone": "13900000000", "level": "乡"})
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "联系电话"])
    ws.append(["张三", ID_A, "13800138000"])
    ws.append(["吴䶮", ID_B, None])
    wb.save(tmp_path / "u.xlsx")
    result = roster_ops.apply(db, roster_ops.preview(db, tmp_path / "u.xlsx")).value
    deputies_ops.edit(db, original, {"phone": "13700137000"})          # the roster page, after the import
    rows = db.execute("SELECT * FROM deputies ORDER BY id").fetchall()
    with pytest.raises(UserError, match="代表“张三”已在别处被修改，无法撤销导入这一步；数据未作改动。"):
        roster_ops.undo(db, result)
    assert db.execute("SELECT * FROM deputies ORDER BY id").fetchall() == rows
    assert not result.undone and find_by_id_number(db, ID_B)["name"] == "吴䶮"


def test_reimport_of_same_sheet_is_unchanged(db, term, tmp_path):
    path = _messy_workbook(tmp_path / "名册.xlsx")
    roster_ops.apply(db, roster_ops.preview(db, path), skip_errors=True)
    again = roster_ops.preview(db, path)
    assert [r.action for r in again.rows if r.row in (4, 13)] == ["unchanged", "unchanged"]


def test_merged_district_cells_fill_every_row(db, term, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["选区", "姓名", "公民身份号码"])
    ws.append(["第二选区", "张三", ID_A])
    ws.append([None, "吴䶮", ID_B])
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "m.xlsx")
    preview = roster_import.read_preview(tmp_path / "m.xlsx", snapshot(db))
    assert [r.values.get("district") for r in preview.rows] == ["第二选区", "第二选区"]


def test_decimal_month_cell_is_resolved_by_the_id_number(db, term, tmp_path):
    october = make_id_number("110101", dt.date(1990, 10, 5), 11)
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "出生年月", "公民身份号码"])
    ws.append(["张三", 1990.1, october])          # typed 1990.10, Excel kept 1990.1
    ws.append(["李四", 1990.03, ID_A])
    wb.save(tmp_path / "d.xlsx")
    rows = roster_import.read_preview(tmp_path / "d.xlsx", snapshot(db)).rows
    assert [r.values["birth_date"] for r in rows] == ["1990-10-05", "1990-03-07"]
    assert all(r.action == "insert" for r in rows)


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "无法打开"),
    (None, "没有找到表头行"),
])
def test_unusable_files_are_refused(db, tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    if content is None:
        wb = Workbook()
        wb.active.append(["随便", "什么"])
        wb.save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        roster_import.read_preview(path, snapshot(db))


def test_a_damaged_xls_is_refused_in_chinese(db, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match="已损坏的 Office 文件"):
        roster_import.read_preview(path, snapshot(db))


def test_import_first_makes_a_verified_backup_of_the_database_as_it_was(db, term, tmp_path):
    import sqlite3

    insert_deputy(db, {"name": "张三", "id_number": ID_A, "level": "乡"})
    preview = roster_ops.preview(db, _messy_workbook(tmp_path / "名册.xlsx"))
    result = roster_ops.apply(db, preview, skip_errors=True).value
    assert result.backup and "导入前" in result.backup
    copy = sqlite3.connect(result.backup)
    try:
        assert copy.execute("SELECT name FROM deputies").fetchall() == [("张三",)]
    finally:
        copy.close()
    # Nothing to write, no backup.
    again = roster_ops.apply(db, roster_ops.preview(db, tmp_path / "名册.xlsx"), skip_errors=True).value
    assert again.backup is None


def _sheet(path, rows, header=("序号", "姓名", "性别", "公民身份号码")):
    wb = Workbook()
    wb.active.append(list(header))
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("footer", [["合计", "2人"], [None, "合 计", None, "2人"], ["小计：2人"], ["总计", None, "男1女1"]])
def test_a_total_row_is_skipped_and_said_so(db, term, tmp_path, footer):
    path = _sheet(tmp_path / "名册.xlsx", [[1, "张三", "男", ID_A], [2, "李四", "女", ID_B], footer])
    preview = roster_import.read_preview(path, snapshot(db))
    assert not preview.has_errors, preview.problems
    assert [r.values["name"] for r in preview.rows] == ["张三", "李四"]
    assert any(w.startswith("第 4 行是“") and "行（" in w and "不是代表，已跳过" in w for w in preview.warnings)


def test_two_rows_with_one_name_get_a_same_name_notice(db, term, tmp_path):
    path = _sheet(tmp_path / "名册.xlsx", [[1, "刘䶮", "男", ID_A], [2, "李四", "女", ID_B], [3, "刘䶮", "男", ID_C]])
    preview = roster_import.read_preview(path, snapshot(db))
    assert not preview.has_errors
    assert "同名：第 2、4 行都是“刘䶮”，请核对是否为不同的人。" in preview.warnings
    rows = _by_row(preview)
    assert "与第 4 行同名，请核对。" in rows[2].notes and "与第 2 行同名，请核对。" in rows[4].notes
    assert not rows[3].notes


def test_a_new_deputy_named_like_one_in_the_roster_gets_a_same_name_notice(db, term, tmp_path):
    insert_deputy(db, {"name": "刘䶮", "id_number": ID_A, "level": "乡"})
    path = _sheet(tmp_path / "名册.xlsx", [[1, "刘䶮", "男", ID_C], [2, "刘䶮", "男", ID_A]])
    preview = roster_import.read_preview(path, snapshot(db))
    rows = _by_row(preview)
    assert rows[2].action == "insert" and any("名册中已有同名代表“刘䶮”" in n for n in rows[2].notes)
    assert rows[3].action == "unchanged" and not any("名册中已有" in n for n in rows[3].notes)
    assert any("第 2 行“刘䶮”与名册中已有的代表同名" in w for w in preview.warnings)


def test_many_rows_of_one_name_are_summarised_not_listed_in_full(db, term, tmp_path):
    ids = [make_id_number("110101", dt.date(1980, 1, 1 + i), 11 + 2 * i) for i in range(8)]
    path = _sheet(tmp_path / "名册.xlsx", [[i + 1, "张伟", "男", number] for i, number in enumerate(ids)])
    preview = roster_import.read_preview(path, snapshot(db))
    assert "同名：第 2、3、4、5、6 行等 8 行都是“张伟”，请核对是否为不同的人。" in preview.warnings
    assert preview.rows[0].notes == ["与第 3、4、5、6、7 行等同名，请核对。"]
