"""Who may call the API: anonymous 401, bearer tokens, sessions with CSRF."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import ENDPOINTS
from tests.conftest import TOWNSHIP, make_id

URLS = [f"/api/v1/{name}/" for name in ENDPOINTS] + [
    "/api/v1/persons/511302199005120011/",
    f"/api/v1/indicators/?period=2022TJ&org={TOWNSHIP}",
    f"/api/v1/indicators/records/?period=2022TJ&org={TOWNSHIP}&indicator=births",
    "/api/v1/schema/",
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_gets_401_with_bearer_challenge(api, divisions, url):
    response = api().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert json.loads(response.content)["detail"] == "身份认证信息未提供。"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_anonymous_cannot_post(api, divisions, name):
    assert api().post(f"/api/v1/{name}/", {}, format="json").status_code == 401


def test_bearer_token_authenticates(api, township, users):
    response = api(users.village, token=True).get("/api/v1/persons/")
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize("header", ["Bearer wrong-token", "Bearer", "Bearer a b"])
def test_bad_token_is_401(api, township, users, header):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/persons/")
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"] or "Bearer" in response.json()["detail"]


def test_token_of_deactivated_user_is_401(api, township, users):
    client = api(users.village, token=True)
    users.village.is_active = False
    users.village.save()
    assert client.get("/api/v1/persons/").status_code == 401


def test_session_post_needs_csrf_token_but_bearer_does_not(api, township, users):
    row = {"id_number": make_id("2010-01-01", 1, seq=7), "name": "新人", "sex": 1, "birth_date": "2010-01-01",
           "village_code": township.village_1}
    session = api(users.village, csrf=True)
    refused = session.post("/api/v1/persons/", row, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "CSRF 校验失败：请在 X-CSRFToken 头中带上 csrftoken Cookie 的值"
    assert api(users.village, token=True, csrf=True).post("/api/v1/persons/", row, format="json").status_code == 201


def test_malformed_json_is_400_in_chinese(api, township, users):
    response = api(users.village).post("/api/v1/persons/", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON（应为 UTF-8 编码的一个 JSON 对象）"}
