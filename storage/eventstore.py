"""Which event store the application persists to, chosen by a URL."""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from domain.app import SiteLedger

MEMORY = "memory://"


def store_env(
    url: str,
    *,
    pool_size: int = 5,
    cipher_key: str | None = None,
    create_tables: bool = True,
    connect_timeout: int = 1,
) -> dict[str, str]:
    """The library's complete settings for a store URL.

    `sqlite:///var/siteledger.sqlite3` (a file), `postgresql://user:pw@host:5432/db?schema=s`,
    or `memory://`. Everything is passed explicitly, so nothing leaks in from the shell.
    """
    parts = urlsplit(url)
    env = {"CREATE_TABLE": "y" if create_tables else "n"}
    if cipher_key:
        env |= {
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": cipher_key,
        }
    if url == MEMORY:
        return env | {"PERSISTENCE_MODULE": "storage.memory:MemoryFactory"}
    if (path := sqlite_file(url)) is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return env | {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": "storage.prefetch:SQLiteReadAheadRecorder",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    if parts.scheme in {"postgresql", "postgres"}:
        schema = parse_qs(parts.query).get("schema", [""])[0]
        return env | {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "storage.prefetch:PostgresReadAheadRecorder",
            "POSTGRES_DBNAME": unquote(parts.path.removeprefix("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_POOL_SIZE": str(pool_size),
            "POSTGRES_MAX_OVERFLOW": "0",
            "POSTGRES_PRE_PING": "y",
            # Per try of getting a connection: the library tries 10 times.
            "POSTGRES_CONNECT_TIMEOUT": str(connect_timeout),
            "POSTGRES_LOCK_TIMEOUT": "5",
        }
    raise ValueError(f"unknown event store URL scheme {parts.scheme!r}")


def sqlite_file(url: str) -> str | None:
    """The file a SQLite URL names, as written; None for any other store."""
    parts = urlsplit(url)
    if parts.scheme != "sqlite":
        return None
    if parts.netloc:
        raise ValueError(
            "a SQLite URL names a file: sqlite:///relative or sqlite:////absolute"
        )
    return unquote(parts.path).removeprefix("/")


def open_ledger(
    url: str,
    *,
    pool_size: int = 5,
    cipher_key: str | None = None,
    create_tables: bool = True,
) -> SiteLedger:
    """The application on the store the URL names."""
    env = store_env(
        url, pool_size=pool_size, cipher_key=cipher_key, create_tables=create_tables
    )
    return SiteLedger(env=env)
