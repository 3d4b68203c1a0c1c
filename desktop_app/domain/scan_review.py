"""The scrutineers' review of a scanned ballot: what they must answer for each doubt the reader left, and the
ballot as the keyboard would have typed it once they have (docs/ballot-layout.md, 扫描计票).

A reading is the ballot's entry of the ``scan-ballots --json`` report; a layout is the ballot's boxes and
write-in fields in millimetres. Answers are keyed by question: a box ``"○"`` (marked, 同意), ``"×"`` (反对 on a
选举 ballot; in a choice box the scrutineers saying it is a mark), ``"空"`` (empty, 弃权); a row the word of the
box chosen (``"满意"`` …) or ``"弃权"``; a write-in the name written, ``""`` for none.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ballots import ABSTAIN, AGREE, BASICALLY_SATISFIED, OPPOSE, SATISFIED, UNSATISFIED, BallotEntry, ItemSpec

REVIEW = "待核"
MULTIPLE = "多选"
MARKED, CROSSED, EMPTY = "○", "×", "空"
BOX_ANSWERS = (MARKED, CROSSED, EMPTY)
ABSTAIN_WORD = "弃权"
MOTION = "表决"
WRITE_IN_OPTION = "另选他人"
WRITE_IN_KEY = "write_in:"
# A box the reader was sure of scored under 0.25 (empty) or from 0.6 (marked): this tells the two apart.
MARKED_SCORE = 0.5
INVALID_MOTION = "画两个及以上的为无效票"

_VOTE = {"同意": AGREE, "反对": OPPOSE, "弃权": ABSTAIN}
_RATING = {"满意": SATISFIED, "基本满意": BASICALLY_SATISFIED, "不满意": UNSATISFIED, "弃权": ABSTAIN}
_BOX_VOTE = {MARKED: AGREE, CROSSED: OPPOSE, EMPTY: ABSTAIN}


@dataclass(frozen=True)
class Question:
    """One doubt the scrutineers settle: ``kind`` is ``box``, ``row`` or ``write_in``; ``rect`` (mm on the page)
    is the box, the row's boxes together, or the write-in field; ``score`` and ``note`` are the reader's."""

    key: str
    kind: str
    option: str | None
    choice: str | None
    score: float | None
    note: str
    rect: dict


def _rect(box: dict) -> dict:
    return {k: box[k] for k in ("x_mm", "y_mm", "w_mm", "h_mm")}


def rect_union(boxes: list[dict]) -> dict:
    """The smallest rectangle (mm, as the layout measures) holding every one of ``boxes``."""
    x0 = min(b["x_mm"] for b in boxes)
    y0 = min(b["y_mm"] for b in boxes)
    x1 = max(b["x_mm"] + b["w_mm"] for b in boxes)
    y1 = max(b["y_mm"] + b["h_mm"] for b in boxes)
    return {"x_mm": x0, "y_mm": y0, "w_mm": round(x1 - x0, 2), "h_mm": round(y1 - y0, 2)}


def box_key(box: dict) -> str:
    """The key of a box's score (and question): the option for 选举, ``option|choice`` otherwise."""
    return box["option"] if box["choice"] is None else f"{box['option']}|{box['choice']}"


def layout_rows(layout: dict) -> dict[str, list[dict]]:
    """The choice boxes of a 表决 / 票决 / 测评 ballot by option, in ballot order."""
    rows: dict[str, list[dict]] = {}
    for box in layout["boxes"]:
        if box["choice"] is not None:
            rows.setdefault(box["option"], []).append(box)
    return rows


def _doubtful(reading: dict, box: dict) -> bool:
    """The reader said 待核 of this box (it notes why of every such box, and only of those)."""
    return box_key(box) in (reading.get("notes") or {})


def _marked_by_reader(reading: dict, box: dict) -> bool:
    return float((reading.get("scores") or {}).get(box_key(box), 0.0)) >= MARKED_SCORE


def _row_is_one_question(kind: str, reading: dict, row: list[dict]) -> bool:
    """A 票决 / 测评 row read as 多选, or whose doubtful boxes could make it so, is answered as a whole."""
    if kind not in ("票决", "测评"):
        return False
    value = reading["marks"].get(row[0]["option"])
    if value == MULTIPLE:
        return True
    if value != REVIEW:
        return False
    doubtful = [b for b in row if _doubtful(reading, b)]
    sure = [b for b in row if not _doubtful(reading, b) and _marked_by_reader(reading, b)]
    return len(doubtful) + len(sure) >= 2


def _box_question(reading: dict, box: dict) -> Question:
    key = box_key(box)
    return Question(key, "box", box["option"], box["choice"], (reading.get("scores") or {}).get(key),
                    (reading.get("notes") or {}).get(key, ""), _rect(box))


def questions(kind: str, reading: dict, layout: dict) -> list[Question]:
    """What the scrutineers must answer for one ballot, in ballot order (empty for a ballot read cleanly)."""
    out: list[Question] = []
    rows = layout_rows(layout)
    asked_rows: set[str] = set()
    write_ins = list(layout.get("write_ins") or [])
    asked_write_ins: set[int] = set()
    ink = bool(reading.get("write_in_ink"))
    # ink seen but no field flagged (an older reading): every field is asked, so the ballot can still be settled
    flagged = any(field.get("ink") for field in write_ins)
    for box in layout["boxes"]:
        option = box["option"]
        if box["choice"] is None:
            if reading["marks"].get(option) == REVIEW:
                out.append(_box_question(reading, box))
            number = _write_in_number(option)
            if ink and number is not None and number <= len(write_ins) and number not in asked_write_ins \
                    and _asked_field(write_ins[number - 1], flagged):
                asked_write_ins.add(number)
                out.append(_write_in_question(number, write_ins[number - 1]))
            continue
        if option in asked_rows:
            continue
        row = rows[option]
        if _row_is_one_question(kind, reading, row):
            asked_rows.add(option)
            doubtful = [b for b in row if _doubtful(reading, b)]
            scores = [float((reading.get("scores") or {}).get(box_key(b), 0.0)) for b in row]
            notes = "；".join(f"{b['choice']}：{reading['notes'][box_key(b)]}" for b in doubtful)
            out.append(Question(option, "row", option, None, max(scores), notes or "一行画了多个符号", rect_union(row)))
        elif _doubtful(reading, box):
            out.append(_box_question(reading, box))
    if ink:
        for number, field in enumerate(write_ins, start=1):
            if number not in asked_write_ins and _asked_field(field, flagged):
                asked_write_ins.add(number)
                out.append(_write_in_question(number, field))
    return out


def _asked_field(field: dict, flagged: bool) -> bool:
    """A write-in field is asked when the reader saw ink in it, or when it flagged no field at all."""
    return bool(field.get("ink", True)) or not flagged


def _write_in_number(option: str) -> int | None:
    if not option.startswith(WRITE_IN_OPTION):
        return None
    rest = option[len(WRITE_IN_OPTION):]
    return int(rest) if rest.isdigit() else None


def _write_in_question(number: int, field: dict) -> Question:
    return Question(f"{WRITE_IN_KEY}{number}", "write_in", f"{WRITE_IN_OPTION}{number}", None, None,
                    "另选人姓名栏有笔迹", _rect(field))


def describe(question: Question) -> str:
    """The question as the scrutineers read it: 张建国、新建农贸市场（满意）、另选人姓名栏 1."""
    if question.kind == "write_in":
        return f"另选人姓名栏 {question.key[len(WRITE_IN_KEY):]}"
    if question.kind == "box" and question.choice is not None:
        return f"{question.option}（{question.choice}）"
    return str(question.option)


def check_answer(question: Question, answer: str, row_words: tuple[str, ...] = ()) -> str:
    """The answer cleaned (spaces dropped); ValueError naming the question when it is not one it takes."""
    text = " ".join(str(answer).split()) if answer is not None else ""
    if question.kind == "write_in":
        return text
    if question.kind == "box":
        if text not in BOX_ANSWERS:
            raise ValueError(f"“{describe(question)}”的核定只能是 ○、× 或 空，当前为“{text}”")
        return text
    if text not in (*row_words, ABSTAIN_WORD):
        raise ValueError(f"“{describe(question)}”一行的核定只能是 {'、'.join((*row_words, ABSTAIN_WORD))}，当前为“{text}”")
    return text


def row_words(question: Question, rows: dict[str, list[dict]]) -> tuple[str, ...]:
    """The words a row question takes besides 弃权 (its boxes' choices, in ballot order); () for others.
    ``rows`` is ``layoutlayout_rows(layout)``."""
    return tuple(b["choice"] for b in rows.get(question.option or "", [])) if question.kind == "row" else ()


def _answered(questions_: list[Question], answers: dict[str, str], rows: dict[str, list[dict]]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for q in questions_:
        if q.key not in answers:
            raise ValueError(f"“{describe(q)}”还没有核定")
        clean[q.key] = check_answer(q, answers[q.key], row_words(q, rows))
    return clean


def unanswered(kind: str, reading: dict, layout: dict, answers: dict[str, str]) -> list[Question]:
    """The questions of the ballot that ``answers`` leaves open, in ballot order."""
    return [q for q in questions(kind, reading, layout) if q.key not in answers]


def _row_value(kind: str, reading: dict, row: list[dict], answers: dict[str, str]) -> str:
    """The row's word (a choice, 弃权, or 多选) once its doubts are answered."""
    option = row[0]["option"]
    if option in answers:
        return answers[option]
    value = reading["marks"].get(option)
    if value != REVIEW:
        return value
    chosen = []
    for box in row:
        key = box_key(box)
        marked = answers[key] != EMPTY if key in answers else _marked_by_reader(reading, box)
        if marked:
            chosen.append(box["choice"])
    return ABSTAIN_WORD if not chosen else chosen[0] if len(chosen) == 1 else MULTIPLE


def entry(spec: ItemSpec, serial: int, reading: dict, answers: dict[str, str], layout: dict) -> BallotEntry:
    """The ballot as the keyboard would have typed it, the reader's sure readings completed by the answers.

    ValueError naming the first question not answered (or answered with a word it does not take). A 表决
    ballot with two boxes marked is 作废 (its 说明 says so), as the reader judges it.
    """
    rows = layout_rows(layout)
    clean = _answered(questions(spec.kind, reading, layout), answers, rows)
    marks = reading["marks"]
    write_ins = tuple(clean[f"{WRITE_IN_KEY}{n}"] for n in range(1, len(layout.get("write_ins") or []) + 1)
                      if clean.get(f"{WRITE_IN_KEY}{n}"))
    if spec.kind == "选举":
        letters = "".join(_BOX_VOTE[clean[c]] if marks.get(c) == REVIEW else _VOTE[marks[c]]
                          for c in spec.candidates)
        return BallotEntry(serial, letters, write_ins)
    if spec.kind == "表决":
        value = _row_value(spec.kind, reading, rows[MOTION], clean)
        if value == MULTIPLE:
            return BallotEntry(serial, "", void=True)
        return BallotEntry(serial, _VOTE[value])
    words = _RATING if spec.kind == "测评" else _VOTE
    letters = ""
    for candidate in spec.candidates:
        value = _row_value(spec.kind, reading, rows[candidate], clean)
        if value == MULTIPLE:
            # only reached when a doubt answered made a second mark in a row the reader had one sure mark in
            raise ValueError(f"“{candidate}”一行画了多个符号，请按整行核定")
        letters += words[value]
    return BallotEntry(serial, letters)


def void_reason(entry_: BallotEntry) -> str | None:
    """Why the ballot is 作废 when the answers made it so (a 表决 ballot with two boxes marked)."""
    return INVALID_MOTION if entry_.void else None
