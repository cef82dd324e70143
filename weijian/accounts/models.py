"""Roles, division assignments, API tokens and failed logins."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY = "county", _("县级管理员")
    TOWNSHIP = "township", _("乡镇工作人员")
    VILLAGE = "village", _("村专干")
    VIEWER = "viewer", _("只读用户")


# The level of division each role is assigned to (a viewer may be assigned to any).
ROLE_LEVEL = {Role.COUNTY: "county", Role.TOWNSHIP: "township", Role.VILLAGE: "village"}


class Profile(models.Model):
    """A user's role and the divisions they work in (their own and everything under them)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    divisions = models.ManyToManyField("divisions.Division", verbose_name=_("负责区划"), related_name="+")

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        permissions = [("view_full_id_number", _("可查看和导出完整身份证号"))]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    @classmethod
    def issue(cls, user) -> str:
        """Create a token for `user` and return it in clear (shown once)."""
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=token_digest(token))
        return token


class LoginFailure(models.Model):
    """A failed login, for the lock-out after repeated failures."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    address = models.CharField(max_length=45, blank=True)
