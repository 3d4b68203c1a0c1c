"""The version shown in 关于 (desktop_app.__version__) is the one pyproject.toml releases."""

import tomllib
from pathlib import Path

import desktop_app


def test_version_matches_pyproject():
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert desktop_app.__version__ == pyproject["project"]["version"]
