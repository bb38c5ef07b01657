"""Login throttling: failed logins counted per account and per address; past a limit
the next attempt waits a short while (429, Retry-After), so guessing is slowed to a
crawl while the account's owner, even under attack, waits seconds, never hours.
The failures are kept in the store's database (`storage/login_failures.py`), so every
worker and instance counts the same guesses."""

import hashlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storage.login_failures import FailureBook

Key = tuple[str, str]  # ("account", name) or ("address", ip)


@dataclass(frozen=True)
class Rule:
    limit: int  # failures within the window …
    window: float  # … seconds, after which …
    wait: float  # … each attempt waits this long after the last failure


@dataclass(frozen=True)
class LoginThrottle:
    """Failures by key, each kind of key under its rule."""

    rules: dict[str, Rule]
    book: FailureBook
    clock: Callable[[], float] = time.time  # shared by the processes of a machine

    def retry_after(self, keys: Sequence[Key]) -> int:
        """Whole seconds to wait before these keys may try again (0: now)."""
        now, longest = self.clock(), 0.0
        names = {key: named(key) for key in keys}
        found = self.book.since(list(names.values()), now - self._horizon())
        for key, name in names.items():
            rule = self.rules[key[0]]
            recent = [t for t in found.get(name, ()) if t > now - rule.window]
            if len(recent) >= rule.limit:
                longest = max(longest, recent[-1] + rule.wait - now)
        return math.ceil(longest) if longest > 0 else 0

    def failed(self, keys: Sequence[Key]) -> None:
        now = self.clock()
        self.book.add([named(k) for k in keys], now, now - self._horizon())

    def succeeded(self, key: Key) -> None:
        self.book.clear(named(key))

    def _horizon(self) -> float:
        return max(rule.window for rule in self.rules.values())


def named(key: Key) -> str:
    """As kept: a digest of the name or address, so whatever was typed as a username
    (a NUL, a lone surrogate, a password in the wrong field) is never stored."""
    digest = hashlib.sha256(key[1].encode("utf-8", "surrogatepass")).hexdigest()
    return f"{key[0]}:{digest[:32]}"
