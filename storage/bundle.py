"""An audit bundle: a range of the log's entries as stored, each with its inclusion
proof to the newest seal, and every seal with its consistency proof to that one, so
an outsider checks it offline with the standalone verifier and no code of ours."""

import base64
from dataclasses import asdict
from typing import Any
from uuid import UUID

from storage.audit import AuditRecorder, links
from storage.chain import EVENT, Link, hexed, raw
from storage.merkle import Tree
from storage.nodes import StoredTree
from storage.receipts import row as receipt_row
from storage.seals import Seal

FORMAT = "siteledger-audit-bundle/1"
PAGE = 5000


class NothingSealed(Exception):
    """No seal covers the range asked for: seal the log first."""


def event_rows(recorder: AuditRecorder) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
        found |= event_rows_of(page)
        start = page[-1].id
    return found


def event_rows_of(notifications: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for n in notifications:
        row = {
            "notification_id": n.id,
            "originator_id": hexed(n.originator_id),
            "originator_version": n.originator_version,
            "topic": n.topic,
            "state": base64.b64encode(raw(n.state)).decode(),
        }
        found[f"{row['originator_id']}:{n.originator_version}"] = row
    return found


def receipt_rows(recorder: AuditRecorder) -> dict[str, dict[str, Any]]:
    return receipt_rows_of(recorder.select_receipt_rows())


def receipt_rows_of(rows: Any) -> dict[str, dict[str, Any]]:
    found = {}
    for command_id, command, fingerprint, aggregate_id, version, also in rows:
        found[hexed(command_id)] = {
            "command_id": hexed(command_id),
            "command": command,
            "fingerprint": fingerprint,
            "aggregate_id": hexed(aggregate_id),
            "version": version,
            "also": also,
        }
    return found


def entry(link: Link, row: dict[str, Any] | None, tree: Tree) -> dict[str, Any]:
    found: dict[str, Any] = {"position": link.position, "kind": link.kind}
    if row is None:
        return found | {"missing": True}
    path = tree.inclusion(link.position - 1)
    return found | row | {"proof": [p.hex() for p in path]}


def sealed(recorder: AuditRecorder, last: int | None) -> tuple[list[Seal], list[Link]]:
    """The seals (the newest covering `last`) and the chain up to the newest."""
    seals = newest(recorder, last)
    chain = [link for link in links(recorder) if link.position <= seals[-1].size]
    return seals, chain


def bundle(
    seals: list[Seal], tree: Tree, span: tuple[int, int], rows: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "from": span[0],
        "to": span[1],
        "seal": asdict(seals[-1]),
        "older_seals": [
            asdict(s) | {"consistency": [p.hex() for p in tree.consistency(s.size)]}
            for s in seals[:-1]
        ],
        "entries": rows,
    }


def export(
    recorder: AuditRecorder, first: int = 1, last: int | None = None
) -> dict[str, Any]:
    """Positions `first` to `last` (the newest seal's size when None)."""
    seals, chain = sealed(recorder, last)
    last = last or seals[-1].size
    tree = Tree([link.leaf for link in chain])
    events, receipts = event_rows(recorder), receipt_rows(recorder)
    rows = [
        entry(k, (events if k.kind == EVENT else receipts).get(k.ref), tree)
        for k in chain[first - 1 : last]
    ]
    return bundle(seals, tree, (first, last), rows)


def newest(recorder: Any, last: int | None) -> list[Seal]:
    """The seals by size, the newest covering `last` (NothingSealed if none does)."""
    seals = sorted(map(Seal.from_json, recorder.select_seals()), key=lambda s: s.size)
    if not seals or (last or 0) > seals[-1].size:
        raise NothingSealed("no seal covers that range yet: `siteledger audit seal`")
    return seals


def one(recorder: Any, position: int | None = None, ref: str = "") -> dict[str, Any]:
    """A bundle of the one entry at `position` (or of the event `ref` names): its
    row, its inclusion proof and the newest seal, checked by the same standalone
    verifier; read from the stored nodes and two chunks of leaves. KeyError when
    the sealed chain holds no such entry; NothingSealed when it is not sealed yet."""
    seal = newest(recorder, position)[-1]
    if ref:
        found = recorder.select_link_of(ref)
        if found is None:
            raise KeyError(ref)
        if found.position > seal.size:
            raise NothingSealed(f"{ref} is not sealed yet: `siteledger audit seal`")
        position = found.position
    if position is None or not 1 <= position <= seal.size:
        raise KeyError(position)
    tree = StoredTree(recorder, seal.size, [position - 1])
    link = tree.link(position - 1)
    return bundle(
        [seal], tree, (position, position), [entry(link, row_of(recorder, link), tree)]
    )


def row_of(recorder: Any, link: Link) -> dict[str, Any] | None:
    if link.kind != EVENT:
        found = recorder.select_receipts([UUID(link.ref)]).values()
        return receipt_rows_of([receipt_row(r) for r in found]).get(link.ref)
    notifications = recorder.select_notifications(link.notification_id, 1)
    return event_rows_of(notifications).get(link.ref)


def consistency(recorder: Any, old: int) -> dict[str, Any]:
    """The proof that the tree of the first `old` entries (a head an auditor kept)
    is a prefix of the newest seal's; KeyError when `old` exceeds it."""
    seal = newest(recorder, None)[-1]
    if not 1 <= old <= seal.size:
        raise KeyError(old)
    tree = StoredTree(recorder, seal.size, [old - 1, old])
    return {
        "old_size": old,
        "old_root": tree.root(0, old).hex(),
        "proof": [p.hex() for p in tree.consistency(old)],
        "seal": asdict(seal),
    }
