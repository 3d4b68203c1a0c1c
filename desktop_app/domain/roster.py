"""Deputy roster rules: the official value lists, field validation, masking, age and structure statistics."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from .idcard import validate_id_number
from .text import compact, name_problem, normalize_text, unsafe_name_characters

LEVELS = ("全国", "省", "市", "县", "乡")
STATUSES = ("在任", "辞职", "罢免", "调离", "去世", "资格终止")
SERVING = "在任"
GENDERS = ("男", "女")

# The 56 ethnic groups in the order of GB/T 3304.
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)

DEMOCRATIC_PARTIES = (
    "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员",
)
PARTIES = ("中共党员", "中共预备党员", "共青团员") + DEMOCRATIC_PARTIES + ("无党派人士", "群众")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学及以下")
OCCUPATIONS = ("工人", "农民", "专业技术人员", "党政领导干部", "企业负责人", "解放军", "其他")
GROUP_KINDS = ("代表小组", "专业代表小组")
STATION_KINDS = ("代表之家", "联络站")
AGE_BANDS = ("35岁以下", "36至45岁", "46至55岁", "56岁以上")
NOT_FILLED = "未填写"

# Spellings found in real county spreadsheets → the official value.
SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"男性": "男", "女性": "女", "M": "男", "F": "女"},
    "party": {
        "党员": "中共党员", "中国共产党党员": "中共党员", "共产党员": "中共党员", "中共": "中共党员",
        "预备党员": "中共预备党员", "中国共产党预备党员": "中共预备党员",
        "团员": "共青团员", "共青团": "共青团员", "无党派": "无党派人士", "民革": "民革党员", "民盟": "民盟盟员",
        "民建": "民建会员", "民进": "民进会员", "农工党": "农工党党员", "致公党": "致公党党员",
        "九三学社": "九三学社社员", "台盟": "台盟盟员",
    },
    "education": {
        "博士": "研究生", "硕士": "研究生", "博士研究生": "研究生", "硕士研究生": "研究生", "研究生学历": "研究生",
        "本科": "大学本科", "大本": "大学本科", "大学": "大学本科", "专科": "大学专科", "大专": "大学专科",
        "中技": "中专", "职高": "中专", "中等专科": "中专", "高中及中专": "高中", "初中及以下": "初中",
        "小学": "小学及以下", "文盲": "小学及以下",
    },
    "occupation": {
        "一线工人": "工人", "一线农民": "农民", "专技人员": "专业技术人员", "党政干部": "党政领导干部",
        "领导干部": "党政领导干部", "企业家": "企业负责人", "军人": "解放军",
    },
    "level": {"全国人大": "全国", "省级": "省", "市级": "市", "县级": "县", "乡级": "乡", "镇": "乡", "乡镇": "乡"},
}
CHOICES: dict[str, tuple[str, ...]] = {
    "gender": GENDERS, "ethnicity": ETHNICITIES, "party": PARTIES, "education": EDUCATIONS,
    "occupation": OCCUPATIONS, "level": LEVELS, "status": STATUSES,
}
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_date": "出生日期", "id_number": "公民身份号码",
    "party": "政治面貌", "education": "学历", "work_unit": "工作单位", "post": "职务", "occupation": "职业类别",
    "phone": "联系电话", "address": "住址", "district_id": "选区", "level": "代表层级", "first_elected": "首次当选日期",
    "reelected": "是否连任", "status": "状态", "status_date": "状态变更日期", "status_reason": "状态变更原因",
    "notes": "备注",
}
DATE_FIELDS = ("birth_date", "first_elected", "status_date")
# The person and organisation names of a deputy: control and text-direction characters are refused there.
NAME_FIELDS = ("name", "work_unit")

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$"))


def canonical(field: str, value: Any) -> Any:
    """The official spelling of a choice value ('本科' → '大学本科', '回' → '回族'); other values normalised."""
    if value is None or isinstance(value, (int, float, dt.date)):
        return value
    text = compact(value) if field in CHOICES or field in ("id_number", "phone") else normalize_text(value)
    if field == "id_number":
        return text.upper()
    if field == "name" and not re.search(r"[A-Za-z]", text):
        # "张  三" is how names are aligned in Word tables; the spaces are not part of the name.
        return text.replace(" ", "")
    if field in CHOICES:
        text = SYNONYMS.get(field, {}).get(text, text)
        if field == "ethnicity" and text and not text.endswith("族") and text + "族" in ETHNICITIES:
            text += "族"
    return text


def parse_date(value: Any) -> str | None:
    """ISO text ('1990-03-07', or '1990-03' when only a month is known) from common Chinese date spellings.

    Raises ValueError when the text is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = compact(value)
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month = int(m[1]), int(m[2])
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    raise ValueError(text)


def _as_date(value: Any) -> dt.date | None:
    """A date from ISO text (a year-month means its first day)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    iso = parse_date(value)
    return dt.date.fromisoformat(iso if len(iso) == 10 else iso + "-01")


def phone_problem(value: Any) -> str | None:
    """None when the phone is a mobile (1[3-9]xxxxxxxxx) or a landline (0xxx-xxxxxxx)."""
    text = compact(value).replace("－", "-")
    if not text:
        return None
    if MOBILE.match(text) or LANDLINE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if digits.startswith("1") and len(digits) != 11:
        return f"手机号应为 11 位数字，实为 {len(digits)} 位"
    return "电话号码格式不对：手机号为 11 位（如 13800138000），固定电话为区号加号码（如 0571-88886666）"


def clean_deputy(values: dict) -> dict:
    """Normalised copy of a deputy's values: official spellings, ISO dates where parseable, birth date and
    gender filled from a valid ID number when they were left empty."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("photo", "district_id", "term_id", "id"):
            out[key] = value
        elif key == "reelected":
            out[key] = _as_flag(value)
        elif key in NAME_FIELDS and unsafe_name_characters(value):
            out[key] = value   # kept as typed: normalising would hide some of them; validate_deputy names it
        elif key in DATE_FIELDS:
            try:
                out[key] = parse_date(value)
            except ValueError:
                out[key] = normalize_text(value)   # validate_deputy names it
        else:
            out[key] = canonical(key, value)
            if out[key] == "":
                out[key] = None
    id_number = out.get("id_number")
    if id_number:
        check = validate_id_number(id_number)
        out["id_number"] = check.normalized
        if check.ok:
            typed, iso = out.get("birth_date"), check.birth_date.isoformat()
            # A year-month typed in a 出生年月 column is completed from the ID number when they agree.
            if not typed or (len(typed) == 7 and iso.startswith(typed)):
                out["birth_date"] = iso
            if not out.get("gender"):
                out["gender"] = check.gender
    return out


def _as_flag(value: Any) -> int:
    if isinstance(value, str):
        return 1 if compact(value) in ("是", "连任", "1", "Y", "y", "true", "True", "√") else 0
    return 1 if value else 0


def validate_deputy(values: dict, *, today: dt.date | None = None) -> dict[str, str]:
    """Field → Chinese message for every problem; an empty dict means the deputy can be saved."""
    today = today or dt.date.today()
    problems: dict[str, str] = {}
    for field in NAME_FIELDS:
        problem = name_problem(values.get(field), FIELD_LABELS[field])
        if problem:
            problems[field] = problem
    name = normalize_text(values.get("name"))
    if not name:
        problems["name"] = "姓名不能为空"
    elif len(name) > 30:
        problems.setdefault("name", "姓名过长（超过 30 个字）")
    elif any(ch.isdigit() for ch in name):
        problems.setdefault("name", "姓名中不应有数字")

    for field, options in CHOICES.items():
        value = values.get(field)
        if value in (None, ""):
            if field == "level":
                problems[field] = "请选择代表层级（全国、省、市、县、乡）"
            continue
        if value not in options:
            shown = "、".join(options) if len(options) <= 13 else "56 个民族的规范名称之一，如 汉族、回族"
            problems[field] = f"{FIELD_LABELS[field]}“{value}”不在可选范围内，应为：{shown}"

    parsed: dict[str, dt.date | None] = {}
    for field in DATE_FIELDS:
        try:
            parsed[field] = _as_date(values.get(field))
        except ValueError:
            problems[field] = f"{FIELD_LABELS[field]}“{values.get(field)}”不是有效日期，请写成 1990-03-07 的形式"
            continue
        if parsed[field] and parsed[field] > today:
            problems[field] = f"{FIELD_LABELS[field]} {parsed[field].isoformat()} 晚于今天"
    birth = parsed.get("birth_date")
    if birth and "birth_date" not in problems and birth.year < 1900:
        problems["birth_date"] = f"出生日期 {birth.isoformat()} 早于 1900 年"

    id_number = values.get("id_number")
    if id_number not in (None, ""):
        check = validate_id_number(id_number, today=today)
        if not check.ok:
            problems["id_number"] = check.message
        else:
            _cross_check(values, check, problems)

    problem = phone_problem(values.get("phone"))
    if problem:
        problems["phone"] = problem
    if values.get("status") not in (None, "", SERVING) and not values.get("status_date"):
        problems.setdefault("status_date", f"状态为“{values.get('status')}”时请填写变更日期")
    return problems


def _cross_check(values: dict, check, problems: dict[str, str]) -> None:
    """Typed birth date and gender must agree with what the ID number encodes."""
    typed_birth = values.get("birth_date")
    if typed_birth not in (None, "") and "birth_date" not in problems:
        iso = check.birth_date.isoformat()
        typed = typed_birth.isoformat() if isinstance(typed_birth, dt.date) else parse_date(typed_birth)
        if not iso.startswith(typed):
            problems["birth_date"] = f"出生日期 {typed} 与公民身份号码中的 {iso} 不一致"
    gender = values.get("gender")
    if gender in GENDERS and gender != check.gender:
        problems["gender"] = f"性别“{gender}”与公民身份号码不一致（第 17 位表示{check.gender}）"


def mask_id_number(value: Any) -> str:
    """**************703X: only the last four characters kept.

    The region code and the birth date are hidden too: with the region of a township known and the birth
    date printed elsewhere, the eight digits a mask used to hide were all that was missing (F4).
    """
    text = compact(value)
    if not text:
        return ""
    if len(text) <= 8:
        return "*" * (len(text) - 2) + text[-2:] if len(text) > 2 else "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]


def mask_birth_date(value: Any) -> str:
    """1990-03-07 → 1990: the year alone, as masked lists and exports show a birth date beside a masked ID."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}"
    if isinstance(value, str) and value[:4].isascii() and value[:4].isdigit():
        return value[:4]     # a stored date (1990-03-07): 20,000 of them when the roster opens masked
    text = compact(value)
    match = re.match(r"^(\d{4})", text)
    return match[1] if match else ("*" * len(text) if text else "")


def mask_phone(value: Any) -> str:
    """138****8000; for a landline the area code and the last four digits stay visible."""
    text = compact(value)
    if not text:
        return ""
    if "-" in text:
        area, number = text.split("-", 1)
        return area + "-" + ("*" * max(len(number) - 4, 0)) + number[-4:]
    if len(text) <= 4:
        return "*" * len(text)
    keep_head = 3 if len(text) >= 11 else 0
    return text[:keep_head] + "*" * (len(text) - keep_head - 4) + text[-4:]


def age_on(birth_date: Any, day: dt.date) -> int | None:
    """Full years of age on ``day`` (None when the birth date is unknown or unreadable).

    A year alone (the birth date of a masked exchange package) counts from its first day, as a year-month does.
    """
    if isinstance(birth_date, str) and re.fullmatch(r"\d{4}", birth_date.strip()):
        birth_date = f"{birth_date.strip()}-01"
    try:
        birth = _as_date(birth_date)
    except ValueError:
        return None
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_FILLED
    if age <= 35:
        return AGE_BANDS[0]
    if age <= 45:
        return AGE_BANDS[1]
    if age <= 55:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


def _party_summary(party: str | None) -> str:
    if party in ("中共党员", "中共预备党员"):
        return "中共党员"
    if party in DEMOCRATIC_PARTIES:
        return "民主党派"
    return party or NOT_FILLED


STAT_DIMENSIONS = (
    ("gender", "性别"), ("ethnicity", "民族"), ("ethnicity_detail", "少数民族构成"), ("age", "年龄"),
    ("party", "政治面貌"), ("education", "学历"), ("occupation", "职业类别"), ("level", "代表层级"),
    ("reelected", "连任情况"),
)


def _rows(labels: Iterable[str], values: list[str], total: int, *, keep_zero: bool = True) -> list[dict]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    ordered = list(labels)
    extra = sorted(k for k in counts if k not in ordered and k != NOT_FILLED)
    if NOT_FILLED in counts:
        extra.append(NOT_FILLED)
    rows = []
    for label in ordered + extra:
        count = counts.get(label, 0)
        if count or (keep_zero and label in labels):
            rows.append({"label": label, "count": count, "percent": percent(count, total)})
    return rows


def percent(count: int, total: int) -> float:
    """Percentage with one decimal, rounded half up as clerks do by hand."""
    if not total:
        return 0.0
    return int(count * 1000 / total + 0.5) / 10


def structure_statistics(deputies: list[dict], on: dt.date) -> dict:
    """代表结构统计: {'total', 'on', and per dimension a list of {'label','count','percent'}}."""
    total = len(deputies)
    eth = [d.get("ethnicity") or NOT_FILLED for d in deputies]
    minorities = [e for e in eth if e not in ("汉族", NOT_FILLED)]
    result: dict[str, Any] = {"total": total, "on": on.isoformat()}
    result["gender"] = _rows(GENDERS, [d.get("gender") or NOT_FILLED for d in deputies], total)
    result["ethnicity"] = _rows(
        ("汉族", "少数民族"), ["汉族" if e == "汉族" else (NOT_FILLED if e == NOT_FILLED else "少数民族") for e in eth],
        total,
    )
    result["ethnicity_detail"] = _rows((), minorities, total, keep_zero=False)
    result["ethnicity_detail"].sort(key=lambda r: ETHNICITIES.index(r["label"]) if r["label"] in ETHNICITIES else 99)
    result["age"] = _rows(AGE_BANDS, [age_band(age_on(d.get("birth_date"), on)) for d in deputies], total)
    result["party"] = _rows(
        ("中共党员", "民主党派", "无党派人士", "共青团员", "群众"),
        [_party_summary(d.get("party")) for d in deputies], total,
    )
    result["education"] = _rows(EDUCATIONS, [d.get("education") or NOT_FILLED for d in deputies], total)
    result["occupation"] = _rows(OCCUPATIONS, [d.get("occupation") or NOT_FILLED for d in deputies], total)
    result["level"] = _rows(LEVELS, [d.get("level") or NOT_FILLED for d in deputies], total)
    result["reelected"] = _rows(("连任", "新当选"), ["连任" if d.get("reelected") else "新当选" for d in deputies], total)
    ages = [a for a in (age_on(d.get("birth_date"), on) for d in deputies) if a is not None]
    result["average_age"] = round(sum(ages) / len(ages), 1) if ages else None
    return result
