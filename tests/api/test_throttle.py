"""Login throttling by itself, on a clock the test moves."""

import pytest

from api.http.throttle import LoginThrottle, Rule
from storage.eventstore import store_env
from storage.login_failures import MemoryFailures, open_login_failures

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


@pytest.mark.parametrize("username", ["nul\x00name", "lone\ud800surrogate", "王磊"])
def test_any_typed_username_is_counted_on_every_store(
    store_url: str, username: str
) -> None:
    """What a guesser types is never stored as typed: a username no database can
    hold is counted like any other, on PostgreSQL too."""
    book = open_login_failures(store_env(store_url))
    try:
        found = LoginThrottle({"account": Rule(2, 60, 10)}, book)
        keys = [("account", username)]
        found.failed(keys)
        found.failed(keys)
        assert found.retry_after(keys) == 10
        assert found.retry_after([("account", "someone-else")]) == 0
    finally:
        book.close()
