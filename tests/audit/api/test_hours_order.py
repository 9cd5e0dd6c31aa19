"""Audit's list of transaction points and their Tết hours (GET /transaction-hours/missing): by district (none
last), enterprise, point, each in the Vietnamese alphabet (`lichtruc.text.sort_key`) — the database has no such
collation, and code-point order put "Đức Hòa" after "Vĩnh Hưng" and "VNPT" before "Viettel"."""

from __future__ import annotations

from audit_testkit import Roster

from support import auth, principal
from vietnamese_order import TRANSACTION_POINTS, TRANSACTION_POINTS_IN_ORDER


async def test_transaction_points_are_listed_in_vietnamese_order(audit) -> None:
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    enterprises = {}
    for name in dict.fromkeys(e for e, _, _ in TRANSACTION_POINTS):
        enterprises[name], registered = roster.enterprise(name)
        await feed(registered)
    await feed(opened)
    for enterprise, point, district in TRANSACTION_POINTS:
        _, site = roster.site(enterprises[enterprise], point, district=district, kind="transaction_point")
        await feed(site)
    inspector = auth(principal("inspector"))
    listed = await client.get(
        "/transaction-hours/missing",
        params=[("campaign_id", str(campaign)), ("status", "pending"), ("status", "missing"), ("limit", "3")],
        headers=inspector,
    )
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    while listed.json()["next"]:  # pages keep the order
        listed = await client.get(listed.json()["next"], headers=inspector)
        items += listed.json()["items"]
    assert [(i["district"], i["enterprise_name"], i["site_name"]) for i in items] == TRANSACTION_POINTS_IN_ORDER
