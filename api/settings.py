"""All configuration, read once from the environment and handed down."""

import os
from collections.abc import Mapping
from dataclasses import dataclass

from domain.app import SiteLedger
from storage.eventstore import open_ledger

PREFIX = "SITELEDGER_"


@dataclass(frozen=True)
class Settings:
    """What an operator may set: each field is `SITELEDGER_<FIELD>` in the shell."""

    database_url: str = "sqlite:///var/siteledger.sqlite3"
    pool_size: int = 5
    cipher_key: str | None = None
    create_tables: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        given = {
            k.removeprefix(PREFIX).lower(): v
            for k, v in environ.items()
            if k.startswith(PREFIX)
        }
        return cls(
            database_url=given.get("database_url", cls.database_url),
            pool_size=int(given.get("pool_size", cls.pool_size)),
            cipher_key=given.get("cipher_key") or None,
            create_tables=given.get("create_tables", "y").lower()
            in {"y", "yes", "true", "1"},
        )

    def open_ledger(self) -> SiteLedger:
        return open_ledger(
            self.database_url,
            pool_size=self.pool_size,
            cipher_key=self.cipher_key,
            create_tables=self.create_tables,
        )
