"""履职积分 rules: sources of points, the default 百分制 rule set, caps, grades, ranking and 连任推荐 advice.

The default rule set (``DEFAULT_RULES``) is a 百分制 whose yearly caps add up to exactly 100:

    基础分 40 (every deputy scored that year)            40
    出席乡人代会 +10 each, cap 20 (two sessions a year)     20
    参加小组活动 +2 each, cap 10                           10
    接待选民日 +3 each, cap 12 (four reception days)        12
    培训学习 +1 each, cap 4                                 4
    提出意见建议 +2 each, cap 6                             6
    建议获满意评价 +1 each, cap 4                           4
    向选民述职 +4, cap 4 (once a year)                      4
                                                          ---
                                                          100
    无故缺席人代会 −10 each, cap 20; 无故缺席活动 −2 each, cap 10; 获县级以上表彰 (entered by hand) +5, cap 10.

Why these: township schemes usually start from a base (40–60) so that a deputy who meets the basic duties
is 基本称职 (≥ 60). One who attends both sessions, five group activities and four reception days and raises
three suggestions has 88 (称职); a 述职 to voters — what the county asks for — lifts them into 优秀 (≥ 90).
Absence without leave costs as much as attending earns. A cap limits the absolute points of one rule in one
year, so a deduction's cap limits how much it can take away. Manual bonuses and deductions are kept apart
from the computed points; one tied to a 'manual' rule counts towards that rule's cap (bonuses above 100 are
possible only by hand).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .fields import FieldError

SOURCES: dict[str, str] = {
    "base": "基础分",
    "session_present": "出席乡人代会",
    "session_leave": "人代会请假",
    "session_absent": "无故缺席人代会",
    "activity": "参加活动",
    "activity_absent": "无故缺席活动",
    "suggestion_raised": "提出意见建议",
    "suggestion_satisfied": "建议获满意评价",
    "report_back": "向选民述职",
    "manual": "手工加减分",
}
# Sources whose rule may name an activity type (NULL = any type).
TYPED_SOURCES = ("activity", "activity_absent")
MANUAL = "manual"

# (item, source, activity type name or None, points per occurrence, cap per year or None)
DEFAULT_RULES: tuple[tuple[str, str, str | None, float, float | None], ...] = (
    ("基础分", "base", None, 40, 40),
    ("出席乡人代会", "session_present", None, 10, 20),
    ("无故缺席人代会", "session_absent", None, -10, 20),
    ("参加小组活动", "activity", "小组活动", 2, 10),
    ("接待选民日", "activity", "接待选民日", 3, 12),
    ("培训学习", "activity", "培训学习", 1, 4),
    ("无故缺席活动", "activity_absent", None, -2, 10),
    ("提出意见建议", "suggestion_raised", None, 2, 6),
    ("建议获满意评价", "suggestion_satisfied", None, 1, 4),
    ("向选民述职", "report_back", None, 4, 4),
    ("获县级以上表彰", "manual", None, 5, 10),
)

DEFAULT_GRADE_BANDS: list[tuple[str, float]] = [("优秀", 90), ("称职", 75), ("基本称职", 60), ("不称职", 0)]

# Beyond these a typed value is surely a slip of the keyboard (and would overflow the arithmetic).
MAX_POINTS = 1000
MAX_CAP = 100_000

ADVICE_RECOMMEND, ADVICE_CONSIDER, ADVICE_NOT = "建议推荐", "酌情推荐", "不建议推荐"


@dataclass
class RuleLine:
    """One rule applied to one deputy's counts: how many records, the points they give, whether capped."""

    rule_id: int | None
    item: str
    source: str
    activity_type_id: int | None
    per: float                 # points per occurrence
    cap: float | None
    count: int
    points: float
    capped: bool
    records: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def tidy(value: float) -> float | int:
    """Points without float noise: 12.000000001 → 12, 2.5 stays 2.5."""
    value = round(float(value), 2)
    return int(value) if value == int(value) else value


def points_text(value: Any) -> str:
    """How points read in a table: 12, 2.5, −10 (an empty cell for None)."""
    if value is None or value == "":
        return ""
    value = tidy(value)
    return f"{value:g}" if value >= 0 else f"−{abs(value):g}"


def count_key(source: str, activity_type_id: int | None = None) -> tuple[str, int | None]:
    """The key of a count in the ``counts`` mapping that :func:`apply_rules` reads."""
    return (source, activity_type_id if source in TYPED_SOURCES else None)


def count_for(rule: Mapping, counts: Mapping[tuple[str, int | None], int]) -> int:
    """The number of occurrences a rule sees; an activity rule with no type counts every type."""
    source = rule["source"]
    if source == MANUAL:
        return 0
    if source in TYPED_SOURCES and rule.get("activity_type_id") is None:
        return sum(n for (s, _t), n in counts.items() if s == source)
    return int(counts.get(count_key(source, rule.get("activity_type_id")), 0))


def capped_points(raw: float, cap: float | None) -> tuple[float, bool]:
    """``raw`` limited to ±cap (the cap bounds absolute points); returns (points, whether the cap bit)."""
    if cap is None or abs(raw) <= cap:
        return raw, False
    return (cap if raw > 0 else -cap), True


def apply_rules(rules: Iterable[Mapping], counts: Mapping[tuple[str, int | None], int]) -> list[RuleLine]:
    """One line per non-manual rule: count × points, capped. ``counts`` maps :func:`count_key` → count."""
    lines = []
    for rule in rules:
        if rule["source"] == MANUAL:
            continue
        n = count_for(rule, counts)
        points, capped = capped_points(n * float(rule["points"]), rule.get("cap"))
        lines.append(RuleLine(rule.get("id"), rule["item"], rule["source"], rule.get("activity_type_id"),
                              float(rule["points"]), rule.get("cap"), n, tidy(points), capped))
    return lines


def adjustment_lines(rules: Iterable[Mapping], adjustments: Iterable[Mapping]) -> list[RuleLine]:
    """Manual adjustments as lines: one per manual rule that has any (capped), one for those tied to no rule."""
    rules = list(rules)
    rules_by_id = {r.get("id"): r for r in rules if r["source"] == MANUAL}
    by_rule: dict[int | None, list[Mapping]] = {}
    for adj in adjustments:
        # An adjustment whose rule was deleted since counts with the free ones.
        key = adj.get("rule_id") if adj.get("rule_id") in rules_by_id else None
        by_rule.setdefault(key, []).append(adj)
    lines = []
    for rule_id, items in by_rule.items():
        rule = rules_by_id.get(rule_id) if rule_id is not None else None
        raw = sum(float(a["points"]) for a in items)
        cap = rule.get("cap") if rule else None
        points, capped = capped_points(raw, cap)
        lines.append(RuleLine(rule_id if rule else None, rule["item"] if rule else SOURCES[MANUAL], MANUAL, None,
                              float(rule["points"]) if rule else 0.0, cap, len(items), tidy(points), capped))
    # Lines of rules first (in rule order), the free adjustments last.
    order = {r.get("id"): i for i, r in enumerate(rules)}
    lines.sort(key=lambda line: order.get(line.rule_id, len(order)) if line.rule_id is not None else len(order) + 1)
    return lines


def total_of(lines: Iterable[RuleLine]) -> float:
    return tidy(sum(line.points for line in lines))


def grade_for(total: float | None, bands: Sequence[tuple[str, float]] = DEFAULT_GRADE_BANDS) -> str:
    """The first band (highest minimum first) whose minimum the total reaches; below all, the lowest band."""
    ordered = sorted(bands, key=lambda b: -float(b[1]))
    if not ordered:
        return ""
    if total is None:
        return ordered[-1][0]
    for name, minimum in ordered:
        if float(total) >= float(minimum):
            return name
    return ordered[-1][0]


def clean_bands(bands: Iterable[Sequence[Any]]) -> list[tuple[str, float]]:
    """Grade bands checked and ordered (highest minimum first); ValueError with a Chinese message."""
    result: list[tuple[str, float]] = []
    for index, band in enumerate(bands, start=1):
        name = str(band[0] or "").strip()
        if not name:
            raise ValueError(f"第 {index} 个等次没有名称。")
        try:
            minimum = float(band[1])
        except (TypeError, ValueError, IndexError):
            minimum = math.nan
        if not math.isfinite(minimum):
            # 'nan' and 'inf' parse as floats but are no score anyone can reach.
            raise ValueError(f"等次“{name}”的最低分“{band[1] if len(band) > 1 else ''}”不是数字。")
        if minimum < 0:
            raise ValueError(f"等次“{name}”的最低分不能为负数。")
        result.append((name, tidy(minimum)))
    if not result:
        raise ValueError("至少需要一个等次。")
    names = [n for n, _ in result]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ValueError(f"等次名称“{duplicate}”重复。")
    minimums = [m for _, m in result]
    same = next((m for m in minimums if minimums.count(m) > 1), None)
    if same is not None:
        raise ValueError(f"有两个等次的最低分都是 {same:g}，请区分。")
    return sorted(result, key=lambda b: -b[1])


def rank(rows: Iterable[dict], key: str = "total") -> list[dict]:
    """Rows ordered by ``key`` (highest first) with ``rank`` set; equal scores share a rank (1, 1, 3)."""
    ordered = sorted(rows, key=lambda r: -float(r.get(key) or 0))
    previous, current = None, 0
    for position, row in enumerate(ordered, start=1):
        value = tidy(row.get(key) or 0)
        if value != previous:
            current, previous = position, value
        row["rank"] = current
    return ordered


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter (1–4); ValueError otherwise."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"季度应为 1–4，现为 {quarter}。")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_name(quarter: int) -> str:
    return f"第{'一二三四'[quarter - 1]}季度"


def reelection_advice(totals: Sequence[float], grades: Sequence[str],
                      bands: Sequence[tuple[str, float]] = DEFAULT_GRADE_BANDS) -> str:
    """连任推荐 advice over a term's yearly scores: any year in the lowest band → 不建议推荐;
    an average reaching the third band from the bottom (称职 by default) → 建议推荐; otherwise 酌情推荐."""
    ordered = sorted(bands, key=lambda b: -float(b[1]))
    if not totals:
        return ADVICE_CONSIDER
    lowest = ordered[-1][0] if ordered else None
    if len(ordered) > 1 and lowest in grades:
        return ADVICE_NOT
    good = float(ordered[-3][1]) if len(ordered) >= 3 else float(ordered[0][1]) if ordered else 0.0
    average = sum(totals) / len(totals)
    return ADVICE_RECOMMEND if average >= good else ADVICE_CONSIDER


def _finite(value: Any) -> float | None:
    """``value`` as an ordinary number, or None for text, 'nan' and 'inf' (which float() accepts)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_rule(values: Mapping) -> dict:
    """A rule's fields checked: item, source, type (only for activity sources), points, cap ≥ 0 or empty.

    Returns the cleaned values; ValueError (Chinese message naming the field) on the first problem.
    """
    item = str(values.get("item") or "").strip()
    if not item:
        raise ValueError("请填写积分项目名称。")
    source = values.get("source")
    if source not in SOURCES:
        raise ValueError(f"积分来源“{source}”不对，应为：{'、'.join(SOURCES.values())}。")
    type_id = values.get("activity_type_id")
    if source not in TYPED_SOURCES:
        type_id = None
    elif type_id in ("", None):
        type_id = None
    else:
        try:
            type_id = int(type_id)
        except (TypeError, ValueError, OverflowError):   # OverflowError: an infinite number
            raise ValueError(f"积分项目“{item}”的活动类型“{type_id}”无法识别，请从列表中选择。") from None
    points = _finite(values.get("points"))
    if points is None:
        raise ValueError(f"积分项目“{item}”的每次分值“{values.get('points')}”不是数字。")
    if tidy(points) == 0:   # 0.001 is stored to two decimals as 0
        raise ValueError(f"积分项目“{item}”的每次分值不能为 0（最小 0.01）。")
    if abs(points) > MAX_POINTS:
        raise ValueError(f"积分项目“{item}”的每次分值 {points:g} 过大，应在 −{MAX_POINTS} 至 {MAX_POINTS} 之间。")
    cap = values.get("cap")
    if cap in ("", None):
        cap = None
    else:
        number = _finite(cap)
        if number is None:
            raise ValueError(f"积分项目“{item}”的年度上限“{cap}”不是数字。")
        cap = number
        if cap > MAX_CAP:
            raise ValueError(f"积分项目“{item}”的年度上限 {cap:g} 过大，应不超过 {MAX_CAP}。")
        if cap < 0:
            raise ValueError(f"积分项目“{item}”的年度上限不能为负数（上限按绝对值计算，扣分项也填正数）。")
        cap = tidy(cap)
    return {"item": item, "source": source, "activity_type_id": type_id, "points": tidy(points), "cap": cap}


def year_number(year: Any) -> int:
    """The scoring year as a number, within reason."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise FieldError(f"年度“{year}”不是有效的年份。") from None
    if not 1949 <= year <= 2200:
        raise FieldError(f"年度 {year} 超出范围。")
    return year
