"""Enterprises, sites and staff on the in-memory repositories: registration, edits, the
same-person link, the warnings about upcoming shifts and the lists, without a database."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest

from lichtruc.events import EnterpriseUpdated, SiteRegistered, SiteUpdated, StaffJoined, StaffUpdated
from lichtruc.paging import PageRequest
from lichtruc.scope import EVERYTHING, Visible
from roster.domain.districts import DistrictMatched, NewDistrict
from roster.domain.errors import ANY_VERSION, Conflict, NotFound, RuleViolation
from roster.domain.hours import DayHours, campaign_days
from roster.domain.hours import Session as HoursSession
from roster.domain.people import LikelyDuplicate, ShiftAtRisk
from roster.domain.reference import Enterprise, UpcomingShift
from roster.handlers import campaigns, hours, shifts
from roster.handlers import reference as handlers
from roster.handlers.campaigns import OpenCampaign
from roster.handlers.reference import RegisterEnterprise, RegisterSite, RegisterStaff
from vietnamese_order import (
    ENTERPRISES,
    ENTERPRISES_IN_ORDER,
    PEOPLE,
    PEOPLE_IN_ORDER,
    SITES,
    SITES_IN_ORDER,
    TRANSACTION_POINTS,
    TRANSACTION_POINTS_IN_ORDER,
)

from .memory_roster import MemoryRoster


async def _enterprise(roster: MemoryRoster, name: str = "VNPT Long An", sector: str = "telecom") -> Enterprise:
    return await handlers.register_enterprise(roster.uow(), RegisterEnterprise(name, sector, None, ("a@vnpt.vn",)))


async def test_enterprise_names_are_unique_and_an_edit_that_changes_nothing_is_no_event() -> None:
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    assert (vnpt.version, vnpt.manager_emails, roster.types()) == (1, ("a@vnpt.vn",), ["registered"])
    with pytest.raises(Conflict) as taken:
        await _enterprise(roster)
    assert taken.value.first.rule == "unique-name" and taken.value.context["enterprise_id"] == str(vnpt.id)

    uow = roster.uow()
    same = await handlers.edit_enterprise(uow, vnpt.id, changes={"manager_emails": ["a@vnpt.vn"]}, pre=ANY_VERSION)
    assert same == vnpt and len(roster.events) == 1

    viettel = await _enterprise(roster, "Viettel Long An")
    with pytest.raises(Conflict):
        await handlers.edit_enterprise(uow, viettel.id, changes={"name": "VNPT Long An"}, pre=ANY_VERSION)

    moved = await handlers.edit_enterprise(uow, vnpt.id, changes={"sector": "internet"}, pre=ANY_VERSION)
    assert (moved.sector, moved.version, moved.updated_at) == ("internet", 2, roster.now)
    assert isinstance(roster.events[-1].data, EnterpriseUpdated) and roster.events[-1].data.sector == "internet"
    # a new sector: the border defaults again, from now on
    assert roster.border_calls == [{"enterprise_id": vnpt.id, "applies": "from_now"}]
    assert await handlers.get_enterprise(roster.ctx, vnpt.id) == moved
    with pytest.raises(NotFound):
        await handlers.get_enterprise(roster.ctx, uuid.uuid4())


async def test_a_site_needs_a_registered_enterprise_and_a_name_of_its_own() -> None:
    roster = MemoryRoster()
    with pytest.raises(RuleViolation) as unknown:
        await handlers.register_site(roster.uow(), RegisterSite(uuid.uuid4(), "Trạm BTS Tân Hưng 2", "base_station"))
    assert unknown.value.first.rule == "enterprise-exists"
    vnpt = await _enterprise(roster)
    site = (
        await handlers.register_site(
            roster.uow(),
            RegisterSite(vnpt.id, "Trạm BTS Tân Hưng 2", "base_station", "Tân Hưng", border_area=True),
            by_department=True,
        )
    ).site
    assert isinstance(roster.events[-1].data, SiteRegistered) and roster.events[-1].key == str(vnpt.id)
    assert roster.border_calls == [{"site_ids": [site.id], "applies": "from_now"}]
    with pytest.raises(Conflict) as taken:
        await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS Tân Hưng 2", "exchange"))
    assert taken.value.context["site_id"] == str(site.id)
    other = await _enterprise(roster, "Viettel Long An")
    await handlers.register_site(roster.uow(), RegisterSite(other.id, "Trạm BTS Tân Hưng 2", "base_station"))
    mine = await handlers.list_sites(
        roster.ctx,
        enterprise_id=None,
        border_area=None,
        district=None,
        page=PageRequest(),
        visible=Visible(frozenset({vnpt.id})),
    )
    assert [s.id for s in mine.items] == [site.id] and mine.total == 1


async def test_only_the_department_sets_or_clears_a_sites_border_flag() -> None:
    """QZ11 #2: a manager unticked "Thuộc khu vực biên giới" and the inspectors' heatmap lost the border post.
    A manager edits their sites but not the flag (a new site of theirs starts not-border); an administrator may."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    with pytest.raises(Conflict) as new_border:
        await handlers.register_site(
            roster.uow(), RegisterSite(vnpt.id, "Trạm BTS Bình Hòa Tây", "base_station", border_area=True)
        )
    assert (new_border.value.first.field, new_border.value.first.rule) == ("border_area", "department-border")
    assert "“Trạm BTS Bình Hòa Tây”" in new_border.value.first.message_vi and "đề nghị Sở" in (
        new_border.value.first.message_vi
    )
    assert roster.state.site_records == {} and roster.border_calls == []
    site = (
        await handlers.register_site(
            roster.uow(),
            RegisterSite(vnpt.id, "Trạm BTS Bình Hòa Tây", "base_station", border_area=True),
            by_department=True,
        )
    ).site
    with pytest.raises(Conflict) as cleared:
        await handlers.edit_site(
            roster.uow(), site.id, changes={"border_area": False, "name": "Trạm BTS Bình Hòa"}, pre=ANY_VERSION
        )
    assert cleared.value.first.rule == "department-border"
    assert "take “Trạm BTS Bình Hòa Tây” out of the border area" in cleared.value.first.message
    kept = await handlers.edit_site(  # the flag as it is: no change of it, the rest saved
        roster.uow(), site.id, changes={"border_area": True, "district": "Thạnh Hóa"}, pre=ANY_VERSION
    )
    assert (kept.site.border_area, kept.site.district, kept.site.version) == (True, "Thạnh Hóa", 2)
    moved = await handlers.edit_site(
        roster.uow(), site.id, changes={"border_area": False}, pre=ANY_VERSION, by_department=True
    )
    assert (moved.site.border_area, moved.site.version) == (False, 3)
    updates = [e.data for e in roster.events if isinstance(e.data, SiteUpdated)]
    assert [u.changed for u in updates] == [["district"], ["border_area"]]  # what each changed, nothing refused
    with pytest.raises(Conflict) as marked:
        await handlers.edit_site(roster.uow(), site.id, changes={"border_area": True}, pre=ANY_VERSION)
    assert "Chỉ Sở mới được đánh dấu “Trạm BTS Bình Hòa Tây” thuộc khu vực biên giới" in marked.value.first.message_vi


async def test_sites_are_searched_by_name_however_typed_with_the_other_filters() -> None:
    roster = MemoryRoster()
    vnpt, viettel = await _enterprise(roster), await _enterprise(roster, "Viettel Long An")
    for enterprise, name in [
        (vnpt, "Trạm BTS Đức Hòa"),
        (vnpt, "Bưu cục Tân An"),
        (viettel, "Trạm BTS Tân Hưng"),
        (viettel, "Điểm giao dịch Bến Lức"),
    ]:
        await handlers.register_site(roster.uow(), RegisterSite(enterprise.id, name, "base_station"))

    async def found(q: str | None, enterprise_id: uuid.UUID | None = None) -> list[str]:
        page = await handlers.list_sites(
            roster.ctx, enterprise_id=enterprise_id, border_area=None, district=None, q=q, page=PageRequest()
        )
        return [s.name for s in page.items]

    assert await found("bts") == ["Trạm BTS Tân Hưng", "Trạm BTS Đức Hòa"]  # Viettel before VNPT
    assert await found("  DUC  hoa") == ["Trạm BTS Đức Hòa"]
    assert await found("bts", viettel.id) == ["Trạm BTS Tân Hưng"]
    assert await found("tan", vnpt.id) == ["Bưu cục Tân An"]
    assert await found("__") == []
    assert len(await found(None)) == 4


async def test_a_site_in_a_district_nobody_writes_yet_is_saved_with_a_warning_and_a_too_short_name_refused() -> None:
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    first = await handlers.register_site(
        roster.uow(), RegisterSite(vnpt.id, "Trạm BTS Tân Hưng", "base_station", "Tân Hưng")
    )
    known = await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS 2", "base_station", "tan hung"))
    assert known.site.district == "Tân Hưng"  # the province's spelling, and the note says so (QA: "Thạnh Hóa")
    assert known.warnings == [DistrictMatched("tan hung", "Tân Hưng")]
    assert known.warnings[0].message_vi == "Huyện, thị xã, thành phố: “tan hung” được ghép với “Tân Hưng” đã có."
    same = await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS 4", "base_station", "Tân Hưng"))
    assert same.warnings == []  # typed as the province writes it: nothing to say
    typo = await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS 3", "base_station", "Tân Hưn"))
    assert typo.site.district == "Tân Hưn"  # stored all the same
    assert [(type(w), w.district, getattr(w, "closest", None)) for w in typo.warnings] == [
        (NewDistrict, "Tân Hưn", "Tân Hưng")
    ]
    fixed = await handlers.edit_site(roster.uow(), typo.site.id, changes={"district": "tân hưng"}, pre=ANY_VERSION)
    assert fixed.site.district == "Tân Hưng"
    assert fixed.warnings == [DistrictMatched("tân hưng", "Tân Hưng")]
    moved = await handlers.edit_site(
        roster.uow(), first.site.id, changes={"district": "Quận 99 không có"}, pre=ANY_VERSION
    )
    assert [getattr(w, "closest", "?") for w in moved.warnings] == [None] and moved.site.district == "Quận 99 không có"
    # QZ15 #8: a district of the province no site is in yet, typed without diacritics, is that district (not the
    # near Đức Huệ), stored written with them and said so
    duc_hoa = await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS 5", "base_station", "Duc Hoa"))
    # QZ19 #5: said to come from the province's list, not "đã có" (no site or incident is in Đức Hòa yet)
    assert (duc_hoa.site.district, duc_hoa.warnings) == (
        "Đức Hòa",
        [DistrictMatched("Duc Hoa", "Đức Hòa", listed=True)],
    )
    assert duc_hoa.warnings[0].message_vi.endswith("“Đức Hòa” trong danh sách huyện, thị xã, thành phố của Long An.")
    again = await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trạm BTS 6", "base_station", "duc hoa"))
    assert again.warnings == [DistrictMatched("duc hoa", "Đức Hòa")]  # now a site is in it: "đã có"
    assert again.warnings[0].message_vi.endswith("được ghép với “Đức Hòa” đã có.")
    nowhere = next(w for w in moved.warnings if isinstance(w, NewDistrict))
    assert nowhere.known == ("Tân Hưng",) and "Bến Lức" in nowhere.province  # written apart from the list
    with pytest.raises(RuleViolation) as short:
        await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "x", "base_station", "Tân Hưng"))
    assert (short.value.first.field, short.value.first.rule) == ("name", "site-name-too-short")
    with pytest.raises(RuleViolation) as renamed:
        await handlers.edit_site(roster.uow(), first.site.id, changes={"name": "ab"}, pre=ANY_VERSION)
    assert renamed.value.first.rule == "site-name-too-short"
    assert len(roster.state.site_records) == 6  # the four above and Đức Hòa's two; none refused


async def test_staff_e_mails_are_unique_and_one_person_is_linked_across_enterprises() -> None:
    roster = MemoryRoster()
    vnpt, viettel = await _enterprise(roster), await _enterprise(roster, "Viettel Long An")
    anh = await handlers.register_staff(
        roster.uow(),
        RegisterStaff(vnpt.id, "Nguyễn Thị Ánh Tuyết", ("technician", "operator", "technician"), "anh@vnpt.vn",
                      national_id="079190000001"),
    )  # fmt: skip
    assert anh.warnings == [] and anh.staff.person_id == anh.staff.id
    assert anh.staff.qualifications == ("operator", "technician")
    assert isinstance(roster.events[-1].data, StaffJoined)

    with pytest.raises(Conflict) as taken:
        await handlers.register_staff(roster.uow(), RegisterStaff(viettel.id, "Người khác", ("guard",), "anh@vnpt.vn"))
    assert taken.value.first.rule == "unique-email" and "VNPT Long An" in taken.value.first.message

    again = await handlers.register_staff(
        roster.uow(),
        RegisterStaff(viettel.id, "Nguyễn Thị Ánh Tuyết", ("guard",), "tuyet@viettel.vn", national_id="079190000001"),
    )
    assert again.staff.person_id == anh.staff.person_id
    (note,) = again.warnings
    assert isinstance(note, LikelyDuplicate)
    assert (note.rule, note.matched_by, note.staff_id) == ("likely-duplicate", "national_id", again.staff.id)
    assert (note.linked_staff_id, note.person_id, note.enterprise_id) == (anh.staff.id, anh.staff.person_id, vnpt.id)
    assert "VNPT Long An" in note.message and "VNPT Long An" in note.message_vi


async def test_a_staff_edit_warns_about_upcoming_shifts_the_person_may_no_longer_work() -> None:
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    uow = roster.uow()
    made = await handlers.register_staff(uow, RegisterStaff(vnpt.id, "Trần Văn Đức", ("guard",), "duc@vnpt.vn"))
    ahead = UpcomingShift(
        uuid.uuid4(), "patrol", roster.now + timedelta(days=2), roster.now + timedelta(days=2, hours=8)
    )
    past = UpcomingShift(uuid.uuid4(), "patrol", roster.now - timedelta(days=2), roster.now - timedelta(days=1))
    roster.state.upcoming_shifts[made.staff.id] = [past, ahead]

    renamed = await handlers.edit_staff(uow, made.staff.id, changes={"full_name": "Trần Văn Đức Anh"}, pre=ANY_VERSION)
    assert renamed.warnings == [] and renamed.staff.version == 2

    unqualified = await handlers.edit_staff(
        uow,
        made.staff.id,
        changes={"qualifications": ["operator"]},
        pre=ANY_VERSION,
    )
    (risk,) = unqualified.warnings
    assert isinstance(risk, ShiftAtRisk)
    assert (risk.rule, risk.staff_id, risk.shift_id) == ("qualified", made.staff.id, ahead.shift_id)
    assert "Trần Văn Đức Anh" in risk.message and "Trần Văn Đức Anh" in risk.message_vi
    inactive = await handlers.edit_staff(uow, made.staff.id, changes={"active": False}, pre=ANY_VERSION)
    assert [(n.rule, n.staff_id, getattr(n, "shift_id", None)) for n in inactive.warnings] == [
        ("staff-active", made.staff.id, ahead.shift_id)
    ] and inactive.staff.version == 4
    assert [type(e.data) for e in roster.events[-3:]] == [StaffUpdated] * 3

    await handlers.register_staff(uow, RegisterStaff(vnpt.id, "Lê Hoàng Yến", ("guard",), "yen@vnpt.vn"))
    with pytest.raises(Conflict):
        await handlers.edit_staff(uow, made.staff.id, changes={"email": "yen@vnpt.vn"}, pre=ANY_VERSION)


async def test_nobody_is_registered_or_left_at_work_without_a_qualification() -> None:
    """QA 2026-12-06: POST /staff registered an active person with no qualification, whom no shift can take, where
    the staff form and the import refuse it. Registering refuses it, and so does an edit that makes a record so
    (clearing an active person's qualifications, making active someone with none); a record kept so already is not
    held up by its other changes, and a person not at work may have none."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    uow = roster.uow()
    with pytest.raises(RuleViolation) as refused:
        await handlers.register_staff(uow, RegisterStaff(vnpt.id, "Trần Thị Hai", (), "hai@vnpt.vn"))
    said = refused.value.first
    assert (said.field, said.rule) == ("qualifications", "qualification-required")
    assert said.message.startswith("Trần Thị Hai has no qualification") and "mark them inactive" in said.message
    assert said.message_vi.startswith("Trần Thị Hai chưa có chuyên môn") and "ngừng hoạt động" in said.message_vi
    assert roster.state.staff == {} and not any(isinstance(e.data, StaffJoined) for e in roster.events)

    left = (await handlers.register_staff(uow, RegisterStaff(vnpt.id, "Ngô Văn Năm", (), active=False))).staff
    duc = (await handlers.register_staff(uow, RegisterStaff(vnpt.id, "Trần Văn Đức", ("guard",)))).staff
    for staff_id, changes in ((duc.id, {"qualifications": []}), (left.id, {"active": True})):
        with pytest.raises(RuleViolation) as edit:
            await handlers.edit_staff(uow, staff_id, changes=changes, pre=ANY_VERSION)
        assert edit.value.first.rule == "qualification-required", changes
    assert await handlers.edit_staff(
        uow, left.id, changes={"active": True, "qualifications": ["guard"]}, pre=ANY_VERSION
    )
    kept = dataclasses.replace(duc, id=uuid.uuid4(), full_name="Lê Văn Ba", qualifications=())
    roster.state.put_staff(kept)  # an older import's record: at work, no qualification
    renamed = await handlers.edit_staff(
        uow, kept.id, changes={"full_name": "Lê Văn Bá", "active": True}, pre=ANY_VERSION
    )
    assert (renamed.staff.full_name, renamed.staff.qualifications) == ("Lê Văn Bá", ())


async def test_the_staff_list_folds_names_and_shows_a_staff_member_only_themselves() -> None:
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    names = ["Trần Văn Đức", "Lê Hoàng Yến", "Nguyễn Thị Ánh Tuyết", "Bùi Văn Cường"]
    made = {}
    for n in names:
        made[n] = (await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, n, ("guard",)))).staff

    async def listed(visible: Visible = EVERYTHING, **filters: object) -> list[str]:
        query = {"enterprise_id": None, "qualification": None, "active": None, "q": None, "email": None, **filters}
        page = await handlers.list_staff(roster.ctx, page=PageRequest(), visible=visible, **query)  # type: ignore[arg-type]
        return [m.full_name for m in page.items]

    assert await listed() == sorted(names)
    assert await listed(q="anh  TUYET") == ["Nguyễn Thị Ánh Tuyết"]
    assert await listed(q="duc") == ["Trần Văn Đức"]
    assert await listed(q="__") == []  # folded to nothing, it was "contains nothing": everyone
    own = made["Lê Hoàng Yến"].id
    assert await listed(Visible(frozenset({vnpt.id}), own, own_only=True)) == ["Lê Hoàng Yến"]
    # a manager who also has a staff record still sees the whole enterprise's staff
    assert await listed(Visible(frozenset({vnpt.id}), own)) == sorted(names)
    assert await listed(Visible(frozenset())) == []


async def test_the_staff_and_enterprise_lists_are_in_vietnamese_order_page_after_page() -> None:
    """Not by code point, which put "Đặng" and "Đỗ" after "Võ", "Nguyễn" before "Ngô" and "VNPT" before "Viettel"."""
    roster = MemoryRoster()
    made = {name: await _enterprise(roster, name) for name in ENTERPRISES}
    vnpt = made["VNPT Long An"]
    for n in PEOPLE:
        await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, n, ("guard",)))

    async def staff_pages(limit: int) -> list[list[str]]:
        pages, cursor = [], None
        while True:
            page = await handlers.list_staff(
                roster.ctx,
                enterprise_id=vnpt.id,
                qualification=None,
                active=None,
                q=None,
                email=None,
                page=PageRequest(limit=limit, cursor=cursor),
            )
            pages.append([m.full_name for m in page.items])
            if (cursor := page.next_cursor) is None:
                return pages

    assert await staff_pages(100) == [PEOPLE_IN_ORDER]
    assert await staff_pages(3) == [PEOPLE_IN_ORDER[0:3], PEOPLE_IN_ORDER[3:6], PEOPLE_IN_ORDER[6:9]]
    listed = await handlers.list_enterprises(roster.ctx, sector=None, q=None, page=PageRequest())
    assert [e.name for e in listed.items] == ENTERPRISES_IN_ORDER


async def test_the_sites_list_is_grouped_by_enterprise_in_vietnamese_order_page_after_page() -> None:
    """Not grouped by the enterprises' ids with the names by code point ("Trạm Vĩnh Hưng" before
    "Trạm Đức Hòa"): the enterprises by name (`sort_key`: "Đài…" before "VNPT"), then their sites by name."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    dai = await _enterprise(roster, "Đài Phát thanh và Truyền hình Long An", "television")
    for enterprise in (vnpt, dai):
        for name in SITES:
            await handlers.register_site(roster.uow(), RegisterSite(enterprise.id, name, "base_station"))
    expected = [(dai.name, n) for n in SITES_IN_ORDER] + [(vnpt.name, n) for n in SITES_IN_ORDER]
    names = {vnpt.id: vnpt.name, dai.id: dai.name}

    async def pages(limit: int) -> list[list[tuple[str, str]]]:
        found, cursor = [], None
        while True:
            page = await handlers.list_sites(
                roster.ctx,
                enterprise_id=None,
                border_area=None,
                district=None,
                page=PageRequest(limit=limit, cursor=cursor),
            )
            found.append([(names[s.enterprise_id], s.name) for s in page.items])
            if (cursor := page.next_cursor) is None:
                return found

    assert await pages(100) == [expected]
    assert await pages(3) == [expected[0:3], expected[3:6], expected[6:8]]


async def test_the_published_tet_hours_are_listed_by_district_enterprise_and_point_in_vietnamese_order() -> None:
    """The public page, its calendar and the notices: "Đức Hòa" no longer after "Vĩnh Hưng", "VNPT"
    no longer before "Viettel"; points without a district last."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    viettel = await _enterprise(roster, "Viettel Long An")
    tet = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    days = [DayHours(d, True, (HoursSession("07:30", "11:30"),)) for d in campaign_days(tet.starts_at, tet.ends_at)]
    by_name = {"VNPT Long An": vnpt, "Viettel Long An": viettel}
    for firm, name, district in TRANSACTION_POINTS:
        enterprise = by_name[firm]
        point = (
            await handlers.register_site(
                roster.uow(), RegisterSite(enterprise.id, name, "transaction_point", district=district)
            )
        ).site
        await hours.set_hours(roster.uow(), point.id, campaign_id=tet.id, days=days, pre=ANY_VERSION)
        await hours.publish_hours(roster.uow(), point.id, campaign_id=tet.id, pre=ANY_VERSION)
    expected = TRANSACTION_POINTS_IN_ORDER
    _, listed = await hours.public_page(roster.ctx, campaign_id=tet.id, district=None, page=PageRequest())
    assert [(p.district, p.enterprise_name, p.site_name) for p in listed.items] == expected
    _, every = await hours.public_all(roster.ctx, campaign_id=tet.id, district=None)
    assert [(p.district, p.enterprise_name, p.site_name) for p in every] == expected


async def test_one_store_a_registered_border_site_gets_its_tet_defaults_and_staff_can_be_planned() -> None:
    """Reference records, campaigns and shifts share one in-memory state: the border defaults
    really run, and a shift is planned for a staff member registered through the handlers."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    site = (
        await handlers.register_site(
            roster.uow(),
            RegisterSite(vnpt.id, "Trạm BTS Bình Hiệp", "base_station", border_area=True),
            by_department=True,
        )
    ).site
    tuyet = await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, "Nguyễn Thị Ánh Tuyết", ("guard",)))
    tet = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    assert roster.border_calls[-1] == {"campaign_id": tet.id}
    (default,) = roster.state.requirements.values()  # patrol at the border site, all day
    assert (default.campaign_id, default.site_id, default.duty_type) == (tet.id, site.id, "patrol")

    starts_at = tet.starts_at + timedelta(days=5, hours=1)
    cmd = shifts.PlanShift(tet.id, vnpt.id, "patrol", starts_at, starts_at + timedelta(hours=8), (tuyet.staff.id,))
    planned = await shifts.plan_shift(roster.uow(), cmd)
    assert planned.status == "draft" and [a.full_name for a in planned.assignees] == ["Nguyễn Thị Ánh Tuyết"]
    assert {b.staff_id for b in roster.state.bookings} == {tuyet.staff.id}
    assert roster.types()[-1] == "planned"


async def test_a_name_typed_all_in_lower_or_upper_case_is_stored_written_as_names_are_and_said() -> None:
    """QZ10 #13: "nguyễn văn an" was stored as typed. Registered or renamed so, it is stored "Nguyễn Văn An" (the
    event too), with a `name-capitalised` note; a mixed-case name is stored as typed; a row stored before the rule,
    sent back unchanged with an edit of its phone, is not rewritten."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster)
    uow = roster.uow()
    an = await handlers.register_staff(uow, RegisterStaff(vnpt.id, "nguyễn văn an", ("guard",), "an@vnpt.vn"))
    assert an.staff.full_name == "Nguyễn Văn An"
    assert [(n.rule, getattr(n, "typed", None), getattr(n, "staff_id", None)) for n in an.warnings] == [
        ("name-capitalised", "nguyễn văn an", an.staff.id)
    ]
    joined = roster.events[-1].data
    assert isinstance(joined, StaffJoined) and joined.full_name == "Nguyễn Văn An"

    renamed = await handlers.edit_staff(uow, an.staff.id, changes={"full_name": "ĐẶNG THỊ ĐÀO"}, pre=ANY_VERSION)
    assert renamed.staff.full_name == "Đặng Thị Đào" and [n.rule for n in renamed.warnings] == ["name-capitalised"]
    mixed = await handlers.edit_staff(uow, an.staff.id, changes={"full_name": "Lê thị Ánh"}, pre=ANY_VERSION)
    assert (mixed.staff.full_name, mixed.warnings) == ("Lê thị Ánh", [])

    old = dataclasses.replace(mixed.staff, full_name="trần văn bình", version=mixed.staff.version + 1)
    await uow.staff.save(old)  # as stored before the rule
    phone = await handlers.edit_staff(
        uow, old.id, changes={"full_name": "trần văn bình", "phone": "0912345678"}, pre=ANY_VERSION
    )
    assert (phone.staff.full_name, phone.staff.phone, phone.warnings) == ("trần văn bình", "0912345678", [])
