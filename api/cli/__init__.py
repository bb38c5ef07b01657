"""The command line (`siteledger`): its root group in `root`, a module a group."""

from api.cli.root import main

__all__ = ["main"]
