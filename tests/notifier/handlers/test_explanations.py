"""Explanations (giải trình) told by mail, through the service layer over the in-memory repositories (QZ28 #3): a
version given or amended reaches each active inspector account once, naming the enterprise, the item (site, duty,
window with its lunar day), the version, who wrote and the inspector's page of the item; an answer reaches the
enterprise's managers (its addresses and its manager accounts), each in their language, accepted or asked for more
with the note, with the manager's page of the item; a replayed record, or the same record in another envelope, adds
nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from notifier_testkit import PORTAL, Enterprise, FakeClock, Person, account, portal_page

from lichtruc.events import AUDIT_SOURCE, CloudEvent, make_event
from lichtruc.events_explanations import (
    ExplanationAnswer,
    ExplanationDecision,
    ExplanationFile,
    ExplanationGiven,
    ExplanationReviewed,
    ExplanationVersion,
)
from notifier.domain.explanations import answered_message, given_message
from notifier.handlers.deliveries import claim_next
from notifier.handlers.preferences import PreferencesIn, put_preferences

from .conftest import ENGLISH_MANAGER, MAILBOX, THREE_READERS, VIETNAMESE_MANAGER, make_world, post_office, read_as

GAP_ID = uuid.UUID("8d7f6a2e-1b3c-4d5e-8f90-112233445566")
EXPLANATION_ID = uuid.UUID("0c9f3a52-7b1e-4d8a-b6c4-000000000001")
STARTS, ENDS = datetime(2027, 2, 5, 23, tzinfo=UTC), datetime(2027, 2, 6, 5, tzinfo=UTC)  # 06:00–12:00 mùng 1
ITEM_VI = "khoảng trống trực điều hành tại Tổng đài Tân An, 06:00–12:00 06/02/2027 (Mùng 1 Tết)"
ITEM_EN = "the coverage gap of operations duty at Tổng đài Tân An, 06:00–12:00 6 Feb 2027 (1st day of Tết)"
INSPECTORS = ("ha.pt@stttt.longan.gov.vn", "thanh.lv@stttt.longan.gov.vn")
PNG = ExplanationFile(
    attachment_id=uuid.UUID(int=7), filename="Sổ giao ca.png", media_type="image/png", size=120, sha256="a" * 64
)
PDF = ExplanationFile(
    attachment_id=uuid.UUID(int=8),
    filename="Giấy khám bệnh.pdf",
    media_type="application/pdf",
    size=250_880,
    sha256="b" * 64,
)


def text(delivery) -> str:
    assert delivery.body is not None
    return delivery.body


def _item(enterprise: Enterprise, *, named: bool = True) -> dict:
    said = {
        "explanation_id": EXPLANATION_ID,
        "item_kind": "gap",
        "item_id": GAP_ID,
        "item_vi": ITEM_VI,
        "item_en": ITEM_EN,
    }
    if not named:  # a record audit wrote before it named the item
        return said
    return {
        **said,
        "enterprise_id": enterprise.enterprise_id,
        "enterprise_name": enterprise.name,
        "site_name": "Tổng đài Tân An",
        "duty_type": "operations",
        "starts_at": STARTS,
        "ends_at": ENDS,
    }


def given(
    enterprise: Enterprise,
    *,
    version: int = 1,
    event_id: uuid.UUID | None = None,
    on_behalf: bool = False,
    cause: str = "no_show",
    previous_cause: str | None = None,
) -> CloudEvent:
    data = ExplanationGiven(
        actor="quan-ly-vnpt",
        **_item(enterprise),
        previous_cause=previous_cause,
        explanation=ExplanationVersion(
            version=version,
            cause=cause,
            reason="Anh Đức ốm đột xuất, báo lúc 05:30" if version == 1 else "Kèm lịch trực đã ký",
            action="Đã gọi người thay",
            attachments=(PNG,) if version == 1 else (PNG, PDF),
            author="quan-ly-vnpt",
            author_name="Nguyễn Văn Quản",
            on_behalf=on_behalf,
            written_at=enterprise.clock(),
        ),
    )
    return make_event(
        data,
        source=AUDIT_SOURCE,
        partitionkey=str(enterprise.enterprise_id),
        time=enterprise.clock(),
        event_id=event_id,
    )


def answered(
    enterprise: Enterprise,
    *,
    decision: ExplanationDecision = "more",
    version: int = 1,
    event_id: uuid.UUID | None = None,
    named: bool = True,
    note: str | None = None,
) -> CloudEvent:
    data = ExplanationReviewed(
        actor="ha.pt@stttt.longan.gov.vn",
        **_item(enterprise, named=named),
        review=ExplanationAnswer(
            version=version,
            decision=decision,
            note=note if note is not None else "Cần bản scan lịch trực có chữ ký" if decision == "more" else "",
            reviewer="ha.pt@stttt.longan.gov.vn",
            reviewer_name="Phan Thị Thu Hà",
            at=enterprise.clock(),
        ),
    )
    return make_event(
        data,
        source=AUDIT_SOURCE,
        partitionkey=str(enterprise.enterprise_id),
        time=enterprise.clock(),
        event_id=event_id,
    )


async def test_a_version_reaches_each_active_inspector_once_and_an_amendment_again() -> None:
    world = make_world(portal_url=PORTAL)
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    ha = Person.new("Phan Thị Thu Hà", email=INSPECTORS[0])  # her address is a staff record's: by name, in English
    await world.apply(vnpt.registered(), vnpt.staff(ha))
    await put_preferences(ctx=world.ctx, staff_id=ha.staff_id, new=PreferencesIn("en", ("email",), *[None] * 4))
    await world.apply(
        account(vnpt, INSPECTORS[0], role="inspector"),
        account(vnpt, INSPECTORS[1], role="inspector"),
        account(vnpt, "cu.tt@stttt.longan.gov.vn", role="inspector"),
        account(vnpt, "cu.tt@stttt.longan.gov.vn", role="inspector", active=False, version=2),  # switched off
        account(vnpt, "quanly@vnpt-longan.vn"),  # a manager: not told of a version
    )
    first = given(vnpt)
    await world.apply(first, first, given(vnpt))  # redelivered; the same record in another envelope
    assert read_as(world, "explained") == {INSPECTORS[0]: ("Phan Thị Thu Hà", "en"), INSPECTORS[1]: (None, "vi")}
    by = {d.recipient: d for d in world.state.deliveries.values()}
    vi = by[INSPECTORS[1]]
    assert vi.subject == f"Giải trình chờ thanh tra xem: VNPT Long An — {ITEM_VI}"
    link = f"{PORTAL}/inspect/gaps/{GAP_ID}"
    assert text(vi) == (
        f"VNPT Long An đã giải trình {ITEM_VI}. Giải trình đang chờ thanh tra xem và trả lời.\n"
        "\n"
        "  Doanh nghiệp: VNPT Long An\n"
        "  Nội dung giải trình: Khoảng trống trực (thiếu người trực)\n"
        "  Loại trực: Trực điều hành\n"
        "  Địa điểm: Tổng đài Tân An\n"
        "  Khoảng thời gian: 06:00–12:00 06/02/2027 (Mùng 1 Tết), giờ Việt Nam\n"
        "  Lần giải trình: 1\n"
        "  Người giải trình: Nguyễn Văn Quản\n"
        "  Nguyên nhân: Người trực không đến\n"  # QZ29 #3: the cause chosen, in words
        "  Lý do: Anh Đức ốm đột xuất, báo lúc 05:30\n"
        "  Việc đã làm: Đã gọi người thay\n"
        "  Tệp đính kèm: Sổ giao ca.png (1 KB)\n"
        "\n"
        f"Xem và trả lời giải trình: {link}\n"
        "\n"
        "-- \n"
        "Lịch trực Tết — tin nhắn tự động\n"
    )
    assert portal_page(link) == "/inspect/gaps/{gap_id}"
    en = by[INSPECTORS[0]]
    assert text(en).startswith(f"Dear Phan Thị Thu Hà,\n\nVNPT Long An has explained {ITEM_EN}.")
    assert "  Window: 06:00–12:00 6 Feb 2027 (1st day of Tết), Viet Nam time\n" in text(en)

    # amended, another cause and a second file: told again, as version 2, saying what the cause was
    await world.apply(given(vnpt, version=2, on_behalf=True, cause="sudden_absence", previous_cause="no_show"))
    twos = [d for d in world.state.deliveries.values() if "(lần 2)" in d.subject or "(version 2)" in d.subject]
    assert sorted(d.recipient or "" for d in twos) == sorted(INSPECTORS)
    vi2 = next(d for d in twos if d.language == "vi")
    assert vi2.subject.startswith("Giải trình bổ sung (lần 2) chờ thanh tra xem: VNPT Long An — khoảng trống")
    assert "  Người giải trình: Nguyễn Văn Quản (quản trị, thay mặt doanh nghiệp)\n" in text(vi2)
    assert "  Nguyên nhân: Ốm đau, việc gia đình đột xuất (lần 1: Người trực không đến)\n" in text(vi2)
    assert ("  Tệp đính kèm: Sổ giao ca.png (1 KB)\n                Giấy khám bệnh.pdf (245 KB)\n") in text(vi2), text(
        vi2
    )
    en2 = next(d for d in twos if d.language == "en")
    assert "  Cause: Sudden illness or family emergency (version 1: The person on duty did not come)\n" in text(en2)
    assert "Giấy khám bệnh.pdf (245 KB)" in text(en2)
    assert len(world.state.deliveries) == 4

    claimed = await claim_next(world.ctx, world.clock())
    assert claimed is not None and claimed.kind == "explained"  # sent through the usual deliveries


async def test_an_answer_reaches_the_enterprises_managers_each_in_their_language_once() -> None:
    world = make_world(portal_url=PORTAL)
    post = await post_office(world)
    await world.apply(account(post, "giamdoc@buudien-longan.vn"), account(post, "thanhtra@stttt.vn", role="inspector"))
    more = answered(post)
    await world.apply(more, more, answered(post))
    assert read_as(world, "explain_answered") == {**THREE_READERS, "giamdoc@buudien-longan.vn": (None, "vi")}
    assert read_as(world, "explained") == {}
    by = {d.recipient: d for d in world.state.deliveries.values()}
    link = f"{PORTAL}/manage/explanations/gap/{GAP_ID}"
    hung = by[VIETNAMESE_MANAGER]
    assert hung.subject == f"Thanh tra yêu cầu bổ sung giải trình: Bưu điện tỉnh Long An — {ITEM_VI}"
    assert text(hung).startswith(
        "Chào Nguyễn Văn Hùng,\n\nThanh tra Phan Thị Thu Hà yêu cầu Bưu điện tỉnh Long An bổ sung giải trình (lần 1) "
        f"về {ITEM_VI}.\n"
    )
    assert "  Ghi chú của thanh tra: Cần bản scan lịch trực có chữ ký\n" in text(hung)
    assert f"\nĐề nghị doanh nghiệp bổ sung giải trình theo ghi chú của thanh tra.\n\nBổ sung giải trình: {link}\n" in (
        text(hung)
    )
    assert portal_page(link) == "/manage/explanations/{kind}/{item_id}"
    vy = by[ENGLISH_MANAGER]
    assert vy.subject == f"The inspector asks for more: Bưu điện tỉnh Long An — {ITEM_EN}"
    assert "  The inspector's note: Cần bản scan lịch trực có chữ ký\n" in text(vy)
    assert text(by[MAILBOX]).startswith("Thanh tra Phan Thị Thu Hà yêu cầu")  # a mailbox: no name to greet

    world.clock.now += timedelta(days=1)
    accepted = answered(post, decision="accept", version=2)
    await world.apply(accepted, accepted)
    accepts = [d for d in world.state.deliveries.values() if "chấp nhận" in d.subject or "accepted" in d.subject]
    assert len(accepts) == 4 and len(world.state.deliveries) == 8
    said = next(d for d in accepts if d.recipient == VIETNAMESE_MANAGER)
    assert said.subject == f"Thanh tra đã chấp nhận giải trình: Bưu điện tỉnh Long An — {ITEM_VI}"
    assert "Ghi chú của thanh tra" not in text(said) and f"Xem giải trình: {link}" in text(said)
    assert "Giải trình đã được chấp nhận, không cần bổ sung thêm." in text(said)


async def test_an_answer_recorded_before_audit_named_its_item_reaches_the_managers_by_its_key() -> None:
    world = make_world(portal_url="")
    vnpt = Enterprise(world.clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    await world.apply(vnpt.registered(), answered(vnpt, named=False))
    [told] = world.state.deliveries.values()
    assert told.recipient == "giamdoc@vnpt-longan.vn" and told.enterprise_id == vnpt.enterprise_id
    assert ITEM_VI in text(told) and "  Doanh nghiệp: VNPT Long An\n" in text(told)  # its name as notifier knows it
    assert "Địa điểm" not in text(told)  # not known to be the whole enterprise: the item's words say where
    assert "http" not in text(told)  # no portal address: no link
    unknown = Enterprise(world.clock, name="Viettel Long An")
    await world.apply(answered(unknown, version=2))  # an enterprise notifier does not know: nobody to tell
    assert len(world.state.deliveries) == 1


def test_a_finding_is_said_by_its_visit_and_links_its_inspector_page() -> None:
    clock_at = datetime(2027, 2, 5, 16, 40, tzinfo=UTC)  # 23:40 local, 29 tháng Chạp
    vnpt = Enterprise(FakeClock(clock_at))
    finding = given(vnpt).decoded()
    assert isinstance(finding, ExplanationGiven)
    data = finding.model_copy(
        update={"item_kind": "finding", "ends_at": None, "starts_at": clock_at, "item_vi": "biên bản kiểm tra"}
    )
    text = given_message(data, lang="vi", link=f"{PORTAL}/inspect/findings/{GAP_ID}").text
    assert "  Nội dung giải trình: Biên bản kiểm tra có sai lệch so với lịch trực\n" in text
    assert "  Thời điểm kiểm tra: 23:40 05/02/2027 (29 tháng Chạp Bính Ngọ), giờ Việt Nam\n" in text
    assert portal_page(f"{PORTAL}/inspect/findings/{GAP_ID}") == "/inspect/findings/{finding_id}"
    reviewed = answered(vnpt, decision="accept").decoded()
    assert isinstance(reviewed, ExplanationReviewed)
    english = answered_message(reviewed, lang="en", name="Trần Văn Tâm")
    assert english.text.startswith(
        f"Dear Trần Văn Tâm,\n\nInspector Phan Thị Thu Hà accepted VNPT Long An's explanation (version 1) of {ITEM_EN}."
    )
    # an acceptance's note, when the inspector wrote one, is said too
    noted = answered(vnpt, decision="accept", note="Lưu ý bố trí người dự phòng đêm giao thừa").decoded()
    assert isinstance(noted, ExplanationReviewed)
    said = answered_message(noted, lang="vi").text
    assert "  Ghi chú của thanh tra: Lưu ý bố trí người dự phòng đêm giao thừa\n" in said
    assert "Giải trình đã được chấp nhận, không cần bổ sung thêm." in said
