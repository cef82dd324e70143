"""The specification and the division plan (province → villages) shared by all workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random

from .dates import stat_years
from .names import VillageNamer, township_names

PROVINCE = ("510000000000", "四川省")
CITY = ("511300000000", "南充市")
COUNTY = ("511302000000", "顺庆区")
COUNTY_PREFIX = COUNTY[0][:6]
COUNTY_MCH = "顺庆区妇幼保健院"
VILLAGES_PER_TOWNSHIP = 20


@dataclass(frozen=True)
class Spec:
    """What to generate: population size, villages, statistical years, seed, last day."""

    persons: int = 16000
    villages: int = 8
    years: int = 3
    seed: int = 1
    end: date = date(2026, 9, 30)


@dataclass
class Village:
    code: str
    name: str
    community: bool
    target: int  # persons at the start of the first generated year


@dataclass
class Township:
    index: int
    code: str
    name: str
    villages: list[Village] = field(default_factory=list)


@dataclass
class Plan:
    townships: list[Township]

    def division_rows(self) -> list[tuple[str, str, str, str]]:
        """divisions.csv rows, parents before children."""
        rows = [
            (PROVINCE[0], PROVINCE[1], "province", ""),
            (CITY[0], CITY[1], "city", PROVINCE[0]),
            (COUNTY[0], COUNTY[1], "county", CITY[0]),
        ]
        for t in self.townships:
            rows.append((t.code, t.name, "township", COUNTY[0]))
            rows.extend((v.code, v.name, "village", t.code) for v in t.villages)
        return rows


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


def build_plan(spec: Spec) -> Plan:
    """Townships of about 20 villages each, village names and start populations."""
    stat_years(spec.end, spec.years)  # validates end and years
    if spec.villages < 1 or spec.persons < spec.villages * 20:
        raise ValueError("need at least one village and 20 persons per village")
    rng = Random(f"weijian-synth-plan:{spec.seed}")
    n_town = -(-spec.villages // VILLAGES_PER_TOWNSHIP)
    if n_town > 499:
        raise ValueError("at most 499 townships")
    names = township_names(n_town, rng)
    namer = VillageNamer(rng)
    # Start population: the file also gains newborns and newcomers during the years.
    start_total = round(spec.persons / (1 + 0.013 * spec.years))
    weights = [(1.6 if i % 20 == 0 else 0.6 + 0.8 * rng.random()) for i in range(spec.villages)]
    scale = start_total / sum(weights)
    townships = []
    v = 0
    for ti, n_v in enumerate(_split(spec.villages, n_town)):
        town = Township(ti, f"{COUNTY_PREFIX}{101 + ti:03d}000", names[ti])
        for k in range(n_v):
            community = k == 0 or (k == n_v // 2 and n_v >= 12)
            name = namer.next(community, town.name)
            code = f"{town.code[:9]}{201 + k:03d}"
            town.villages.append(Village(code, name, community, max(20, round(weights[v] * scale))))
            v += 1
        townships.append(town)
    return Plan(townships)
