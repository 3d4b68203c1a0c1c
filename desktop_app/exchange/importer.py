"""Import a verified exchange package: a preview of what would be added, changed (field by field) or left
alone, then the apply in one transaction after an automatic backup. Importing the same package twice
changes nothing.

Before anything is compared the package's origin is checked (``check_origin``): it must be this township's,
signed by a key this database trusts (its own, or one registered on first sight), and not older than the
newest package already applied here — an older package would turn newer data back.

Deputies are matched by the full ID number when the package carries it, else by ``id_key`` (the ID number's
HMAC keyed with the county code, usable when both offices typed the same code), else by ``uid``; every other
record by ``uid``. References to deputies are translated through that matching, so a county roster that
created its own uids still lines up. A record changed here after the package was exported is left as it is
(listed as skipped). Session results and scores are computed figures: they are shown for information and
never written. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ..db import deputies as deputies_db
from ..db import records, settings, sync, transaction
from ..domain.activities import ATTENDANCE_STATUSES
from ..domain.idcard import validate_id_number
from ..domain.suggestions import EVALUATIONS, RESULT_CLASSES, SOURCES, STATES
from ..domain.text import compact, name_problem, pinyin_initials
from ..errors import InputError
from .keyring import KeyDecision, KeyRing
from .layouts import BY_NAME
from .package import Package, county_code_check, id_key, normalize_county_code
from .seals import verify_package
from .signing import fingerprint, office_public_key

# Import order: a record's references are written before it.
ORDER = ("deputies", "groups", "stations", "activities", "activity_attendance", "suggestions", "suggestion_events")
INFORMATION_ONLY = {"session_results": "人代会表决结果", "scores": "履职积分"}
TABLE_TITLES = {"deputies": "代表", "groups": "代表小组", "stations": "联络站", "activities": "活动",
                "activity_attendance": "活动出席", "suggestions": "意见建议", "suggestion_events": "办理过程"}
ALL = ("0001-01-01", "9999-12-31")
# Actions that write nothing: unchanged, or changed here after the package was exported.
UNWRITTEN = ("same", "skip")
# Tables whose records carry updated_at: a record changed here later than the export is never reverted.
_TOUCHED = ("deputies", "activities", "suggestions")

# Compared (and written) fields per table, as package keys; references are uids translated to this db.
FIELDS: dict[str, tuple[str, ...]] = {
    "deputies": ("name", "gender", "ethnicity", "birth_date", "id_number", "party", "education", "work_unit",
                 "post", "occupation", "phone", "address", "level", "term", "district", "first_elected",
                 "reelected", "status", "status_date", "status_reason", "notes"),
    "groups": ("name", "kind", "term", "district", "convener_uid", "member_uids", "notes"),
    "stations": ("name", "kind", "parent_uid", "address", "open_days", "contact", "phone", "group_uids", "notes"),
    "activities": ("date", "start_time", "end_time", "type", "theme", "place", "station_uid", "group_uid",
                   "content", "organiser", "invited_officials", "outcome", "problems_solved"),
    "activity_attendance": ("status", "reason"),
    "suggestions": ("date", "title", "content", "source", "field", "location", "level", "state", "main_unit",
                    "co_units", "deadline", "handling_deadline", "classified_at", "assigned_at", "replied_at",
                    "reply_text", "result_class", "evaluation", "evaluated_at", "reopen_count", "voter_name",
                    "voter_contact", "activity_uid", "submitter_uids", "lead_uid"),
    "suggestion_events": ("suggestion_uid", "date", "action", "from_state", "to_state", "unit", "note",
                          "recorded_at"),
}
_SETS = {"member_uids", "group_uids", "submitter_uids", "co_units"}
_REQUIRED = {"deputies": "name", "groups": "name", "stations": "name", "activities": "theme",
             "suggestions": "title", "suggestion_events": "action", "activity_attendance": "status"}

# Cells checked before anything is written: a county workbook edited by hand may hold a date that does
# not exist or a word the workflow does not know; such a row is left out with the row and column named.
# Strict dates must be real days; lenient ones are only tidied ('2026-03-05 00:00:00' → '2026-03-05').
_STRICT_DATES = {
    "deputies": ("birth_date",),
    "activities": ("date",),
    "suggestions": ("date", "deadline", "handling_deadline", "classified_at", "assigned_at", "replied_at",
                    "evaluated_at"),
    "suggestion_events": ("date",),
}
_LENIENT_DATES = {"deputies": ("first_elected", "status_date")}
_CHOICES = {
    "activity_attendance": {"status": ATTENDANCE_STATUSES},
    "suggestions": {"source": SOURCES, "state": STATES, "result_class": tuple(RESULT_CLASSES),
                    "evaluation": EVALUATIONS},
    "suggestion_events": {"from_state": STATES, "to_state": STATES},
}
_COUNTS = {"activities": ("problems_solved",), "suggestions": ("reopen_count",)}
# Person and organisation names written by an import: control and text-direction characters refuse the row.
_NAMES = {"deputies": ("name", "work_unit"), "groups": ("name",), "stations": ("name", "contact"),
          "activities": ("organiser",), "suggestions": ("voter_name",)}


@dataclass
class RowPlan:
    """One package row: what the import would do with it."""

    table: str
    action: str                      # add / change / same / skip (changed here after the export)
    uid: str                         # the uid in this database (a matched deputy keeps its own)
    label: str                       # Chinese description: 代表 张三 / 活动 2026-03-05 主题
    row: dict                        # the package row, references translated
    target_id: Any = None            # row id here (activity_attendance: (activity_id, deputy_id)), None for add
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)   # (Chinese field name, old, new)


@dataclass
class ImportPlan:
    package: Package
    rows: dict[str, list[RowPlan]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)     # rows left out, with why
    information: dict[str, int] = field(default_factory=dict)   # 表决结果/积分 rows, not imported
    skipped: list[str] = field(default_factory=list)      # records changed here after the export, left alone
    notes: list[str] = field(default_factory=list)        # how the package was judged (key registered, …)
    keyring: KeyRing | None = None                        # the registry with this package's key, saved on apply
    key: KeyDecision | None = None
    newest_yet: bool = False     # newer than every package applied here: applying it records that

    def of(self, table: str, action: str) -> list[RowPlan]:
        return [r for r in self.rows.get(table, []) if r.action == action]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {t: {a: len(self.of(t, a)) for a in ("add", "change", "same", "skip")} for t in self.rows}

    @property
    def has_work(self) -> bool:
        return any(r.action not in UNWRITTEN for rows in self.rows.values() for r in rows)

    @property
    def records_anything(self) -> bool:
        """Whether applying writes at all: records, or only that the package (and its key) was taken."""
        return self.has_work or self.newest_yet or bool(self.keyring is not None and self.keyring.changed)

    def summary(self) -> str:
        """几行中文: per table, added / changed / unchanged (/ skipped), then problems."""
        lines = list(self.notes)
        for table, c in self.counts.items():
            skipped = f"，跳过 {c['skip']}（本库中的记录更新）" if c["skip"] else ""
            lines.append(f"{TABLE_TITLES[table]}：新增 {c['add']}，修改 {c['change']}，不变 {c['same']}{skipped}")
        for table, n in self.information.items():
            lines.append(f"{INFORMATION_ONLY[table]}：{n} 行，仅供查看，不导入")
        if self.skipped:
            lines.append(f"有 {len(self.skipped)} 条记录在本库中的修改晚于数据包的导出时间，保留本库的内容（见跳过列表）")
        if self.problems:
            lines.append(f"有 {len(self.problems)} 行未能导入（见问题列表）")
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------ values


def _norm(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _split(value: Any, sep: str = ";") -> list[str]:
    return [v.strip() for v in str(value).split(sep) if v.strip()] if value else []


def _masked(value: Any) -> bool:
    return isinstance(value, str) and "*" in value


def _header(table: str, key: str) -> str:
    layout = BY_NAME[table]
    return next((c.header for c in layout.columns if c.key == key), key)


def _number(value: Any) -> str | None:
    """A full ID number normalised for comparison; None when empty or masked."""
    if value in (None, "") or _masked(value):
        return None
    return validate_id_number(value).normalized or None


class _Deputies:
    """Matching of deputies: the package's full ID number / keyed digest / uid → this database's deputy uid."""

    def __init__(self, db: sqlite_utils.Database, package: Package) -> None:
        code = normalize_county_code(settings.get(db, "county_code"))
        # Digests compare only when both offices keyed them with the same county code.
        self.digests = bool(code) and package.id_key_check == county_code_check(code)
        self.rows = {r["uid"]: r for r in sync.deputy_rows(db)}
        self.by_number = {n: r["uid"] for r in self.rows.values() if (n := _number(r["id_number"]))}
        self.by_key = {id_key(n, code): uid for n, uid in self.by_number.items()} if self.digests else {}
        self.deleted_uids = sync.deleted_uids(db, "deputies")
        deleted = {_number(n): name for n, name in sync.deleted_deputy_id_numbers(db).items()}
        self.deleted = {f"n:{n}": name for n, name in deleted.items() if n}
        if self.digests:
            self.deleted.update({f"k:{id_key(n, code)}": name for n, name in deleted.items() if n})
        self.mapped: dict[str, str] = {}   # package uid → uid here (existing or about to be added)

    def identity(self, number: Any, key: str | None) -> str | None:
        """What says two rows are one person: the full number, else a usable digest; None when neither."""
        full = _number(number)
        if full:
            return f"n:{full}"
        return f"k:{key}" if key and self.digests else None

    def match(self, uid: str | None, key: str | None, number: Any = None) -> str | None:
        full = _number(number)
        if full and full in self.by_number:
            return self.by_number[full]
        if key and key in self.by_key:
            return self.by_key[key]
        if uid and uid in self.rows:
            return uid
        return None

    def resolve(self, uid: str | None, key: str | None = None) -> str | None:
        """A reference in the package → a deputy uid here (or one being added), None when unknown."""
        if uid and uid in self.mapped:
            return self.mapped[uid]
        return self.match(uid, key)


# ------------------------------------------------------------------------------------------ preview


def _diff(table: str, new: dict, old: dict, skip: set[str]) -> list[tuple[str, Any, Any]]:
    out = []
    for key in FIELDS[table]:
        if key in skip:
            continue
        a, b = _norm(old.get(key)), _norm(new.get(key))
        if key in _SETS:
            sep = "、" if key == "co_units" else ";"
            if sorted(_split(a, sep)) == sorted(_split(b, sep)):
                continue
        elif a == b:
            continue
        out.append((_header(table, key), a, b))
    return out


def _classify(plan: ImportPlan, table: str, uid: str, label: str, row: dict, old: dict | None,
              skip: set[str] = frozenset(), target_id: Any = None, changed_here: str | None = None) -> None:
    """``changed_here``: when the record here was last changed, if that is later than the package's export."""
    if old is None:
        plan.rows[table].append(RowPlan(table, "add", uid, label, row))
        return
    changes = _diff(table, row, old, skip)
    action = "change" if changes else "same"
    if changes and changed_here:
        action = "skip"
        plan.skipped.append(f"{label}：本库中的记录于 {changed_here} 修改过，晚于数据包的导出时间 "
                            f"{_when(plan.package.created_at)}，保留本库的内容，未用包中的旧数据覆盖。")
    plan.rows[table].append(RowPlan(table, action, uid, label, row,
                                    target_id if target_id is not None else old.get("id"), changes))


def _when(stamp: str) -> str:
    """2026-11-23T15:21:17 and 2026-11-23 15:21:17 compare and print alike."""
    return str(stamp or "").replace("T", " ")[:19]


def _changed_later(plan: ImportPlan, changed: dict[str, str], uid: str) -> str | None:
    """The record's updated_at when it is later than the package's export time, else None."""
    stamp = _when(changed.get(uid) or "")
    return stamp if stamp and stamp > _when(plan.package.created_at) else None


def _check_required(plan: ImportPlan, table: str, row: dict, where: str) -> bool:
    key = _REQUIRED[table]
    if not row.get("uid") and table != "activity_attendance":
        plan.problems.append(f"{where}：缺少记录编号，未导入。")
        return False
    if row.get(key) in (None, ""):
        plan.problems.append(f"{where}：“{_header(table, key)}”为空，未导入。")
        return False
    problem = _cell_problem(table, row)
    if problem:
        plan.problems.append(f"{where}：{problem}，未导入。")
        return False
    return True


def _date_cell(value: Any) -> str | None:
    """The ISO date in a cell ('2026-03-05', or a date cell read as '2026-03-05T00:00:00'); None if not a day."""
    text = str(value).strip()
    for cut in ("T", " "):
        head, sep, tail = text.partition(cut)
        if sep and not tail.strip("0:. "):
            text = head
            break
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _cell_problem(table: str, row: dict) -> str | None:
    """Why one cell of ``row`` cannot be stored (Chinese, naming the column); tidies date cells in place."""
    for key in _NAMES.get(table, ()):
        problem = name_problem(row.get(key), f"“{_header(table, key)}”")
        if problem:
            return problem
    for key in _STRICT_DATES.get(table, ()) + _LENIENT_DATES.get(table, ()):
        value = row.get(key)
        if value in (None, ""):
            continue
        day = _date_cell(value)
        if day is not None:
            row[key] = day
        elif key in _STRICT_DATES.get(table, ()):
            return f"“{_header(table, key)}”“{value}”不是有效日期"
    number = row.get("id_number") if table == "deputies" else None
    if number not in (None, "") and not _masked(number):
        check = validate_id_number(number)
        if not check.ok:   # e.g. a number Excel turned into 1.10101E+17
            return f"“{_header(table, 'id_number')}”有误：{check.message}"
    for key, allowed in _CHOICES.get(table, {}).items():
        value = row.get(key)
        if value not in (None, "") and value not in allowed:
            return f"“{_header(table, key)}”“{value}”无法识别，应为：{'、'.join(allowed)}"
    for key in _COUNTS.get(table, ()):
        value = row.get(key)
        if value not in (None, "") and (not isinstance(value, int) or value < 0):
            return f"“{_header(table, key)}”“{value}”应为不小于 0 的整数"
    return None


def _first_time(plan: ImportPlan, seen: dict, key: Any, number: int, where: str, what: str) -> bool:
    """False (with a problem naming both rows) when ``key`` was already on an earlier row of the sheet."""
    if key in seen:
        plan.problems.append(f"{where}：{what}与第 {seen[key]} 行重复，未导入。")
        return False
    seen[key] = number
    return True


def _masked_birth(value: Any) -> bool:
    """A birth date given as its year alone: a masked package's, never a date to store or compare."""
    return isinstance(value, (str, int)) and len(str(value).strip()) == 4 and str(value).strip().isdigit()


def _preview_deputies(db, plan: ImportPlan, rows: list[dict], people: _Deputies) -> None:
    seen_uids: dict = {}
    seen_people: dict = {}
    changed = sync.updated_times(db, "deputies")
    for number, row in enumerate(rows, start=2):
        where = f"代表名册第 {number} 行（{row.get('name') or '无姓名'}）"
        if _masked_birth(row.get("birth_date")):
            row["birth_date"] = None   # the year of a masked package: the date here (if any) stays
        if not _check_required(plan, "deputies", row, where):
            continue
        person = people.identity(row.get("id_number"), row.get("id_key"))
        if not _first_time(plan, seen_uids, row["uid"], number, where, "记录编号") or (
                person and not _first_time(plan, seen_people, person, number, where, "身份证号")):
            continue
        if person in people.deleted or row["uid"] in people.deleted_uids:
            plan.problems.append(f"{where}：本库中该代表已被删除，未导入；如需恢复请在代表名册中恢复后再导入。")
            continue
        here = people.match(row["uid"], row.get("id_key") if people.digests else None, row.get("id_number"))
        old = None
        if here:
            old = dict(people.rows[here])
            old["reelected"] = "是" if old["reelected"] else "否"
        skip = {k for k in ("id_number", "phone", "birth_date")
                if _masked(row.get(k)) or (old is not None and not row.get(k))}
        people.mapped[row["uid"]] = here or row["uid"]
        _classify(plan, "deputies", here or row["uid"], f"代表 {row['name']}", row, old, skip,
                  changed_here=_changed_later(plan, changed, here) if here else None)


def _translate(people: _Deputies, row: dict, key: str, keys_key: str | None = None) -> tuple[str | None, bool]:
    """The deputy reference in row[key] translated; (uid here or None, whether it was given)."""
    given = row.get(key)
    if not given:
        return None, False
    return people.resolve(given, row.get(keys_key) if keys_key else None), True


def _preview_by_uid(db, plan: ImportPlan, table: str, rows: list[dict], current: list[dict], label, fix) -> None:
    """Records matched by uid; ``fix(row, where)`` translates references (False: leave the row out)."""
    existing = {r["uid"]: r for r in current}
    deleted = sync.deleted_uids(db, table)
    changed = sync.updated_times(db, table) if table in _TOUCHED else {}
    seen: dict = {}
    for number, row in enumerate(rows, start=2):
        where = f"{BY_NAME[table].sheet}第 {number} 行（{label(row)}）"
        if not _check_required(plan, table, row, where):
            continue
        if not _first_time(plan, seen, row["uid"], number, where, "记录编号") or not fix(row, where):
            continue
        if row["uid"] in deleted:
            plan.problems.append(f"{where}：本库中该记录已被删除，未导入。")
            continue
        _classify(plan, table, row["uid"], label(row), row, existing.get(row["uid"]),
                  changed_here=_changed_later(plan, changed, row["uid"]))


class KeyRefused(InputError):
    """The package is signed by a key this database does not trust for its township; ``public_key`` is that key.

    The clerk may accept it (``accept_new_key``) after comparing its fingerprint with the one read out by phone.
    """

    def __init__(self, message: str, township: str, public_key: str) -> None:
        super().__init__(message)
        self.township = township
        self.public_key = public_key


def _refused(package: Package, why: str) -> InputError:
    return InputError(f"数据交换包“{package.path.name}”{why}，已拒绝导入，数据库未作任何改动。")


def check_origin(db: sqlite_utils.Database, package: Package, *, accept_new_key: bool = False,
                 now: dt.datetime | None = None) -> tuple[KeyRing, KeyDecision]:
    """This township's package, signed by a key trusted here, not dated later than now, and not older than
    the newest package applied here; InputError saying which it is not. Returns the key registry (with the
    package's key registered when it was the first seen) and the decision on the key; writes nothing."""
    ours, theirs = compact(settings.get(db, "township_name")), compact(package.township)
    if not theirs or theirs != ours:
        raise _refused(package, f"来自“{package.township or '（未写明乡镇）'}”，不是本乡镇"
                                f"（{settings.get(db, 'township_name') or '未设置名称'}）的数据包"
                                "（如果本库的乡镇名称填错了，请先在“设置 → 常规”中改正）")
    now = now or dt.datetime.now()
    created = _when(package.created_at)
    if not created or created[:10] > now.date().isoformat():
        raise _refused(package, f"的导出时间“{created or '（空）'}”晚于今天（{now.date().isoformat()}），"
                                "不是真实的导出时间（请检查导出电脑的日期）")
    ring = KeyRing.from_json(settings.get(db, "exchange_keys"), "本库的 exchange_keys 设置")
    own = office_public_key(db)
    # The database's own key speaks for its township, so a package signed by another is a changed key, refused
    # without --accept-new-key. Not in a database still empty (a second laptop being filled from a package):
    # its key was only made at setup and has signed nothing, so the first package's key is registered instead.
    if own and not deputies_db.count_deputies(db, include_deleted=True):
        own = None
    decision = ring.judge(package.township, package.signer, package.path.name, accept_new=accept_new_key,
                          also_trusted=(own,) if own else (),
                          how_to_accept="用 sync-import --accept-new-key（“数据交换”页中点“接受新密钥…”）")
    if not decision.accepted:
        raise KeyRefused(decision.message + "数据库未作任何改动。", package.township, package.signer)
    newest = (settings.get(db, "exchange_applied") or {}).get(package.township)
    if newest and created < _when(newest):
        raise _refused(package, f"导出于 {created}，比本库已导入的数据包（导出于 {_when(newest)}）旧；"
                                "导入它会把较新的数据改回旧的")
    return ring, decision


def preview_import(db: sqlite_utils.Database, package: Package, *, accept_new_key: bool = False) -> ImportPlan:
    """What an import of ``package`` would do; writes nothing. InputError when its origin is refused."""
    ring, decision = check_origin(db, package, accept_new_key=accept_new_key)
    sealed = verify_package(package)   # the results must recount to their seals, as the county checks them
    if not sealed.ok:
        raise _refused(package, "的计票结果未通过封存核对：" + "；".join(sealed.problems))
    applied = (settings.get(db, "exchange_applied") or {}).get(package.township)
    plan = ImportPlan(package, keyring=ring, key=decision,
                      newest_yet=_when(package.created_at) > _when(applied or ""))
    if decision.message:
        plan.notes.append(decision.message)
    plan.notes.extend(sealed.warnings)
    tables = package.tables
    people = _Deputies(db, package)
    if package.id_key_check and not people.digests:
        plan.notes.append("数据包中的身份证号摘要与本库设置的县级匹配码不一致（或本库未设置匹配码），"
                          "代表按完整身份证号或记录编号对应。")
    present = [t for t in ORDER if t in tables]
    for table in present:
        plan.rows[table] = []
    for table, title in INFORMATION_ONLY.items():
        if table in tables:
            plan.information[table] = len(tables[table])
    if "deputies" in tables:
        _preview_deputies(db, plan, tables["deputies"], people)

    def deputy_list(row: dict, key: str, where: str, keys_key: str | None = None) -> None:
        uids, keys = _split(row.get(key)), _split(row.get(keys_key)) if keys_key else []
        found = []
        for i, uid in enumerate(uids):
            here = people.resolve(uid, keys[i] if i < len(keys) else None)
            if here:
                found.append(here)
            else:
                plan.problems.append(f"{where}：引用的代表（记录编号 {uid}）在本库和数据包中都不存在，已忽略该代表。")
        row[key] = ";".join(found)

    group_uids = {r["uid"] for r in sync.group_rows(db)} | {r.get("uid") for r in tables.get("groups", [])}
    station_uids = {r["uid"] for r in sync.station_rows(db)} | {r.get("uid") for r in tables.get("stations", [])}

    def fix_group(row: dict, where: str) -> bool:
        convener, given = _translate(people, row, "convener_uid")
        if given and not convener:
            plan.problems.append(f"{where}：召集人（记录编号 {row['convener_uid']}）不存在，已忽略召集人。")
        row["convener_uid"] = convener
        deputy_list(row, "member_uids", where)
        return True

    def fix_station(row: dict, where: str) -> bool:
        if row.get("parent_uid") and row["parent_uid"] not in station_uids:
            plan.problems.append(f"{where}：上级（记录编号 {row['parent_uid']}）不存在，已忽略上级。")
            row["parent_uid"] = None
        kept = [g for g in _split(row.get("group_uids")) if g in group_uids]
        if len(kept) < len(_split(row.get("group_uids"))):
            plan.problems.append(f"{where}：部分所联系小组不存在，已忽略。")
        row["group_uids"] = ";".join(kept)
        return True

    activities_here = {r["uid"] for r in sync.activity_rows(db, *ALL)}
    activity_uids = activities_here | {r.get("uid") for r in tables.get("activities", [])}

    def fix_activity(row: dict, where: str) -> bool:
        for key, known in (("station_uid", station_uids), ("group_uid", group_uids)):
            if row.get(key) and row[key] not in known:
                plan.problems.append(f"{where}：{_header('activities', key)}“{row[key]}”不存在，已忽略。")
                row[key] = None
        if not row.get("type") or not row.get("date"):
            plan.problems.append(f"{where}：缺少活动类型或日期，未导入。")
            return False
        return True

    def fix_suggestion(row: dict, where: str) -> bool:
        if row.get("activity_uid") and row["activity_uid"] not in activity_uids:
            row["activity_uid"] = None
        lead, _ = _translate(people, row, "lead_uid")
        deputy_list(row, "submitter_uids", where, "submitter_id_keys")
        row["lead_uid"] = lead
        if not row.get("date") or not row.get("source"):
            plan.problems.append(f"{where}：缺少收集日期或来源，未导入。")
            return False
        return True

    suggestions_here = {r["uid"] for r in sync.suggestion_rows(db, *ALL)}
    suggestion_uids = suggestions_here | {r.get("uid") for r in tables.get("suggestions", [])}

    def fix_event(row: dict, where: str) -> bool:
        if row.get("suggestion_uid") not in suggestion_uids:
            plan.problems.append(f"{where}：所属意见建议不存在，未导入。")
            return False
        if not row.get("date") or not row.get("to_state"):
            plan.problems.append(f"{where}：缺少日期或新状态，未导入。")
            return False
        return True

    if "groups" in tables:
        _preview_by_uid(db, plan, "groups", tables["groups"], sync.group_rows(db),
                        lambda r: f"代表小组 {r.get('name')}", fix_group)
    if "stations" in tables:
        _preview_by_uid(db, plan, "stations", tables["stations"], sync.station_rows(db),
                        lambda r: f"联络站 {r.get('name')}", fix_station)
    if "activities" in tables:
        _preview_by_uid(db, plan, "activities", tables["activities"], sync.activity_rows(db, *ALL),
                        lambda r: f"活动 {r.get('date')} {r.get('theme')}", fix_activity)
        # A row left out above takes its attendance and suggestion links with it.
        activity_uids = activities_here | {item.uid for item in plan.rows["activities"]}
    if "activity_attendance" in tables:
        _preview_attendance(db, plan, tables["activity_attendance"], people, activity_uids)
    if "suggestions" in tables:
        current = sync.suggestion_rows(db, *ALL)
        for row in current:
            people_here = row.pop("submitters_raw")
            row["submitter_uids"] = ";".join(p[0] for p in people_here)
            row["lead_uid"] = next((p[0] for p in people_here if p[3]), None)
        _preview_by_uid(db, plan, "suggestions", tables["suggestions"], current,
                        lambda r: f"意见建议 {r.get('date')} {r.get('title')}", fix_suggestion)
        suggestion_uids = suggestions_here | {item.uid for item in plan.rows["suggestions"]}
        for item in plan.rows["suggestions"]:
            if _masked(item.row.get("voter_contact")):
                item.changes = [c for c in item.changes if c[0] != _header("suggestions", "voter_contact")]
                if item.action == "change" and not item.changes:
                    item.action = "same"
    if "suggestion_events" in tables:
        _preview_by_uid(db, plan, "suggestion_events", tables["suggestion_events"],
                        sync.suggestion_event_rows(db, *ALL),
                        lambda r: f"办理过程 {r.get('date')} {r.get('action')}", fix_event)
    return plan


def _preview_attendance(db, plan: ImportPlan, rows: list[dict], people: _Deputies, activity_uids: set) -> None:
    current = {(r["activity_uid"], r["deputy_uid"]): r for r in sync.attendance_rows(db, *ALL)}
    seen: dict = {}
    for number, row in enumerate(rows, start=2):
        where = f"出席情况第 {number} 行（{row.get('deputy') or ''}）"
        if not _check_required(plan, "activity_attendance", row, where):
            continue
        if row.get("activity_uid") not in activity_uids:
            plan.problems.append(f"{where}：所属活动（记录编号 {row.get('activity_uid')}）不存在，未导入。")
            continue
        deputy = people.resolve(row.get("deputy_uid"), row.get("deputy_id_key"))
        if deputy is None:
            plan.problems.append(f"{where}：代表“{row.get('deputy') or row.get('deputy_uid')}”在本库和数据包中都不存在，未导入。")
            continue
        row["deputy_uid"] = deputy
        key = (row["activity_uid"], deputy)
        if not _first_time(plan, seen, key, number, where, "同一活动同一代表的出席记录"):
            continue
        old = current.get(key)
        _classify(plan, "activity_attendance", f"{key[0]}/{key[1]}", f"出席 {row.get('deputy')}", row, old,
                  target_id=(old["activity_id"], old["deputy_id"]) if old else None)


# ------------------------------------------------------------------------------------------ apply


class _Ids:
    """uid → row id here, kept current as rows are added."""

    def __init__(self, db) -> None:
        self.db = db
        self.maps: dict[str, dict[str, int]] = {}

    def of(self, table: str, uid: str | None) -> int | None:
        if not uid:
            return None
        if table not in self.maps:
            self.maps[table] = sync.ids_by_uid(self.db, table)
        return self.maps[table].get(uid)

    def added(self, table: str, uid: str, row_id: int) -> None:
        self.of(table, uid)
        self.maps[table][uid] = row_id


def _now() -> str:
    return records.now()   # the one timestamp format of record rows


def _content_time(plan: ImportPlan) -> str:
    """The package's export time in the timestamp format of record rows: when the imported content was current."""
    return _when(plan.package.created_at) or _now()


def _deputy_values(db, row: dict, skip: set[str]) -> dict:
    term = sync.term_id(db, row.get("term"))
    values = {k: _norm(row.get(k)) for k in ("name", "gender", "ethnicity", "birth_date", "id_number", "party",
                                              "education", "work_unit", "post", "occupation", "phone", "address",
                                              "level", "first_elected", "status", "status_date", "status_reason",
                                              "notes") if k not in skip}
    values.update(term_id=term, district_id=sync.district_id(db, term, row.get("district")),
                  reelected=1 if row.get("reelected") in ("是", 1, "1") else 0,
                  name_initials=pinyin_initials(row["name"]))
    values["level"] = values.get("level") or "乡"
    values["status"] = values.get("status") or "在任"
    if "id_number" in values and values["id_number"]:
        values["id_number"] = str(values["id_number"]).upper()
    return values


def _apply_deputies(db, plan: ImportPlan, ids: _Ids) -> None:
    written = []
    for item in plan.rows.get("deputies", []):
        if item.action in UNWRITTEN:
            continue
        skip = {k for k in ("id_number", "phone") if _masked(item.row.get(k))}
        if item.action == "change":
            skip |= {k for k in ("id_number", "phone", "birth_date") if not item.row.get(k)}
            sync.update_row(db, "deputies", item.target_id, _deputy_values(db, item.row, skip))
            written.append(item.target_id)
        else:
            row_id = sync.insert_row(db, "deputies", {"uid": item.uid, **_deputy_values(db, item.row, skip)})
            ids.added("deputies", item.uid, row_id)
            written.append(row_id)
    sync.stamp_updated(db, "deputies", written, _content_time(plan))


def _write(db, ids: _Ids, table: str, item: RowPlan, values: dict) -> int:
    if item.action == "change":
        sync.update_row(db, table, item.target_id, values)
        return item.target_id
    row_id = sync.insert_row(db, table, {"uid": item.uid, **values})
    ids.added(table, item.uid, row_id)
    return row_id


def _apply_groups(db, plan: ImportPlan, ids: _Ids) -> None:
    for item in plan.rows.get("groups", []):
        if item.action in UNWRITTEN:
            continue
        r = item.row
        term = sync.term_id(db, r.get("term"))
        group_id = _write(db, ids, "groups", item, {
            "name": r["name"], "kind": r.get("kind") or "代表小组", "term_id": term,
            "district_id": sync.district_id(db, term, r.get("district")),
            "convener_id": ids.of("deputies", r.get("convener_uid")), "notes": _norm(r.get("notes"))})
        sync.set_group_members(db, group_id, [ids.of("deputies", u) for u in _split(r.get("member_uids"))])


def _apply_stations(db, plan: ImportPlan, ids: _Ids) -> None:
    items = [i for i in plan.rows.get("stations", []) if i.action not in UNWRITTEN]
    for item in items:
        r = item.row
        station_id = _write(db, ids, "stations", item, {
            "name": r["name"], "kind": r.get("kind") or "联络站", "address": _norm(r.get("address")),
            "open_days": _norm(r.get("open_days")), "contact": _norm(r.get("contact")),
            "phone": _norm(r.get("phone")), "notes": _norm(r.get("notes"))})
        sync.set_station_groups(db, station_id, [ids.of("groups", u) for u in _split(r.get("group_uids"))])
    # Parents last: a parent may be a station added by this same import.
    for item in items:
        sync.set_station_parent(db, ids.of("stations", item.uid), ids.of("stations", item.row.get("parent_uid")))


def _apply_activities(db, plan: ImportPlan, ids: _Ids) -> None:
    for item in plan.rows.get("activities", []):
        if item.action in UNWRITTEN:
            continue
        r = item.row
        _write(db, ids, "activities", item, {
            "type_id": sync.activity_type_id(db, r["type"]), "date": r["date"],
            "station_id": ids.of("stations", r.get("station_uid")), "group_id": ids.of("groups", r.get("group_uid")),
            "theme": r["theme"], "problems_solved": _norm(r.get("problems_solved")) or 0,
            "updated_at": _content_time(plan),
            **{k: _norm(r.get(k)) for k in ("start_time", "end_time", "place", "content", "organiser",
                                            "invited_officials", "outcome")}})
    rows = [(ids.of("activities", i.row["activity_uid"]), ids.of("deputies", i.row["deputy_uid"]),
             i.row["status"], _norm(i.row.get("reason")))
            for i in plan.rows.get("activity_attendance", []) if i.action not in UNWRITTEN]
    sync.upsert_attendance(db, rows)


def _apply_suggestions(db, plan: ImportPlan, ids: _Ids) -> None:
    for item in plan.rows.get("suggestions", []):
        if item.action in UNWRITTEN:
            continue
        r = item.row
        values = {k: _norm(r.get(k)) for k in (
            "title", "content", "source", "date", "location", "level", "state", "deadline", "handling_deadline",
            "classified_at", "assigned_at", "replied_at", "reply_text", "result_class", "evaluation",
            "evaluated_at", "voter_name", "voter_contact")}
        if _masked(values["voter_contact"]):
            values.pop("voter_contact")
        values.update(content=values["content"] or "", state=values["state"] or "收集",
                      field_id=sync.suggestion_field_id(db, r.get("field")),
                      main_unit_id=sync.handling_unit_id(db, r.get("main_unit")),
                      reopen_count=_norm(r.get("reopen_count")) or 0,
                      activity_id=ids.of("activities", r.get("activity_uid")), updated_at=_content_time(plan))
        suggestion_id = _write(db, ids, "suggestions", item, values)
        sync.set_co_units(db, suggestion_id, [sync.handling_unit_id(db, n) for n in _split(r.get("co_units"), "、")])
        lead = r.get("lead_uid")
        sync.set_submitters(db, suggestion_id, [(ids.of("deputies", u), int(u == lead))
                                                for u in _split(r.get("submitter_uids"))])
    for item in plan.rows.get("suggestion_events", []):
        if item.action in UNWRITTEN:
            continue
        r = item.row
        _write(db, ids, "suggestion_events", item, {
            "suggestion_id": ids.of("suggestions", r["suggestion_uid"]), "action": r["action"],
            "from_state": _norm(r.get("from_state")), "to_state": r["to_state"], "date": r["date"],
            "unit_id": sync.handling_unit_id(db, r.get("unit")), "note": _norm(r.get("note")),
            "recorded_at": _norm(r.get("recorded_at")) or _now()})


def _record_origin(db, plan: ImportPlan) -> None:
    """The package's export time as the newest applied (an older one is refused later) and its key, if new."""
    package = plan.package
    applied = dict(settings.get(db, "exchange_applied") or {})
    if _when(package.created_at) > _when(applied.get(package.township) or ""):
        applied[package.township] = package.created_at
        settings.put(db, "exchange_applied", applied)
    if plan.keyring is not None and plan.keyring.changed:
        settings.put(db, "exchange_keys", plan.keyring.as_json())


def apply_import(db: sqlite_utils.Database, plan: ImportPlan, *, backup: bool = True) -> dict:
    """Write the plan in one transaction after an automatic backup (导入前); returns the counts written.

    A plan with nothing to write still records the package as applied, so an older one is refused after it.
    """
    counts = {t: {"add": c["add"], "change": c["change"]} for t, c in plan.counts.items()}
    if not plan.has_work:
        with transaction.write(db):
            _record_origin(db, plan)
        return {"backup": None, "counts": counts}
    backup_path = None
    if backup:
        from ..db.auto_backup import protective_backup

        backup_path = str(protective_backup(db, "导入前").path)
    ids = _Ids(db)
    try:
        with transaction.write(db):
            _apply_deputies(db, plan, ids)
            _apply_groups(db, plan, ids)
            _apply_stations(db, plan, ids)
            _apply_activities(db, plan, ids)
            _apply_suggestions(db, plan, ids)
            _record_origin(db, plan)
            sync.record_import(db, {"file": plan.package.path.name, "township": plan.package.township,
                                    "period": list(plan.package.period), "counts": counts,
                                    "created_at": plan.package.created_at,
                                    "signed_by": fingerprint(plan.package.signer),
                                    "skipped": len(plan.skipped)})
    except Exception as err:
        import sqlite3

        if isinstance(err, sqlite3.IntegrityError):
            raise InputError(f"导入“{plan.package.path.name}”时数据冲突（{err}），已全部撤销，数据库未作改动。") from None
        raise
    return {"backup": backup_path, "counts": counts}
