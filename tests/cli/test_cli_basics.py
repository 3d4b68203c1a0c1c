"""The command line as a user meets it: --help, documented commands, the no-display message."""

import os
import re
import subprocess
import sys
from pathlib import Path

from desktop_app.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_every_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if not re.search(rf"`[^`]*\b{re.escape(name)}\b[^`]*`", readme)]
    assert missing == []


def test_every_command_has_help():
    parser = build_parser()
    for name in COMMANDS:
        sub = parser._subparsers._group_actions[0].choices[name]  # noqa: SLF001 - argparse has no public getter
        assert sub.format_help().strip()


def test_gui_without_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XZRD_DATA_DIR"] = str(tmp_path)
    if sys.platform != "linux":
        return
    result = _run("--db", str(tmp_path / "x.db"), env=env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "DISPLAY" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_command_is_refused():
    result = _run("no-such-command")
    assert result.returncode == 2
