"""A Merkle tree over the log's leaves as RFC 6962 (Certificate Transparency) builds
it: a tree head, and short inclusion and consistency proofs an auditor checks."""

import hashlib
from collections.abc import Sequence


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than size (RFC 6962 §2.1)."""
    k = 1
    while k * 2 < size:
        k *= 2
    return k


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree head of these leaf hashes (the empty tree: SHA-256 of nothing)."""
    level = list(leaves)
    if not level:
        return hashlib.sha256(b"").digest()
    # Pairing left to right, carrying an odd node up, gives RFC 6962's tree.
    while len(level) > 1:
        paired = [
            node_hash(a, b) for a, b in zip(level[::2], level[1::2], strict=False)
        ]
        level = paired + (level[-1:] if len(level) % 2 else [])
    return level[0]


def inclusion(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The audit path of leaf `index` (0-based) in the tree of these leaves."""
    if len(leaves) <= 1:
        return []
    k = split(len(leaves))
    if index < k:
        return [*inclusion(index, leaves[:k]), root(leaves[k:])]
    return [*inclusion(index - k, leaves[k:]), root(leaves[:k])]


def consistency(old: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The proof that the tree of the first `old` leaves is a prefix of this one."""
    if old <= 0 or old >= len(leaves):
        return []
    return _subproof(old, leaves, complete=True)


def _subproof(m: int, leaves: Sequence[bytes], *, complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete=complete), root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], complete=False), root(leaves[:k])]


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], head: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does `path` lead from this leaf hash to the tree head?"""
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


class Frontier:
    """The tree grown one leaf at a time, keeping only its perfect subtrees: its
    head at every size, in one pass over the log."""

    def __init__(self) -> None:
        self.size = 0
        self.stack: list[tuple[int, bytes]] = []  # (height, hash), left to right

    def append(self, leaf: bytes) -> None:
        height, node = 0, leaf
        while self.stack and self.stack[-1][0] == height:
            node = node_hash(self.stack.pop()[1], node)
            height += 1
        self.stack.append((height, node))
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return root([])
        node = self.stack[-1][1]
        for _, left in reversed(self.stack[:-1]):
            node = node_hash(left, node)
        return node
