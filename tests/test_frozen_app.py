"""The frozen program from ``make dist`` runs on its own: checks a fresh database, renders every page,
writes a PDF with the bundled fonts, and makes its start-up backup. Skipped until dist/ holds a build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "dist" / "XiangzhenRenda"
SUFFIX = ".exe" if sys.platform == "win32" else ""
GUI = APP_DIR / f"XiangzhenRenda{SUFFIX}"
CLI = APP_DIR / f"XiangzhenRenda-cli{SUFFIX}"   # the console build: its output can be read on Windows too

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not (GUI.is_file() and CLI.is_file()), reason="dist/ 中没有打包好的程序（先运行 make dist）"),
]


@pytest.fixture
def env(tmp_path):
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", XZRD_DATA_DIR=str(tmp_path / "userdata"))
    # The frozen program must not find the source tree or the test virtualenv.
    environment.pop("PYTHONPATH", None)
    return environment


def run(binary: Path, args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=180)


def test_check_passes_on_a_fresh_database(env, tmp_path):
    db = tmp_path / "fresh.db"
    made = run(CLI, ["backup", "--db", str(db)], env, tmp_path)    # creates the database, then backs it up
    assert made.returncode == 0, made.stderr
    assert list((tmp_path / "backups").glob("fresh-*-手动.db"))
    checked = run(CLI, ["check", "--db", str(db)], env, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "全部检查通过" in checked.stdout


def test_screenshot_renders_every_page(env, tmp_path):
    from desktop_app.ui.pages import PAGES

    out = tmp_path / "shots"
    result = run(GUI, ["screenshot", "--out", str(out)], env, tmp_path)
    assert result.returncode == 0, result.stderr
    for spec in PAGES:
        assert (out / f"{spec.key}.png").stat().st_size > 10_000, spec.key


def test_roster_pdf_uses_the_bundled_fonts(env, tmp_path):
    from pypdf import PdfReader

    db = tmp_path / "demo.db"
    assert run(CLI, ["demo", "--db", str(db)], env, tmp_path).returncode == 0
    result = run(CLI, ["export", "roster", "--db", str(db), "--out", str(tmp_path / "名册.pdf")], env, tmp_path)
    assert result.returncode == 0, result.stderr
    text = PdfReader(tmp_path / "名册.pdf").pages[0].extract_text()
    assert "代表名册" in text


def test_the_desktop_program_starts_and_makes_its_start_up_backup(env, tmp_path):
    db = tmp_path / "office.db"
    assert run(CLI, ["demo", "--db", str(db)], env, tmp_path).returncode == 0   # not empty: no welcome dialog
    process = subprocess.Popen([str(GUI), "--db", str(db)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not list((tmp_path / "backups").glob("office-*-启动.db")) and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode("utf-8", "replace")
            time.sleep(0.2)
        assert list((tmp_path / "backups").glob("office-*-启动.db"))
    finally:
        process.kill()
        process.communicate(timeout=30)
