"""Audit's status of Tết hours (GET /transaction-hours/missing) covers every site that serves the public at a
counter (`lichtruc.counters`): a post office ("bưu cục") as well as a transaction point. One without published
hours past the deadline is listed as missing, one that published on time as on time; an office, an exchange and
a base station of the same enterprise have no Tết hours to publish and are never listed. Audit learns the sites
from roster's SiteRegistered events with their kind, so a post office registered long before is listed too."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from audit_testkit import Roster, vn

from lichtruc.events import ROSTER_SOURCE, CloudEvent, make_event
from lichtruc.events_hours import DayHours, TransactionHoursPublished
from support import auth, principal

INSPECTOR = auth(principal("inspector"))


def _published(site: uuid.UUID, enterprise: uuid.UUID, campaign: uuid.UUID, name: str, at: datetime) -> CloudEvent:
    data = TransactionHoursPublished(
        site_id=site,
        enterprise_id=enterprise,
        campaign_id=campaign,
        site_name=name,
        district="Tân An",
        days=(DayHours(day=vn(2, 6).date(), open=False),),
        published_at=at,
        published_version=1,
        version=1,
    )
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(enterprise), time=at)


async def test_post_offices_are_listed_with_the_transaction_points_and_other_sites_never(audit) -> None:
    client, feed, _ = audit  # audit's clock: 5 Feb 2027, past the deadline (the campaign's first day)
    roster = Roster()
    enterprise, registered = roster.enterprise("Bưu điện tỉnh Long An")
    campaign, opened = roster.campaign()
    _, tan_hung = roster.site(enterprise, "Bưu điện huyện Tân Hưng", district="Tân Hưng", kind="post_office")
    central, tan_an = roster.site(enterprise, "Bưu điện Trung tâm Tân An", district="Tân An", kind="post_office")
    _, ben_luc = roster.site(enterprise, "Điểm giao dịch Bến Lức", district="Bến Lức", kind="transaction_point")
    others = [
        roster.site(enterprise, name, district="Tân An", kind=kind)[1]
        for name, kind in (
            ("Văn phòng Bưu điện tỉnh", "office"),
            ("Tổng đài Tân An", "exchange"),
            ("Trạm BTS Tân An", "base_station"),
        )
    ]
    await feed(registered, tan_hung, tan_an, ben_luc, *others, opened)
    await feed(_published(central, enterprise, campaign, "Bưu điện Trung tâm Tân An", vn(1, 20, 9)))

    listed = await client.get(
        "/transaction-hours/missing",
        params=[("campaign_id", str(campaign)), *(("status", s) for s in ("missing", "late", "pending", "on_time"))],
        headers=INSPECTOR,
    )
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(i["district"], i["site_name"], i["status"]) for i in items] == [
        ("Bến Lức", "Điểm giao dịch Bến Lức", "missing"),
        ("Tân An", "Bưu điện Trung tâm Tân An", "on_time"),
        ("Tân Hưng", "Bưu điện huyện Tân Hưng", "missing"),
    ]
    assert listed.json()["total"] == 3
    missing = next(i for i in items if i["site_name"] == "Bưu điện huyện Tân Hưng")
    assert missing["summary_vi"].startswith("Bưu điện huyện Tân Hưng (Bưu điện tỉnh Long An) chưa niêm yết giờ mở cửa")
    assert missing["first_published_at"] is None and missing["published_version"] is None

    by_default = await client.get(
        "/transaction-hours/missing", params={"campaign_id": str(campaign)}, headers=INSPECTOR
    )
    assert [i["site_name"] for i in by_default.json()["items"]] == ["Điểm giao dịch Bến Lức", "Bưu điện huyện Tân Hưng"]


async def test_an_enterprise_owing_from_after_the_deadline_is_listed_not_owed_with_its_day(audit) -> None:
    """The enterprise the Department set to owe from 08/02 (after the deadline, 00:00 30/01) is listed, flagged
    not_owed with its day, not missing; one owing from 29/01 (the deadline's own day) is missing as before. Every
    status may be asked at once (the portal's "Mọi tình trạng")."""
    client, feed, _ = audit
    roster = Roster()
    later, later_registered = roster.enterprise("Bưu chính Viettel Long An", obligations_from=date(2027, 2, 8))
    on_day, on_day_registered = roster.enterprise("Bưu điện tỉnh Long An", obligations_from=date(2027, 1, 29))
    campaign, opened = roster.campaign()
    late_point, a = roster.site(later, "Bưu cục Viettel Tân An", district="Tân An", kind="post_office")
    _, b = roster.site(on_day, "Bưu điện Trung tâm Tân An", district="Tân An", kind="post_office")
    await feed(later_registered, on_day_registered, a, b, opened)

    every = await client.get(
        "/transaction-hours/missing",
        params=[
            ("campaign_id", str(campaign)),
            *(("status", s) for s in ("missing", "late", "pending", "not_owed", "on_time")),
        ],
        headers=INSPECTOR,
    )
    assert every.status_code == 200, every.text
    items = every.json()["items"]
    assert [(i["site_name"], i["status"], i["obligations_from"]) for i in items] == [
        ("Bưu cục Viettel Tân An", "not_owed", "2027-02-08"),
        ("Bưu điện Trung tâm Tân An", "missing", "2027-01-29"),
    ]
    assert "không tính" in items[0]["summary_vi"] and "8 Feb 2027" in items[0]["summary_en"]
    by_default = await client.get(
        "/transaction-hours/missing", params={"campaign_id": str(campaign)}, headers=INSPECTOR
    )
    assert [i["site_name"] for i in by_default.json()["items"]] == ["Bưu điện Trung tâm Tân An"]

    # Published on 03/02, after the deadline but before the day it owes from: neither on time nor late (B2) —
    # "not_owed_published", its summary saying why the deadline is not counted.
    await feed(_published(late_point, later, campaign, "Bưu cục Viettel Tân An", vn(2, 3, 10)))
    statuses = ("missing", "late", "pending", "not_owed", "not_owed_published", "on_time")
    every = await client.get(
        "/transaction-hours/missing",
        params=[("campaign_id", str(campaign)), *(("status", s) for s in statuses)],
        headers=INSPECTOR,
    )
    assert every.status_code == 200, every.text
    published = every.json()["items"][0]
    assert (published["site_name"], published["status"]) == ("Bưu cục Viettel Tân An", "not_owed_published")
    assert published["summary_vi"] == (
        "Bưu cục Viettel Tân An (Bưu chính Viettel Long An) đã niêm yết giờ mở cửa; không tính hạn "
        f"{published['deadline_vi']} vì doanh nghiệp tính nghĩa vụ từ 08/02/2027."
    )
    assert "the deadline" in published["summary_en"] and "owes from 8 Feb 2027" in published["summary_en"]
    on_time = await client.get(
        "/transaction-hours/missing", params={"campaign_id": str(campaign), "status": "on_time"}, headers=INSPECTOR
    )
    assert on_time.json()["items"] == []
