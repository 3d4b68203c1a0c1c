"""Roster import from Excel: a row-numbered preview checked against a snapshot of the roster, then one
transaction that can be undone.

    p = read_preview("名册.xlsx", db.roster_import.snapshot(db))   # reads the workbook only; nothing written
    result = ops.roster_import.apply(db, p).value     # the writes (and the 导入前 backup) are ops' business
    ops.roster_import.undo(db, result)                 # puts everything back

The preview queries nothing: the database side (existing deputies, districts, the term) comes in as the
snapshot; ``ops/roster_import.py`` takes it and writes through the one write path of deputies.

Rules (docs/roster-layout.md): headers are recognised by synonyms anywhere in the first rows;
empty rows are skipped; an empty cell never erases what the database already holds; ID numbers
that Excel stored as numbers or that a masked export hid are refused; districts that do not
exist yet are created; a duplicate ID number inside the sheet is an error on the later row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ...domain.idcard import EXCEL_MANGLED_MESSAGE, is_excel_mangled, validate_id_number
from ...domain.roster import FIELD_LABELS, LEVELS, clean_deputy, validate_deputy
from ...domain.text import compact, normalize_text, pinyin_initials
from .roster_layout import IGNORED_HEADERS, field_for_header, header_key
from .workbook_reader import SheetTable, read_roster_table

# The wording of 设置 → 常规 → 个人信息保护 (a test keeps the two the same).
MASKING_SETTING = "在名册列表和导出文件中隐藏身份证号、电话号码的部分数字"
MASKED_ID_MESSAGE = ("公民身份号码被遮挡（含 *），这是一份脱敏导出的名册，不能用来导入。"
                     f"请在“设置 → 常规 → 个人信息保护”中取消勾选“{MASKING_SETTING}”后重新导出，或填写完整号码")
MASKED_PHONE_MESSAGE = "联系电话被遮挡（含 *），这是脱敏导出的名册；请填写完整号码或清空该单元格"

# Fields copied from the sheet into the deputies table (district is resolved to district_id).
DATA_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "party", "education", "work_unit",
               "post", "occupation", "phone", "address", "level", "first_elected", "reelected", "status",
               "status_date", "status_reason", "notes")

ProgressFn = Callable[[int, int], None] | None


@dataclass
class PreviewRow:
    """One sheet row: its Excel row number, cleaned values, what the import will do, and why not."""

    row: int
    values: dict
    action: str                   # insert | update | unchanged | error
    problems: list[str] = field(default_factory=list)
    deputy_id: int | None = None  # the matched deputy for update / unchanged
    changes: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)   # the cells as read (field → value), for 导出错误行

    def to_dict(self) -> dict:
        return {"row": self.row, "action": self.action, "name": self.values.get("name"),
                "deputy_id": self.deputy_id, "values": self.values, "changes": self.changes,
                "problems": self.problems, "notes": self.notes}


@dataclass
class ImportPreview:
    source: str
    sheet: str
    header_row: int
    columns: dict[str, str]       # field → the header text as written in the sheet
    rows: list[PreviewRow]
    warnings: list[str]
    new_districts: list[str]
    term_id: int | None

    def by_action(self, action: str) -> list[PreviewRow]:
        return [r for r in self.rows if r.action == action]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return self.by_action("error")

    @property
    def has_errors(self) -> bool:
        return any(r.action == "error" for r in self.rows)

    @property
    def problems(self) -> list[str]:
        return [p for r in self.rows for p in r.problems]

    def summary(self) -> dict[str, int]:
        counts = {"rows": len(self.rows), "insert": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            counts[r.action] += 1
        return counts

    def summary_text(self) -> str:
        s = self.summary()
        text = (f"{self.source}「{self.sheet}」：共 {s['rows']} 行，新增 {s['insert']} 人，更新 {s['update']} 人，"
                f"无变化 {s['unchanged']} 人，有错误 {s['error']} 行。")
        if self.new_districts:
            text += f"将新建选区：{'、'.join(self.new_districts)}。"
        return text

    def to_dict(self) -> dict:
        return {"file": self.source, "sheet": self.sheet, "header_row": self.header_row, "columns": self.columns,
                "summary": self.summary(), "new_districts": self.new_districts, "warnings": self.warnings,
                "problems": self.problems, "rows": [r.to_dict() for r in self.rows]}


@dataclass
class ImportResult:
    inserted_ids: list[int]
    updated: list[tuple[int, dict]]       # (deputy id, old values of the changed columns)
    created_district_ids: list[int]
    undone: bool = False
    backup: str | None = None             # the 导入前 copy of the database, when one was made
    written: list[tuple[int, dict]] = field(default_factory=list)   # (deputy id, the values the import set)

    def summary_text(self) -> str:
        text = f"已导入：新增 {len(self.inserted_ids)} 人，更新 {len(self.updated)} 人"
        if self.created_district_ids:
            text += f"，新建选区 {len(self.created_district_ids)} 个"
        return text + "。"


# ---------------------------------------------------------------------------------------------- preview

def read_preview(path: str | Path, existing, *, progress: ProgressFn = None,
                 today: dt.date | None = None) -> ImportPreview:
    """Read a workbook and check it against ``existing`` (a ``db.roster_import.RosterSnapshot``: ``term_id``,
    ``deputies``, ``districts``). Raises InputError when the file itself is unusable (not a workbook, no
    header row, no 姓名 column)."""
    return check_table(read_roster_table(path), existing, progress=progress, today=today)


def check_table(table: SheetTable, existing, *, progress: ProgressFn = None,
                today: dt.date | None = None) -> ImportPreview:
    """The preview of rows already read from a sheet (also used to import generated data)."""
    columns, warnings = _map_columns(table)
    term_id = existing.term_id
    headers = {f: table.headers[i] for f, i in columns.items()}
    context = _Context(existing, columns, headers, today or dt.date.today())
    rows: list[PreviewRow] = []
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, 1):
        raw = {f: cells[i] for f, i in columns.items()}
        if not any(_present(v) for v in raw.values()) and not any(_present(v) for v in cells):
            continue
        label = total_label(cells)
        if label:
            warnings.append(f"第 {number} 行是“{label}”行（{_row_text(cells)}），不是代表，已跳过。")
        else:
            rows.append(context.check_row(number, raw))
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
    if "id_number" not in columns:
        warnings.append("表中没有“公民身份号码”列：无法与已有代表核对，所有行将按姓名匹配或作为新代表导入。")
    warnings += _same_names(rows, existing.deputies)
    return ImportPreview(table.source, table.sheet, table.header_row, headers, rows,
                         table.notes + warnings + context.warnings,
                         sorted(context.new_districts), term_id)


TOTAL_LABELS = ("合计", "小计", "总计", "共计")
_LABEL_STARTS = frozenset(label[0] for label in TOTAL_LABELS)
SAME_NAME_SHOWN = 5     # row numbers listed in one 同名 notice


def total_label(cells) -> str | None:
    """合计/小计/总计/共计 when the row's first filled cell starts with one ("合 计", "合计：40人"): a county
    sheet's footer, not a deputy."""
    first = next((v for v in cells if _present(v)), None)
    # Most rows start with a 序号 or a name: only text starting like a label is normalised (10,000 rows).
    if not isinstance(first, str) or first.lstrip()[:1] not in _LABEL_STARTS:
        return None
    first = compact(first)
    return next((label for label in TOTAL_LABELS if first.startswith(label)), None)


def _row_text(cells) -> str:
    return " | ".join(normalize_text(v) for v in cells if _present(v))[:60]


def _same_names(rows: list[PreviewRow], existing_deputies) -> list[str]:
    """同名 notices: rows of the file that share a name, and new deputies named like one already in the roster;
    each row concerned gets a note, the preview a summary line. Same name is allowed (two 刘䶮 exist), so this
    only asks the clerk to check."""
    # Names are compared as cleaned (domain.roster.clean_deputy): the same cleaning the database holds.
    by_name: dict[str, list[PreviewRow]] = {}
    for row in rows:
        name = row.values.get("name")
        if name:
            by_name.setdefault(name, []).append(row)
    in_roster: dict[str, list[dict]] = {}
    for deputy in existing_deputies:
        if deputy.get("deleted_at") is None and deputy.get("name"):
            in_roster.setdefault(deputy["name"], []).append(deputy)
    lines = []
    for name, group in by_name.items():
        if len(group) > 1:
            numbers = "、".join(str(r.row) for r in group[:SAME_NAME_SHOWN])
            more = f"等 {len(group)} 行" if len(group) > SAME_NAME_SHOWN else ""
            lines.append(f"同名：第 {numbers} 行{more}都是“{name}”，请核对是否为不同的人。")
            for row in group:
                others = [r.row for r in group if r is not row]
                listed = "、".join(str(n) for n in others[:SAME_NAME_SHOWN])
                row.notes.append(f"与第 {listed} 行{'等' if len(others) > SAME_NAME_SHOWN else ''}同名，请核对。")
        for row in group:
            matched = row.deputy_id
            same = [d for d in in_roster.get(name, []) if d.get("id") != matched]
            if same and row.action == "insert":
                row.notes.append(f"名册中已有同名代表“{name}”（{len(same)} 人），将作为另一人新增，请核对。")
                lines.append(f"同名：第 {row.row} 行“{name}”与名册中已有的代表同名，将作为另一人新增。")
    return lines


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _map_columns(table: SheetTable) -> tuple[dict[str, int], list[str]]:
    """field → column index; unknown or repeated headers become warnings naming the column."""
    columns: dict[str, int] = {}
    warnings = []
    for index, header in enumerate(table.headers):
        if not header:
            continue
        name = field_for_header(header)
        letter = _column_letter(index)
        if name is None:
            if header_key(header) not in IGNORED_HEADERS:
                warnings.append(f"第 {table.header_row} 行 {letter} 列“{header}”不是名册列，已忽略。")
        elif name in columns:
            warnings.append(f"第 {table.header_row} 行 {letter} 列“{header}”与前面的"
                            f"“{table.headers[columns[name]]}”重复，已忽略。")
        else:
            columns[name] = index
    if "work_unit_post" in columns and ("work_unit" in columns or "post" in columns):
        warnings.append("表中既有“工作单位及职务”又有单独的“工作单位”/“职务”列，以单独的列为准。")
        del columns["work_unit_post"]
    return columns, warnings


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _Context:
    """What checking a row needs: existing deputies and districts, and the IDs seen so far."""

    def __init__(self, existing, columns: dict[str, int], headers: dict[str, str], today: dt.date):
        self.columns = columns
        self.headers = headers
        # Fields the sheet speaks about; an update never touches the others.
        self.sheet_fields = set(columns) | ({"work_unit", "post"} if "work_unit_post" in columns else set())
        self.today = today
        self.by_id_number: dict[str, dict] = {}
        self.by_name_without_id: dict[str, list[dict]] = {}
        for row in existing.deputies:
            if row["id_number"]:
                self.by_id_number[row["id_number"]] = row
            elif row["deleted_at"] is None:
                self.by_name_without_id.setdefault(row["name"], []).append(row)
        self.districts = dict(existing.districts)
        self.district_names = {v: k for k, v in self.districts.items()}
        self.term_id = existing.term_id
        self.new_districts: set[str] = set()
        self.seen_ids: dict[str, int] = {}
        self.warnings: list[str] = []

    def check_row(self, number: int, raw: dict) -> PreviewRow:
        problems: dict[str, str] = {}
        values = _sheet_values(raw, problems)
        district = values.pop("district", None)
        cleaned = clean_deputy(values)
        for key, message in validate_deputy(cleaned, today=self.today).items():
            problems.setdefault(key, message)
        number_id = cleaned.get("id_number")
        if number_id and "id_number" not in problems:
            first = self.seen_ids.setdefault(number_id, number)
            if first != number:
                problems["id_number"] = f"与第 {first} 行的公民身份号码 {number_id} 重复"
        cleaned["district"] = district
        row = PreviewRow(number, _public(cleaned), "error")
        if problems:
            row.raw = raw
            row.problems = [self._message(number, key, msg) for key, msg in problems.items()]
            return row
        self._plan(row, cleaned)
        return row

    def _message(self, number: int, key: str, message: str) -> str:
        header = self.headers.get(key) or FIELD_LABELS.get(key, key)
        return f"第 {number} 行「{header}」：{message}"

    def _plan(self, row: PreviewRow, cleaned: dict) -> None:
        """Decide insert / update / unchanged against the database."""
        district = cleaned.get("district")
        if district and district not in self.districts and district not in self.new_districts:
            self.new_districts.add(district)
            row.notes.append(f"选区“{district}”不存在，导入时将新建。")
        existing = self._match(cleaned)
        if existing is None:
            row.action = "insert"
            return
        row.deputy_id = existing["id"]
        changes = {}
        for key in DATA_FIELDS:
            new, old = cleaned.get(key), existing.get(key)
            # birth date and gender come from the ID number even without their columns: fill gaps only.
            derived = key in ("birth_date", "gender") and old in (None, "")
            if key not in self.sheet_fields and not derived:
                continue
            if new in (None, "") or new == old:
                continue
            changes[key] = new
        if district and self.district_names.get(existing.get("district_id")) != district:
            changes["district"] = district
        if existing.get("deleted_at"):
            changes["deleted_at"] = None
            row.notes.append("该代表此前已被删除，导入后将恢复。")
        row.changes = changes
        row.action = "update" if changes else "unchanged"

    def _match(self, cleaned: dict) -> dict | None:
        number_id = cleaned.get("id_number")
        if number_id:
            return self.by_id_number.get(number_id)
        candidates = self.by_name_without_id.get(cleaned.get("name"), [])
        return candidates[0] if len(candidates) == 1 else None


def _public(cleaned: dict) -> dict:
    """The values shown in the preview and JSON: sheet fields only, JSON-friendly."""
    return {k: cleaned.get(k) for k in DATA_FIELDS + ("district",) if cleaned.get(k) not in (None, "")}


def _sheet_values(raw: dict, problems: dict[str, str]) -> dict:
    """Cell values → deputy values before the domain's clean-up: Excel quirks handled here."""
    values: dict[str, Any] = {}
    # Text is normalised by domain.roster.clean_deputy later; only what is decided here is normalised here.
    for key, value in raw.items():
        if _present(value):
            values[key] = value
    combined = values.pop("work_unit_post", None)
    if combined is not None:
        unit, _, post = normalize_text(combined).rpartition(" ")
        values["work_unit"], values["post"] = (unit, post) if unit else (combined, None)
    _check_id(values, problems)
    phone = values.get("phone")
    if phone is not None:
        if isinstance(phone, (int, float)) and not isinstance(phone, bool):
            values["phone"] = str(int(phone)) if float(phone).is_integer() else str(phone)
        elif "*" in str(phone):
            problems["phone"] = MASKED_PHONE_MESSAGE
            values.pop("phone")
    if "birth_date" in values and isinstance(values["birth_date"], float):
        values["birth_date"] = _decimal_month(values["birth_date"], values.get("id_number"))
    for key in ("first_elected", "status_date"):
        if isinstance(values.get(key), float):
            values[key] = _decimal_month(values[key], None)
    if "level" in values:
        values["level"] = _level(values["level"])
    values.setdefault("level", "乡")
    values.setdefault("status", "在任")
    if "district" in values:
        values["district"] = normalize_text(values["district"])
    for key in ("name", "gender", "ethnicity", "party", "education", "occupation", "status"):
        if key in values and not isinstance(values[key], str):
            values[key] = str(values[key])
    return values


def _check_id(values: dict, problems: dict[str, str]) -> None:
    value = values.get("id_number")
    if value is None:
        return
    if is_excel_mangled(value):
        shown = f"{value:.14E}" if isinstance(value, float) else str(value)
        problems["id_number"] = f"{EXCEL_MANGLED_MESSAGE}（单元格中是 {shown}）"
        values.pop("id_number")
    elif isinstance(value, int) and not isinstance(value, bool):
        values["id_number"] = str(value)
    elif "*" in str(value):
        problems["id_number"] = MASKED_ID_MESSAGE
        values.pop("id_number")


def _decimal_month(value: float, id_number: Any) -> str:
    """1990.03 typed into a number cell arrives as the float 1990.03; 1990.10 arrives as 1990.1, which is
    also how some write January, so the ID number's birth date decides when it can."""
    year = int(value)
    text = f"{value:.2f}"
    month = int(text.split(".")[1])
    if month == 10 and f"{value}".endswith(".1"):
        check = validate_id_number(id_number) if id_number else None
        if check is not None and check.ok and check.birth_date.year == year and check.birth_date.month == 1:
            month = 1
    return f"{year}.{month:02d}" if month else str(year)


def _level(value: Any) -> str:
    """'县级人大代表', '乡镇', '镇人大代表' → the LEVELS spelling; unknown text is left for validation."""
    text = compact(value)
    for suffix in ("人大代表", "人民代表大会代表", "代表", "人大"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    text = text.rstrip("级")
    if text in LEVELS:
        return text
    return {"乡镇": "乡", "镇": "乡", "街道": "乡", "县区": "县", "区": "县", "县(区)": "县",
            "设区的市": "市", "地市": "市", "州": "市", "国家": "全国"}.get(text, compact(value))


# ------------------------------------------------------------------------------------------- records

def record(values: dict, districts: dict[str, int], term_id: int | None) -> dict:
    """The deputies row of a previewed new deputy (its district resolved to an id)."""
    row = {k: values.get(k) for k in DATA_FIELDS}
    row["reelected"] = row["reelected"] or 0
    row["term_id"] = term_id
    row["name_initials"] = pinyin_initials(values["name"])
    row["district_id"] = districts.get(values.get("district")) if values.get("district") else None
    return row


def update_record(changes: dict, districts: dict[str, int]) -> dict:
    """The deputies columns a previewed update sets (its district resolved to an id)."""
    row = {k: v for k, v in changes.items() if k != "district"}
    if "district" in changes:
        row["district_id"] = districts[changes["district"]]
    if "name" in changes:
        row["name_initials"] = pinyin_initials(changes["name"])
    return row


def problem_lines(preview: ImportPreview) -> Iterable[str]:
    """Every warning and row problem, in sheet order (for a plain-text report)."""
    yield from preview.warnings
    for row in preview.rows:
        yield from row.problems
        for note in row.notes:
            yield f"第 {row.row} 行：{note}"
