"""`Authorization: Bearer <token>` with the tokens of `weijian token USERNAME`.

Listed first among the authentication classes: DRF answers an anonymous request with 401
and this class's `WWW-Authenticate` header (with a class that has no header it would be 403).
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from weijian.accounts.services import user_for_token

KEYWORD = b"bearer"


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # no token: the session may still authenticate
        if len(parts) != 2:
            raise AuthenticationFailed("Authorization 头应为“Bearer 令牌”")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("令牌无效") from None
        user = user_for_token(token)
        if user is None:
            raise AuthenticationFailed("令牌无效或账号已停用")
        return user, None

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="weijian"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The login session; a POST without the CSRF token is refused in Chinese."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except PermissionDenied:
            raise PermissionDenied("CSRF 校验失败：请在 X-CSRFToken 头中带上 csrftoken Cookie 的值") from None


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Names the bearer token in the OpenAPI schema's security schemes."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "weijian token USERNAME 打印的令牌"}


class SessionScheme(OpenApiAuthenticationExtension):
    """Names the session cookie in the OpenAPI schema's security schemes."""

    target_class = SessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                "description": "登录 /accounts/login/ 后的会话；POST 需带 X-CSRFToken 头"}
