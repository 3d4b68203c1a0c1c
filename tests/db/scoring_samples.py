"""A hand-computed 2026 for the scoring tests (default rules of domain/scoring.py).

王喆 (d0)  基础 40 + 人代会 2×10=20 + 小组活动 6×2=12→cap 10 + 接待 2×3=6 + 培训 1 + 建议 4×2=8→cap 6 + 满意 1
           + 述职 4                                                                          = 88  称职  rank 1
李堃 (d1)  40 − 缺席人代会 2×10=20 − 缺席活动 6×2=12→cap 10 + 小组活动 2           = 12, 手工 −5 → 7  rank 8
张伟 (d2)  40 + 人代会 10 (另一次请假) + 接待 5×3=15→cap 12 = 62, 表彰 3×5=15→cap 10 → 72  基本称职  rank 3
刘芳 (d3)  40 + 人代会 20 + 小组活动 5×2 = 10 + 接待 4×3 = 12 + 建议 3×2 = 6                   = 88  rank 1 (tie)
d4–d7      40 (base only)                                                                    rank 4
Records outside 2026 (a 2025 session and activity) and a deleted activity must not count.
"""

from __future__ import annotations

from activity_samples import build

from desktop_app.db import activities, scoring, sessions, suggestions

YEAR = 2026


def _activity(db, type_id, day, theme, attendance):
    return activities.create_activity(db, {"type_id": type_id, "date": day, "theme": theme}, attendance)


def _suggestion(db, title, day, deputy_id, *, satisfied_on=None):
    sid = suggestions.create_suggestion(db, {"title": title, "content": title, "source": "代表建议", "date": day},
                                        [deputy_id])["id"]
    if satisfied_on:
        db.execute("UPDATE suggestions SET state = '办结', evaluation = '满意', evaluated_at = ? WHERE id = ?",
                   [satisfied_on, sid])
    return sid


def build_scoring(db) -> dict:
    base = build(db)
    d = base["deputies"]
    types = {t["name"]: t["id"] for t in activities.list_types(db)}
    s1 = sessions.create_session(db, term_id=base["term"], number=1, start_date="2026-01-10", total_deputies=8)
    s2 = sessions.create_session(db, term_id=base["term"], number=2, start_date="2026-06-10", total_deputies=8)
    s_old = sessions.create_session(db, term_id=base["term"], number=3, name="上年度会议", start_date="2025-12-20",
                                    total_deputies=8)
    sessions.set_attendance_many(db, s1, {d[0]: "出席", d[1]: "缺席", d[2]: "出席", d[3]: "出席"})
    sessions.set_attendance_many(db, s2, {d[0]: "出席", d[1]: "缺席", d[2]: "请假", d[3]: "出席"})
    sessions.set_attendance_many(db, s_old, {d[0]: "出席", d[2]: "出席"})

    group = [_activity(db, types["小组活动"], f"2026-{m:02d}-05", f"第{m}次小组活动",
                       {d[0]: "出席", d[1]: "缺席", d[3]: "出席" if m <= 5 else "请假"}) for m in range(1, 7)]
    extra_group = [_activity(db, types["小组活动"], f"2026-{m:02d}-20", f"补充小组活动{m}", {d[1]: "出席"})
                   for m in (7,)]
    reception = [_activity(db, types["接待选民日"], f"2026-0{m}-09", f"{m}月接待选民日",
                           {d[0]: "出席"} if m <= 2 else {}) for m in range(1, 3)]
    reception_d2 = [_activity(db, types["接待选民日"], f"2026-{m:02d}-19", f"{m}月第二次接待选民日",
                              {d[2]: "出席", **({d[3]: "出席"} if m <= 4 else {})}) for m in range(1, 6)]
    training = _activity(db, types["培训学习"], "2026-03-15", "代表履职培训", {d[0]: "出席"})
    inspection = _activity(db, types["视察"], "2026-04-15", "视察道路建设", {d[0]: "出席"})
    old = _activity(db, types["小组活动"], "2025-12-05", "上年度小组活动", {d[0]: "出席"})
    deleted = _activity(db, types["小组活动"], "2026-09-05", "误录的活动", {d[0]: "出席"})
    activities.delete_activity(db, deleted)

    d0_suggestions = [_suggestion(db, f"王喆建议{i}", f"2026-0{i}-01", d[0],
                                  satisfied_on="2026-08-01" if i == 1 else None) for i in range(1, 5)]
    d3_suggestions = [_suggestion(db, f"刘芳建议{i}", f"2026-0{i}-02", d[3]) for i in range(1, 4)]
    old_suggestion = _suggestion(db, "上年度建议", "2025-11-01", d[0])
    report_back = db.execute("INSERT INTO report_backs(deputy_id, date, place, evaluation) VALUES (?, ?, ?, ?)",
                             [d[0], "2026-10-10", "东山村", "满意"]).lastrowid

    rules = {r["item"]: r["id"] for r in scoring.rules_for(db, YEAR)}
    adjustments = [scoring.add_adjustment(db, YEAR, d[1], -5, "无故不参加代表培训", "人大办 陈主任")]
    adjustments += [scoring.add_adjustment(db, YEAR, d[2], 5, f"获县级表彰{i}", "人大办 陈主任",
                                           rules["获县级以上表彰"], date=f"2026-0{i}-01") for i in range(1, 4)]
    return {**base, "types": types, "sessions": [s1, s2, s_old], "group": group, "extra_group": extra_group,
            "reception": reception, "reception_d2": reception_d2, "training": training, "inspection": inspection,
            "old": old, "deleted": deleted, "d0_suggestions": d0_suggestions, "d3_suggestions": d3_suggestions,
            "old_suggestion": old_suggestion, "report_back": report_back, "rules": rules,
            "adjustments": adjustments}
