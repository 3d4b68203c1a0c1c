"""The file type a document is written as, chosen by the output file's extension, refused in Chinese when unknown."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def suffix_of(out_path: str | Path, allowed: tuple[str, ...], what: str | None = None) -> str:
    """The lower-case suffix of ``out_path`` when it is one of ``allowed``; InputError naming the file otherwise.

    ``what`` names the document (履职达标, 代表证…) in the message; without it the message says 此类导出.
    """
    suffix = Path(out_path).suffix.lower()
    if suffix in allowed:
        return suffix
    name = Path(out_path).name
    if what and len(allowed) == 1:
        raise InputError(f"无法导出为“{name}”：{what}只能导出为 {allowed[0]}。")
    raise InputError(f"无法导出为“{name}”：{what or '此类导出'}支持的文件类型为 {'、'.join(allowed)}。")
