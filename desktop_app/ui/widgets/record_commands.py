"""The one family of undo commands: add / edit / delete / set-links of one kind of record, described once by a
:class:`RecordKind` whose writes are ``ops`` functions (or, for pages not yet moved to ops, db store functions).

Deputies, activities, suggestions, groups, stations, districts and the archive records all soft-delete and
restore, and their ``update`` returns the old values of what changed (or a Changes whose value they are), so
one set of commands serves them all. An undo or redo checks first that the record still looks as this step
left it: a record changed elsewhere in between (another page, the command line) is not overwritten — the
clerk gets "…已在别处被修改，无法撤销这一步；数据未作改动。" and the database stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ...errors import UserError
from ...ops.changes import Changes
from ...ops.guard import expect, replay
from ..context import AppContext
from .undo import DataCommand


def old_values(result: Any) -> dict:
    """What an update returned: the old values of what changed (an ops Changes carries them as its value)."""
    return (result.value if isinstance(result, Changes) else result) or {}


@dataclass(frozen=True)
class RecordKind:
    """How to reach one kind of record through its db module (every callable takes ``db`` first)."""

    table: str                                   # the name sent with events.changed
    noun: str                                    # 代表小组, 选区… (in the undo text and messages)
    get: Callable[[Any, int], dict]
    update: Callable[[Any, int, dict], dict]     # returns the old values of what changed
    delete: Callable[[Any, int], object] | None = None    # soft delete (AddRecord, DeleteRecords need both)
    restore: Callable[[Any, int], object] | None = None
    label: Callable[[dict], str] = lambda row: row.get("name") or ""
    unit: str = "条"                             # 删除代表 张三 等 3 名


def _label(rows: list[dict], kind: RecordKind) -> str:
    first = kind.label(rows[0]) if rows else ""
    return first if len(rows) == 1 else f"{first} 等 {len(rows)} {kind.unit}"


class RecordCommand(DataCommand):
    def __init__(self, ctx: AppContext, kind: RecordKind, text: str) -> None:
        super().__init__(ctx, text)
        self.kind = kind
        self.table = kind.table

    def expect(self, record_id: int, values: dict, step: str) -> None:
        """Refuse (UserError) when the record no longer holds ``values``: it was changed elsewhere."""
        current = self.kind.get(self.ctx.db, record_id)
        expect(current, values, self.kind.noun, self.kind.label(current), step)


class AddRecord(RecordCommand):
    """Undo hides the new record (soft delete); redo brings the same row back."""

    def __init__(self, ctx: AppContext, kind: RecordKind, record_id: int, label: str) -> None:
        super().__init__(ctx, kind, f"新增{kind.noun} {label}")
        self.record_id = record_id

    @classmethod
    def run(cls, ctx: AppContext, kind: RecordKind, create: Callable[[], Any], label: str | None = None) -> "AddRecord":
        """``create`` adds the record and returns its id (or an ops Changes whose value is the id)."""
        record_id = create()
        if isinstance(record_id, Changes):
            record_id = record_id.value
        if label is None:
            label = kind.label(kind.get(ctx.db, record_id))
        return cls(ctx, kind, record_id, label).push()

    def apply(self) -> None:
        self.kind.restore(self.ctx.db, self.record_id)

    def revert(self) -> None:
        self.kind.delete(self.ctx.db, self.record_id)


class EditRecord(RecordCommand):
    def __init__(self, ctx: AppContext, kind: RecordKind, record_id: int, old: dict, new: dict, label: str) -> None:
        super().__init__(ctx, kind, f"修改{kind.noun} {label}")
        self.record_id, self.old, self.new = record_id, old, new

    @classmethod
    def run(cls, ctx: AppContext, kind: RecordKind, record_id: int, values: dict) -> "EditRecord | None":
        """None when nothing changed (no empty step on the undo stack)."""
        old = old_values(kind.update(ctx.db, record_id, values))
        if not old:
            return None
        current = kind.get(ctx.db, record_id)
        new = {key: current[key] for key in old}
        return cls(ctx, kind, record_id, old, new, kind.label(current)).push()

    def apply(self) -> None:
        self.expect(self.record_id, self.old, "重做")
        self.kind.update(self.ctx.db, self.record_id, self.new)

    def revert(self) -> None:
        self.expect(self.record_id, self.new, "撤销")
        self.kind.update(self.ctx.db, self.record_id, self.old)


class DeleteRecords(RecordCommand):
    """Soft delete: the rows stay and undo restores them."""

    def __init__(self, ctx: AppContext, kind: RecordKind, record_ids: list[int], label: str) -> None:
        super().__init__(ctx, kind, f"删除{kind.noun} {label}")
        self.record_ids = record_ids

    @classmethod
    def run(cls, ctx: AppContext, kind: RecordKind, rows: Iterable[dict]) -> "DeleteRecords":
        rows = list(rows)
        ids = [row["id"] for row in rows]

        def delete_all() -> None:
            for record_id in ids:
                kind.delete(ctx.db, record_id)

        replay(ctx.db, delete_all)
        return cls(ctx, kind, ids, _label(rows, kind)).push()

    def apply(self) -> None:
        for record_id in self.record_ids:
            self.kind.delete(self.ctx.db, record_id)

    def revert(self) -> None:
        for record_id in self.record_ids:
            self.kind.restore(self.ctx.db, record_id)


@dataclass(frozen=True)
class LinkKind:
    """A set of ids hanging on a record (a group's members, the groups a station serves)."""

    table: str
    text: str                                      # 设置成员
    current: Callable[[Any, int], list[int]]
    set: Callable[[Any, int, list[int]], list[int]]  # returns the ids before
    # Other fields of the record the change may alter (a group loses a convener who is no longer a member).
    state: Callable[[Any, int], dict] = lambda db, record_id: {}
    put_state: Callable[[Any, int, dict], object] = lambda db, record_id, state: None


class SetLinks(DataCommand):
    """Replace the linked ids; undo puts the earlier ones back (unless they were changed elsewhere since)."""

    def __init__(self, ctx: AppContext, links: LinkKind, record_id: int, old: list[int], new: list[int],
                 label: str, states: tuple[dict, dict] = ({}, {})) -> None:
        super().__init__(ctx, f"{links.text} {label}")
        self.table = links.table
        self.links, self.record_id, self.old, self.new = links, record_id, sorted(old), sorted(new)
        self.state_before, self.state_after = states

    @classmethod
    def run(cls, ctx: AppContext, links: LinkKind, record_id: int, ids: Iterable[int],
            label: str) -> "SetLinks | None":
        """None when the set did not change."""
        def set_links() -> tuple:
            before = links.state(ctx.db, record_id)
            old = links.set(ctx.db, record_id, list(ids))
            return before, old, links.current(ctx.db, record_id), links.state(ctx.db, record_id)

        before, old, new, after = replay(ctx.db, set_links)
        if sorted(old) == sorted(new):
            return None
        return cls(ctx, links, record_id, old, new, label, (before, after)).push()

    def _expect(self, ids: list[int], step: str) -> None:
        if sorted(self.links.current(self.ctx.db, self.record_id)) != ids:
            raise UserError(f"“{self.text()}”涉及的名单已在别处被修改，无法{step}这一步；数据未作改动。")

    def apply(self) -> None:
        self._expect(self.old, "重做")
        self.links.set(self.ctx.db, self.record_id, self.new)
        self.links.put_state(self.ctx.db, self.record_id, self.state_after)

    def revert(self) -> None:
        self._expect(self.new, "撤销")
        self.links.set(self.ctx.db, self.record_id, self.old)
        self.links.put_state(self.ctx.db, self.record_id, self.state_before)
