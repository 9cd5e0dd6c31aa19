"""The directive's seeded checklist items (roster.domain.readiness): each sector's list in its own words."""

from __future__ import annotations

import pytest

from roster.domain.readiness import SECTORS, directive_items, not_yet_seeded

POSTAL_WORDS = ("chuyển phát", "bưu", "delivery", "mail", "parcel")
NETWORK_WORDS = ("mạng ngoại vi", "đủ kênh", "outside plant", "channels")


@pytest.mark.parametrize("sector", [s for s in SECTORS if s != "postal"])
def test_a_network_sectors_list_says_nothing_of_postal_delivery(sector: str) -> None:
    """QZ13 #16: the TV station's readiness list had "Phương tiện ứng cứu, chuyển phát" (postal delivery wording)."""
    items = [d for s, _, d in directive_items((sector,))]
    assert "Phương tiện ứng cứu sự cố" in [d.title_vi for d in items]
    for d in items:
        words = f"{d.title_vi} {d.title_en} {d.description}".casefold()
        assert not [w for w in POSTAL_WORDS if w in words], (sector, d.title_vi)


def test_a_postal_enterprises_list_keeps_its_delivery_items_and_no_network_plan() -> None:
    items = [d for _, _, d in directive_items(("postal",))]
    assert "Phương tiện ứng cứu, chuyển phát" in [d.title_vi for d in items]
    for d in items:
        words = f"{d.title_vi} {d.title_en} {d.description}".casefold()
        assert not [w for w in NETWORK_WORDS if w in words], d.title_vi


def test_each_sectors_items_are_numbered_in_order_once_each() -> None:
    for sector in SECTORS:
        rows = directive_items((sector,))
        assert [p for _, p, _ in rows] == [10 * (i + 1) for i in range(len(rows))]
        assert len({d.title_vi for _, _, d in rows}) == len(rows)


def test_an_item_held_under_its_former_title_is_not_seeded_again() -> None:
    """R3: a network sector's campaign seeded before QZ13 #16 holds "Phương tiện ứng cứu, chuyển phát": seeding again
    does not add "Phương tiện ứng cứu sự cố" beside it. The former title is the network item's only: a postal list
    holding it has its own item, not the network one."""
    every = {(s, d.title_vi) for s, _, d in directive_items(SECTORS)}
    assert not_yet_seeded(SECTORS, every) == []
    old = (every - {("television", "Phương tiện ứng cứu sự cố")}) | {("television", "Phương tiện ứng cứu, chuyển phát")}
    assert not_yet_seeded(SECTORS, old) == []
    lacking = every - {("television", "Phương tiện ứng cứu sự cố")}
    assert [(s, d.title_vi) for s, _, d in not_yet_seeded(SECTORS, lacking)] == [
        ("television", "Phương tiện ứng cứu sự cố")
    ]
