"""/shifts: plan, change, publish, check in, list."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response, status

from lichtruc.paging import Page, page_out

from ...domain.errors import RuleViolation
from ...domain.shifts import Shift
from ...handlers import candidacy
from ...handlers import shifts as handlers
from ..commands import etag, run
from ..deps import (
    Change,
    Ctx,
    Cursor,
    IdempotencyKey,
    IdempotentChange,
    IfMatch,
    Viewer,
    actor_from,
    actor_name_from,
    context_of,
)
from ..schemas import (
    CancelIn,
    CheckInIn,
    DutyType,
    HandoverIn,
    HandoverOut,
    Instant,
    LateReasonIn,
    OnDutyBesideListOut,
    OnDutyBesideManyOut,
    OnDutyBesideOut,
    PresenceIn,
    PublishOut,
    ReassignIn,
    RescheduleIn,
    ShiftIn,
    ShiftOut,
    ShiftPatch,
    ShiftStatus,
)
from ..schemas.candidacy import CandidaciesOut
from ..views import candidacy_out, publish_out, shift_out

router = APIRouter(tags=["shifts"])

CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such shift"},
    409: {"description": "not possible in the shift's status, or a double booking (names the conflicting shift)"},
    412: {"description": "If-Match names an old version (the problem gives the current one)"},
    422: {"description": "a rule is broken (the problem names the field and the rule)"},
    428: {"description": "If-Match is missing (the problem gives the current version)"},
}


def _render(shift: Shift, *, created: bool = False) -> tuple[ShiftOut, dict[str, str]]:
    headers = etag(shift.version)
    if created:
        headers["Location"] = f"/shifts/{shift.id}"
    return shift_out(shift), headers


@router.post(
    "/shifts",
    status_code=status.HTTP_201_CREATED,
    response_model=ShiftOut,
    summary="Plan a shift (draft, or published at once); publishes ShiftPlanned",
    responses={k: v for k, v in CHANGE_RESPONSES.items() if k in (409, 422)},
)
async def plan_shift(body: ShiftIn, request: Request, idempotency_key: IdempotencyKey = None) -> Response:
    # The context and the actor are read here rather than through a dependency (`IdempotentChange`): the
    # same values, one dependency fewer for FastAPI to solve on the hottest route.
    ctx, actor = context_of(request), actor_from(request)
    cmd = handlers.PlanShift(
        campaign_id=body.campaign_id,
        enterprise_id=body.enterprise_id,
        site_id=body.site_id,
        duty_type=body.duty_type,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        staff_ids=tuple(a.staff_id for a in body.assignees),
        notes=body.notes,
        publish=body.status == "published",
        covers_site_ids=tuple(body.covers_site_ids),
    )
    return await run(
        request,
        ctx,
        lambda uow: handlers.plan_shift(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        actor=actor,
        actor_name=actor_name_from(request),
        idempotency_key=idempotency_key,
        payload=body.model_dump(mode="json") if idempotency_key is not None else None,
    )


@router.get("/shifts", response_model=Page[ShiftOut], summary="Shifts by start time (then id), filtered and sorted")
async def list_shifts(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: DutyType | None = None,
    staff_id: Annotated[uuid.UUID | None, Query(description="shifts this person is (or was) on")] = None,
    from_: Annotated[Instant | None, Query(alias="from", description="shifts ending after this instant")] = None,
    to: Annotated[Instant | None, Query(description="shifts starting before this instant")] = None,
    ended_by: Annotated[
        Instant | None, Query(description="shifts over by this instant (ending at or before it)")
    ] = None,
    status_: Annotated[
        list[ShiftStatus] | None, Query(alias="status", max_length=10, description="repeat for several")
    ] = None,
    order: Annotated[
        handlers.ShiftOrder,
        Query(description="starts_at: earliest start first (the default); -starts_at: latest first; then by id"),
    ] = "starts_at",
    ever_published: Annotated[
        bool | None,
        Query(
            description="true: only shifts published at some time (published_at set: their staff were told of them), "
            "whatever their status now; false: only those never published"
        ),
    ] = None,
) -> dict:
    if from_ and to and to <= from_:
        raise RuleViolation(
            "to",
            "end-after-start",
            "“to” must be later than “from”.",
            "Thời điểm kết thúc (Đến) phải sau thời điểm bắt đầu (Từ).",
        )
    f = handlers.ShiftFilter(
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=site_id,
        duty_type=duty_type,
        staff_id=staff_id,
        overlaps_from=from_,
        overlaps_to=to,
        ended_by=ended_by,
        statuses=tuple(status_ or ()),
        ever_published=ever_published,
    )
    found = await handlers.list_shifts(ctx, f, page=page, visible=viewer, order=order)
    taken = await handlers.taken_over(ctx, found.items)
    took = await handlers.continued(ctx, found.items)
    checks_in = await handlers.signing_in(ctx, found.items)
    said = [shift_out(s, taken_by=taken.of(s.id), took_over=took.of(s), checks_in=checks_in) for s in found.items]
    return page_out(request, response, found, page.limit, said)


BESIDE_LIMIT = 200  # the portal's largest page of cards


@router.get(
    "/shifts/on-duty-beside",
    response_model=OnDutyBesideManyOut,
    summary="Who else of each shift's enterprise is on duty while it runs (live shifts overlapping it, any duty "
    "type): names, duty types and times, the duty leader's phone number; for the people on the shifts",
    description="Up to 200 shifts at once (a page of a person's cards). Each shift the caller may read is "
    "answered, in the order asked: a staff member their own published shifts, a manager their enterprises'; one "
    "they may not read is left out, as a missing one is — the others are still answered.",
)
async def shifts_on_duty_beside(
    viewer: Viewer,
    ctx: Ctx,
    shift_id: Annotated[
        list[uuid.UUID], Query(min_length=1, max_length=BESIDE_LIMIT, description="repeat for each shift")
    ],
) -> OnDutyBesideManyOut:
    found = await handlers.on_duty_beside(ctx, shift_id, visible=viewer)
    return OnDutyBesideManyOut(
        shifts=[
            OnDutyBesideListOut(
                shift_id=each.shift_id,
                people=[
                    OnDutyBesideOut(
                        staff_id=p.staff_id,
                        full_name=p.full_name,
                        duty_type=p.duty_type,
                        starts_at=p.starts_at,
                        ends_at=p.ends_at,
                        phone=p.phone,
                        site_name=p.site_name,
                    )
                    for p in each.people
                ],
            )
            for each in found
        ]
    )


@router.get("/shifts/{shift_id}", response_model=ShiftOut, summary="One shift (ETag: its version)")
async def get_shift(shift_id: uuid.UUID, ctx: Ctx, response: Response) -> ShiftOut:
    shift = await handlers.get_shift(ctx, shift_id)
    taken = await handlers.taken_over(ctx, [shift])
    took = await handlers.continued(ctx, [shift])
    checks_in = await handlers.signing_in(ctx, [shift])
    response.headers.update(etag(shift.version))
    return shift_out(shift, taken_by=taken.of(shift.id), took_over=took.of(shift), checks_in=checks_in)


@router.patch(
    "/shifts/{shift_id}",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Change notes, site or the further sites covered; needs If-Match; publishes ShiftUpdated",
)
async def edit_shift(shift_id: uuid.UUID, body: ShiftPatch, change: Change, pre: IfMatch) -> Response:
    changes = body.model_dump(exclude_unset=True)
    return await change.run(lambda uow: handlers.edit_shift(uow, shift_id, changes=changes, pre=pre), _render)


@router.post(
    "/shifts/{shift_id}/reschedule",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Move in time (rules checked again); needs If-Match; publishes ShiftRescheduled",
)
async def reschedule_shift(shift_id: uuid.UUID, body: RescheduleIn, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.reschedule_shift(uow, shift_id, starts_at=body.starts_at, ends_at=body.ends_at, pre=pre),
        _render,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/reassign",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Put other people on it (rules checked again); needs If-Match; publishes ShiftReassigned",
)
async def reassign_shift(shift_id: uuid.UUID, body: ReassignIn, change: IdempotentChange, pre: IfMatch) -> Response:
    staff_ids = tuple(a.staff_id for a in body.assignees)
    return await change.run(
        lambda uow: handlers.reassign_shift(uow, shift_id, staff_ids=staff_ids, pre=pre),
        _render,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/cancel",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Cancel (a published shift only with a reason); needs If-Match; publishes ShiftCancelled",
    description="A draft may be cancelled without a reason. A shift its staff and the inspectors already see "
    "(published or checked in) needs one that is not blank: without it the answer is 422 `cancel-reason-required`, "
    "naming the shift, and nothing changes. The reason shows in the staff's calendars and in the history.",
)
async def cancel_shift(
    shift_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: Annotated[CancelIn | None, Body()] = None
) -> Response:
    reason = body.reason if body else None
    return await change.run(
        lambda uow: handlers.cancel_shift(uow, shift_id, reason=reason, pre=pre), _render, payload={"reason": reason}
    )


@router.post(
    "/shifts/{shift_id}/handover",
    status_code=status.HTTP_201_CREATED,
    response_model=HandoverOut,
    responses=CHANGE_RESPONSES,
    summary="Hand over the rest of a shift that has begun; needs If-Match; publishes ShiftPlanned, ShiftPublished "
    "(the new shift) and ShiftRescheduled (the one handed over; ShiftCancelled when handed over whole at its start)",
    description="For a shift checked in, or published and under way (someone on it falls ill, or never came): it "
    "ends at `at` (by default now rounded up to the next 5 minutes; after its start, before its end), keeping its "
    "people and their check-ins, and a new shift, published, takes over from then to the old end with the people "
    "named — the same duty type, enterprise, site, sites covered and notes, `continues_shift_id` naming the shift it "
    "continues, and the reason. The people are checked as a reassignment's are (qualification, double booking; the "
    "rest rules give warnings). 201 with both shifts; Location: the new one. When its people never came (`absent`; left "
    "out: nobody on it has checked in) the old one ends handed over before it began — cancelled with the reason, "
    "announced by ShiftCancelled (`handed_over_to`) instead of ShiftRescheduled — and the new shift starts at `at` "
    "all the same: the hours from the start to `at` had nobody and stay uncovered. `at` may be the shift's start "
    "only when nobody on it has checked in (the new shift takes it whole). A shift not begun yet: 409 `handover-not-begun` (reassign it). Every other refusal is said at "
    "once, in one 422 whose `errors` lists them all: a moment outside the shift (or at its start once someone checked "
    "in) on `at`, `absent` once someone checked in, no reason on `reason`, and on `assignees` nobody chosen, only people of the shift handed over, and "
    "each person unqualified, unknown or double booked (a double booking too: 422 here, not 409).",
)
async def hand_over_shift(shift_id: uuid.UUID, body: HandoverIn, change: IdempotentChange, pre: IfMatch) -> Response:
    staff_ids = tuple(a.staff_id for a in body.assignees)

    def render(done: handlers.Handover) -> tuple[HandoverOut, dict[str, str]]:
        return HandoverOut(ended=shift_out(done.ended), rest=shift_out(done.rest)), {
            "Location": f"/shifts/{done.rest.id}"
        }

    return await change.run(
        lambda uow: handlers.hand_over_shift(
            uow, shift_id, staff_ids=staff_ids, at=body.at, reason=body.reason, pre=pre, absent=body.absent
        ),
        render,
        status_code=201,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/publish",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Publish one draft; needs If-Match; publishes ShiftPublished",
)
async def publish_shift(shift_id: uuid.UUID, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(lambda uow: handlers.publish_shift(uow, shift_id, pre=pre), _render)


@router.post(
    "/shifts/{shift_id}/check-in",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="An assignee reports for duty (from shortly before the start until the end); needs If-Match; "
    "publishes ShiftCheckedIn",
)
async def check_in(shift_id: uuid.UUID, body: CheckInIn, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.check_in(uow, shift_id, staff_id=body.staff_id, pre=pre, late_reason=body.late_reason),
        _render,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/late-reason",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Say afterwards why a late check-in was late, once; needs If-Match; publishes LateArrivalExplained",
    description="For the person who checked in late (after the grace, lichtruc.check_in.GRACE) without a reason "
    "(a staff member: only their own check-in, 403 otherwise), or a manager of the shift's enterprise: the shift "
    "published, checked in or completed. Refused: no check-in yet (409 `not-checked-in`), a check-in on time (409 "
    "`not-late`), a reason already given (409 `already-explained`, quoting it: it is given once), a blank one (422 "
    "`reason-required`), one longer than MAX_LATE_REASON characters (422 `max-length`), a person not on the shift "
    "(422 `on-shift`). Audit shows it beside the lateness; another enterprise's shift: 404, as a missing one.",
)
async def explain_late(shift_id: uuid.UUID, body: LateReasonIn, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.explain_late(uow, shift_id, staff_id=body.staff_id, late_reason=body.late_reason, pre=pre),
        _render,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/presence",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Confirm afterwards that a person on a shift was on post (or was not), with evidence; needs If-Match; "
    "publishes PresenceConfirmed (present) or PresenceCorrected (not there)",
    description="For a manager of the shift's enterprise or an administrator, once the shift has ended (before: 409 "
    "`shift-not-over`, saying the person can still check in) — or, while it is under way, the arrival of a person "
    "who cannot check in themselves (no active account linked to their staff record): present from the time they "
    "came, not yet come 422 `present-not-yet`, to the shift's end — of a shift published, checked in or completed: `present` true — the person was on post from "
    "`present_from` to `present_until` (by default the whole shift; within it: else 422 `present-within-shift`; its end "
    "after its start: else 422 `end-after-start`) though their check-in does not say so (a flat phone, the paper "
    "handover book); false — they checked in (or were confirmed present) but were not there from `absent_from` to "
    "`absent_until` (the whole shift by default, the same two rules; someone with neither: 409 "
    "`presence-not-recorded`; part of the shift of someone who did not check in: 409 `confirm-instead`). Evidence is "
    "required: `evidence` (how it is known) and `evidence_note` (blank: 422 `evidence-required`). A person not on the "
    "shift: 422 `on-shift`, naming them and the shift. Audit counts the time as present, marked as confirmed "
    "afterwards by whom and when; the newest word on a person replaces an earlier one. Another enterprise's shift: "
    "404, as a missing one.",
)
async def confirm_presence(shift_id: uuid.UUID, body: PresenceIn, change: IdempotentChange, pre: IfMatch) -> Response:
    cmd = handlers.ConfirmPresence(
        staff_id=body.staff_id,
        present=body.present,
        evidence=body.evidence,
        evidence_note=body.evidence_note,
        present_from=body.present_from,
        present_until=body.present_until,
        absent_from=body.absent_from,
        absent_until=body.absent_until,
        late_reason=body.late_reason,
    )
    return await change.run(
        lambda uow: handlers.confirm_presence(uow, shift_id, cmd=cmd, pre=pre),
        _render,
        payload=body.model_dump(mode="json") if change.idempotency_key is not None else None,
    )


@router.post(
    "/shifts/{shift_id}/complete",
    response_model=ShiftOut,
    responses=CHANGE_RESPONSES,
    summary="Close a shift that is over; needs If-Match; publishes ShiftCompleted",
)
async def complete_shift(shift_id: uuid.UUID, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(lambda uow: handlers.complete_shift(uow, shift_id, pre=pre), _render)


@router.post(
    "/campaigns/{campaign_id}/enterprises/{enterprise_id}/publish",
    response_model=PublishOut,
    summary="Publish all of an enterprise's drafts in a campaign at once; one ShiftPublished each",
)
async def publish_enterprise(campaign_id: uuid.UUID, enterprise_id: uuid.UUID, change: IdempotentChange) -> Response:
    return await change.run(
        lambda uow: handlers.publish_enterprise(uow, campaign_id, enterprise_id=enterprise_id),
        lambda outcome: (publish_out(outcome), {}),
    )


@router.get(
    "/enterprises/{enterprise_id}/shift-candidates",
    response_model=CandidaciesOut,
    summary="What roster would say of each person were they put on a shift of the enterprise at that time (a new "
    "one, or `shift_id`, whose own place does not count): the hard rules they break, their shifts overlapping it "
    "(a double booking), the rest it would leave under the minimum, too many night shifts — for a people picker "
    "before a save; in the order asked",
    responses={404: {"description": "no such enterprise"}, 422: {"description": "times no shift could have"}},
)
async def shift_candidates(
    enterprise_id: uuid.UUID,
    ctx: Ctx,
    duty_type: DutyType,
    starts_at: Instant,
    ends_at: Instant,
    staff_id: Annotated[list[uuid.UUID], Query(min_length=1, max_length=50, description="repeat for each person")],
    shift_id: Annotated[uuid.UUID | None, Query(description="the shift they would be put on, if it exists")] = None,
    status: Annotated[
        Literal["draft", "published"], Query(description="the shift's status once saved (a draft's rules count drafts)")
    ] = "published",
) -> CandidaciesOut:
    q = candidacy.CandidateQuery(
        enterprise_id=enterprise_id,
        duty_type=duty_type,
        starts_at=starts_at,
        ends_at=ends_at,
        staff_ids=tuple(staff_id),
        shift_id=shift_id,
        status=status,
    )
    found = await candidacy.shift_candidates(ctx, q)
    return CandidaciesOut(people=[candidacy_out(c, limits=ctx.limits) for c in found])
