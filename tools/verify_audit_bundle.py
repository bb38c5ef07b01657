#!/usr/bin/env python3
"""Checks a siteledger audit bundle offline, trusting nothing of the server's.

    python verify_audit_bundle.py BUNDLE.json --key PUBLIC_KEY_BASE64

Standard library and `cryptography` only, on purpose: an auditor reads this one file
and nothing else. Every entry's bytes are hashed as RFC 6962 leaves and proven into
the newest seal's tree head; the seal must be signed (Ed25519) by the pinned key, and
every older seal must be a prefix of it. Exit 0: verified; 1: the first break is
printed as `position N: how: what`, the words `siteledger audit verify` uses."""

import argparse
import base64
import hashlib
import json
import pathlib
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "siteledger-audit-bundle/1"
SEAL_DOMAIN = b"siteledger tree head v1\n"
Break = tuple[int, str, str]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def encode(*fields: bytes) -> bytes:
    return b"".join(len(f).to_bytes(4, "big") + f for f in fields)


def leaf_data(entry: dict[str, Any]) -> bytes:
    """The stored row's bytes, as the server chained them."""
    if entry["kind"] == "event":
        return encode(
            b"event",
            str(entry["notification_id"]).encode(),
            entry["originator_id"].encode(),
            str(entry["originator_version"]).encode(),
            entry["topic"].encode(),
            base64.b64decode(entry["state"]),
        )
    return encode(
        b"receipt",
        entry["command_id"].encode(),
        entry["command"].encode(),
        entry["fingerprint"].encode(),
        entry["aggregate_id"].encode(),
        str(entry["version"]).encode(),
        entry["also"].encode(),
    )


def included(
    index: int, size: int, leaf: bytes, path: list[bytes], head: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == head


def consistent(
    old: int, new: int, old_head: bytes, new_head: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if old == new:
        return old_head == new_head and not proof
    if old < 1 or old > new or not proof:
        return False
    path = ([old_head] if old & (old - 1) == 0 else []) + proof
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_head and sr == new_head


def signed(seal: dict[str, Any], key: Ed25519PublicKey) -> bool:
    message = f"{seal['size']}\n{seal['root']}\n{seal['sealed_at']}\n".encode()
    try:
        key.verify(base64.b64decode(seal["signature"]), SEAL_DOMAIN + message)
    except (InvalidSignature, ValueError):
        return False
    return True


def check_seals(bundle: dict[str, Any], key: Ed25519PublicKey) -> list[Break]:
    seal, found = bundle["seal"], []
    if not signed(seal, key):
        found.append(
            (
                seal["size"],
                "seal refused",
                f"the seal of {seal['sealed_at']} is not signed by the key",
            )
        )
    for old in bundle["older_seals"]:
        proof = [bytes.fromhex(p) for p in old["consistency"]]
        heads = bytes.fromhex(old["root"]), bytes.fromhex(seal["root"])
        if not signed(old, key):
            found.append(
                (
                    old["size"],
                    "seal refused",
                    f"the seal of {old['sealed_at']} is not signed by the key",
                )
            )
        elif not consistent(old["size"], seal["size"], *heads, proof):
            found.append(
                (
                    1,
                    "chain rewritten",
                    f"the seal of {old['sealed_at']} is no prefix of the newest",
                )
            )
    return found


def check_entry(
    entry: dict[str, Any], seal: dict[str, Any], last_id: int
) -> Break | None:
    position, size = entry["position"], seal["size"]
    what = f"{entry['kind']} {entry.get('originator_id', entry.get('command_id'))}"
    if entry.get("missing"):
        return (
            position,
            "removed",
            f"{entry['kind']} at this position is no longer stored",
        )
    if entry["kind"] == "event" and entry["notification_id"] <= last_id:
        return (
            position,
            "reordered",
            f"{what} stands at log position {entry['notification_id']}",
        )
    path = [bytes.fromhex(p) for p in entry["proof"]]
    leaf = leaf_hash(leaf_data(entry))
    if not included(position - 1, size, leaf, path, bytes.fromhex(seal["root"])):
        return (position, "edited", f"{what}: its bytes are not those sealed")
    return None


def check_entries(bundle: dict[str, Any]) -> list[Break]:
    found: list[Break] = []
    expected, last_id = bundle["from"], 0
    for entry in bundle["entries"]:
        if entry["position"] != expected:
            how = "removed" if entry["position"] > expected else "inserted"
            found.append(
                (
                    expected,
                    how,
                    f"position {expected} expected, {entry['position']} found",
                )
            )
        expected = entry["position"] + 1
        broken = check_entry(entry, bundle["seal"], last_id)
        found += [broken] if broken else []
        last_id = entry.get("notification_id", last_id)
    if expected != bundle["to"] + 1:
        found.append(
            (expected, "truncated", f"the bundle ends before position {bundle['to']}")
        )
    return found


def readable(entry: dict[str, Any]) -> dict[str, Any]:
    """An event's state, if the store keeps it plain (an encrypted one: {})."""
    try:
        state = json.loads(base64.b64decode(entry["state"]))
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def attached_photos(bundle: dict[str, Any]) -> dict[str, str]:
    """The SHA-256 each photo was declared with (`Evidence.Declared`), for those the
    server then verified (`Evidence.Attached`: the bytes hashed to it)."""
    declared, attached = {}, set()
    for entry in bundle["entries"]:
        topic = entry.get("topic", "")
        if topic.endswith(":Evidence.Declared"):
            sha256 = readable(entry).get("sha256")
            declared[entry["originator_id"]] = (sha256, entry["position"])
        elif topic.endswith(":Evidence.Attached"):
            attached.add(entry["originator_id"])
    return {
        sha256: f"evidence {evidence_id}, declared at position {position}, attached"
        for evidence_id, (sha256, position) in declared.items()
        if evidence_id in attached and isinstance(sha256, str)
    }


def check_photos(folder: str, bundle: dict[str, Any]) -> list[str]:
    """Each file in the folder: the attached evidence whose bytes it is, or none."""
    known, lines = attached_photos(bundle), []
    for path in sorted(pathlib.Path(folder).iterdir()):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            where = known.get(digest, "no attached evidence in this bundle")
            lines.append(f"photo {path.name}: sha256 {digest}: {where}")
    return lines


def verify(bundle: dict[str, Any], key: Ed25519PublicKey) -> list[Break]:
    if bundle.get("format") != FORMAT:
        return [(0, "unreadable", f"not a {FORMAT} bundle")]
    return sorted(check_seals(bundle, key) + check_entries(bundle))


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "bundle", help="the bundle (JSON) siteledger audit export wrote"
    )
    parser.add_argument("--key", required=True, help="the pinned public key (base64)")
    parser.add_argument("--photos", help="a folder of photos: which evidence each is")
    return parser.parse_args(argv)


def report(bundle: dict[str, Any], breaks: list[Break], photos: list[str]) -> int:
    for position, how, what in breaks:
        print(f"position {position}: {how}: {what}")
    for line in photos:
        print(line)
    if breaks:
        position, how, what = breaks[0]
        print(f"BROKEN: first at position {position}: {how}: {what}", file=sys.stderr)
        return 1
    seal = bundle["seal"]
    print(
        f"verified: positions {bundle['from']} to {bundle['to']}"
        f" ({len(bundle['entries'])} entries) in the seal of {seal['sealed_at']}"
        f" (size {seal['size']}, root {seal['root']}),"
        f" {len(bundle['older_seals'])} older seals consistent"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    try:
        with open(args.bundle, encoding="utf-8") as file:
            bundle = json.load(file)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(args.key))
        breaks = verify(bundle, key)
        photos = check_photos(args.photos, bundle) if args.photos else []
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"BROKEN: the bundle cannot be read: {error!r}", file=sys.stderr)
        return 1
    return report(bundle, breaks, photos)


if __name__ == "__main__":
    sys.exit(main())
