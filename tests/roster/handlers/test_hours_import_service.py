"""The Tết-hours import's report names as "published late" only the points it publishes itself (QA, 2027-02-07: a file
with every row of Bưu điện Văn hóa xã Hưng Điền left empty, imported and published past the deadline, named Hưng Điền
published late while it stayed unpublished). Through the service layer on memory: the dry run and the commit name
the same points, by the same rule and clock; an all-empty point is named as left empty and is not published."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from roster.domain.hours import campaign_days
from roster.domain.imports import ImportReport
from roster.handlers import campaigns, hours
from roster.handlers import reference as handlers
from roster.handlers.campaigns import OpenCampaign
from roster.handlers.reference import RegisterEnterprise, RegisterSite

from .memory_roster import MemoryRoster

TAN_HUNG, TAN_AN, HUNG_DIEN = "Bưu điện huyện Tân Hưng", "Bưu điện Trung tâm Tân An", "Bưu điện Văn hóa xã Hưng Điền"


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    return (
        "Bưu cục/điểm giao dịch,Ngày,Giờ mở cửa,Ghi chú\n" + "".join(f"{p},{d},{h},\n" for p, d, h in rows)
    ).encode()


async def test_the_report_names_late_only_the_points_it_publishes_and_an_all_empty_point_as_left_empty() -> None:
    roster = MemoryRoster(now=datetime(2027, 1, 20, 3, tzinfo=UTC))
    post = await handlers.register_enterprise(
        roster.uow(), RegisterEnterprise("Bưu điện tỉnh Long An", "postal", None, ("a@buudien-longan.vn",))
    )
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    ids = {}
    for name in (TAN_HUNG, TAN_AN, HUNG_DIEN):
        ids[name] = (await handlers.register_site(roster.uow(), RegisterSite(post.id, name, "post_office"))).site.id
    days = [f"{d:%d/%m/%Y}" for d in campaign_days(campaign.starts_at, campaign.ends_at)]

    def rows(point: str, text: str) -> list[tuple[str, str, str]]:
        return [(point, d, text) for d in days]

    # Tân An published on time, before the deadline
    first_file = _csv(rows(TAN_AN, "07:30-11:30"))
    on_time = await hours.import_hours(
        roster.uow(), campaign_id=campaign.id, enterprise_id=post.id, data=first_file, dry_run=False, publish=True
    )
    assert (on_time.late_points, on_time.empty_points) == ((), ())

    # 10:06 07/02/2027: 8 days 10 h 6 min past the deadline (00:00 30/01)
    roster.now = campaign.hours_due + timedelta(days=8, hours=10, minutes=6)
    data = _csv(rows(TAN_HUNG, "07:00-17:00") + rows(TAN_AN, "07:30-11:30") + rows(HUNG_DIEN, ""))

    async def imported(*, dry_run: bool, publish: bool = True) -> ImportReport:
        return await hours.import_hours(
            roster.uow(), campaign_id=campaign.id, enterprise_id=post.id, data=data, dry_run=dry_run, publish=publish
        )

    dry = await imported(dry_run=True)
    assert dry.summary.with_errors == 0
    assert dry.late_points == (TAN_HUNG,)  # not Hưng Điền (nothing imported), nor Tân An (its first stands)
    assert dry.empty_points == (HUNG_DIEN,)
    drafts = await imported(dry_run=True, publish=False)
    assert (drafts.late_points, drafts.empty_points) == ((), (HUNG_DIEN,))  # publishing not asked: nothing late

    done = await imported(dry_run=False)
    assert (done.committed, done.late_points, done.empty_points) == (True, (TAN_HUNG,), (HUNG_DIEN,))
    tan_hung, tan_an, hung_dien = [
        (await hours.get_hours(roster.ctx, ids[name], campaign_id=campaign.id)).hours
        for name in (TAN_HUNG, TAN_AN, HUNG_DIEN)
    ]
    assert tan_hung is not None and tan_hung.published_at == roster.now
    assert tan_an is not None and tan_an.published_version == 1
    assert hung_dien is None  # nothing imported, not published

    again = await imported(dry_run=True)
    assert (again.late_points, again.empty_points) == ((), (HUNG_DIEN,))  # Tân Hưng's late publication is behind it
