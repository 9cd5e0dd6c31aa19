"""Whether audit's answers may be behind (domain.behind), from roster's `GET /outbox` and audit's `GET /lag`: two
small calls, side by side, per page that reads audit's coverage, each answer kept a few seconds in this portal
replica (`Seen`) so that a busy inspector's clicks do not each ask again.

The notice is a help, never a reason to fail a page: when roster refuses the question or does not answer, the
page says nothing extra about its outbox (the page's own calls meet the same trouble and say it as they always
do). Audit is the one the figures come from: when it does not answer how far behind it is (unreachable, 503, a
server error), the page says that the figures cannot be checked as current; a refusal or an answer it cannot read
says nothing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.behind import Behind, Notices, audit_behind, read_long_ago

KEPT = timedelta(seconds=5)
"""How long roster's answer about its outbox (audit's about its lag) is believed before it is asked again."""

T = TypeVar("T")


@dataclass(frozen=True)
class Outbox:
    """Roster's outbox as `GET /outbox` says it: how many changes wait, and since when the oldest has — on the
    portal's clock (the time asked less the wait roster measured), so that an answer kept a few seconds still says
    the wait at the moment it is read."""

    pending: int
    since: datetime | None


@dataclass(frozen=True)
class Lag:
    """Audit's consumer as `GET /lag` says it: how many records on Kafka it has not applied yet, and since when the
    oldest has waited (on the portal's clock, as `Outbox.since`). `answered` False: audit did not say."""

    pending: int
    since: datetime | None
    answered: bool = True
    read_at: datetime | None = None
    """When audit read these figures from Kafka, on the portal's clock (the time asked less `read_seconds_ago`)."""


@dataclass
class Seen(Generic[T]):
    """A service's last answers about its backlog in this replica, one per role (the service decides who may ask,
    so an answer — or a refusal, kept as None — is shared only by accounts of the role it was given to), each
    believed for `kept`."""

    kept: timedelta = KEPT
    _answers: dict[str, tuple[datetime, T | None]] = field(default_factory=dict)

    def get(self, role: str, *, now: datetime) -> tuple[bool, T | None]:
        """(whether an answer for `role` is still believed at `now`, that answer)."""
        seen = self._answers.get(role)
        if seen is None or not (seen[0] <= now < seen[0] + self.kept):
            return False, None
        return True, seen[1]

    def put(self, role: str, answer: T | None, *, now: datetime) -> None:
        self._answers[role] = (now, answer)


OutboxSeen = Seen[Outbox]
LagSeen = Seen[Lag]


@dataclass
class BacklogSeen:
    """Both answers the notice is made of, as this replica last saw them."""

    outbox: OutboxSeen = field(default_factory=OutboxSeen)
    lag: LagSeen = field(default_factory=LagSeen)


async def outbox(caller: Caller, seen: OutboxSeen) -> Outbox | None:
    """Roster's outbox as the signed-in person may read it (None: roster refused or did not answer)."""
    role, now = caller.session.account.role, caller.clock()
    fresh, known = seen.get(role, now=now)
    if fresh:
        return known
    try:
        body = await caller.get("roster", "/outbox")
        waited = body.get("oldest_pending_seconds")
        known = Outbox(int(body["pending"]), now - timedelta(seconds=float(waited)) if waited is not None else None)
    except (ServiceError, ServiceUnavailable, ValueError, KeyError, TypeError, AttributeError):
        known = None
    seen.put(role, known, now=now)
    return known


async def lag(caller: Caller, seen: LagSeen) -> Lag | None:
    """Audit's lag as the signed-in person may read it (None: audit refused, or answered what cannot be read;
    `answered` False: it did not answer, or failed)."""
    role, now = caller.session.account.role, caller.clock()
    fresh, known = seen.get(role, now=now)
    if fresh:
        return known
    try:
        body = await caller.get("audit", "/lag")
        waited, ago = body.get("oldest_pending_seconds"), body.get("read_seconds_ago")
        known = Lag(
            int(body["pending"]),
            now - timedelta(seconds=float(waited)) if waited is not None else None,
            read_at=now - timedelta(seconds=float(ago)) if ago is not None else None,
        )
    except ServiceUnavailable:
        known = Lag(0, None, answered=False)
    except ServiceError as exc:
        known = Lag(0, None, answered=False) if exc.status >= 500 else None
    except (ValueError, KeyError, TypeError, AttributeError):
        known = None
    seen.put(role, known, now=now)
    return known


def _behind(pending: int, since: datetime | None, *, now: datetime, threshold: timedelta) -> Behind | None:
    return audit_behind(pending, now - since if since is not None else None, now=now, threshold=threshold)


async def coverage_notices(caller: Caller, *, seen: BacklogSeen, threshold: timedelta) -> Notices:
    """What a page reading audit's coverage says above it: roster's changes not handed on and the records audit
    has not read, each when its oldest has waited over `threshold`, or that audit did not say, and when audit read
    its figures if that is over a minute before (both asked at once)."""
    found_outbox, found_lag = await asyncio.gather(outbox(caller, seen.outbox), lag(caller, seen.lag))
    now = caller.clock()
    return Notices(
        outbox=_behind(found_outbox.pending, found_outbox.since, now=now, threshold=threshold)
        if found_outbox
        else None,
        unread=_behind(found_lag.pending, found_lag.since, now=now, threshold=threshold) if found_lag else None,
        unknown=found_lag is not None and not found_lag.answered,
        read_at=read_long_ago(found_lag.read_at, now=now) if found_lag else None,
    )
