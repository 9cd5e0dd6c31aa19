"""Presence: the stretches a post had fewer people than required because someone rostered had not checked in, whether
or not the roster was full (domain/presence.py)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lichtruc.paging import Page, Paging, page_out
from lichtruc.words import name

from ..domain import presence
from ..domain.model import PresenceMark
from ..handlers import inspect
from .coverage import DutyQuery, SiteQuery
from .deps import Ctx, Viewer
from .schemas import AbsentOut, ConfirmationOut, FoundMissingOut, PresenceMarkOut, ShortfallOut

router = APIRouter(tags=["coverage"])


def mark_out(mark: PresenceMark | None) -> PresenceMarkOut | None:
    if mark is None:
        return None
    return PresenceMarkOut(
        present=mark.present,
        present_from=mark.starts_at,
        present_until=mark.ends_at,
        evidence=mark.evidence,
        evidence_vi=name("presence_evidence", mark.evidence),
        evidence_en=name("presence_evidence", mark.evidence, "en"),
        evidence_note=mark.evidence_note,
        confirmed_by=mark.by,
        confirmed_by_name=mark.by_name,
        confirmed_at=mark.at,
        event_id=mark.event_id,
    )


def finding_out(found: presence.FoundMissing | None) -> FoundMissingOut | None:
    if found is None:
        return None
    return FoundMissingOut(
        finding_id=found.finding_id, observed_at=found.at, inspector=found.inspector, site_name=found.site_name
    )


def shortfall_out(named: inspect.NamedShortfall) -> ShortfallOut:
    f = named.shortfall
    return ShortfallOut(
        **asdict(named.names),
        starts_at=f.starts_at,
        ends_at=f.ends_at,
        minutes=f.minutes,
        required=f.required,
        rostered=f.rostered,
        present=f.present,
        absent=[
            AbsentOut(
                staff_id=a.staff_id,
                full_name=a.full_name,
                shift_id=a.shift_id,
                shift_starts_at=a.shift_starts_at,
                shift_ends_at=a.shift_ends_at,
                absent_from=a.starts_at,
                absent_until=a.ends_at,
                checked_in_at=a.checked_in_at,
                late_reason=a.late_reason,
                presence=mark_out(a.presence),
                overruled_by=finding_out(a.overruled),
            )
            for a in f.absent
        ],
    )


@router.get(
    "/attendance/shortfalls",
    response_model=Page[ShortfallOut],
    summary="Presence shortfalls as of now: a post with fewer people there than required because someone rostered "
    "had not checked in (once 15 minutes after a shift's start have passed, from its start until the check-in, the "
    "shift's end or now), the roster "
    "full or short, with the absent by name",
)
async def list_shortfalls(
    ctx: Ctx,
    request: Request,
    response: Response,
    visible: Viewer,
    page: Paging,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None = None,
    duty_type: DutyQuery = None,
    site_id: SiteQuery = None,
    day: Annotated[
        date | None, Query(description="only this local day (Asia/Ho_Chi_Minh), stretches cut to it")
    ] = None,
) -> dict[str, Any]:
    found = await inspect.presence_shortfalls(
        ctx=ctx,
        campaign_id=campaign_id,
        visible=visible,
        page=page,
        enterprise_id=enterprise_id,
        duty_type=duty_type,
        site_id=site_id,
        day=day,
    )
    return page_out(request, response, found, page.limit, [shortfall_out(n) for n in found.items])


def confirmation_out(named: inspect.NamedConfirmation) -> ConfirmationOut:
    c = named.confirmation
    mark = mark_out(c.presence)
    assert mark is not None
    return ConfirmationOut(
        **asdict(named.names),
        staff_id=c.staff_id,
        full_name=c.full_name,
        shift_id=c.shift_id,
        shift_starts_at=c.shift_starts_at,
        shift_ends_at=c.shift_ends_at,
        checked_in_at=c.checked_in_at,
        presence=mark,
        counted_from=named.counted_from,
        counted_until=named.counted_until,
        person_minutes=named.person_minutes,
        overruled_by=finding_out(c.overruled),
    )


@router.get(
    "/attendance/confirmations",
    response_model=Page[ConfirmationOut],
    summary="Presences confirmed afterwards by a manager, with evidence (roster's PresenceConfirmed: on post though "
    "not checked in, counted present and marked so), and people recorded not there though checked in "
    "(PresenceCorrected), as of now: by whom, when, how it is known, and the person-minutes counted present only by "
    "the confirmation — told apart from check-ins on the spot",
)
async def list_confirmations(
    ctx: Ctx,
    request: Request,
    response: Response,
    visible: Viewer,
    page: Paging,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None = None,
    duty_type: DutyQuery = None,
    site_id: SiteQuery = None,
    day: Annotated[
        date | None, Query(description="only shifts touching this local day (Asia/Ho_Chi_Minh), minutes cut to it")
    ] = None,
) -> dict[str, Any]:
    found = await inspect.presence_confirmations(
        ctx=ctx,
        campaign_id=campaign_id,
        visible=visible,
        page=page,
        enterprise_id=enterprise_id,
        duty_type=duty_type,
        site_id=site_id,
        day=day,
    )
    return page_out(request, response, found, page.limit, [confirmation_out(n) for n in found.items])
