"""The OpenAPI document's paths and schemas change only by review: today's are held to
a committed snapshot, and everything cc0eb09 documented is still documented, equal
apart from operation ids, or listed below as changed since by a later issue.

Both snapshots are `tests/api/openapi_snapshot.py`'s output (paths without operation
ids, and `components.schemas`). Today's, after a reviewed change to the API:

    PYTHONPATH=. .venv/bin/python tests/api/openapi_snapshot.py \\
        > tests/fixtures/openapi/current.json

and the operations and schemas added since cc0eb09, one a line, in
`tests/fixtures/openapi/added-since-cc0eb09.txt`.

cc0eb09's was generated once, from an export of that commit in a scratch folder, by
the same script (run with today's environment, flask-smorest 0.47):

    git archive cc0eb09 | tar -x -C "$scratch"
    PYTHONPATH="$scratch" .venv/bin/python tests/api/openapi_snapshot.py \\
        > tests/fixtures/openapi/cc0eb09.json
"""

import json
from pathlib import Path
from typing import Any

import pytest

from tests.api.openapi_snapshot import dumped, generated

SNAPSHOTS = Path(__file__).parents[1] / "fixtures" / "openapi"

# What later issues changed of cc0eb09's document on purpose (a field, a filter, a
# response or an enum value added; a department given by id instead of by name).
CHANGED_SINCE = {
    "post /auth/token": "429 when sign-ins are throttled",
    "get /board/departments": "the ranking scored (考核), its summary says so",
    "get /board/disclosure": "a place's code of ASCII digits, as a command's",
    "get /board/projects": "a place's code of ASCII digits, as a command's",
    "get /ledgers/visits": "a place's code of ASCII digits, as a command's",
    "get /ledgers/visits/summary": "a place's code of ASCII digits, as a command's",
    "get /ledgers/visits/unvisited": "a place's code of ASCII digits, as a command's",
    "get /board/lists": "lists of a month, a quarter or a year",
    "get /health": "each dependency's answer, 503 when one fails",
    "get /ledgers/issues": "filters by department id and by intake",
    "get /ledgers/issues/summary": "filters by department id and by intake",
    "get /officers": "a filter by department id",
    "get /sync/changes": "a first sync from the current state",
    "AssignDepartmentRequest": "a department by id",
    "AssignIssueRequest": "a department by id; limits in working days",
    "BoardProject": "assessments, stewards, leaders, places' names",
    "ChangesResponse": "the first sync's state",
    "DisclosureRow": "the place's code and names",
    "EscalateIssueRequest": "提级 hands the problem on",
    "Figures": "the department's id",
    "GrantRoleRequest": "the agent and callback roles",
    "HealthResponse": "each dependency's answer",
    "HistoryEntry": "the actor's name and the event's proof",
    "IssueResponse": "intake beyond visits, first responses, callbacks, reopening",
    "IssueRow": "intake beyond visits, first responses, callbacks, reopening",
    "Lists": "lists of a month, a quarter or a year",
    "OfficerResponse": "the agent and callback roles; the department's id",
    "Problem": "a retry's hint, the dependency or setting at fault, the request id",
    "ProjectResponse": "node plans and the statistics' entry",
    "RaiseIssueRequest": "intake beyond visits (12345, meetings, grids, subjects)",
    "RankedDepartment": "the ranking scored (考核)",
    "RateIssueRequest": "the callback's channel",
    "RecordMilestoneRequest": "the node plan's milestones",
    "RegisterOfficerRequest": "the agent and callback roles; the department's id",
    "RevokeRoleRequest": "the agent and callback roles",
    "SyncCommand": "the commands added since",
    "SyncResponse": "the position of the changes a batch made",
    "TransferIssueRequest": "a department by id; limits in working days",
}


def load(name: str) -> dict[str, Any]:
    held: dict[str, Any] = json.loads((SNAPSHOTS / name).read_text(encoding="utf-8"))
    return held


def entries(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Each operation (`method path`) and each schema (its name), with its text."""
    found: dict[str, Any] = {
        f"{method} {path}": operation
        for path, operations in snapshot["paths"].items()
        for method, operation in operations.items()
    }
    found.update(snapshot["schemas"])
    return found


@pytest.fixture(scope="module")
def today() -> dict[str, Any]:
    return generated()


def test_the_document_is_the_reviewed_snapshot(today: dict[str, Any]) -> None:
    """A change to a path or a schema shows as a diff of current.json, reviewed."""
    assert dumped(today) == (SNAPSHOTS / "current.json").read_text(encoding="utf-8")


def test_everything_cc0eb09_documented_is_still_there(today: dict[str, Any]) -> None:
    before, now = entries(load("cc0eb09.json")), entries(today)
    assert sorted(set(before) - set(now)) == []
    added = (SNAPSHOTS / "added-since-cc0eb09.txt").read_text(encoding="utf-8")
    assert sorted(set(now) - set(before)) == added.split("\n")[:-1]


def test_what_cc0eb09_documented_is_unchanged_but_for_later_issues(
    today: dict[str, Any],
) -> None:
    before, now = entries(load("cc0eb09.json")), entries(today)
    changed = {name for name, text in before.items() if now.get(name) != text}
    assert changed == set(CHANGED_SINCE)
