"""Calendar feed subscriptions (create, list, rotate, revoke) and serving a feed by its token.

A token is shown once, when it is issued; the database keeps its SHA-256 digest only.
Serving a feed is a token look-up, a version read (`FeedVersion`: the revisions of the
feed's scope and of reference data, bumped in the same transactions as the changes they
cover, of a person's feed those of who is on duty at its enterprises (of an enterprise's or a duty type's feed, its
enterprise's), and the latest retention end
already passed among its cancelled entries — one round trip), and then a 304 if the client has that version, else this replica's cached bytes (shared
by every subscription to the same feed) or a fresh render.

The ETag is computed from that version, the feed's identity, language, title and alarm offsets,
and the format, never from the body: the content is a function of exactly these, so every replica
gives the same ETag for the same content, and a conditional request is answered without
reading or rendering any entry.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..db.uow import UnitOfWork
from ..domain import tokens
from ..domain.calendar import FeedSpec, render_feed
from ..domain.entries import REFERENCE_SCOPE
from ..domain.errors import FeedNotFound, FeedRevoked, FeedSubscriptionNotFound
from ..domain.model import FeedFilter, FeedServing, FeedSubscription, FeedVersion
from ..domain.on_duty import OnDuty
from ..domain.texts import Lang, check_lang, duty_type_name, message_texts
from ..domain.views import feed_entries_of
from .context import Context, Order, cursor_kind

log = logging.getLogger(__name__)


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

    feed: FeedSubscription
    token: str
    url: str
    webcal_url: str


@dataclass(frozen=True)
class RenderedFeed:
    body: bytes
    etag: str
    version: FeedVersion


def _issue() -> tuple[str, bytes, str]:
    token = secrets.token_urlsafe(tokens.TOKEN_BYTES)
    return token, tokens.digest(token), token[:6]


def _issued(ctx: Context, *, feed: FeedSubscription, token: str) -> IssuedFeed:
    url, webcal = tokens.feed_links(ctx.settings.public_base_url, token)
    return IssuedFeed(feed=feed, token=token, url=url, webcal_url=webcal)


async def create_feed(*, ctx: Context, new: NewFeed) -> IssuedFeed:
    token, digest, prefix = _issue()
    feed = FeedSubscription(
        id=uuid.uuid4(),
        kind=new.kind,
        staff_id=new.staff_id,
        enterprise_id=new.enterprise_id,
        duty_type=new.duty_type,
        language=new.language,
        label=new.label,
        token_prefix=prefix,
        created_at=ctx.clock(),
        created_by=new.created_by,
    )
    async with ctx.uow() as uow:
        await uow.feeds.add(feed, token_sha256=digest)
    return _issued(ctx, feed=feed, token=token)


async def get_feed(*, ctx: Context, feed_id: uuid.UUID) -> FeedSubscription:
    async with ctx.uow() as uow:
        feed = await uow.feeds.get(feed_id)
    if feed is None:
        raise FeedSubscriptionNotFound()
    return feed


async def list_feeds(
    *, ctx: Context, where: FeedFilter, visible: Visible, page: PageRequest, order: Order = "asc"
) -> Slice[FeedSubscription]:
    """Subscriptions matching the filters, among those ``visible`` to the caller, in (created_at, id) order."""
    kind = cursor_kind("feeds", order)
    after = page.after(kind, datetime, uuid.UUID)
    async with ctx.uow() as uow:
        rows = await uow.feeds.page(
            where, visible=visible, after=(after[0], after[1]) if after else None, order=order, limit=page.limit
        )
    return keyset(rows, page.limit, kind, lambda f: (f.created_at, f.id))


async def rotate_feed(*, ctx: Context, feed_id: uuid.UUID) -> IssuedFeed:
    """A new token for the same feed; the old link stops working at once."""
    token, digest, prefix = _issue()
    async with ctx.uow() as uow:
        feed = await uow.feeds.get_for_update(feed_id)
        if feed is None:
            raise FeedSubscriptionNotFound()
        if feed.revoked_at is not None:
            raise FeedRevoked(feed.label)
        await uow.feeds.set_token(feed_id, token_sha256=digest, token_prefix=prefix, at=ctx.clock())
        fresh = await uow.feeds.get(feed_id)
    assert fresh is not None
    return _issued(ctx, feed=fresh, token=token)


async def revoke_feed(*, ctx: Context, feed_id: uuid.UUID, revoked_by: str | None = None) -> FeedSubscription:
    """Revoke for good (idempotent): the link answers 404 from now on. The first revocation is the one
    recorded (when, and by which account: the person, or their manager after a leak)."""
    async with ctx.uow() as uow:
        feed = await uow.feeds.get_for_update(feed_id)
        if feed is None:
            raise FeedSubscriptionNotFound()
        if feed.revoked_at is None:
            await uow.feeds.revoke(feed_id, at=ctx.clock(), by=revoked_by)
        fresh = await uow.feeds.get(feed_id)
    assert fresh is not None
    return fresh


# --- serving ------------------------------------------------------------------------------------


def _calendar_id(sub: FeedSubscription) -> str:
    """The calendar's own UID: the same for every subscription to the same feed, so that they share
    one rendering (and one ETag)."""
    if sub.kind == "person":
        return f"person-{sub.staff_id}"
    if sub.kind == "duty":
        return f"enterprise-{sub.enterprise_id}-{sub.duty_type}"
    return f"enterprise-{sub.enterprise_id}"


# Part of every ETag: a change of what the serialiser writes for the same data changes it.
# 3: a drill's events are marked ("[Diễn tập]", CATEGORIES, the description's first line).
# 4: a person's events carry their reminders as alarms (VALARM).
# 5: a handed-over event's Vietnamese description says "Anh/chị", as the mails do (was "Bạn").
# 6: a person's shifts already over carry no alarms (the latest end passed is a part of the ETag).
# 7: an overnight shift's lunar days "29 tháng Chạp → Mùng 1 Tết, giao thừa"; a person's events name the duty
#    leader on duty ("Trực lãnh đạo: …", the leaders' revision is a part of the ETag).
# 8: an enterprise's and a duty type's events name the duty leader on duty too (their enterprise's leaders' revision
#    a part of the ETag).
# 9: a person's events say who else is on duty during them, as the portal's "Cùng trực" (the on-duty scopes'
#    revision a part of the ETag), and every event links to its shift on the portal (URL).
FEED_FORMAT = "lichtruc-feed-9"


def etag_of(*parts: object) -> str:
    """A strong ETag from what the content is a function of (the same on every replica)."""
    text = "\n".join(str(p) for p in (FEED_FORMAT, *parts))
    return '"' + base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).decode().rstrip("=") + '"'


@dataclass(frozen=True)
class NotModified:
    """The client's copy is current (its If-None-Match holds this ETag)."""

    etag: str


def _title_and_lang(found: FeedServing) -> tuple[str, Lang]:
    sub = found.feed
    if sub.kind == "person" and sub.staff_id is not None:
        known = found.person_name is not None
        # As domain.preferences.chosen_language: their choice here, else roster's, else Vietnamese.
        chosen = found.preferred_language or ((found.person_language or "") if known else "vi")
        lang = check_lang(sub.language or chosen)
        title = message_texts(lang).feed_title
        return (f"{title} — {found.person_name}" if known else title), lang
    lang = check_lang(sub.language or "vi")
    words = message_texts(lang)
    title = f"{words.feed_title} — {found.enterprise_name if found.enterprise_name is not None else words.unknown_enterprise}"
    if sub.kind == "duty" and sub.duty_type is not None:
        title += f" — {duty_type_name(sub.duty_type, lang)}"
    return title, lang


def _alarm_offsets(found: FeedServing, default: tuple[int, ...]) -> tuple[int, ...]:
    """A person's feed reminds as they are reminded (their offsets, else the service's); an enterprise's or
    a duty type's feed reminds nobody."""
    if found.feed.kind != "person":
        return ()
    return found.preferred_offsets if found.preferred_offsets is not None else default


def _filter(sub: FeedSubscription) -> dict[str, Any]:
    if sub.kind == "person":
        return {"staff_id": sub.staff_id}
    return {"enterprise_id": sub.enterprise_id, "duty_type": sub.duty_type if sub.kind == "duty" else None}


async def _render(
    uow: UnitOfWork,
    *,
    spec: FeedSpec,
    sub: FeedSubscription,
    etag: str,
    version: FeedVersion,
    now: datetime,
    portal_url: str,
) -> RenderedFeed:
    rows = await uow.shifts.feed_rows(now=now, **_filter(sub))
    # A person's feed says who else is on duty during each shift, as the portal's "Cùng trực" (QZ29 #1; the duty
    # leader first, QZ26 #7); an enterprise's or a duty type's, who leads (R1's leftover): one read for the whole feed.
    on_duty: list[OnDuty] | None = None
    if sub.kind == "person" and sub.staff_id:
        on_duty = await uow.shifts.on_duty_of_person(sub.staff_id)
    elif sub.enterprise_id is not None:
        on_duty = await uow.shifts.leaders_of_enterprise(sub.enterprise_id)
    entries, refused = feed_entries_of(rows, spec.lang, on_duty=on_duty, portal_url=portal_url)
    for row, exc in refused:  # e.g. a shift ending before it starts: leave it out, keep the feed
        log.warning("feed %s: the entry of shift %s left out: %s", spec.feed_id, row.shift_id, exc)
    return RenderedFeed(body=render_feed(spec, entries), etag=etag, version=version)


def _never(etag: str) -> bool:
    return False


async def feed_for_token(
    *, ctx: Context, token: str, unchanged: Callable[[str], bool] = _never
) -> RenderedFeed | NotModified:
    """The feed behind ``token``, or `NotModified` when ``unchanged(etag)`` says the client holds
    the current one; `FeedNotFound` if no active subscription has the token (unknown, rotated, revoked: a revoked
    one's says so, in its owner's language)."""
    if not tokens.looks_like_token(token):
        raise FeedNotFound()
    now = ctx.clock()
    async with ctx.uow() as uow:
        # One round trip: the subscription, its version and its title's names. The version is
        # read before the content: a change committed in between makes the rendering look older
        # than it is (one extra render later), never newer.
        found = await uow.feeds.serving(tokens.digest(token), reference_scope=REFERENCE_SCOPE, now=now)
        if found is None or not tokens.matches(found.token_sha256, token):
            raise FeedNotFound()
        if found.feed.revoked_at is not None:  # a link once real, turned off: its holder may be told so
            raise FeedNotFound(revoked=True, lang=_title_and_lang(found)[1])
        sub, version = found.feed, found.version
        title, lang = _title_and_lang(found)
        offsets = _alarm_offsets(found, tuple(ctx.settings.reminder_offsets_minutes))
        spec = FeedSpec(
            name=title,
            lang=lang,
            feed_id=_calendar_id(sub),
            refresh_interval=timedelta(minutes=ctx.settings.feed_refresh_minutes),
            alarm_offsets_minutes=offsets,
            # Which shifts are over, as the version read it (not the clock): the ETag below holds it. A feed
            # without alarms does not depend on it, and its ETag does not change when a shift ends.
            ended_through=version.ended_through if offsets else None,
        )
        passed = version.expired_through.isoformat() if version.expired_through is not None else "-"
        # The alarms too: changing one's offsets bumps the person's scope, but the service's default
        # changes with a deployment, which bumps nothing.
        alarms = ",".join(map(str, spec.alarm_offsets_minutes))
        ended = spec.ended_through.isoformat() if spec.ended_through is not None else "-"
        etag = etag_of(
            spec.feed_id,
            lang,
            title,
            spec.refresh_interval,
            version.scope,
            version.reference,
            passed,
            alarms,
            ended,
            version.on_duty,
            ctx.settings.portal_url,  # each event's URL; a deployment changes it, which bumps nothing
        )
        if unchanged(etag):
            return NotModified(etag)
        # Subscriptions to the same feed share one rendering; only an explicit language sets them apart.
        key = (spec.feed_id, sub.language)
        cached: RenderedFeed | None = ctx.feed_cache.get(key)
        if cached is not None and cached.etag == etag:
            return cached
        rendered = await _render(
            uow, spec=spec, sub=sub, etag=etag, version=version, now=now, portal_url=ctx.settings.portal_url
        )
    ctx.feed_cache.put(key, rendered)
    return rendered
