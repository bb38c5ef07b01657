"""The API benchmark's figures, their ratios against the targets, as Markdown."""

from dataclasses import dataclass

SINGLE_TARGET = 3.0  # single-command p50 ≤ 3 × (library per command + trivial trip)
SYNC_TARGET = 0.3  # /sync ≥ 0.3 × the bare library's batched rate


@dataclass(frozen=True)
class SyncRates:
    """Median commands per second of /sync and of the bare library, per batch size."""

    store: str
    size: int
    sync: float
    bare: float
    ratio: float  # the median of the rounds' ratios: /sync ÷ bare
    floor: float  # the same for the bare library writing receipts too
    validation: float  # validating a batch ÷ the bare library saving it
    rounds: int


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
    connections: int


def ms(value: float) -> str:
    return f"{value * 1000:.2f} ms"


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def print_api(f: ApiFigures) -> None:
    print("## HTTP API, over real HTTP\n")
    print_round_trips(f)
    print_syncs(f.syncs)


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
    print(f"| trivial endpoint, GET / (a redirect), p50 | {ms(f.trivial_p50)} |")
    print(f"| library per command, `SiteLedger.execute`, p50 | {ms(f.library_p50)} |")
    print(
        f"| single p50 ÷ (library + trivial), target ≤ {SINGLE_TARGET:.0f}"
        f" | {f.single_ratio:.2f} {mark(f.single_ratio <= SINGLE_TARGET)} |"
    )


def print_syncs(syncs: list[SyncRates]) -> None:
    print("\n### /sync against the bare library's batched save\n")
    print(
        "The last column is the bare library saving a receipt per command as well:"
        " what the writes of idempotency alone cost, with no lookup or check. Then"
        " the time to validate the batch as /sync does (envelope and each command's"
        " schema) ÷ the bare library's time to save it.\n"
    )
    print(
        f"| store | batch | /sync cmd/s | bare library cmd/s"
        f" | ratio (target ≥ {SYNC_TARGET}) | rounds | bare + receipts ÷ bare"
        " | validation ÷ save |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in syncs:
        print(
            f"| {s.store} | {s.size} | {s.sync:,.0f} | {s.bare:,.0f}"
            f" | {s.ratio:.2f} {mark(s.ratio >= SYNC_TARGET)} | {s.rounds}"
            f" | {s.floor:.2f} | {s.validation:.2f} |"
        )
