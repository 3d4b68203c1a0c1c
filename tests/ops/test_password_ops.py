"""ops for the start-up password: a wrong try is counted with its audit entry, a change needs the present
password (refused in Chinese, nothing changed), and the maintainer's reset says whether there was one."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import audit
from desktop_app.db import password as password_db
from desktop_app.errors import UserError
from desktop_app.ops import password

NOW = dt.datetime(2026, 12, 5, 9, 0)


def _actions(db) -> list[str]:
    return [entry["action"] for entry in audit.entries(db)]


def test_set_then_a_wrong_try_is_counted_and_logged(db):
    assert password.set_password(db, "人大办2026", repeated="人大办2026").message == "启动密码已设置。"
    changes = password.attempt(db, "猜一个", NOW)
    assert not changes.value.ok and changes.message == "密码不正确，请重新输入。"
    assert password_db.failure_count(db) == 1
    assert _actions(db) == ["设置启动密码", "启动密码输入错误"]
    assert password.attempt(db, "人大办2026", NOW + dt.timedelta(hours=1)).value.ok
    assert password_db.failure_count(db) == 0


def test_change_with_a_wrong_present_password_changes_nothing(db):
    password.set_password(db, "人大办2026")
    entries = len(audit.entries(db))
    with pytest.raises(UserError, match="原密码不正确，启动密码未改变。"):
        password.set_password(db, "新密码12345", current="不对")
    with pytest.raises(UserError, match="原密码不正确"):
        password.remove(db, "不对")
    assert password_db.matches(db, "人大办2026") and len(audit.entries(db)) == entries
    assert password.remove(db, "人大办2026").message == "启动密码已取消。"
    assert not password_db.is_set(db) and _actions(db)[-1] == "取消启动密码"


def test_reset_forgotten(db):
    assert password.reset_forgotten(db).value is False
    password.set_password(db, "人大办2026")
    changes = password.reset_forgotten(db)
    assert changes.value is True and "已取消启动密码" in changes.message
    assert not password_db.is_set(db)
    entry = audit.entries(db)[-1]
    assert (entry["action"], entry["actor"]) == ("重置遗忘的启动密码", "维护人员")
