"""The workbook layouts of the county exchange package (docs/exchange-layout.md): files, sheets, columns.

Every table is one sheet whose first row holds the Chinese headers below, one column per key, in this
order. Readers match columns by header text, so a county tool may reorder them; a missing column is an
error naming the file, sheet and header.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"      # text / int / float
    width: int = 14


@dataclass(frozen=True)
class TableLayout:
    name: str               # key of Package.tables
    part: str               # the export part that carries it
    file: str               # path inside the zip
    sheet: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


C = Column

# The parts a package may hold, in export order, with their Chinese names.
PARTS: dict[str, str] = {
    "roster": "代表名册、小组与联络站",
    "activities": "活动登记",
    "suggestions": "意见建议",
    "sessions": "人代会表决结果",
    "scores": "履职积分",
}
ALL_PARTS: tuple[str, ...] = tuple(PARTS)

UID = C("uid", "记录编号", width=34)

TABLES: tuple[TableLayout, ...] = (
    TableLayout("deputies", "roster", "data/代表名册.xlsx", "代表", (
        UID,
        C("id_key", "身份证号摘要", width=66),
        C("name", "姓名", width=10), C("gender", "性别", width=6), C("ethnicity", "民族", width=8),
        C("birth_date", "出生日期", width=12), C("id_number", "公民身份号码", width=22),
        C("party", "政治面貌"), C("education", "学历", width=10), C("work_unit", "工作单位", width=24),
        C("post", "职务"), C("occupation", "代表构成", width=10), C("phone", "联系电话"),
        C("address", "住址", width=24), C("level", "代表层级", width=8), C("term", "届次", width=10),
        C("district", "选区", width=24), C("first_elected", "首次当选日期", width=12),
        C("reelected", "是否连任", width=8), C("status", "状态", width=8), C("status_date", "状态日期", width=12),
        C("status_reason", "状态原因", width=20), C("notes", "备注", width=20),
    )),
    TableLayout("groups", "roster", "data/代表名册.xlsx", "代表小组", (
        UID,
        C("name", "名称", width=24), C("kind", "类型", width=12), C("term", "届次", width=10),
        C("district", "选区", width=24), C("convener_uid", "召集人记录编号", width=34),
        C("convener", "召集人", width=10), C("member_uids", "成员记录编号", width=40),
        C("members", "成员", width=40), C("notes", "备注", width=20),
    )),
    TableLayout("stations", "roster", "data/代表名册.xlsx", "联络站", (
        UID,
        C("name", "名称", width=24), C("kind", "类型", width=10), C("parent_uid", "上级记录编号", width=34),
        C("parent", "上级", width=24), C("address", "地址", width=24), C("open_days", "开放时间", width=16),
        C("contact", "联系人", width=10), C("phone", "联系电话"), C("group_uids", "所联系小组记录编号", width=40),
        C("groups", "所联系小组", width=30), C("notes", "备注", width=20),
    )),
    TableLayout("activities", "activities", "data/活动登记.xlsx", "活动", (
        UID,
        C("date", "日期", width=12), C("start_time", "开始时间", width=8), C("end_time", "结束时间", width=8),
        C("type", "活动类型", width=16), C("theme", "主题", width=30), C("place", "地点", width=20),
        C("station_uid", "联络站记录编号", width=34), C("station", "联络站", width=20),
        C("group_uid", "代表小组记录编号", width=34), C("group", "代表小组", width=20),
        C("content", "内容", width=30), C("organiser", "组织者", width=12),
        C("invited_officials", "邀请人员", width=16), C("outcome", "成效", width=20),
        C("problems_solved", "解决问题数", "int", 8), C("present", "出席人数", "int", 8),
        C("leave", "请假人数", "int", 8), C("absent", "缺席人数", "int", 8),
    )),
    TableLayout("activity_attendance", "activities", "data/活动登记.xlsx", "出席情况", (
        C("uid", "记录编号", width=68),
        C("activity_uid", "活动记录编号", width=34), C("deputy_uid", "代表记录编号", width=34),
        C("deputy_id_key", "代表身份证号摘要", width=66), C("deputy", "代表", width=10),
        C("status", "出席情况", width=8), C("reason", "原因", width=20),
    )),
    TableLayout("suggestions", "suggestions", "data/意见建议.xlsx", "意见建议", (
        UID,
        C("date", "收集日期", width=12), C("title", "标题", width=30), C("content", "内容", width=40),
        C("source", "来源", width=10), C("field", "领域", width=10), C("location", "地点", width=16),
        C("level", "办理层级", width=16), C("state", "状态", width=8), C("main_unit", "主办单位", width=16),
        C("co_units", "协办单位", width=20), C("deadline", "当前期限", width=12),
        C("handling_deadline", "办理期限", width=12), C("classified_at", "分类日期", width=12),
        C("assigned_at", "交办日期", width=12), C("replied_at", "答复日期", width=12),
        C("reply_text", "答复内容", width=30), C("result_class", "办理结果类别", width=8),
        C("evaluation", "评价", width=8), C("evaluated_at", "评价日期", width=12),
        C("reopen_count", "重新办理次数", "int", 8), C("voter_name", "选民姓名", width=10),
        C("voter_contact", "选民联系方式", width=14), C("activity_uid", "所属活动记录编号", width=34),
        C("submitter_uids", "提出代表记录编号", width=40), C("submitter_id_keys", "提出代表身份证号摘要", width=40),
        C("submitters", "提出代表", width=20), C("lead_uid", "领衔代表记录编号", width=34),
    )),
    TableLayout("suggestion_events", "suggestions", "data/意见建议.xlsx", "办理过程", (
        UID,
        C("suggestion_uid", "意见建议记录编号", width=34), C("date", "日期", width=12),
        C("action", "环节", width=10), C("from_state", "原状态", width=8), C("to_state", "新状态", width=8),
        C("unit", "单位", width=16), C("note", "说明", width=30), C("recorded_at", "录入时间", width=20),
    )),
    TableLayout("session_results", "sessions", "data/人代会表决结果.xlsx", "表决结果", (
        C("uid", "记录编号", width=40),
        C("session_uid", "会议记录编号", width=34), C("session", "会议", width=30),
        C("session_date", "会议日期", width=12), C("item_uid", "事项记录编号", width=34),
        C("code", "事项编号", width=8), C("item", "事项", width=30), C("kind", "类型", width=8),
        C("seats", "应选人数", "int", 8), C("total_deputies", "全体代表人数", "int", 8),
        C("issued", "发出票数", "int", 8), C("returned", "收回票数", "int", 8),
        C("valid_ballots", "有效票", "int", 8), C("invalid_ballots", "无效票", "int", 8),
        C("position", "序号", "int", 6), C("name", "候选人或项目", width=20), C("write_in", "另选他人", width=8),
        C("agree", "赞成或得票", "int", 8), C("oppose", "反对", "int", 8), C("abstain", "弃权", "int", 8),
        C("outcome", "结果", width=10), C("certified_at", "确认时间", width=20),
    )),
    TableLayout("scores", "scores", "data/履职积分.xlsx", "履职积分", (
        C("uid", "记录编号", width=40),
        C("year", "年度", "int", 6), C("deputy_uid", "代表记录编号", width=34),
        C("deputy_id_key", "代表身份证号摘要", width=66), C("name", "姓名", width=10),
        C("group_names", "所属小组", width=24), C("computed", "计算得分", "float", 10),
        C("adjusted", "加减分", "float", 8), C("total", "总分", "float", 8), C("grade", "等次", width=10),
        C("rank", "名次", "int", 6),
    )),
)

BY_NAME: dict[str, TableLayout] = {t.name: t for t in TABLES}


def tables_of(part: str) -> list[TableLayout]:
    return [t for t in TABLES if t.part == part]


def files_of(parts) -> list[str]:
    """The workbook paths the given parts produce, in order, without repeats."""
    seen: list[str] = []
    for table in TABLES:
        if table.part in parts and table.file not in seen:
            seen.append(table.file)
    return seen
