"""Login with a lock-out after repeated failures."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from weijian.accounts import services


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "locked": "登录失败次数过多，账号已暂时锁定，请稍后再试。",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username and services.login_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failed(username, self.request.META.get("REMOTE_ADDR", "") if self.request else "")
            raise
        services.login_succeeded(username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    redirect_authenticated_user = True
