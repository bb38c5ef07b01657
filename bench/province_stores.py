"""Province stores for the scale bench: SQLite files (`bench.ledgers`) and PostgreSQL
schemas, generated once and kept; the readers signed in to them."""

import sys
import time
from collections.abc import Mapping

import psycopg
from psycopg import sql
from tqdm import tqdm

from bench import ledgers
from bench.load import load
from bench.scenario import PROVINCE, Scenario, county_code
from domain.app import SiteLedger
from projections import open_views
from storage.eventstore import open_ledger, store_env
from tests.e2e.server import cli

PROVINCE_USER = "bench.province"
TOWN = f"{county_code(0)}001"  # the first county's first township
TOWN_OFFICER = f"officer0.{county_code(0)}"  # the scenario's officer there
SECRET = "bench-province-" + "x" * 40
DEPARTMENT = "省营商办"  # the province's department the supervisor belongs to


def postgres_store(server: str, counties: int) -> str:
    """A kept schema of a province of `counties`, its views caught up. The events
    are kept while the generator and the domain stay the same; the views while the
    projections do (a change to them rebuilds the views only)."""
    name = f"bench_p{counties}_{ledgers.fingerprint(ledgers.EVENT_SOURCES)}"
    with psycopg.connect(server, autocommit=True) as connection:
        found = {
            row[0]
            for row in connection.execute("SELECT nspname FROM pg_namespace")
            if row[0].startswith(f"bench_p{counties}_")
        }
        for old in found - {name}:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(ident(old)))
        if name not in found:
            connection.execute(sql.SQL("CREATE SCHEMA {}").format(ident(name)))
            connection.execute(
                sql.SQL("CREATE TABLE {}.bench_views (fingerprint text)").format(
                    ident(name)
                )
            )
    url = f"{server}?schema={name}"
    with open_ledger(url) as app:
        if app.notification_count() == 0:
            with tqdm(
                desc=f"{counties} counties", unit="event", file=sys.stderr
            ) as bar:
                load(app, Scenario(counties=counties), bar.update)
        caught_up(server, name, url, app)
    analyzed(server, name)
    return url


def analyzed(server: str, name: str) -> None:
    """The schema's tables analyzed, as autovacuum does after a bulk load (a server
    with it off plans a page of a ledger as if a place held a hundred rows)."""
    with psycopg.connect(server, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (name,)
        ).fetchall()
        for (table,) in tables:
            connection.execute(
                sql.SQL("ANALYZE {}.{}").format(ident(name), ident(table))
            )


def caught_up(server: str, name: str, url: str, app: SiteLedger) -> None:
    """The schema's views, built afresh unless built by the projections of now."""
    views = ledgers.fingerprint(ledgers.VIEW_SOURCES)
    marks = sql.SQL("SELECT fingerprint FROM {}.bench_views").format(ident(name))
    with psycopg.connect(server, autocommit=True) as connection:
        if connection.execute(marks).fetchone() == (views,):
            return
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s"
            " AND tablename LIKE 'view%%'",
            (name,),
        ).fetchall()
        for (table,) in tables:
            drop = sql.SQL("DROP TABLE {}.{} CASCADE")
            connection.execute(drop.format(ident(name), ident(table)))
    with open_views(store_env(url)) as built:
        built.catch_up(app, limit=2000)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DELETE FROM {}.bench_views").format(ident(name)))
        mark = sql.SQL("INSERT INTO {}.bench_views VALUES (%s)").format(ident(name))
        connection.execute(mark, (views,))


def ident(name: str) -> sql.Identifier:
    return sql.Identifier(name)


def server_env(url: str) -> dict[str, str]:
    return {"SITELEDGER_DATABASE_URL": url, "SITELEDGER_JWT_SECRET": SECRET}


def tokens(env: Mapping[str, str]) -> dict[str, str]:
    """Bearer tokens of a supervisor of the whole province (registered once in each
    store, with the province's department) and of the first township's officer."""
    add_user = (
        *("users", "add", PROVINCE_USER, "--name", "省营商办督查"),
        *("--role", "supervisor", "--jurisdiction", PROVINCE),
        *("--department", DEPARTMENT, "--password", SECRET),
    )
    try:
        patient(env, *add_user)
    except RuntimeError as error:
        if "no department named" in str(error):
            add = ("departments", "add", "YSB", DEPARTMENT)
            patient(env, *add, "--jurisdiction", PROVINCE)
            patient(env, *add_user)
        elif "is taken" not in str(error):
            raise
    return {
        "province": patient(env, "token", PROVINCE_USER).strip(),
        "officer": patient(env, "token", TOWN_OFFICER).strip(),
    }


def patient(env: Mapping[str, str], *args: str) -> str:
    """The command line's answer, asked again while the store says to retry later
    (on a loaded machine PostgreSQL may take over its second to connect)."""
    for _ in range(9):
        try:
            return cli(env, *args)
        except RuntimeError as error:
            if "retry later" not in str(error):
                raise
            time.sleep(1)
    return cli(env, *args)
