"""Timing helpers: A/B rounds interleaved so that noise hits every side alike."""

import statistics
import time
from collections.abc import Callable, Mapping, Sequence

Round = Callable[[], list[float]]  # one round of a side: its samples
Rounds = dict[str, list[list[float]]]  # each side's samples, round by round


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (q from 0 to 100) of the samples."""
    ordered = sorted(samples)
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def seconds(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def interleave(rounds: int, sides: Mapping[str, Round]) -> Rounds:
    """Runs one warm-up round of each side, then `rounds` rounds of each, the order
    of the sides reversed every other round (A B, B A, ...), so drift and bursts of
    noise from the machine's neighbours fall on all sides alike."""
    order = list(sides)
    for name in order:
        sides[name]()
    samples: Rounds = {name: [] for name in order}
    for n in range(rounds):
        for name in order if n % 2 == 0 else reversed(order):
            samples[name].append(sides[name]())
    return samples


def pooled(samples: Rounds, side: str) -> list[float]:
    """A side's samples from every round."""
    return [sample for round_ in samples[side] for sample in round_]


def paired(
    samples: Rounds, figure: Callable[[Mapping[str, list[float]]], float]
) -> float:
    """The median over rounds of a figure computed within each round: a ratio of
    sides that ran side by side in time, not of medians taken minutes apart."""
    count = min(len(rounds) for rounds in samples.values())
    return median(
        [figure({side: s[n] for side, s in samples.items()}) for n in range(count)]
    )
