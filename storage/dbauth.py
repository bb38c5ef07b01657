"""Where a PostgreSQL password comes from on AWS: Secrets Manager or an RDS IAM token.

The event store asks for a password each time it opens a connection
(`POSTGRES_GET_PASSWORD_TOPIC`), so a rotated secret or a 15-minute IAM token is
always fresh. The library resolves a topic to a callable that takes no arguments;
`password_topic` registers a configured callable under a topic naming its settings.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from eventsourcing.utils import register_topic, resolve_topic

TOPIC_KEY = "POSTGRES_GET_PASSWORD_TOPIC"


@dataclass(frozen=True)
class SecretPassword:
    """The password in a Secrets Manager secret: JSON with `password` (what RDS
    writes for a managed master password), or the whole secret string."""

    secret_id: str

    def __call__(self) -> str:
        import boto3  # only where a secret is configured: a laptop never pays for it

        client = boto3.client("secretsmanager")
        value = client.get_secret_value(SecretId=self.secret_id)["SecretString"]
        return password_in(str(value))


@dataclass(frozen=True)
class IamToken:
    """An RDS IAM authentication token for the user at the host (signed locally, no
    call to AWS; valid 15 minutes, only for connecting; needs SSL)."""

    host: str
    port: int
    user: str

    def __call__(self) -> str:
        import boto3

        token = boto3.client("rds").generate_db_auth_token(
            DBHostname=self.host, Port=self.port, DBUsername=self.user
        )
        return str(token)


PasswordSource = SecretPassword | IamToken


def password_in(secret: str) -> str:
    try:
        document: Any = json.loads(secret)
    except ValueError:
        return secret
    if isinstance(document, dict) and isinstance(document.get("password"), str):
        return str(document["password"])
    raise ValueError("the database secret holds JSON without a 'password' string")


def password_topic(source: PasswordSource) -> str:
    """A topic the library resolves to the source (the same one for equal settings)."""
    topic = f"{__name__}:{source!r}"
    register_topic(topic, cast(Any, source))
    return topic


def password_getter(env: Mapping[str, str]) -> Callable[[], str] | None:
    """The callable a library setting names, for pools of our own beside the store."""
    topic = env.get(TOPIC_KEY)
    return cast(Callable[[], str], resolve_topic(topic)) if topic else None
