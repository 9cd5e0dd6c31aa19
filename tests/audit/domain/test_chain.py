"""The hash chain: any change, removal or re-ordering of a stored event is detected."""

from __future__ import annotations

from dataclasses import replace

from audit.domain.chain import GENESIS, StoredLink, canonical_bytes, link_hash, verify


def build(n: int) -> list[StoredLink]:
    links, prev = [], GENESIS
    for seq in range(1, n + 1):
        canonical = canonical_bytes({"id": str(seq), "data": {"name": "Trần Văn Đức", "n": seq}})
        h = link_hash(prev, canonical)
        links.append(StoredLink(seq, prev, h, canonical))
        prev = h
    return links


def test_intact_chain_verifies() -> None:
    assert verify(build(5)) == (5, None)


def test_canonical_bytes_are_key_order_independent_and_utf8() -> None:
    assert canonical_bytes({"b": 1, "a": "Đ"}) == canonical_bytes({"a": "Đ", "b": 1}) == '{"a":"Đ","b":1}'.encode()


def test_altered_event_is_reported_at_its_seq() -> None:
    links = build(5)
    links[2] = replace(links[2], canonical=links[2].canonical.replace("Đức".encode(), b"Duc"))
    checked, broken = verify(links)
    assert broken is not None
    assert (checked, broken.seq) == (2, 3)
    assert "altered" in broken.reason


def test_removed_event_is_reported_at_the_next_seq() -> None:
    links = build(5)
    del links[1]
    checked, broken = verify(links)
    assert broken is not None
    assert (checked, broken.seq) == (1, 3)
    assert "removed" in broken.reason


def test_rehashed_forgery_still_breaks_the_following_link() -> None:
    links = build(4)
    forged = canonical_bytes({"id": "2", "data": {"name": "someone else"}})
    links[1] = replace(links[1], canonical=forged, hash=link_hash(links[1].prev_hash, forged))
    _checked, broken = verify(links)
    assert broken is not None
    assert broken.seq == 3
