"""Reads of the division tree."""

from __future__ import annotations

from weijian.divisions.models import Division, Level

# A division's code shares this many leading digits with every division under it.
PREFIX_LENGTH = {
    Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12, Level.GROUP: 15,
}


def code_prefix(division: Division) -> str:
    return division.code[: PREFIX_LENGTH[division.level]]
