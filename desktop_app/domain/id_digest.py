"""The ID digest of exchange packages: an HMAC-SHA256 of the ID number keyed with the county's code.

A bare SHA-256 of an ID number gives the number back to anyone who tries the few million numbers of a
region (0.06 s, F4); keyed with a code the county gives its townships, it matches deputies between offices
that hold the code and tells nothing to anyone else. Without a code there is no digest.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from .idcard import validate_id_number

ALGORITHM = "HMAC-SHA256"


def normalize_county_code(code: Any) -> str:
    """The county code as compared: spaces removed, letters upper-case (it is typed from a notice)."""
    return "".join(str(code or "").split()).upper()


def id_key(id_number: Any, county_code: Any) -> str | None:
    """HMAC-SHA256 (hex) of the normalised ID number keyed with the county code.

    None when there is no code, or the number is empty or masked (contains *).
    """
    code = normalize_county_code(county_code)
    text = validate_id_number(id_number).normalized if id_number not in (None, "") else ""
    if not code or not text or "*" in text:
        return None
    return hmac.new(code.encode("utf-8"), text.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def county_code_check(county_code: Any) -> str | None:
    """A short value that tells whether two offices typed the same county code (None without a code)."""
    code = normalize_county_code(county_code)
    if not code:
        return None
    return hmac.new(code.encode("utf-8"), b"xzrd-exchange county code check", hashlib.sha256).hexdigest()[:16]
