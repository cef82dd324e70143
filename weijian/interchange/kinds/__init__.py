"""The import/export kinds of DOMAIN.md §5, in the order a full import must follow."""

from __future__ import annotations

from weijian.interchange import KIND_NAMES
from weijian.interchange.kinds.base import Kind
from weijian.interchange.kinds.births import BirthsKind
from weijian.interchange.kinds.deaths import DeathsKind
from weijian.interchange.kinds.divisions import DivisionsKind
from weijian.interchange.kinds.figures import AggregateKind, TargetsKind
from weijian.interchange.kinds.marriages import MarriagesKind
from weijian.interchange.kinds.migrations import MigrationsKind
from weijian.interchange.kinds.persons import PersonsKind
from weijian.interchange.kinds.services import ServicesKind

KINDS: dict[str, type[Kind]] = {
    kind.name: kind
    for kind in (
        DivisionsKind, PersonsKind, BirthsKind, DeathsKind, MarriagesKind, MigrationsKind, ServicesKind,
        AggregateKind, TargetsKind,
    )
}
ORDER: tuple[str, ...] = KIND_NAMES
assert tuple(KINDS) == KIND_NAMES


class UnknownKind(KeyError):
    pass


def get_kind(name: str) -> Kind:
    """A fresh kind object (it keeps state for one import run)."""
    try:
        return KINDS[name]()
    except KeyError:
        raise UnknownKind(f"未知的数据类别“{name}”：可选 {', '.join(ORDER)}") from None
