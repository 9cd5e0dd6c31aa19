"""The repositories a handler works through, reached from its unit of work.

One small accessor per concept: the unit of work's own repository when it carries one (an
in-memory unit of work in the service-layer tests, or the UnitOfWork once it exposes its
repositories as attributes), else the PostgreSQL one over the unit of work's session. Queries
open a read-only `Reading` (the same accessors work on it)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from ..db.accounts import AccountRepository, PgAccounts, PgSignIns, SignInRepository
from ..db.campaigns import CampaignRepository, PgCampaigns
from ..db.enterprises import EnterpriseRepository, PgEnterprises
from ..db.sites import PgSites, SiteRepository
from ..db.staff import PgStaff, StaffRepository
from .context import Context


@dataclass
class Reading:
    """A session outside a UnitOfWork: a query's (nothing committed), or a transaction that
    emits no events (signing in, the CLI's first administrator)."""

    session: Any
    ctx: Context | None = None


@contextlib.asynccontextmanager
async def reading(ctx: Context) -> AsyncIterator[Any]:
    """What a query reads through: the context's own reader when it has one (an in-memory fake),
    else a session of the context's database."""
    own = getattr(ctx, "reading", None)
    if own is not None:
        async with own() as uow:
            yield uow
        return
    async with ctx.sessions() as session:
        yield Reading(session, ctx)


@contextlib.asynccontextmanager
async def writing(ctx: Context) -> AsyncIterator[Any]:
    """One transaction without events, committed when the block ends — even when the block then
    answers with an error it returns rather than raises (a failed sign-in is counted)."""
    own = getattr(ctx, "writing", None)
    if own is not None:
        async with own() as uow:
            yield uow
        return
    async with ctx.sessions.begin() as session:
        yield Reading(session, ctx)


def campaigns(uow: Any) -> CampaignRepository:
    own: CampaignRepository | None = getattr(uow, "campaigns", None)
    return own if own is not None else PgCampaigns(uow.session)


def accounts(uow: Any) -> AccountRepository:
    own: AccountRepository | None = getattr(uow, "accounts", None)
    return own if own is not None else PgAccounts(uow.session)


def sign_ins(uow: Any) -> SignInRepository:
    own: SignInRepository | None = getattr(uow, "sign_ins", None)
    return own if own is not None else PgSignIns(uow.session)


def enterprises(uow: Any) -> EnterpriseRepository:
    own: EnterpriseRepository | None = getattr(uow, "enterprises", None)
    return own if own is not None else PgEnterprises(uow.session)


def sites(uow: Any) -> SiteRepository:
    own: SiteRepository | None = getattr(uow, "sites", None)
    return own if own is not None else PgSites(uow.session)


def staff(uow: Any) -> StaffRepository:
    own: StaffRepository | None = getattr(uow, "staff", None)
    return own if own is not None else PgStaff(uow.session)


async def border_defaults(
    uow: Any,
    *,
    campaign_id: uuid.UUID | None = None,
    site_ids: list[uuid.UUID] | None = None,
    enterprise_id: uuid.UUID | None = None,
) -> None:
    """The Tết defaults for border sites (handlers/border.py), in the caller's unit of work; an
    in-memory unit of work answers for itself."""
    own = getattr(uow, "border_defaults", None)
    if own is not None:
        await own(campaign_id=campaign_id, site_ids=site_ids, enterprise_id=enterprise_id)
        return
    from .border import apply_border_defaults  # border → requirements → reference: imported when used

    await apply_border_defaults(uow, campaign_id=campaign_id, site_ids=site_ids, enterprise_id=enterprise_id)
