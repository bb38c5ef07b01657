"""A PostgreSQL password from Secrets Manager (over HTTP) or as an RDS IAM token."""

import json
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import boto3
import pytest

from api.settings import Settings
from storage.credentials import open_credentials
from storage.dbauth import TOPIC_KEY, IamToken, SecretPassword, password_getter
from tests.storage.servers import ACCESS_KEY, SECRET_KEY

HOST = "siteledger.cluster-c1a2b3c4d5e6.rds.cn-northwest-1.amazonaws.com.cn"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> str:
    """boto3 pointed at moto's server, with throwaway credentials."""
    for name, value in {
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": "cn-northwest-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_endpoint


def a_secret(value: str) -> str:
    client = boto3.client("secretsmanager")
    name = f"siteledger-db-{uuid4().hex}"
    return str(client.create_secret(Name=name, SecretString=value)["ARN"])


@pytest.mark.usefixtures("aws_env")
def test_the_password_of_an_rds_managed_secret_is_its_password_field() -> None:
    arn = a_secret(json.dumps({"username": "siteledger", "password": "p@ss 1"}))
    assert SecretPassword(arn)() == "p@ss 1"


@pytest.mark.usefixtures("aws_env")
def test_a_plain_secret_string_is_the_password_itself() -> None:
    assert SecretPassword(a_secret("just-the-password"))() == "just-the-password"


@pytest.mark.usefixtures("aws_env")
def test_a_json_secret_without_a_password_is_refused() -> None:
    with pytest.raises(ValueError, match="password"):
        SecretPassword(a_secret(json.dumps({"username": "siteledger"})))()


@pytest.mark.usefixtures("aws_env")
def test_an_iam_token_is_signed_for_connecting_as_the_user_to_the_host() -> None:
    token = IamToken(HOST, 5432, "siteledger")()
    parts = urlsplit(f"https://{token}")
    query = parse_qs(parts.query)
    assert (parts.hostname, parts.port) == (HOST, 5432)
    assert (query["Action"], query["DBUser"]) == (["connect"], ["siteledger"])
    assert query["X-Amz-Expires"] == ["900"]


def test_settings_name_a_password_source_instead_of_a_password() -> None:
    url = f"postgresql://siteledger@{HOST}:5432/siteledger"
    iam = Settings(database_url=url, database_iam_auth=True).store_env()
    secret = Settings(database_url=url, database_secret_id="arn:secret").store_env()
    assert "POSTGRES_PASSWORD" not in iam
    assert password_getter(iam) == IamToken(HOST, 5432, "siteledger")
    assert password_getter(secret) == SecretPassword("arn:secret")


def test_a_password_source_applies_only_to_postgresql() -> None:
    settings = Settings(database_url="memory://", database_iam_auth=True)
    assert TOPIC_KEY not in settings.store_env()


def test_a_secret_and_iam_auth_together_are_refused() -> None:
    url = f"postgresql://siteledger@{HOST}:5432/siteledger"
    settings = Settings(
        database_url=url, database_secret_id="x", database_iam_auth=True
    )
    with pytest.raises(ValueError, match="not both"):
        settings.store_env()


@pytest.mark.usefixtures("aws_env")
def test_the_store_views_and_credentials_connect_with_the_secrets_password(
    postgres_url: str,
) -> None:
    arn = a_secret(json.dumps({"password": "whatever-trust-accepts"}))
    settings = Settings(database_url=postgres_url, database_secret_id=arn)
    with settings.open_ledger() as ledger:
        assert ledger.notification_count() == 0
    credentials = open_credentials(settings.store_env())
    try:
        assert credentials.get("nobody") is None
    finally:
        credentials.close()
