"""Whether audit's answers may be behind roster (domain.behind), from roster's `GET /outbox`: one small call per
page that reads audit's coverage, its answer kept a few seconds in this portal replica (`OutboxSeen`) so that a
busy inspector's clicks do not each ask again.

The notice is a help, never a reason to fail a page: when roster refuses the question or does not answer, the
page says nothing extra (the page's own calls meet the same trouble and say it as they always do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.behind import Behind, audit_behind

KEPT = timedelta(seconds=5)
"""How long roster's answer about its outbox is believed before it is asked again."""


@dataclass(frozen=True)
class Outbox:
    """Roster's outbox as `GET /outbox` says it: how many changes wait, and since when the oldest has — on the
    portal's clock (the time asked less the wait roster measured), so that an answer kept a few seconds still says
    the wait at the moment it is read."""

    pending: int
    since: datetime | None


@dataclass
class OutboxSeen:
    """Roster's last answers about its outbox in this replica, one per role (roster decides who may ask, so an
    answer — or a refusal, kept as None — is shared only by accounts of the role it was given to), each believed
    for `kept`."""

    kept: timedelta = KEPT
    _answers: dict[str, tuple[datetime, Outbox | None]] = field(default_factory=dict)

    def get(self, role: str, *, now: datetime) -> tuple[bool, Outbox | None]:
        """(whether an answer for `role` is still believed at `now`, that answer)."""
        seen = self._answers.get(role)
        if seen is None or not (seen[0] <= now < seen[0] + self.kept):
            return False, None
        return True, seen[1]

    def put(self, role: str, outbox: Outbox | None, *, now: datetime) -> None:
        self._answers[role] = (now, outbox)


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


async def audit_behind_roster(caller: Caller, *, seen: OutboxSeen, threshold: timedelta) -> Behind | None:
    """What the page says about changes audit has not received yet (None: nothing to say)."""
    found, now = await outbox(caller, seen), caller.clock()
    if found is None:
        return None
    waited = now - found.since if found.since is not None else None
    return audit_behind(found.pending, waited, now=now, threshold=threshold)
