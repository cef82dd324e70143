"""Synthetic population generator: a deterministic, realistic township or county.

Pure Python (standard library only, no Django)::

    from weijian.synth import generate, iter_kind, Spec
    spec = Spec(persons=16000, villages=8, years=3, seed=1, end=date(2026, 9, 30))
    counts = generate(spec, "out/")          # {"persons": 15992, "births": 435, ...}
    births = list(iter_kind(spec, "births"))  # the rows of one kind, without header

``generate`` writes divisions.csv, persons.csv, births.csv, deaths.csv, marriages.csv,
migrations.csv, services.csv, aggregate.csv and targets.csv (UTF-8 with BOM, CRLF, the
English headers of DOMAIN.md §5 in that order) and returns the rows written per kind.
The same Spec always gives byte-identical files, whatever the number of worker processes.

How it works: the county has ceil(villages / 20) townships; each township is generated
on its own (own random stream, own lane of ID sequence numbers), in parallel processes
when there are several, and the files are the townships' rows in order.  Per township:
``households`` builds the register on the first day of the first statistical year,
``events`` replays the years' births, deaths, marriages, divorces and migrations day by
day (each event picks eligible people at that moment), ``services`` and ``activity``
derive the service records, monthly activity counts and yearly targets from the result.

Decisions worth knowing:

- ID address codes are the division's code when the number was first issued: people
  born before 1993 carry 512901 (南充市, of which 顺庆区 was part), later ones 511302;
  people registered elsewhere carry their county's code of that time (names.ORIGINS).
  Every number passes ``stdnum.cn.ric.is_valid``, which checks codes against birth years.
- ``parity`` = 1 + the mother's children in persons.csv born before + (birth_order − 1):
  a second twin counts one more than the first (多胞胎按出生顺序分别计孩次).
- A child without an ID number (about 2 % of live births: mostly the last 60 days, plus
  at least one neonatal death a year per township) is in births.csv but not persons.csv;
  such a death is written with mother_id_number + child_birth_date + birth_order.
- 迁出 ends a person's events and services here; residence keeps its last value (常住 or
  流出): registered population should be computed with the 迁出 events.
- Households never exceed 6 members: a wedding into a big household splits off a new one
  (分户), and women in 6-member households do not give birth.
"""

from .output import generate, iter_kind
from .plan import Spec
from .rows import HEADERS, KINDS

__all__ = ["HEADERS", "KINDS", "Spec", "generate", "iter_kind"]
