"""The stored start-up password: set/change/remove with the old one, wrong tries delayed and persisted, audited."""

import datetime as dt

import pytest

from desktop_app.db import audit, settings
from desktop_app.db.connection import open_database
from desktop_app.db import password as pw
from desktop_app.errors import UserError

T0 = dt.datetime(2025, 6, 18, 9, 0, 0)


def at(seconds):
    return T0 + dt.timedelta(seconds=seconds)


def actions(db):
    return [e["action"] for e in audit.entries(db)]


def test_no_password_means_every_try_is_accepted(db):
    assert not pw.is_set(db)
    assert pw.attempt(db, "", now=T0).ok


def test_set_then_only_the_right_password_opens(db):
    pw.set_password(db, "人大工作", repeated="人大工作")
    assert pw.is_set(db)
    stored = settings.get(db, "startup_password")
    assert stored["algorithm"] == "pbkdf2_sha256" and "人大工作" not in str(stored)
    assert not pw.attempt(db, "人大", now=T0).ok
    assert pw.attempt(db, "人大工作", now=at(5)).ok
    assert "设置启动密码" in actions(db)


def test_wrong_tries_wait_longer_and_longer(db):
    pw.set_password(db, "abcd")
    first = pw.attempt(db, "x", now=T0)
    assert not first.ok and first.wait_seconds == 0 and "重新输入" in first.message
    second = pw.attempt(db, "y", now=at(1))
    assert second.wait_seconds == 1 and "请等待 1 秒后再试" in second.message
    # During the wait even the right password is refused, without being checked or counted.
    early = pw.attempt(db, "abcd", now=at(1.5))
    assert not early.ok and early.too_soon and pw.failure_count(db) == 2
    third = pw.attempt(db, "z", now=at(2))
    assert third.wait_seconds == 2 and pw.wait_seconds(db, at(3)) == 1 and pw.wait_seconds(db, at(4)) == 0
    assert pw.attempt(db, "w", now=at(4)).wait_seconds == 4
    assert pw.attempt(db, "abcd", now=at(8)).ok
    assert pw.failure_count(db) == 0 and pw.wait_seconds(db, at(8)) == 0
    assert actions(db).count("启动密码输入错误") == 4
    assert audit.verify_chain(db) is None


def test_the_wait_survives_closing_the_program(db_path):
    db = open_database(db_path)
    pw.set_password(db, "abcd")
    for i in range(5):
        pw.attempt(db, "bad", now=at(i * 100))
    db.close()
    reopened = open_database(db_path)
    try:
        assert pw.failure_count(reopened) == 5
        assert pw.wait_seconds(reopened, at(400)) == 8
        assert pw.attempt(reopened, "abcd", now=at(401)).too_soon
        assert pw.attempt(reopened, "abcd", now=at(408)).ok
    finally:
        reopened.close()


def test_change_and_remove_need_the_current_password(db):
    pw.set_password(db, "abcd")
    with pytest.raises(UserError, match="原密码不正确"):
        pw.set_password(db, "efgh", current="wrong")
    with pytest.raises(UserError, match="原密码不正确"):
        pw.remove_password(db, "wrong")
    assert pw.matches(db, "abcd")
    pw.set_password(db, "efgh", repeated="efgh", current="abcd")
    assert pw.matches(db, "efgh") and not pw.matches(db, "abcd")
    pw.remove_password(db, "efgh")
    assert not pw.is_set(db)
    assert actions(db)[-3:] == ["设置启动密码", "修改启动密码", "取消启动密码"]


def test_a_bad_new_password_changes_nothing(db):
    pw.set_password(db, "abcd")
    before = settings.get(db, "startup_password")
    with pytest.raises(UserError, match="不一致"):
        pw.set_password(db, "efgh", repeated="efgx", current="abcd")
    with pytest.raises(UserError, match="太短"):
        pw.set_password(db, "ef", repeated="ef", current="abcd")
    assert settings.get(db, "startup_password") == before


def test_a_garbled_failure_record_does_not_lock_anyone_out(db):
    pw.set_password(db, "abcd")
    settings.put(db, "startup_password_failures", {"count": "many", "last": "yesterday"})
    assert pw.wait_seconds(db, T0) == 0
    assert pw.attempt(db, "abcd", now=T0).ok


def test_a_forgotten_password_is_reset_by_the_maintainers_command(db_path):
    import subprocess
    import sys

    from desktop_app.db import audit, password
    from desktop_app.db.connection import open_database

    db = open_database(db_path)
    password.set_password(db, "renda2026", repeated="renda2026")
    db.close()
    run = lambda *extra: subprocess.run([sys.executable, "-m", "desktop_app", "reset-password", "--db", str(db_path),
                                         *extra], capture_output=True, text=True, timeout=60)
    refused = run()
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = run("--yes")
    assert done.returncode == 0 and "已取消启动密码" in done.stdout
    db = open_database(db_path)
    try:
        assert not password.is_set(db)
        assert audit.entries(db)[-1]["action"] == "重置遗忘的启动密码"
        assert audit.verify_chain(db) is None
    finally:
        db.close()
