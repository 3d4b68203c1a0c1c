"""The tally workbook layout of shared/specs/tally-workbook.md: reading, errors, writing, round trip."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.ballots import BallotEntry, ItemSpec
from desktop_app.domain.rehearsal import make_deck
from desktop_app.errors import InputError
from desktop_app.reports.excel.tally_workbook import read_workbook, tally_workbook, write_workbook

ITEM_HEADER = ["事项编号", "事项名称", "类型", "应选人数", "全体代表人数", "发出票数", "允许另选他人"]


def make_xlsx(path, sheets: dict[str, list[list]]):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def election_book(path, ballot_rows, item_row=None, header=None):
    return make_xlsx(
        path,
        {
            "事项": [ITEM_HEADER, item_row or ["1", "选举副乡长", "选举", 2, 45, 43, "是"]],
            "1": [header or ["选票编号", "张三", "李四", "另选他人", "作废"], *ballot_rows],
        },
    )


def test_reads_every_documented_cell_value(tmp_path):
    rows = [
        [1, "同意", "反对", None, None],
        ["002", "赞成", "×", None, None],
        ["００３", " ○ ", "X", None, None],
        [4, "O", "ｘ", None, None],
        [5, "〇", "弃权", None, None],
        [6, "√", "", None, "否"],
        [7, "Ｏ", None, "王五、赵六", None],
        [8, None, None, "王五，赵 六", None],
        [None, None, None, None, None],  # fully empty rows are skipped
        [9, "同意", "同意", None, "是"],
    ]
    [(spec, entries)] = read_workbook(election_book(tmp_path / "t.xlsx", rows))
    assert spec == ItemSpec("1", "选举副乡长", "选举", 2, 45, 43, True, ("张三", "李四"))
    assert entries == [
        BallotEntry(1, "YN"),
        BallotEntry(2, "YN"),
        BallotEntry(3, "YN"),
        BallotEntry(4, "YN"),
        BallotEntry(5, "Y-"),
        BallotEntry(6, "Y-"),
        BallotEntry(7, "Y-", ("王五", "赵六")),
        BallotEntry(8, "--", ("王五", "赵六")),
        BallotEntry(9, "YY", void=True),
    ]


def test_motion_and_rating_sheets(tmp_path):
    path = make_xlsx(
        tmp_path / "t.xlsx",
        {
            "事项": [
                ITEM_HEADER,
                ["B1", "关于政府工作报告的决议", "表决", None, 45, 43, "否"],
                ["C1", "满意度测评", "测评", "", 45, 43, None],
            ],
            "B1": [["选票编号", "表决", "作废"], [1, "赞成", None], [2, "反对", None], [3, None, None], [4, "同意", "是"]],
            "C1": [["选票编号", "道路硬化", "饮水工程", "作废"], [1, "满意", "基本满意"], [2, "不满意", None], [3, "弃权", "满意"]],
        },
    )
    (motion, m_entries), (rating, r_entries) = read_workbook(path)
    assert motion.kind == "表决" and motion.seats is None and motion.candidates == ()
    assert [e.marks for e in m_entries] == ["Y", "N", "-", "Y"] and m_entries[3].void
    assert rating.candidates == ("道路硬化", "饮水工程")
    assert [e.marks for e in r_entries] == ["SB", "U-", "-S"]
    result = tally_workbook(path)["items"]
    assert result[0]["adopted"] is False and result[0]["results"][0]["name"] == "关于政府工作报告的决议"
    assert [s["rate"] for s in result[1]["satisfaction"]] == [0.3333, 0.6667]


def _error(path) -> str:
    with pytest.raises(InputError) as info:
        read_workbook(path)
    return str(info.value)


@pytest.mark.parametrize(
    "rows,expected",
    [
        ([[1, "好", None, None, None]], "工作表“1”第 2 行“张三”列（B 列）：无法识别“好”"),
        ([[1, None, "同意同意", None, None]], "工作表“1”第 2 行“李四”列（C 列）：无法识别“同意同意”"),
        ([[1, None, None, None, "作废了"]], "工作表“1”第 2 行“作废”列（E 列）：应填“是”或留空"),
        ([[1, "同意", None, None, None], ["001", None, None, None, None]], "工作表“1”第 3 行“选票编号”列（A 列）：选票编号 1 与第 2 行重复"),
        ([[None, "同意", None, None, None]], "工作表“1”第 2 行“选票编号”列（A 列）：选票编号为空"),
        ([["A7", "同意", None, None, None]], "工作表“1”第 2 行“选票编号”列（A 列）：“A7”不是有效的选票编号"),
        ([[1.5, "同意", None, None, None]], "“1.5”不是有效的选票编号"),
    ],
    ids=["unknown mark", "two marks", "bad void", "duplicate serial", "empty serial", "text serial", "fraction serial"],
)
def test_bad_ballot_cells_name_sheet_row_and_column(tmp_path, rows, expected):
    assert expected in _error(election_book(tmp_path / "t.xlsx", rows))


@pytest.mark.parametrize(
    "item_row,expected",
    [
        (["1", "选举", "推选", 1, 45, 43, "否"], "工作表“事项”第 2 行“类型”列（C 列）：未知的类型“推选”"),
        (["1", "选举", "选举", None, 45, 43, "否"], "工作表“事项”第 2 行“应选人数”列（D 列）：应选人数为空"),
        (["1", "选举", "选举", "两", 45, 43, "否"], "“应选人数”列（D 列）：“两”不是有效的应选人数"),
        (["1", "选举", "选举", 0, 45, 43, "否"], "“0”不是有效的应选人数"),
        (["1", "选举", "选举", 1, "四十五", 43, "否"], "“全体代表人数”列（E 列）：“四十五”不是有效的全体代表人数"),
        (["1", "选举", "选举", 1, 45, None, "否"], "工作表“事项”第 2 行“发出票数”列（F 列）：发出票数为空"),
        (["1", "选举", "选举", 1, 45, 43, "可以"], "“允许另选他人”列（G 列）：应填“是”或“否”"),
        (["2", "选举", "选举", 1, 45, 43, "否"], "工作表“事项”第 2 行“事项编号”列：缺少名为“2”的选票工作表"),
    ],
    ids=["unknown type", "missing seats", "text seats", "zero seats", "text total", "missing issued", "bad yes/no", "no ballot sheet"],
)
def test_bad_item_rows_name_sheet_row_and_column(tmp_path, item_row, expected):
    path = election_book(tmp_path / "t.xlsx", [[1, "同意", None, None, None]], item_row=item_row)
    assert expected in _error(path)


def test_write_in_in_an_item_that_does_not_allow_it(tmp_path):
    path = election_book(tmp_path / "t.xlsx", [[1, None, None, "王五", None]], item_row=["1", "选举", "选举", 1, 45, 43, "否"])
    assert "工作表“1”第 2 行“另选他人”列（D 列）：本事项不允许另选他人" in _error(path)


def test_duplicate_item_codes_and_missing_items_sheet(tmp_path):
    path = make_xlsx(
        tmp_path / "t.xlsx",
        {"事项": [ITEM_HEADER, ["1", "a", "表决", None, 45, 43], ["1", "b", "表决", None, 45, 43]], "1": [["选票编号", "表决", "作废"]]},
    )
    assert "工作表“事项”第 3 行“事项编号”列（A 列）：事项编号“1”与第 2 行重复" in _error(path)
    assert "没有“事项”工作表" in _error(make_xlsx(tmp_path / "u.xlsx", {"Sheet1": [["x"]]}))


def test_bad_headers(tmp_path):
    missing = make_xlsx(tmp_path / "a.xlsx", {"事项": [ITEM_HEADER[:4], ["1", "x", "表决", None]]})
    assert "缺少表头“全体代表人数”、“发出票数”" in _error(missing)
    no_serial = election_book(tmp_path / "b.xlsx", [], header=["编号", "张三", "作废"])
    assert "工作表“1”第 1 行 A 列：表头应为“选票编号”" in _error(no_serial)
    repeated = election_book(tmp_path / "c.xlsx", [], header=["选票编号", "张三", "张三", "作废"])
    assert "工作表“1”第 1 行 C 列：“张三”出现了两次" in _error(repeated)
    gap = election_book(tmp_path / "d.xlsx", [], header=["选票编号", "张三", None, "李四", "作废"])
    assert "工作表“1”第 1 行 C 列：表头为空" in _error(gap)


def test_all_errors_are_reported_together(tmp_path):
    path = election_book(tmp_path / "t.xlsx", [[1, "好", None, None, None], [2, None, "坏", None, None]])
    message = _error(path)
    assert "第 2 行“张三”列" in message and "第 3 行“李四”列" in message


def test_files_that_are_not_workbooks(tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("选票编号,张三\n1,同意\n", encoding="utf-8")
    assert "这是一个文本（CSV）文件" in _error(csv) and "多个工作表" in _error(csv)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    assert "纯文本文件" in _error(fake) and "不是电子表格" in _error(fake)
    assert "找不到文件" in _error(tmp_path / "missing.xlsx")


SPECS = [
    ItemSpec("1", "选举副乡长", "选举", 2, 45, 43, True, ("张三", "李四", "王五")),
    ItemSpec("2", "选举乡长", "选举", 1, 45, 43, False, ("赵堃",)),
    ItemSpec("PJ", "关于2027年民生实事项目的票决", "票决", 10, 45, 43, False, tuple(f"项目{i}" for i in range(1, 13))),
    ItemSpec("B1", "关于政府工作报告的决议", "表决", None, 45, 43),
    ItemSpec("C1", "满意度测评（２０２６年）", "测评", None, 45, 40, False, ("道路硬化（二期）", "饮水工程", "路灯")),
]


def test_write_then_read_gives_the_same_items_and_ballots(tmp_path):
    items = [(spec, make_deck(spec, seed=3)[0]) for spec in SPECS]
    path = tmp_path / "export.xlsx"
    write_workbook(path, items)
    back = read_workbook(path)
    assert [spec for spec, _ in back] == SPECS
    for (spec, written), (_, read) in zip(items, back):
        key = lambda e: e.serial  # noqa: E731
        assert sorted(read, key=key) == sorted(written, key=key), spec.code
    assert not list(tmp_path.glob(".*tmp")), "no temporary file left behind"


def test_written_workbook_layout(tmp_path):
    spec = SPECS[0]
    path = tmp_path / "export.xlsx"
    write_workbook(path, [(spec, [BallotEntry(2, "YN-", ("赵六", "钱七")), BallotEntry(1, "---", void=True)])])
    wb = load_workbook(path)
    assert wb.sheetnames == ["事项", "1"]
    assert [c.value for c in wb["事项"][1]] == ITEM_HEADER + ["收回票数"]
    assert [c.value for c in wb["事项"][2]] == ["1", "选举副乡长", "选举", 2, 45, 43, "是", None]   # not counted yet
    ws = wb["1"]
    assert [c.value for c in ws[1]] == ["选票编号", "张三", "李四", "王五", "另选他人", "作废"]
    assert [c.value for c in ws[2]] == [1, "弃权", "弃权", "弃权", None, "是"]
    assert [c.value for c in ws[3]] == [2, "同意", "反对", "弃权", "赵六、钱七", None]


def test_item_codes_that_cannot_be_sheet_names_are_refused(tmp_path):
    bad = ItemSpec("a/b", "x", "表决", None, 45, 43)
    with pytest.raises(InputError):
        write_workbook(tmp_path / "x.xlsx", [(bad, [])])
    assert not (tmp_path / "x.xlsx").exists()


def test_collected_count_round_trips_and_voids_the_vote_when_above_issued(tmp_path):
    spec = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=9, issued=5,
                    candidates=("张三", "李四"), collected=6)
    path = tmp_path / "book.xlsx"
    write_workbook(path, [(spec, [BallotEntry(1, "Y-")])])
    ws = load_workbook(path)["事项"]
    assert [c.value for c in ws[1]][-1] == "收回票数" and ws["H2"].value == 6
    (read, entries), = read_workbook(path)
    assert read.collected == 6
    result = tally_workbook(path)["items"][0]
    assert result["valid"] is False and result["returned"] == 1 and result["elected"] == []


def test_workbook_without_collected_column_reads_as_before(tmp_path):
    path = election_book(tmp_path / "old.xlsx", [[1, "同意", None, None, None]])
    (spec, _), = read_workbook(path)
    assert spec.collected is None
    assert tally_workbook(path)["items"][0]["valid"] is True


def test_a_collected_count_that_is_not_a_number_is_named(tmp_path):
    path = make_xlsx(tmp_path / "bad.xlsx", {
        "事项": [ITEM_HEADER + ["收回票数"], ["1", "选举副乡长", "选举", 2, 45, 43, "是", "四十"]],
        "1": [["选票编号", "张三", "李四", "另选他人", "作废"], [1, "同意", None, None, None]]})
    with pytest.raises(InputError, match="第 2 行“收回票数”列（H 列）：“四十”不是有效的收回票数"):
        read_workbook(path)
