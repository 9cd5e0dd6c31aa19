"""Calendar feed subscriptions (create, list, rotate, revoke) and serving a feed by its token.

A token is shown once, when it is issued; the database keeps its SHA-256 digest only.
Serving a feed is a token look-up, a validator read (the revisions of the feed's scope
and of reference data, bumped in the same transactions as the changes they cover), and
then either this replica's cached bytes (shared by every subscription to the same feed)
or a fresh render. The ETag is a hash of
the exact bytes, so every replica gives the same ETag for the same content.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.tables import enterprises, feed_entries, feed_scopes, feed_subscriptions, preferences, staff
from ..domain import tokens
from ..domain.calendar import FeedSpec, render_feed
from ..domain.texts import Lang, duty_type_name, message_texts
from .context import Context
from .ownership import Viewer
from .paging import Order, page, split
from .readmodel import REFERENCE_SCOPE, enterprise_scope, person_scope
from .views import entries_with_names, to_feed_entry

log = logging.getLogger(__name__)


class FeedNotFound(LookupError):
    """No feed subscription has this id."""


class FeedRevoked(Exception):
    """The subscription was revoked; it cannot be rotated (create a new one)."""


@dataclass(frozen=True)
class NewFeed:
    kind: str  # person | enterprise | duty
    staff_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    duty_type: str | None = None
    language: Lang | None = None
    label: str | None = None
    created_by: str | None = None  # the account that issued it


@dataclass(frozen=True)
class IssuedFeed:
    """A subscription with its token, as returned once when the token is issued."""

    row: dict
    token: str
    url: str
    webcal_url: str


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str
    validator: tuple
    valid_until: datetime | None


def _issue() -> tuple[str, bytes, str]:
    token = secrets.token_urlsafe(tokens.TOKEN_BYTES)
    return token, tokens.digest(token), token[:6]


def _issued(ctx: Context, row: dict, token: str) -> IssuedFeed:
    url, webcal = tokens.feed_links(ctx.settings.public_base_url, token)
    return IssuedFeed(row=row, token=token, url=url, webcal_url=webcal)


_PUBLIC = [c for c in feed_subscriptions.c if c.name != "token_sha256"]


async def create_feed(*, ctx: Context, new: NewFeed) -> IssuedFeed:
    token, digest, prefix = _issue()
    row = {
        "id": uuid.uuid4(),
        "kind": new.kind,
        "staff_id": new.staff_id,
        "enterprise_id": new.enterprise_id,
        "duty_type": new.duty_type,
        "language": new.language,
        "label": new.label,
        "token_sha256": digest,
        "token_prefix": prefix,
        "created_at": ctx.clock(),
        "rotated_at": None,
        "revoked_at": None,
        "created_by": new.created_by,
        "revoked_by": None,
    }
    async with ctx.sessions.begin() as session:
        await session.execute(feed_subscriptions.insert().values(**row))
    row.pop("token_sha256")
    return _issued(ctx, row, token)


async def get_feed(*, ctx: Context, feed_id: uuid.UUID) -> dict | None:
    async with ctx.sessions() as session:
        row = (await session.execute(select(*_PUBLIC).where(feed_subscriptions.c.id == feed_id))).mappings().first()
    return dict(row) if row else None


async def list_feeds(
    *,
    ctx: Context,
    kind: str | None = None,
    staff_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    revoked: bool | None = None,
    cursor: str | None = None,
    order: Order = "asc",
    limit: int = 50,
    viewer: Viewer,
) -> tuple[list[dict], str | None]:
    """Subscriptions matching the filters, among those ``viewer`` may see."""
    query = select(*_PUBLIC)
    if (visible := viewer.feeds()) is not None:
        query = query.where(visible)
    if kind:
        query = query.where(feed_subscriptions.c.kind == kind)
    if staff_id:
        query = query.where(feed_subscriptions.c.staff_id == staff_id)
    if enterprise_id:
        query = query.where(feed_subscriptions.c.enterprise_id == enterprise_id)
    if duty_type:
        query = query.where(feed_subscriptions.c.duty_type == duty_type)
    if revoked is not None:
        query = query.where(
            feed_subscriptions.c.revoked_at.isnot(None) if revoked else feed_subscriptions.c.revoked_at.is_(None)
        )
    query = page(
        query, feed_subscriptions.c.created_at, feed_subscriptions.c.id, cursor=cursor, order=order, limit=limit
    )
    async with ctx.sessions() as session:
        rows = (await session.execute(query)).mappings().all()
    items, next_cursor = split(list(rows), limit)
    return [dict(r) for r in items], next_cursor


async def _locked(session: AsyncSession, feed_id: uuid.UUID):
    row = (
        await session.execute(select(feed_subscriptions).where(feed_subscriptions.c.id == feed_id).with_for_update())
    ).first()
    if row is None:
        raise FeedNotFound(feed_id)
    return row


async def rotate_feed(*, ctx: Context, feed_id: uuid.UUID) -> IssuedFeed:
    """A new token for the same feed; the old link stops working at once."""
    token, digest, prefix = _issue()
    async with ctx.sessions.begin() as session:
        row = await _locked(session, feed_id)
        if row.revoked_at is not None:
            raise FeedRevoked(feed_id)
        await session.execute(
            update(feed_subscriptions)
            .where(feed_subscriptions.c.id == feed_id)
            .values(token_sha256=digest, token_prefix=prefix, rotated_at=ctx.clock())
        )
        fresh = (await session.execute(select(*_PUBLIC).where(feed_subscriptions.c.id == feed_id))).mappings().one()
    return _issued(ctx, dict(fresh), token)


async def revoke_feed(*, ctx: Context, feed_id: uuid.UUID, revoked_by: str | None = None) -> dict:
    """Revoke for good (idempotent): the link answers 404 from now on. The first revocation is the one
    recorded (when, and by which account: the person, or their manager after a leak)."""
    async with ctx.sessions.begin() as session:
        row = await _locked(session, feed_id)
        if row.revoked_at is None:
            await session.execute(
                update(feed_subscriptions)
                .where(feed_subscriptions.c.id == feed_id)
                .values(revoked_at=ctx.clock(), revoked_by=revoked_by)
            )
        fresh = (await session.execute(select(*_PUBLIC).where(feed_subscriptions.c.id == feed_id))).mappings().one()
    return dict(fresh)


# --- serving ------------------------------------------------------------------------------------


def _scope(sub) -> str:
    return person_scope(sub.staff_id) if sub.kind == "person" else enterprise_scope(sub.enterprise_id)


def _calendar_id(sub) -> str:
    """The calendar's own UID: the same for every subscription to the same feed, so that they share
    one rendering (and one ETag)."""
    if sub.kind == "person":
        return f"person-{sub.staff_id}"
    if sub.kind == "duty":
        return f"enterprise-{sub.enterprise_id}-{sub.duty_type}"
    return f"enterprise-{sub.enterprise_id}"


def etag_of(body: bytes) -> str:
    """A strong ETag: the SHA-256 of the exact bytes (the same on every replica)."""
    return '"' + base64.urlsafe_b64encode(hashlib.sha256(body).digest()).decode().rstrip("=") + '"'


async def _title_and_lang(session: AsyncSession, sub) -> tuple[str, Lang]:
    if sub.kind == "person":
        person = (
            await session.execute(select(staff.c.full_name, staff.c.language).where(staff.c.staff_id == sub.staff_id))
        ).first()
        chosen = (
            await session.execute(select(preferences.c.language).where(preferences.c.staff_id == sub.staff_id))
        ).scalar_one_or_none()
        lang: Lang = sub.language or chosen or (person.language if person is not None else None) or "vi"
        title = message_texts(lang).feed_title
        return (f"{title} — {person.full_name}" if person is not None else title), lang
    lang = sub.language or "vi"
    words = message_texts(lang)
    name = (
        await session.execute(select(enterprises.c.name).where(enterprises.c.enterprise_id == sub.enterprise_id))
    ).scalar_one_or_none()
    title = f"{words.feed_title} — {name or words.unknown_enterprise}"
    if sub.kind == "duty":
        title += f" — {duty_type_name(sub.duty_type, lang)}"
    return title, lang


async def _render(session: AsyncSession, ctx: Context, sub, validator: tuple, now: datetime) -> RenderedFeed:
    title, lang = await _title_and_lang(session, sub)
    shown = or_(feed_entries.c.status == "confirmed", feed_entries.c.retain_until > now)
    query = entries_with_names().where(shown)
    if sub.kind == "person":
        query = query.where(feed_entries.c.staff_id == sub.staff_id)
    else:
        query = query.where(feed_entries.c.staff_id.is_(None), feed_entries.c.enterprise_id == sub.enterprise_id)
        if sub.kind == "duty":
            query = query.where(feed_entries.c.duty_type == sub.duty_type)
    rows = (await session.execute(query)).all()
    expiries = [r.retain_until for r in rows if r.status == "cancelled" and r.retain_until is not None]
    spec = FeedSpec(
        name=title,
        lang=lang,
        feed_id=_calendar_id(sub),
        refresh_interval=timedelta(minutes=ctx.settings.feed_refresh_minutes),
    )
    entries = []
    for r in rows:
        try:
            entries.append(to_feed_entry(r, lang))
        except ValueError as exc:  # e.g. a shift ending before it starts: leave it out, keep the feed
            log.warning("feed %s: entry %s left out: %s", spec.feed_id, r.entry_key, exc)
    body = render_feed(spec, entries)
    return RenderedFeed(body=body, etag=etag_of(body), validator=validator, valid_until=min(expiries, default=None))


async def feed_for_token(*, ctx: Context, token: str) -> RenderedFeed | None:
    """The feed behind ``token``, or None if no active subscription has it (unknown, rotated, revoked)."""
    if not tokens.looks_like_token(token):
        return None
    now = ctx.clock()
    async with ctx.sessions() as session:
        sub = (
            await session.execute(
                select(feed_subscriptions).where(
                    feed_subscriptions.c.token_sha256 == tokens.digest(token), feed_subscriptions.c.revoked_at.is_(None)
                )
            )
        ).first()
        if sub is None or not tokens.matches(sub.token_sha256, token):
            return None
        # Read the validator before the content: a change committed in between makes the
        # cached copy look older than it is (one extra render), never newer.
        scope = _scope(sub)
        revisions = dict(
            (
                await session.execute(
                    select(feed_scopes.c.scope, feed_scopes.c.revision).where(
                        feed_scopes.c.scope.in_([scope, REFERENCE_SCOPE])
                    )
                )
            ).all()
        )
        validator = (revisions.get(scope, 0), revisions.get(REFERENCE_SCOPE, 0))
        # Subscriptions to the same feed share one rendering; only an explicit language sets them apart.
        key = (_calendar_id(sub), sub.language)
        cached: RenderedFeed | None = ctx.feed_cache.get(key)
        if (
            cached is not None
            and cached.validator == validator
            and (cached.valid_until is None or now < cached.valid_until)
        ):
            return cached
        rendered = await _render(session, ctx, sub, validator, now)
    ctx.feed_cache.put(key, rendered)
    return rendered
