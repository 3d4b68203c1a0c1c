"""Realistic demo data: the roster of 示范镇, 示范县 — term, districts, four levels of deputies, groups, stations."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

from ..db import deputies, districts, groups, settings, stations, terms
from ..domain.idcard import make_id_number
from .activities import fill_demo_activities
from .archive import fill_demo_archive
from .session import fill_demo_session

TOWNSHIP = "示范镇"
COUNTY = "示范县"
REGION = "360124"          # region code used for people born in the county
OTHER_REGIONS = ("360102", "360121", "361002", "430102", "420106")
TERM = ("第十九届", 19, "2026-10-01", "2031-09-30")
PREVIOUS_TERM = ("第十八届", 18, "2021-10-01", "2026-09-30")

# Eight districts of two villages or 社区 each; the seats add up to 60.
DISTRICTS = (
    ("第一选区", ("东山村", "西山村"), 8), ("第二选区", ("南河村", "北河村"), 8),
    ("第三选区", ("桃园村", "李家庄村"), 7), ("第四选区", ("王家湾村", "柳树屯村"), 8),
    ("第五选区", ("青石村", "石桥村"), 7), ("第六选区", ("红旗社区", "新华社区"), 8),
    ("第七选区", ("光明村", "清泉村"), 7), ("第八选区", ("大坝村", "杨柳村"), 7),
)
NUMERALS = "一二三四五六七八"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤"
)
MALE_CHARS = "伟强军磊勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆峰建国志海林永春成德文新东光荣晓宏庆"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲桂兰英萍红梅琳雪倩婷慧颖秀凤洁佳欣月娥琴莉晶怡璐丹"
# People whose names carry characters that fonts and pinyin libraries often lack: the app must cope.
SPECIAL_PEOPLE = (
    ("王喆", "男"), ("李堃", "男"), ("刘䶮", "男"), ("赵𠅤", "男"), ("单晓红", "女"), ("曾志刚", "男"),
)

MINORITIES = ("回族", "满族", "土家族")
PHONE_PREFIXES = ("138", "139", "137", "135", "150", "151", "152", "158", "159", "187", "188", "182", "183",
                  "177", "199", "133", "153", "180", "189")

# Occupation category → (share of township deputies, ways to describe their work).
OCCUPATION_PROFILES = {
    "农民": (0.32, (("{village}", "村民"), ("{village}", "种植大户"), ("{village}", "养殖户"),
                  ("{village}家庭农场", "场主"))),
    "其他": (0.14, (("{village}村民委员会", "党支部书记、主任"), ("{village}村民委员会", "村委会委员"),
                  ("{village}村务监督委员会", "主任"))),
    "工人": (0.10, (("示范县宏达机械厂", "车间工人"), ("示范县新兴纺织有限公司", "挡车工"),
                  ("示范镇自来水厂", "技术工人"))),
    "专业技术人员": (0.16, (("示范镇中心小学", "教师"), ("示范镇卫生院", "主治医师"), ("示范镇中学", "教师"),
                      ("示范镇农业综合服务中心", "农艺师"), ("示范镇卫生院", "护士长"))),
    "党政领导干部": (0.16, (("中共示范镇委员会", "党委书记"), ("示范镇人民政府", "镇长"),
                      ("示范镇人大主席团", "主席"), ("示范镇人民政府", "副镇长"),
                      ("中共示范镇委员会", "党委副书记"), ("示范镇人大主席团", "专职副主席"),
                      ("示范镇人民政府", "副镇长"), ("中共示范镇委员会", "党委委员、组织委员"),
                      ("示范镇派出所", "所长"), ("示范镇人民政府", "副镇长"))),
    "企业负责人": (0.12, (("示范县绿源农业专业合作社", "理事长"), ("示范县丰禾米业有限公司", "总经理"),
                    ("示范镇鑫达建材厂", "厂长"), ("示范县山里红果业有限公司", "董事长"),
                    ("示范镇惠民超市", "经理"))),
}
PROFESSIONAL_GROUPS = (
    ("农业农村专业代表小组", ("农民", "企业负责人")),
    ("社会事业专业代表小组", ("专业技术人员",)),
)
STATIONS = (
    ("东山片区代表联络站", "东山村村民委员会二楼", "每月9日、19日", (1, 2)),
    ("桃园片区代表联络站", "桃园村党群服务中心", "每周一", (3, 4)),
    ("青石片区代表联络站", "青石村文化礼堂东侧", "每月9日", (5, 6)),
    ("光明片区代表联络站", "光明村便民服务中心", "每周四", (7, 8)),
)
HIGHER_LEVELS = (("县", 12), ("市", 3), ("省", 1))


class _People:
    """Deterministic generator of distinct names, ID numbers and phones."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names: set[str] = set()
        self.sequences: set[tuple[str, str]] = set()
        self.phones: set[str] = set()

    def name(self, gender: str) -> str:
        chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
        while True:
            given = self.rng.choice(chars) + (self.rng.choice(chars) if self.rng.random() < 0.7 else "")
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def id_number(self, birth: dt.date, gender: str, region: str) -> str:
        while True:
            seq = self.rng.randrange(1, 999)
            if (seq % 2 == 1) != (gender == "男"):
                seq = seq + 1 if seq < 998 else seq - 1
            key = (region + birth.isoformat(), f"{seq:03d}")
            if key not in self.sequences:
                self.sequences.add(key)
                return make_id_number(region, birth, seq)

    def phone(self) -> str:
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def birth(self, low: int, high: int) -> dt.date:
        age = self.rng.randint(low, high)
        return dt.date(2026 - age, self.rng.randint(1, 12), self.rng.randint(1, 28))


def _party(rng: random.Random, occupation: str, birth: dt.date) -> str:
    party = _party_by_occupation(rng, occupation)
    # League membership ends at 28.
    return "群众" if party == "共青团员" and birth.year < 1998 else party


def _party_by_occupation(rng: random.Random, occupation: str) -> str:
    if occupation == "党政领导干部":
        return "中共党员"
    roll = rng.random()
    if roll < 0.62:
        return "中共党员"
    if roll < 0.66:
        return "中共预备党员"
    if roll < 0.72:
        return rng.choice(("民盟盟员", "九三学社社员", "民进会员"))
    if roll < 0.76:
        return "无党派人士"
    if roll < 0.80:
        return "共青团员"
    return "群众"


def _education(rng: random.Random, occupation: str) -> str:
    weights = {
        "农民": (0, 0.05, 0.15, 0.15, 0.35, 0.25, 0.05),
        "其他": (0, 0.10, 0.35, 0.15, 0.30, 0.10, 0),
        "工人": (0, 0.05, 0.20, 0.30, 0.35, 0.10, 0),
        "专业技术人员": (0.10, 0.55, 0.30, 0.05, 0, 0, 0),
        "党政领导干部": (0.30, 0.60, 0.10, 0, 0, 0, 0),
        "企业负责人": (0.05, 0.30, 0.35, 0.10, 0.20, 0, 0),
    }[occupation]
    return rng.choices(("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学及以下"), weights)[0]


def _occupations(rng: random.Random, total: int) -> list[str]:
    pool: list[str] = []
    for occupation, (share, _) in OCCUPATION_PROFILES.items():
        pool += [occupation] * round(share * total)
    pool = (pool + ["农民"] * total)[:total]
    rng.shuffle(pool)
    return pool


def _first_elected(rng: random.Random, reelected: bool, today: dt.date) -> str | None:
    day = "2016-10-01" if reelected and rng.random() < 0.3 else ("2021-10-01" if reelected else TERM[2])
    return day if day <= today.isoformat() else None


def _get_or_create_term(db, spec, is_current: bool) -> int:
    for term in terms.list_terms(db):
        if term["name"] == spec[0]:
            return term["id"]
    return terms.create_term(db, spec[0], spec[1], spec[2], spec[3], is_current=is_current)


def _get_or_create_district(db, term_id: int, name: str, code: str, area: str, seats: int) -> tuple[int, bool]:
    for district in districts.list_districts(db, term_id, include_deleted=True):
        if district["name"] == name:
            return district["id"], False
    return districts.create_district(db, term_id, name, code=code, area=area, seats=seats), True


def _add_deputy(db, values: dict, counts: dict) -> int | None:
    """Insert unless a deputy with this ID number exists (a second run with --force adds nothing twice)."""
    existing = deputies.find_by_id_number(db, values["id_number"])
    if existing:
        return existing["id"]
    counts["deputies"] += 1
    return deputies.insert_deputy(db, values)


def fill_township(db: sqlite_utils.Database, *, seed: int = 2026, today: dt.date | None = None,
              with_activities: bool = True) -> dict:
    """Fill the roster of 示范镇 (and its session, and a year of activities, suggestions and archive records
    unless ``with_activities`` is False) and return what was created, by kind. Same seed, same data.

    Call it through ``ops.demo.fill_demo``, which holds the one transaction around it.
    """
    today = today or dt.date.today()
    rng = random.Random(seed)
    people = _People(rng)
    counts = {"terms": 0, "districts": 0, "deputies": 0, "groups": 0, "stations": 0}
    settings.put(db, "township_name", TOWNSHIP)
    settings.put(db, "county_name", COUNTY)
    before_terms = len(terms.list_terms(db))
    _get_or_create_term(db, PREVIOUS_TERM, False)
    term_id = _get_or_create_term(db, TERM, True)
    terms.set_current_term(db, term_id)
    counts["terms"] = len(terms.list_terms(db)) - before_terms

    total_seats = sum(seats for _, _, seats in DISTRICTS)
    occupations = _occupations(rng, total_seats)
    specials = list(SPECIAL_PEOPLE)
    district_members: dict[int, list[tuple[int, str]]] = {}
    district_ids: list[int] = []
    village_of: dict[int, str] = {}
    for number, (name, villages, seats) in enumerate(DISTRICTS, start=1):
        full_name = f"{name}（{'、'.join(villages)}）"
        district_id, created = _get_or_create_district(
            db, term_id, full_name, f"{number:02d}", "、".join(villages), seats)
        counts["districts"] += created
        district_ids.append(district_id)
        district_members[district_id] = []
        for seat in range(seats):
            occupation = occupations.pop()
            village = rng.choice(villages)
            special = specials.pop(0) if seat == 1 and specials else None
            values = _township_deputy(rng, people, occupation, village, district_id, term_id, special, today)
            deputy_id = _add_deputy(db, values, counts)
            district_members[district_id].append((deputy_id, occupation))
            village_of[deputy_id] = village

    _departed_deputies(db, rng, people, term_id, district_ids, counts, today)
    higher = _higher_level_deputies(db, rng, people, term_id, counts, today)

    group_ids = _groups(db, rng, term_id, district_ids, district_members, higher, counts)
    _stations(db, rng, people, group_ids, counts)
    counts["serving_by_level"] = {
        level: deputies.count_serving(db, term_id, level) for level in ("乡", "县", "市", "省", "全国")
    }
    counts["departed"] = len(deputies.list_deputies(db, term_id=term_id, include_inactive=True)) - sum(
        counts["serving_by_level"].values())
    # The congress session of the term, with its vote items, so the session day can be tried out.
    counts["session_items"] = len(fill_demo_session(db, seed=seed)["items"])
    if with_activities:   # an older file (tests of migrations) has neither activity nor archive tables
        counts["activities"] = fill_demo_activities(db, seed=seed, today=today)["activities"]
        counts["archive"] = fill_demo_archive(db, random.Random(f"archive-{seed}"), today)
    return counts


def _township_deputy(rng, people: _People, occupation: str, village: str, district_id: int, term_id: int,
                     special: tuple[str, str] | None, today: dt.date) -> dict:
    if special:
        name, gender = special
        people.names.add(name)
    else:
        gender = "女" if rng.random() < (0.45 if occupation == "专业技术人员" else 0.28) else "男"
        name = people.name(gender)
    birth = people.birth(28, 62) if occupation != "党政领导干部" else people.birth(32, 55)
    region = REGION if rng.random() < 0.9 else rng.choice(OTHER_REGIONS)
    unit, post = rng.choice(OCCUPATION_PROFILES[occupation][1])
    reelected = rng.random() < 0.42
    return {
        "term_id": term_id, "name": name, "gender": gender,
        "ethnicity": rng.choice(MINORITIES) if rng.random() < 0.06 else "汉族",
        "birth_date": birth.isoformat(), "id_number": people.id_number(birth, gender, region),
        "party": _party(rng, occupation, birth), "education": _education(rng, occupation),
        "work_unit": unit.format(village=village), "post": post, "occupation": occupation,
        "phone": people.phone(), "address": f"{TOWNSHIP}{village}{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
        "district_id": district_id, "level": "乡", "reelected": int(reelected),
        "first_elected": _first_elected(rng, reelected, today),
    }


def _departed_deputies(db, rng, people: _People, term_id: int, district_ids: list[int], counts: dict,
                       today: dt.date) -> None:
    """Two deputies who left during the term: they stay in the archive with date and reason."""
    departures = (("辞职", "2026-11-05", "因个人身体原因辞去代表职务"), ("调离", "2026-11-12", "工作调动，调往示范县城关镇"))
    for status, date, reason in departures:
        if date > today.isoformat():
            continue
        gender = "男" if rng.random() < 0.7 else "女"
        birth = people.birth(35, 58)
        values = {
            "term_id": term_id, "name": people.name(gender), "gender": gender, "ethnicity": "汉族",
            "birth_date": birth.isoformat(), "id_number": people.id_number(birth, gender, REGION),
            "party": "中共党员", "education": "大学专科", "work_unit": "示范镇人民政府", "post": "干部",
            "occupation": "党政领导干部", "phone": people.phone(), "district_id": rng.choice(district_ids),
            "level": "乡", "first_elected": TERM[2],
        }
        existing = deputies.find_by_id_number(db, values["id_number"])
        if existing:
            continue
        deputy_id = _add_deputy(db, values, counts)
        deputies.change_status(db, deputy_id, status, date, reason)


HIGHER_POSTS = (
    ("示范县人民医院", "副院长", "专业技术人员"), ("示范县第二中学", "校长", "专业技术人员"),
    ("示范县绿源农业专业合作社", "理事长", "企业负责人"), ("示范县丰禾米业有限公司", "董事长", "企业负责人"),
    ("中共示范镇委员会", "党委书记", "党政领导干部"), ("示范镇人民政府", "镇长", "党政领导干部"),
    ("{village}村民委员会", "党支部书记、主任", "其他"), ("{village}", "种粮大户", "农民"),
    ("示范县宏达机械厂", "高级技师", "工人"), ("示范县山里红果业有限公司", "总经理", "企业负责人"),
)


def _higher_level_deputies(db, rng, people: _People, term_id: int, counts: dict, today: dt.date) -> dict[int, str]:
    """County, city and provincial deputies living in the township; returns id → home village."""
    villages = [v for _, vs, _ in DISTRICTS for v in vs]
    congress = {"县": COUNTY, "市": "示范市", "省": "示范省"}
    result = {}
    for level, number in HIGHER_LEVELS:
        for _ in range(number):
            gender = "女" if rng.random() < 0.3 else "男"
            birth = people.birth(35, 60)
            village = rng.choice(villages)
            unit, post, occupation = rng.choice(HIGHER_POSTS)
            reelected = rng.random() < 0.5
            values = {
                "term_id": term_id, "name": people.name(gender), "gender": gender,
                "ethnicity": "汉族" if rng.random() < 0.95 else "回族",
                "birth_date": birth.isoformat(), "id_number": people.id_number(birth, gender, REGION),
                "party": _party(rng, occupation, birth), "education": _education(rng, occupation),
                "work_unit": unit.format(village=village), "post": post, "occupation": occupation,
                "phone": people.phone(), "address": f"{TOWNSHIP}{village}", "level": level,
                "reelected": int(reelected), "first_elected": "2021-12-01" if reelected else None,
                "notes": f"{congress[level]}人大代表，居住在{TOWNSHIP}{village}",
            }
            deputy_id = _add_deputy(db, values, counts)
            result[deputy_id] = village
    return result


def _groups(db, rng, term_id: int, district_ids: list[int], district_members: dict, higher: dict[int, str],
            counts: dict) -> dict[str, int]:
    """A 代表小组 per district (deputies of higher levels join the group of their home village) and two
    专业代表小组; each with a convener."""
    existing = {g["name"]: g["id"] for g in groups.list_groups(db, term_id)}
    result = {}
    village_district = {v: district_ids[i] for i, (_, vs, _) in enumerate(DISTRICTS) for v in vs}
    for number, district_id in enumerate(district_ids, start=1):
        name = f"第{NUMERALS[number - 1]}代表小组"
        members = [deputy_id for deputy_id, _ in district_members[district_id]]
        members += [d for d, village in higher.items() if village_district[village] == district_id]
        cadres = [d for d, occ in district_members[district_id] if occ in ("其他", "党政领导干部")]
        convener = cadres[0] if cadres else members[0]
        group_id = existing.get(name)
        if group_id is None:
            group_id = groups.create_group(db, name, "代表小组", term_id=term_id, district_id=district_id,
                                           convener_id=convener)
            counts["groups"] += 1
        groups.set_members(db, group_id, set(groups.member_ids(db, group_id)) | set(members))
        result[name] = group_id
    everyone = [(d, occ) for members in district_members.values() for d, occ in members]
    for name, occupations in PROFESSIONAL_GROUPS:
        members = [d for d, occ in everyone if occ in occupations]
        rng.shuffle(members)
        members = sorted(members[:10])
        group_id = existing.get(name)
        if group_id is None:
            group_id = groups.create_group(db, name, "专业代表小组", term_id=term_id, convener_id=members[0],
                                           notes="跨选区组成，围绕专业领域开展视察和调研")
            counts["groups"] += 1
        groups.set_members(db, group_id, set(groups.member_ids(db, group_id)) | set(members))
        result[name] = group_id
    return result


def _stations(db, rng, people: _People, group_ids: dict[str, int], counts: dict) -> None:
    existing = {s["name"]: s["id"] for s in stations.list_stations(db)}
    home_name = f"{TOWNSHIP}人大代表之家"
    home = existing.get(home_name)
    if home is None:
        home = stations.create_station(
            db, home_name, "代表之家", address=f"{COUNTY}{TOWNSHIP}人民路1号（镇政府一楼东侧）",
            open_days="每月9日、19日", contact=people.name("女"), phone="0791-86251234",
            notes="全镇四级代表集中活动阵地，设接待室、会议室和履职档案室",
        )
        counts["stations"] += 1
        stations.set_groups(db, home, [group_ids[name] for name, _ in PROFESSIONAL_GROUPS])
    for name, address, open_days, district_numbers in STATIONS:
        if name in existing:
            continue
        station_id = stations.create_station(
            db, name, "联络站", parent_id=home, address=f"{TOWNSHIP}{address}", open_days=open_days,
            contact=people.name("男" if rng.random() < 0.6 else "女"), phone=people.phone(),
        )
        counts["stations"] += 1
        stations.set_groups(db, station_id, [group_ids[f"第{NUMERALS[n - 1]}代表小组"] for n in district_numbers])
