"""Start-up password rules: PBKDF2 hashes with a random salt, constant-time checks, the growing delay."""

import datetime as dt

import pytest

from desktop_app.domain import password as pw

T0 = dt.datetime(2025, 6, 18, 9, 0, 0)


@pytest.fixture(scope="module")
def record():
    return pw.hash_password("青山镇2025")


def test_hash_verifies_only_the_same_password(record):
    assert record["algorithm"] == "pbkdf2_sha256" and record["iterations"] >= 200_000
    assert pw.verify_password("青山镇2025", record)
    assert not pw.verify_password("青山镇2026", record)
    assert not pw.verify_password("", record)
    assert "青山镇2025" not in str(record)


def test_each_hash_has_its_own_salt(record):
    other = pw.hash_password("青山镇2025")
    assert other["salt"] != record["salt"] and other["hash"] != record["hash"]
    assert pw.verify_password("青山镇2025", other)


def test_same_salt_gives_the_known_pbkdf2_digest():
    import hashlib

    salt = bytes(range(16))
    record = pw.hash_password("abcd", salt=salt, iterations=200_000)
    assert record["hash"] == hashlib.pbkdf2_hmac("sha256", b"abcd", salt, 200_000).hex()


def test_too_few_iterations_are_refused():
    with pytest.raises(ValueError):
        pw.hash_password("abcd", iterations=1000)


@pytest.mark.parametrize("broken", [{}, {"algorithm": "md5", "salt": "00", "hash": "00", "iterations": 1},
                                    {"algorithm": "pbkdf2_sha256", "salt": "zz", "hash": "00", "iterations": 1},
                                    None])
def test_a_malformed_record_never_matches(broken):
    assert pw.verify_password("abcd", broken) is False


@pytest.mark.parametrize("failures, seconds", [
    (0, 0), (1, 0), (2, 1), (3, 2), (4, 4), (5, 8), (6, 16), (7, 30), (8, 30), (50, 30),
])
def test_delay_doubles_after_the_first_mistake_and_is_capped(failures, seconds):
    assert pw.delay_after(failures) == seconds


def test_seconds_to_wait_counts_down_from_the_last_failure():
    assert pw.seconds_to_wait(4, T0, T0) == 4
    assert pw.seconds_to_wait(4, T0, T0 + dt.timedelta(seconds=1.5)) == 3     # rounded up
    assert pw.seconds_to_wait(4, T0, T0 + dt.timedelta(seconds=4)) == 0
    assert pw.seconds_to_wait(1, T0, T0) == 0
    assert pw.seconds_to_wait(4, None, T0) == 0


def test_putting_the_clock_back_does_not_skip_the_wait():
    assert pw.seconds_to_wait(5, T0, T0 - dt.timedelta(hours=3)) == 8


@pytest.mark.parametrize("new, repeated, expected", [
    ("", "", "请输入新密码"),
    ("abc", "abc", "至少 4 个字符"),
    (" abcd", " abcd", "空格"),
    ("abcd", "abce", "不一致"),
    ("人大工作", "人大工作", None),
])
def test_new_password_problems(new, repeated, expected):
    problem = pw.new_password_problem(new, repeated)
    assert (problem is None) if expected is None else (expected in problem)
