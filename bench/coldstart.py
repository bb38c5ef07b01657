"""The Lambda `api` function's cold start beside importing its bare dependencies.

Every sample is a fresh Python process, as a new Lambda container is. The bare side
imports what the app stands on (flask, flask_smorest, marshmallow, eventsourcing,
psycopg, boto3, jwt); the app side imports `api.handlers` and builds what the first
event builds, as Lambda runs it: PostgreSQL with tables a migration made,
`CREATE_TABLES=n`, a pool of one. Rounds of the sides alternate; the ratio is the median of each round's.

A second pair runs with no bytecode cache (a fresh `-X pycache_prefix` per process):
the Lambda bundle is built for another Python than the one building it, so it ships
no `.pyc` and a cold start compiles what it imports.
"""

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import partial

from api.migrate import create_tables
from api.settings import Settings
from bench.core import postgres_schema
from bench.measure import interleave, median, paired, pooled

BARE = "import flask, flask_smorest, marshmallow, eventsourcing, psycopg, boto3, jwt"
APP = "import api.handlers as handlers\nhandlers.HTTP.get()"
CHILD = """
import time
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
ROUNDS = 7
TARGET = 1.5
SECRET = "a-bench-secret-long-enough-for-hs256-signatures"


@dataclass(frozen=True)
class ColdStart:
    """Median seconds of each side in fresh processes, and the median of the ratios
    of the sides' samples taken side by side in each round."""

    bare: float
    app: float
    ratio: float


def child(body: str, env: dict[str, str], *, compile_all: bool) -> list[float]:
    """One fresh interpreter running `body`; its seconds, as it measured them."""
    with tempfile.TemporaryDirectory() as cache:
        flags = ["-X", f"pycache_prefix={cache}"] if compile_all else []
        done = subprocess.run(
            [sys.executable, *flags, "-c", CHILD.format(body=body)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return [float(done.stdout.strip().splitlines()[-1])]


def lambda_env(url: str) -> dict[str, str]:
    """This process's environment, with what serverless.yml sets for the functions."""
    ours = {key: value for key, value in os.environ.items() if "SITELEDGER_" not in key}
    return ours | {
        "SITELEDGER_DATABASE_URL": url,
        "SITELEDGER_CREATE_TABLES": "n",
        "SITELEDGER_POOL_SIZE": "1",
        "SITELEDGER_JWT_SECRET": SECRET,
    }


def measure(url: str, rounds: int, *, compile_all: bool) -> ColdStart:
    env = lambda_env(url)
    samples = interleave(
        rounds,
        {
            "bare": partial(child, BARE, env, compile_all=compile_all),
            "app": partial(child, APP, env, compile_all=compile_all),
        },
    )
    bare, app = pooled(samples, "bare"), pooled(samples, "app")
    ratio = paired(samples, lambda side: side["app"][0] / side["bare"][0])
    return ColdStart(median(bare), median(app), ratio)


def run(postgres: str, *, quick: bool = False) -> dict[str, ColdStart]:
    """Measures both pairs and prints their table; answers them by name."""
    rounds = 3 if quick else ROUNDS
    with postgres_schema(postgres) as url:
        create_tables(Settings(database_url=url))
        results = {
            "bytecode shipped (make deploy-check with Python 3.12)": measure(
                url, rounds, compile_all=False
            ),
            "no bytecode shipped": measure(url, rounds, compile_all=True),
        }
    print("## Cold start of the `api` function\n")
    print(
        f"Medians of {rounds} interleaved fresh processes per side: importing the bare"
        " dependencies, against importing `api.handlers` and building the app"
        " (PostgreSQL, `CREATE_TABLES=n`, pool of one).\n"
    )
    print(f"| bytecode | bare imports | handler + app | ratio (target ≤ {TARGET}) |")
    print("| --- | ---: | ---: | ---: |")
    for name, found in results.items():
        mark = "✓" if found.ratio <= TARGET else "✗"
        print(
            f"| {name} | {found.bare * 1000:,.0f} ms | {found.app * 1000:,.0f} ms"
            f" | {found.ratio:.2f} {mark} |"
        )
    print()
    return results
