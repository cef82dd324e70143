"""Creating users and tokens; the lock-out after failed logins."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from weijian.accounts.models import ROLE_LEVEL, ApiToken, LoginFailure, Profile, Role, token_digest
from weijian.divisions.models import Division


class AccountError(ValueError):
    """A request that cannot be done; the message is for the user, in Chinese."""


@transaction.atomic
def user_create(*, username: str, password: str, role: str, division_codes: list[str]):
    """Create a user with a role over the given divisions (their own and everything under them)."""
    if role not in Role.values:
        raise AccountError(f"未知角色“{role}”，应为 {'、'.join(Role.values)}")
    if not division_codes:
        raise AccountError("至少指定一个区划")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户“{username}”已存在")
    divisions = list(Division.objects.filter(code__in=division_codes))
    missing = set(division_codes) - {d.code for d in divisions}
    if missing:
        raise AccountError(f"区划代码不存在：{'、'.join(sorted(missing))}")
    level = ROLE_LEVEL.get(role)
    wrong = [d for d in divisions if level and d.level != level]
    if wrong:
        raise AccountError(f"{Role(role).label}应指定{_level_name(level)}级区划，"
                           f"{wrong[0].code}（{wrong[0].name}）是{wrong[0].get_level_display()}")
    user = User.objects.create_user(username=username, password=password)
    profile = Profile.objects.create(user=user, role=role)
    profile.divisions.set(divisions)
    return user


def _level_name(level: str) -> str:
    from weijian.divisions.models import Level

    return str(Level(level).label)


def token_create(*, username: str) -> str:
    User = get_user_model()
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise AccountError(f"用户“{username}”不存在")
    return ApiToken.issue(user)


def user_for_token(token: str):
    """The active user a bearer token belongs to, or None."""
    found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def login_locked(username: str) -> bool:
    """Whether `username` has failed too often within the lock-out window."""
    since = timezone.now() - timedelta(minutes=settings.WEIJIAN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(username=username, at__gte=since).count() >= settings.WEIJIAN_LOCKOUT_FAILURES


def login_failed(username: str, address: str = "") -> None:
    LoginFailure.objects.create(username=username[:150], address=address[:45])


def login_succeeded(username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()
