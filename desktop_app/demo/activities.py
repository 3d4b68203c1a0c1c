"""Demo data for issue 4: a year of station and group activities with attendance, voters received, ~40 suggestions."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from ..db import activities, groups, receptions, stations, suggestions
from ..domain.activities import rule_dates, rule_from_text

UNITS = (("镇村建设办公室", "镇直部门"), ("镇农业农村办公室", "镇直部门"), ("镇社会事务办公室", "镇直部门"),
         ("镇综合治理办公室", "镇直部门"), ("镇生态环境办公室", "镇直部门"), ("东山村村民委员会", "村(居)委会"),
         ("红旗社区居民委员会", "村(居)委会"), ("县交通运输局", "县直部门"))
# (field, unit index, title, content)
MATTERS = (
    ("城乡建设", 0, "东山村至西山村道路硬化", "东山村至西山村约2公里道路仍为砂石路，雨天泥泞，学生上学和农产品外运困难。"),
    ("城乡建设", 0, "村组主干道安装路灯", "桃园村3组、4组主干道夜间无照明，老人和学生出行不安全。"),
    ("城乡建设", 7, "县道X012线急弯处增设警示标志", "县道X012线青石村段有两处急弯，近年多次发生车辆侧翻。"),
    ("农业农村", 1, "南河村灌溉渠道清淤", "南河村主灌渠淤塞严重，春耕用水紧张，请组织清淤。"),
    ("农业农村", 1, "发展特色果业给予技术指导", "柳树屯村种植户希望镇里组织果树修剪和病虫害防治培训。"),
    ("农业农村", 1, "农产品销售渠道", "大坝村蔬菜丰收滞销，建议搭建电商销售平台。"),
    ("教科文卫", 2, "中心小学增设校车", "偏远村组学生上学路程远，建议增开校车线路。"),
    ("教科文卫", 2, "村卫生室配备常用药品", "青石村卫生室常用慢性病药品经常缺货。"),
    ("社会保障", 2, "高龄老人补贴发放", "部分高龄老人补贴未按时到账，建议核查发放情况。"),
    ("社会保障", 2, "农村养老服务站建设", "光明村留守老人多，建议建设日间照料中心。"),
    ("基层治理", 3, "广场舞噪音扰民", "红旗社区广场晚间音响过大，影响周边居民休息。"),
    ("基层治理", 6, "老旧小区停车难", "新华社区老旧小区车位不足，消防通道常被占用。"),
    ("生态环境", 4, "河道垃圾清理", "清泉村河段沿岸堆放垃圾，夏季异味明显。"),
    ("生态环境", 4, "养殖场污水处理", "石桥村一处养猪场污水直排，影响下游灌溉。"),
)
REPLIES = {"A": "经现场核实，已安排资金和施工队伍，问题已解决。", "B": "已完成方案设计，正在组织实施，预计本季度完成。",
           "C": "已列入明年工作计划，将逐步解决。", "D": "因资金和政策条件限制暂不能解决，已向代表和群众当面解释。"}
VOTERS = "周秀英 吴国平 郑桂兰 孙建华 胡志强 朱玉梅 高德明 林春花 何永福 罗小燕 梁大海 宋金凤".split()


def _working(day: dt.date) -> bool:
    return day.weekday() < 5


def _ensure_schedules(db: sqlite_utils.Database) -> None:
    """Stations created after the migration get their schedule from their 开放时间 text."""
    have = {s["station_id"] for s in receptions.list_schedules(db)}
    for station in stations.list_stations(db):
        rule = rule_from_text(station["open_days"])
        if rule and station["id"] not in have:
            receptions.add_schedule(db, station["id"], rule)


def _present(rng: random.Random, member_ids: list[int], leave_share: float = 0.12) -> dict:
    result = {}
    for deputy_id in member_ids:
        roll = rng.random()
        result[deputy_id] = ("请假", rng.choice(("外出务工", "身体不适", "参加县里培训", "家中有事"))) \
            if roll < leave_share else ("缺席" if roll < leave_share + 0.03 else "出席")
    return result


def fill_demo_activities(db: sqlite_utils.Database, *, seed: int = 2026, today: dt.date | None = None) -> dict:
    """Fill the year up to ``today``; does nothing when activities already exist. Returns counts by kind."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    counts = {"activities": 0, "visits": 0, "suggestions": 0}
    if activities.count_activities(db, include_deleted=True):
        return counts
    start = today - dt.timedelta(days=365)
    _ensure_schedules(db)
    unit_ids = [u["id"] for u in suggestions.list_units(db)] or [
        suggestions.add_unit(db, name, kind) for name, kind in UNITS]
    type_id = {t["name"]: t["id"] for t in activities.list_types(db)}
    group_list = groups.list_groups(db)
    members = {g["id"]: [m["id"] for m in groups.members(db, g["id"])] for g in group_list}
    visits: list[int] = []
    counts["activities"] += _reception_days(db, rng, start, today, type_id, members, visits)
    counts["activities"] += _group_activities(db, rng, start, today, type_id, group_list, members)
    counts["visits"] = len(visits)
    counts["suggestions"] = _suggestions(db, rng, start, today, visits, unit_ids, members)
    return counts


def _reception_days(db, rng, start, today, type_id, members, visits: list[int]) -> int:
    """接待选民日 at each station on its schedule (at most twice a month), two or three deputies on duty."""
    made = 0
    for schedule in receptions.list_schedules(db):
        served = [d for g in stations.station_groups(db, schedule["station_id"]) for d in members.get(g["id"], [])]
        if not served:
            continue
        per_month: dict[str, int] = {}
        for day in rule_dates(schedule["rule"], start, today):
            month = day.isoformat()[:7]
            if not _working(day) or per_month.get(month, 0) >= 2:
                continue
            per_month[month] = per_month.get(month, 0) + 1
            on_duty = rng.sample(served, min(len(served), rng.randint(2, 3)))
            activity_id = activities.create_activity(db, {
                "type_id": type_id["接待选民日"], "date": day.isoformat(), "start_time": "09:00", "end_time": "11:30",
                "place": schedule["place"], "station_id": schedule["station_id"],
                "theme": f"{day.month}月接待选民日", "content": "代表轮值接待选民，听取意见建议。",
                "organiser": schedule["station_name"], "problems_solved": rng.randint(0, 2),
            }, {d: "出席" for d in on_duty})
            made += 1
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                matter = rng.choice(MATTERS)
                visits.append(receptions.add_visit(db, {
                    "activity_id": activity_id, "voter_name": rng.choice(VOTERS),
                    "contact": f"139{rng.randrange(10 ** 8):08d}", "matter": matter[3]}))
    return made


def _group_activities(db, rng, start, today, type_id, group_list, members) -> int:
    """One to two activities per group and quarter (a few groups fall behind), with attendance."""
    made = 0
    kinds = ("小组活动", "视察", "调研", "执法检查", "工作评议", "培训学习", "走访选民", "代表行动")
    station_of = {g: s["id"] for s in stations.list_stations(db) for g in stations.served_group_ids(db, s["id"])}
    for group in group_list:
        day = start + dt.timedelta(days=rng.randint(5, 30))
        while day <= today:
            if _working(day) and not (group["id"] % 5 == 0 and day > today - dt.timedelta(days=80)):
                kind = rng.choice(kinds)
                activities.create_activity(db, {
                    "type_id": type_id[kind], "date": day.isoformat(), "start_time": "14:30", "end_time": "17:00",
                    "group_id": group["id"], "station_id": station_of.get(group["id"]),
                    "theme": f"{group['name']}{kind}", "place": "代表联络站会议室",
                    "content": f"围绕{rng.choice(MATTERS)[0]}工作开展{kind}。", "organiser": group["name"],
                    "invited_officials": rng.choice((None, "镇人民政府分管副镇长", "镇农业农村办公室主任")),
                    "outcome": "形成意见建议，交镇人民政府研究办理。",
                }, _present(rng, members.get(group["id"], [])))
                made += 1
            day += dt.timedelta(days=rng.randint(40, 75))
    return made


def _advance(db, rng, sid: int, on: dt.date, today: dt.date, unit_ids: list[int], stage: int) -> None:
    """Walk one suggestion ``stage`` steps along the loop, a few working days apart, never past today."""
    def step(days: int) -> dt.date | None:
        nonlocal on
        on = on + dt.timedelta(days=days)
        return on if on <= today else None

    levels = ("村(居)委会", "镇人大主席团", "镇人大主席团", "上报县(市)人大常委会")
    if stage >= 1 and (day := step(rng.randint(2, 10))):
        suggestions.classify(db, sid, rng.choice(levels), on=day)
    else:
        return
    if stage >= 2 and (day := step(rng.randint(1, 5))):
        co = [rng.choice(unit_ids)] if rng.random() < 0.3 else []
        suggestions.assign(db, sid, rng.choice(unit_ids), co_unit_ids=co, on=day)
    else:
        return
    if stage >= 3 and (day := step(rng.randint(2, 6))):
        suggestions.start_handling(db, sid, on=day)
    else:
        return
    if stage >= 4 and (day := step(rng.randint(10, 70))):
        grade = rng.choices("ABCD", (5, 2, 2, 1))[0]
        suggestions.reply(db, sid, REPLIES[grade], grade, on=day)
    else:
        return
    if stage >= 5 and (day := step(rng.randint(3, 12))):
        suggestions.evaluate(db, sid, rng.choices(("满意", "基本满意", "不满意"), (6, 3, 1))[0], on=day)


def _stage_for(rng, age_days: int) -> int:
    """How far along the loop a suggestion of that age is: old ones mostly closed, a few left overdue."""
    if age_days > 150:
        return 5 if rng.random() < 0.9 else 3
    if age_days > 60:
        return rng.randint(3, 5)
    return rng.randint(0, 4)


def _suggestions(db, rng, start, today, visits, unit_ids, members) -> int:
    """About forty: a third from voters' visits, the rest raised by deputies, at every stage of the loop."""
    field_ids = {f["name"]: f["id"] for f in suggestions.list_fields(db)}
    deputy_pool = sorted({d for ids in members.values() for d in ids})
    made = 0
    for visit_id in visits[:14]:
        visit = receptions.get_visit(db, visit_id)
        matter = next(m for m in MATTERS if m[3] == visit["matter"])
        sid = suggestions.visit_to_suggestion(db, visit_id, title=matter[2], field_id=field_ids[matter[0]])["id"]
        collected = dt.date.fromisoformat(visit["date"])
        _advance(db, rng, sid, collected, today, unit_ids, _stage_for(rng, (today - collected).days))
        made += 1
    for i in range(40 - made):
        field, _, title, content = MATTERS[i % len(MATTERS)]
        day = start + dt.timedelta(days=rng.randint(0, 350))
        lead, *others = rng.sample(deputy_pool, rng.choice((1, 1, 2, 3))) if deputy_pool else [None]
        source = "代表建议" if lead and rng.random() < 0.75 else "小组活动"
        people = [(lead, True)] + [(d, False) for d in others] if lead else []
        sid = suggestions.create_suggestion(db, {
            "title": title if i < len(MATTERS) else f"再次建议：{title}", "content": content, "source": source,
            "date": day.isoformat(), "field_id": field_ids.get(field),
            "location": rng.choice(("东山村", "桃园村", "青石村", "光明村", "红旗社区"))}, people)["id"]
        # Older ones are further along; a few recent ones stay just collected (some overdue for 分类).
        _advance(db, rng, sid, day, today, unit_ids, _stage_for(rng, (today - day).days))
        made += 1
    return made
