"""The command line with wrong arguments: exit 2, one Chinese sentence saying what is wrong, database unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from desktop_app.cli import chinese_argparse_message, main
from package_tools import is_chinese, members, table_dump, write_package


def run(argv, capsys):
    """main(argv) in-process → (exit status, stderr); argparse's own exits are caught too."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = stop.code
    return code, capsys.readouterr().err


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def untouched(town_path):
    """The township file; after the test neither its tables nor its bytes may have changed."""
    before, raw = table_dump(town_path), digest(town_path)
    yield town_path
    assert table_dump(town_path) == before
    assert digest(town_path) == raw


def check(code, err, *words):
    assert code == 2, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("错误：") and is_chinese(last), err
    for word in words:
        assert word in last, err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, words", [
    (["sync-import"], ("缺少必需的参数", "file")),
    (["sync-import", "x.zip", "--bogus"], ("无法识别的参数", "--bogus")),
    (["county-report", "{tmp}"], ("缺少必需的参数", "--out")),
    (["county-report", "{tmp}", "--out", "汇总.xlsx", "--year", "二〇二六"], ("--year", "二〇二六", "整数")),
    (["county-report", "{tmp}", "--out"], ("--out", "需要一个值")),
    (["export"], ("缺少必需的参数",)),
    (["export", "roster"], ("--out",)),
])
def test_argument_mistakes_are_explained_in_chinese(argv, words, untouched, tmp_path, capsys):
    argv = ["--db", untouched] + [a.replace("{tmp}", str(tmp_path)) for a in argv]
    check(*run(argv, capsys), *words)


def test_usage_mistake_messages_in_chinese():
    assert chinese_argparse_message("the following arguments are required: kind, --out") == "缺少必需的参数：kind, --out。"
    assert "无法识别的参数" in chinese_argparse_message("unrecognized arguments: -x")
    assert chinese_argparse_message("argument 命令: invalid choice: 'foo' (choose from 'a', 'b')").startswith("参数 命令")


def test_unknown_command_exits_2_in_chinese(untouched, capsys):
    check(*run(["--db", untouched, "synk-import", "x.zip"], capsys), "synk-import")


@pytest.mark.parametrize("make, words", [
    (lambda d: d / "没有这个包.zip", ("没有这个包.zip",)),
    (lambda d: d, ("找不到文件",)),
    (lambda d: _docx(d / "通知.docx"), ("通知.docx", "manifest.json")),
    (lambda d: _text(d / "名册.zip"), ("名册.zip",)),
])
def test_sync_import_of_something_that_is_no_package(make, words, untouched, tmp_path, capsys):
    check(*run(["--db", untouched, "sync-import", make(tmp_path)], capsys), *words)


def _docx(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def _text(path):
    path.write_text("代表名册", encoding="utf-8")
    return path


def test_sync_import_of_an_altered_package(package_path, untouched, tmp_path, capsys):
    files = members(package_path)
    manifest = json.loads(files.pop("manifest.json"))
    name = next(n for n in files if n.endswith(".xlsx"))
    files[name] = files[name][:-10] + b"0" * 10
    forged = write_package(tmp_path / "altered.zip", files, manifest, resign=False)
    check(*run(["--db", untouched, "sync-import", forged], capsys), "altered.zip")


def test_sync_import_dry_run_writes_nothing(package_path, untouched, capsys):
    code, _ = run(["--db", untouched, "sync-import", package_path, "--dry-run"], capsys)
    assert code == 0


@pytest.mark.parametrize("argv, words", [
    (["county-report", "{tmp}/没有", "--out", "{tmp}/汇总.xlsx"], ("没有",)),
    (["county-report", "{tmp}", "--out", "{tmp}/汇总.docx"], (".xlsx", "汇总.docx")),
    (["county-report", "{pkg}", "--out", "{tmp}/汇总.xlsx"], ("文件夹",)),
    (["county-report", "{empty}", "--out", "{tmp}/汇总.xlsx"], ("没有可用的数据交换包",)),
    (["export", "名册", "--out", "{tmp}/x.xlsx"], ("名册", "roster")),
    (["export", "roster", "--out", "{tmp}/x.docx"], ("x.docx", ".xlsx")),
    (["export", "statistics", "--out", "{tmp}/x.xlsx", "--unmasked"], ("--unmasked",)),
    (["sync-export", "--out", "{tmp}/x.docx"], (".zip",)),
    (["sync-export", "--out", "{tmp}", "--start", "2026-02-30"], ("2026-02-30",)),
    (["sync-export", "--out", "{tmp}", "--start", "2026-06-01", "--end", "2026-01-01"], ("晚于",)),
    (["sync-export", "--out", "{tmp}", "--parts", "roster,名册"], ("名册",)),
])
def test_command_input_mistakes(argv, words, untouched, package_path, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    subs = {"{tmp}": str(tmp_path), "{pkg}": str(package_path), "{empty}": str(tmp_path / "empty")}
    argv = ["--db", untouched] + [_sub(a, subs) for a in argv]
    check(*run(argv, capsys), *words)
    assert not list(tmp_path.glob("汇总*")) and not list(tmp_path.glob("x.*")) and not list(tmp_path.glob("*.zip"))


def _sub(text, subs):
    for key, value in subs.items():
        text = text.replace(key, value)
    return text


@pytest.mark.parametrize("kind", ["folder", "junk", "under_a_file"])
def test_a_wrong_database_file_is_input_not_a_crash(kind, tmp_path, capsys):
    if kind == "folder":
        target = tmp_path
    elif kind == "junk":
        target = tmp_path / "照片.db"
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    else:
        (tmp_path / "a.txt").write_text("x")
        target = tmp_path / "a.txt" / "renda.db"
    raw = target.read_bytes() if target.is_file() else None
    check(*run(["--db", target, "export", "roster", "--out", tmp_path / "名册.xlsx"], capsys), "数据库")
    if raw is not None:
        assert target.read_bytes() == raw
        assert not (tmp_path / "照片.db-wal").exists() or not (tmp_path / "照片.db-wal").stat().st_size
