"""Coverage requirements: set, change, remove, list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select

from lichtruc.events import RequirementRemoved, RequirementSet

from ..db.tables import requirements
from ..domain.errors import Precondition, RuleViolation, missing
from ..domain.requirements import Window, check_requirement
from ..domain.shifts import site_errors
from .context import Context, UnitOfWork
from .reference import require_enterprise
from .scope import EVERYTHING, Visible
from .shifts import campaign_facts, site_facts
from .views import Page, fetch_page, requirement_view, window_from_json, window_to_json


@dataclass(frozen=True)
class SetRequirement:
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    window: Window
    minimum: int
    peak_minimum: int | None = None
    site_id: uuid.UUID | None = None


def _event(row: dict, actor: str | None) -> RequirementSet:
    return RequirementSet(
        requirement_id=row["id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        site_id=row["site_id"],
        duty_type=row["duty_type"],
        window=row["time_window"],
        minimum=row["minimum"],
        peak_minimum=row["peak_minimum"],
        version=row["version"],
        actor=actor,
    )


async def _check(uow: UnitOfWork, cmd: SetRequirement) -> None:
    await require_enterprise(uow, cmd.enterprise_id)
    campaign = await campaign_facts(uow, cmd.campaign_id)
    errors = site_errors(cmd.site_id, await site_facts(uow, cmd.site_id), cmd.enterprise_id)
    if errors:
        raise RuleViolation(errors)
    check_requirement(
        cmd.window,
        cmd.minimum,
        cmd.peak_minimum,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )


async def set_requirement(uow: UnitOfWork, cmd: SetRequirement) -> dict:
    """Require a minimum headcount of a duty type over a window; publishes RequirementSet."""
    await _check(uow, cmd)
    row = {
        "id": uuid.uuid4(),
        "campaign_id": cmd.campaign_id,
        "enterprise_id": cmd.enterprise_id,
        "site_id": cmd.site_id,
        "duty_type": cmd.duty_type,
        "time_window": window_to_json(cmd.window),
        "minimum": cmd.minimum,
        "peak_minimum": cmd.peak_minimum,
        "version": 1,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    await uow.session.execute(requirements.insert().values(**row))
    await uow.emit(_event(row, uow.actor), key=row["enterprise_id"], subject=f"requirements/{row['id']}")
    return requirement_view(row)


async def _locked(uow: UnitOfWork, requirement_id: uuid.UUID, pre: Precondition) -> dict:
    row = (
        (await uow.session.execute(select(requirements).where(requirements.c.id == requirement_id).with_for_update()))
        .mappings()
        .first()
    )
    if row is None:
        raise missing("requirement", requirement_id)
    pre.check(row["version"], what="requirement", what_vi="yêu cầu trực", ident=requirement_id)
    return dict(row)


async def change_requirement(uow: UnitOfWork, requirement_id: uuid.UUID, changes: dict, pre: Precondition) -> dict:
    """Change a requirement's window, minimums, duty type or site; publishes RequirementSet (next version)."""
    row = await _locked(uow, requirement_id, pre)
    cmd = SetRequirement(
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        duty_type=changes.get("duty_type", row["duty_type"]),
        window=changes["window"] if "window" in changes else window_from_json(row["time_window"]),
        minimum=changes.get("minimum", row["minimum"]),
        peak_minimum=changes["peak_minimum"] if "peak_minimum" in changes else row["peak_minimum"],
        site_id=changes["site_id"] if "site_id" in changes else row["site_id"],
    )
    await _check(uow, cmd)
    values = {
        "duty_type": cmd.duty_type,
        "time_window": window_to_json(cmd.window),
        "minimum": cmd.minimum,
        "peak_minimum": cmd.peak_minimum,
        "site_id": cmd.site_id,
        "version": row["version"] + 1,
        "updated_at": uow.now,
    }
    await uow.session.execute(requirements.update().where(requirements.c.id == requirement_id).values(**values))
    row = {**row, **values}
    await uow.emit(_event(row, uow.actor), key=row["enterprise_id"], subject=f"requirements/{requirement_id}")
    return requirement_view(row)


async def remove_requirement(uow: UnitOfWork, requirement_id: uuid.UUID, pre: Precondition) -> None:
    """Drop a requirement; publishes RequirementRemoved (its version is the next one)."""
    row = await _locked(uow, requirement_id, pre)
    await uow.session.execute(delete(requirements).where(requirements.c.id == requirement_id))
    await uow.emit(
        RequirementRemoved(
            requirement_id=requirement_id,
            campaign_id=row["campaign_id"],
            enterprise_id=row["enterprise_id"],
            version=row["version"] + 1,
            actor=uow.actor,
        ),
        key=row["enterprise_id"],
        subject=f"requirements/{requirement_id}",
    )


async def get_requirement(ctx: Context, requirement_id: uuid.UUID) -> dict:
    async with ctx.sessions() as session:
        row = (
            (await session.execute(select(requirements).where(requirements.c.id == requirement_id))).mappings().first()
        )
    if row is None:
        raise missing("requirement", requirement_id)
    return requirement_view(row)


async def list_requirements(
    ctx: Context,
    *,
    campaign_id: uuid.UUID | None,
    enterprise_id: uuid.UUID | None,
    site_id: uuid.UUID | None,
    duty_type: str | None,
    limit: int,
    offset: int,
    visible: Visible = EVERYTHING,
) -> Page:
    """Requirements by enterprise, duty type, then creation (of the enterprises the caller may see)."""
    stmt = select(requirements).where(*visible.where(requirements.c.enterprise_id))
    for column, value in (
        (requirements.c.campaign_id, campaign_id),
        (requirements.c.enterprise_id, enterprise_id),
        (requirements.c.site_id, site_id),
        (requirements.c.duty_type, duty_type),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    async with ctx.sessions() as session:
        return await fetch_page(
            session,
            stmt,
            order_by=[
                requirements.c.enterprise_id,
                requirements.c.duty_type,
                requirements.c.created_at,
                requirements.c.id,
            ],
            limit=limit,
            offset=offset,
            view=requirement_view,
        )
