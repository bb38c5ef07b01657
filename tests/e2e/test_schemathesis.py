"""schemathesis against the live server: every check, every phase, two jurisdictions.

The server holds the demo county (so lists and ids are real); `alpha` works in it and
`beta` in the county next door, each with every role. schemathesis signs both in at
POST /auth/token and replays what one reads as the other, looking for objects a
jurisdiction must not see (its object-level authorization check).
"""

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.client import PASSWORD, add_user
from tests.e2e.server import BIN, cli, serve, server_env

ROLES = ("officer", "handler", "supervisor", "auditor", "admin")
PEERS = {"alpha": "610502", "beta": "610503"}  # neighbouring counties
EXAMPLES = 10  # per operation and phase: the run takes about a minute on 2 cores
SECONDS = 600  # a run that takes longer has stalled (135 operations; one took over
# 300 s on a slower machine in the whole suite's run)
SEED = "2026"  # the same cases every run; change it to explore others
# Operations by name ("GET /issues"): one regex, so both method and path must match.
LISTS = (
    r"^GET /(projects|enterprises|officers|checklists|departments|visits|issues"
    r"|evidence|package-templates|packages|places|sync/changes"
    r"|ledgers/issues|ledgers/visits|ledgers/visits/unvisited|board/projects"
    r"|meetings|meetings/tasks)$"
)
READS = (
    r"^GET /(projects|enterprises|officers|checklists|departments|visits|issues"
    r"|evidence|package-templates|packages|places|meetings)"
    r"/\{[a-z_]+\}$"
)
CONFIG = r"""
# Patterns bounding a date's year make hypothesis discard many generated dates: slower
# generation, not a finding about the API.
suppress-health-check = ["filter_too_much"]

[auth.wfc]
path = "{auth}"
peers = ["alpha", "beta"]

# Narrow allowances, each for what an OpenAPI document cannot express:

# A cursor is opaque: which base64url strings this service gave out cannot be said
# in a schema, so a well-formed one it never gave out is a 400. And a list's longest
# query is refused before it is parsed (414, documented) when a value is far
# beyond its maxLength.
[[operations]]
include-name-regex = '{lists}'
checks.positive_data_acceptance.expected-statuses = {accepted_with_400}
checks.negative_data_rejection.expected-statuses = {rejected_with_414}

# `as_of` and `version` exclude each other (422): OpenAPI has no constraint across
# query parameters.
[[operations]]
include-name-regex = '{reads}'
checks.positive_data_acceptance.expected-statuses = {accepted_with_422}

# Rules across fields or with check characters, beyond a schema of one field: a
# credit code's check character (GB 32100), a visit to exactly one of a project or an
# enterprise, a problem's visit given exactly when its source is a visit, a project's
# finish after its start, a handler's department, a photo's checklist item given
# exactly for an answer and its size within the configured limit, a package's
# template version, a published period's months in order, a place's level fitting
# its code's length, a meeting's kind among the county's (a setting). The domain
# answers 422 naming it.
[[operations]]
include-name-regex = '^POST /(enterprises|projects|visits|issues|officers|evidence|packages|departments|places|meetings|board/departments/publications)$'
checks.positive_data_acceptance.expected-statuses = {accepted_with_422}

# A period of lists is a month or a quarter of a year (or the year), never both: a
# rule across two query parameters OpenAPI cannot state (422).
[[operations]]
include-name-regex = '^(GET|POST) /board/lists(/publications)?$'
checks.positive_data_acceptance.expected-statuses = {accepted_with_422}

# A department is named by its id or by a name it is registered under: which names
# are registered, and that exactly one of the two is given, no schema can say; and a
# department's names are each given once. The domain answers 422 naming it. (And a
# stale If-Match is a 412, as below.)
[[operations]]
include-name-regex = '^POST /(issues/\{{aggregate_id\}}/(assign|transfer|escalate)|meetings/\{{aggregate_id\}}/tasks|officers/\{{aggregate_id\}}/department|departments/\{{aggregate_id\}}/name)$'
checks.positive_data_acceptance.expected-statuses = {accepted_with_412_422}

# The approvals ledger counts working days on the official calendar: a year the
# installed release does not know yet is refused by name (422), never guessed. Its
# cursor is opaque as every list's (400).
[[operations]]
include-name-regex = '^GET /ledgers/approvals(/summary|/agents|/evaluation)?$'
checks.positive_data_acceptance.expected-statuses = {accepted_with_400_422}
checks.negative_data_rejection.expected-statuses = {rejected_with_414}

# If-Match names the version a change is based on; which version is current the
# schema cannot say, so a well-formed but stale one is a 412.
[[operations]]
include-name-regex = '^POST /[a-z]+/\{{aggregate_id\}}/'
checks.positive_data_acceptance.expected-statuses = {accepted_with_412}
"""
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428"]
REJECTED += ["429", "5xx"]


def config(auth: Path) -> str:
    return CONFIG.format(
        auth=auth,
        lists=LISTS,
        reads=READS,
        accepted_with_400=json.dumps([*ACCEPTED, "400"]),
        accepted_with_422=json.dumps([*ACCEPTED, "422"]),
        accepted_with_400_422=json.dumps([*ACCEPTED, "400", "422"]),
        accepted_with_412=json.dumps([*ACCEPTED, "412"]),
        accepted_with_412_422=json.dumps([*ACCEPTED, "412", "422"]),
        rejected_with_414=json.dumps([*REJECTED, "414"]),
    )


def login(username: str) -> dict[str, object]:
    """A WFC auth entry: schemathesis gets its own token at POST /auth/token."""
    return {
        "name": username,
        "loginEndpointAuth": {
            "endpoint": "/auth/token",
            "verb": "POST",
            "contentType": "application/json",
            "payloadUserPwd": {
                "username": username,
                "password": PASSWORD,
                "usernameField": "username",
                "passwordField": "password",
            },
            "token": {
                "extractFrom": "body",
                "extractSelector": "/access_token",
                "sendIn": "header",
                "sendName": "Authorization",
                "sendTemplate": "Bearer {token}",
            },
        },
    }


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The live server on the demo county, and a folder holding the run's config."""
    folder = tmp_path_factory.mktemp("schemathesis")
    env = {
        "SITELEDGER_DATABASE_URL": f"sqlite:///{folder}/events.sqlite3",
        "SITELEDGER_EVIDENCE_FOLDER": str(folder / "evidence"),
    }
    cli(env, "demo", "--seed", "7")
    for username, jurisdiction in PEERS.items():
        add_user(env, username, jurisdiction, *ROLES, department="县自然资源局")
    auth = folder / "auth.json"
    auth.write_text(json.dumps({"auth": [login(name) for name in PEERS]}))
    (folder / "schemathesis.toml").write_text(config(auth))
    with serve(env) as base_url:
        yield base_url, folder


def test_schemathesis_finds_nothing_with_every_check_and_phase(
    county: tuple[str, Path],
) -> None:
    base_url, folder = county
    command = [
        *(
            str(BIN / "schemathesis"),
            "--config-file",
            str(folder / "schemathesis.toml"),
        ),
        *("run", f"{base_url}/openapi.json", "--checks", "all"),
        *("--phases", "examples,coverage,fuzzing,stateful"),
        # One worker: Python 3.11's ast.parse, which Hypothesis calls to describe
        # filters, can fail in two threads at once ("AST constructor recursion depth
        # mismatch", CPython gh-106905); seen once in CI-like runs.
        *("--max-examples", str(EXAMPLES), "--workers", "1"),
        *("--seed", SEED, "--generation-database", "none", "--no-color"),
    ]
    done = subprocess.run(
        command,
        cwd=folder,  # anything it writes stays in the test's folder
        env=server_env({}),
        capture_output=True,
        text=True,
        timeout=SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
