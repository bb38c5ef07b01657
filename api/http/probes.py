"""The health checks' threads, shared by every request: each dependency checked by
one thread at a time, and none waited for past the health budget."""

import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late
from threading import Lock
from typing import Any

from api.failures import classify

Check = Callable[[], int | None]
Report = dict[str, Any]


class Probes:
    """A thread per dependency at most. A check still running when /health is
    asked again (a dependency that hangs until its own timeouts) is waited for,
    not started twice: a hanging dependency holds one thread, however often a
    load balancer asks, and every answer still comes within the budget."""

    def __init__(self, dependencies: int = 3) -> None:
        self.pool = ThreadPoolExecutor(dependencies, thread_name_prefix="health")
        self.running: dict[str, Future[Report]] = {}
        self.lock = Lock()

    def run(self, checks: Mapping[str, Check], budget: float) -> dict[str, Report]:
        started = time.perf_counter()
        futures = {name: self.started(name, check) for name, check in checks.items()}
        reports = {}
        for name, future in futures.items():
            left = max(0.0, budget - (time.perf_counter() - started))
            try:
                reports[name] = dict(future.result(timeout=left))  # shared
            except Late:
                late = f"no answer within {budget} s"
                reports[name] = {"ok": False, "error": late, "latency_ms": ms(started)}
        return reports

    def started(self, name: str, check: Check) -> "Future[Report]":
        """The check of `name` an earlier request started and is still running,
        or a new one."""
        with self.lock:
            found = self.running.get(name)
            if found is None or found.done():
                found = self.running[name] = self.pool.submit(timed, check)
            return found

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def timed(check: Check) -> Report:
    started = time.perf_counter()
    try:
        value = check()
    except Exception as error:  # reported, not raised: health says what failed
        failure = classify(error)
        reason = failure.detail if failure else type(error).__name__
        return {"ok": False, "error": reason, "latency_ms": ms(started)}
    answer = {"ok": True, "latency_ms": ms(started)}
    return answer if value is None else answer | {"value": value}


def ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
