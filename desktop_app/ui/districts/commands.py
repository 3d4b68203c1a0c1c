"""Undoable 届次 and 选区 actions over ``ops``. Districts use the shared record commands; a term is deleted for
real (only when unused), and which term is 当前 is put back exactly as it was by every undo."""

from __future__ import annotations

from ...db import districts as districts_db
from ...db import terms as terms_db
from ...ops import districts as districts_ops
from ...ops import terms as terms_ops
from ..context import AppContext
from ..widgets.record_commands import EditRecord, RecordCommand, RecordKind
from ..widgets.undo import DataCommand

DISTRICT = RecordKind(
    table="districts", noun="选区", get=districts_db.get_district,
    update=lambda db, district_id, values: districts_ops.edit(db, district_id, values),
    delete=lambda db, district_id: districts_ops.delete(db, [district_id]),
    restore=lambda db, district_id: districts_ops.restore(db, [district_id]))

TERM = RecordKind(
    table="terms", noun="届次", get=terms_db.get_term,
    update=lambda db, term_id, values: terms_ops.edit(db, term_id, values))
# Terms have no soft delete: a deleted term comes back from its saved row (AddTerm, DeleteTerm).


class _CurrentFlag:
    """Remembers which term was marked 当前 before and after a step, to put it back on undo and redo."""

    flag_before: int | None = None
    flag_after: int | None = None

    def put_flag(self, term_id: int | None) -> None:
        terms_ops.flag(self.ctx.db, term_id)


class AddTerm(_CurrentFlag, DataCommand):
    table = "terms"

    def __init__(self, ctx: AppContext, row: dict, flags: tuple) -> None:
        super().__init__(ctx, f"新建届次 {row['name']}")
        self.row = row
        self.flag_before, self.flag_after = flags

    @classmethod
    def run(cls, ctx: AppContext, values: dict) -> "AddTerm":
        done = terms_ops.add(ctx.db, values).value
        return cls(ctx, done["row"], done["flags"]).push()

    def apply(self) -> None:
        terms_ops.restore(self.ctx.db, self.row)
        self.put_flag(self.flag_after)

    def revert(self) -> None:
        terms_ops.delete(self.ctx.db, self.row["id"])
        self.put_flag(self.flag_before)


class DeleteTerm(AddTerm):
    """The mirror of AddTerm: done = deleted, undone = restored with its 当前 mark."""

    def __init__(self, ctx: AppContext, row: dict, flags: tuple) -> None:
        super().__init__(ctx, row, flags)
        self.setText(f"删除届次 {row['name']}")

    @classmethod
    def run(cls, ctx: AppContext, term_id: int) -> "DeleteTerm":
        done = terms_ops.delete(ctx.db, term_id).value
        before, after = done["flags"]
        # Mirrored: AddTerm's "after" (restored) is the state before this delete.
        return cls(ctx, done["row"], (after, before)).push()

    apply, revert = AddTerm.revert, AddTerm.apply


class EditTerm(_CurrentFlag, EditRecord):
    """Field changes of a term; making it 当前 unmarks another, which undo marks again."""

    @classmethod
    def run(cls, ctx: AppContext, term_id: int, values: dict) -> "EditTerm | None":
        before = terms_db.flagged_term_id(ctx.db)
        command = super().run(ctx, TERM, term_id, values)
        if command is not None:
            command.flag_before, command.flag_after = before, terms_db.flagged_term_id(ctx.db)
        return command

    def _fields(self, values: dict) -> dict:
        return {k: v for k, v in values.items() if k != "is_current"}

    def apply(self) -> None:
        self.expect(self.record_id, self._fields(self.old), "重做")
        self.kind.update(self.ctx.db, self.record_id, self._fields(self.new))
        self.put_flag(self.flag_after)

    def revert(self) -> None:
        self.expect(self.record_id, self._fields(self.new), "撤销")
        self.kind.update(self.ctx.db, self.record_id, self._fields(self.old))
        self.put_flag(self.flag_before)


class SetCurrentTerm(_CurrentFlag, RecordCommand):
    def __init__(self, ctx: AppContext, name: str, flags: tuple) -> None:
        super().__init__(ctx, TERM, f"设为当前届次 {name}")
        self.flag_before, self.flag_after = flags

    @classmethod
    def run(cls, ctx: AppContext, term: dict) -> "SetCurrentTerm | None":
        changes = terms_ops.set_current(ctx.db, term["id"])
        if not changes.areas:
            return None
        return cls(ctx, term["name"], (changes.value, term["id"])).push()

    def apply(self) -> None:
        self.put_flag(self.flag_after)

    def revert(self) -> None:
        self.put_flag(self.flag_before)
