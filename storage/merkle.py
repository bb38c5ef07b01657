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


class Tree:
    """The tree over these leaves, each RFC 6962 subtree hashed once however many
    proofs are asked of it (every proof of a bundle costs O(n log n) together)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = leaves
        self.memo: dict[tuple[int, int], bytes] = {}

    def root(self, lo: int = 0, hi: int | None = None) -> bytes:
        hi = len(self.leaves) if hi is None else hi
        if hi - lo <= 1:
            return self.leaves[lo] if hi > lo else root([])
        if (lo, hi) not in self.memo:
            k = lo + split(hi - lo)
            self.memo[lo, hi] = node_hash(self.root(lo, k), self.root(k, hi))
        return self.memo[lo, hi]

    def inclusion(self, index: int, lo: int = 0, hi: int | None = None) -> list[bytes]:
        """The audit path of leaf `index` (0-based), leaf to root."""
        hi = len(self.leaves) if hi is None else hi
        if hi - lo <= 1:
            return []
        k = lo + split(hi - lo)
        if index < k:
            return [*self.inclusion(index, lo, k), self.root(k, hi)]
        return [*self.inclusion(index, k, hi), self.root(lo, k)]

    def consistency(self, old: int) -> list[bytes]:
        """The proof that the tree of the first `old` leaves is a prefix of this."""
        if old <= 0 or old >= len(self.leaves):
            return []
        return self._subproof(old, 0, len(self.leaves), complete=True)

    def _subproof(self, m: int, lo: int, hi: int, *, complete: bool) -> list[bytes]:
        if m == hi - lo:
            return [] if complete else [self.root(lo, hi)]
        k = split(hi - lo)
        if m <= k:
            return [
                *self._subproof(m, lo, lo + k, complete=complete),
                self.root(lo + k, hi),
            ]
        rest = self._subproof(m - k, lo + k, hi, complete=False)
        return [*rest, self.root(lo, lo + k)]


def inclusion(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    return Tree(leaves).inclusion(index)


def consistency(old: int, leaves: Sequence[bytes]) -> list[bytes]:
    return Tree(leaves).consistency(old)


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

    def append(self, leaf: bytes) -> list[tuple[int, bytes]]:
        """Adds a leaf; answers the perfect subtrees it completed, (height, hash)."""
        height, node, made = 0, leaf, []
        while self.stack and self.stack[-1][0] == height:
            node = node_hash(self.stack.pop()[1], node)
            height += 1
            made.append((height, node))
        self.stack.append((height, node))
        self.size += 1
        return made

    def root(self) -> bytes:
        if not self.stack:
            return root([])
        node = self.stack[-1][1]
        for _, left in reversed(self.stack[:-1]):
            node = node_hash(left, node)
        return node


def verify_consistency(
    old: int, new: int, old_head: bytes, new_head: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree of `old` leaves a prefix of that of `new`?"""
    if old == new:
        return old_head == new_head and not proof
    if old < 1 or old > new or not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old head is the first node
        path.insert(0, old_head)
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
