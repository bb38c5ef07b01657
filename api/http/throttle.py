"""Login throttling: failed logins counted per account and per address; past a limit
the next attempt waits a short while (429, Retry-After), so guessing is slowed to a
crawl while the account's owner, even under attack, waits seconds, never hours."""

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

MAX_KEYS = 100_000  # what a flood of made-up usernames can make us remember


@dataclass(frozen=True)
class Rule:
    limit: int  # failures within the window …
    window: float  # … seconds, after which …
    wait: float  # … each attempt waits this long after the last failure


@dataclass
class LoginThrottle:
    """Failures by key (("account", name), ("address", ip)), each under its rule."""

    rules: dict[str, Rule]
    clock: Callable[[], float] = time.monotonic
    failures: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, keys: Iterable[tuple[str, str]]) -> int:
        """Whole seconds to wait before these keys may try again (0: now)."""
        now, longest = self.clock(), 0.0
        with self.lock:
            for key in keys:
                recent = self._recent(key, now)
                rule = self.rules[key[0]]
                if len(recent) >= rule.limit:
                    longest = max(longest, recent[-1] + rule.wait - now)
        return math.ceil(longest) if longest > 0 else 0

    def failed(self, keys: Iterable[tuple[str, str]]) -> None:
        now = self.clock()
        with self.lock:
            for key in keys:
                self._recent(key, now).append(now)
            while len(self.failures) > MAX_KEYS:
                del self.failures[next(iter(self.failures))]

    def succeeded(self, key: tuple[str, str]) -> None:
        with self.lock:
            self.failures.pop(key, None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        found = self.failures.setdefault(key, deque())
        while found and found[0] <= now - self.rules[key[0]].window:
            found.popleft()
        return found
