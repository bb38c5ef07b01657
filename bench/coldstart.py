"""The Lambda `api` function's cold start beside importing its bare dependencies.

Every sample is a fresh Python process, as a new Lambda container is. The bare side
imports what the app stands on: every module of another package that the service's
code imports and a cold start loads (`bench.dependencies` lists them). The app side
imports `api.aws.handlers` and builds what the first event builds, as Lambda runs it:
PostgreSQL with tables a migration made, `CREATE_TABLES=n`, a pool of one. Rounds of
the sides alternate; the ratio is the median of each round's.

The first pair runs with bytecode, as the bundle ships it (the service's own modules
are compiled first: a shell with PYTHONDONTWRITEBYTECODE would otherwise compile
them at every start). A second pair runs with no bytecode cache (a fresh
`-X pycache_prefix` per process), as a bundle built without the runtime's Python at
hand has none.
"""

import compileall
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from api.migrate import create_tables
from api.settings import Settings
from bench.core import postgres_schema
from bench.measure import interleave, median, paired, pooled

ROOT = Path(__file__).parent.parent
SERVICE = ("api", "domain", "projections", "storage")
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


def bare_imports(env: dict[str, str]) -> str:
    """`import …` of what the service's code imports from other packages."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.dependencies"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return "import " + ", ".join(done.stdout.split())


def measure(url: str, rounds: int, *, compile_all: bool) -> ColdStart:
    env = lambda_env(url)
    imports = bare_imports(env)
    samples = interleave(
        rounds,
        {
            "bare": partial(child, imports, env, compile_all=compile_all),
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
        for package in SERVICE:
            compileall.compile_dir(ROOT / package, quiet=1)
        results = {
            "bytecode shipped (make deploy-check with Python 3.12)": measure(
                url, rounds, compile_all=False
            ),
            "no bytecode shipped": measure(url, rounds, compile_all=True),
        }
    print("## Cold start of the `api` function\n")
    print(
        f"Medians of {rounds} interleaved fresh processes per side: importing the bare"
        " dependencies, against importing `api.aws.handlers` and building the app"
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
