"""Views at province scale: every view rebuilt in one pass over the log against the
views rebuilt one after another; comparing every view with another copy in the
database against holding both copies in memory (as verify did before); and
`siteledger views verify`'s peak memory and time, on one store.

`python -m bench.views_scale [STORE_URL] [--until N] [--no-verify]`; by default the
bench's province of 345 counties (about 1 M events, `bench.ledgers.store`, generated
once and kept). `--until` rebuilds up to that notification only (both sides alike).
One round of each side (a round is minutes at 1 M events), in the same run.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.ledgers import LARGE, store
from projections import open_views
from projections.rebuild import drop, fresh, rebuild
from storage.eventstore import open_ledger, store_env

BIN = Path(sys.executable).parent
COMPARE = """
import sys
from projections import open_views
from projections.rebuild import contents, differences, fresh
from storage.eventstore import store_env
url, how = sys.argv[1], sys.argv[2]
with open_views(store_env(url)) as views:
    for kind, live in views.by_name().items():
        if how == "in memory":  # two copies of each view, as verify held them
            assert contents(live) == contents(live), kind
        else:
            assert differences(live, live) == [], kind
"""


def one_after_another(url: str, until: int | None) -> float:
    """Seconds to rebuild each view from scratch, one view after another."""
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        took = 0.0
        for kind in views.by_name():
            scratch = fresh(views, kind, "alone")
            started = time.perf_counter()
            rebuild(app, scratch, until=until)
            took += time.perf_counter() - started
            drop(scratch)
        return took


def in_one_pass(url: str, until: int | None) -> tuple[float, int]:
    """Seconds to rebuild every view in one pass, and the notifications rebuilt."""
    with open_ledger(url) as app, open_views(store_env(url)) as views:
        scratches = [fresh(views, kind, "onepass") for kind in views.by_name()]
        started = time.perf_counter()
        reached = rebuild(app, scratches, until=until)
        took = time.perf_counter() - started
        for scratch in scratches:
            drop(scratch)
        return took, reached


# Runs a command as its only child and prints that child's peak resident KiB.
PEAK = (
    "import resource, subprocess, sys;"
    " subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_mb(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Peak resident memory (MB) and seconds of a command in a process of its own."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout) / 1024, time.perf_counter() - started


def run(url: str | None = None, until: int | None = None, verify: bool = True) -> None:
    url = url or store(LARGE)
    env = os.environ | {"SITELEDGER_DATABASE_URL": url, "PYTHONPATH": os.getcwd()}
    python = [sys.executable, "-c", COMPARE, url]
    one_pass, events = in_one_pass(url, until)
    apart = one_after_another(url, until)
    in_memory = peak_mb([*python, "in memory"], env)
    in_database = peak_mb([*python, "in the database"], env)
    cli = peak_mb([str(BIN / "siteledger"), "views", "status"], env)
    with open_ledger(url) as app:
        head = app.notification_count()
    print(f"## Views at scale ({head:,} events; one round each)\n")
    print("| measure | figure |\n| --- | ---: |")
    print(
        f"| every view rebuilt one after another, {events:,} events | {apart:.0f} s |"
    )
    print(f"| every view rebuilt in one pass, {events:,} events | {one_pass:.0f} s |")
    print(f"| one pass ÷ one after another | {one_pass / apart:.2f} |")
    print(f"| every view compared, both copies in memory | {figures(in_memory)} |")
    print(f"| every view compared in the database | {figures(in_database)} |")
    print(f"| `siteledger views status` (the CLI's own size) | {figures(cli)} |")
    if verify:
        found = peak_mb([str(BIN / "siteledger"), "views", "verify"], env)
        print(f"| `siteledger views verify` (rebuild and compare) | {figures(found)} |")


def figures(measured: tuple[float, float]) -> str:
    return f"{measured[0]:.0f} MB peak, {measured[1]:.0f} s"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.views_scale")
    parser.add_argument("url", nargs="?")
    parser.add_argument("--until", type=int, help="rebuild up to this notification")
    parser.add_argument("--no-verify", dest="verify", action="store_false")
    args = parser.parse_args()
    run(args.url, args.until, args.verify)
