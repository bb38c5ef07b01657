"""The HTTP API over real HTTP, against the server in a process of its own.

One run measures, on SQLite: a single command's round trip (a note on a visit) beside a
trivial endpoint's (GET /, a redirect) and the library's own time for the same command
(`SiteLedger.execute` in this process); on SQLite and on PostgreSQL: /sync's commands
per second for batches of 100 and 500 beside the bare library saving the same
aggregates in one `save()` per batch. Sides alternate round by round (see
`bench.measure`), so the ratios hold on a noisy machine. Completed inspections per
second, against the peer, are `bench.ingest`'s.
"""

import itertools
import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from api.http.routes.sync import COMMANDS, SCHEMAS, SyncRequest
from api.http.schemas.commands import build
from bench.client import Client, HttpError
from bench.measure import (
    Rounds,
    interleave,
    median,
    paired,
    percentile,
    pooled,
    seconds,
)
from bench.report import ApiFigures, SyncRates, print_api
from bench.workload import (
    COUNTY,
    DEVICE,
    Sent,
    Site,
    bare_save,
    phone_meta,
    set_up,
    stream,
    sync_body,
    take,
    visits_in_progress,
)
from domain.app import SiteLedger
from domain.commands.visit import AddVisitNote
from storage.eventstore import open_ledger
from tests.conftest import fresh_schema
from tests.e2e.server import cli, serve

USERNAME = "bench-officer"
PASSWORD = "bench-correct-horse-battery"
NOTE = "企业负责人反映：塔吊基础验收已预约，周五前完成"
NOTE_VISITS = 40  # notes go round these, so no visit grows long
CATCH_UP = "/sync/changes?limit=1"  # a read: it catches the views up first


@dataclass(frozen=True)
class Side:
    """A store to write to: the server's over HTTP, or the library's in this process."""

    site: Site
    visits: list[UUID]


@dataclass
class Bench:
    client: Client
    actor_id: UUID
    server: Side
    library: SiteLedger
    local: Side


@dataclass(frozen=True)
class Scale:
    rounds: int = 12
    per_round: int = 25  # round trips per round and side
    sync_rounds: tuple[tuple[int, int], ...] = ((100, 12), (500, 6))


QUICK = Scale(rounds=4, per_round=10, sync_rounds=((100, 3), (500, 2)))


def prepared_store(url: str) -> Side:
    with open_ledger(url) as app:
        site = set_up(app)
        return Side(site, visits_in_progress(app, site, NOTE_VISITS))


def add_officer(env: dict[str, str]) -> UUID:
    printed = cli(
        env,
        *("users", "add", USERNAME, "--name", "王磊", "--role", "officer"),
        *("--jurisdiction", COUNTY, "--password", PASSWORD),
    )
    return UUID(printed.split()[-1].rstrip("."))  # "Registered … as officer ID."


@contextmanager
def bench(server_url: str, library_url: str) -> Iterator[Bench]:
    """A server on a fresh store with a signed-in officer, and a library store."""
    env = {
        "SITELEDGER_DATABASE_URL": server_url,
        "SITELEDGER_JWT_SECRET": "bench-" + "x" * 40,
        "SITELEDGER_FOLLOW": "y",  # as `make run` serves
    }
    server = prepared_store(server_url)
    actor_id = add_officer(env)
    local = prepared_store(library_url)
    with ExitStack() as stack:
        base_url = stack.enter_context(serve(env))
        library = stack.enter_context(open_ledger(library_url))
        client = signed_in(base_url)
        stack.callback(client.close)
        yield Bench(client, actor_id, server, library, local)
        client.call("GET", CATCH_UP)
    verify(env)


def signed_in(base_url: str) -> Client:
    client = Client(base_url)
    login = {"username": USERNAME, "password": PASSWORD}
    client.token = client.call("POST", "/auth/token", login)["access_token"]
    return client


def verify(env: dict[str, str]) -> None:
    """Views rebuilt from the log equal the ones kept while the server ran (the
    command exits 1, and so raises here, where any differs)."""
    cli(env, "views", "verify")


# Round trips -------------------------------------------------------------------------


def trivial(client: Client) -> float:
    """`GET /`: the app's routing and hooks, answered with a redirect. (`/health`
    now checks every dependency in threads of its own: no longer trivial.)"""
    status, data, elapsed = client.send("GET", "/")
    if status != 302:
        raise HttpError(f"GET /: {status} {data[:500]!r}")
    return elapsed


def note(client: Client, visit_id: UUID) -> float:
    body = json.dumps({"text": NOTE}).encode()
    status, data, elapsed = client.send(
        "POST",
        f"/visits/{visit_id}/notes",
        body,
        **{"Idempotency-Key": str(uuid4()), "Device-Id": DEVICE},
    )
    if status != 200:
        raise HttpError(f"POST /visits/…/notes: {status} {data[:500]!r}")
    return elapsed


def library_note(app: SiteLedger, visit_id: UUID, actor_id: UUID) -> float:
    command, meta = AddVisitNote(visit_id=visit_id, text=NOTE), phone_meta(actor_id)
    return seconds(lambda: app.execute(command, meta))


def round_trips(b: Bench, scale: Scale) -> Rounds:
    server, local = itertools.cycle(b.server.visits), itertools.cycle(b.local.visits)
    n = range(scale.per_round)
    return interleave(
        scale.rounds,
        {
            "trivial": lambda: [trivial(b.client) for _ in n],
            "single": lambda: [note(b.client, next(server)) for _ in n],
            "library": lambda: [
                library_note(b.library, next(local), b.actor_id) for _ in n
            ],
        },
    )


def single_ratio(round_: Mapping[str, list[float]]) -> float:
    """A round's single-command p50 ÷ (library per command + trivial round trip)."""
    floor = median(round_["library"]) + median(round_["trivial"])
    return median(round_["single"]) / floor


# Batches -----------------------------------------------------------------------------


def post_sync(client: Client, batch: list[Sent]) -> float:
    """Seconds for the batch's round trip; every command must have been applied."""
    status, data, elapsed = client.send("POST", "/sync", sync_body(batch))
    if status != 200:
        raise HttpError(f"POST /sync: {status} {data[:500]!r}")
    refused = [r for r in json.loads(data)["results"] if r["status"] != "applied"]
    if refused:
        raise HttpError(f"POST /sync: {len(refused)} not applied, e.g. {refused[0]}")
    return elapsed


def sync_rates(b: Bench, store: str, size: int, rounds: int) -> SyncRates:
    server, local = stream(b.server.site), stream(b.local.site)
    checked = stream(b.local.site)  # validated only, never saved

    def synced() -> list[float]:
        return [size / post_sync(b.client, take(server, size, b.actor_id))]

    def saved(receipts: bool) -> list[float]:
        batch = take(local, size, b.actor_id)
        save = partial(bare_save, b.library, b.local.site, batch, receipts=receipts)
        return [size / seconds(save)]

    def validated() -> list[float]:
        body = json.loads(sync_body(take(checked, size, b.actor_id)))
        return [size / seconds(partial(validate, body))]

    samples = interleave(
        rounds,
        {
            "sync": synced,
            "bare": partial(saved, False),
            "receipts": partial(saved, True),
            "validate": validated,
        },
    )
    return SyncRates(
        store,
        size,
        sync=median(pooled(samples, "sync")),
        bare=median(pooled(samples, "bare")),
        ratio=paired(samples, lambda r: r["sync"][0] / r["bare"][0]),
        floor=paired(samples, lambda r: r["receipts"][0] / r["bare"][0]),
        validation=paired(samples, lambda r: r["bare"][0] / r["validate"][0]),
        rounds=rounds,
    )


def validate(body: dict[str, Any]) -> None:
    """What /sync does to a batch before the store: the envelope's schema, then
    each command's, built from the command's one declaration."""
    for sent in SyncRequest().load(body)["commands"]:
        build(COMMANDS[sent["type"]], SCHEMAS[sent["type"]].load(sent["args"]))


@contextmanager
def stores(folder: str, postgres: str) -> Iterator[dict[str, tuple[str, str]]]:
    """Each store's URLs: the server's and the library's, apart."""
    with fresh_schema(postgres) as server, fresh_schema(postgres) as library:
        yield {
            "SQLite": (
                f"sqlite:///{folder}/server.sqlite3",
                f"sqlite:///{folder}/l.db",
            ),
            "PostgreSQL": (server, library),
        }


def run(postgres: str, *, quick: bool = False) -> ApiFigures:
    scale = QUICK if quick else Scale()
    syncs: list[SyncRates] = []
    with tempfile.TemporaryDirectory() as folder, stores(folder, postgres) as urls:
        for store, (server_url, library_url) in urls.items():
            with bench(server_url, library_url) as b:
                if store == "SQLite":
                    trips, connections = round_trips(b, scale), b.client.connections
                syncs += [
                    sync_rates(b, store, size, rounds)
                    for size, rounds in scale.sync_rounds
                ]
    single = pooled(trips, "single")
    figures = ApiFigures(
        single_p50=median(single),
        single_p99=percentile(single, 99),
        trivial_p50=median(pooled(trips, "trivial")),
        library_p50=median(pooled(trips, "library")),
        single_ratio=paired(trips, single_ratio),
        samples=len(single),
        rounds=scale.rounds,
        syncs=syncs,
        connections=connections,
    )
    print_api(figures)
    return figures
