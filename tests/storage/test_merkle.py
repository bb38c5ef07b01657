"""The RFC 6962 tree: heads, inclusion and consistency proofs check, and fail when a
leaf or a proof is changed."""

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from storage import merkle


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(str(i).encode()) for i in range(n)]


def test_the_tree_of_three_leaves_is_as_rfc_6962_draws_it() -> None:
    a, b, c = leaves(3)
    assert merkle.root([a, b, c]) == merkle.node_hash(merkle.node_hash(a, b), c)
    assert merkle.root([]) == hashlib.sha256(b"").digest()


@given(st.integers(1, 70))
def test_every_way_of_growing_the_tree_gives_the_same_head(n: int) -> None:
    frontier = merkle.Frontier()
    for leaf in leaves(n):
        frontier.append(leaf)
    assert frontier.root() == merkle.root(leaves(n)) == merkle.Tree(leaves(n)).root()


@given(
    st.integers(1, 70).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1)))
)
def test_an_inclusion_proof_checks_and_a_changed_leaf_does_not(
    sized: tuple[int, int],
) -> None:
    n, index = sized
    found = leaves(n)
    path, head = merkle.inclusion(index, found), merkle.root(found)
    assert merkle.verify_inclusion(index, n, found[index], path, head)
    forged = merkle.leaf_hash(b"forged")
    assert not merkle.verify_inclusion(index, n, forged, path, head)


@given(
    st.integers(2, 70).flatmap(lambda n: st.tuples(st.integers(1, n - 1), st.just(n)))
)
def test_a_consistency_proof_checks_and_a_rewritten_prefix_does_not(
    sizes: tuple[int, int],
) -> None:
    old, new = sizes
    found = leaves(new)
    proof = merkle.consistency(old, found)
    old_head, new_head = merkle.root(found[:old]), merkle.root(found)
    assert merkle.verify_consistency(old, new, old_head, new_head, proof)
    rewritten = merkle.root([merkle.leaf_hash(b"x"), *found[1:old]])
    assert not merkle.verify_consistency(old, new, rewritten, new_head, proof)
