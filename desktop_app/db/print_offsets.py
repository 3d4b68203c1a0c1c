"""Print offsets per printer and certificate template (settings key ``print_offsets``) and the chosen printer.

Every printer feeds paper a little differently, so the clerk measures a calibration page once per printer
and template and the certificates are shifted by that many millimetres. The value is stored as
``{"printer name": {"template name": {"x": 1.5, "y": -0.5}}}``.
"""

from __future__ import annotations

import copy
import math

import sqlite_utils

from ..errors import InputError
from . import settings
from . import transaction
from .writes import writes

KEY = "print_offsets"
PRINTER_KEY = "print_printer"
DEFAULT_PRINTER = "默认打印机"
ELECTION_TEMPLATE = "certificate_election"
# The single offset the tally page saved before offsets were per printer; still honoured for 当选证书.
LEGACY_KEY = "certificate_offset_mm"
LIMIT_MM = 50.0


def _all(db: sqlite_utils.Database) -> dict:
    value = settings.get(db, KEY)
    # a copy: settings.get may hand out the shared DEFAULTS object, which must never be changed
    return copy.deepcopy(value) if isinstance(value, dict) else {}


def _printer_name(printer: str | None) -> str:
    return str(printer or "").strip() or DEFAULT_PRINTER


def _pair(entry) -> tuple[float, float] | None:
    try:
        return float(entry.get("x", 0)), float(entry.get("y", 0))
    except (AttributeError, TypeError, ValueError):
        return None


def get_offset(db: sqlite_utils.Database, printer: str | None, template: str) -> tuple[float, float]:
    """(x, y) millimetres saved for this printer and template; (0, 0) until calibrated."""
    entry = _all(db).get(_printer_name(printer), {}).get(template)
    found = _pair(entry) if entry is not None else None
    if found is not None:
        return found
    if template == ELECTION_TEMPLATE:
        legacy = _pair(settings.get(db, LEGACY_KEY) or {})
        if legacy is not None:
            return legacy
    return 0.0, 0.0


def _checked(value, label: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{label}应为数字（毫米），例如 1.5 或 -2。") from None
    if not math.isfinite(number) or abs(number) > LIMIT_MM:
        raise InputError(f"{label}应在 -{LIMIT_MM:g} 到 {LIMIT_MM:g} 毫米之间；偏差更大时请检查打印机的纸张设置。")
    return round(number, 1)


@writes
def set_offset(db: sqlite_utils.Database, printer: str | None, template: str, x_mm, y_mm) -> tuple[float, float]:
    """Save the offset of one printer and template (rounded to 0.1 mm); returns what was saved."""
    x, y = _checked(x_mm, "左右偏移"), _checked(y_mm, "上下偏移")
    if not str(template or "").strip():
        raise InputError("请选择要校准的证书模板。")
    with transaction.write(db):
        value = _all(db)
        value.setdefault(_printer_name(printer), {})[template] = {"x": x, "y": y}
        settings.put(db, KEY, value)
    return x, y


def list_offsets(db: sqlite_utils.Database) -> list[dict]:
    """Every saved offset as rows {printer, template, x, y}, sorted by printer then template."""
    rows = []
    for printer, templates in sorted(_all(db).items()):
        for template, entry in sorted((templates or {}).items()):
            pair = _pair(entry)
            if pair is not None:
                rows.append({"printer": printer, "template": template, "x": pair[0], "y": pair[1]})
    return rows


def current_printer(db: sqlite_utils.Database) -> str:
    """The printer chosen in 设置 → 打印校准 (默认打印机 until one is chosen)."""
    return _printer_name(settings.get(db, PRINTER_KEY))


@writes
def set_current_printer(db: sqlite_utils.Database, printer: str | None) -> None:
    settings.put(db, PRINTER_KEY, _printer_name(printer))


def current_offset(db: sqlite_utils.Database, template: str) -> tuple[float, float]:
    """The offset of the chosen printer for a template (what the print buttons use)."""
    return get_offset(db, current_printer(db), template)
