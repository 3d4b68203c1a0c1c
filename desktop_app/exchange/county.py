"""County mode: a folder of township exchange packages merged into one read-only view and its statistics.

Packages are only read, through ``package.read_package`` (signature, manifest and SHA-256 verified first).
An unsigned, damaged or altered package is refused with a message for that file while the others load, and
so is one dated later than today, and one whose sealed results do not recount to their seals
(``seals.verify_package``). Each township's signing key is registered (``keyring.KeyRing``, the
county's ``keys.json``) from its oldest package; a package signed by another key is refused as a forgery
unless the county accepts the new key for that township by name. Of a township's genuine packages the
newest (by export time, then period end, then file time) is used and the older ones are listed as
已被更新的包替代. Totals are computed from the rows of all townships together, so a county rate is the rate
over all records, not an average of township rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..domain.roster import SERVING, structure_statistics
from ..domain.suggestions import EVALUATIONS, STATES, rate
from ..errors import InputError, UserError
from .keyring import REFUSED as KEY_REFUSED, KeyRing
from .package import Package, read_package
from .seals import SealCheck, verify_package

OK, REFUSED, SUPERSEDED = "ok", "refused", "superseded"
STATUS_TEXT = {OK: "已载入", REFUSED: "已拒绝", SUPERSEDED: "已被更新的包替代"}
TOTAL = "合计"
UNGRADED = "未评定"
DEFAULT_GRADES = ("优秀", "称职", "基本称职", "不称职")
_DONE_STATES = ("答复", "评价")

Progress = Callable[[int, int, str], None] | None


@dataclass
class PackageFile:
    """One .zip in the folder and what became of it."""

    path: Path
    status: str                       # ok / refused / superseded
    message: str = ""
    township: str = ""
    created_at: str = ""
    period: tuple[str, str] = ("", "")
    new_key: str = ""                 # refused for a key other than the township's registered one: that key

    @property
    def key_refused(self) -> bool:
        return self.status == REFUSED and bool(self.new_key)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass
class CountyView:
    """The townships' newest verified packages (read-only) and the status of every file in the folder."""

    folder: Path
    packages: dict[str, Package] = field(default_factory=dict)     # township → package, in display order
    files: list[PackageFile] = field(default_factory=list)
    sealed: dict[str, SealCheck] = field(default_factory=dict)     # township → recount of its sealed results
    keyring: KeyRing = field(default_factory=KeyRing)              # the townships' keys, new ones registered
    notes: list[str] = field(default_factory=list)                 # keys registered or replaced in this run

    @property
    def townships(self) -> list[str]:
        return list(self.packages)

    @property
    def refused(self) -> list[PackageFile]:
        return [f for f in self.files if f.status == REFUSED]

    def table(self, township: str, name: str) -> list[dict]:
        return self.packages[township].tables.get(name) or []


def _sort_key(name: str) -> tuple:
    from pypinyin import lazy_pinyin

    return (lazy_pinyin(name), name)


def _newness(entry: PackageFile) -> tuple:
    try:
        mtime = entry.path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return (entry.created_at, entry.period[1], mtime)


def package_files(folder: Path) -> list[Path]:
    """The .zip files directly in ``folder``, by name."""
    try:
        return sorted((p for p in folder.iterdir() if p.suffix.lower() == ".zip" and p.is_file()),
                      key=lambda p: p.name)
    except OSError as err:
        raise UserError(f"无法读取文件夹 {folder}：{err.strerror or err}。") from None


def _judge_keys(entries: list[PackageFile], loaded: dict[Path, Package], keyring: KeyRing,
                accept_new_key: Iterable[str], notes: list[str]) -> None:
    """Register each township from its oldest package; refuse packages signed by any other key.

    A township named in ``accept_new_key`` takes the key of its newest package instead of the registered one.
    """
    accept = {name.strip() for name in accept_new_key}
    by_township: dict[str, list[PackageFile]] = {}
    for entry in entries:
        if entry.status == OK:
            by_township.setdefault(entry.township, []).append(entry)
    for township, group in by_township.items():
        group.sort(key=_newness)
        before: tuple[str, ...] = ()
        if township in accept:
            # The key registered until now still vouches for this run's older packages (superseded, not forged).
            before = tuple(k for k in (keyring.expected(township),) if k)
            newest = group[-1]
            decision = keyring.judge(township, loaded[newest.path].signer, newest.path.name, accept_new=True)
            if decision.message:
                notes.append(decision.message)
        for entry in group:
            decision = keyring.judge(township, loaded[entry.path].signer, entry.path.name, also_trusted=before)
            if decision.status == KEY_REFUSED:
                entry.status, entry.message = REFUSED, decision.message
                entry.new_key = loaded[entry.path].signer
            elif decision.message:
                notes.append(decision.message)


def load_folder(folder: str | Path, progress: Progress = None, *, keyring: KeyRing | None = None,
                accept_new_key: Iterable[str] = (), now: dt.datetime | None = None) -> CountyView:
    """Read every package in ``folder``; refuse damaged, future-dated and wrongly signed ones per file; keep
    the newest genuine package per township.

    ``keyring`` holds the townships' registered keys (a township seen for the first time is registered from
    its oldest package; the caller saves the registry when ``keyring.changed``); ``accept_new_key`` names the
    townships whose newest package's key replaces the registered one. ``progress(done, total, text)`` is
    called before each file. InputError when the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"找不到文件夹 {folder}。请选择存放各乡镇数据交换包（.zip）的文件夹。")
    paths = package_files(folder)
    today = (now or dt.datetime.now()).date().isoformat()
    entries: list[PackageFile] = []
    loaded: dict[Path, Package] = {}
    recounts: dict[Path, SealCheck] = {}
    for index, path in enumerate(paths):
        if progress is not None:
            progress(index, len(paths), f"正在校验 {path.name}…")
        try:
            package = read_package(path)
        except UserError as err:
            entries.append(PackageFile(path, REFUSED, str(err)))
            continue
        township = package.township.strip()
        if not township:
            entries.append(PackageFile(path, REFUSED, f"数据交换包“{path.name}”没有写明乡镇名称，无法汇总。"))
            continue
        created = package.created_at.replace("T", " ")
        if not created or created[:10] > today:
            # A date to come is never genuine: taken as the newest, it would push the real package aside.
            entries.append(PackageFile(path, REFUSED, f"数据交换包“{path.name}”的导出时间“{created or '（空）'}”晚于今天"
                                                      f"（{today}），不是真实的导出时间，未计入汇总。", township,
                                       package.created_at, package.period))
            continue
        sealed = verify_package(package)
        if not sealed.ok:
            entries.append(PackageFile(path, REFUSED, f"数据交换包“{path.name}”的计票结果未通过封存核对："
                                       f"{'；'.join(sealed.problems)}。已拒绝汇总。", township, package.created_at,
                                       package.period))
            continue
        entries.append(PackageFile(path, OK, "；".join(sealed.warnings), township, package.created_at,
                                   package.period))
        recounts[path] = sealed
        loaded[path] = package
    keyring = keyring if keyring is not None else KeyRing()
    notes: list[str] = []
    _judge_keys(entries, loaded, keyring, accept_new_key, notes)
    newest: dict[str, PackageFile] = {}
    for entry in entries:
        if entry.status == OK and (entry.township not in newest or _newness(entry) > _newness(newest[entry.township])):
            newest[entry.township] = entry
    for entry in entries:
        if entry.status == OK and newest[entry.township] is not entry:
            winner = newest[entry.township]
            entry.status = SUPERSEDED
            entry.message = f"{entry.township}另有更新的数据包“{winner.path.name}”（导出于 {winner.created_at}），本包未计入汇总。"
    if progress is not None:
        progress(len(paths), len(paths), "完成")
    view = CountyView(folder, keyring=keyring, notes=notes)
    for township in sorted(newest, key=_sort_key):
        view.packages[township] = loaded[newest[township].path]
        view.sealed[township] = recounts[newest[township].path]
    view.files = sorted(entries, key=lambda e: (e.status != OK, _sort_key(e.township or e.path.name)))
    return view


# ------------------------------------------------------------------------------------------ statistics


def _serving(deputies: list[dict]) -> list[dict]:
    """Serving deputies as structure_statistics expects them (the package writes 是/否 for 连任)."""
    return [{**d, "reelected": d.get("reelected") == "是"} for d in deputies if (d.get("status") or SERVING) == SERVING]


def _activities(rows: list[dict]) -> dict:
    by_type: dict[str, int] = {}
    for row in rows:
        kind = row.get("type") or "未填写"
        by_type[kind] = by_type.get(kind, 0) + 1
    return {
        "count": len(rows), "by_type": by_type,
        "present": sum(r.get("present") or 0 for r in rows),
        "leave": sum(r.get("leave") or 0 for r in rows),
        "absent": sum(r.get("absent") or 0 for r in rows),
    }


def _suggestions(rows: list[dict]) -> dict:
    """The same definitions as db/suggestion_stats: 办结 = 答复 or 评价; 满意率 over the evaluated ones."""
    by_state = {s: 0 for s in STATES}
    evaluations = {e: 0 for e in EVALUATIONS}
    done = on_time = 0
    for row in rows:
        state = row.get("state") or "收集"
        by_state[state] = by_state.get(state, 0) + 1
        if state in _DONE_STATES:
            done += 1
            replied, deadline = row.get("replied_at"), row.get("handling_deadline")
            if replied and deadline and str(replied)[:10] <= str(deadline)[:10]:
                on_time += 1
        if row.get("evaluation"):
            evaluations[row["evaluation"]] = evaluations.get(row["evaluation"], 0) + 1
    evaluated = sum(evaluations.values())
    return {
        "total": len(rows), "by_state": by_state, "done": done, "on_time": on_time, "evaluated": evaluated,
        "evaluations": evaluations, "done_rate": rate(done, len(rows)), "on_time_rate": rate(on_time, done),
        "satisfied_rate": rate(evaluations.get("满意", 0), evaluated),
        "basically_satisfied_rate": rate(evaluations.get("基本满意", 0), evaluated),
    }


def _scores(rows: list[dict], year: int | None) -> dict:
    chosen = [r for r in rows if year is not None and r.get("year") == year]
    by_grade: dict[str, int] = {}
    for row in chosen:
        grade = row.get("grade") or UNGRADED
        by_grade[grade] = by_grade.get(grade, 0) + 1
    totals = [float(r["total"]) for r in chosen if isinstance(r.get("total"), (int, float))]
    return {"count": len(chosen), "by_grade": by_grade,
            "average": round(sum(totals) / len(totals), 1) if totals else None}


def score_years(view: CountyView) -> list[int]:
    return sorted({r["year"] for t in view.townships for r in view.table(t, "scores") if isinstance(r.get("year"), int)})


def _grades(score: dict) -> list[str]:
    """The usual grades always (a 0 says something); other bands, then 未评定, only when present."""
    seen = {g for figures in score.values() for g in figures["by_grade"]}
    others = sorted(seen - set(DEFAULT_GRADES) - {UNGRADED})
    return list(DEFAULT_GRADES) + others + ([UNGRADED] if UNGRADED in seen else [])


def consolidated_statistics(view: CountyView, *, on: dt.date | None = None, year: int | None = None) -> dict:
    """Per township and in total: roster structure, activities by type, suggestions, scores by grade.

    ``on`` is the day ages are counted on (default today); ``year`` the scoring year (default the latest
    year any package holds). Every section maps township → figures, with the county under ``合计``.
    """
    on = on or dt.date.today()
    years = score_years(view)
    year = year if year is not None else (years[-1] if years else None)
    townships = view.townships
    everyone = {name: view.table(name, "deputies") for name in townships}
    activities = {name: view.table(name, "activities") for name in townships}
    suggestions = {name: view.table(name, "suggestions") for name in townships}
    scores = {name: view.table(name, "scores") for name in townships}

    def with_total(function, tables, *args):
        out = {name: function(rows, *args) for name, rows in tables.items()}
        out[TOTAL] = function([r for rows in tables.values() for r in rows], *args)
        return out

    roster = with_total(lambda rows: structure_statistics(_serving(rows), on), everyone)
    activity = with_total(_activities, activities)
    suggestion = with_total(_suggestions, suggestions)
    score = with_total(_scores, scores, year)
    packages = {name: view.packages[name] for name in townships}
    counties = [p.county for p in packages.values() if p.county]
    return {
        "county": max(set(counties), key=counties.count) if counties else "",
        "townships": townships,
        "on": on.isoformat(),
        "packages": [{"township": n, "file": p.path.name, "created_at": p.created_at, "period": list(p.period),
                      "masked": p.masked} for n, p in packages.items()],
        "refused": [{"file": f.path.name, "message": f.message} for f in view.refused],
        "sealed_results": [{"township": n, "verified": view.sealed[n].verified, "unsealed": view.sealed[n].unsealed}
                           for n in townships if n in view.sealed
                           and view.sealed[n].verified + view.sealed[n].unsealed],
        "roster": roster,
        "activities": activity,
        # Most frequent type first, as the county reads it.
        "activity_types": sorted(activity[TOTAL]["by_type"], key=lambda k: (-activity[TOTAL]["by_type"][k], k)),
        "suggestions": suggestion,
        "states": list(STATES),
        "scores": score,
        "score_year": year,
        "score_years": years,
        "grades": _grades(score),
    }
