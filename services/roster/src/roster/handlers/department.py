"""The Department's profile: read by anyone signed in (and by every document that prints it), set by an
administrator with the version they read. Each save is published (DepartmentProfileChanged, in the save's
transaction), so that audit's log says who changed the names the Department's documents print, and from what."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from lichtruc.events_department import (
    DEPARTMENT_FIELDS,
    DEPARTMENT_KEY,
    DepartmentDetails,
    DepartmentProfileChanged,
)

from ..domain.department import (
    DepartmentProfile,
    as_printed,
    checked_abbreviation,
    checked_recipients,
    typed_marks_removed,
)
from ..domain.errors import Precondition
from .context import Context, UnitOfWork, reading


async def get_profile(ctx: Context) -> DepartmentProfile:
    """The profile; the empty one (version 0) while no administrator has set it."""
    async with reading(ctx) as r:
        return await r.department.get()


@dataclass(frozen=True)
class SetProfile:
    """Every field of the profile, cleaned by the request's schema (NFC, one line each, none blank but
    `abbreviation`: "" for the one derived from the Department's name)."""

    province: str
    department: str
    superior: str
    place: str
    report_recipients: tuple[str, ...]
    summary_recipients: tuple[str, ...]
    abbreviation: str = ""


async def set_profile(uow: UnitOfWork, cmd: SetProfile, *, pre: Precondition) -> DepartmentProfile:
    """Replace the profile: If-Match with the version read (`"0"` the first time, while it is empty)."""
    current = await uow.department.get(lock=True)
    pre.check(current.version, what="profile", what_vi="thông tin", ident="of the Department", ident_vi="của Sở")
    profile = DepartmentProfile(
        **dataclasses.asdict(cmd)
        | {
            # the marks a document adds itself, not stored as typed (QA: "…Long An;" and "Lưu: VT." saved, the
            # history reading "…Long An;, Lưu: VT."): what is kept, shown and logged is what the document prints;
            # the place too ("Cao Lãnh," printed "Cao Lãnh, ngày …", the page's hint read "Cao Lãnh,, ngày …")
            "place": as_printed(cmd.place),
            "report_recipients": typed_marks_removed(cmd.report_recipients),
            "summary_recipients": typed_marks_removed(cmd.summary_recipients),
            # the one typed (checked); none typed: "" kept, the numbers printing the name's initials (`symbol`), so
            # that a Department renamed (Sở KH&CN after the 2025 merger) numbers its documents by its new name
            "abbreviation": checked_abbreviation(cmd.abbreviation) if cmd.abbreviation else "",
        },
        version=current.version + 1,
        updated_at=uow.now,
    )
    checked_recipients(profile.report_recipients, field="report_recipients")
    checked_recipients(profile.summary_recipients, field="summary_recipients")
    await uow.department.save(profile)
    await uow.emit(profile_event(profile, before=current, actor=uow.actor), key=DEPARTMENT_KEY, subject="department")
    return profile


def _details(p: DepartmentProfile) -> DepartmentDetails:
    return DepartmentDetails(
        province=p.province,
        department=p.department,
        abbreviation=p.symbol or None,  # none when the name has no letter to take
        superior=p.superior,
        place=p.place,
        report_recipients=p.report_recipients,
        summary_recipients=p.summary_recipients,
    )


def profile_event(
    profile: DepartmentProfile, *, before: DepartmentProfile, actor: str | None
) -> DepartmentProfileChanged:
    """The event of a save: the profile after it, the one before (none while it was never set) and the fields
    that differ, in the page's order, compared as the event says them (the abbreviation as printed: a profile kept
    before it had one, saved again as it was, changes nothing)."""
    previous = _details(before) if before.is_set else None
    after = _details(profile)
    changed = tuple(f for f in DEPARTMENT_FIELDS if previous is None or getattr(previous, f) != getattr(after, f))
    return DepartmentProfileChanged(
        profile=after, previous=previous, changed=changed, version=profile.version, actor=actor
    )
