"""Who a record belongs to, and which records a caller may list.

Notifier knows from roster's events which enterprise a staff member and a shift belong to
(its read model), so it can decide locally whether a feed, a person's preferences, a
delivery or a shift is within a caller's reach. The access decision itself is made in
`api/policy.py`; here are the look-ups it needs and the narrowing of lists (`Viewer`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select

from lichtruc.auth import Principal, as_uuid

from ..db.tables import deliveries, feed_subscriptions, reminders, shifts, staff
from .context import Context


@dataclass(frozen=True)
class Viewer:
    """Whose records a caller may list: every record, or those of the enterprises they manage
    and of their own person (a manager's enterprises, a staff member's staff record)."""

    everything: bool = False
    enterprises: frozenset[uuid.UUID] = frozenset()
    staff_id: uuid.UUID | None = None

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        if principal.sees_all():
            return cls(everything=True)
        managed = principal.enterprise_ids if principal.role == "manager" else ()
        return cls(
            enterprises=frozenset(e for e in map(as_uuid, managed) if e is not None),
            staff_id=as_uuid(principal.staff_id) if principal.staff_id else None,
        )

    def _own(self, column) -> ColumnElement[bool]:
        return column == self.staff_id if self.staff_id is not None else false()

    def _staff_of_mine(self, column) -> ColumnElement[bool]:
        return column.in_(select(staff.c.staff_id).where(staff.c.enterprise_id.in_(self.enterprises)))

    def feeds(self) -> ColumnElement[bool] | None:
        """Feed subscriptions in reach: of the enterprises managed, of their staff, one's own person feed."""
        if self.everything:
            return None
        c = feed_subscriptions.c
        return or_(
            and_(c.kind != "person", c.enterprise_id.in_(self.enterprises)),
            and_(c.kind == "person", or_(self._own(c.staff_id), self._staff_of_mine(c.staff_id))),
        )

    def deliveries(self) -> ColumnElement[bool] | None:
        """Deliveries tied to a managed enterprise (one tied to none is not shown), or to one's own person."""
        if self.everything:
            return None
        return or_(deliveries.c.enterprise_id.in_(self.enterprises), self._own(deliveries.c.staff_id))

    def reminders(self) -> ColumnElement[bool] | None:
        """One's own reminders, and those of the managed enterprises' shifts."""
        if self.everything:
            return None
        managed_shifts = select(shifts.c.shift_id).where(shifts.c.enterprise_id.in_(self.enterprises))
        return or_(self._own(reminders.c.staff_id), reminders.c.shift_id.in_(managed_shifts))


EVERYTHING = Viewer(everything=True)


# --- look-ups behind the access decisions ----------------------------------------------------------


@dataclass(frozen=True)
class FeedSubject:
    """What a feed shows: one person's shifts (and that person's enterprise, if known), or an enterprise's."""

    kind: str
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None  # of the feed (enterprise, duty) or of the person (person), if known


@dataclass(frozen=True)
class Owner:
    """The enterprise and the people a record belongs to (empty when not known)."""

    enterprise_id: uuid.UUID | None
    staff_ids: frozenset[uuid.UUID] = frozenset()


async def staff_enterprise(ctx: Context, staff_id: uuid.UUID) -> uuid.UUID | None:
    """The enterprise of a staff member, as roster last said; None if notifier has not heard of them."""
    async with ctx.sessions() as session:
        return (
            await session.execute(select(staff.c.enterprise_id).where(staff.c.staff_id == staff_id))
        ).scalar_one_or_none()


async def feed_subject(ctx: Context, feed_id: uuid.UUID) -> FeedSubject | None:
    """Whose shifts a feed subscription shows; None if there is no such subscription."""
    c = feed_subscriptions.c
    async with ctx.sessions() as session:
        row = (
            await session.execute(
                select(c.kind, c.staff_id, c.enterprise_id, staff.c.enterprise_id.label("person_enterprise"))
                .select_from(feed_subscriptions.outerjoin(staff, staff.c.staff_id == c.staff_id))
                .where(c.id == feed_id)
            )
        ).first()
    if row is None:
        return None
    return FeedSubject(
        kind=row.kind,
        staff_id=row.staff_id,
        enterprise_id=row.person_enterprise if row.kind == "person" else row.enterprise_id,
    )


async def delivery_owner(ctx: Context, delivery_id: uuid.UUID) -> Owner | None:
    """The enterprise and person a delivery concerns; None if there is no such delivery."""
    async with ctx.sessions() as session:
        row = (
            await session.execute(
                select(deliveries.c.enterprise_id, deliveries.c.staff_id).where(deliveries.c.id == delivery_id)
            )
        ).first()
    if row is None:
        return None
    return Owner(row.enterprise_id, frozenset({row.staff_id}) if row.staff_id is not None else frozenset())


async def shift_owner(ctx: Context, shift_id: uuid.UUID) -> Owner | None:
    """A shift's enterprise and its current assignees; None if notifier has not heard of the shift."""
    async with ctx.sessions() as session:
        row = (
            await session.execute(select(shifts.c.enterprise_id, shifts.c.data).where(shifts.c.shift_id == shift_id))
        ).first()
    if row is None:
        return None
    people = {as_uuid(a.get("staff_id")) for a in (row.data or {}).get("assignees", ())}
    return Owner(row.enterprise_id, frozenset(p for p in people if p is not None))
