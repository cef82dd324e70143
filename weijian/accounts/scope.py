"""Which divisions a user may see and change: every page, export and API call asks here.

A user sees the divisions they are assigned to and everything under them (division codes
share their leading digits with every division below, ``PREFIX_LENGTH``). A superuser sees
everything; a user without a role sees nothing. Viewers never change anything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from weijian.accounts.models import Role
from weijian.divisions.models import Division
from weijian.divisions.selectors import code_prefix

FULL_ID_PERMISSION = "accounts.view_full_id_number"


def prefixes(user) -> tuple[str, ...]:
    """The code prefixes of the user's divisions; ("",) for everything, () for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_weijian_prefixes", None)
    if cached is None:
        if user.is_superuser:
            cached = ("",)
        else:
            profile = _profile(user)
            cached = tuple(sorted({code_prefix(d) for d in profile.divisions.all()})) if profile else ()
        user._weijian_prefixes = cached
    return cached


def role(user) -> str | None:
    if getattr(user, "is_superuser", False):
        return Role.COUNTY
    profile = _profile(user)
    return profile.role if profile else None


def _profile(user):
    try:
        return user.profile
    except Exception:  # RelatedObjectDoesNotExist of the reverse one-to-one
        return None


def division_filter(user, field: str = "") -> Q:
    """A filter on `field` (a foreign key to Division, "" for Division itself) to the user's divisions."""
    lookup = f"{field}__code__startswith" if field else "code__startswith"
    allowed = prefixes(user)
    if "" in allowed:
        return Q()
    if not allowed:
        return Q(pk__in=[])
    condition = Q()
    for prefix in allowed:
        condition |= Q(**{lookup: prefix})
    return condition


def visible_divisions(user) -> QuerySet[Division]:
    return Division.objects.filter(division_filter(user)).order_by("code")


def scoped(queryset: QuerySet, user, field: str = "village") -> QuerySet:
    """`queryset` restricted to the records whose `field` division the user may see."""
    return queryset.filter(division_filter(user, field))


def can_see(user, division: Division | None) -> bool:
    return division is not None and any(division.code.startswith(p) for p in prefixes(user))


def can_change(user, division: Division | None) -> bool:
    """Whether the user may enter or change records of `division`."""
    return role(user) not in (None, Role.VIEWER) and can_see(user, division)


def division_or_404(user, code: str | None) -> Division:
    """The division with `code` if the user may see it; else 404, as if it did not exist."""
    division = Division.objects.filter(code=code or "").first()
    if not can_see(user, division):
        raise Http404("没有这个单位")
    return division


def home_division(user) -> Division | None:
    """The highest division the user is assigned to: where their pages start (a superuser
    without assignments starts at the top of the tree)."""
    profile = _profile(user) if getattr(user, "is_active", False) else None
    assigned = min(profile.divisions.all(), key=lambda d: (len(code_prefix(d)), d.code), default=None) if profile else None
    if assigned is None and getattr(user, "is_superuser", False):
        return Division.objects.filter(parent__isnull=True).order_by("code").first()
    return assigned


def may_view_full_id(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(FULL_ID_PERMISSION)
