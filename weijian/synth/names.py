"""Name tables: people, villages, townships, places, causes of death."""

from __future__ import annotations

from bisect import bisect
from itertools import accumulate
from random import Random

# Surnames common in north-east Sichuan, roughly by frequency (weight, characters).
_SURNAME_GROUPS = (
    (40, "王李张刘陈杨"),
    (18, "黄赵周吴何罗"),
    (9, "徐孙胡朱郭马谢邓唐冯蒲"),
    (5, "高林梁宋郑韩曹袁许彭曾苏蒋蔡杜任廖"),
    (2, "敬苟向税母文龚赖汪熊雷邱谭姚石范方田侯龙贺易段"),
)
SURNAMES: tuple[str, ...] = tuple(c for _, chars in _SURNAME_GROUPS for c in chars)
_SURNAME_CUM = tuple(accumulate(w for w, chars in _SURNAME_GROUPS for _ in chars))

# Given-name characters by birth era and sex (men, women).
_ERA_CHARS = (
    (1960, "德国建明华志永文成金福贵清富兴发顺林山树开学光忠平先元昌荣海长洪世万仁义正朝友全俊",
     "秀英兰珍芳桂淑玉凤琼翠华群素碧惠蓉菊莲梅琴花芬容会明月春清德"),
    (1980, "军勇伟强斌涛波刚平明华林建志国红兵东峰云川海洪小明德成刚辉",
     "丽红梅燕琴霞敏玲萍芳英娟静春艳莉蓉小秀华群琼兰凤"),
    (2000, "杰浩鹏超磊俊宇飞鑫凯林龙斌洋帅阳强波健勇涛伟亮锋",
     "婷娟静丹雪倩蕾燕娇欢琳莉颖玲佳慧梦晓月雨芳露瑶"),
    (9999, "宇轩浩子睿博泽航梓皓俊杰然铭辰逸一嘉锦煜诚昊骏涵",
     "欣怡梓涵雨萱诗琪佳若可馨悦晨思语紫瑶依彤汐妍芮希"),
)


def _given_names(chars: str) -> tuple[str, ...]:
    out = [c for c in chars[:12]]
    for i, a in enumerate(chars):
        for b in chars[i + 1:] + chars[:i]:
            if a != b:
                out.append(a + b)
    return tuple(out)


GIVEN: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (until, _given_names(m), _given_names(f)) for until, m, f in _ERA_CHARS
)


def surname(rnd) -> str:
    return SURNAMES[bisect(_SURNAME_CUM, rnd() * _SURNAME_CUM[-1])]


def given_table(birth_year: int, male: bool) -> tuple[str, ...]:
    for until, m, f in GIVEN:
        if birth_year < until:
            return m if male else f
    return GIVEN[-1][1] if male else GIVEN[-1][2]


# GIVEN_BY_YEAR[year - 1800] = (women's names, men's names) for that birth year.
GIVEN_BY_YEAR = tuple((given_table(y, False), given_table(y, True)) for y in range(1800, 2200))


# Place-name syllables for villages (行政村) and townships.
_VILLAGE_STEMS = (
    "青龙", "白鹤", "金竹", "黄桷", "石龙", "双河", "太平", "红星", "新华", "龙泉", "柏林", "杨柳",
    "桂花", "松林", "凤凰", "大湾", "李家", "王家", "陈家", "观音", "长滩", "高峰", "天池", "云台",
    "中坝", "河坝", "石门", "马鞍", "狮子", "玉皇", "永安", "长乐", "复兴", "新民", "团结", "和平",
    "胜利", "光明", "友谊", "大石", "小河", "清泉", "碧水", "莲花", "荷叶", "梨园", "桃源", "杏林",
    "竹园", "茶园", "橘园", "龙洞", "凤山", "鹿鸣", "鹤林", "白马", "金牛", "铁炉", "盐井", "油房",
    "碾盘", "土门", "三江", "两河", "四合", "六合", "九龙", "十字", "百花", "斑竹林", "黑水寺", "回龙",
    "大佛", "宝塔", "文峰", "万福", "兴隆", "同心", "檬子", "石笋", "龙滩", "牛角", "麻柳", "青杠",
    "柑子", "梓潼", "五星", "福来", "向阳", "金星", "古井", "桥楼", "河口", "岩门", "新桥", "老鹰",
    "水井", "天星", "石盘", "龙台",
)
_TOWNSHIPS = (
    "青松镇", "金凤镇", "白塔乡", "龙门镇", "双桥镇", "桂花乡", "凤鸣镇", "李家镇", "华凤镇", "搬罾镇",
    "新复乡", "潆溪镇", "芦溪镇", "共兴镇", "荆溪镇", "渔溪乡", "灯台乡", "永丰镇", "大林乡", "石佛乡",
    "鹤鸣镇", "太和乡", "东观镇", "长乐镇", "金台镇", "双龙乡", "万年镇", "清泉乡", "黄金镇", "龙泉镇",
    "复兴镇", "永安乡", "观音镇", "石龙乡", "宝马镇", "天池乡",
)
_EXTRA = "东西南北上下中新老大小前后"


def township_names(n: int, rng: Random) -> list[str]:
    """``n`` distinct township names, the first always 青松镇."""
    names = list(_TOWNSHIPS[:n])
    i = 0
    while len(names) < n:
        stem = _VILLAGE_STEMS[i % len(_VILLAGE_STEMS)]
        cand = stem + ("镇" if rng.random() < 0.7 else "乡")
        if i >= len(_VILLAGE_STEMS):
            cand = _EXTRA[(i // len(_VILLAGE_STEMS)) % len(_EXTRA)] + cand
        if cand not in names:
            names.append(cand)
        i += 1
    return names


class VillageNamer:
    """Distinct village names across the county: stems first, then prefixed stems."""

    def __init__(self, rng: Random) -> None:
        stems = list(_VILLAGE_STEMS)
        rng.shuffle(stems)
        self.stems = stems
        self.used: set[str] = set()
        self.i = 0

    def next(self, community: bool, town: str) -> str:
        if community:
            name = town[:-1] + "社区"
            if name not in self.used:
                self.used.add(name)
                return name
        while True:
            stem = self.stems[self.i % len(self.stems)]
            lap = self.i // len(self.stems)
            self.i += 1
            if lap:
                stem = _EXTRA[(lap - 1) % len(_EXTRA)] + stem
            name = stem + ("社区" if community else "村")
            if name not in self.used:
                self.used.add(name)
                return name


# ID address codes by the person's birth year: ((code, last birth year), ...).  The code
# is the division's code when the number was first issued, so older people carry codes
# of divisions since renamed (顺庆区 was part of the county-level 南充市 512901 until 1993).
LOCAL_ERAS = (("512901", 1992), ("511302", 9999))
# Other counties (流入/迁入 origins): (place name, eras).
ORIGINS = (
    ("南充市高坪区", (("512921", 1992), ("511303", 9999))),
    ("南充市嘉陵区", (("512921", 1992), ("511304", 9999))),
    ("南充市南部县", (("512922", 1992), ("511321", 9999))),
    ("南充市营山县", (("512924", 1992), ("511322", 9999))),
    ("南充市西充县", (("512929", 1992), ("511325", 9999))),
    ("成都市金堂县", (("510121", 9999),)),
    ("自贡市荣县", (("510321", 9999),)),
    ("凉山州西昌市", (("513401", 9999),)),
    ("黔南州都匀市", (("522701", 9999),)),
    ("重庆市云阳县", (("512225", 1991), ("511224", 1997), ("500235", 9999))),
    ("达州市通川区", (("513001", 1998), ("511702", 9999))),
    ("巴中市巴州区", (("513027", 1992), ("513701", 1999), ("511902", 9999))),
)


def era_code(eras, year: int) -> str:
    for code, last in eras:
        if year <= last:
            return code
    return eras[-1][0]


FIRST_YEAR = 1800
# PREFIXES[origin][year - FIRST_YEAR]: origin 0 is this county, origin i is ORIGINS[i - 1].
PREFIXES = tuple(
    tuple(era_code(eras, y) for y in range(FIRST_YEAR, 2200))
    for eras in (LOCAL_ERAS,) + tuple(e for _, e in ORIGINS)
)


def random_origin(rnd) -> int:
    """An origin number (1..len(ORIGINS)) for people registered elsewhere."""
    return 1 + int(rnd() * len(ORIGINS))


# Where people go when they leave (流出/迁出).
DESTINATIONS = (
    "成都市武侯区", "成都市郫都区", "成都市双流区", "广东省东莞市", "广东省深圳市宝安区",
    "浙江省宁波市", "福建省泉州市", "重庆市渝北区", "江苏省苏州市", "新疆维吾尔自治区乌鲁木齐市",
    "北京市朝阳区", "上海市松江区", "南充市高坪区", "绵阳市涪城区",
)

# ICD-10 causes of death: (weight, code) for adults, neonates, post-neonatal infants.
ADULT_CAUSES = (
    (14, "I63"), (10, "I21"), (8, "I61"), (9, "C34"), (5, "C16"), (5, "C22"), (3, "C15"),
    (2, "C18"), (12, "J44"), (5, "J18"), (4, "E11"), (3, "N18"), (2, "K74"), (3, "I25"),
    (4, "I10"), (3, "V89"), (2, "W19"), (6, "R54"), (1, "G30"),
)
NEONATAL_CAUSES = ((35, "P07"), (20, "P21"), (12, "P22"), (10, "P36"), (15, "Q24"), (8, "P24"))
INFANT_CAUSES = ((30, "J18"), (25, "Q24"), (15, "A09"), (10, "W79"), (10, "P07"), (10, "G04"))
MATERNAL_CAUSES = ((50, "O72"), (25, "O14"), (15, "O88"), (10, "O85"))


class Picker:
    """Weighted choice over (weight, value) pairs with one random() and a bisect."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, pairs) -> None:
        self.values = tuple(v for _, v in pairs)
        self.cum = tuple(accumulate(w for w, _ in pairs))
        self.total = self.cum[-1]

    def __call__(self, rnd):
        return self.values[bisect(self.cum, rnd() * self.total)]
