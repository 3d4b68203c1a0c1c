"""Each office gets its signing key pair when the database is first opened, not only at the first export."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from desktop_app.cli import main
from desktop_app.db.auto_backup import auto_backup, set_backup_folder
from desktop_app.db.connection import open_database
from desktop_app.db.signing_key_file import key_file
from desktop_app.exchange.signing import ensure_office_key, fingerprint, office_public_key


def test_the_key_is_made_once_owner_only_and_never_replaced(tmp_path):
    db = open_database(tmp_path / "renda.db")
    try:
        first = ensure_office_key(db)
        pem = key_file(tmp_path / "renda.db").read_bytes()
        assert first == fingerprint(office_public_key(db)) and len(first) == 19   # "ABCD EF01 2345 6789"
        assert ensure_office_key(db) == first
        assert key_file(tmp_path / "renda.db").read_bytes() == pem
        if sys.platform != "win32":
            assert stat.S_IMODE(os.stat(key_file(tmp_path / "renda.db")).st_mode) == 0o600
    finally:
        db.close()


def test_a_damaged_key_is_left_for_the_clerk_and_opening_goes_on(tmp_path):
    db = open_database(tmp_path / "renda.db")
    try:
        key_file(tmp_path / "renda.db").write_bytes(b"not a key")
        assert ensure_office_key(db) is None
        assert key_file(tmp_path / "renda.db").read_bytes() == b"not a key"   # never overwritten silently
    finally:
        db.close()


def test_an_in_memory_database_has_no_key_and_no_error():
    import sqlite_utils

    assert ensure_office_key(sqlite_utils.Database(memory=True)) is None


def test_the_first_backup_after_setup_carries_the_key(tmp_path):
    db = open_database(tmp_path / "renda.db")
    try:
        set_backup_folder(db, tmp_path / "usb")
        ensure_office_key(db)
        auto_backup(db, "手动", rotate=False)
    finally:
        db.close()
    copy = tmp_path / "usb" / key_file(tmp_path / "renda.db").name
    assert copy.read_bytes() == key_file(tmp_path / "renda.db").read_bytes()


@pytest.mark.parametrize("command", [["demo"], ["import-roster", "--dry-run"]])
def test_a_command_that_opens_the_database_makes_the_key_once(tmp_path, command, capsys):
    path = tmp_path / "renda.db"
    args = list(command)
    if command[0] == "import-roster":
        roster = tmp_path / "名册.csv"
        roster.write_text("姓名,性别\n", encoding="utf-8")
        args.insert(1, str(roster))
    main([*args, "--db", str(path)])
    before = key_file(path).read_bytes()
    main(["demo", "--db", str(path), "--force"])    # a later writer keeps the same key
    assert key_file(path).read_bytes() == before


def test_opening_a_database_that_has_its_key_does_not_load_the_crypto_library(tmp_path):
    """Every start and every command opens a database; only one without a key pays for cryptography."""
    import subprocess
    import textwrap

    path = tmp_path / "renda.db"
    code = textwrap.dedent(f"""
        import sys
        from desktop_app.db.connection import open_database
        from desktop_app.exchange.office_key import ensure_on_open
        db = open_database({str(path)!r})
        ensure_on_open(db)
        print("cryptography" in sys.modules)
    """)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["True"] and key_file(path).exists()     # made on the first open
    pem = key_file(path).read_bytes()
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.split() == ["False"] and key_file(path).read_bytes() == pem
