"""F10: a full disk, a read-only medium and a locked output file end in exit 2 with a Chinese message saying
what to do; the old file stays as it was and no temporary file is left behind.

As root (CI) the disk is a real one: a 64 KB tmpfs (full), a read-only tmpfs, a file made immutable with
chattr. Where mounting is not permitted the test is skipped with the reason; as another user, a read-only
folder stands in for the read-only medium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.cli import main
from package_tools import TODAY, is_chinese, table_dump  # noqa: F401 - TODAY keeps the period fixed


def _run(*argv) -> list[str]:
    return subprocess.run(list(argv), capture_output=True, text=True).stderr.strip().splitlines()


def _mount(folder: Path, options: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("挂载小容量或只读 tmpfs 需要 root 权限（模拟磁盘已满/只读介质）")
    folder.mkdir()
    errors = _run("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder))
    if not os.path.ismount(folder):
        pytest.skip(f"此环境不允许挂载 tmpfs：{' '.join(errors) or '未知原因'}")


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB disk with 8 KB left."""
    folder = tmp_path / "满的U盘"
    _mount(folder, "size=64k")
    try:
        filler = folder / "其他文件.bin"
        try:
            filler.write_bytes(b"\0" * (56 * 1024))
        except OSError:
            pass
        yield folder
    finally:
        _run("umount", "-l", str(folder))   # lazy: an open handle must not leave the mount behind


@pytest.fixture
def read_only_disk(tmp_path):
    folder = tmp_path / "只读U盘"
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    _mount(folder, "size=64k,ro")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))   # lazy: an open handle must not leave the mount behind


@pytest.fixture
def locked_file(tmp_path):
    """An existing 名册.xlsx that cannot be replaced (Excel holding it open on Windows)."""
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old workbook")
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or _run("chattr", "+i", str(target)) and not _immutable(target):
            pytest.skip("此环境不能把文件设为不可修改（chattr +i），无法模拟被占用的文件")
        try:
            yield target
        finally:
            _run("chattr", "-i", str(target))
    else:
        tmp_path.chmod(0o555)
        yield target
        tmp_path.chmod(0o755)


def _immutable(path: Path) -> bool:
    try:
        os.utime(path)
    except PermissionError:
        return True
    return False


def run(argv, capsys):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = stop.code
    return code, capsys.readouterr().err


def refused(code, err, *words):
    assert code == 2, err
    assert is_chinese(err) and "程序内部错误" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def no_temporary_files(folder: Path):
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", ["名册.xlsx", "名册.pdf"])
def test_export_to_a_full_disk(name, full_disk, town_path, capsys):
    code, err = run(["--db", town_path, "export", "roster", "--out", full_disk / name], capsys)
    refused(code, err, "磁盘空间不足", name)
    assert not (full_disk / name).exists()
    no_temporary_files(full_disk)


def test_exchange_package_to_a_full_disk(full_disk, town_path, capsys):
    out = full_disk / "示范镇.zip"
    code, err = run(["--db", town_path, "sync-export", "--out", out, "--parts", "roster"], capsys)
    refused(code, err, "磁盘空间不足", "示范镇.zip")
    assert not out.exists()
    no_temporary_files(full_disk)


@pytest.mark.parametrize("name", ["名册.xlsx", "名册.pdf"])
def test_export_to_a_read_only_disk(name, read_only_disk, town_path, capsys):
    code, err = run(["--db", town_path, "export", "roster", "--out", read_only_disk / name], capsys)
    refused(code, err, name)
    assert "只读" in err or "没有权限" in err


def test_county_report_to_a_read_only_disk(read_only_disk, package_path, tmp_path, capsys):
    folder = tmp_path / "包"
    folder.mkdir()
    shutil.copy(package_path, folder / "示范镇.zip")
    code, err = run(["county-report", folder, "--out", read_only_disk / "汇总.xlsx"], capsys)
    refused(code, err, "汇总.xlsx")


def test_export_over_a_locked_file_keeps_the_old_one(locked_file, town_path, capsys):
    code, err = run(["--db", town_path, "export", "roster", "--out", locked_file], capsys)
    refused(code, err, "名册.xlsx", "没有权限")
    assert locked_file.read_bytes() == b"old workbook"
    no_temporary_files(locked_file.parent)


def test_backup_to_a_full_disk(full_disk, town_path, capsys):
    before = table_dump(town_path)
    code, err = run(["--db", town_path, "backup", "--to", full_disk], capsys)
    refused(code, err, "磁盘空间不足")
    assert table_dump(town_path) == before


def test_check_tells_a_read_only_medium_from_a_damaged_file(tmp_path, town_master, capsys):
    """F9: a sound database on a write-protected stick is not 'damaged, restore from a backup'."""
    if os.geteuid() != 0:
        pytest.skip("把已有文件的磁盘改为只读需要 root 权限（remount,ro）")
    folder = tmp_path / "写保护U盘"
    _mount(folder, "size=20m")
    try:
        shutil.copy(town_master[0], folder / "renda.db")
        _run("mount", "-o", "remount,ro", str(folder))
        code = main(["--db", str(folder / "renda.db"), "check"])
        out = capsys.readouterr().out
    finally:
        _run("umount", "-l", str(folder))   # lazy: an open handle must not leave the mount behind
    assert code == 1, out
    assert "只读" in out and "不需要从备份恢复" in out and "数据库完整性：正常" in out, out
    assert "先用“恢复”从最近的备份恢复" not in out
