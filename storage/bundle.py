"""An audit bundle: a range of the log's entries as stored, each with its inclusion
proof to the newest seal, and every seal with its consistency proof to that one, so
an outsider checks it offline with the standalone verifier and no code of ours."""

import base64
from dataclasses import asdict
from typing import Any

from storage.audit import AuditRecorder, links
from storage.chain import EVENT, Link, canonical, hexed, raw
from storage.merkle import Tree
from storage.seals import Seal

FORMAT = "siteledger-audit-bundle/1"
PAGE = 5000


class NothingSealed(Exception):
    """No seal covers the range asked for: seal the log first."""


def event_rows(recorder: AuditRecorder) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while page := recorder.select_notifications(start, PAGE, inclusive_of_start=False):
        for n in page:
            row = {
                "notification_id": n.id,
                "originator_id": hexed(n.originator_id),
                "originator_version": n.originator_version,
                "topic": n.topic,
                "state": base64.b64encode(raw(n.state)).decode(),
            }
            found[f"{row['originator_id']}:{n.originator_version}"] = row
        start = page[-1].id
    return found


def receipt_rows(recorder: AuditRecorder) -> dict[str, dict[str, Any]]:
    found = {}
    for (
        command_id,
        command,
        fingerprint,
        aggregate_id,
        version,
        also,
    ) in recorder.select_receipt_rows():
        found[hexed(command_id)] = {
            "command_id": hexed(command_id),
            "command": command,
            "fingerprint": fingerprint,
            "aggregate_id": hexed(aggregate_id),
            "version": version,
            "also": canonical(also),
        }
    return found


def entry(link: Link, row: dict[str, Any] | None, tree: Tree) -> dict[str, Any]:
    found: dict[str, Any] = {"position": link.position, "kind": link.kind}
    if row is None:
        return found | {"missing": True}
    path = tree.inclusion(link.position - 1)
    return found | row | {"proof": [p.hex() for p in path]}


def export(recorder: AuditRecorder, first: int = 1, last: int | None = None) -> Any:
    """Positions `first` to `last` (the newest seal's size when None)."""
    seals = sorted(map(Seal.from_json, recorder.select_seals()), key=lambda s: s.size)
    if not seals or (last or 0) > seals[-1].size:
        raise NothingSealed("no seal covers that range: run `siteledger audit seal`")
    newest, last = seals[-1], last or seals[-1].size
    chain = [link for link in links(recorder) if link.position <= newest.size]
    tree = Tree([link.leaf for link in chain])
    events, receipts = event_rows(recorder), receipt_rows(recorder)
    rows = [
        entry(k, (events if k.kind == EVENT else receipts).get(k.ref), tree)
        for k in chain[first - 1 : last]
    ]
    return {
        "format": FORMAT,
        "from": first,
        "to": last,
        "seal": asdict(newest),
        "older_seals": [
            asdict(s) | {"consistency": [p.hex() for p in tree.consistency(s.size)]}
            for s in seals[:-1]
        ],
        "entries": rows,
    }
