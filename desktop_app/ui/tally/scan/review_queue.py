"""The 待核 questions of a session in order, and the scrutineers' answers kept until a ballot is complete.

Plain Python (no Qt): the dialog asks it what to show next and when a ballot's answers can be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ....domain.scan_review import describe, layout_rows, row_words

ABSTAIN = "弃权"


@dataclass
class PendingBallot:
    """One pending scanned ballot: its row (db.scans.pending), its vote item, and the questions to answer."""

    scanned: dict
    item: dict
    questions: list = field(default_factory=list)   # domain.scan_review.Question, in ballot order

    @property
    def id(self) -> int:
        return self.scanned["id"]

    @property
    def serial(self) -> int:
        return self.scanned["serial"]

    def title(self) -> str:
        return f"事项{self.item['code']}（{self.item['name']}）第 {self.serial:03d} 号"

    def choices(self, question) -> list[str]:
        """The words a row question can be answered with: the row's boxes, then 弃权."""
        words = list(row_words(question, layout_rows(self.scanned["layout"])))
        return words + ([ABSTAIN] if ABSTAIN not in words else [])


def question_label(question) -> str:
    """What the question is about, as a clerk reads it on the ballot: 张建国、新建农贸市场（满意）、
    新建农贸市场（整行）、另选人姓名栏 1."""
    if question.kind == "row":
        return f"{question.option}（整行）"
    return describe(question)


@dataclass
class Row:
    ballot: PendingBallot
    question: object


class ReviewQueue:
    """Every question of the pending ballots; ``current`` is the row shown."""

    def __init__(self) -> None:
        self.ballots: list[PendingBallot] = []
        self.rows: list[Row] = []
        self.answers: dict[int, dict[str, str]] = {}
        self.current = 0

    def load(self, ballots: list[PendingBallot]) -> None:
        """Take the pending ballots afresh; answers of ballots still pending are kept, others forgotten."""
        keep = self.rows[self.current].ballot.id if self.rows and self.current < len(self.rows) else None
        self.ballots = [b for b in ballots if b.questions]
        self.rows = [Row(b, q) for b in self.ballots for q in b.questions]
        ids = {b.id for b in self.ballots}
        self.answers = {bid: a for bid, a in self.answers.items() if bid in ids}
        same = [i for i, r in enumerate(self.rows) if r.ballot.id == keep]
        self.current = self._first_open(same) if same else self._first_open(range(len(self.rows)))

    def _first_open(self, indexes) -> int:
        indexes = list(indexes)
        for i in indexes:
            if self.answer_of(i) is None:
                return i
        return indexes[0] if indexes else 0

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, index: int | None = None) -> Row | None:
        index = self.current if index is None else index
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def answer_of(self, index: int) -> str | None:
        row = self.rows[index]
        return self.answers.get(row.ballot.id, {}).get(row.question.key)

    def answer(self, value: str) -> PendingBallot | None:
        """Record ``value`` for the current question; the ballot when all its questions are answered."""
        row = self.row()
        if row is None:
            return None
        self.answers.setdefault(row.ballot.id, {})[row.question.key] = value
        if self.complete(row.ballot):
            return row.ballot
        same = [i for i, r in enumerate(self.rows) if r.ballot is row.ballot]
        after = [i for i in same if i > self.current] + [i for i in same if i < self.current]
        self.current = self._first_open(after)
        return None

    def complete(self, ballot: PendingBallot) -> bool:
        given = self.answers.get(ballot.id, {})
        return all(q.key in given for q in ballot.questions)

    def back(self) -> bool:
        """Back to the previous question of the current ballot, taking back its answer (False at its first)."""
        row = self.row()
        if row is None:
            return False
        earlier = [i for i, r in enumerate(self.rows) if r.ballot is row.ballot and i < self.current]
        if not earlier:
            return False
        self.current = earlier[-1]
        self.answers.get(row.ballot.id, {}).pop(self.rows[self.current].question.key, None)
        return True

    def go(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.current = index
