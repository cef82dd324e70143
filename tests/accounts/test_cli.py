"""`weijian createuser` and `weijian token`."""

from __future__ import annotations

import pytest

from tests.conftest import TOWNSHIP
from weijian.accounts.models import ApiToken, token_digest
from weijian.accounts.services import user_for_token
from weijian.cli import main

pytestmark = pytest.mark.django_db


def test_createuser_and_token(divisions, capsys, django_user_model):
    assert main(["createuser", "wang", "--role", "township", "--division", TOWNSHIP, "--password", "s3cret-pass"]) == 0
    user = django_user_model.objects.get(username="wang")
    assert user.profile.role == "township"
    assert [d.code for d in user.profile.divisions.all()] == [TOWNSHIP]
    assert user.check_password("s3cret-pass")
    capsys.readouterr()
    assert main(["token", "wang"]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 40
    assert ApiToken.objects.get(user=user).digest == token_digest(token)  # only the digest is stored
    assert user_for_token(token) == user
    assert user_for_token(token + "x") is None


def test_createuser_errors(divisions, capsys):
    assert main(["createuser", "li", "--role", "village", "--division", "511302101299", "--password", "s3cret-pass"]) == 1
    assert "区划代码不存在：511302101299" in capsys.readouterr().err
    assert main(["createuser", "li", "--role", "village", "--division", TOWNSHIP, "--password", "short"]) == 2
    assert "密码至少8位" in capsys.readouterr().err
    assert main(["token", "nobody"]) == 1
    assert "用户“nobody”不存在" in capsys.readouterr().err
