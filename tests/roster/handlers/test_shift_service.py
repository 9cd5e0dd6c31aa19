"""The shift side's service layer against the in-memory repositories (no database, no broker):
status changes, the events each command emits, rule warnings, and the double-booking refusal."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

import pytest

from lichtruc.events import CloudEvent
from lichtruc.paging import BadCursor, PageRequest
from lichtruc.scope import Visible
from roster.api.views import shift_out
from roster.db.memory import MemoryState, MemoryStore
from roster.db.ports import ShiftFilter, SwapFilter
from roster.domain.accounts import Account
from roster.domain.border import BorderSettings
from roster.domain.campaigns import Peak
from roster.domain.errors import Conflict, NotFound, Precondition, RuleViolation, StaleVersion
from roster.domain.requirements import Daily, OneOff
from roster.domain.shifts import CampaignFacts, Shift, SiteFacts, StaffFacts
from roster.handlers import Context, board, border, requirements, shifts, swaps, unit_of_work
from roster.handlers.scope import enterprise_of, shift_owners

ICT = timedelta(hours=7)
START = datetime(2027, 1, 29, 17, tzinfo=UTC)  # 30 Jan 2027 00:00 in Vietnam
END = datetime(2027, 2, 15, 17, tzinfo=UTC)
ANY = Precondition(None)


def at(day: int, hour: int) -> datetime:
    """A Vietnamese wall-clock time in February 2027, as a UTC instant."""
    return datetime(2027, 2, day, hour, tzinfo=UTC) - ICT


class World:
    def __init__(self) -> None:
        self.state = MemoryState()
        self.now = at(1, 8)
        self.rang = 0
        self.ctx = Context(
            sessions=cast(Any, None),
            clock=lambda: self.now,
            notify_relay=self._ring,
            roster_topic="roster",
            store=MemoryStore(self.state),
        )
        self.enterprise = self.add_enterprise("VNPT Long An", "telecom")
        self.other_enterprise = self.add_enterprise("Viettel Long An", "telecom")
        self.campaign = uuid.uuid4()
        self.state.campaigns[self.campaign] = CampaignFacts(
            self.campaign, "Tết Đinh Mùi", START, END, (Peak("Giao thừa", at(5, 18), at(6, 6)),)
        )
        self.tuyet = self.add_staff("Nguyễn Thị Ánh Tuyết")
        self.an = self.add_staff("Trần Văn An")
        self.duc = self.add_staff("Lê Văn Đức", qualifications=frozenset())

    def _ring(self) -> None:
        self.rang += 1

    def add_enterprise(self, name: str, sector: str) -> uuid.UUID:
        ident = uuid.uuid4()
        self.state.enterprises[ident] = (name, sector)
        return ident

    def add_site(self, name: str, *, border_area: bool = False, enterprise: uuid.UUID | None = None) -> uuid.UUID:
        ident = uuid.uuid4()
        self.state.sites[ident] = SiteFacts(ident, enterprise or self.enterprise, name)
        if border_area:
            self.state.border_sites.add(ident)
        return ident

    def add_staff(
        self,
        name: str,
        *,
        qualifications: frozenset[str] = frozenset({"leader", "operator", "technician", "guard"}),
        enterprise: uuid.UUID | None = None,
        person: uuid.UUID | None = None,
    ) -> uuid.UUID:
        ident = uuid.uuid4()
        owner = enterprise or self.enterprise
        facts = StaffFacts(ident, owner, name, qualifications, True, self.state.enterprises[owner][0], person)
        self.state.staff[ident] = (facts, None)
        return ident

    def events(self, kind: str = "") -> list[CloudEvent]:
        return [e for _, e in self.state.events if kind in e.type]

    async def run(self, work: Callable[[Any], Any], actor: str | None = "manager") -> Any:
        async with unit_of_work(self.ctx, actor=actor) as uow:
            return await work(uow)

    async def plan(self, *people: uuid.UUID, day: int = 5, hours: tuple[int, int] = (8, 16), **more: Any) -> Shift:
        cmd = shifts.PlanShift(
            campaign_id=more.pop("campaign_id", self.campaign),
            enterprise_id=more.pop("enterprise_id", self.enterprise),
            duty_type=more.pop("duty_type", "operations"),
            starts_at=at(day, hours[0]),
            ends_at=at(day, hours[1]) if hours[1] > hours[0] else at(day + 1, hours[1]),
            staff_ids=people,
            **more,
        )
        return await self.run(lambda uow: shifts.plan_shift(uow, cmd))


@pytest.fixture
def world() -> World:
    return World()


async def test_planning_stores_a_draft_books_its_people_and_emits_shift_planned(world: World) -> None:
    shift = await world.plan(world.tuyet, world.an)
    assert (shift.status, shift.version) == ("draft", 1)
    assert [a.full_name for a in shift.assignees] == ["Nguyễn Thị Ánh Tuyết", "Trần Văn An"]
    assert shift_out(shift).local.starts_at.local == "2027-02-05T08:00:00+07:00"
    (planned,) = world.events("shift.planned")
    assert planned.data["shift"]["shift_id"] == str(shift.id) and planned.data["actor"] == "manager"
    assert planned.subject == f"shifts/{shift.id}" and planned.partitionkey == str(world.enterprise)
    assert {b.staff_id for b in world.state.bookings if b.active} == {world.tuyet, world.an}
    assert world.rang == 1  # the relay is woken once the transaction commits


async def test_publish_check_in_and_complete_walk_the_statuses_with_one_event_each(world: World) -> None:
    shift_id = (await world.plan(world.tuyet)).id
    published = await world.run(lambda uow: shifts.publish_shift(uow, shift_id, pre=Precondition(frozenset({1}))))
    assert (published.status, published.version) == ("published", 2)

    world.now = at(5, 7)  # an hour early: check-in opens 30 min before
    with pytest.raises(Conflict) as early:
        await world.run(lambda uow: shifts.check_in(uow, shift_id, staff_id=world.tuyet, pre=ANY))
    assert early.value.first.rule == "check-in-window"

    world.now = at(5, 7) + timedelta(minutes=45)
    checked = await world.run(lambda uow: shifts.check_in(uow, shift_id, staff_id=world.tuyet, pre=ANY))
    assert checked.status == "checked_in" and checked.assignees[0].checked_in_at == world.now
    with pytest.raises(Conflict) as twice:
        await world.run(lambda uow: shifts.check_in(uow, shift_id, staff_id=world.tuyet, pre=ANY))
    assert twice.value.first.rule == "already-checked-in"

    with pytest.raises(Conflict) as not_over:
        await world.run(lambda uow: shifts.complete_shift(uow, shift_id, pre=ANY))
    assert not_over.value.first.rule == "shift-over"
    world.now = at(5, 16)
    done = await world.run(lambda uow: shifts.complete_shift(uow, shift_id, pre=ANY))
    assert (done.status, done.version) == ("completed", 4)
    kinds = [e.type.split(".")[3] for e in world.events("shift.")]
    assert kinds == ["planned", "published", "checked_in", "completed"]
    with pytest.raises(Conflict) as finished:
        await world.run(lambda uow: shifts.cancel_shift(uow, shift_id, reason="late", pre=ANY))
    assert finished.value.first.rule == "invalid-status"


async def test_a_stale_version_changes_nothing(world: World) -> None:
    shift_id = (await world.plan(world.tuyet)).id
    with pytest.raises(StaleVersion):
        await world.run(lambda uow: shifts.publish_shift(uow, shift_id, pre=Precondition(frozenset({7}))))
    assert world.state.shifts[shift_id].status == "draft" and len(world.events()) == 1


async def test_a_double_booking_is_refused_and_names_the_shift_that_holds_the_person(world: World) -> None:
    first = await world.plan(world.tuyet)
    with pytest.raises(Conflict) as refused:
        await world.plan(world.tuyet, day=5, hours=(12, 20), duty_type="incident_response")
    assert refused.value.first.rule == "no-double-booking"
    assert refused.value.context["conflicting_shift_id"] == str(first.id)
    assert len(world.state.shifts) == 1 and len(world.events("shift.planned")) == 1


async def test_the_store_refuses_a_double_booking_the_rules_missed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same person under a linked record at another enterprise, and a check that saw nobody
    # (two requests at once): the store itself refuses, naming the shift that won, and rolls back.
    first = await world.plan(world.tuyet)
    person = world.state.person_of(world.tuyet)
    twin = world.add_staff("Nguyễn Thị Ánh Tuyết", enterprise=world.other_enterprise, person=person)

    async def sees_nobody(*args: object, **kwargs: object) -> list:
        return []

    monkeypatch.setattr("roster.db.memory.shifts.MemoryBookings.near", sees_nobody)
    with pytest.raises(Conflict) as refused:
        await world.plan(twin, enterprise_id=world.other_enterprise)
    assert refused.value.context["conflicting_shift_id"] == str(first.id)
    assert len(world.state.shifts) == 1 and len(world.events()) == 1


async def test_short_rest_and_too_many_nights_are_warnings_not_errors(world: World) -> None:
    await world.plan(world.tuyet, day=5, hours=(8, 16))
    close = await world.plan(world.tuyet, day=5, hours=(20, 23))
    assert [w["rule"] for w in close.warnings] == ["min-rest"]
    assert close.warnings[0]["rest_hours"] == 4
    for day in (7, 8, 9):
        await world.plan(world.an, day=day, hours=(22, 6))
    fourth = await world.plan(world.an, day=10, hours=(22, 6))
    assert [w["rule"] for w in fourth.warnings] == ["night-shifts"]
    snapshot = world.events("shift.planned")[-1].data["shift"]
    assert snapshot["warnings"][0].startswith("night-shifts: ")


async def test_hard_rules_are_422_and_leave_nothing_behind(world: World) -> None:
    with pytest.raises(RuleViolation) as unqualified:
        await world.plan(world.duc)
    assert unqualified.value.first.rule == "qualified"
    with pytest.raises(RuleViolation) as outside:
        await world.plan(world.tuyet, day=20)
    assert outside.value.first.rule == "inside-campaign"
    elsewhere = world.add_site("Trạm Mỹ Quý Tây", enterprise=world.other_enterprise)
    with pytest.raises(RuleViolation) as foreign:
        await world.plan(world.tuyet, covers_site_ids=(elsewhere,))
    assert foreign.value.first.rule == "same-enterprise"
    assert world.state.shifts == {} and world.state.bookings == [] and world.events() == []


async def test_reschedule_moves_the_bookings_and_cancel_frees_the_people(world: World) -> None:
    shift_id = (await world.plan(world.tuyet)).id
    moved = await world.run(
        lambda uow: shifts.reschedule_shift(uow, shift_id, starts_at=at(6, 8), ends_at=at(6, 16), pre=ANY)
    )
    assert (moved.starts_at, moved.version) == (at(6, 8), 2)
    (event,) = world.events("shift.rescheduled")
    assert event.data["previous_starts_at"].startswith("2027-02-05T01:00:00")
    assert {(b.starts_at, b.active) for b in world.state.bookings} == {(at(6, 8), True)}

    cancelled = await world.run(lambda uow: shifts.cancel_shift(uow, shift_id, reason="trùng lịch", pre=ANY))
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "trùng lịch")
    assert [b.active for b in world.state.bookings] == [False]
    again = await world.plan(world.tuyet, day=6)  # the person is free again
    assert again.status == "draft"


async def test_reassign_replaces_the_people_and_edit_without_change_is_no_new_version(world: World) -> None:
    shift_id = (await world.plan(world.tuyet)).id
    after = await world.run(lambda uow: shifts.reassign_shift(uow, shift_id, staff_ids=(world.an,), pre=ANY))
    assert [a.staff_id for a in after.assignees] == [world.an]
    assert {b.staff_id for b in world.state.bookings} == {world.an}
    (event,) = world.events("shift.reassigned")
    assert [a["staff_id"] for a in event.data["previous_assignees"]] == [str(world.tuyet)]

    same = await world.run(lambda uow: shifts.edit_shift(uow, shift_id, changes={"notes": None}, pre=ANY))
    assert same.version == 2 and not world.events("shift.updated")
    site = world.add_site("Tổng đài Tân An")
    edited = await world.run(
        lambda uow: shifts.edit_shift(uow, shift_id, changes={"covers_site_ids": [site], "notes": "x"}, pre=ANY)
    )
    assert (edited.covers_site_ids, edited.notes, edited.version) == ((site,), "x", 3)
    (update,) = world.events("shift.updated")
    assert (update.data["changed"], update.data["actor"]) == (["notes", "covers"], "manager")  # what, and by whom


async def test_publishing_an_enterprise_publishes_each_draft_once(world: World) -> None:
    for day in (3, 4):
        await world.plan(world.tuyet, day=day)
    result = await world.run(lambda uow: shifts.publish_enterprise(uow, world.campaign, enterprise_id=world.enterprise))
    assert [(s.status, s.version) for s in result.shifts] == [("published", 2), ("published", 2)]
    assert (result.campaign_id, result.enterprise_id) == (world.campaign, world.enterprise)
    assert len(world.events("shift.published")) == 2
    again = await world.run(lambda uow: shifts.publish_enterprise(uow, world.campaign, enterprise_id=world.enterprise))
    assert again.shifts == ()


async def test_the_colleagues_who_could_take_a_shift_over_are_read_as_postgresql_reads_them(world: World) -> None:
    ngo = world.add_staff("Ngô Thị Lan")
    world.add_staff("Nguyễn Văn Nam")
    busy = world.add_staff("Lê Văn Bận")
    world.add_staff("Hồ Văn Khác", enterprise=world.other_enterprise)
    shift = await world.plan(world.tuyet, hours=(22, 6), publish=True)
    await world.plan(world.tuyet, ngo, day=4, hours=(6, 14), publish=True)
    await world.plan(busy, day=6, hours=(2, 10), publish=True)
    world.now = at(4, 6) - timedelta(minutes=1)  # the shift with Ngô is still to come: not shared yet
    early = await swaps.swap_candidates(world.ctx, shift.id, from_staff_id=world.tuyet, page=PageRequest(limit=2))
    assert [(c.full_name, c.shared_shift) for c in early.items] == [("Ngô Thị Lan", False), ("Nguyễn Văn Nam", False)]
    world.now = at(4, 6)  # it has begun
    found = await swaps.swap_candidates(world.ctx, shift.id, from_staff_id=world.tuyet, page=PageRequest(limit=2))
    # Vietnamese order (Ngô before Nguyễn); Đức lacks the qualification, Bận is busy, Khác works elsewhere
    assert [(c.full_name, c.shared_shift) for c in found.items] == [("Ngô Thị Lan", True), ("Nguyễn Văn Nam", False)]
    assert found.total == 3
    # what the shift would warn of about each: Ngô's own shift ended 32 hours before it, Nam has none; under a
    # 40-hour minimum rest, Ngô's 32 hours are short
    assert [c.warnings for c in found.items] == [(), ()]
    world.ctx = replace(world.ctx, limits=replace(world.ctx.limits, min_rest=timedelta(hours=40)))
    strict = await swaps.swap_candidates(world.ctx, shift.id, from_staff_id=world.tuyet, page=PageRequest(limit=2))
    assert [[(w.rule, w.context) for w in c.warnings] for c in strict.items] == [[("min-rest", {"rest_hours": 32})], []]
    rest = await swaps.swap_candidates(
        world.ctx, shift.id, from_staff_id=world.tuyet, page=PageRequest(limit=2, cursor=found.next_cursor)
    )
    assert [(c.staff_id, c.shared_shift) for c in rest.items] == [(world.an, False)]
    with pytest.raises(RuleViolation) as not_on_it:
        await swaps.swap_candidates(world.ctx, shift.id, from_staff_id=world.an, page=PageRequest())
    assert not_on_it.value.first.rule == "on-shift"


async def test_a_swap_hands_the_shift_over_after_every_rule_is_checked_again(world: World) -> None:
    shift_id = (await world.plan(world.tuyet, publish=True)).id
    request = swaps.RequestSwap(shift_id, world.tuyet, world.an, "ốm")
    swap = await world.run(lambda uow: swaps.request_swap(uow, request), actor="tuyet")
    with pytest.raises(Conflict) as twice:
        await world.run(lambda uow: swaps.request_swap(uow, request))
    assert twice.value.first.rule == "one-open-swap"
    lan = Account(uuid.uuid4(), "manager", "Nguyễn Thị Lan", "manager", (world.enterprise,), None, "", True, 0, None,
                  None, 1, world.now, world.now)  # fmt: skip
    world.state.accounts[lan.id] = lan
    approved = await world.run(
        lambda uow: swaps.approve_swap(uow, swap.id, to_staff_id=None, note="ok", pre=ANY, agreement="qua điện thoại")
    )
    assert (approved.swap.status, approved.swap.decided_by, approved.swap.version) == ("approved", "manager", 2)
    assert [a.staff_id for a in approved.shift.assignees] == [world.an]
    swapped = world.events("shift.swapped")
    assert len(swapped) == 1 and swapped[0].data["to_staff_id"] == str(world.an)
    assert swapped[0].data["note"] == "ok"  # the manager's note travels with the approval, as a rejection's reason
    # The mails say who decided by name, not by login (QA round 10, #15): the account's display name travels.
    assert (swapped[0].data["actor"], swapped[0].data["actor_name"]) == ("manager", "Nguyễn Thị Lan")
    assert len(world.events("swap.requested")) == 1

    owners = await shift_owners(world.ctx, shift_id)
    assert owners is not None and owners.people == frozenset({world.an})
    own = Visible(frozenset({world.enterprise}), world.an, own_only=True)
    mine = await swaps.list_swaps(world.ctx, SwapFilter(), page=PageRequest(), visible=own)
    assert [s.id for s in mine.items] == [swap.id] and mine.total == 1
    back = await world.run(lambda uow: swaps.request_swap(uow, swaps.RequestSwap(shift_id, world.an, None, "ốm")))
    await world.run(lambda uow: swaps.reject_swap(uow, back.id, note="không", pre=ANY))
    (rejected,) = world.events("swap.rejected")
    assert (rejected.data["actor"], rejected.data["actor_name"]) == ("manager", "Nguyễn Thị Lan")
    edit = {"notes": "x"}  # by a login no account has (any more): no name rather than the login
    await world.run(lambda uow: shifts.edit_shift(uow, shift_id, changes=edit, pre=ANY), actor="gone@x.vn")
    assert "actor_name" not in world.events("shift.updated")[-1].data


async def test_a_request_waiting_when_its_shift_begins_lapses_and_the_sweep_announces_it(world: World) -> None:
    shift = await world.plan(world.tuyet, day=5, hours=(18, 6), publish=True)
    request = swaps.RequestSwap(shift.id, world.tuyet, world.an, "Con ốm")
    swap = await world.run(lambda uow: swaps.request_swap(uow, request), actor="tuyet")
    waiting = SwapFilter(status="requested")
    world.now = at(5, 18) - timedelta(seconds=1)
    assert (await swaps.list_swaps(world.ctx, waiting, page=PageRequest())).total == 1
    assert await world.run(lambda uow: swaps.lapse_started(uow, limit=10)) == 0
    world.now = at(5, 18) + timedelta(minutes=10)  # QZ15: the manager at 18:10
    # read lapsed from the start, before the sweep stores it: not among the waiting, among the lapsed
    assert (await swaps.list_swaps(world.ctx, waiting, page=PageRequest())).total == 0
    lapsed = await swaps.list_swaps(world.ctx, SwapFilter(status="lapsed"), page=PageRequest())
    assert [(s.id, s.status) for s in lapsed.items] == [(swap.id, "lapsed")]
    assert (await swaps.get_swap(world.ctx, swap.id)).status == "lapsed"
    for decide in (
        lambda uow: swaps.approve_swap(uow, swap.id, to_staff_id=None, note=None, pre=ANY, agreement="qua điện thoại"),
        lambda uow: swaps.reject_swap(uow, swap.id, note=None, pre=ANY),
    ):
        with pytest.raises(Conflict) as refused:
            await world.run(decide)
        assert (
            refused.value.first.rule == "swap-lapsed" and "Giao phần còn lại của ca" in refused.value.first.message_vi
        )
    with pytest.raises(Conflict) as withdrawn:
        await world.run(lambda uow: swaps.withdraw_swap(uow, swap.id, pre=ANY), actor="tuyet")
    assert "bạn vẫn là người trực ca này" in withdrawn.value.first.message_vi
    assert world.events("swap.lapsed") == []  # a refused decision stores nothing: the sweep does
    assert await world.run(lambda uow: swaps.lapse_started(uow, limit=10)) == 1
    (event,) = world.events("swap.lapsed")
    assert event.data["shift"]["shift_id"] == str(shift.id) and event.data["lapsed_at"].startswith("2027-02-05T11:00")
    assert (event.data["from_staff_id"], event.data["to_staff_id"], event.data["version"]) == (
        str(world.tuyet),
        str(world.an),
        2,
    )
    assert world.state.swaps[swap.id].status == "lapsed"
    assert await world.run(lambda uow: swaps.lapse_started(uow, limit=10)) == 0  # once
    # QZ17 #1: the page open since before the sweep still says version 1; the lapse is what is said, not "stale"
    read_before = Precondition(frozenset({1}))
    for decide in (
        lambda uow: swaps.approve_swap(
            uow, swap.id, to_staff_id=None, note=None, pre=read_before, agreement="qua điện thoại"
        ),
        lambda uow: swaps.reject_swap(uow, swap.id, note=None, pre=read_before),
    ):
        with pytest.raises(Conflict) as refused:
            await world.run(decide)
        assert refused.value.first.rule == "swap-lapsed"
    with pytest.raises(Conflict) as withdrawn:
        await world.run(lambda uow: swaps.withdraw_swap(uow, swap.id, pre=read_before), actor="tuyet")
    assert withdrawn.value.first.rule == "swap-lapsed"
    assert [a.staff_id for a in (await world.run(lambda uow: uow.shifts.get(shift.id))).assignees] == [world.tuyet]


async def test_lists_page_by_cursor_and_a_staff_member_sees_only_their_own(world: World) -> None:
    made = [(await world.plan(world.tuyet if day % 2 else world.an, day=day, publish=True)).id for day in (4, 1, 3, 2)]
    first = await shifts.list_shifts(world.ctx, ShiftFilter(), page=PageRequest(limit=3))
    assert first.total == 4 and len(first.items) == 3 and first.next_cursor is not None
    rest = await shifts.list_shifts(world.ctx, ShiftFilter(), page=PageRequest(limit=3, cursor=first.next_cursor))
    days = [s.starts_at.day for s in first.items + rest.items]
    assert days == [1, 2, 3, 4] and rest.next_cursor is None
    latest = await shifts.list_shifts(world.ctx, ShiftFilter(), page=PageRequest(limit=3), order="-starts_at")
    older = await shifts.list_shifts(
        world.ctx, ShiftFilter(), page=PageRequest(limit=3, cursor=latest.next_cursor), order="-starts_at"
    )
    assert [s.starts_at.day for s in latest.items + older.items] == [4, 3, 2, 1] and latest.total == 4
    with pytest.raises(BadCursor):  # one order's cursor does not page the other
        await shifts.list_shifts(world.ctx, ShiftFilter(), page=PageRequest(cursor=latest.next_cursor))
    over = await shifts.list_shifts(world.ctx, ShiftFilter(ended_by=first.items[1].ends_at), page=PageRequest())
    assert [s.starts_at.day for s in over.items] == [1, 2]  # ended at or before the second's end
    own = Visible(frozenset({world.enterprise}), world.an, own_only=True)
    mine = await shifts.list_shifts(world.ctx, ShiftFilter(), page=PageRequest(), visible=own)
    assert sorted(s.id for s in mine.items) == sorted([made[0], made[3]])


async def test_a_draft_is_left_out_of_its_staffs_lists_until_it_is_published(world: World) -> None:
    draft = await world.plan(world.an, day=3, notes="Ghi chú nháp")
    published = await world.plan(world.an, day=4, publish=True)
    staff = Visible(frozenset({world.enterprise}), world.an, own_only=True)
    manager = Visible(frozenset({world.enterprise}), world.tuyet)  # a manager who is on the staff too

    async def listed(visible: Visible, f: ShiftFilter | None = None) -> tuple[list[uuid.UUID], int | None]:
        found = await shifts.list_shifts(world.ctx, f or ShiftFilter(), page=PageRequest(), visible=visible)
        return [s.id for s in found.items], found.total

    assert await listed(staff) == ([published.id], 1)
    assert await listed(staff, ShiftFilter(statuses=("draft",))) == ([], 0)
    assert await listed(staff, ShiftFilter(staff_id=world.an)) == ([published.id], 1)
    assert await listed(manager) == ([draft.id, published.id], 2)
    assert await listed(manager, ShiftFilter(statuses=("draft",))) == ([draft.id], 1)
    owners = await shift_owners(world.ctx, draft.id)
    assert owners is not None and owners.draft and owners.people == frozenset({world.an})

    await world.run(lambda uow: shifts.publish_shift(uow, draft.id, pre=ANY))
    assert await listed(staff) == ([draft.id, published.id], 2)
    owners = await shift_owners(world.ctx, draft.id)
    assert owners is not None and not owners.draft


async def test_the_board_counts_a_double_counted_person_once(world: World) -> None:
    # Two overlapping operations shifts of the same person (as imported before the rules, or
    # under two records): coverage is people on duty, so she counts once against a minimum of 2.
    await world.run(
        lambda uow: requirements.set_requirement(
            uow,
            requirements.SetRequirement(world.campaign, world.enterprise, "operations", OneOff(at(5, 8), at(5, 16)), 2),
        )
    )
    await world.plan(world.tuyet)
    people = await world.run(lambda uow: uow.facts.staff([world.tuyet]))
    twice = shifts.PlanShift(world.campaign, world.enterprise, "operations", at(5, 8), at(5, 16), (world.tuyet,))
    world.state.bookings.clear()  # as if the first booking were not there: the second shift is stored too
    await world.run(lambda uow: shifts.add_shift(uow, twice, people=people, warnings=[]))
    found = await board.roster_board(world.ctx, world.campaign, enterprise_id=world.enterprise, first=None, last=None)
    assert (found.campaign_id, found.enterprise_id) == (world.campaign, world.enterprise)
    day = found.days[6]
    operations = next(d for d in day.duty_types if d.duty_type == "operations")
    assert len(operations.shifts) == 2 and [p.staff_id for p in operations.people] == [world.tuyet]
    (cover,) = operations.coverage
    assert (cover.required, cover.planned, cover.met) == (2, 1, False)


async def test_a_requirement_removed_from_now_on_is_read_as_it_last_was_as_postgresql_reads_it(world: World) -> None:
    """The in-memory store answers a removed requirement as roster's PostgreSQL one does (tests/roster/
    test_requirements_and_board.py): its last version's values, the removal's version, when and from when."""
    made = await world.run(
        lambda uow: requirements.set_requirement(
            uow,
            requirements.SetRequirement(world.campaign, world.enterprise, "operations", Daily(time(8), time(16)), 2),
        )
    )
    ident = made.requirement.id
    world.now = at(7, 10)
    await world.run(
        lambda uow: requirements.change_requirement(
            uow, ident, changes={"minimum": 3}, pre=Precondition(frozenset({1})), applies="from_now"
        )
    )
    world.now = at(7, 11)
    await world.run(
        lambda uow: requirements.remove_requirement(uow, ident, pre=Precondition(frozenset({2})), applies="from_now")
    )
    with pytest.raises(NotFound):
        await requirements.get_requirement(world.ctx, ident)
    gone = await requirements.get_requirement(world.ctx, ident, include_removed=True)
    assert (gone.minimum, gone.version, gone.created_at) == (3, 3, at(1, 8))
    assert gone.removed is not None and (gone.removed.at, gone.removed.applies_from) == (at(7, 11), at(7, 11))
    mine = requirements.RequirementFilter(world.campaign, world.enterprise)
    page = PageRequest(limit=10)
    assert (await requirements.list_requirements(world.ctx, mine, page=page)).items == []
    listed = await requirements.list_requirements(world.ctx, replace(mine, include_removed=True), page=page)
    assert listed.items == [gone]
    versions = await requirements.requirement_history(world.ctx, ident, page=page)
    assert [v.rule is None for v in versions.items] == [False, False, True]
    owner = await enterprise_of(world.ctx, "requirement", ident=ident)
    assert owner == world.enterprise  # what the access policy checks: its scope still holds


async def test_border_defaults_are_created_once(world: World) -> None:
    site = world.add_site("Trạm biên giới Bình Hiệp", border_area=True)
    world.state.border_settings[world.campaign] = BorderSettings(world.campaign, ("patrol",), ("telecom",))
    made = await world.run(lambda uow: border.apply_border_defaults(uow, campaign_id=world.campaign))
    again = await world.run(lambda uow: border.apply_border_defaults(uow, campaign_id=world.campaign))
    assert (made, again) == (1, 0)
    (requirement,) = world.state.requirements.values()
    assert (requirement.site_id, requirement.duty_type, requirement.window) == (site, "patrol", Daily(time(0), time(0)))
    assert len(world.events("requirement.set")) == 1


async def test_a_queued_shift_has_its_warnings_computed_again_and_leaves_the_queue(world: World) -> None:
    """`rewarn_queued` (the background turn after a neighbour was held elsewhere): the queued shift's warnings
    are computed against the bookings as they now are, announced by 'system', and it leaves the queue; a
    queued shift whose warnings are right already leaves it with no new version."""
    first = await world.plan(world.tuyet, day=5, hours=(8, 16))
    # Planning the close shift rewarned the first (version 2, memory holds nothing); undo that, as if the
    # first had been held elsewhere and queued.
    close = await world.plan(world.tuyet, day=5, hours=(20, 23))
    stale = world.state.shifts[first.id]
    assert (stale.version, stale.edited_version) == (2, 1)
    world.state.shifts[first.id] = replace(stale, warnings=())
    quiet = await world.plan(world.an, day=9, hours=(8, 16))
    await world.run(lambda uow: uow.shifts.queue_rewarn([first.id, quiet.id]))
    assert list(world.state.rewarn_queue) == sorted([first.id, quiet.id])

    taken, changed = await world.run(lambda uow: shifts.rewarn_queued(uow))
    assert (taken, changed) == (2, 1)
    assert world.state.rewarn_queue == {}
    now = world.state.shifts[first.id]
    assert [(w["rule"], w["shift_id"]) for w in now.warnings] == [("min-rest", str(close.id))]
    assert (now.version, now.edited_version) == (3, 1)  # a change read at 1, 2 or 3 still goes through
    assert world.state.shifts[quiet.id].version == quiet.version
    updates = world.events("shift.updated")  # the plan's rewarn (version 2) and this turn's (3)
    assert [(u.data["shift"]["version"], u.data["actor"]) for u in updates] == [(2, "system"), (3, "system")]


async def test_a_published_shift_counts_a_draft_next_to_it_only_once_it_is_published(world: World) -> None:
    """In memory as on PostgreSQL (tests/roster/test_neighbour_warnings.py): a draft 4 h after a published night
    warns of the night, not the night of it; published (one, or every draft at once), it is counted, and the
    night's new warning is announced by 'system'."""
    night = await world.plan(world.tuyet, day=5, hours=(22, 6), publish=True)
    morning = await world.plan(world.tuyet, day=6, hours=(10, 14))
    evening = await world.plan(world.tuyet, day=6, hours=(18, 22))
    assert [w["shift_id"] for w in world.state.shifts[morning.id].warnings] == [str(night.id), str(evening.id)]
    assert world.state.shifts[night.id] == night
    assert [u.data["shift"]["shift_id"] for u in world.events("shift.updated")] == [str(morning.id)]  # the evening

    published = await world.run(lambda uow: shifts.publish_shift(uow, morning.id, pre=ANY))
    assert [w["shift_id"] for w in published.warnings] == [str(night.id)]  # the evening is still a draft
    assert [w["shift_id"] for w in world.state.shifts[night.id].warnings] == [str(morning.id)]
    (update,) = [u for u in world.events("shift.updated") if u.data["shift"]["shift_id"] == str(night.id)]
    assert update.data["actor"] == "system"

    result = await world.run(lambda uow: shifts.publish_enterprise(uow, world.campaign, enterprise_id=world.enterprise))
    assert [s.id for s in result.shifts] == [evening.id]
    assert [w["shift_id"] for w in result.shifts[0].warnings] == [str(morning.id)]
    assert [w["shift_id"] for w in world.state.shifts[morning.id].warnings] == [str(night.id), str(evening.id)]
