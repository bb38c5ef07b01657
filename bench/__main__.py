"""Runs every benchmark in one process and prints the figures as Markdown."""

import argparse

from bench import core

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL")
    parser.add_argument("--quick", action="store_true", help="fewer commands")
    args = parser.parse_args()
    core.run(args.postgres, quick=args.quick)


if __name__ == "__main__":
    main()
