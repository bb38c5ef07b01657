"""Login throttling by itself, on a clock the test moves."""

from api.http.throttle import LoginThrottle, Rule
from storage.login_failures import MemoryFailures

ACCOUNT = ("account", "wang-lei")


def throttle(now: list[float]) -> LoginThrottle:
    rules = {"account": Rule(3, 60, 10)}
    return LoginThrottle(rules, MemoryFailures(), clock=lambda: now[0])


def test_past_the_limit_each_attempt_waits_after_the_last_failure() -> None:
    now = [0.0]
    found = throttle(now)
    for _ in range(3):
        assert found.retry_after([ACCOUNT]) == 0
        found.failed([ACCOUNT])
    assert found.retry_after([ACCOUNT]) == 10
    now[0] = 9.5
    assert found.retry_after([ACCOUNT]) == 1
    now[0] = 10.0
    assert found.retry_after([ACCOUNT]) == 0


def test_failures_older_than_the_window_are_forgotten() -> None:
    now = [0.0]
    found = throttle(now)
    found.failed([ACCOUNT, ACCOUNT, ACCOUNT])
    now[0] = 61.0
    assert found.retry_after([ACCOUNT]) == 0


def test_a_right_password_clears_the_accounts_failures() -> None:
    now = [0.0]
    found = throttle(now)
    found.failed([ACCOUNT, ACCOUNT, ACCOUNT])
    found.succeeded(ACCOUNT)
    assert found.retry_after([ACCOUNT]) == 0
