"""Problems answer in the reader's language: Chinese when Accept-Language asks for it,
English otherwise, the same status and fields either way."""

from uuid import uuid4

import pytest

from tests.api.conftest import Api


@pytest.mark.parametrize("header", ["zh-CN,zh;q=0.9,en;q=0.5", "zh", "zh-Hans"])
def test_a_missing_problem_is_told_in_chinese_to_a_chinese_reader(
    api: Api, header: str
) -> None:
    missing = uuid4()
    response = api.as_("supervisor").get(
        f"/issues/{missing}", headers={"Accept-Language": header}
    )
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.headers["Content-Language"] == "zh"
    body = response.get_json()
    assert body["title"] == "未找到"
    assert body["detail"] == f"问题{missing}不存在，或不在您的管辖范围内"


@pytest.mark.parametrize("header", [None, "en-GB,en;q=0.9", "fr", "en,zh;q=0.1"])
def test_anyone_else_reads_english(api: Api, header: str | None) -> None:
    missing = uuid4()
    headers = {"Accept-Language": header} if header else {}
    response = api.as_("supervisor").get(f"/issues/{missing}", headers=headers)
    body = response.get_json()
    assert body["title"] == "Not Found"
    assert body["detail"] == f"Issue {missing} not found"
    assert "Accept-Language" in response.headers["Vary"]


def test_a_refused_body_keeps_its_field_errors_under_a_chinese_title(
    api: Api,
) -> None:
    response = api.as_("supervisor").post(
        "/issues", {"surprise": 1}, headers={"Accept-Language": "zh-CN"}
    )
    body = response.get_json()
    assert response.status_code == 422
    assert body["title"] == "内容无法处理"
    assert body["detail"].startswith("请查看 errors")
    assert "surprise" in str(body["errors"])


def test_signing_in_wrongly_is_told_in_chinese(api: Api) -> None:
    response = api.app.test_client().post(
        "/auth/token",
        json={"username": "nobody", "password": "wrong-password"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 401
    assert response.get_json()["detail"] == "用户名或密码错误，或账号已停用"
