"""Inspections told to an enterprise's managers, through the service layer over the in-memory
repositories (issue 15, part 5): an announced plan once, each of its moves and its cancellation once, a
finding once; a surprise plan not a word until its finding (nor of its moves or its cancellation); a repeated event (a new envelope with the same plan and version) adds nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from notifier_testkit import Enterprise, account, department_saved

from lichtruc.events_inspections import (
    InspectionCancelled,
    InspectionFindingData,
    InspectionFindingRecorded,
    InspectionPlanned,
    InspectionRescheduled,
    InspectionSnapshot,
)
from notifier.handlers.deliveries import claim_next

from .conftest import ENGLISH_MANAGER, MAILBOX, THREE_READERS, post_office, read_as

MANAGERS = ("giamdoc@vnpt-longan.vn", "phogiamdoc@vnpt-longan.vn")


def snapshot(enterprise: Enterprise, *, surprise: bool, version: int = 1, finding: bool = False) -> InspectionSnapshot:
    return InspectionSnapshot(
        inspection_id=uuid.UUID(int=1 if surprise else 2),
        campaign_id=uuid.UUID(int=9),
        enterprise_id=enterprise.enterprise_id,
        enterprise_name=enterprise.name,
        site_name="Trạm viễn thông Hưng Điền",
        planned_on=date(2027, 2, 5),
        phase="during",
        purpose="Kiểm tra ca trực đêm giao thừa",
        inspectors=("Lê Văn Thành", "Phạm Thị Hồng"),
        surprise=surprise,
        status="done" if finding else "planned",
        finding=InspectionFindingData(
            result="issues_found",
            text="Bình chữa cháy hết hạn kiểm định",
            recommendations="Thay bình trước mùng 1",
            recorded_by="thanh.tra@stttt.longan.gov.vn",
            recorded_at=datetime(2027, 2, 5, 17, tzinfo=UTC),
        )
        if finding
        else None,
        version=version,
    )


async def test_a_surprise_plan_is_told_only_with_its_finding_and_each_once(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=MANAGERS)
    await world.apply(vnpt.registered())

    await world.apply(vnpt.event(InspectionPlanned(inspection=snapshot(vnpt, surprise=True))))
    moved = snapshot(vnpt, surprise=True, version=2)
    await world.apply(vnpt.event(InspectionRescheduled(inspection=moved, previous_planned_on=date(2027, 2, 4))))
    assert world.state.deliveries == {}  # not a word to the enterprise

    found = vnpt.event(InspectionFindingRecorded(inspection=snapshot(vnpt, surprise=True, version=3, finding=True)))
    await world.apply(found)
    again = vnpt.event(InspectionFindingRecorded(inspection=snapshot(vnpt, surprise=True, version=3, finding=True)))
    await world.apply(again)  # another envelope of the same change
    told = sorted(world.state.deliveries.values(), key=lambda d: d.recipient or "")
    assert [(d.kind, d.recipient) for d in told] == [("inspection_found", m) for m in sorted(MANAGERS)]
    assert "đột xuất" in told[0].subject and "05/02/2027" in told[0].subject
    assert "Bình chữa cháy hết hạn kiểm định" in told[0].body and "Thay bình trước mùng 1" in told[0].body
    assert "Trạm viễn thông Hưng Điền" in told[0].body

    claimed = await claim_next(world.ctx, world.clock())
    assert claimed is not None and claimed.kind == "inspection_found"  # sent through the usual deliveries


async def test_an_announced_plan_is_told_once_and_each_move_and_its_cancellation_once(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=MANAGERS[:1])
    await world.apply(vnpt.registered())
    planned = InspectionPlanned(inspection=snapshot(vnpt, surprise=False))
    await world.apply(vnpt.event(planned), vnpt.event(planned))
    [told] = world.state.deliveries.values()
    assert told.kind == "inspection_plan" and told.recipient == MANAGERS[0]
    assert "Kiểm tra ca trực đêm giao thừa" in told.body and "Lê Văn Thành" in told.body

    # moved twice (the second time back to giao thừa): each move told once, a repeated envelope adds nothing
    first = InspectionRescheduled(
        inspection=snapshot(vnpt, surprise=False, version=2).model_copy(
            update={"planned_on": date(2027, 2, 4), "phase": "before"}
        ),
        previous_planned_on=date(2027, 2, 5),
        reason="Đoàn kiểm tra trùng lịch họp",
    )
    second = InspectionRescheduled(
        inspection=snapshot(vnpt, surprise=False, version=3), previous_planned_on=date(2027, 2, 4), reason=None
    )
    await world.apply(vnpt.event(first), vnpt.event(first), vnpt.event(second))
    moves = sorted((d for d in world.state.deliveries.values() if d.kind == "inspection_moved"), key=lambda d: d.body)
    assert len(moves) == 2
    by_reason = {("trùng lịch họp" in d.body): d for d in moves}
    assert "Ngày kiểm tra cũ: 05/02/2027 (29 tháng Chạp Bính Ngọ)" in by_reason[True].body
    assert "Ngày kiểm tra mới: 04/02/2027 (28 tháng Chạp Bính Ngọ) (trước Tết)" in by_reason[True].body
    assert "Lý do: Đoàn kiểm tra trùng lịch họp" in by_reason[True].body
    assert "Lý do: (Sở không ghi lý do)" in by_reason[False].body

    cancelled = InspectionCancelled(
        inspection=snapshot(vnpt, surprise=False, version=4).model_copy(update={"status": "cancelled"}),
        reason="Doanh nghiệp đã được kiểm tra đột xuất",
    )
    await world.apply(vnpt.event(cancelled), vnpt.event(cancelled))
    [off] = [d for d in world.state.deliveries.values() if d.kind == "inspection_off"]
    assert off.recipient == MANAGERS[0]
    # the Department's profile not known yet: "Sở", never a name written in the code
    assert off.subject == "Sở hủy cuộc kiểm tra công tác trực Tết ngày 05/02/2027 (29 tháng Chạp Bính Ngọ)"
    assert "VNPT Long An – Trạm viễn thông Hưng Điền" in off.body
    assert "Lý do: Doanh nghiệp đã được kiểm tra đột xuất" in off.body
    assert len(world.state.deliveries) == 4


async def test_a_surprise_plan_moved_and_cancelled_is_never_told(world) -> None:
    vnpt = Enterprise(world.clock, manager_emails=MANAGERS)
    await world.apply(vnpt.registered())
    await world.apply(
        vnpt.event(InspectionPlanned(inspection=snapshot(vnpt, surprise=True))),
        vnpt.event(
            InspectionRescheduled(
                inspection=snapshot(vnpt, surprise=True, version=2), previous_planned_on=date(2027, 2, 4), reason="x"
            )
        ),
        vnpt.event(
            InspectionCancelled(
                inspection=snapshot(vnpt, surprise=True, version=3).model_copy(update={"status": "cancelled"}),
                reason="Không cần nữa",
            )
        ),
    )
    assert world.state.deliveries == {}


async def test_a_plan_names_the_department_as_saved_and_reaches_the_manager_accounts_each_once(world) -> None:
    """QZ11 #5: the Department renamed on /admin/department, a plan's mail still said "Sở TT&TT sẽ kiểm tra…"
    and reached only the enterprise's own address (noc@…), not the manager's account."""
    fpt = Enterprise(world.clock, name="FPT Telecom Long An", manager_emails=("noc@fpt-longan.vn",))
    await world.apply(fpt.registered())
    await world.apply(department_saved(world.clock, "Sở Khoa học và Công nghệ", version=2))
    await world.apply(department_saved(world.clock, "Sở Thông tin và Truyền thông", version=1))  # an older save, late
    await world.apply(
        account(fpt, "quynhnt@fpt-longan.vn"),  # the manager's account
        account(fpt, "NOC@fpt-longan.vn "),  # an account with the enterprise's own address: told once
        account(fpt, "cu@fpt-longan.vn"),
        account(fpt, "cu@fpt-longan.vn", active=False, version=2),  # switched off: not told
        account(fpt, "nv@fpt-longan.vn", role="staff"),  # not a manager
    )
    planned = InspectionPlanned(inspection=snapshot(fpt, surprise=False))
    await world.apply(fpt.event(planned), fpt.event(planned))
    told = {d.recipient: d for d in world.state.deliveries.values()}
    assert sorted(told) == ["noc@fpt-longan.vn", "quynhnt@fpt-longan.vn"]
    plan = told["quynhnt@fpt-longan.vn"]
    assert plan.subject == (
        "Sở Khoa học và Công nghệ sẽ kiểm tra công tác trực Tết ngày 05/02/2027 (29 tháng Chạp Bính Ngọ)"
    )
    assert plan.body.startswith("Sở Khoa học và Công nghệ đã lên kế hoạch kiểm tra công tác trực Tết tại đơn vị:")
    assert "Truyền thông" not in plan.body and "TT&TT" not in plan.subject

    from notifier.domain.inspections import finding_message

    found = finding_message(
        snapshot(fpt, surprise=True, finding=True), lang="en", department="Sở Khoa học và Công nghệ"
    )
    assert found.text.startswith(
        "The Department's inspectors (Sở Khoa học và Công nghệ) recorded the result of their surprise inspection:"
    )


async def test_english_messages(world) -> None:
    from notifier.domain.inspections import cancelled_message, finding_message, planned_message, rescheduled_message

    vnpt = Enterprise(world.clock)
    plan = planned_message(snapshot(vnpt, surprise=False), lang="en")
    assert plan.subject.startswith("The Department will inspect Tết duty on")
    result = finding_message(snapshot(vnpt, surprise=True, finding=True), lang="en")
    assert "surprise" in result.subject and "Issues found" in result.subject
    assert "Recommendations: Thay bình trước mùng 1" in result.text
    moved = rescheduled_message(snapshot(vnpt, surprise=False), previous=date(2027, 2, 4), reason="Clash", lang="en")
    assert moved.subject.startswith(
        "The Department moved its Tết duty inspection to 5 Feb 2027 (29th day of the 12th lunar month"
    )
    assert "Previous day: 4 Feb 2027" in moved.text and "Reason: Clash" in moved.text
    off = cancelled_message(snapshot(vnpt, surprise=False), reason=None, lang="en")
    assert off.subject.startswith("The Department cancelled") and "Reason: (none given)" in off.text


async def test_every_kind_of_message_ends_with_the_one_signature(world) -> None:
    """Inspection e-mails had none; gaps and reminders signed "lichtruc — Lịch trực Tết", the directive's
    notices "Lịch trực Tết — tin nhắn tự động": one signature now, from notifier's texts."""
    from notifier.domain.inspections import cancelled_message, finding_message, planned_message, rescheduled_message
    from notifier.domain.texts import message_texts

    vnpt = Enterprise(world.clock)
    for lang in ("vi", "en"):
        ending = f"\n-- \n{message_texts(lang).signature}\n"
        assert message_texts("vi").signature == "Lịch trực Tết — tin nhắn tự động"
        for made in (
            planned_message(snapshot(vnpt, surprise=False), lang=lang),
            finding_message(snapshot(vnpt, surprise=True, finding=True), lang=lang),
            rescheduled_message(snapshot(vnpt, surprise=False), previous=date(2027, 2, 4), reason=None, lang=lang),
            cancelled_message(snapshot(vnpt, surprise=False), reason="x", lang=lang),
        ):
            assert made.text.endswith(ending), made.text


async def test_each_manager_reads_an_inspection_in_their_language_a_mailbox_in_the_default(world) -> None:
    post = await post_office(world)
    await world.apply(post.event(InspectionPlanned(inspection=snapshot(post, surprise=False))))
    assert read_as(world, "inspection_plan") == THREE_READERS
    subjects = {d.recipient: d.subject for d in world.state.deliveries.values()}
    assert subjects[ENGLISH_MANAGER].startswith("The Department will inspect Tết duty on 5 Feb 2027")
    assert subjects[MAILBOX].startswith("Sở") and "05/02/2027" in subjects[MAILBOX], subjects[MAILBOX]
