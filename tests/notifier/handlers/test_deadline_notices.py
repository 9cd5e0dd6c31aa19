"""The directive's deadline notices through the service layer (in memory): roster's events projected, then the
scheduler's sweep at chosen instants. Each notice reaches its recipients once — a second sweep, a second
replica or a redelivered event adds nothing —; an obligation met in time gives nothing; the leader on duty
is told in their own language; the Department gets one digest per day."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from notifier_testkit import PORTAL, Enterprise, Person, account, links_in, portal_page, roster_event

from lichtruc.events import CampaignOpened, SiteRegistered
from lichtruc.events_hours import DayHours, TransactionHoursPublished
from lichtruc.events_readiness import ReadinessItemCompleted, ReadinessItemDefined, ReadinessItemReopened
from lichtruc.events_reports import DailyReportSubmitted
from lichtruc.vntime import VIETNAM
from notifier.handlers.deadlines import sweep
from notifier.handlers.scheduler import run_once

from .conftest import World, make_world, post_office

DEPARTMENT = ("thanhtra@sotttt.longan.gov.vn",)
CAMPAIGN = uuid.uuid4()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def campaign_opened(version: int = 1, **changes: object) -> CampaignOpened:
    values: dict[str, object] = {
        "campaign_id": CAMPAIGN,
        "lunar_year": 2027,
        "name": "Tết Đinh Mùi 2027",
        "starts_at": vn(2027, 1, 30),
        "ends_at": vn(2027, 2, 14),
        "hours_deadline": vn(2027, 2, 1),
        "version": version,
        **changes,
    }
    return CampaignOpened(**values)


async def setup(world: World, *enterprises: Enterprise) -> None:
    await world.apply(*(e.registered() for e in enterprises))
    await world.apply(roster_event(campaign_opened(), enterprise=CAMPAIGN, at=world.clock()))


def sent(world: World, kind: str) -> list[tuple[str | None, str]]:
    return sorted((d.recipient, d.subject) for d in world.state.deliveries.values() if d.kind == kind)


def item(vnpt: Enterprise) -> ReadinessItemDefined:
    return ReadinessItemDefined(
        item_id=uuid.uuid4(),
        campaign_id=CAMPAIGN,
        sector="telecom",
        title_vi="Nguồn điện dự phòng",
        title_en="Back-up power",
        due_at=vn(2027, 1, 21),
        due_date=date(2027, 1, 20),
        position=1,
        version=1,
    )


def mark(vnpt: Enterprise, defined: ReadinessItemDefined, *, done: bool, version: int):
    common: dict[str, Any] = {
        "item_id": defined.item_id,
        "campaign_id": CAMPAIGN,
        "enterprise_id": vnpt.enterprise_id,
        "sector": "telecom",
        "title_vi": defined.title_vi,
        "due_at": defined.due_at,
        "version": version,
    }
    data = (
        ReadinessItemCompleted(**common, done_at=vn(2027, 1, 19), note="Đã thử tải máy phát")
        if done
        else ReadinessItemReopened(**common, reopened_at=vn(2027, 1, 20, 9))
    )
    return roster_event(data, enterprise=vnpt.enterprise_id, at=vn(2027, 1, 19))


async def test_a_readiness_item_is_reminded_then_overdue_once_each_and_not_for_the_one_done() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    viettel = Enterprise(world.clock, name="Viettel Long An", manager_emails=("gd@viettel.vn", "pgd@viettel.vn"))
    await setup(world, vnpt, viettel)
    defined = item(vnpt)
    await world.apply(roster_event(defined, enterprise=CAMPAIGN, at=world.clock()))

    assert await sweep(world.ctx, vn(2027, 1, 18, 7, 59)) == 0
    assert await sweep(world.ctx, vn(2027, 1, 18, 8)) == 3
    assert await sweep(world.ctx, vn(2027, 1, 18, 9)) == 0  # the same notices: nothing new
    soon = sent(world, "readiness_soon")
    assert [r for r, _ in soon] == ["gd@viettel.vn", "giamdoc@vnpt-longan.vn", "pgd@viettel.vn"]
    assert (
        "giamdoc@vnpt-longan.vn",
        "[Chuẩn bị Tết — sắp đến hạn] Nguồn điện dự phòng — VNPT Long An, hạn 20/01/2027",
    ) in soon
    # Each enterprise's managers are linked to their own checklist in the campaign, where the item is marked done.
    for d in world.state.deliveries.values():
        enterprise = vnpt if d.recipient == "giamdoc@vnpt-longan.vn" else viettel
        checklist = f"{PORTAL}/manage/readiness?campaign_id={CAMPAIGN}&enterprise_id={enterprise.enterprise_id}"
        assert f"\nĐánh dấu hoàn thành: {checklist}\n" in (d.body or ""), d.body
        assert links_in(d.body or "") == [checklist] and portal_page(checklist) == "/manage/readiness"

    await world.apply(mark(vnpt, defined, done=True, version=1))
    assert await sweep(world.ctx, vn(2027, 1, 21, 7, 59)) == 0
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 2
    assert [r for r, _ in sent(world, "readiness_late")] == ["gd@viettel.vn", "pgd@viettel.vn"]
    # Reopened after its deadline: now overdue for VNPT too, once.
    await world.apply(mark(vnpt, defined, done=False, version=2))
    assert await sweep(world.ctx, vn(2027, 1, 22, 8)) == 1
    assert await sweep(world.ctx, vn(2027, 1, 23, 8)) == 0
    assert [r for r, _ in sent(world, "readiness_late")] == [
        "gd@viettel.vn",
        "giamdoc@vnpt-longan.vn",
        "pgd@viettel.vn",
    ]


async def test_an_enterprise_owing_from_a_later_day_is_told_nothing_of_what_was_due_before_until_that_day_is_cleared() -> (
    None
):
    """QZ11 #6 / QZ12 #5: roster's `obligations_from` on the enterprise's events reaches the sweep: an item due on
    20/01 is not mailed to an enterprise owing from 21/01, neither as due soon nor as overdue; the Department
    clearing the day (a later full-state event) makes it owed again, overdue at the next morning's sweep."""
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    viettel = Enterprise(
        world.clock, name="Viettel Long An", manager_emails=("gd@viettel.vn",), obligations_from=date(2027, 1, 21)
    )
    await setup(world, vnpt, viettel)
    await world.apply(roster_event(item(vnpt), enterprise=CAMPAIGN, at=world.clock()))
    assert await sweep(world.ctx, vn(2027, 1, 18, 8)) == 1
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 1
    assert [r for r, _ in sent(world, "readiness_soon") + sent(world, "readiness_late")] == [
        "giamdoc@vnpt-longan.vn",
        "giamdoc@vnpt-longan.vn",
    ]
    await world.apply(viettel.registered(obligations_from=None))
    assert await sweep(world.ctx, vn(2027, 1, 22, 8)) == 1
    assert [r for r, _ in sent(world, "readiness_late")] == ["gd@viettel.vn", "giamdoc@vnpt-longan.vn"]


async def test_an_older_campaign_event_arriving_late_changes_nothing_and_a_campaign_over_owes_nothing() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    await setup(world, vnpt)
    await world.apply(roster_event(item(vnpt), enterprise=CAMPAIGN, at=world.clock()))
    ended = campaign_opened(version=2, ends_at=vn(2027, 1, 20))
    stale = campaign_opened(version=1, ends_at=vn(2027, 3, 1))
    await world.apply(roster_event(ended, enterprise=CAMPAIGN, at=world.clock()))
    await world.apply(roster_event(stale, enterprise=CAMPAIGN, at=world.clock()))
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 0  # over on the 20th: no overdue notice
    assert sent(world, "readiness_late") == []


async def test_post_offices_and_transaction_points_without_hours_are_listed_to_the_managers_by_the_deadline() -> None:
    """A post office ("bưu cục") publishes its Tết hours as a transaction point does (`lichtruc.counters`): the
    reminder counts both by kind and lists both; an office and a network centre have none to publish."""
    world = make_world()
    post = Enterprise(world.clock, name="Bưu điện tỉnh Long An", manager_emails=("gd@buudien-longan.vn",))
    await setup(world, post)
    points = {}
    for name, district, kind in (
        ("Bưu cục Mộc Hóa", "Kiến Tường", "post_office"),
        ("Điểm giao dịch Tân Hưng", "Tân Hưng", "transaction_point"),
        ("Văn phòng Bưu điện tỉnh", "Tân An", "office"),
    ):
        site_id = uuid.uuid4()
        points[name] = site_id
        registered = SiteRegistered(
            site_id=site_id, enterprise_id=post.enterprise_id, name=name, kind=kind, district=district, version=1
        )
        await world.apply(post.event(registered))
    _, noc = post.site("Trung tâm điều hành")  # neither a post office nor a transaction point
    await world.apply(noc)

    assert await sweep(world.ctx, vn(2027, 1, 29, 23, 59)) == 0
    assert await sweep(world.ctx, vn(2027, 1, 30)) == 1
    [(_, subject)] = sent(world, "hours_soon")
    assert subject.startswith(
        "[Giờ mở cửa Tết — sắp đến hạn niêm yết] 1 bưu cục, 1 điểm giao dịch — Bưu điện tỉnh Long An"
    )
    [soon] = [d for d in world.state.deliveries.values() if d.kind == "hours_soon"]
    body = soon.body or ""
    assert "Các bưu cục, điểm giao dịch sau chưa niêm yết giờ mở cửa" in body
    form = f"{PORTAL}/manage/tet-hours?campaign_id={CAMPAIGN}&site_id="
    assert (  # each listed with the link to its own form of Tết hours in the campaign
        "Bưu cục, điểm giao dịch chưa niêm yết:\n"
        f"  - Bưu cục Mộc Hóa (Kiến Tường): {form}{points['Bưu cục Mộc Hóa']}\n"
        f"  - Điểm giao dịch Tân Hưng (Tân Hưng): {form}{points['Điểm giao dịch Tân Hưng']}\n" in body
    ), body
    assert {portal_page(url) for url in links_in(body)} == {"/manage/tet-hours"}
    assert "Trung tâm điều hành" not in body and "Văn phòng" not in body

    published = TransactionHoursPublished(
        site_id=points["Bưu cục Mộc Hóa"],  # the post office publishes
        enterprise_id=post.enterprise_id,
        campaign_id=CAMPAIGN,
        site_name="Bưu cục Mộc Hóa",
        days=(DayHours(day=date(2027, 1, 30), open=False),),
        published_at=vn(2027, 1, 31),
        published_version=1,
        version=1,
    )
    event = post.event(published)
    await world.apply(event, event)  # redelivered
    await sweep(world.ctx, vn(2027, 2, 1))  # (the missing daily reports are owed too meanwhile)
    [late] = [d for d in world.state.deliveries.values() if d.kind == "hours_late"]
    assert "Điểm giao dịch Tân Hưng (Tân Hưng)" in (late.body or "") and "Bưu cục Mộc Hóa" not in (late.body or "")
    assert (late.subject or "").startswith("[Giờ mở cửa Tết — quá hạn niêm yết] 1 điểm giao dịch — ")
    await sweep(world.ctx, vn(2027, 2, 2))
    assert len(sent(world, "hours_late")) == 1


async def test_a_missing_daily_report_reminds_the_leader_on_duty_and_the_managers_and_the_department_once() -> None:
    world = make_world(department_emails=DEPARTMENT)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    viettel = Enterprise(world.clock, name="Viettel Long An", manager_emails=("gd@viettel.vn",))
    # QZ18 #3: registered owing from 07/02, it does not owe the report of 06/02, though that falls due on 07/02.
    dien_luc = Enterprise(
        world.clock,
        name="Điện lực Long An",
        manager_emails=("gd@dienluc-longan.vn",),
        obligations_from=date(2027, 2, 7),
    )
    await setup(world, vnpt, viettel, dien_luc)
    lanh = Person.new("Lê Văn Lãnh", email="lanh@vnpt-longan.vn")
    other_day = Person.new("Phạm Văn Nghỉ", email="nghi@vnpt-longan.vn")
    on_duty = vnpt.shift([lanh], start=vn(2027, 2, 6, 7), hours=12)
    on_duty.planned()
    next_day = vnpt.shift([other_day], start=vn(2027, 2, 7, 7), hours=12)
    next_day.planned()
    await world.apply(vnpt.staff(lanh, language="en"), vnpt.staff(other_day), on_duty.published(), next_day.published())
    submitted = DailyReportSubmitted(
        report_id=uuid.uuid4(),
        campaign_id=CAMPAIGN,
        enterprise_id=viettel.enterprise_id,
        enterprise_name="Viettel Long An",
        day=date(2027, 2, 6),
        version=1,
        number="1/BC-VTLA",
        submitted_at=vn(2027, 2, 6, 20),
        submitted_by_name="Trần Văn Trực",
    )
    await world.apply(viettel.event(submitted))
    # Every earlier day of the campaign was reported by both (else they would be owed too).
    for day in (date(2027, 2, 5),):
        for who in (vnpt, viettel):
            await world.apply(
                who.event(
                    submitted.model_copy(
                        update={"enterprise_id": who.enterprise_id, "day": day, "report_id": uuid.uuid4()}
                    )
                )
            )

    assert await sweep(world.ctx, vn(2027, 2, 7, 8, 59)) == 0
    assert await sweep(world.ctx, vn(2027, 2, 7, 9)) == 3
    assert await sweep(world.ctx, vn(2027, 2, 7, 10)) == 0
    reminders = {d.recipient: d for d in world.state.deliveries.values() if d.kind == "report_missing"}
    assert set(reminders) == {"lanh@vnpt-longan.vn", "giamdoc@vnpt-longan.vn"}
    assert reminders["lanh@vnpt-longan.vn"].language == "en"
    assert reminders["lanh@vnpt-longan.vn"].subject.startswith(
        "[Tết daily report — not submitted] VNPT Long An — day 6 Feb 2027 (1st day of Tết"
    )
    assert reminders["giamdoc@vnpt-longan.vn"].subject.startswith(
        "[Báo cáo trực Tết — chưa nộp] VNPT Long An — ngày 06/02/2027 (Mùng 1 Tết"
    )
    [digest] = [d for d in world.state.deliveries.values() if d.kind == "report_digest"]
    assert digest.recipient == DEPARTMENT[0]
    assert "VNPT Long An" in (digest.body or "") and "Viettel Long An" not in (digest.body or "")
    assert "Điện lực" not in (digest.body or "")  # not owed: no mail to its manager (above), not in the digest
    # The leader on duty and the managers are linked to the day's report form; the Department to the day's status
    # of every report (the menu the digest named before: "Lịch trực Tết, mục Báo cáo trực Tết").
    form = f"{PORTAL}/reports/daily?campaign_id={CAMPAIGN}&enterprise_id={vnpt.enterprise_id}&day=2027-02-06"
    assert f"\nSubmit the day's report: {form}\n" in (reminders["lanh@vnpt-longan.vn"].body or "")
    assert f"\nNộp báo cáo ngày: {form}\n" in (reminders["giamdoc@vnpt-longan.vn"].body or "")
    status = f"{PORTAL}/inspect/reports?campaign_id={CAMPAIGN}&day=2027-02-06"
    assert f"\nDanh sách đầy đủ: {status}\n" in (digest.body or "") and "mục Báo cáo" not in (digest.body or "")
    assert (portal_page(form), portal_page(status)) == ("/reports/daily", "/inspect/reports")


async def test_two_replicas_sweeping_and_the_scheduler_round_send_each_notice_once() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    await setup(world, vnpt)
    await world.apply(roster_event(item(vnpt), enterprise=CAMPAIGN, at=world.clock()))
    world.clock.now = vn(2027, 1, 21, 8)
    first, second = await sweep(world.ctx, world.clock()), await sweep(world.ctx, world.clock())
    assert (first, second) == (1, 0)

    class NoSend:
        async def send(self, *args: object, **kwargs: object) -> None:
            return None

    world.clock.now += timedelta(days=1)
    # The scheduler's round sweeps too (its timer lets the first round through): nothing new.
    await run_once(world.ctx, senders=NoSend())  # type: ignore[arg-type]  # nothing to send: a stand-in
    assert len([d for d in world.state.deliveries.values() if d.kind == "readiness_late"]) == 1


async def test_an_enterprise_without_a_manager_address_gets_a_failed_delivery_that_says_why_once() -> None:
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=())
    await setup(world, vnpt)
    await world.apply(roster_event(item(vnpt), enterprise=CAMPAIGN, at=world.clock()))
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 1
    assert await sweep(world.ctx, vn(2027, 1, 21, 9)) == 0
    [failed] = [d for d in world.state.deliveries.values() if d.kind == "readiness_late"]
    assert failed.status == "failed" and "the managers of VNPT Long An" in (failed.last_error or "")


async def test_readiness_and_hours_notices_reach_the_manager_accounts_too_each_address_once() -> None:
    """QZ12: only inspections reached an enterprise's manager accounts; its readiness and Tết hours notices went to
    its own addresses alone. Now as inspections: its active manager accounts' sign-in addresses too, each once."""
    world = make_world()
    post = Enterprise(world.clock, name="Bưu điện tỉnh Long An", manager_emails=("gd@buudien-longan.vn",))
    await setup(world, post)
    await world.apply(
        account(post, "quynhnt@buudien-longan.vn"),  # the manager's account
        account(post, " GD@buudien-longan.vn"),  # an account with the enterprise's own address: told once
        account(post, "nv@buudien-longan.vn", role="staff"),  # not a manager
    )
    await world.apply(roster_event(item(post), enterprise=CAMPAIGN, at=world.clock()))
    point = SiteRegistered(
        site_id=uuid.uuid4(),
        enterprise_id=post.enterprise_id,
        name="Điểm giao dịch Tân Hưng",
        kind="transaction_point",
        district="Tân Hưng",
        version=1,
    )
    await world.apply(post.event(point))
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 2  # the item overdue (the hours not due yet)
    assert await sweep(world.ctx, vn(2027, 1, 30)) == 2  # the hours due soon
    assert await sweep(world.ctx, vn(2027, 1, 30, 1)) == 0
    for kind in ("readiness_late", "hours_soon"):
        assert [r for r, _ in sent(world, kind)] == ["gd@buudien-longan.vn", "quynhnt@buudien-longan.vn"], kind


async def test_items_overdue_at_once_are_one_mail_per_manager_naming_each_and_told_once() -> None:
    # The directive's items seeded after their due day (20/01): all overdue at the first sweep, five days on.
    world = make_world()
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn", "pgd@vnpt-longan.vn"))
    viettel = Enterprise(world.clock, name="Viettel Long An", manager_emails=("gd@viettel.vn",))
    await setup(world, vnpt, viettel)
    titles = [
        ("Nguồn điện dự phòng", "Back-up power"),
        ("Vật tư dự phòng", "Spare materials"),
        ("Xe ứng cứu", "Vehicles"),
    ]
    for title_vi, title_en in titles:
        defined = item(vnpt).model_copy(update={"item_id": uuid.uuid4(), "title_vi": title_vi, "title_en": title_en})
        await world.apply(roster_event(defined, enterprise=CAMPAIGN, at=world.clock()))

    assert await sweep(world.ctx, vn(2027, 1, 25, 10)) == 3  # one per manager: VNPT's two, Viettel's one
    assert await sweep(world.ctx, vn(2027, 1, 25, 11)) == 0
    late = {d.recipient or "": d for d in world.state.deliveries.values() if d.kind == "readiness_late"}
    assert sorted(late) == ["gd@viettel.vn", "giamdoc@vnpt-longan.vn", "pgd@vnpt-longan.vn"]
    for manager, name in (("pgd@vnpt-longan.vn", "VNPT Long An"), ("gd@viettel.vn", "Viettel Long An")):
        mail = late[manager]
        assert mail.subject == f"[Chuẩn bị Tết — quá hạn] 3 hạng mục — {name}"
        body = mail.body or ""
        assert "Các hạng mục chuẩn bị Tết sau đã quá hạn" in body
        for title_vi, _ in titles:
            assert (
                f"\n  - {title_vi} (Viễn thông) — hết ngày 20/01/2027 (13 tháng Chạp Bính Ngọ) — quá hạn 5 ngày\n"
                in body
            )


async def test_a_manager_with_a_staff_record_is_written_in_their_language_and_by_name_a_mailbox_in_the_default() -> (
    None
):
    # QA: tamtv chose English on /me/reminders, yet the overdue notice came in Vietnamese to the bare address.
    world = make_world()
    post = await post_office(world)
    await world.apply(roster_event(campaign_opened(), enterprise=CAMPAIGN, at=world.clock()))
    await world.apply(roster_event(item(post), enterprise=CAMPAIGN, at=world.clock()))

    def mails(kind: str) -> dict[str, tuple[str | None, str, str]]:
        found = [d for d in world.state.deliveries.values() if d.kind == kind]
        return {d.recipient or "": (d.recipient_name, d.language, d.subject) for d in found}

    assert await sweep(world.ctx, vn(2027, 1, 18, 8)) == 3
    assert mails("readiness_soon") == {
        "TamTV@buudien-longan.vn": (
            "Phạm Thị Thúy Vy",
            "en",
            "[Tết readiness — due soon] Back-up power — Bưu điện tỉnh Long An, due 20 Jan 2027",
        ),
        "hungnv@buudien-longan.vn": (
            "Nguyễn Văn Hùng",
            "vi",
            "[Chuẩn bị Tết — sắp đến hạn] Nguồn điện dự phòng — Bưu điện tỉnh Long An, hạn 20/01/2027",
        ),
        "truc-tet@buudien-longan.vn": (
            None,
            "vi",
            "[Chuẩn bị Tết — sắp đến hạn] Nguồn điện dự phòng — Bưu điện tỉnh Long An, hạn 20/01/2027",
        ),
    }
    for title_vi, title_en in (("Vật tư dự phòng", "Spare materials"), ("Xe ứng cứu", "Vehicles")):
        more = item(post).model_copy(update={"item_id": uuid.uuid4(), "title_vi": title_vi, "title_en": title_en})
        await world.apply(roster_event(more, enterprise=CAMPAIGN, at=world.clock()))
    assert await sweep(world.ctx, vn(2027, 1, 21, 8)) == 3  # the three overdue at once, one mail each
    late = mails("readiness_late")
    assert late["TamTV@buudien-longan.vn"] == (
        "Phạm Thị Thúy Vy",
        "en",
        "[Tết readiness — overdue] 3 items — Bưu điện tỉnh Long An",
    )
    assert late["hungnv@buudien-longan.vn"][:2] == ("Nguyễn Văn Hùng", "vi")
    assert late["truc-tet@buudien-longan.vn"] == (
        None,
        "vi",
        "[Chuẩn bị Tết — quá hạn] 3 hạng mục — Bưu điện tỉnh Long An",
    )
    [english] = [d for d in world.state.deliveries.values() if d.kind == "readiness_late" and d.language == "en"]
    assert "These readiness items before Tết are overdue" in (english.body or "")
    assert "\n  - Spare materials (Telecommunications) — by the end of 20 Jan 2027 (" in (english.body or "")
    assert "Bính Ngọ) — overdue by 1 day\n" in (english.body or ""), english.body


async def test_a_manager_of_two_enterprises_gets_one_mail_per_sweep_naming_both_and_the_webhook_lists_the_items() -> (
    None
):
    hook = "https://chat.sotttt.longan.gov.vn/hooks/lichtruc"
    world = make_world(webhook_url=hook)
    shared = "gd@vienthong-longan.vn"  # the group's director, a manager of both
    vnpt = Enterprise(world.clock, manager_emails=(shared, "giamdoc@vnpt-longan.vn"))
    viettel = Enterprise(world.clock, name="Viettel Long An", manager_emails=("gd@viettel.vn", shared.upper()))
    await setup(world, vnpt, viettel)
    director = Person.new("Lê Văn Giám", email=shared)  # on VNPT's staff
    await world.apply(vnpt.staff(director))
    defined = []
    for title_vi, title_en in (("Nguồn điện dự phòng", "Back-up power"), ("Vật tư dự phòng", "Spare materials")):
        defined.append(
            item(vnpt).model_copy(update={"item_id": uuid.uuid4(), "title_vi": title_vi, "title_en": title_en})
        )
        await world.apply(roster_event(defined[-1], enterprise=CAMPAIGN, at=world.clock()))

    # Five days after their due day: one mail to each address (the shared one naming both), one webhook message each.
    assert await sweep(world.ctx, vn(2027, 1, 25, 10)) == 3 + 2
    assert await sweep(world.ctx, vn(2027, 1, 25, 10, 30)) == 0  # a second sweep (a restart, a replica) adds nothing
    mails = {(d.recipient or "").lower(): d for d in world.state.deliveries.values() if d.channel == "email"}
    assert sorted(mails) == ["gd@vienthong-longan.vn", "gd@viettel.vn", "giamdoc@vnpt-longan.vn"]
    both = mails[shared]
    assert both.subject == "[Chuẩn bị Tết — quá hạn] 4 hạng mục — Viettel Long An, VNPT Long An"
    # Of both enterprises, no one of them: GET /deliveries lists it to whoever manages both, and to its reader's
    # person, not to a manager of one only (who must not read of the other's items).
    assert (both.enterprise_id, both.enterprise_ids) == (None, (viettel.enterprise_id, vnpt.enterprise_id))
    assert (both.staff_id, both.recipient_name) == (director.staff_id, "Lê Văn Giám")
    lines = "".join(
        f"  - {t} (Viễn thông) — hết ngày 20/01/2027 (13 tháng Chạp Bính Ngọ) — quá hạn 5 ngày\n"
        for t in ("Nguồn điện dự phòng", "Vật tư dự phòng")
    )
    checklist = f"{PORTAL}/manage/readiness?campaign_id={CAMPAIGN}&enterprise_id="
    assert (
        f"\nViettel Long An:\n{lines}  Đánh dấu hoàn thành: {checklist}{viettel.enterprise_id}\n"
        f"\nVNPT Long An:\n{lines}  Đánh dấu hoàn thành: {checklist}{vnpt.enterprise_id}\n" in (both.body or "")
    ), both.body
    assert mails["giamdoc@vnpt-longan.vn"].subject == "[Chuẩn bị Tết — quá hạn] 2 hạng mục — VNPT Long An"
    assert (mails["giamdoc@vnpt-longan.vn"].enterprise_id, mails["giamdoc@vnpt-longan.vn"].enterprise_ids) == (
        vnpt.enterprise_id,
        (),
    )

    hooks = sorted(
        (json.loads(d.body or "") for d in world.state.deliveries.values() if d.channel == "webhook"),
        key=lambda p: p["enterprise"],
    )
    assert [(p["type"], p["enterprise"], p["campaign"]) for p in hooks] == [
        ("readiness_late", "VNPT Long An", "Tết Đinh Mùi 2027"),
        ("readiness_late", "Viettel Long An", "Tết Đinh Mùi 2027"),
    ]
    assert {"delivery_id", "subject", "text", "due_at"} <= set(hooks[0])  # what it carried before, and the items
    assert hooks[0]["items"] == [
        {
            "id": str(d.item_id),
            "title": d.title_vi,
            "enterprise": "VNPT Long An",
            "sector": "telecom",
            "due_day": "2027-01-20",
            "overdue_days": 5,
        }
        for d in defined
    ]

    # An item newly due in a later sweep is mailed then, once, to each: the shared address still one mail.
    later = item(vnpt).model_copy(
        update={
            "item_id": uuid.uuid4(),
            "title_vi": "Xe ứng cứu",
            "title_en": "Vehicles",
            "due_date": date(2027, 1, 27),
            "due_at": vn(2027, 1, 28),
        }
    )
    await world.apply(roster_event(later, enterprise=CAMPAIGN, at=world.clock()))
    assert await sweep(world.ctx, vn(2027, 1, 25, 11)) == 3 + 2
    [soon] = [
        d
        for d in world.state.deliveries.values()
        if d.kind == "readiness_soon" and (d.recipient or "").lower() == shared
    ]
    assert soon.subject == "[Chuẩn bị Tết — sắp đến hạn] 2 hạng mục — Viettel Long An, VNPT Long An"
    assert "Xe ứng cứu (Viễn thông) — hết ngày 27/01/2027" in (soon.body or "") and "quá hạn" not in (soon.body or "")
    assert await sweep(world.ctx, vn(2027, 1, 26, 8)) == 0
