"""Synthetic population generator: a deterministic, realistic township or county.

Pure Python (standard library only, no Django)::

    from weijian.synth import generate, Spec
    counts = generate(Spec(persons=16000, villages=8, years=3, seed=1), "out/")

writes divisions.csv, persons.csv, births.csv, deaths.csv, marriages.csv,
migrations.csv, services.csv, aggregate.csv and targets.csv (UTF-8 with BOM, the
English headers of DOMAIN.md §5) and returns the rows written per kind.
"""

from .output import generate, iter_kind
from .plan import Spec
from .rows import HEADERS, KINDS

__all__ = ["HEADERS", "KINDS", "Spec", "generate", "iter_kind"]
