"""The API benchmark's figures, their ratios against the targets, as Markdown."""

from dataclasses import dataclass

SINGLE_TARGET = 3.0  # single-command p50 ≤ 3 × (library per command + trivial trip)
SYNC_TARGET = 0.5  # /sync ≥ 0.5 × the bare library's batched rate
ODK_PER_SECOND = 86.0  # ODK Central from one client, measured elsewhere
ODK_P50_MS = 9.2


@dataclass(frozen=True)
class SyncRates:
    """Median commands per second of /sync and of the bare library, per batch size."""

    size: int
    sync: float
    bare: float
    ratio: float  # the median of the rounds' ratios: /sync ÷ bare
    floor: float  # the same for the bare library writing receipts too
    rounds: int


@dataclass(frozen=True)
class Inspections:
    commands: int  # per inspection, one /sync each
    per_second: float
    p50: float
    p99: float


@dataclass(frozen=True)
class ApiFigures:
    single_p50: float
    single_p99: float
    trivial_p50: float
    library_p50: float
    single_ratio: float  # median of the rounds' single ÷ (library + trivial)
    samples: int
    rounds: int
    syncs: list[SyncRates]
    inspections: Inspections
    connections: int


def ms(value: float) -> str:
    return f"{value * 1000:.2f} ms"


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def print_api(f: ApiFigures) -> None:
    print("## HTTP API, over real HTTP (SQLite store)\n")
    print_round_trips(f)
    print_syncs(f.syncs)
    print_inspections(f.inspections)


def print_round_trips(f: ApiFigures) -> None:
    print(
        f"One `siteledger serve` process (granian, 8 threads) on 127.0.0.1, one kept-alive"
        f" connection ({f.connections} opened); {f.samples} round trips per side in"
        f" {f.rounds} interleaved rounds. Ratios are medians of the rounds' ratios.\n"
    )
    print("| figure | value |")
    print("| --- | ---: |")
    print(f"| single command, POST /visits/{{id}}/notes, p50 | {ms(f.single_p50)} |")
    print(f"| single command, p99 | {ms(f.single_p99)} |")
    print(f"| trivial endpoint, GET /health, p50 | {ms(f.trivial_p50)} |")
    print(f"| library per command, `SiteLedger.execute`, p50 | {ms(f.library_p50)} |")
    print(
        f"| single p50 ÷ (library + trivial), target ≤ {SINGLE_TARGET:.0f}"
        f" | {f.single_ratio:.2f} {mark(f.single_ratio <= SINGLE_TARGET)} |"
    )


def print_syncs(syncs: list[SyncRates]) -> None:
    print("\n### /sync against the bare library's batched save\n")
    print(
        "The last column is the bare library saving a receipt per command as well:"
        " what the writes of idempotency alone cost, with no lookup or check.\n"
    )
    print(
        f"| batch | /sync cmd/s | bare library cmd/s"
        f" | ratio (target ≥ {SYNC_TARGET}) | rounds | bare + receipts ÷ bare |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in syncs:
        print(
            f"| {s.size} | {s.sync:,.0f} | {s.bare:,.0f}"
            f" | {s.ratio:.2f} {mark(s.ratio >= SYNC_TARGET)} | {s.rounds}"
            f" | {s.floor:.2f} |"
        )


def print_inspections(i: Inspections) -> None:
    print("\n### A completed inspection synced, against the peer\n")
    print(
        f"Each inspection is one /sync of {i.commands} commands (plan, check in, ten"
        " answers, check out), back to back from one client. ODK Central's figures"
        " were measured on a machine like this one, not in this run: context only.\n"
    )
    print("| | siteledger | ODK Central |")
    print("| --- | ---: | ---: |")
    print(f"| per second, one client | {i.per_second:,.0f} | {ODK_PER_SECOND:.0f} |")
    print(f"| p50 | {ms(i.p50)} | {ODK_P50_MS} ms |")
    print(f"| p99 | {ms(i.p99)} | |")
    print(f"| × ODK Central | {i.per_second / ODK_PER_SECOND:.1f} | 1 |")
    print()
