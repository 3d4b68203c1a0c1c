"""A second window on the same database file is refused; another file opens fine."""

import subprocess
import sys
import textwrap

from desktop_app.app import acquire_lock


def test_second_lock_on_the_same_file_is_refused(tmp_path):
    path = tmp_path / "office.db"
    first = acquire_lock(path)
    assert first is not None
    holder = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            from pathlib import Path
            from desktop_app.app import acquire_lock
            print(acquire_lock(Path({str(path)!r})) is None)
        """)], capture_output=True, text=True, timeout=60)
    assert holder.stdout.strip() == "True"
    assert acquire_lock(tmp_path / "other.db") is not None
    first.release()
    assert acquire_lock(path) is not None
