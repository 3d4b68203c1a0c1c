"""What an incoming file really is, from its bytes and not its name: a workbook kind the readers take, or a
Chinese description of what it is instead ("这是一个 Word 文档") for the message that refuses it.

Offices rename files freely: a WPS .xls saved as "名册.xlsx", a system export that is a web page named .xls,
a Word table sent as the roster. Reading by content makes the first two work and the last one say so.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEET_KINDS = ("xlsx", "xls", "ods", "csv")

KIND_LABELS = {"xlsx": "Excel 工作簿（.xlsx）", "xls": "旧版 Excel 工作簿（.xls）",
               "ods": "OpenDocument 电子表格（.ods）", "csv": "CSV 文本表格（.csv）"}


@dataclass(frozen=True)
class FileKind:
    """``kind`` is xlsx (also .xlsm), xls, ods, csv (text that may be a table), encrypted, or other;
    ``label`` says in Chinese what the file is ("这是一个 Word 文档（.docx）")."""

    kind: str
    label: str

    @property
    def readable(self) -> bool:
        return self.kind in SPREADSHEET_KINDS


_OTHER_MAGIC = (
    (b"%PDF", "这是一个 PDF 文件"),
    (b"\x89PNG", "这是一张图片（PNG）"),
    (b"\xff\xd8\xff", "这是一张图片（JPEG）"),
    (b"GIF8", "这是一张图片（GIF）"),
    (b"BM", "这是一张图片（BMP）"),
    (b"{\\rtf", "这是一个 RTF 文档"),
    (b"Rar!", "这是一个 RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "这是一个 7z 压缩包"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件"),
    (b"SQLite format 3\x00", "这是一个 SQLite 数据库文件"),
    (b"MZ", "这是一个程序文件（.exe）"),
)


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            mimetype = ""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    except Exception:  # noqa: BLE001 - a damaged zip says only that it is damaged
        return FileKind("other", "这是一个已损坏的压缩文件（可能是没有下载完整的 .xlsx）")
    if any(n.startswith("xl/") and n.endswith(".bin") and "/worksheets/" in n or n == "xl/workbook.bin"
           for n in names):
        # Binary sheets escape the XML bounds check, so they are not read at all.
        return FileKind("other", "这是一个 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为“Excel 工作簿（.xlsx）”")
    if any(n.startswith("xl/") for n in names):
        return FileKind("xlsx", KIND_LABELS["xlsx"])
    if mimetype == ODS_MIMETYPE:
        return FileKind("ods", KIND_LABELS["ods"])
    if any(n.startswith("word/") for n in names):
        return FileKind("other", "这是一个 Word 文档（.docx）")
    if any(n.startswith("ppt/") for n in names):
        return FileKind("other", "这是一个 PowerPoint 演示文稿（.pptx）")
    if mimetype.startswith("application/vnd.oasis.opendocument.text"):
        return FileKind("other", "这是一个 OpenDocument 文本文档（.odt）")
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return FileKind("other", "这是一个 OpenDocument 文档（不是电子表格）")
    return FileKind("other", "这是一个 ZIP 压缩包")


def _cfb_kind(data: bytes) -> FileKind:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(path) for path in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - olefile raises several types for a damaged container
        return FileKind("other", "这是一个已损坏的 Office 文件")
    if "EncryptedPackage" in streams:
        return FileKind("encrypted", "这是一个设置了打开密码的 Excel 工作簿")
    if streams & {"Workbook", "Book"}:
        return FileKind("xls", KIND_LABELS["xls"])
    if "WordDocument" in streams:
        return FileKind("other", "这是一个 Word 文档（.doc）")
    if "PowerPoint Document" in streams:
        return FileKind("other", "这是一个 PowerPoint 演示文稿（.ppt）")
    return FileKind("other", "这是一个 Office 文件，但不是 Excel 工作簿")


def _text_kind(data: bytes) -> FileKind:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return FileKind("other", "这是一个 Unicode（UTF-16）文本文件")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return FileKind("other", "这是一个网页（HTML）文件，不是真正的 Excel 工作簿（一些系统导出的“.xls”就是网页）")
    if stripped.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            return FileKind("other", "这是一个 Excel 2003 XML 表格")
        return FileKind("other", "这是一个 XML 文件")
    if b"\x00" in head:
        return FileKind("other", "这不是表格文件（内容是二进制数据）")
    # A table saved as text has a separator on its first line; prose or a damaged download has none.
    first = head.split(b"\n", 1)[0]
    if b"," in first or b"\t" in first:
        return FileKind("csv", KIND_LABELS["csv"])
    return FileKind("other", "这是一个纯文本文件（没有用逗号分隔的表格）")


def sniff(data: bytes) -> FileKind:
    """What ``data`` (a whole file) is, by its first bytes and, for containers, the parts inside."""
    if not data:
        return FileKind("other", "这是一个空文件（0 字节）")
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if data.startswith(CFB_MAGIC[:4]):
        return _cfb_kind(data)
    for magic, label in _OTHER_MAGIC:
        if data.startswith(magic):
            return FileKind("other", label)
    return _text_kind(data)


def renamed_note(path: Path, kind: FileKind) -> str | None:
    """When the extension says another kind than the content (an .xls named .xlsx), a sentence saying so."""
    suffix = path.suffix.lower()
    expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}.get(suffix)
    if expected is None or expected == kind.kind or not kind.readable:
        return None
    return f"“{path.name}”实际上是{KIND_LABELS[kind.kind]}，但扩展名是 {suffix}；已按文件内容读取。"
