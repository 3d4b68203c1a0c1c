"""Double entry: compare two counting teams' readings of the same ballots, ballot by ballot."""

from __future__ import annotations

from dataclasses import dataclass

from .ballots import MARK_LABELS, BallotEntry, ItemSpec, name_key

TEAM_NAMES = {1: "一组", 2: "二组"}


@dataclass(frozen=True)
class Disagreement:
    """One ballot the teams read differently; ``detail`` is a Chinese sentence for the scrutineers."""

    serial: int
    kind: str  # 'only_team1' | 'only_team2' | 'different'
    team1: BallotEntry | None
    team2: BallotEntry | None
    detail: str


def _by_serial(entries, team: int) -> dict[int, BallotEntry]:
    out: dict[int, BallotEntry] = {}
    for entry in entries:
        if entry.serial in out:
            raise ValueError(f"{TEAM_NAMES[team]}录入了两张第 {entry.serial} 号选票")
        out[entry.serial] = entry
    return out


def _label(mark: str | None, rating: bool) -> str:
    if mark is None:
        return "未录入"
    return MARK_LABELS["rating" if rating else "vote"].get(mark, f"“{mark}”")


def _column_name(spec: ItemSpec | None, index: int) -> str:
    if spec is None:
        return f"第 {index + 1} 栏"
    if spec.kind == "表决":
        return "表决"
    if index < len(spec.candidates):
        return spec.candidates[index]
    return f"第 {index + 1} 栏"


def _write_in_set(entry: BallotEntry) -> frozenset[str]:
    return frozenset(k for k in (name_key(w) for w in entry.write_ins) if k)


def _write_in_text(entry: BallotEntry) -> str:
    names = sorted({"".join(str(w).split()) for w in entry.write_ins if name_key(w)})
    return "“" + "、".join(names) + "”" if names else "（无）"


def differences(a: BallotEntry, b: BallotEntry, spec: ItemSpec | None = None) -> list[str]:
    """What two readings of one ballot disagree on, as Chinese phrases (empty when they agree).

    Two readings that both declare the ballot 作废 agree: its marks are not counted either way.
    Write-ins are compared as sets of names (order and repeats on the paper do not change the count).
    """
    if a.void != b.void:
        return [f"{'一组记为作废，二组未作废' if a.void else '一组未作废，二组记为作废'}"]
    if a.void:
        return []
    rating = spec is not None and spec.kind == "测评"
    out = []
    for i in range(max(len(a.marks), len(b.marks))):
        ma = a.marks[i] if i < len(a.marks) else None
        mb = b.marks[i] if i < len(b.marks) else None
        if ma != mb:
            out.append(f"{_column_name(spec, i)} 一组记为{_label(ma, rating)}，二组记为{_label(mb, rating)}")
    if _write_in_set(a) != _write_in_set(b):
        out.append(f"另选他人 一组为{_write_in_text(a)}，二组为{_write_in_text(b)}")
    return out


def reconcile(team1, team2, spec: ItemSpec | None = None) -> list[Disagreement]:
    """Every ballot (by serial) that only one team entered or that the teams read differently, by serial.

    With ``spec`` the details name the candidates; without it they name the column (第 3 栏).
    Raises ValueError when one team has the same serial twice.
    """
    one = _by_serial(team1, 1)
    two = _by_serial(team2, 2)
    found: list[Disagreement] = []
    for serial in sorted(one.keys() | two.keys()):
        a, b = one.get(serial), two.get(serial)
        if b is None:
            found.append(Disagreement(serial, "only_team1", a, None, f"第 {serial} 号选票：只有一组录入，二组没有录入"))
        elif a is None:
            found.append(Disagreement(serial, "only_team2", None, b, f"第 {serial} 号选票：只有二组录入，一组没有录入"))
        else:
            diffs = differences(a, b, spec)
            if diffs:
                found.append(Disagreement(serial, "different", a, b, f"第 {serial} 号选票：" + "；".join(diffs)))
    return found
