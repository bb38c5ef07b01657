"""Runs every benchmark in one process and prints the figures as Markdown."""

import argparse
import platform
import time
from pathlib import Path

from bench import (
    api,
    chain,
    coldstart,
    core,
    evidence,
    ingest,
    ledgers,
    pages,
    province,
)

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument(
        "--only",
        choices=[
            *("core", "api", "ingest", "ledgers", "coldstart", "evidence"),
            *("pages", "chain", "province"),
        ],
        help="run one",
    )
    parser.add_argument(
        "--odk",
        type=Path,
        help="a checkout of ODK Central's backend, installed: measured beside us",
    )
    parser.add_argument("--odk-node", help="the node (24) to run it with; else PATH's")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"# siteledger benchmarks (Python {platform.python_version()})\n")
    if args.only in (None, "core"):
        core.run(args.postgres, quick=args.quick)
    if args.only in (None, "api"):
        api.run(args.postgres, quick=args.quick)
    if args.only in (None, "ingest"):
        figures = ingest.run(
            args.postgres, odk=args.odk, odk_node=args.odk_node, quick=args.quick
        )
        ingest.print_ingest(figures)
    if args.only in (None, "ledgers"):
        ledgers.run(quick=args.quick)
    if args.only in (None, "coldstart"):
        coldstart.run(args.postgres, quick=args.quick)
    if args.only in (None, "evidence"):
        evidence.run(quick=args.quick)
    if args.only in (None, "pages"):
        pages.run(quick=args.quick)
    if args.only in (None, "province"):
        province.run(args.postgres, quick=args.quick)
    if args.only in (None, "chain"):
        chain.run(args.postgres, quick=args.quick)
    print(f"_The run took {time.perf_counter() - started:.0f} s._")


if __name__ == "__main__":
    main()
