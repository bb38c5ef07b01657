"""A package of five permits through to granted over HTTP, on SQLite and PostgreSQL,
with one 容缺 acceptance whose missing document arrives late; the approvals ledger's
working days (the official calendar's), time cut and overdue counts worked by hand."""

from datetime import datetime
from typing import Any

import pytest

from api.demo.clock import Clock, stamping
from projections.rebuild import contents, fresh, verify
from tests.api.approval_run import COMMITTED, grant_all, steward
from tests.api.bodies import every_row
from tests.api.conftest import Api
from tests.factories import BEIJING

Body = dict[str, Any]


@pytest.fixture(scope="module")
def granted(store_api: Api) -> str:
    """A package whose five permits were all granted, set up over HTTP."""
    with stamping(Clock(datetime(2026, 4, 20, 10, tzinfo=BEIJING))):
        return grant_all(store_api)


def summary(api: Api, package_id: str, as_of: str, group_by: str) -> list[Body]:
    answer = api.as_("supervisor").get(
        "/ledgers/approvals/summary",
        query_string={"group_by": group_by, "package_id": package_id, "as_of": as_of},
    )
    assert answer.status_code == 200, answer.get_json()
    groups: list[Body] = answer.get_json()["groups"]
    return groups


def test_every_permit_of_the_package_is_granted(store_api: Api, granted: str) -> None:
    package = store_api.as_("auditor").get(f"/packages/{granted}").get_json()
    statuses = {k: p["status"] for k, p in package["permits"].items()}
    assert statuses == dict.fromkeys(COMMITTED, "granted")
    assert package["permits"]["eia"]["missing"] == ["公众参与说明"]
    assert package["permits"]["eia"]["supplied_on"] == "2026-05-15"
    assert package["permits"]["works"]["returns"] == 1


def test_the_ledger_counts_working_days_on_the_official_calendar(
    store_api: Api, granted: str
) -> None:
    # Worked by hand, counting the working days after acceptance up to the grant:
    # filing 04-28, 04-29 → 2; land 05-06 … 05-13 with Saturday 05-09 worked in
    # lieu of Labour Day (05-01 … 05-05 off) → 7; eia 05-08 … 05-22 → 12; works
    # 05-20 … 06-05 → 13; build 09-29, 09-30, 10-08, 10-09, Saturday 10-10 worked,
    # 10-12 → 6 (National Day 10-01 … 10-07 off).
    rows = summary(store_api, granted, "2026-12-01T12:00:00+08:00", "permit")
    taken = {r["group"]: r["days_taken"] for r in rows}
    assert taken == {
        "企业投资项目备案": 2,
        "建设用地规划许可": 7,
        "环境影响报告表审批": 12,
        "建设工程规划许可": 13,
        "建筑工程施工许可": 6,
    }


def test_the_time_cut_is_the_mean_of_each_permit_s_cut(
    store_api: Api, granted: str
) -> None:
    # (5−2)/5 = 0.6, (20−7)/20 = 0.65, (20−12)/20 = 0.4, (20−13)/20 = 0.35,
    # (15−6)/15 = 0.6: their mean is 2.6 / 5 = 0.52.
    (total,) = summary(store_api, granted, "2026-12-01T12:00:00+08:00", "project")
    assert total["time_cut"] == "0.520"
    assert (total["statutory_days"], total["days_taken"]) == (80, 40)
    expected = {
        "permits": 5,
        "granted": 5,
        "granted_on_time": 4,  # works took 13 against its committed 10
        "granted_late": 1,
        "past_limit": 0,
        "over_statutory": 0,
        "returned": 1,
        "rongque": 1,
        "rongque_overdue": 0,  # supplied since
        "rongque_supplied_late": 1,  # due 05-12, supplied 05-15
    }
    assert {k: total[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("as_of", "rongque_overdue", "past_limit"),
    [
        ("2026-05-12T18:00:00+08:00", 0, 0),  # the day the documents were due
        ("2026-05-14T18:00:00+08:00", 1, 0),  # two days past it, not supplied
        ("2026-06-02T18:00:00+08:00", 0, 0),  # works: its 10th working day
        ("2026-06-03T18:00:00+08:00", 0, 1),  # works: 11 days, still open
    ],
)
def test_what_is_overdue_is_as_of_the_day_asked(
    store_api: Api, granted: str, as_of: str, rongque_overdue: int, past_limit: int
) -> None:
    (total,) = summary(store_api, granted, as_of, "project")
    assert (total["rongque_overdue"], total["past_limit"]) == (
        rongque_overdue,
        past_limit,
    )


def ledger_rows(api: Api, package_id: str, as_of: str) -> dict[str, Body]:
    answer = api.as_("supervisor").get(
        "/ledgers/approvals", query_string={"package_id": package_id, "as_of": as_of}
    )
    assert answer.status_code == 200, answer.get_json()
    return {r["permit_id"]: r for r in answer.get_json()["items"]}


def test_the_ledger_lists_each_permit_with_its_figures(
    store_api: Api, granted: str
) -> None:
    rows = ledger_rows(store_api, granted, "2026-05-14T18:00:00+08:00")
    assert list(rows) == ["filing", "land", "eia", "works", "build"]
    eia = rows["eia"]
    assert (eia["status"], eia["missing"], eia["supply_by"]) == (
        "accepted",  # as it stood that day: granted on 05-22
        "公众参与说明",
        "2026-05-12",
    )
    assert (eia["days_taken"], eia["due_on"], eia["rongque_overdue"]) == (
        6,  # 05-08, Saturday 05-09 (worked), 05-11, 05-12, 05-13, 05-14
        "2026-05-22",  # the 12th working day after 05-07 (committed: 12)
        True,
    )
    assert rows["build"]["days_taken"] is None  # not accepted by then


# Each column as it stood at the end of the day asked, not as it stands now.
@pytest.mark.parametrize(
    ("day", "permit", "expected"),
    [
        # works: submitted 05-11, returned 05-13, submitted again 05-18,
        # accepted 05-19, granted 06-05.
        ("2026-05-12", "works", {"status": "submitted", "submitted_on": "2026-05-11",
                                 "returned_on": None, "accepted_on": None}),
        ("2026-05-15", "works", {"status": "returned", "submitted_on": "2026-05-11",
                                 "returned_on": "2026-05-13", "returns": 1,
                                 "days_taken": None, "past_limit": False}),
        ("2026-05-18", "works", {"status": "submitted", "submitted_on": "2026-05-18",
                                 "returned_on": None, "returns": 1}),
        ("2026-06-04", "works", {"status": "accepted", "accepted_on": "2026-05-19",
                                 "granted_on": None, "days_taken": 12,
                                 "past_limit": True}),
        # eia: accepted 05-07 with a document missing, supplied 05-15.
        ("2026-05-15", "eia", {"status": "accepted", "supplied_on": "2026-05-15",
                               "rongque_overdue": False, "granted_on": None}),
        ("2026-05-06", "eia", {"status": "submitted", "missing": None,
                               "supply_by": None, "accepted_on": None}),
        # build: nothing before its preparation on 09-21 but its committed limit.
        ("2026-09-20", "build", {"status": "not_started", "committed_days": 7,
                                 "prepared_on": None, "submitted_on": None}),
    ],
)  # fmt: skip
def test_a_ledger_as_of_a_day_shows_each_column_as_it_stood_then(
    store_api: Api, granted: str, day: str, permit: str, expected: Body
) -> None:
    row = ledger_rows(store_api, granted, f"{day}T20:00:00+08:00")[permit]
    assert {k: row[k] for k in expected} == expected


def test_a_ledger_as_of_a_day_before_the_package_lists_none_of_it(
    store_api: Api, granted: str
) -> None:
    assert ledger_rows(store_api, granted, "2026-04-19T20:00:00+08:00") == {}
    (then,) = summary(store_api, granted, "2026-05-12T20:00:00+08:00", "project")
    # filing granted by then (land on 05-13); land and eia accepted, works
    # submitted; build not yet.
    assert (then["permits"], then["submitted"], then["granted"]) == (5, 4, 1)
    assert (then["accepted"], then["open"]) == (3, 2)


def test_the_ledger_exports_as_a_spreadsheet(store_api: Api, granted: str) -> None:
    answer = store_api.as_("supervisor").get(
        "/ledgers/approvals/summary",
        query_string={"group_by": "department", "format": "csv", "lang": "zh"},
    )
    assert answer.status_code == 200
    assert "平均缩短" in answer.get_data(as_text=True).splitlines()[0]


def test_a_permit_s_history_shows_each_step_with_who_device_and_both_clocks(
    store_api: Api, granted: str
) -> None:
    answer = store_api.as_("auditor").get(f"/packages/{granted}/permits/eia/history")
    events = answer.get_json()["events"]
    assert [e["event"] for e in events] == [
        "ApprovalPackage.LimitCommitted",
        "ApprovalPackage.Prepared",
        "ApprovalPackage.Submitted",
        "ApprovalPackage.Accepted",
        "ApprovalPackage.DocumentsSupplied",
        "ApprovalPackage.Granted",
    ]
    agent = str(store_api.as_("agent").officer_id)
    assert events[1]["actor_id"] == agent
    assert events[3]["actor_id"] != agent  # the department's handler
    assert all(e["device_time"] and e["recorded_at"] for e in events)


def test_a_package_as_of_an_earlier_version_shows_its_permits_then(
    store_api: Api, granted: str
) -> None:
    # Created, agents, five limits: version 7 is before any step.
    then = store_api.as_("auditor").get(f"/packages/{granted}?version=7").get_json()
    assert {p["status"] for p in then["permits"].values()} == {"not_started"}
    assert then["permits"]["build"]["committed_days"] == 7


@pytest.mark.parametrize(
    ("as_of", "late"),
    [("2026-06-02T18:00:00+08:00", None), ("2026-06-03T18:00:00+08:00", 1)],
)
def test_a_permit_past_its_limit_is_a_reason_on_the_project_s_warning(
    store_api: Api, granted: str, as_of: str, late: int | None
) -> None:
    auditor = store_api.as_("auditor")
    project = auditor.get(f"/packages/{granted}").get_json()["project_id"]
    rows = every_row(auditor, "/board/projects", as_of=as_of)
    (row,) = [r for r in rows if r["id"] == project]
    reasons = {r["code"]: r["value"] for r in row["reasons"]}
    if late is None:
        assert row["warning"] != "yellow"
        assert "permits_past_limit" not in reasons
    else:
        assert (row["warning"], reasons) == ("yellow", {"permits_past_limit": late})


def test_a_steward_s_results_are_counted_by_the_projects_they_steward(
    store_api: Api, granted: str
) -> None:
    (mine,) = summary(store_api, granted, "2026-12-01T12:00:00+08:00", "steward")
    assert mine["group"] == steward(store_api)["officer_id"]
    assert (mine["permits"], mine["granted"], mine["time_cut"]) == (5, 5, "0.520")


def test_the_approvals_view_rebuilt_from_scratch_equals_the_live_one(
    store_api: Api, granted: str
) -> None:
    services = store_api.services
    services.views.catch_up(services.ledger)
    live = services.views.approvals
    assert len(contents(live)["rows"]) >= 5
    scratch = fresh(services.views, "approvals", "check")
    assert verify(services.ledger, live, scratch) == []


def test_a_package_as_the_server_knew_it_at_an_instant(
    store_api: Api, granted: str
) -> None:
    auditor = store_api.as_("auditor")
    before = auditor.get(
        f"/packages/{granted}", query_string={"as_of": "2026-04-19T10:00:00+08:00"}
    )
    assert before.status_code == 404  # not known yet (set up on 2026-04-20)
    then = auditor.get(
        f"/packages/{granted}", query_string={"as_of": "2026-04-21T10:00:00+08:00"}
    ).get_json()
    assert then["permits"]["build"]["status"] == "granted"
