"""Offer to create the first 届次 where one is needed (新增代表, 导入名册), instead of storing term-less deputies."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from ...db import terms as terms_db
from ...errors import UserError
from ...ops import terms as terms_ops
from ..context import AppContext
from ..widgets.messages import show_error


def ensure_term(parent: QWidget, ctx: AppContext, action: str, *, suggested: str | None = None) -> bool:
    """True when a 届次 exists, or the clerk just created one (named ``suggested`` by default)."""
    if terms_db.list_terms(ctx.db):
        return True
    where = f"（名册标题写的是“{suggested}”）" if suggested else ""
    name, ok = QInputDialog.getText(
        parent, "新建届次",
        f"{action}之前需要先有届次：代表属于某一届，没有届次的代表不会出现在签到表和全体代表人数中。\n"
        f"现在新建届次并设为当前届次吗？{where}\n届次名称（例如 第十九届）：",
        text=suggested or "")
    if not ok or not name.strip():
        return False
    try:
        changes = terms_ops.create_term(ctx.db, name)
    except UserError as err:
        show_error(parent, err, "无法新建届次")
        return False
    ctx.announce(changes)
    return True
