"""The public corners: health, the OpenAPI document, and answers to no or wrong routes."""

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.http.services import KEY, Services
from tests.api import bodies as b
from tests.api.conftest import Api, running_api
from tests.api.scenarios import SCENARIOS

PROBLEM = "application/problem+json"
PUBLIC = {"/health", "/auth/token", "/openapi.json", "/docs", "/static/<path:filename>"}
# Pages, not API: the console signs in by its own cookie, the screen is published.
PUBLIC |= {"/"}  # a redirect to the console
PAGES = ("/console", "/screen/", "/docs/assets/")


def test_health_answers_without_a_token_with_the_version_and_the_event_count(
    api: Api,
) -> None:
    response = api.app.test_client().get("/health")
    assert response.status_code == 200
    body = response.get_json()
    dependencies = body.pop("dependencies")
    assert body == {
        "status": "ok",
        "version": version("siteledger"),
        "events": api.events(),
    }
    assert set(dependencies) == {"event_store", "views", "evidence_store"}
    assert all(d["ok"] and d["latency_ms"] >= 0 for d in dependencies.values())


def test_a_hanging_dependency_is_reported_late_within_the_budget_on_one_thread(
    tmp_path: Path,
) -> None:
    """Twelve health checks at once while the evidence store hangs: each answers
    503 within the budget, naming the store late and the others with their
    latency, and the hanging store holds one thread, not one per request."""
    release = threading.Event()
    with running_api(tmp_path, health_timeout_seconds=1) as fresh:
        found: Services = fresh.app.extensions[KEY]

        def hanging() -> None:
            release.wait(30)

        found.evidence.blobs.check = hanging  # type: ignore[method-assign]

        def health(_: int) -> tuple[int, dict[str, dict[str, object]], float]:
            started = time.perf_counter()
            answer = fresh.app.test_client().get("/health")
            took = time.perf_counter() - started
            return answer.status_code, answer.get_json()["dependencies"], took

        before = health_threads()
        try:
            with ThreadPoolExecutor(12) as pool:
                answers = list(pool.map(health, range(12)))
            threads = health_threads() - before
        finally:
            release.set()
    assert {status for status, _, _ in answers} == {503}
    assert max(took for _, _, took in answers) < 1.5
    for _, dependencies, _ in answers:
        late = dependencies["evidence_store"]
        assert (late["ok"], late["error"]) == (False, "no answer within 1 s")
        assert 900 <= float(late["latency_ms"]) <= 1500  # type: ignore[arg-type]
        assert (dependencies["event_store"]["ok"], dependencies["views"]["ok"]) == (
            True,
            True,
        )
    assert 1 <= len(threads) <= 3  # one per dependency, shared by the twelve


def health_threads() -> set[int | None]:
    return {
        t.ident
        for t in threading.enumerate()
        if t.name.startswith("health") and t.is_alive()
    }


def test_the_openapi_document_describes_every_command_route_as_bearer_only(
    api: Api,
) -> None:
    spec = api.app.test_client().get("/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    documented = {}
    for scenario in SCENARIOS.values():
        path = scenario.route.replace("<id>", "{aggregate_id}")
        operation = spec["paths"][path]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        # What a client may be answered besides success: 401 to 422 as problem+json.
        expected = {"401", "403", "409", "413", "422"}
        if "<id>" in scenario.route:  # an action on a resource that may be gone
            expected |= {"404", "412"}
        documented[scenario.command.__name__] = (
            operation["security"],
            schema["$ref"].rsplit("/", 1)[-1].startswith(scenario.command.__name__),
            expected <= set(operation["responses"]),
        )
    assert documented == dict.fromkeys(documented, ([{"bearer": []}], True, True))
    conflict = spec["components"]["responses"]["CONFLICT"]["content"]
    assert "#/components/schemas/Problem" in json.dumps(conflict)
    assert spec["paths"]["/health"]["get"].get("security") in (None, [])


def test_the_document_written_on_first_read_is_whole_for_readers_at_once(
    tmp_path: Path,
) -> None:
    with running_api(tmp_path) as fresh:
        with ThreadPoolExecutor(8) as pool:
            bodies = list(
                pool.map(
                    lambda _: fresh.app.test_client().get("/openapi.json").data,
                    range(8),
                )
            )
        routed = {
            re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for rule in fresh.app.url_map.iter_rules()
        }
    documented = json.loads(bodies[0])["paths"]
    assert bodies == bodies[:1] * 8
    undocumented = {r for r in routed - set(documented) if not r.startswith(PAGES)}
    assert undocumented == {"/openapi.json", "/docs", "/static/{filename}", "/"}


def test_every_resource_is_sent_as_its_document_describes_it(api: Api) -> None:
    spec = api.app.test_client().get("/openapi.json").get_json()
    registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012)
    )

    def mismatches(path: str) -> list[str]:
        route = re.sub(
            r"/[0-9a-f-]{36}", "/{aggregate_id}", path.split("?", maxsplit=1)[0]
        )
        response = api.as_("auditor").get(path)
        assert response.status_code == 200, path
        documented = spec["paths"][route]["get"]["responses"]["200"]
        schema = documented["content"]["application/json"]["schema"]
        validator = Draft202012Validator(
            json.loads(json.dumps(schema).replace('"#/', '"urn:spec#/')),
            registry=registry,
        )
        return [
            f"{path} {list(error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(response.get_json())
        ]

    issue, visit = b.given_issue(api, api.home, "closed"), b.given_visit(api, api.home)
    api.catch_up()
    ids = {
        "projects": api.home.project_id,
        "enterprises": api.home.enterprise_id,
        "officers": api.home.officer_id,
        "checklists": api.home.template_id,
        "visits": visit,
        "issues": issue,
    }
    paths = [
        path
        for resource, found in ids.items()
        for path in (f"/{resource}/{found}", f"/{resource}/{found}/history")
    ] + [f"/{resource}?limit=5" for resource in ids]
    assert [m for path in paths for m in mismatches(path)] == []


def test_the_interactive_docs_are_served(api: Api) -> None:
    response = api.app.test_client().get("/docs")
    assert (response.status_code, response.mimetype) == (200, "text/html")


def test_every_other_route_asks_for_a_bearer_token(api: Api) -> None:
    client, answers = api.app.test_client(), {}
    for rule in api.app.url_map.iter_rules():
        if rule.rule in PUBLIC or "<token>" in rule.rule or rule.rule.startswith(PAGES):
            continue
        path = rule.rule.replace("<uuid:aggregate_id>", str(api.home.project_id))
        path = path.replace("<int:version>", "1")
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = client.open(path, method=method, json={})
            answers[f"{method} {rule.rule}"] = (
                response.status_code,
                response.mimetype,
                response.headers.get("WWW-Authenticate"),
            )
    commands = {
        "POST " + s.route.replace("<id>", "<uuid:aggregate_id>")
        for s in SCENARIOS.values()
    }
    assert commands | {"GET /sync/changes", "GET /issues"} <= set(answers)
    assert answers == dict.fromkeys(
        answers, (401, PROBLEM, 'Bearer realm="siteledger"')
    )


def test_an_unknown_path_is_a_404_problem(api: Api) -> None:
    response = api.as_("auditor").get("/projets")
    assert (response.status_code, response.mimetype) == (404, PROBLEM)


def test_a_method_a_route_does_not_take_is_a_405_problem_naming_those_it_does(
    api: Api,
) -> None:
    admin = api.as_("admin")
    response = admin.client.delete(
        f"/projects/{api.home.project_id}", headers=admin.headers()
    )
    assert (response.status_code, response.mimetype) == (405, PROBLEM)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_a_request_line_past_8190_bytes_is_a_414_problem_before_any_token(
    api: Api,
) -> None:
    response = api.app.test_client().get("/issues?status=" + "a" * 8200)
    assert (response.status_code, response.mimetype) == (414, PROBLEM)
    documented = api.app.test_client().get("/openapi.json").get_json()
    content = documented["components"]["responses"]["REQUEST_URI_TOO_LONG"]["content"]
    assert list(content) == [PROBLEM]
