"""The roster board: an enterprise's campaign, local day by local day."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from lichtruc.vntime import at_local, date_said, local_day

from ..domain.coverage import BoardDay, build_board, rules_in_force
from ..domain.errors import RuleViolation
from ..domain.shifts import Shift
from .context import Context, reading
from .lookups import campaign_and_enterprise_name
from .shifts import TakenOver, signing_in, taken_over

MAX_BOARD_DAYS = 62


@dataclass(frozen=True)
class Board:
    """The board of one enterprise in one campaign, from `first` to `last` (local days, both
    included): per day, per duty type, the shifts (entities), the people and the coverage."""

    campaign_id: uuid.UUID
    campaign_name: str
    enterprise_id: uuid.UUID
    enterprise_name: str
    first: date
    last: date
    days: tuple[BoardDay[Shift], ...]
    taken: TakenOver
    """The shifts that took over the board's shifts, by the id of the one taken over (`handlers.shifts.taken_over`),
    whichever day they are on: a night shift of the board's last day handed over after midnight is taken by a shift
    past the board, and what the manager said at the handover (`handover_absent`) is told with the kept shift (B1)."""
    checks_in: frozenset[uuid.UUID] = frozenset()
    """The people of its shifts who can check in themselves (an active account: `handlers.shifts.signing_in`)."""


def _days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


async def roster_board(
    ctx: Context, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID, first: date | None, last: date | None
) -> Board:
    """Day-by-day board of one enterprise in one campaign, from `first` to `last` (local days,
    both included; default: the whole campaign). Coverage counts distinct people on duty."""
    async with reading(ctx) as repos:
        campaign, enterprise_name = await campaign_and_enterprise_name(
            repos, campaign_id=campaign_id, enterprise_id=enterprise_id
        )
        campaign_first = local_day(campaign.starts_at)
        campaign_last = local_day(campaign.ends_at - timedelta(microseconds=1))
        first = first or campaign_first
        last = last or campaign_last
        for name, bound in (("from", first), ("to", last)):
            if not campaign_first <= bound <= campaign_last:
                raise RuleViolation(
                    name,
                    "inside-campaign",
                    f"“{name}” must be a day of {campaign.name} "
                    f"({date_said(campaign_first, 'en')} to {date_said(campaign_last, 'en')}).",
                    f"{'Ngày bắt đầu' if name == 'from' else 'Ngày kết thúc'} phải thuộc {campaign.name} "
                    f"({date_said(campaign_first)} đến {date_said(campaign_last)}).",
                )
        if last < first:
            raise RuleViolation(
                "to",
                "end-after-start",
                "“to” must not be before “from”.",
                "Ngày kết thúc không được trước ngày bắt đầu.",
            )
        if (last - first).days + 1 > MAX_BOARD_DAYS:
            raise RuleViolation(
                "to",
                "max-days",
                f"A board shows at most {MAX_BOARD_DAYS} days: narrow from/to.",
                f"Bảng trực hiển thị tối đa {MAX_BOARD_DAYS} ngày.",
            )
        shifts = await repos.shifts.between(
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            starts_at=at_local(first),
            ends_at=at_local(last + timedelta(days=1)),
        )
        requirements = await repos.requirements.versions_of(campaign_id=campaign_id, enterprise_id=enterprise_id)
    days = build_board(
        _days_between(first, last),
        shifts=shifts,
        requirements=rules_in_force(requirements),
        peaks=campaign.peaks,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )
    listed = {s.id: s for d in days for duty in d.duty_types for s in duty.shifts}
    taken = await taken_over(ctx, listed.values())
    checks_in = await signing_in(ctx, listed.values())
    return Board(campaign.id, campaign.name, enterprise_id, enterprise_name, first, last, tuple(days), taken, checks_in)
