"""The top navigation: one entry per area, shown to the roles that may use it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from weijian.accounts import scope
from weijian.accounts.models import Role

# (url name, label, roles that see it; None = every role)
NAV = (
    ("web:dashboard", "首页", None),
    ("web:persons", "人口登记", None),
    ("web:entry", "录入", (Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE)),
    ("web:imports", "导入", (Role.COUNTY, Role.TOWNSHIP)),
    ("web:indicators", "指标", None),
    ("web:summary", "工作总结", None),
    ("web:audit", "操作记录", (Role.COUNTY, Role.TOWNSHIP)),
)

# Areas whose pages live under a wider path than their entry page.
PREFIXES = {"web:persons": "/register/"}


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = scope.role(user)
    items = []
    for name, label, roles in NAV:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # an area not built yet
            continue
        active = request.path == url if url == "/" else request.path.startswith(PREFIXES.get(name, url))
        items.append({"url": url, "label": label, "active": active})
    return {"nav": items, "nav_role": Role(role).label if role else ""}
