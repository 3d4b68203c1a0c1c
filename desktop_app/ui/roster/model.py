"""The roster table model: rows of one ``list_deputies`` query, ID numbers and phones masked per the setting."""

from __future__ import annotations

from ...domain.roster import LEVELS, SERVING, mask_birth_date, mask_id_number, mask_phone
from ..widgets.table_model import Column, RowTableModel

_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


def _work(values) -> list[str]:
    # Written together as on county forms: 示范镇人民政府镇长.
    return [(unit or "") + (post or "") for unit, post in zip(values("work_unit"), values("post"))]


def _status(values) -> list[str]:
    # 在任 alone; a former deputy's status with its date: 辞职（2024-03-01）.
    return [SERVING if not status or status == SERVING else (f"{status}（{date}）" if date else status)
            for status, date in zip(values("status"), values("status_date"))]


def _status_filter(values) -> list[tuple]:
    statuses = values("status")
    # A few statuses among 20,000 deputies: one tuple each, shared.
    of = {status: (status or SERVING,) for status in set(statuses)}
    return [of[status] for status in statuses]


def _groups(values) -> list[tuple]:
    names = values("group_names")
    of = {text: tuple(text.split("、")) if text else ("",) for text in set(names)}
    return [of[text] for text in names]


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
            Column("birth_date", "出生日期", 96, format=self._birth_text, sort_key=lambda r: r.get("birth_date") or ""),
            Column("id_number", "公民身份号码", 170, format=self._id_text),
            Column("party", "政治面貌", 90),
            Column("education", "学历", 80),
            Column("work", "工作单位及职务", 220, column_text=_work),
            Column("occupation", "职业类别", 100),
            Column("phone", "联系电话", 110, format=self._phone_text),
            Column("district_name", "选区", 150),
            Column("level", "层级", 46, sort_key=lambda r: _LEVEL_RANK.get(r.get("level"), 9)),
            Column("group_names", "代表小组", 160, column_filter_values=_groups),
            Column("reelected", "连任", 46, format=lambda value: "是" if value else ""),
            Column("status", "状态", 120, column_text=_status, column_filter_values=_status_filter),
            Column("term_name", "届次", 70),
            Column("address", "住址", 160),
            Column("notes", "备注", 160),
        ]

    def _id_text(self, value) -> str:
        value = value or ""
        if not self.mask or not value:
            return value
        # Stored numbers are already normalised: the common 18-character case needs no clean-up.
        return "*" * 14 + value[-4:] if len(value) == 18 else mask_id_number(value)

    def _birth_text(self, value) -> str:
        value = value or ""
        # Beside a masked ID number the year alone: the date would give back the hidden digits.
        return mask_birth_date(value) if self.mask and value else value

    def _phone_text(self, value) -> str:
        value = value or ""
        if not self.mask or not value:
            return value
        return value[:3] + "****" + value[-4:] if len(value) == 11 and value.isdigit() else mask_phone(value)

    def set_mask(self, mask: bool) -> None:
        if mask != self.mask:
            self.mask = mask
            self.refresh_display()

    def row_is_muted(self, row: dict) -> bool:
        return (row.get("status") or SERVING) != SERVING

    def muted_rows(self) -> list[bool]:
        return [(status or SERVING) != SERVING for status in self.values_at("status")]

    def extra_search_text(self, row: dict) -> str:
        # Pinyin initials make "zs" find 张三; they are stored with the deputy, never computed here.
        return row.get("name_initials") or ""

    def extra_search_texts(self) -> list[str]:
        return [initials or "" for initials in self.values_at("name_initials")]
