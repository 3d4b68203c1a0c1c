"""补登届次: the deputies stored without a 届次 (missing from sign-in and 全体代表人数), assigned to the term confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QWidget

from ...db import deputies as deputies_db
from ...db import terms as terms_db
from ...ops import deputies as deputies_ops
from ..context import AppContext
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.screen_fit import fit_to_screen


class TermRepairDialog(RecordDialog):
    """Lists term-less deputies (all ticked) and a 届次 (default: the current one); 保存 assigns them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("补登届次", parent)
        self.ctx = ctx
        self.changes = None
        fit_to_screen(self, 520, 480)
        rows = deputies_db.termless_deputies(ctx.db)
        self.note = QLabel(
            f"以下 {len(rows)} 名代表录入时还没有届次，因此不在签到表和全体代表人数中。"
            "请确认他们所属的届次（默认当前届次），取消勾选不补登的代表。" if rows else
            "所有代表都已归入届次，无需补登。")
        self.note.setWordWrap(True)
        self.form.add_field("note", "", self.note, span=True)
        self.deputy_list = self.form.add_field("deputies", "代表", QListWidget(), span=True)
        for row in rows:
            detail = "　".join(v for v in (row.get("district_name"), row.get("status")) if v)
            item = QListWidgetItem(f"{row['name']}　{detail}".strip())
            item.setData(Qt.UserRole, row["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.deputy_list.addItem(item)
        self.term_combo = self.form.add_field("term", "归入届次", QComboBox())
        current = terms_db.current_term(ctx.db)
        for term in terms_db.list_terms(ctx.db):
            label = f"{term['name']}（当前届次）" if current and term["id"] == current["id"] else term["name"]
            self.term_combo.addItem(label, term["id"])
        if current:
            self.term_combo.setCurrentIndex(self.term_combo.findData(current["id"]))
        save_button = self.buttons.button(QDialogButtonBox.Save)
        save_button.setText("补登")
        save_button.setEnabled(bool(rows))

    def checked_ids(self) -> list[int]:
        items = (self.deputy_list.item(i) for i in range(self.deputy_list.count()))
        return [item.data(Qt.UserRole) for item in items if item.checkState() == Qt.Checked]

    def save(self) -> None:
        ids = self.checked_ids()
        term_id = self.term_combo.currentData()
        problems = {}
        if not ids:
            problems["deputies"] = "请至少勾选一名代表"
        if term_id is None:
            problems["term"] = "还没有届次，请先到“届次与选区”新建届次"
        if problems:
            raise FormErrors(problems)
        self.changes = deputies_ops.assign_term(self.ctx.db, ids, term_id)
        self.ctx.announce(self.changes)
