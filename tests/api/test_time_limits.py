"""Time limits in working days on the official calendar, over HTTP on SQLite and
PostgreSQL: 「60个工作日办结」, 「新问题2天内出解决方案」, never before the assignment."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from api.demo.clock import Clock, stamping
from tests.api import bodies as b
from tests.api.conftest import DEPARTMENT, Api
from tests.factories import BEIJING


@contextmanager
def on(day: date) -> Iterator[Clock]:
    """The server's clock at 10:00 Beijing time on a day."""
    with stamping(Clock(datetime.combine(day, time(10), BEIJING))) as clock:
        yield clock


def assign(
    api: Api, day: date, issue_id: str | None = None, **limits: Any
) -> tuple[str, Any]:
    with on(day):
        issue_id = issue_id or b.given_issue(api, api.home)
        answer = api.as_("supervisor").post(
            f"/issues/{issue_id}/assign", {"department": DEPARTMENT, **limits}
        )
    return issue_id, answer


def test_working_days_skip_the_national_day_holiday(store_api: Api) -> None:
    # 10-01 to 10-07 off; 10-08 is the first working day after 09-30.
    _, answer = assign(store_api, date(2026, 9, 30), working_days=2)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["deadline"] == "2026-10-09"
    assert answer.get_json()["respond_by"] == "2026-10-09"  # 2 working days too


def test_a_make_up_saturday_is_a_working_day(store_api: Api) -> None:
    # 2026-10-10, a Saturday, is worked in lieu (调休).
    _, answer = assign(store_api, date(2026, 10, 9), working_days=1, respond_within=1)
    assert (answer.get_json()["deadline"], answer.get_json()["respond_by"]) == (
        "2026-10-10",
        "2026-10-10",
    )


def test_a_deadline_before_the_assignment_is_refused(store_api: Api) -> None:
    issue_id = b.given_issue(store_api, store_api.home)
    before = store_api.events()
    _, answer = assign(store_api, date(2026, 6, 1), issue_id, deadline="2026-05-31")
    assert answer.status_code == 422
    assert "2026-05-31 is before the assignment, on 2026-06-01" in str(
        answer.get_json()
    )
    assert store_api.events() == before


def test_a_limit_is_a_date_or_working_days_not_both(store_api: Api) -> None:
    _, answer = assign(
        store_api, date(2026, 6, 1), deadline="2026-06-30", working_days=20
    )
    assert answer.status_code == 422


def test_a_year_the_calendar_does_not_know_is_named_not_guessed(
    store_api: Api,
) -> None:
    issue_id, answer = assign(store_api, date(2026, 12, 30), working_days=5)
    assert answer.status_code == 409
    assert "working-day calendar of 2027 is not known" in answer.get_json()["detail"]
    got = store_api.as_("auditor").get(f"/issues/{issue_id}").get_json()
    assert got["status"] == "raised"


def test_a_deadline_given_as_a_date_late_in_the_year_is_not_refused_for_the_default_first_response(
    store_api: Api,
) -> None:
    # The default 2 working days from 12-30 reach 2027, which the calendar does not
    # know: the assignment stands, the first response due by the deadline.
    _, answer = assign(store_api, date(2026, 12, 30), deadline="2027-01-20")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["respond_by"] == "2027-01-20"
    _, asked = assign(
        store_api, date(2026, 12, 30), deadline="2027-01-20", respond_within=2
    )
    assert asked.status_code == 409  # asked for in working days: named, not guessed


def test_the_ledger_flags_a_first_response_overdue_until_the_department_answers(
    store_api: Api,
) -> None:
    api = store_api
    issue_id, _ = assign(api, date(2026, 6, 5), deadline="2026-06-30")  # a Friday
    ledger = "/ledgers/issues?as_of=2026-06-10T12:00%2B08:00"
    row = one_row(api, ledger, issue_id)
    assert (row["respond_by"], row["response_overdue"]) == ("2026-06-09", True)
    with on(date(2026, 6, 11)):
        assert api.as_("handler").post(f"/issues/{issue_id}/accept").status_code == 200
    assert one_row(api, ledger, issue_id)["response_overdue"] is True  # as of then
    now = one_row(api, "/ledgers/issues", issue_id)
    assert (now["response_overdue"], now["responded_at"][:10]) == (False, "2026-06-11")


def one_row(api: Api, path: str, issue_id: str) -> dict[str, Any]:
    rows = b.every_row(api.as_("supervisor"), path.partition("?")[0], **query(path))
    (row,) = [r for r in rows if r["id"] == issue_id]
    return row


def query(path: str) -> dict[str, str]:
    _, _, asked = path.partition("?")
    pairs = [p.split("=", 1) for p in asked.split("&") if p]
    return {k: v.replace("%2B", "+") for k, v in pairs}
