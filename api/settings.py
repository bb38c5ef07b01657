"""All configuration, read once from the environment and handed down."""

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass

from domain.app import SiteLedger
from storage.eventstore import store_env

PREFIX = "SITELEDGER_"
TRUE = {"y", "yes", "true", "1", "on"}


@dataclass(frozen=True)
class Settings:
    """What an operator may set: each field is `SITELEDGER_<FIELD>` in the shell."""

    database_url: str = "sqlite:///var/siteledger.sqlite3"
    pool_size: int = 5
    cipher_key: str = ""
    create_tables: bool = True
    # Auth: "embedded" issues and checks its own HS256 tokens; "jwks" checks an
    # identity provider's (e.g. Cognito) by its published keys.
    auth_mode: str = "embedded"
    jwt_secret: str = ""  # embedded; empty: a secret kept beside the SQLite store
    jwt_issuer: str = "siteledger"
    jwt_audience: str = "siteledger-api"  # or the app client id for Cognito
    jwt_algorithms: str = "RS256"  # jwks mode, comma-separated
    jwks_url: str = ""
    jwt_username_claim: str = "username"  # Cognito access tokens: "username"
    token_ttl_seconds: int = 8 * 3600
    # Limits of the HTTP API.
    max_body_bytes: int = 1_048_576
    max_batch: int = 500

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            raw = environ.get(PREFIX + field.name.upper())
            if raw is None:
                continue
            if field.type in (bool, "bool"):
                values[field.name] = raw.strip().lower() in TRUE
            elif field.type in (int, "int"):
                values[field.name] = int(raw)
            else:
                values[field.name] = raw
        return cls(**values)  # type: ignore[arg-type]

    def store_env(self) -> dict[str, str]:
        """The event store's complete library settings (views open beside it)."""
        return store_env(
            self.database_url,
            pool_size=self.pool_size,
            cipher_key=self.cipher_key or None,
            create_tables=self.create_tables,
        )

    def open_ledger(self) -> SiteLedger:
        return SiteLedger(env=self.store_env())
