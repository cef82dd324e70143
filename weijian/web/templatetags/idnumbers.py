"""{{ number|masked }}: an ID number as lists show it (DOMAIN.md §10)."""

from django import template

from weijian.register.privacy import mask_id_number

register = template.Library()


@register.filter
def masked(number: str | None) -> str:
    return mask_id_number(number) or "—"
