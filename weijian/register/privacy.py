"""Masking of ID numbers (DOMAIN.md §10): first 6 and last 4 characters shown."""

from __future__ import annotations


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"
