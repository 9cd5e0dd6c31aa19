"""Coverage requirements: how many people of a duty type an enterprise (or one of its sites)
must have on duty over a window of a campaign."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lichtruc.events import RequirementRemoved, RequirementSet
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.ports import RequirementFilter
from ..domain.errors import Precondition, RuleViolation, missing
from ..domain.requirements import StaffingRequirement, Window, check_requirement, window_to_json
from ..domain.shifts import known_campaign, known_enterprise, site_errors
from .context import Context, UnitOfWork, reading

__all__ = ["RequirementFilter"]


@dataclass(frozen=True)
class SetRequirement:
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    window: Window
    minimum: int
    peak_minimum: int | None = None
    site_id: uuid.UUID | None = None


def _event(r: StaffingRequirement, actor: str | None) -> RequirementSet:
    return RequirementSet(
        requirement_id=r.id,
        campaign_id=r.campaign_id,
        enterprise_id=r.enterprise_id,
        site_id=r.site_id,
        duty_type=r.duty_type,
        window=window_to_json(r.window),
        minimum=r.minimum,
        peak_minimum=r.peak_minimum,
        version=r.version,
        actor=actor,
    )


async def _check(uow: UnitOfWork, cmd: SetRequirement) -> None:
    known_enterprise(await uow.facts.enterprise_name(cmd.enterprise_id), cmd.enterprise_id)
    campaign = known_campaign(await uow.facts.campaign(cmd.campaign_id), cmd.campaign_id)
    site = None if cmd.site_id is None else (await uow.facts.sites([cmd.site_id])).get(cmd.site_id)
    errors = site_errors(cmd.site_id, site, cmd.enterprise_id)
    if errors:
        raise RuleViolation(errors)
    check_requirement(
        cmd.window,
        cmd.minimum,
        cmd.peak_minimum,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )


async def set_requirement(uow: UnitOfWork, cmd: SetRequirement) -> StaffingRequirement:
    """Require a minimum headcount of a duty type over a window; publishes RequirementSet."""
    await _check(uow, cmd)
    requirement = StaffingRequirement(
        id=uuid.uuid4(),
        campaign_id=cmd.campaign_id,
        enterprise_id=cmd.enterprise_id,
        site_id=cmd.site_id,
        duty_type=cmd.duty_type,
        window=cmd.window,
        minimum=cmd.minimum,
        peak_minimum=cmd.peak_minimum,
        version=1,
        created_at=uow.now,
        updated_at=uow.now,
    )
    await uow.requirements.add(requirement)
    await uow.emit(
        _event(requirement, uow.actor), key=requirement.enterprise_id, subject=f"requirements/{requirement.id}"
    )
    return requirement


async def _locked(uow: UnitOfWork, requirement_id: uuid.UUID, pre: Precondition) -> StaffingRequirement:
    requirement = await uow.requirements.lock(requirement_id)
    if requirement is None:
        raise missing("requirement", requirement_id)
    pre.check(requirement.version, what="requirement", what_vi="yêu cầu trực", ident=requirement_id)
    return requirement


async def change_requirement(
    uow: UnitOfWork, requirement_id: uuid.UUID, *, changes: Mapping[str, Any], pre: Precondition
) -> StaffingRequirement:
    """Change a requirement's window, minimums, duty type or site; publishes RequirementSet (next version)."""
    current = await _locked(uow, requirement_id, pre)
    cmd = SetRequirement(
        campaign_id=current.campaign_id,
        enterprise_id=current.enterprise_id,
        duty_type=changes.get("duty_type", current.duty_type),
        window=changes.get("window", current.window),
        minimum=changes.get("minimum", current.minimum),
        peak_minimum=changes.get("peak_minimum", current.peak_minimum),
        site_id=changes.get("site_id", current.site_id),
    )
    await _check(uow, cmd)
    requirement = current.change(
        now=uow.now,
        duty_type=cmd.duty_type,
        window=cmd.window,
        minimum=cmd.minimum,
        peak_minimum=cmd.peak_minimum,
        site_id=cmd.site_id,
    )
    await uow.requirements.save(requirement)
    await uow.emit(
        _event(requirement, uow.actor), key=requirement.enterprise_id, subject=f"requirements/{requirement_id}"
    )
    return requirement


async def remove_requirement(uow: UnitOfWork, requirement_id: uuid.UUID, *, pre: Precondition) -> None:
    """Drop a requirement; publishes RequirementRemoved (its version is the next one)."""
    requirement = await _locked(uow, requirement_id, pre)
    await uow.requirements.remove(requirement_id)
    await uow.emit(
        RequirementRemoved(
            requirement_id=requirement_id,
            campaign_id=requirement.campaign_id,
            enterprise_id=requirement.enterprise_id,
            version=requirement.version + 1,
            actor=uow.actor,
        ),
        key=requirement.enterprise_id,
        subject=f"requirements/{requirement_id}",
    )


async def get_requirement(ctx: Context, requirement_id: uuid.UUID) -> StaffingRequirement:
    async with reading(ctx) as repos:
        requirement = await repos.requirements.get(requirement_id)
    if requirement is None:
        raise missing("requirement", requirement_id)
    return requirement


async def list_requirements(
    ctx: Context, f: RequirementFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[StaffingRequirement]:
    """Requirements by enterprise, duty type, then creation (of the enterprises the caller may see)."""
    async with reading(ctx) as repos:
        found = await repos.requirements.page(f, visible=visible, page=page)
    return found
