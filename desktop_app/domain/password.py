"""The start-up password: PBKDF2-HMAC-SHA256 hashes, constant-time checks and the delay after wrong tries.

Pure functions only: where the hash and the failure count are kept is ``db/password.py``. The password
keeps casual users out of the program; the database file itself is not encrypted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 240_000          # ~0.05 s here, well under a second on an old office laptop; guessing stays slow
MIN_ITERATIONS = 200_000
SALT_BYTES = 16
MIN_LENGTH = 4
MAX_DELAY_SECONDS = 30


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> dict:
    """A storable record ``{"algorithm", "iterations", "salt", "hash"}`` (hex strings) with a fresh random salt."""
    if iterations < MIN_ITERATIONS:
        raise ValueError(f"at least {MIN_ITERATIONS} iterations are required")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return {"algorithm": ALGORITHM, "iterations": iterations, "salt": salt.hex(), "hash": digest.hex()}


def verify_password(password: str, record: dict) -> bool:
    """Whether ``password`` matches the stored record; compared in constant time. A malformed record never matches."""
    try:
        if record["algorithm"] != ALGORITHM:
            return False
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        iterations = int(record["iterations"])
    except (KeyError, TypeError, ValueError):
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords in a row: 0, 0, 1, 2, 4, 8, 16, then 30 at most.

    The first mistake costs nothing (a typo); each further one doubles the wait, so guessing is slow.
    """
    if failures < 2:
        return 0
    # Past the cap the power is never needed: a huge count (a tampered setting) must not build a huge number.
    if failures - 2 >= MAX_DELAY_SECONDS.bit_length():
        return MAX_DELAY_SECONDS
    return min(2 ** (failures - 2), MAX_DELAY_SECONDS)


def seconds_to_wait(failures: int, last_failure: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds left before the next try is allowed (0: now).

    A last failure in the future (the clock was put back) counts as just now, so turning the clock
    back cannot skip the wait, while the wait is still bounded by ``MAX_DELAY_SECONDS``.
    """
    delay = delay_after(failures)
    if delay == 0 or last_failure is None:
        return 0
    elapsed = max((now - last_failure).total_seconds(), 0.0)
    left = delay - elapsed
    return 0 if left <= 0 else int(-(-left // 1))   # round up: "wait 1 second" until it is really over


def new_password_problem(password: str, repeated: str) -> str | None:
    """Why a new password cannot be used (Chinese), or None when it is acceptable."""
    if not password:
        return "请输入新密码。"
    if password != password.strip():
        return "密码的开头和结尾不能是空格。"
    if len(password) < MIN_LENGTH:
        return f"密码太短：至少 {MIN_LENGTH} 个字符。"
    if password != repeated:
        return "两次输入的新密码不一致，请重新输入。"
    return None
