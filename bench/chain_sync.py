"""The chain's share of a /sync batch through the whole app (routing, auth, parsing,
the service layer, the store) in this process, less only the socket: two apps side
by side, one whose recorder skips the chain, and the time the chain took measured
inside each batch of the other."""

import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

from api.http.app import create_app
from api.http.services import KEY, Services
from api.settings import Settings
from bench import chain
from bench.measure import interleave
from bench.workload import set_up, stream, sync_body, take
from domain.model.officer import Officer

BATCH = 100


@dataclass(frozen=True)
class BenchSettings(Settings):
    recorder: str = ""

    def store_env(self) -> dict[str, str]:
        return super().store_env() | {"APPLICATION_RECORDER_TOPIC": self.recorder}


@contextmanager
def phone(url: str, folder: str, *, chained: bool) -> Iterator[Any]:
    """A /sync round of one side: a batch sent, its rate and the chain's share."""
    kind = "SQLite" if url.startswith("sqlite") else "Postgres"
    settings = BenchSettings(
        database_url=url,
        jwt_secret="a-bench-secret-long-enough-for-hs256-signing",
        evidence_folder=f"{folder}/evidence",
        recorder=f"bench.chain:{'Timed' if chained else 'Unchained'}{kind}",
    )
    app = create_app(settings)
    services: Services = app.extensions[KEY]
    site = set_up(services.ledger)
    username = services.ledger.load(Officer, site.officer_id).username
    token, _ = services.tokens.issue(site.officer_id, username)
    commands, client = stream(site), app.test_client()
    try:
        yield lambda: synced(client, token, take(commands, BATCH, site.officer_id))
    finally:
        services.close()


def synced(client: FlaskClient, token: str, batch: Any) -> list[float]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = sync_body(batch)
    chain.SPENT[0], started, cpu = 0.0, time.perf_counter(), time.process_time()
    answer = client.post("/sync", data=body, headers=headers)
    cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    results = answer.get_json()["results"] if answer.status_code == 200 else []
    if [r["status"] for r in results] != ["applied"] * len(batch):
        raise RuntimeError(f"POST /sync: {answer.status_code} {answer.data[:300]!r}")
    return [len(batch) / elapsed, chain.SPENT[0] / cpu, cpu]


def measure(urls: Sequence[str], folder: str, rounds: int) -> tuple[Any, ...]:
    with ExitStack() as stack:
        sides = {
            name: stack.enter_context(phone(url, folder, chained=name == "chained"))
            for name, url in zip(("chained", "unchained"), urls, strict=True)
        }
        return chain.figures(interleave(rounds, sides))
