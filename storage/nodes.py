"""The Merkle tree's stored nodes: every perfect subtree of CHUNK leaves and more,
grown when the log is sealed, so a proof reads a few nodes and at most two chunks of
leaves instead of the whole chain (RFC 6962's tree, unchanged)."""

from collections.abc import Iterable, Sequence
from typing import Protocol

from storage import merkle
from storage.chain import Link

LEVEL = 8  # the lowest stored level: subtrees of CHUNK leaves
CHUNK = 1 << LEVEL
PAGE = 16  # chunks read at once while growing
Key = tuple[int, int]  # (level, index): the leaves index << level to index+1 << level


class NodeRecorder(Protocol):
    def chain_size(self) -> int: ...
    def select_links(self, after: int, limit: int) -> list[Link]: ...
    def select_nodes(self, keys: Sequence[Key]) -> dict[Key, bytes]: ...
    def insert_nodes(self, nodes: dict[Key, bytes]) -> None: ...
    def chunks_stored(self) -> int: ...


class Leaves(Sequence[bytes]):
    """The chain's leaf hashes up to `size`, read a chunk at a time when asked."""

    def __init__(self, recorder: NodeRecorder, size: int) -> None:
        self.recorder, self.size = recorder, size
        self.links: dict[int, Link] = {}

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> bytes:  # type: ignore[override]
        return self.link(index).leaf

    def link(self, index: int) -> Link:
        if not 0 <= index < self.size:
            raise IndexError(index)
        if index not in self.links:
            start = index - index % CHUNK
            page = self.recorder.select_links(start, min(CHUNK, self.size - start))
            self.links |= {k.position - 1: k for k in page}
        return self.links[index]


class StoredTree(merkle.Tree):
    """The tree of the first `size` leaves, its perfect subtrees of CHUNK leaves and
    more taken from the stored nodes (those stored; the rest hashed from leaves)."""

    def __init__(self, recorder: NodeRecorder, size: int, near: Iterable[int]) -> None:
        self.chain = Leaves(recorder, size)
        super().__init__(self.chain)
        stored = recorder.select_nodes(wanted(near, size))
        self.memo |= {span(key): node for key, node in stored.items()}

    def link(self, index: int) -> Link:
        return self.chain.link(index)


def span(key: Key) -> tuple[int, int]:
    level, index = key
    return index << level, (index + 1) << level


def wanted(near: Iterable[int], size: int) -> list[Key]:
    """The stored nodes a proof about these leaf indices (and the tree's right edge)
    may ask for: at each level, the node over each, its sibling and its left
    neighbour (the right edge's perfect subtrees are left neighbours of size's)."""
    found = set()
    for x in {*near, size - 1, size}:
        for level in range(LEVEL, size.bit_length()):
            i = x >> level
            for index in {i, i ^ 1, i - 1}:
                if index >= 0 and (index + 1) << level <= size:
                    found.add((level, index))
    return sorted(found)


def grow(recorder: NodeRecorder) -> int:
    """Stores the nodes of every chunk completed since the last growth, and the
    perfect subtrees above them; answers the chunks stored now."""
    first, last = recorder.chunks_stored(), recorder.chain_size() // CHUNK
    new: dict[Key, bytes] = {}
    for start in range(first, last, PAGE):
        page = recorder.select_links(start * CHUNK, min(PAGE, last - start) * CHUNK)
        for i in range(start, min(start + PAGE, last)):
            chunk = page[(i - start) * CHUNK : (i - start + 1) * CHUNK]
            new[LEVEL, i] = merkle.root([k.leaf for k in chunk])
    level, lo, hi = LEVEL, first, last
    while lo // 2 < hi // 2:  # parents whose right child is new
        old = recorder.select_nodes([(level, lo - 1)] if lo % 2 else [])
        for parent in range(lo // 2, hi // 2):
            left = new.get((level, 2 * parent)) or old[level, 2 * parent]
            new[level + 1, parent] = merkle.node_hash(left, new[level, 2 * parent + 1])
        level, lo, hi = level + 1, lo // 2, hi // 2
    recorder.insert_nodes(new)
    return last
