"""打印校准: the printer certificates are printed on, and the offset measured for each printer and template."""

from __future__ import annotations

import sqlite_utils

from ..db import audit
from ..db import print_offsets as store
from ..db import transaction
from .changes import Area, Changes


def choose_printer(db: sqlite_utils.Database, printer: str | None) -> Changes:
    """The printer whose offsets the print buttons use (默认打印机 when none is named)."""
    with transaction.write(db):
        store.set_current_printer(db, printer)
    return Changes(Area.SETTINGS, (), "", store.current_printer(db))


def save_offset(db: sqlite_utils.Database, printer: str | None, template: str, x_mm, y_mm) -> Changes:
    """Save one printer's offset for one template (0.1 mm); InputError names the field, nothing saved.

    ``value`` is the (x, y) saved, in millimetres right and down.
    """
    with transaction.write(db):
        x, y = store.set_offset(db, printer, template, x_mm, y_mm)
        audit.append(db, "保存打印偏移", entity="settings",
                     detail={"打印机": printer or store.DEFAULT_PRINTER, "模板": template, "向右": x, "向下": y})
    return Changes(Area.SETTINGS, (), f"已保存：向右 {x:g} 毫米、向下 {y:g} 毫米。", (x, y))
