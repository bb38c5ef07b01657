"""Failed logins are kept with the same contract on memory, SQLite and PostgreSQL, and
on a database every process that opens the store sees the same ones."""

from collections.abc import Iterator

import pytest

from storage.eventstore import store_env
from storage.login_failures import FailureBook, open_login_failures

ACCOUNT, ADDRESS = "account:wang-lei", "address:10.0.0.7"


@pytest.fixture
def book(store_url: str) -> Iterator[FailureBook]:
    found = open_login_failures(store_env(store_url))
    yield found
    found.close()


def test_a_key_with_no_failure_is_not_listed(book: FailureBook) -> None:
    assert book.since([ACCOUNT], 0.0) == {}


def test_failures_are_listed_by_key_oldest_first_after_the_instant(
    book: FailureBook,
) -> None:
    book.add([ACCOUNT, ADDRESS], 100.0, forget_before=0.0)
    book.add([ACCOUNT], 105.5, forget_before=0.0)
    book.add(["account:li-na"], 106.0, forget_before=0.0)
    assert book.since([ACCOUNT, ADDRESS], 50.0) == {
        ACCOUNT: [100.0, 105.5],
        ADDRESS: [100.0],
    }
    assert book.since([ACCOUNT, ADDRESS], 100.0) == {ACCOUNT: [105.5]}


def test_adding_forgets_every_failure_older_than_asked(book: FailureBook) -> None:
    book.add([ACCOUNT], 10.0, forget_before=0.0)
    book.add([ADDRESS], 20.0, forget_before=0.0)
    book.add([ADDRESS], 1000.0, forget_before=15.0)
    assert book.since([ACCOUNT, ADDRESS], 0.0) == {ADDRESS: [20.0, 1000.0]}


def test_clearing_a_key_keeps_the_others(book: FailureBook) -> None:
    book.add([ACCOUNT, ADDRESS], 10.0, forget_before=0.0)
    book.clear(ACCOUNT)
    assert book.since([ACCOUNT, ADDRESS], 0.0) == {ADDRESS: [10.0]}


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_every_process_opening_the_store_sees_the_same_failures(
    database: str, request: pytest.FixtureRequest
) -> None:
    """Two workers (or Lambda instances) each open the book: a guess counted by
    one is seen by the other, and a success cleared by either is gone for both."""
    env = store_env(request.getfixturevalue(f"{database}_url"))
    first, second = open_login_failures(env), open_login_failures(env)
    try:
        first.add([ACCOUNT], 10.0, forget_before=0.0)
        second.add([ACCOUNT], 11.0, forget_before=0.0)
        assert first.since([ACCOUNT], 0.0) == {ACCOUNT: [10.0, 11.0]}
        second.clear(ACCOUNT)
        assert first.since([ACCOUNT], 0.0) == {}
    finally:
        first.close()
        second.close()
