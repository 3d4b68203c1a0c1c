"""The roster table model: rows of one ``list_deputies`` query, ID numbers and phones masked per the setting."""

from __future__ import annotations

from ...domain.roster import LEVELS, SERVING, mask_birth_date, mask_id_number, mask_phone
from ..widgets.table_model import Column, RowTableModel

_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


def _work(row: dict) -> str:
    # Written together as on county forms: 示范镇人民政府镇长.
    return (row.get("work_unit") or "") + (row.get("post") or "")


def _status(row: dict) -> str:
    status = row.get("status") or SERVING
    if status == SERVING:
        return status
    date = row.get("status_date")
    return f"{status}（{date}）" if date else status


def _groups(row: dict) -> tuple:
    names = row.get("group_names") or ""
    return tuple(names.split("、")) if names else ("",)


class RosterModel(RowTableModel):
    """Deputies; ``mask`` hides the middle of ID numbers and phones (setting ``mask_personal_data``)."""

    def __init__(self, mask: bool = True, parent=None) -> None:
        self.mask = mask
        super().__init__(self._columns(), parent)

    def _columns(self) -> list[Column]:
        return [
            Column("name", "姓名", 90, sort_key=lambda r: (r.get("name_initials") or "", r.get("name") or "")),
            Column("gender", "性别", 46),
            Column("ethnicity", "民族", 64),
            Column("birth_date", "出生日期", 96, text=self._birth_text, sort_key=lambda r: r.get("birth_date") or ""),
            Column("id_number", "公民身份号码", 170, text=self._id_text),
            Column("party", "政治面貌", 90),
            Column("education", "学历", 80),
            Column("work", "工作单位及职务", 220, text=_work),
            Column("occupation", "职业类别", 100),
            Column("phone", "联系电话", 110, text=self._phone_text),
            Column("district_name", "选区", 150),
            Column("level", "层级", 46, sort_key=lambda r: _LEVEL_RANK.get(r.get("level"), 9)),
            Column("group_names", "代表小组", 160, filter_values=_groups),
            Column("reelected", "连任", 46, text=lambda r: "是" if r.get("reelected") else ""),
            Column("status", "状态", 120, text=_status, filter_values=lambda r: (r.get("status") or SERVING,)),
            Column("term_name", "届次", 70),
            Column("address", "住址", 160),
            Column("notes", "备注", 160),
        ]

    def _id_text(self, row: dict) -> str:
        value = row.get("id_number") or ""
        if not self.mask or not value:
            return value
        # Stored numbers are already normalised: the common 18-character case needs no clean-up.
        return "*" * 14 + value[-4:] if len(value) == 18 else mask_id_number(value)

    def _birth_text(self, row: dict) -> str:
        value = row.get("birth_date") or ""
        # Beside a masked ID number the year alone: the date would give back the hidden digits.
        return mask_birth_date(value) if self.mask and value else value

    def _phone_text(self, row: dict) -> str:
        value = row.get("phone") or ""
        if not self.mask or not value:
            return value
        return value[:3] + "****" + value[-4:] if len(value) == 11 and value.isdigit() else mask_phone(value)

    def set_mask(self, mask: bool) -> None:
        if mask != self.mask:
            self.mask = mask
            self.refresh_display()

    def row_is_muted(self, row: dict) -> bool:
        return (row.get("status") or SERVING) != SERVING

    def extra_search_text(self, row: dict) -> str:
        # Pinyin initials make "zs" find 张三; they are stored with the deputy, never computed here.
        return row.get("name_initials") or ""
