"""Bad exchange packages: renamed files, forged names, bombs, and messy workbooks edited at the county.

A refused package leaves the database as it was; a package with a few bad rows imports the good ones
and names each bad row (sheet, row number, column) in the preview before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from desktop_app.db.connection import open_database
from desktop_app.errors import InputError
from desktop_app.exchange.importer import apply_import, preview_import
from desktop_app.exchange.layouts import BY_NAME
from desktop_app.exchange.package import MANIFEST, read_package
from desktop_app.ops.settings import set_county_code
from package_tools import COUNTY_CODE, claim_size, edit_workbook, is_chinese, members, table_dump, write_package


@pytest.fixture
def empty(tmp_path):
    path = tmp_path / "county.db"
    db = open_database(path)
    set_county_code(db, COUNTY_CODE)
    yield db, path
    db.close()


def refused_package(path, *words):
    with pytest.raises(InputError) as info:
        read_package(path)
    message = str(info.value)
    assert is_chinese(message), message
    for word in words:
        assert word in message, message
    return message


# ---------------------------------------------------------------------------------------------- not a package

def test_a_word_document_renamed_to_zip(tmp_path):
    docx = tmp_path / "上报材料.zip"
    with zipfile.ZipFile(docx, "w") as zf:   # what a .docx really is: a zip without our manifest
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    refused_package(docx, "上报材料.zip", "manifest.json")


def test_a_text_file_renamed_to_zip_and_an_empty_file(tmp_path):
    fake = tmp_path / "数据.zip"
    fake.write_text("这不是压缩包", encoding="utf-8")
    refused_package(fake, "数据.zip", "zip")
    fake.write_bytes(b"")
    refused_package(fake, "数据.zip")


def test_a_folder_named_like_a_package(tmp_path):
    folder = tmp_path / "包.zip"
    folder.mkdir()
    refused_package(folder, "找不到文件")


# ---------------------------------------------------------------------------------------------- forged names

def test_an_unlisted_path_traversal_member_is_refused(package_path, tmp_path):
    files = members(package_path)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("../x", b"evil")
    refused_package(forged, "../x", "清单未列出")


@pytest.mark.parametrize("name", ["../x", "/etc/x", "C:/x", "data/../../x"])
def test_a_listed_path_traversal_member_is_refused(package_path, tmp_path, name):
    files = members(package_path)
    manifest = json.loads(files.pop(MANIFEST))
    files[name] = b"evil"
    forged = write_package(tmp_path / "forged.zip", files, manifest)
    refused_package(forged, name)


# ---------------------------------------------------------------------------------------------- bombs

@pytest.mark.parametrize("member", ["data/bomb.bin", MANIFEST])
def test_a_huge_declared_member_is_refused_before_reading(package_path, tmp_path, monkeypatch, member):
    huge = 3_500_000_000
    files = members(package_path)
    manifest = json.loads(files.pop(MANIFEST))
    files["data/bomb.bin"] = b"\0" * 1024
    bomb = write_package(tmp_path / "bomb.zip", files, manifest)
    # Make the manifest agree with the header, as a crafted package would.
    files_now = members(bomb)
    listed = json.loads(files_now[MANIFEST])
    for entry in listed["files"]:
        if entry["path"] == member:
            entry["size"] = huge
    from desktop_app.exchange.package import manifest_checksum

    listed["manifest_sha256"] = manifest_checksum(listed)
    files_now[MANIFEST] = json.dumps(listed, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(bomb, "w") as zf:
        for name, data in files_now.items():
            zf.writestr(name, data)
    claim_size(bomb, member, huge)

    opened = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    refused_package(bomb, member.split("/")[-1])
    assert member not in opened, "the oversized member was decompressed before being refused"


# ---------------------------------------------------------------------------------------------- messy workbooks

def edited(package_path, tmp_path, table, edit, name="edited.zip"):
    layout = BY_NAME[table]
    return edit_workbook(package_path, tmp_path / name, layout.file, layout.sheet, edit, table)


def column(rows, header):
    return rows[0].index(header)


def preview(db, path):
    return preview_import(db, read_package(path))


def test_a_row_without_uid_is_named_and_left_out(package_path, tmp_path, empty):
    db, _ = empty

    def blank_uid(rows):
        rows[3] = [None] + list(rows[3][1:])
        return rows

    path = edited(package_path, tmp_path, "activities", blank_uid)
    plan = preview(db, path)
    assert any(p.startswith("活动第 4 行") and "缺少记录编号" in p for p in plan.problems), plan.problems
    total = len(read_package(path).tables["activities"])
    apply_import(db, plan, backup=False)
    assert db.execute("SELECT COUNT(*) FROM activities").fetchone()[0] == total - 1


@pytest.mark.parametrize("table, title", [("activities", "活动"), ("deputies", "代表名册"), ("suggestions", "意见建议"),
                                          ("groups", "代表小组")])
def test_a_duplicated_uid_is_named_in_the_preview_not_a_failed_apply(package_path, tmp_path, empty, table, title):
    db, db_path = empty

    def duplicate(rows):
        copy = list(rows[2])
        copy[column(rows, "记录编号")] = rows[1][column(rows, "记录编号")]
        return rows + [copy]

    path = edited(package_path, tmp_path, table, duplicate)
    package = read_package(path)
    last = len(package.tables[table]) + 1
    plan = preview_import(db, package)
    assert any(p.startswith(f"{title}第 {last} 行") and "与第 2 行重复" in p for p in plan.problems), plan.problems
    apply_import(db, plan, backup=False)
    uids = [r[0] for r in db.execute(f"SELECT uid FROM {table}")]
    assert len(uids) == len(set(uids)) == len(package.tables[table]) - 1
    # A second import of the same package changes nothing.
    assert not preview(db, path).has_work


def test_the_same_person_twice_under_two_uids_is_named(package_path, tmp_path, empty):
    db, _ = empty

    def twin(rows):
        copy = list(rows[1])
        copy[column(rows, "记录编号")] = "f" * 32
        return rows + [copy]

    path = edited(package_path, tmp_path, "deputies", twin)
    plan = preview(db, path)
    assert any("身份证号与第 2 行重复" in p for p in plan.problems), plan.problems
    apply_import(db, plan, backup=False)
    assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == len(read_package(path).tables["deputies"]) - 1


@pytest.mark.parametrize("table, header, value, words", [
    ("activities", "日期", "2026-02-30", ("“日期”“2026-02-30”不是有效日期",)),
    ("activities", "解决问题数", "三个", ("解决问题数", "三个")),
    ("activity_attendance", "出席情况", "迟到", ("迟到", "出席、请假、缺席")),
    ("suggestions", "状态", "已办", ("已办", "无法识别")),
    ("suggestions", "办理结果类别", "E", ("“E”",)),
    ("suggestions", "收集日期", "去年", ("去年",)),
    ("deputies", "公民身份号码", 1.10101199001011e17, ("公民身份号码",)),
])
def test_a_bad_cell_names_row_and_column_and_the_rest_imports(package_path, tmp_path, empty, table, header, value,
                                                              words):
    db, _ = empty
    layout = BY_NAME[table]
    if header not in layout.headers:
        pytest.skip(f"{header} not in the {table} layout")

    def spoil(rows):
        rows[2] = list(rows[2])
        rows[2][column(rows, header)] = value
        return rows

    path = edited(package_path, tmp_path, table, spoil)
    plan = preview(db, path)
    hits = [p for p in plan.problems if f"{layout.sheet}第 3 行" in p or "第 3 行" in p.split("：")[0]]
    assert hits and all(w in hits[0] for w in words) and hits[0].endswith("未导入。"), plan.problems
    apply_import(db, plan, backup=False)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if table == "activities":
        bad = [r for r in db.execute("SELECT date FROM activities")
               if not _is_day(r[0])]
        assert not bad


def _is_day(text):
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def test_dates_retyped_as_excel_dates_are_stored_as_iso_days(package_path, tmp_path, empty):
    """A county clerk who re-types the 日期 column in Excel turns text into date cells; they still import."""
    db, _ = empty

    def as_dates(rows):
        at = column(rows, "日期")
        for row in rows[1:]:
            if row[at]:
                row[at] = dt.datetime.fromisoformat(row[at])
        return [list(r) for r in rows]

    path = edited(package_path, tmp_path, "activities", lambda rows: as_dates([list(r) for r in rows]))
    plan = preview(db, path)
    assert not [p for p in plan.problems if "日期" in p], plan.problems[:3]
    apply_import(db, plan, backup=False)
    dates = [r[0] for r in db.execute("SELECT date FROM activities")]
    assert dates and all(_is_day(d) and len(d) == 10 for d in dates)


def test_a_sheet_missing_a_column_is_refused_and_nothing_written(package_path, tmp_path, empty):
    db, db_path = empty
    before = table_dump(db_path)

    def drop_theme(rows):
        at = column(rows, "主题")
        return [list(r[:at]) + list(r[at + 1:]) for r in rows]

    path = edited(package_path, tmp_path, "activities", drop_theme)
    refused_package(path, "主题")
    assert table_dump(db_path) == before


def test_two_members_of_one_name_refuse_the_package(package_path, tmp_path):
    """F13: a second manifest.json appended to a genuine package (zipfile would read the last one)."""
    import warnings

    forged = tmp_path / "两份清单.zip"
    forged.write_bytes(package_path.read_bytes())
    manifest = json.loads(members(package_path)[MANIFEST])
    manifest["township"] = "别的镇"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(forged, "a") as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    refused_package(forged, "两份清单.zip", "同名", "manifest.json")
