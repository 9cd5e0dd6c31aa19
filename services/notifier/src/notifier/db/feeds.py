"""Feed subscriptions: the `FeedRepository` interface and its PostgreSQL implementation."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, Protocol

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.scope import Visible

from ..domain.model import FeedFilter, FeedServing, FeedSubject, FeedSubscription, FeedVersion
from .raw import RecordRow, asyncpg_connection
from .tables import feed_subscriptions, staff

Order = Literal["asc", "desc"]


class FeedRepository(Protocol):
    async def add(self, feed: FeedSubscription, *, token_sha256: bytes) -> None: ...

    async def get(self, feed_id: uuid.UUID) -> FeedSubscription | None: ...

    async def get_for_update(self, feed_id: uuid.UUID) -> FeedSubscription | None:
        """The subscription, locked until the end of the unit of work."""
        ...

    async def set_token(self, feed_id: uuid.UUID, *, token_sha256: bytes, token_prefix: str, at: datetime) -> None: ...

    async def revoke(self, feed_id: uuid.UUID, *, at: datetime, by: str | None) -> None: ...

    async def serving(self, token_sha256: bytes, *, reference_scope: str, now: datetime) -> FeedServing | None:
        """What serving the feed needs (`FeedServing`) for the subscription with this token digest, revoked or
        not (the handler tells a revoked link's holder so), in one round trip; None if there is none."""
        ...

    async def page(
        self,
        where: FeedFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[FeedSubscription]:
        """Up to ``limit`` subscriptions after the keyset position ``after`` in (created_at, id) order."""
        ...

    async def subject(self, feed_id: uuid.UUID) -> FeedSubject | None: ...


_PUBLIC = [c for c in feed_subscriptions.c if c.name != "token_sha256"]


def _feed(row: Any) -> FeedSubscription:
    return FeedSubscription(
        id=row.id,
        kind=row.kind,
        staff_id=row.staff_id,
        enterprise_id=row.enterprise_id,
        duty_type=row.duty_type,
        language=row.language,
        label=row.label,
        token_prefix=row.token_prefix,
        created_at=row.created_at,
        rotated_at=row.rotated_at,
        revoked_at=row.revoked_at,
        created_by=row.created_by,
        revoked_by=row.revoked_by,
    )


def keyset_page(
    query: Select, created: Any, row_id: Any, *, after: tuple[Any, Any] | None, order: Order, limit: int
) -> Select:
    """``query`` restricted to the rows after ``after`` in stable (created, id) order, one more than ``limit``."""
    if after is not None:
        key = tuple_(created, row_id)
        query = query.where(key > tuple_(*after) if order == "asc" else key < tuple_(*after))
    if order == "asc":
        query = query.order_by(created.asc(), row_id.asc())
    else:
        query = query.order_by(created.desc(), row_id.desc())
    return query.limit(limit + 1)


def own(column: Any, visible: Visible) -> ColumnElement[bool]:
    return column == visible.staff_id if visible.staff_id is not None else false()


def staff_of(column: Any, enterprises: frozenset[uuid.UUID]) -> ColumnElement[bool]:
    return column.in_(select(staff.c.staff_id).where(staff.c.enterprise_id.in_(enterprises)))


def visible_feeds(visible: Visible) -> ColumnElement[bool] | None:
    """Feed subscriptions in reach: of the visible enterprises, of their staff, one's own person feed;
    a staff member (own only): their own person feeds."""
    c = feed_subscriptions.c
    if visible.own_only:
        return and_(c.kind == "person", own(c.staff_id, visible))
    if visible.enterprises is None:
        return None
    return or_(
        and_(c.kind != "person", c.enterprise_id.in_(visible.enterprises)),
        and_(c.kind == "person", or_(own(c.staff_id, visible), staff_of(c.staff_id, visible.enterprises))),
    )


# The subscription by its token digest, its version (as PgShifts.feed_version reads it: the
# revisions of its scope — named as domain.entries.feed_scope names it — and of reference data,
# the latest retention end already passed among its cancelled entries, and of a person's feed the latest end
# already passed among their shifts still on and the on-duty scopes of their shifts' enterprises, summed (of an
# enterprise's or a duty type's feed, its enterprise's on-duty scope): each
# only grows, and the set changes only with the person's own scope), the names its
# title and language come from, and the person's reminder offsets (its alarms). A revoked
# subscription is found too: the feed then says the link was revoked.
_SERVING = """
SELECT f.*,
       (SELECT revision FROM feed_scopes WHERE scope = CASE
            WHEN f.kind = 'person' AND f.staff_id IS NOT NULL THEN 'person:' || f.staff_id::text
            ELSE 'enterprise:' || coalesce(f.enterprise_id::text, 'None') END) AS scope_revision,
       (SELECT revision FROM feed_scopes WHERE scope = $2) AS reference_revision,
       CASE WHEN f.kind = 'person' THEN
            (SELECT max(e.retain_until) FROM feed_entries e
              WHERE e.status = 'cancelled' AND e.retain_until <= $3 AND e.staff_id = f.staff_id)
       ELSE (SELECT max(e.retain_until) FROM feed_entries e
              WHERE e.status = 'cancelled' AND e.retain_until <= $3 AND e.staff_id IS NULL
                AND e.enterprise_id = f.enterprise_id
                AND (f.kind <> 'duty' OR f.duty_type IS NULL OR e.duty_type = f.duty_type))
       END AS expired_through,
       CASE WHEN f.kind = 'person' THEN
            (SELECT max(e.ends_at) FROM feed_entries e
              WHERE e.status = 'confirmed' AND e.ends_at <= $3 AND e.staff_id = f.staff_id)
       END AS ended_through,
       CASE WHEN f.kind = 'person' THEN
            (SELECT coalesce(sum(fs.revision), 0) FROM feed_scopes fs
              WHERE fs.scope IN (SELECT 'on_duty:' || e.enterprise_id::text FROM feed_entries e
                                  WHERE e.status = 'confirmed' AND e.staff_id = f.staff_id))
       ELSE (SELECT revision FROM feed_scopes WHERE scope = 'on_duty:' || f.enterprise_id::text)
       END AS on_duty_revision,
       ent.name AS enterprise_name,
       s.full_name AS person_name,
       s.language AS person_language,
       p.language AS preferred_language,
       p.reminder_offsets_minutes AS preferred_offsets
FROM feed_subscriptions f
LEFT JOIN enterprises ent ON ent.enterprise_id = f.enterprise_id
LEFT JOIN staff s ON s.staff_id = f.staff_id
LEFT JOIN preferences p ON p.staff_id = f.staff_id
WHERE f.token_sha256 = $1"""


class PgFeeds:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, feed: FeedSubscription, *, token_sha256: bytes) -> None:
        values = {k: getattr(feed, k) for k in (c.name for c in _PUBLIC)}
        await self.session.execute(feed_subscriptions.insert().values(**values, token_sha256=token_sha256))

    async def get(self, feed_id: uuid.UUID) -> FeedSubscription | None:
        row = (await self.session.execute(select(*_PUBLIC).where(feed_subscriptions.c.id == feed_id))).first()
        return _feed(row) if row else None

    async def get_for_update(self, feed_id: uuid.UUID) -> FeedSubscription | None:
        row = (
            await self.session.execute(
                select(feed_subscriptions).where(feed_subscriptions.c.id == feed_id).with_for_update()
            )
        ).first()
        return _feed(row) if row else None

    async def set_token(self, feed_id: uuid.UUID, *, token_sha256: bytes, token_prefix: str, at: datetime) -> None:
        await self.session.execute(
            update(feed_subscriptions)
            .where(feed_subscriptions.c.id == feed_id)
            .values(token_sha256=token_sha256, token_prefix=token_prefix, rotated_at=at)
        )

    async def revoke(self, feed_id: uuid.UUID, *, at: datetime, by: str | None) -> None:
        await self.session.execute(
            update(feed_subscriptions).where(feed_subscriptions.c.id == feed_id).values(revoked_at=at, revoked_by=by)
        )

    async def serving(self, token_sha256: bytes, *, reference_scope: str, now: datetime) -> FeedServing | None:
        # One prepared statement on the session's asyncpg connection: no statement building, and
        # as it is the unit of work's only statement on a 304, no BEGIN and COMMIT either (a
        # single statement reads one snapshot on its own).
        row = await (await asyncpg_connection(self.session)).fetchrow(_SERVING, token_sha256, reference_scope, now)
        if row is None:
            return None
        return FeedServing(
            feed=_feed(RecordRow(row)),
            token_sha256=bytes(row["token_sha256"]),
            version=FeedVersion(
                scope=row["scope_revision"] or 0,
                reference=row["reference_revision"] or 0,
                expired_through=row["expired_through"],
                ended_through=row["ended_through"],
                on_duty=int(row["on_duty_revision"] or 0),
            ),
            enterprise_name=row["enterprise_name"],
            person_name=row["person_name"],
            person_language=row["person_language"],
            preferred_language=row["preferred_language"],
            preferred_offsets=tuple(row["preferred_offsets"]) if row["preferred_offsets"] is not None else None,
        )

    async def page(
        self,
        where: FeedFilter,
        *,
        visible: Visible,
        after: tuple[datetime, uuid.UUID] | None,
        order: Order,
        limit: int,
    ) -> list[FeedSubscription]:
        c = feed_subscriptions.c
        query = select(*_PUBLIC)
        if (narrowed := visible_feeds(visible)) is not None:
            query = query.where(narrowed)
        if where.kind:
            query = query.where(c.kind == where.kind)
        if where.staff_id:
            query = query.where(c.staff_id == where.staff_id)
        if where.enterprise_id:
            query = query.where(c.enterprise_id == where.enterprise_id)
        if where.duty_type:
            query = query.where(c.duty_type == where.duty_type)
        if where.revoked is not None:
            query = query.where(c.revoked_at.isnot(None) if where.revoked else c.revoked_at.is_(None))
        query = keyset_page(query, c.created_at, c.id, after=after, order=order, limit=limit)
        return [_feed(r) for r in (await self.session.execute(query)).all()]

    async def subject(self, feed_id: uuid.UUID) -> FeedSubject | None:
        c = feed_subscriptions.c
        row = (
            await self.session.execute(
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
