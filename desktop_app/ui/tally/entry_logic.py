"""Keystrokes → one ballot: the pure state machine behind the tally entry screen (no Qt, no database).

Keys per ballot, once the serial is confirmed (typed digits + Enter, or just Enter to accept the
suggested next serial): exactly one key per candidate and one Enter to save — candidates + 1.

* 选举 / 票决 / 表决: 1 = 同意 (○), 2 = 反对 (×), 0 or Enter = 弃权 (blank).
* 测评: 1 = 满意, 2 = 基本满意, 3 = 不满意, 0 or Enter = 弃权.
* 另选他人 allowed: after the last mark the cursor moves to the write-in field; typing names there is
  optional and the Enter that ends the field is the saving Enter (so the count stays candidates + 1).
* Backspace steps back one mark; Esc clears the ballot; the validity is judged after every key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ...domain.ballots import BallotEntry, ItemSpec, judge_ballot

ABSTAIN = "-"
_MARKS_YNA = {"1": "Y", "2": "N", "0": ABSTAIN}
_MARKS_SBU = {"1": "S", "2": "B", "3": "U", "0": ABSTAIN}

#: What each stored mark looks like on screen: the sign a deputy draws, or the word of the 测评.
SYMBOLS = {"Y": "○", "N": "×", ABSTAIN: "", "S": "满意", "B": "基本满意", "U": "不满意"}
WORDS = {"Y": "同意", "N": "反对", ABSTAIN: "弃权", "S": "满意", "B": "基本满意", "U": "不满意"}

_SPLIT_NAMES = re.compile(r"[、，,；;\s]+")


class Phase(Enum):
    SERIAL = "serial"       # waiting for the serial number
    MARKS = "marks"         # one key per candidate
    WRITE_IN = "write_in"   # optional write-in names, Enter saves
    READY = "ready"         # every mark typed, Enter saves


@dataclass(frozen=True)
class SerialCheck:
    ok: bool                  # False: refuse (not a number, duplicate)
    level: str | None         # 'error' | 'warning' | None
    message: str | None


@dataclass(frozen=True)
class Verdict:
    valid: bool
    text: str                 # what the screen shows: 有效 / 无效：…


def mark_keys(kind: str) -> dict[str, str]:
    """Digit key → stored mark for a kind of vote."""
    return _MARKS_SBU if kind == "测评" else _MARKS_YNA


def key_help(kind: str, allow_write_in: bool) -> str:
    """The one-line key legend shown under the entry grid."""
    if kind == "测评":
        text = "1 满意　2 基本满意　3 不满意　0/回车 弃权"
    else:
        text = "1 同意○　2 反对×　0/回车 弃权"
    text += "　退格 退一格　Esc 清除本票　Ctrl+D 作废"
    if allow_write_in:
        text += "　另选他人：姓名用“、”分隔"
    return text + "　回车 保存"


def split_names(text: str) -> tuple[str, ...]:
    """Write-in names as typed ('王五、赵六'), blanks dropped, order kept."""
    return tuple(n for n in _SPLIT_NAMES.split(text.strip()) if n)


def ballot_names(spec: ItemSpec) -> tuple[str, ...]:
    """What each mark position is called on screen (表决: the motion itself)."""
    if spec.kind == "表决":
        return (spec.candidates[0] if spec.candidates else spec.name,)
    return spec.candidates


def marks_to_symbols(marks: str, blank: str = "　") -> str:
    """'YN-' → '○ × 　' for lists: one cell per candidate, blank (弃权) shown as ``blank``."""
    return " ".join(SYMBOLS.get(m, m) or blank for m in marks)


class BallotDraft:
    """The ballot being typed: serial, marks so far, write-ins, and its judged validity."""

    def __init__(self, spec: ItemSpec, *, used_serials: set[int] | None = None, printed: int | None = None) -> None:
        self.spec = spec
        self.keys = mark_keys(spec.kind)
        self.size = spec.width   # 表决: one mark, whatever the candidates list holds
        self.used_serials: set[int] = set(used_serials or ())
        self.printed = printed
        self.last_saved: int | None = None
        self.clear()

    # State ---------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.serial: int | None = None
        self.marks: list[str] = []
        self.write_ins: tuple[str, ...] = ()
        self.phase = Phase.SERIAL

    @property
    def cursor(self) -> int:
        """Index of the candidate the next key marks (== size when all are marked)."""
        return len(self.marks)

    @property
    def complete(self) -> bool:
        return self.phase in (Phase.WRITE_IN, Phase.READY)

    # Serial ---------------------------------------------------------------------------------------
    def suggested_serial(self) -> int:
        """The next unused serial after the last one saved (or from 1)."""
        candidate = (self.last_saved or 0) + 1
        while candidate in self.used_serials:
            candidate += 1
        return candidate

    def check_serial(self, text: str) -> tuple[int | None, SerialCheck]:
        text = text.strip()
        if not text:
            return None, SerialCheck(False, "error", "请输入选票编号。")
        if not text.isdigit() or int(text) <= 0:
            return None, SerialCheck(False, "error", f"选票编号“{text}”不是正整数。")
        serial = int(text)
        if serial in self.used_serials:
            return serial, SerialCheck(False, "error", f"第 {serial:03d} 号选票已经录入，不能重复录入（本票未保存）。")
        if self.printed and serial > self.printed:
            return serial, SerialCheck(
                True, "warning", f"注意：第 {serial:03d} 号超出印制的编号范围 001–{self.printed:03d}，请核对。")
        return serial, SerialCheck(True, None, None)

    def accept_serial(self, text: str) -> SerialCheck:
        """Confirm the serial (the Enter after it); on success the marks phase starts."""
        serial, check = self.check_serial(text)
        if check.ok:
            self.serial = serial
            self.marks = []
            self.write_ins = ()
            self.phase = Phase.MARKS if self.size else self._after_marks()
        return check

    # Marks ----------------------------------------------------------------------------------------
    def press(self, key: str) -> bool:
        """A mark key ('0'–'3', or 'enter' for 弃权) in the marks phase; False when it means nothing."""
        if self.phase is not Phase.MARKS:
            return False
        mark = ABSTAIN if key == "enter" else self.keys.get(key)
        if mark is None:
            return False
        self.marks.append(mark)
        if len(self.marks) == self.size:
            self.phase = self._after_marks()
        return True

    def _after_marks(self) -> Phase:
        return Phase.WRITE_IN if self.spec.allow_write_in else Phase.READY

    def back(self) -> bool:
        """Step back one mark (from the write-in field to the last candidate; from the first mark to the serial)."""
        if self.phase is Phase.SERIAL:
            return False
        if self.marks:
            self.marks.pop()
            self.phase = Phase.MARKS
        else:
            self.phase = Phase.SERIAL
            self.serial = None
        return True

    def set_write_ins(self, text: str) -> None:
        self.write_ins = split_names(text)

    # Result ---------------------------------------------------------------------------------------
    def entry(self, *, void: bool = False) -> BallotEntry:
        """The ballot as it stands; unmarked candidates count as 弃权 (used for void and for the live verdict)."""
        marks = "".join(self.marks) + ABSTAIN * (self.size - len(self.marks))
        return BallotEntry(serial=self.serial or 0, marks=marks, write_ins=self.write_ins, void=void)

    def verdict(self) -> Verdict:
        return judge_text(self.spec, self.entry())

    def saved(self, serial: int) -> None:
        """Record a saved serial so the next suggestion skips it, and start a fresh ballot."""
        self.used_serials.add(serial)
        self.last_saved = serial
        self.clear()


def judge_text(spec: ItemSpec, entry: BallotEntry) -> Verdict:
    """The domain's judgement as the screen shows it ('有效' or '无效：reason')."""
    judgement = judge_ballot(spec, entry)
    if judgement.valid:
        return Verdict(True, "有效")
    if spec.seats and judgement.selected > spec.seats and not entry.void:
        return Verdict(False, f"无效：所选人数多于应选人数（选了 {judgement.selected}，应选 {spec.seats}）")
    reason = (judgement.reason or "").strip()
    if reason.startswith("无效"):
        return Verdict(False, reason)
    return Verdict(False, "无效：" + (reason or "不符合规则"))
