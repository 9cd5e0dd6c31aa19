"""Deliveries and their attempts: the `DeliveryRepository` interface and its PostgreSQL implementation.

The statements of the claim / send / mark protocol (see handlers/deliveries.py for the protocol and
its guarantees) are here, as they were: ``FOR UPDATE SKIP LOCKED`` picks, the lease, the attempt
rows, and the fenced mark (``lease_owner`` and ``attempts`` as the fencing token).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.scope import Visible

from ..domain.model import Attempt, Delivery, DeliveryFilter, DueDelivery, NewDelivery, Outcome, Owner, PendingAlert
from .feeds import Order, keyset_page, own
from .tables import deliveries, delivery_attempts, gaps, preferences, reminders

GAP_KINDS = ("gap_opened", "gap_closed")
PUBLISHED_KIND = "shift_published"


class DeliveryRepository(Protocol):
    async def add(self, new: Sequence[NewDelivery]) -> int:
        """Insert; one that exists already (same dedupe key) is left as it is. Returns how many are new."""
        ...

    async def get(self, delivery_id: uuid.UUID) -> Delivery | None:
        """With body, attachment and attempts."""
        ...

    async def owner(self, delivery_id: uuid.UUID) -> Owner | None: ...

    async def page(
        self,
        where: DeliveryFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Delivery]:
        """Without body and attachment; with attempts."""
        ...

    # --- the claim / send / mark protocol ---

    async def lock_due(self, now: datetime, *, limit: int) -> list[DueDelivery]:
        """The next due deliveries (pending and due, or sending with an expired lease), locked, skipping
        rows other replicas hold."""
        ...

    async def lock_due_gap_mail(
        self, *, recipient: str, besides: uuid.UUID, now: datetime, limit: int
    ) -> list[Delivery]:
        """Other due gap e-mails to the same address (for a digest), locked, skipping rows other replicas hold."""
        ...

    async def lock_waiting_published_mail(
        self, *, recipient: str, staff_id: uuid.UUID, besides: uuid.UUID, now: datetime, until: datetime, limit: int
    ) -> list[Delivery]:
        """The person's other published-shift e-mails to the same address due now or waiting to go out by `until`
        (to go out with the one due now, in one mail), locked, skipping rows other replicas hold."""
        ...

    async def interrupt_attempt(self, delivery_id: uuid.UUID, *, attempt: int, detail: str, now: datetime) -> None: ...

    async def finish(self, delivery_id: uuid.UUID, *, status: str, error: str, now: datetime) -> None:
        """Finished without sending (cancelled, failed): lease released."""
        ...

    async def lease(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, until: datetime, now: datetime) -> int:
        """Leased to ``owner`` with the attempt recorded as in flight; returns the attempt row's id."""
        ...

    async def mark(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, outcome: Outcome, now: datetime) -> bool:
        """Record the outcome if ``owner`` still holds the lease of ``attempt``; False if not."""
        ...

    async def finish_attempt(self, attempt_row: int, *, outcome: str, detail: str, now: datetime) -> None: ...

    # --- gap alerts ---

    async def pending_alerts(self, gap_id: uuid.UUID) -> list[PendingAlert]:
        """The gap's "opened" alerts not tried yet."""
        ...

    async def move(self, delivery_id: uuid.UUID, *, to: datetime, now: datetime) -> None: ...

    async def rewrite(
        self, delivery_id: uuid.UUID, *, subject: str, body: str, now: datetime, attachment: str | None = None
    ) -> None:
        """The message as it goes out (a gap alert is written again from the gap as it is when sent; a published
        shift's notice from the person's entries, its .ics too: `attachment`, None keeps it)."""
        ...

    async def earliest_waiting_mail(
        self, *, recipient: str, start: datetime, end: datetime, exclude: uuid.UUID | None
    ) -> datetime | None:
        """The earliest time within [start, end] a gap e-mail to ``recipient`` not tried yet waits for."""
        ...

    async def cancel_gap_alerts(self, gap_id: uuid.UUID, *, now: datetime) -> None: ...

    async def alerted(self, gap_id: uuid.UUID) -> list[tuple[str, str | None]]:
        """(channel, recipient) of the gap's alerts sent or being sent."""
        ...

    async def incident_alerted(self, incident_id: uuid.UUID) -> list[IncidentAlerted]:
        """The e-mail alerts of the incident's opening not cancelled nor failed (sent, being sent or waiting to go:
        the closing's notice then follows them), oldest first."""
        ...

    async def swap_told(self, swap_id: uuid.UUID, *, shift_id: uuid.UUID, kinds: Sequence[str]) -> bool:
        """Whether a notice of one of `kinds` was written of the swap request (its deliveries' keys begin
        `swap_keys(swap_id)`), whatever became of it: its readers have heard of the request."""
        ...


@dataclass(frozen=True)
class IncidentAlerted:
    """Whom an incident's opening alert was written to, and in which language (`incident_alerted`)."""

    recipient: str
    recipient_name: str | None
    language: str


def swap_keys(swap_id: uuid.UUID) -> str:
    """The start of the dedupe keys of a swap request's notices (handlers/notices.py: `swap:<id>:v<version>:…`)."""
    return f"swap:{swap_id}:"


def incident_opened_keys(incident_id: uuid.UUID) -> str:
    """The start of the dedupe keys of an incident's opening e-mail alerts (handlers/incidents.py `_key`)."""
    return f"incident:{incident_id}:opened:email:"


_LISTED = [c for c in deliveries.c if c.name not in ("body", "attachment")]
_INSERT_DELIVERY = insert(deliveries).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(deliveries.c.id)


def _attempt(row: Any) -> Attempt:
    return Attempt(
        id=row.id,
        delivery_id=row.delivery_id,
        attempt=row.attempt,
        owner=row.owner,
        started_at=row.started_at,
        finished_at=row.finished_at,
        outcome=row.outcome,
        detail=row.detail,
    )


def _delivery(row: Any, attempts: Sequence[Attempt] = (), *, full: bool = True) -> Delivery:
    return Delivery(
        id=row.id,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        reminder_id=row.reminder_id,
        gap_id=row.gap_id,
        shift_id=row.shift_id,
        staff_id=row.staff_id,
        enterprise_id=row.enterprise_id,
        channel=row.channel,
        recipient=row.recipient,
        recipient_name=row.recipient_name,
        language=row.language,
        subject=row.subject,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        last_error=row.last_error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        sent_at=row.sent_at,
        body=row.body if full else None,
        attachment=row.attachment if full else None,
        attempt_log=tuple(attempts),
        enterprise_ids=tuple(row.enterprise_ids or ()),
        actor_name=row.actor_name,
    )


def _new_values(new: NewDelivery) -> dict[str, Any]:
    values = {f.name: getattr(new, f.name) for f in fields(new)}  # asdict would deep-copy every value: 0.25 ms a row
    values.update(attempts=0, updated_at=new.created_at, enterprise_ids=list(new.enterprise_ids) or None)
    return values


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now),
        and_(deliveries.c.status == "sending", deliveries.c.lease_expires_at <= now),
    )


def visible_deliveries(visible: Visible) -> ColumnElement[bool] | None:
    """Deliveries tied to a visible enterprise, or concerning several all of which are visible (one tied to none
    is not shown), or to one's own person; own only: one's own."""
    if visible.own_only:
        return own(deliveries.c.staff_id, visible)
    if visible.enterprises is None:
        return None
    return or_(
        deliveries.c.enterprise_id.in_(visible.enterprises),
        deliveries.c.enterprise_ids.contained_by(sorted(visible.enterprises)),
        own(deliveries.c.staff_id, visible),
    )


def of_enterprise(enterprise_id: uuid.UUID) -> ColumnElement[bool]:
    """Deliveries of the enterprise: its own, and those concerning several of which it is one."""
    return or_(deliveries.c.enterprise_id == enterprise_id, deliveries.c.enterprise_ids.contains([enterprise_id]))


class PgDeliveries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, new: Sequence[NewDelivery]) -> int:
        if not new:
            return 0
        result = await self.session.execute(_INSERT_DELIVERY, [_new_values(n) for n in new])
        return len(result.all())

    async def _attempts(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Attempt]]:
        out: dict[uuid.UUID, list[Attempt]] = {i: [] for i in ids}
        if not ids:
            return out
        rows = await self.session.execute(
            select(delivery_attempts)
            .where(delivery_attempts.c.delivery_id.in_(ids))
            .order_by(delivery_attempts.c.delivery_id, delivery_attempts.c.attempt)
        )
        for row in rows.all():
            out[row.delivery_id].append(_attempt(row))
        return out

    async def get(self, delivery_id: uuid.UUID) -> Delivery | None:
        row = (await self.session.execute(select(deliveries).where(deliveries.c.id == delivery_id))).first()
        if row is None:
            return None
        return _delivery(row, (await self._attempts([delivery_id]))[delivery_id])

    async def owner(self, delivery_id: uuid.UUID) -> Owner | None:
        row = (
            await self.session.execute(
                select(deliveries.c.enterprise_id, deliveries.c.enterprise_ids, deliveries.c.staff_id).where(
                    deliveries.c.id == delivery_id
                )
            )
        ).first()
        if row is None:
            return None
        return Owner(
            row.enterprise_id,
            frozenset({row.staff_id}) if row.staff_id is not None else frozenset(),
            enterprises=frozenset(row.enterprise_ids or ()),
        )

    async def page(
        self,
        where: DeliveryFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[Delivery]:
        query = select(*_LISTED)
        if (narrowed := visible_deliveries(visible)) is not None:
            query = query.where(narrowed)
        for column in ("staff_id", "shift_id", "gap_id", "channel", "status", "kind"):
            value = getattr(where, column)
            if value is not None:
                query = query.where(deliveries.c[column] == value)
        if where.enterprise_id is not None:
            query = query.where(of_enterprise(where.enterprise_id))
        if where.created_from is not None:
            query = query.where(deliveries.c.created_at >= where.created_from)
        if where.created_to is not None:
            query = query.where(deliveries.c.created_at < where.created_to)
        query = keyset_page(query, deliveries.c.created_at, deliveries.c.id, after=after, order=order, limit=limit)
        rows = (await self.session.execute(query)).all()
        attempts = await self._attempts([r.id for r in rows[:limit]])
        return [_delivery(r, attempts.get(r.id, ()), full=False) for r in rows]

    # --- the claim / send / mark protocol ---

    async def lock_due(self, now: datetime, *, limit: int) -> list[DueDelivery]:
        stmt = (
            select(
                deliveries,
                reminders.c.shift_starts_at,
                preferences.c.webhook_url.label("pref_webhook_url"),
                preferences.c.webhook_secret.label("pref_webhook_secret"),
            )
            .select_from(deliveries)
            .outerjoin(reminders, reminders.c.id == deliveries.c.reminder_id)
            .outerjoin(preferences, preferences.c.staff_id == deliveries.c.staff_id)
            .where(_due(now))
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
            .limit(limit)
            .with_for_update(of=deliveries, skip_locked=True)
        )
        return [
            DueDelivery(_delivery(row), row.shift_starts_at, row.pref_webhook_url, row.pref_webhook_secret)
            for row in (await self.session.execute(stmt)).all()
        ]

    async def lock_due_gap_mail(
        self, *, recipient: str, besides: uuid.UUID, now: datetime, limit: int
    ) -> list[Delivery]:
        rows = await self.session.execute(
            select(deliveries)
            .join(gaps, gaps.c.gap_id == deliveries.c.gap_id)
            .where(
                _due(now),
                deliveries.c.channel == "email",
                deliveries.c.recipient == recipient,
                deliveries.c.kind.in_(GAP_KINDS),
                deliveries.c.id != besides,
            )
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
            .limit(limit)
            .with_for_update(of=deliveries, skip_locked=True)
        )
        return [_delivery(row) for row in rows.all()]

    async def lock_waiting_published_mail(
        self, *, recipient: str, staff_id: uuid.UUID, besides: uuid.UUID, now: datetime, until: datetime, limit: int
    ) -> list[Delivery]:
        waiting = or_(_due(now), and_(deliveries.c.status == "pending", deliveries.c.next_attempt_at <= until))
        rows = await self.session.execute(
            select(deliveries)
            .where(
                waiting,
                deliveries.c.staff_id == staff_id,
                deliveries.c.kind == PUBLISHED_KIND,
                deliveries.c.channel == "email",
                deliveries.c.recipient == recipient,
                deliveries.c.id != besides,
            )
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
            .limit(limit)
            .with_for_update(of=deliveries, skip_locked=True)
        )
        return [_delivery(row) for row in rows.all()]

    async def interrupt_attempt(self, delivery_id: uuid.UUID, *, attempt: int, detail: str, now: datetime) -> None:
        await self.session.execute(
            update(delivery_attempts)
            .where(
                delivery_attempts.c.delivery_id == delivery_id,
                delivery_attempts.c.attempt == attempt,
                delivery_attempts.c.outcome == "in_flight",
            )
            .values(outcome="interrupted", finished_at=now, detail=detail)
        )

    async def finish(self, delivery_id: uuid.UUID, *, status: str, error: str, now: datetime) -> None:
        await self.session.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(status=status, last_error=error, lease_owner=None, lease_expires_at=None, updated_at=now)
        )

    async def lease(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, until: datetime, now: datetime) -> int:
        await self.session.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(status="sending", attempts=attempt, lease_owner=owner, lease_expires_at=until, updated_at=now)
        )
        return (
            await self.session.execute(
                insert(delivery_attempts)
                .values(delivery_id=delivery_id, attempt=attempt, owner=owner, started_at=now, outcome="in_flight")
                .returning(delivery_attempts.c.id)
            )
        ).scalar_one()

    async def mark(self, delivery_id: uuid.UUID, *, attempt: int, owner: str, outcome: Outcome, now: datetime) -> bool:
        values: dict[str, Any] = {
            "status": "pending" if outcome.status == "retry" else outcome.status,
            "lease_owner": None,
            "lease_expires_at": None,
            "updated_at": now,
        }
        if outcome.status == "sent":
            values.update(sent_at=now, last_error=None)
        else:
            values["last_error"] = outcome.detail
            if outcome.next_attempt_at is not None:
                values["next_attempt_at"] = outcome.next_attempt_at
        result = await self.session.execute(
            update(deliveries)
            .where(
                deliveries.c.id == delivery_id,
                deliveries.c.status == "sending",
                deliveries.c.lease_owner == owner,
                deliveries.c.attempts == attempt,
            )
            .values(**values)
        )
        return getattr(result, "rowcount", 0) == 1

    async def finish_attempt(self, attempt_row: int, *, outcome: str, detail: str, now: datetime) -> None:
        await self.session.execute(
            update(delivery_attempts)
            .where(delivery_attempts.c.id == attempt_row)
            .values(outcome=outcome, finished_at=now, detail=detail)
        )

    # --- gap alerts ---

    async def pending_alerts(self, gap_id: uuid.UUID) -> list[PendingAlert]:
        rows = await self.session.execute(
            select(deliveries.c.id, deliveries.c.channel, deliveries.c.recipient, deliveries.c.next_attempt_at).where(
                deliveries.c.gap_id == gap_id,
                deliveries.c.kind == "gap_opened",
                deliveries.c.status == "pending",
                deliveries.c.attempts == 0,
            )
        )
        return [PendingAlert(*row) for row in rows.all()]

    async def move(self, delivery_id: uuid.UUID, *, to: datetime, now: datetime) -> None:
        await self.session.execute(
            update(deliveries).where(deliveries.c.id == delivery_id).values(next_attempt_at=to, updated_at=now)
        )

    async def rewrite(
        self, delivery_id: uuid.UUID, *, subject: str, body: str, now: datetime, attachment: str | None = None
    ) -> None:
        values: dict[str, Any] = {"subject": subject, "body": body, "updated_at": now}
        if attachment is not None:
            values["attachment"] = attachment
        await self.session.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(**values))

    async def earliest_waiting_mail(
        self, *, recipient: str, start: datetime, end: datetime, exclude: uuid.UUID | None
    ) -> datetime | None:
        query = select(func.min(deliveries.c.next_attempt_at)).where(
            deliveries.c.recipient == recipient,
            deliveries.c.channel == "email",
            deliveries.c.kind.in_(GAP_KINDS),
            deliveries.c.status == "pending",
            deliveries.c.attempts == 0,
            deliveries.c.next_attempt_at >= start,
            deliveries.c.next_attempt_at <= end,
        )
        if exclude is not None:
            query = query.where(deliveries.c.id != exclude)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def cancel_gap_alerts(self, gap_id: uuid.UUID, *, now: datetime) -> None:
        await self.session.execute(
            update(deliveries)
            .where(deliveries.c.gap_id == gap_id, deliveries.c.kind == "gap_opened", deliveries.c.status == "pending")
            .values(status="cancelled", last_error="the gap was closed before the alert went out", updated_at=now)
        )

    async def incident_alerted(self, incident_id: uuid.UUID) -> list[IncidentAlerted]:
        rows = await self.session.execute(
            select(deliveries.c.recipient, deliveries.c.recipient_name, deliveries.c.language)
            .where(
                deliveries.c.kind == "incident_opened",
                deliveries.c.channel == "email",
                deliveries.c.dedupe_key.startswith(incident_opened_keys(incident_id), autoescape=True),
                deliveries.c.status.in_(["pending", "sending", "sent"]),
                deliveries.c.recipient.is_not(None),
            )
            .order_by(deliveries.c.created_at)
        )
        return [IncidentAlerted(r, n, lang) for r, n, lang in rows.all()]

    async def swap_told(self, swap_id: uuid.UUID, *, shift_id: uuid.UUID, kinds: Sequence[str]) -> bool:
        found = await self.session.execute(
            select(deliveries.c.id)
            .where(
                deliveries.c.shift_id == shift_id,
                deliveries.c.kind.in_(list(kinds)),
                deliveries.c.dedupe_key.startswith(swap_keys(swap_id), autoescape=True),
            )
            .limit(1)
        )
        return found.first() is not None

    async def alerted(self, gap_id: uuid.UUID) -> list[tuple[str, str | None]]:
        rows = await self.session.execute(
            select(deliveries.c.channel, deliveries.c.recipient).where(
                deliveries.c.gap_id == gap_id,
                deliveries.c.kind == "gap_opened",
                deliveries.c.status.in_(["sent", "sending"]),
            )
        )
        return [(channel, recipient) for channel, recipient in rows.all()]
