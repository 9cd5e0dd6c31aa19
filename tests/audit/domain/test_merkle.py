"""Audit's Merkle tree (domain/merkle.py) against the Certificate Transparency reference
vectors, against a separate verifier (tests/merkle_reference.py), and under tampering.

Reference vectors: the 8-leaf sample tree of the Certificate Transparency test suites —
leaf inputs and roots from transparency-dev/merkle `testonly/constants.go` (LeafInputs,
NodeHashes, RootHashes); audit paths and consistency proofs from Chromium's
`net/cert/ct_log_verifier_unittest.cc` (kAuditProofs, kConsistencyProofs), the same values
as google/certificate-transparency-go's merkle tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.domain import merkle as m
from merkle_reference import consistency_ok, inclusion_ok, mth

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657")] + [
    bytes.fromhex("606162636465666768696a6b6c6d6e6f")
]
LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]
ROOTS = [  # by tree size 0..8
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
AUDIT_PATHS = [  # (leaf index, tree size, path)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def hexes(hashes: list[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


def stored(leaves: list[bytes]) -> dict[m.NodeRef, bytes]:
    """The perfect subtrees `grow` stores for these leaves, added one at a time."""
    nodes: dict[m.NodeRef, bytes] = {}
    size = 0
    for data in leaves:
        edge = [nodes[r] for r in m.frontier(size)]
        grown = m.grow(size, edge, [m.leaf_hash(data)])
        nodes.update({(lvl, idx): h for lvl, idx, h in grown.nodes})
        size = grown.size
    return nodes


def test_leaf_hashes_and_roots_of_the_reference_tree() -> None:
    assert [m.leaf_hash(x).hex() for x in LEAVES] == LEAF_HASHES
    hashes = [m.leaf_hash(x) for x in LEAVES]
    assert [m.root_of(hashes[:n]).hex() for n in range(9)] == ROOTS
    assert m.EMPTY_ROOT.hex() == ROOTS[0]
    nodes = stored(LEAVES)
    for n in range(9):
        assert m.fold([nodes[r] for r in m.frontier(n)]).hex() == ROOTS[n]
    assert nodes[(3, 0)].hex() == ROOTS[8] and nodes[(1, 3)].hex() == (
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
    )


@pytest.mark.parametrize(("index", "size", "path"), AUDIT_PATHS)
def test_reference_audit_paths(index: int, size: int, path: list[str]) -> None:
    mth_of = m.from_nodes(stored(LEAVES[:size]))
    assert hexes(m.inclusion_path(index, size, mth_of)) == path
    proof = [bytes.fromhex(h) for h in path]
    root = bytes.fromhex(ROOTS[size])
    leaf = bytes.fromhex(LEAF_HASHES[index])
    assert m.verify_inclusion(leaf, index, size, proof, root)
    assert inclusion_ok(leaf, index, size, proof, root)
    assert not m.verify_inclusion(leaf, index, size, proof, m.EMPTY_ROOT)
    assert not m.verify_inclusion(leaf, index + 1, size, proof, root)
    assert not m.verify_inclusion(leaf, index, size * 2, proof, root)
    assert not m.verify_inclusion(leaf, index, size, [*proof, root], root)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_reference_consistency_proofs(old: int, new: int, proof: list[str]) -> None:
    mth_of = m.from_nodes(stored(LEAVES[:new]))
    assert hexes(m.consistency_proof(old, new, mth_of)) == proof
    nodes = [bytes.fromhex(h) for h in proof]
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert m.verify_consistency(old, new, old_root, new_root, nodes)
    assert consistency_ok(old, new, old_root, new_root, nodes)
    if nodes:
        assert not m.verify_consistency(old, new, new_root, old_root, nodes)
        assert not m.verify_consistency(old - 1, new, old_root, new_root, nodes)
        assert not m.verify_consistency(old, new * 2, old_root, new_root, nodes)
        assert not m.verify_consistency(old, new, old_root, new_root, nodes[:-1])
        assert not m.verify_consistency(old, new, old_root, new_root, [*nodes, nodes[-1]])


def test_a_proof_reads_only_logarithmically_many_stored_nodes() -> None:
    size = 1000
    for index in (0, 511, 999):

        def prove(h: m.RangeHash, i: int = index) -> list[bytes]:
            return m.inclusion_path(i, size, h)

        assert len(m.ranges_needed(prove)) <= 2 * 10
    assert len(m.ranges_needed(lambda h: m.consistency_proof(333, size, h))) <= 2 * 10


def test_tree_head_bytes_are_the_documented_form() -> None:
    root = bytes(range(32))
    signed = m.tree_head_bytes(5, root, 1_700_000_000_123)
    assert (
        signed
        == b"lichtruc-audit-tree-head-v1\x00" + (1_700_000_000_123).to_bytes(8, "big") + (5).to_bytes(8, "big") + root
    )


leaf_data = st.lists(st.binary(max_size=12), min_size=1, max_size=70)


@settings(max_examples=60, deadline=None)
@given(leaf_data, st.data())
def test_every_inclusion_proof_verifies_and_tampering_is_caught(leaves: list[bytes], data: st.DataObject) -> None:
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    mth_of = m.from_nodes(stored(leaves))
    root = mth(leaves[:size])
    assert root == mth_of(0, size)
    path = m.inclusion_path(index, size, mth_of)
    leaf = m.leaf_hash(leaves[index])
    assert inclusion_ok(leaf, index, size, path, root) and m.verify_inclusion(leaf, index, size, path, root)
    changed_leaf = m.leaf_hash(leaves[index] + b"!")
    assert not inclusion_ok(changed_leaf, index, size, path, root)
    assert not m.verify_inclusion(changed_leaf, index, size, path, root)
    wrong_root = m.node_hash(root, root)
    assert not inclusion_ok(leaf, index, size, path, wrong_root)
    assert not m.verify_inclusion(leaf, index, size, path, wrong_root)
    if path:
        at = data.draw(st.integers(0, len(path) - 1), label="node changed")
        bent = [*path[:at], m.leaf_hash(path[at]), *path[at + 1 :]]
        assert not inclusion_ok(leaf, index, size, bent, root)
        assert not m.verify_inclusion(leaf, index, size, bent, root)
    # Two different leaves swapped in the log: the moved leaf is no longer proved at its place.
    other = data.draw(st.integers(0, size - 1), label="swapped with")
    if leaves[other] != leaves[index]:
        swapped = list(leaves[:size])
        swapped[index], swapped[other] = swapped[other], swapped[index]
        assert mth(swapped) != root
        moved_path = m.inclusion_path(index, size, m.from_leaves([m.leaf_hash(x) for x in swapped]))
        assert not inclusion_ok(leaf, index, size, moved_path, root)


@settings(max_examples=60, deadline=None)
@given(leaf_data, st.data())
def test_every_consistency_proof_verifies_and_a_rewritten_past_is_caught(
    leaves: list[bytes], data: st.DataObject
) -> None:
    new = data.draw(st.integers(1, len(leaves)), label="new")
    old = data.draw(st.integers(0, new), label="old")
    mth_of = m.from_nodes(stored(leaves))
    proof = m.consistency_proof(old, new, mth_of)
    old_root, new_root = mth(leaves[:old]), mth(leaves[:new])
    assert consistency_ok(old, new, old_root, new_root, proof)
    assert m.verify_consistency(old, new, old_root, new_root, proof)
    if 0 < old < new:
        # The old view kept by an inspector, but the log rewrote one of its leaves since.
        at = data.draw(st.integers(0, old - 1), label="rewritten")
        rewritten = [*leaves[:at], leaves[at] + b"~", *leaves[at + 1 : new]]
        forged = m.consistency_proof(old, new, m.from_leaves([m.leaf_hash(x) for x in rewritten]))
        assert not consistency_ok(old, new, old_root, mth(rewritten), forged)
        assert not m.verify_consistency(old, new, old_root, mth(rewritten), forged)
        at = data.draw(st.integers(0, len(proof) - 1), label="node changed")
        bent = [*proof[:at], m.leaf_hash(proof[at]), *proof[at + 1 :]]
        assert not consistency_ok(old, new, old_root, new_root, bent)
        assert not m.verify_consistency(old, new, old_root, new_root, bent)
        assert not m.verify_consistency(old, new, m.node_hash(old_root, old_root), new_root, proof)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=8), max_size=40), st.lists(st.integers(1, 5), max_size=12))
def test_growing_in_batches_stores_the_same_tree_as_one_by_one(leaves: list[bytes], batches: list[int]) -> None:
    nodes: dict[m.NodeRef, bytes] = {}
    size, rest = 0, [m.leaf_hash(x) for x in leaves]
    for k in [*batches, len(rest)]:
        batch, rest = rest[:k], rest[k:]
        grown = m.grow(size, [nodes[r] for r in m.frontier(size)], batch)
        nodes.update({(lvl, idx): h for lvl, idx, h in grown.nodes})
        size = grown.size
        assert grown.root == mth(leaves[:size])
    assert nodes == stored(leaves)


def test_epoch_milliseconds_are_exact() -> None:
    assert m.epoch_ms(datetime(2027, 2, 6, 0, 0, 0, 123000, tzinfo=UTC)) == 1801872000123
    assert m.epoch_ms(datetime(1970, 1, 1, 0, 0, 0, 999, tzinfo=UTC)) == 0
