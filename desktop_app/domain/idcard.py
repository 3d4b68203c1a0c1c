"""公民身份号码 (GB 11643-1999): format, region code, birth date, ISO 7064 MOD 11-2 check digit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# Two-digit province codes of GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
})

EXCEL_MANGLED_MESSAGE = "身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写"

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_SEPARATORS = re.compile(r"[\s\-_]")


@dataclass(frozen=True)
class IdCheck:
    ok: bool
    message: str | None
    normalized: str
    birth_date: dt.date | None = None
    gender: str | None = None


def check_digit(first17: str) -> str:
    """The 18th character for 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # A float is what Excel hands over for a number cell: 18 digits never survive that.
        return f"{value:.14E}" if value == value else ""
    text = str(value)
    # Full-width digits and Ｘ from Chinese input methods.
    text = text.translate({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}).replace("\u3000", " ")
    return _SEPARATORS.sub("", text).upper()


def is_excel_mangled(value: object) -> bool:
    """True for numbers such as 1.10101199003077E+17 or 110101199003077000 read back from a number cell."""
    if isinstance(value, float):
        return value == value
    if isinstance(value, int) and not isinstance(value, bool):
        # Only 15 significant digits survive a number cell.
        return len(str(abs(value))) > 15
    text = _to_text(value)
    return "E+" in text or bool(_SCIENTIFIC.match(text))


def _fail(message: str, normalized: str) -> IdCheck:
    return IdCheck(False, message, normalized)


def validate_id_number(value: object, *, today: dt.date | None = None) -> IdCheck:
    """Check one 公民身份号码; ``message`` says exactly what is wrong, in Chinese."""
    text = _to_text(value)
    if not text:
        return _fail("公民身份号码为空", "")
    if is_excel_mangled(value):
        return _fail(EXCEL_MANGLED_MESSAGE, text)
    if len(text) == 15 and text.isdigit():
        return _fail("这是 15 位的旧身份证号，请填写 18 位公民身份号码", text)
    if len(text) != 18:
        return _fail(f"公民身份号码应为 18 位，实为 {len(text)} 位", text)
    bad = [ch for ch in text[:17] if not ch.isdigit()]
    if bad:
        return _fail(f"公民身份号码前 17 位只能是数字，含有“{bad[0]}”", text)
    if not (text[17].isdigit() or text[17] == "X"):
        return _fail(f"公民身份号码第 18 位只能是数字或 X，实为“{text[17]}”", text)
    if text[0] == "0" or text[:2] not in PROVINCE_CODES:
        return _fail(f"公民身份号码前 6 位地址码 {text[:6]} 不是有效的行政区划代码（省级代码 {text[:2]} 不存在）", text)
    birth = _birth_date(text[6:14])
    if birth is None:
        return _fail(f"公民身份号码中的出生日期 {text[6:14]} 不是有效日期", text)
    today = today or dt.date.today()
    if birth > today:
        return _fail(f"公民身份号码中的出生日期 {birth.isoformat()} 晚于今天", text)
    if birth.year < 1900:
        return _fail(f"公民身份号码中的出生日期 {birth.isoformat()} 早于 1900 年", text)
    expected = check_digit(text[:17])
    if text[17] != expected and text.endswith("000"):
        # A number cell keeps 15 significant digits and pads with zeros.
        return _fail(EXCEL_MANGLED_MESSAGE, text)
    if text[17] != expected:
        return _fail(f"公民身份号码校验位应为 {expected}，实为 {text[17]}，请核对号码是否抄错", text)
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdCheck(True, None, text, birth, gender)


def _birth_date(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def make_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """A valid number from a 6-digit region code, a birth date and a 3-digit sequence (odd = 男)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
