"""Coverage requirements: how many people of a duty type an enterprise (or one of its sites)
must have on duty over a window of a campaign."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lichtruc.duty_types import duty_type_name
from lichtruc.events import RequirementRemoved, RequirementSet
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.ports import RequirementFilter
from ..domain.errors import Conflict, Precondition, RuleViolation, missing
from ..domain.requirements import (
    DepartmentFloor,
    RequirementVersion,
    RequirementWarning,
    StaffingRequirement,
    Window,
    applies_from,
    beyond_staff,
    changes_nothing,
    check_requirement,
    past_kept,
    rewrites_past,
    weakenings,
    window_to_json,
)
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
    department_default: bool = False
    """One of the Department's border defaults (handlers/border.py): protected from managers."""
    applies: str = "whole_campaign"
    """How a change during the campaign applies (domain.requirements.APPLIES): from now on, or to the whole
    campaign (a correction)."""


@dataclass(frozen=True)
class RequirementOutcome:
    """A requirement as set or changed, with what it warns about (more people than the enterprise can staff)."""

    requirement: StaffingRequirement
    warnings: tuple[RequirementWarning, ...] = ()


async def _warnings(uow: UnitOfWork, r: StaffingRequirement) -> tuple[RequirementWarning, ...]:
    return beyond_staff(
        duty_type=r.duty_type,
        minimum=r.minimum,
        peak_minimum=r.peak_minimum,
        enterprise_name=await uow.facts.enterprise_name(r.enterprise_id) or "",
        staff=[(m.active, m.qualifications) for m in await uow.staff.of_enterprise(r.enterprise_id)],
    )


def _event(r: StaffingRequirement, actor: str | None, since: datetime | None) -> RequirementSet:
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
        applies_from=since,
    )


async def _check(uow: UnitOfWork, cmd: SetRequirement) -> datetime | None:
    """Refuses what is wrong with the command; from when its version applies."""
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
    return applies_from(cmd.applies, now=uow.now, campaign_starts_at=campaign.starts_at)


async def keep_requirement(uow: UnitOfWork, requirement: StaffingRequirement, *, since: datetime | None) -> None:
    """Keep the requirement's version and publish it (RequirementSet): a change's, and each copied from last Tết."""
    await uow.requirements.record(RequirementVersion.of(requirement, applies_from=since, at=uow.now))
    await uow.emit(
        _event(requirement, uow.actor, since), key=requirement.enterprise_id, subject=f"requirements/{requirement.id}"
    )


async def set_requirement(uow: UnitOfWork, cmd: SetRequirement, *, by_department: bool = True) -> RequirementOutcome:
    """Require a minimum headcount of a duty type over a window; publishes RequirementSet. Warns of a minimum above
    the enterprise's active staff able to take the duty (`beyond_staff`). Made during the campaign "from now on"
    (`cmd.applies`), it requires nothing of the time already past; for the whole campaign once it has begun, only
    `by_department` (`rewrites_past`, as a change or removal: QZ12)."""
    since = await _check(uow, cmd)
    await _refuse_a_new_past(uow, cmd, since=since, by_department=by_department)
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
        floor=DepartmentFloor(cmd.minimum, cmd.peak_minimum) if cmd.department_default else None,
    )
    await uow.requirements.add(requirement)
    await keep_requirement(uow, requirement, since=since)
    return RequirementOutcome(requirement, await _warnings(uow, requirement))


async def _locked(uow: UnitOfWork, requirement_id: uuid.UUID, pre: Precondition) -> StaffingRequirement:
    requirement = await uow.requirements.lock(requirement_id)
    if requirement is None:
        raise missing("requirement", requirement_id)
    pre.check(requirement.version, what="requirement", what_vi="yêu cầu trực", ident=f"({requirement.label()})")
    return requirement


async def _refuse_weakening(
    uow: UnitOfWork, current: StaffingRequirement, reasons: list[tuple[str, str, str]], *, removal: bool
) -> None:
    """409: a manager may raise a Department border default but not weaken or remove it."""
    site = None if current.site_id is None else (await uow.facts.sites([current.site_id])).get(current.site_id)
    site_name = site.name if site is not None else "?"
    duty_en, duty_vi = duty_type_name(current.duty_type, "en"), duty_type_name(current.duty_type, "vi")
    what_en = "removed" if removal else "lowered or changed: " + "; ".join(r[1] for r in reasons)
    what_vi = "xoá" if removal else "giảm hoặc thay đổi: " + "; ".join(r[2] for r in reasons)
    raise Conflict(
        reasons[0][0] if reasons else "requirement",
        "department-default",
        f"The {duty_en} requirement at border site “{site_name}” is a default set by the Department for "
        f"Tết (border areas have priority); an enterprise's manager may raise it but it cannot be {what_en}. "
        "Only the Department (an administrator account) can lower, change or remove it; ask the Department.",
        f"Yêu cầu trực {duty_vi} tại điểm biên giới “{site_name}” là mặc định của Sở cho dịp Tết (khu vực "
        f"biên giới được ưu tiên); quản lý doanh nghiệp chỉ được tăng, không được {what_vi}. Chỉ Sở "
        "(tài khoản quản trị) mới được giảm, thay đổi hoặc xoá yêu cầu này; hãy đề nghị Sở.",
        requirement_id=str(current.id),
        site_id=str(current.site_id) if current.site_id else None,
        site_name=site_name,
    )


async def _keep_the_past(
    uow: UnitOfWork, r: StaffingRequirement, *, since: datetime | None, by_department: bool, removal: bool
) -> None:
    """409 when a manager's change or removal would rewrite the days already past (`rewrites_past`)."""
    campaign = known_campaign(await uow.facts.campaign(r.campaign_id), r.campaign_id)
    if not rewrites_past(since=since, now=uow.now, campaign_starts_at=campaign.starts_at, by_department=by_department):
        return
    site = None if r.site_id is None else (await uow.facts.sites([r.site_id])).get(r.site_id)
    where = site.name if site is not None else await uow.facts.enterprise_name(r.enterprise_id) or "?"
    raise past_kept(removal=removal, duty_type=r.duty_type, where=where)


async def _refuse_a_new_past(
    uow: UnitOfWork, cmd: SetRequirement, *, since: datetime | None, by_department: bool
) -> None:
    """409 when a manager's new requirement would reach back to the days already past (`rewrites_past`)."""
    campaign = known_campaign(await uow.facts.campaign(cmd.campaign_id), cmd.campaign_id)
    if not rewrites_past(since=since, now=uow.now, campaign_starts_at=campaign.starts_at, by_department=by_department):
        return
    site = None if cmd.site_id is None else (await uow.facts.sites([cmd.site_id])).get(cmd.site_id)
    where = site.name if site is not None else await uow.facts.enterprise_name(cmd.enterprise_id) or "?"
    raise past_kept(removal=False, duty_type=cmd.duty_type, where=where, adding=True)


async def change_requirement(
    uow: UnitOfWork,
    requirement_id: uuid.UUID,
    *,
    changes: Mapping[str, Any],
    pre: Precondition,
    by_department: bool = False,
    applies: str = "whole_campaign",
) -> RequirementOutcome:
    """Change a requirement's window, minimums, duty type or site; publishes RequirementSet (next
    version). A Department border default may only be raised unless `by_department` (admin). Warns as
    `set_requirement` does. During the campaign, `applies` says whether the change holds from now on (the time
    past keeps the version before) or for the whole campaign (a correction). A change that would lay on the time
    line just what is there (`changes_nothing`: say, the form saved as it was) records nothing and publishes
    nothing: the requirement is answered as it is. Once the campaign has begun, a manager's change for the whole
    campaign is refused (`rewrites_past`: only the Department rewrites the days past)."""
    current = await _locked(uow, requirement_id, pre)
    cmd = SetRequirement(
        campaign_id=current.campaign_id,
        enterprise_id=current.enterprise_id,
        duty_type=changes.get("duty_type", current.duty_type),
        window=changes.get("window", current.window),
        minimum=changes.get("minimum", current.minimum),
        peak_minimum=changes.get("peak_minimum", current.peak_minimum),
        site_id=changes.get("site_id", current.site_id),
        applies=applies,
    )
    since = await _check(uow, cmd)
    if not by_department:
        reasons = weakenings(
            current,
            duty_type=cmd.duty_type,
            window=cmd.window,
            minimum=cmd.minimum,
            peak_minimum=cmd.peak_minimum,
            site_id=cmd.site_id,
        )
        if reasons:
            await _refuse_weakening(uow, current, reasons, removal=False)
    requirement = current.change(
        now=uow.now,
        duty_type=cmd.duty_type,
        window=cmd.window,
        minimum=cmd.minimum,
        peak_minimum=cmd.peak_minimum,
        site_id=cmd.site_id,
        by_department=by_department,
    )
    if changes_nothing(current, requirement, since=since, newest_since=await _newest_since(uow, current)):
        return RequirementOutcome(current, await _warnings(uow, current))  # no new version, no event
    await _keep_the_past(uow, current, since=since, by_department=by_department, removal=False)
    await uow.requirements.save(requirement)
    await keep_requirement(uow, requirement, since=since)
    return RequirementOutcome(requirement, await _warnings(uow, requirement))


async def _newest_since(uow: UnitOfWork, requirement: StaffingRequirement) -> datetime | None:
    """From when the requirement's newest version applies (None: the whole campaign)."""
    versions = await uow.requirements.versions_of(
        campaign_id=requirement.campaign_id, enterprise_id=requirement.enterprise_id
    )
    mine = [v for v in versions if v.requirement_id == requirement.id]
    return max(mine, key=lambda v: v.version).applies_from if mine else None


async def remove_requirement(
    uow: UnitOfWork,
    requirement_id: uuid.UUID,
    *,
    pre: Precondition,
    by_department: bool = False,
    applies: str = "whole_campaign",
) -> None:
    """Drop a requirement; publishes RequirementRemoved (its version is the next one). A Department
    border default is removed only `by_department` (admin). During the campaign, `applies` says whether it is
    dropped from now on (the time past still required it) or for the whole campaign (it should never have been) —
    the latter, once the campaign has begun, only `by_department` (`rewrites_past`)."""
    requirement = await _locked(uow, requirement_id, pre)
    if requirement.floor is not None and not by_department:
        await _refuse_weakening(uow, requirement, [], removal=True)
    campaign = known_campaign(await uow.facts.campaign(requirement.campaign_id), requirement.campaign_id)
    since = applies_from(applies, now=uow.now, campaign_starts_at=campaign.starts_at)
    await _keep_the_past(uow, requirement, since=since, by_department=by_department, removal=True)
    await uow.requirements.remove(requirement_id)
    await uow.requirements.record(RequirementVersion.of(requirement, applies_from=since, at=uow.now, removed=True))
    await uow.emit(
        RequirementRemoved(
            requirement_id=requirement_id,
            campaign_id=requirement.campaign_id,
            enterprise_id=requirement.enterprise_id,
            version=requirement.version + 1,
            actor=uow.actor,
            applies_from=since,
        ),
        key=requirement.enterprise_id,
        subject=f"requirements/{requirement_id}",
    )


async def get_requirement(
    ctx: Context, requirement_id: uuid.UUID, *, include_removed: bool = False
) -> StaffingRequirement:
    """A requirement; with `include_removed`, a removed one too, as it last was with its removal (removed from
    now on, it still ruled the time before: the board and audit count it there)."""
    async with reading(ctx) as repos:
        requirement = await repos.requirements.get(requirement_id)
        if requirement is None and include_removed:
            requirement = await repos.requirements.removed(requirement_id)
    if requirement is None:
        raise missing("requirement", requirement_id)
    return requirement


async def requirement_history(
    ctx: Context, requirement_id: uuid.UUID, *, page: PageRequest
) -> Slice[RequirementVersion]:
    """A requirement's versions, oldest first, each with from when it applied — a removed one's too, its removal
    the last (the access policy checks the enterprise of either: api/policy.py item scope)."""
    async with reading(ctx) as repos:
        found = await repos.requirements.history(requirement_id, page=page)
    if found.total == 0:
        raise missing("requirement", requirement_id)
    return found


async def list_requirements(
    ctx: Context, f: RequirementFilter, *, page: PageRequest, visible: Visible = EVERYTHING
) -> Slice[StaffingRequirement]:
    """Requirements by enterprise, duty type, then creation (of the enterprises the caller may see)."""
    async with reading(ctx) as repos:
        found = await repos.requirements.page(f, visible=visible, page=page)
    return found
