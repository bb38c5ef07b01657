"""Province stores for the scale bench: SQLite files (`bench.ledgers`) and PostgreSQL
schemas, generated once and kept; the readers signed in to them."""

import sys
from collections.abc import Mapping

import psycopg
from psycopg import sql
from tqdm import tqdm

from bench import ledgers
from bench.load import load
from bench.scenario import PROVINCE, Scenario, county_code
from projections import open_views
from storage.eventstore import open_ledger, store_env
from tests.e2e.server import cli

PROVINCE_USER = "bench.province"
TOWN = f"{county_code(0)}001"  # the first county's first township
TOWN_OFFICER = f"officer0.{county_code(0)}"  # the scenario's officer there
SECRET = "bench-province-" + "x" * 40


def postgres_store(server: str, counties: int) -> str:
    """A kept schema of a province of `counties`, its views caught up; a change to
    the generator, the domain or the views makes a new one (the old is dropped)."""
    events = ledgers.fingerprint(ledgers.EVENT_SOURCES)
    views = ledgers.fingerprint(ledgers.VIEW_SOURCES)
    name = f"bench_p{counties}_{events}_{views}"
    with psycopg.connect(server, autocommit=True) as connection:
        found = {
            row[0]
            for row in connection.execute("SELECT nspname FROM pg_namespace")
            if row[0].startswith(f"bench_p{counties}_")
        }
        if name in found:
            return f"{server}?schema={name}"
        for old in found:
            connection.execute(
                sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(old))
            )
        partial = f"{name}_partial"
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(partial)))
    fill(f"{server}?schema={partial}", counties)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(partial), sql.Identifier(name)
            )
        )
    return f"{server}?schema={name}"


def fill(url: str, counties: int) -> None:
    with (
        open_ledger(url) as app,
        tqdm(desc=f"{counties} counties", unit="event", file=sys.stderr) as bar,
    ):
        load(app, Scenario(counties=counties), bar.update)
        with open_views(store_env(url)) as views:
            views.catch_up(app, limit=2000)


def server_env(url: str) -> dict[str, str]:
    return {"SITELEDGER_DATABASE_URL": url, "SITELEDGER_JWT_SECRET": SECRET}


def tokens(env: Mapping[str, str]) -> dict[str, str]:
    """Bearer tokens of a supervisor of the whole province (registered once in each
    store) and of the first township's officer."""
    try:
        cli(
            env,
            *("users", "add", PROVINCE_USER, "--name", "省营商办督查"),
            *("--role", "supervisor", "--jurisdiction", PROVINCE),
            *("--department", "省营商办", "--password", SECRET),
        )
    except RuntimeError as error:
        if "is taken" not in str(error):
            raise
    return {
        "province": cli(env, "token", PROVINCE_USER).strip(),
        "officer": cli(env, "token", TOWN_OFFICER).strip(),
    }
