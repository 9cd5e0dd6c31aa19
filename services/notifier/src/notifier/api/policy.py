"""Who may call which notifier route: the one place notifier decides access (see lichtruc.auth).

The feed itself (`/feeds/{token}.ics`) is open: its unguessable token is the credential.
Everything else needs an access token issued by roster.

Roles first; then, for managers and staff, the `scope` of a rule, decided with notifier's
own read model (which enterprise a staff member or a shift belongs to):

- a staff member reaches only their own person feeds, preferences, reminders and shifts — of
  their shifts, the published ones: a draft is hidden from them (`lichtruc.scope.Visible.drafts`),
  as their feeds leave it out;
- a manager reaches the feeds, deliveries, reminders and shifts of the enterprises they
  manage (a delivery concerning several enterprises, a readiness mail naming each, if they manage every
  one of them: another enterprise's items are not theirs to read), the deliveries addressed to them, and the person feeds and preferences of those enterprises' staff (so that a
  manager can revoke a leaked link of one of their people);
- inspectors read everything (their role allows no change here).

One feed, delivery or shift outside the caller's reach answers exactly as if it did not
exist: the route's own 404. Another person's preferences answer the generic 404 (to a
manager, so does a person notifier has not heard of: nothing ties them to an enterprise).
A list filtered on an enterprise or a person outside the caller's reach is refused (403);
unfiltered lists are narrowed by the repositories, by the caller's `Visible` (lichtruc.scope).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from fastapi import Request

from lichtruc.auth import ROLES, Principal, Role, Rule, allow, as_uuid, path_id, public, query_ids
from lichtruc.problems import Problem
from lichtruc.scope import Visible

from ..domain.errors import DeliveryNotFound, FeedSubscriptionNotFound, NotFound, ShiftNotKnown
from ..domain.model import FeedSubject, Owner
from ..handlers import Context, queries
from .problems import to_problem

EVERYONE = ROLES
SUBSCRIBERS: tuple[Role, ...] = ("admin", "manager", "staff")
READERS: tuple[Role, ...] = ("admin", "manager", "inspector")


def _ctx(request: Request) -> Context:
    return request.app.state.ctx


def _missing(error: Callable[[], NotFound]) -> Callable[[Request], Problem]:
    """The route's own not-found answer, given to a caller the item is hidden from."""
    return lambda request: to_problem(error())


async def _person_in_reach(request: Request, who: Principal, staff_id: uuid.UUID) -> bool:
    """The person is the caller, or on the staff of an enterprise the caller manages.
    A person notifier has not heard of cannot be tied to an enterprise: out of a manager's reach."""
    if who.sees_all() or who.is_staff(staff_id):
        return True
    if who.role != "manager":
        return False
    enterprise = await queries.staff_enterprise(ctx=_ctx(request), staff_id=staff_id)
    return enterprise is not None and who.manages(enterprise)


def _feed_in_reach(who: Principal, feed: FeedSubject) -> bool:
    if who.sees_all() or (feed.kind == "person" and feed.staff_id is not None and who.is_staff(feed.staff_id)):
        return True
    return feed.enterprise_id is not None and who.manages(feed.enterprise_id)


def _owner_in_reach(who: Principal, owner: Owner) -> bool:
    return (
        who.sees_all()
        or any(who.is_staff(s) for s in owner.staff_ids)
        or (owner.enterprise_id is not None and who.manages(owner.enterprise_id))
        or (bool(owner.enterprises) and all(who.manages(e) for e in owner.enterprises))
    )


async def _filters_in_reach(
    request: Request, who: Principal, *, people: Iterable[str] = (), enterprises: Iterable[str] = ()
) -> bool:
    for name in enterprises:
        if not all(who.sees_all() or who.manages(e) for e in query_ids(request, name)):
            return False
    for name in people:
        for staff_id in query_ids(request, name):
            if not await _person_in_reach(request, who, staff_id):
                return False
    return True


# --- feeds ---------------------------------------------------------------------------------------------


async def new_feed_in_reach(request: Request, who: Principal) -> bool:
    """A staff member issues links to their own shifts only; a manager to their enterprises' feeds and
    to their staff's. A body that does not parse is left to validation (422)."""
    try:
        body = await request.json()
    except ValueError:
        return True
    if not isinstance(body, dict):
        return True
    staff_id, enterprise_id = as_uuid(body.get("staff_id")), as_uuid(body.get("enterprise_id"))
    if body.get("kind") == "person":
        return staff_id is None or await _person_in_reach(request, who, staff_id)
    return enterprise_id is None or who.manages(enterprise_id)


async def feed_in_reach(request: Request, who: Principal) -> bool:
    """One feed subscription (read, rotate, revoke): see `new_feed_in_reach`; unknown ids pass (the
    handler answers its 404)."""
    feed_id = path_id(request, "feed_id")
    subject = await queries.feed_subject(ctx=_ctx(request), feed_id=feed_id) if feed_id is not None else None
    return subject is None or _feed_in_reach(who, subject)


async def feed_filters_in_reach(request: Request, who: Principal) -> bool:
    return await _filters_in_reach(request, who, people=["staff_id"], enterprises=["enterprise_id"])


# --- people, deliveries, reminders, shifts -----------------------------------------------------------


async def person_in_reach(request: Request, who: Principal) -> bool:
    """A person's preferences: their own, or of a staff member of an enterprise the caller manages."""
    staff_id = path_id(request, "staff_id")
    return staff_id is None or await _person_in_reach(request, who, staff_id)


async def delivery_in_reach(request: Request, who: Principal) -> bool:
    delivery_id = path_id(request, "delivery_id")
    owner = (
        await queries.delivery_owner(ctx=_ctx(request), delivery_id=delivery_id) if delivery_id is not None else None
    )
    return owner is None or _owner_in_reach(who, owner)


async def delivery_filters_in_reach(request: Request, who: Principal) -> bool:
    return await _filters_in_reach(request, who, people=["staff_id"], enterprises=["enterprise_id"])


async def reminder_filters_in_reach(request: Request, who: Principal) -> bool:
    return await _filters_in_reach(request, who, people=["staff_id"])


async def shift_in_reach(request: Request, who: Principal) -> bool:
    """A staff member sees a shift they are on, once published; a manager the shifts of their enterprises."""
    shift_id = path_id(request, "shift_id")
    owner = await queries.shift_owner(ctx=_ctx(request), shift_id=shift_id) if shift_id is not None else None
    if owner is None:
        return True
    return (Visible.to(who).drafts or not owner.draft) and _owner_in_reach(who, owner)


POLICY: dict[str, Rule] = {
    "serve_feed": public(),
    "create_feed": allow(*SUBSCRIBERS, scope=new_feed_in_reach),
    "list_feeds": allow(*EVERYONE, scope=feed_filters_in_reach),
    "get_feed": allow(*EVERYONE, scope=feed_in_reach, not_found=_missing(FeedSubscriptionNotFound)),
    "rotate_feed": allow(*SUBSCRIBERS, scope=feed_in_reach, not_found=_missing(FeedSubscriptionNotFound)),
    "revoke_feed": allow(*SUBSCRIBERS, scope=feed_in_reach, not_found=_missing(FeedSubscriptionNotFound)),
    "get_preferences": allow(*EVERYONE, scope=person_in_reach, hide=True),
    "put_preferences": allow(*SUBSCRIBERS, scope=person_in_reach, hide=True),
    "list_deliveries": allow(*READERS, scope=delivery_filters_in_reach),
    "get_delivery": allow(*READERS, scope=delivery_in_reach, not_found=_missing(DeliveryNotFound)),
    "list_reminders": allow(*EVERYONE, scope=reminder_filters_in_reach),
    "known_shift": allow(*EVERYONE, scope=shift_in_reach, not_found=_missing(ShiftNotKnown)),
}
