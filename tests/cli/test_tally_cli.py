"""``python -m desktop_app tally WORKBOOK.xlsx [--json]`` on sample workbooks, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
ITEM_HEADER = ["事项编号", "事项名称", "类型", "应选人数", "全体代表人数", "发出票数", "允许另选他人"]


def tally(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "tally", *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def make_xlsx(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def session_book(tmp_path_factory):
    """A morning of votes: 乡长 (the spec's example), 副乡长 with a tie, a motion, a 测评, an invalid vote."""
    chief = [[f"{i:03d}", "同意", None] for i in range(1, 41)]
    chief += [["041", "反对", None], ["042", None, None], ["043", "同意", "是"]]
    # 副乡长, 2 seats of 45: 甲 30, 乙 25, 丙 25 → 甲 elected, 乙 and 丙 tied for the last seat.
    deputy = []
    for marks, times in (("○○ ", 15), ("○ ○", 10), ("○  ", 5), (" ○○", 10), ("  ○", 5)):
        for _ in range(times):
            deputy.append([len(deputy) + 1, *[("同意" if m == "○" else "弃权") for m in marks], None, None])
    deputy.append([len(deputy) + 1, "同意", "同意", "同意", None, None])  # over-marked
    deputy.append([len(deputy) + 1, None, None, None, "王五、王五", None])  # write-in, counted once
    motion = [[i, "赞成" if i <= 23 else "反对", None] for i in range(1, 44)]
    rating = [[1, "满意", "不满意", None], [2, "基本满意", "满意", None], [3, "不满意", None, None], [4, "满意", "满意", "是"]]
    recount = [[i, "同意"] for i in range(1, 12)]  # 11 returned, 10 issued
    return make_xlsx(
        tmp_path_factory.mktemp("tally") / "计票数据表.xlsx",
        {
            "事项": [
                ITEM_HEADER,
                ["1", "选举乡长", "选举", 1, 45, 43, "否"],
                ["2", "选举副乡长", "选举", 2, 45, 47, "是"],
                ["B1", "关于政府工作报告的决议", "表决", None, 45, 43, "否"],
                ["C1", "满意度测评", "测评", None, 45, 4, None],
                ["3", "选举主席", "选举", 1, 45, 10, "否"],
            ],
            "1": [["选票编号", "张三", "作废"], *chief],
            "2": [["选票编号", "甲", "乙", "丙", "另选他人", "作废"], *deputy],
            "B1": [["选票编号", "表决", "作废"], *motion],
            "C1": [["选票编号", "道路硬化", "饮水工程", "作废"], *rating],
            "3": [["选票编号", "李四"], *recount],
        },
    )


def test_json_output_field_by_field(session_book):
    done = tally(session_book, "--json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)["items"]
    assert [i["id"] for i in items] == ["1", "2", "B1", "C1", "3"]
    chief, deputy, motion, rating, recount = items
    # The spec's own example, exactly.
    assert chief == {
        "id": "1", "name": "选举乡长", "type": "选举",
        "seats": 1, "total_deputies": 45, "issued": 43, "returned": 43,
        "valid": True,
        "valid_ballots": 42, "invalid_ballots": 1,
        "results": [{"name": "张三", "agree": 40, "oppose": 1, "abstain": 1, "write_in": False}],
        "elected": ["张三"], "tied": [], "further_seats": 0,
        "adopted": None,
        "satisfaction": None,
    }  # fmt: skip
    assert deputy["returned"] == 47 and deputy["valid_ballots"] == 46 and deputy["invalid_ballots"] == 1
    assert [(r["name"], r["agree"], r["write_in"]) for r in deputy["results"]] == [
        ("甲", 30, False),
        ("乙", 25, False),
        ("丙", 25, False),
        ("王五", 1, True),
    ]
    assert deputy["results"][0]["abstain"] == 16 and deputy["results"][0]["oppose"] == 0
    assert deputy["elected"] == ["甲"] and deputy["tied"] == ["乙", "丙"] and deputy["further_seats"] == 0
    assert motion["adopted"] is True and motion["seats"] is None
    assert motion["results"] == [{"name": "关于政府工作报告的决议", "agree": 23, "oppose": 20, "abstain": 0, "write_in": False}]
    assert motion["elected"] == [] and motion["satisfaction"] is None
    assert rating["valid_ballots"] == 3 and rating["invalid_ballots"] == 1 and rating["adopted"] is None
    assert rating["satisfaction"] == [
        {"name": "道路硬化", "satisfied": 1, "basically_satisfied": 1, "unsatisfied": 1, "abstain": 0, "rate": 0.6667},
        {"name": "饮水工程", "satisfied": 1, "basically_satisfied": 0, "unsatisfied": 1, "abstain": 1, "rate": 0.3333},
    ]
    assert recount["valid"] is False and recount["returned"] == 11 and recount["results"][0]["agree"] == 11
    assert recount["elected"] == [] and recount["further_seats"] == 0
    assert "\\u" not in done.stdout and '\n  "items"' in done.stdout  # ensure_ascii=False, indent 2


def test_human_summary(session_book):
    done = tally(session_book)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "事项 1：选举乡长（选举，应选 1 名）" in out
    assert "全体代表 45 人，发出 43 张，收回 43 张：有效" in out
    assert "有效票 42 张，无效票 1 张" in out
    assert "张三：同意 40，反对 1，弃权 1" in out
    assert "当选：张三" in out
    assert "需重新投票的并列者：乙、丙（票数相等，争 1 个名额）" in out
    assert "王五（另选他人）：同意 1" in out
    assert "表决结果：通过" in out
    assert "道路硬化：满意 1，基本满意 1，不满意 1，弃权 0；满意率 66.67%" in out
    assert "收回 11 张：无效（收回票数多于发出票数，本事项须重新投票）" in out


def test_further_election_seats_in_the_summary(tmp_path):
    rows = [[i, "同意" if i <= 20 else "反对"] for i in range(1, 41)]
    path = make_xlsx(
        tmp_path / "t.xlsx",
        {"事项": [ITEM_HEADER, ["1", "选举乡长", "选举", 1, 45, 43, "否"]], "1": [["选票编号", "张三"], *rows]},
    )
    done = tally(path)
    assert done.returncode == 0 and "当选：无" in done.stdout and "另行选举名额：1 名" in done.stdout


@pytest.mark.parametrize(
    "ballot_row,expected",
    [
        ([2, "好"], "工作表“1”第 3 行“张三”列（B 列）：无法识别“好”"),
        (["A1", "同意"], "工作表“1”第 3 行“选票编号”列（A 列）"),
        ([1, "同意"], "工作表“1”第 3 行“选票编号”列（A 列）：选票编号 1 与第 2 行重复"),
    ],
    ids=["unknown mark", "bad serial", "duplicate serial"],
)
def test_malformed_cells_exit_2_naming_row_and_column(tmp_path, ballot_row, expected):
    path = make_xlsx(
        tmp_path / "t.xlsx",
        {"事项": [ITEM_HEADER, ["1", "选举乡长", "选举", 1, 45, 43, "否"]], "1": [["选票编号", "张三"], [1, "同意"], ballot_row]},
    )
    done = tally(path, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr and done.stderr.startswith("错误：")


def test_malformed_item_row_exit_2(tmp_path):
    path = make_xlsx(
        tmp_path / "t.xlsx",
        {"事项": [ITEM_HEADER, ["1", "选举乡长", "选举", "", 45, 43, "否"]], "1": [["选票编号", "张三"], [1, "同意"]]},
    )
    done = tally(path)
    assert done.returncode == 2 and "工作表“事项”第 2 行“应选人数”列（D 列）：应选人数为空" in done.stderr


def test_a_damaged_xls_file_exit_2(tmp_path):
    path = tmp_path / "ballots.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    done = tally(path)
    assert done.returncode == 2 and "已损坏的 Office 文件" in done.stderr


def test_nothing_is_written_to_the_database(session_book, tmp_path):
    db = tmp_path / "renda.db"
    done = tally(session_book, "--json", "--db", db)
    assert done.returncode == 0, done.stderr
    assert not db.exists()
