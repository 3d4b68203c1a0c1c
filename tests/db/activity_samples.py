"""A small township for the activity and suggestion tests: one term, two groups, two stations, eight deputies."""

import datetime as dt

from desktop_app.db import deputies, groups, stations, terms
from desktop_app.domain.idcard import make_id_number


def build(db):
    """Returns ids: term, deputies (8), group_a (deputies 0-3), group_b (4-7), station_a (serves a), station_b."""
    term = terms.create_term(db, "第十九届", 19, "2026-01-01", "2030-12-31", is_current=True)
    names = ["王喆", "李堃", "张伟", "刘芳", "陈静", "杨军", "黄磊", "赵敏"]
    ids = []
    for i, name in enumerate(names):
        birth = dt.date(1970 + i, 3, 1 + i)
        ids.append(deputies.insert_deputy(db, {
            "term_id": term, "name": name, "gender": "男" if i % 2 == 0 else "女",
            "id_number": make_id_number("360124", birth, 11 + 2 * i + (0 if i % 2 == 0 else 1)),
            "birth_date": birth.isoformat(), "level": "乡"}))
    group_a = groups.create_group(db, "第一代表小组", term_id=term, convener_id=ids[0])
    group_b = groups.create_group(db, "第二代表小组", term_id=term, convener_id=ids[4])
    groups.set_members(db, group_a, ids[:4])
    groups.set_members(db, group_b, ids[4:])
    station_a = stations.create_station(db, "东山片区代表联络站", open_days="每月9日、19日")
    station_b = stations.create_station(db, "桃园片区代表联络站", open_days="每周一")
    stations.set_groups(db, station_a, [group_a])
    stations.set_groups(db, station_b, [group_b])
    return {"term": term, "deputies": ids, "group_a": group_a, "group_b": group_b,
            "station_a": station_a, "station_b": station_b}
