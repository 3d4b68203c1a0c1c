"""Field rules in the domain: each record's values tidied, and each refusal a Chinese sentence naming the field."""

import datetime as dt

import pytest

from desktop_app.domain import activities, archive_records, ballot_entries, fields, organisation, sessions, suggestions
from desktop_app.domain.ballots import ItemSpec
from desktop_app.domain.fields import FieldError
from desktop_app.domain.scoring import year_number

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("rule, values, message", [
    (organisation.clean_term, {"name": " "}, "届次名称不能为空"),
    (organisation.clean_term, {"number": "十九"}, "届次序号“十九”应为整数"),
    (organisation.clean_term, {"start_date": "2026-13-01"}, "届次开始日期“2026-13-01”不是有效日期"),
    (organisation.clean_district, {"seats": -1}, "选区应选代表名额不能为负数"),
    (organisation.clean_group, {"name": "一组", "kind": "兴趣小组"}, "小组类型“兴趣小组”不对"),
    (organisation.clean_station, {"name": "东山站", "kind": "联络站", "phone": "12"}, "联系电话有误"),
    (sessions.clean_session, {"total_deputies": "45.5"}, "全体代表人数必须是正整数"),
    (sessions.clean_session, {"start_date": "2026-03-05", "end_date": "2026-03-04"}, "结束日期 2026-03-04 早于开始日期"),
    (archive_records.clean_honor, {"kind": "表扬"}, "类别“表扬”不对，应为：荣誉、处分"),
    (archive_records.clean_note, {"text": "  "}, "备注内容不能为空"),
    (archive_records.clean_report_back, {"date": TOMORROW}, "晚于今天：述职举行后才能登记测评结果"),
    (archive_records.clean_report_back, {"satisfied": "许多"}, "满意票数“许多”应为整数"),
    (activities.clean_activity, {"problems_solved": -2}, "现场解决问题数不能为负数"),
    (activities.clean_activity, {"station_id": "东山站"}, "联络站“东山站”无法识别，请从列表中选择"),
    (suggestions.clean_values, {"date": "三月五日"}, "提出日期“三月五日”无效"),
    (suggestions.submitter_rows, [(3, True), (4, True)], "只能指定一位领衔代表"),
    (suggestions.submitter_rows, [3, 3], "提出人中有重复的代表"),
    (ballot_entries.serial_number, 0, "选票编号必须是正整数"),
    (year_number, "明年", "年度“明年”不是有效的年份"),
    (activities.clean_visit, {"voter_name": "张三", "matter": " "}, "请填写反映的事项"),
])
def test_refusals_name_the_field(rule, values, message):
    with pytest.raises(FieldError, match=message):
        rule(values)


def test_values_are_tidied():
    assert organisation.clean_term({"name": " 第十九届 ", "start_date": "2026.1.1", "is_current": "yes"}) == {
        "name": "第十九届", "start_date": "2026-01-01", "is_current": 1}
    assert sessions.clean_session({"number": "3", "name": " 第三次会议 "}) == {"number": 3, "name": "第三次会议"}
    assert archive_records.clean_report_back({"voters_present": "40", "evaluation": "满意"}) == {
        "voters_present": 40, "evaluation": "满意"}
    assert suggestions.submitter_rows([7, 9]) == [(7, 1), (9, 0)]
    assert ballot_entries.write_in_names("张三、 李 四，,") == ("张三", "李 四")
    assert fields.required_name(" 城乡 建设 ", "领域") == "城乡 建设"
    with pytest.raises(FieldError, match="领域名称不能为空"):
        fields.required_name("　", "领域")


def test_cross_field_rules():
    with pytest.raises(FieldError, match="测评票数合计 41 多于到会选民人数 40"):
        archive_records.check_report_back_votes({"voters_present": 40, "satisfied": 30, "unsatisfied": 11})
    with pytest.raises(FieldError, match="请填写活动主题"):
        activities.check_activity({"type_id": 1, "date": "2026-03-05"})
    with pytest.raises(FieldError, match="届次结束日期 2025-01-01 早于开始日期"):
        organisation.check_term_dates({"start_date": "2026-01-01", "end_date": "2025-01-01"})
    election = ItemSpec(code="1", name="选举镇长", kind="选举", seats=1, total_deputies=45, issued=45,
                        allow_write_in=True, candidates=("王喆",))
    with pytest.raises(FieldError, match="数据表中的事项类型为“表决”，本事项为“选举”"):
        ballot_entries.check_same_item(election, ItemSpec(code="1", name="x", kind="表决", seats=None,
                                                          total_deputies=45, issued=45))


def test_session_problems_are_all_said_at_once_each_under_its_field():
    problems = sessions.session_problems(
        {"number": "0", "name": " ", "start_date": "2026-03-05", "end_date": "2026-03-04", "total_deputies": 44,
         "total_reason": None}, roster=45)
    assert problems.keys() == {"number", "name", "end_date", "total_reason"}
    assert "结束日期 2026-03-04 早于开始日期" in problems["end_date"]
    assert "名册中在任的乡镇代表人数 45" in problems["total_reason"]
    assert sessions.session_problems({"name": "第一次会议", "total_deputies": 44, "total_reason": "一人辞职"},
                                     roster=45) == {}
    assert sessions.session_problems({"name": "第一次会议", "total_deputies": 44}, roster=0) == {}
