"""A signed-in person as the portal remembers them between requests.

Rules:
- The portal keeps the person's own tokens from roster and nothing it could use to grant
  more: what a page shows is what roster, notifier and audit answer to those tokens.
- A session has an id of its own, made new at every sign-in (no session fixation), and a
  CSRF secret of its own, so a token from one session is worthless in another.
- The access token is renewed shortly before it expires (`needs_renewal`), not after a
  service has refused it, so a page rarely pays for a failed call.
- Whether the sign-in still goes on is asked of roster (`needs_check`): access tokens are
  checked without state by the services, so a copy of a cookie would otherwise outlive the
  sign-out or password change that ended its sign-in by the token's lifetime. `checked_at`
  says when roster last said "alive"; the check is due when it is older than the portal's
  interval (every request when the interval is 0).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

# Renew this long before the access token runs out, so a request in flight never carries a dead token.
RENEW_MARGIN = timedelta(seconds=60)


@dataclass(frozen=True)
class Account:
    """Who the person is, as roster's `/auth/me` says: used to choose menus, never to decide access."""

    id: str
    login: str
    display_name: str
    role: str
    enterprise_ids: tuple[str, ...] = ()
    staff_id: str | None = None
    secret_from_admin: bool = False
    """Roster says an administrator set the password and its owner has not changed it: every page asks them to."""

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Account:
        return cls(
            id=str(body["id"]),
            login=str(body["login"]),
            display_name=str(body["display_name"]),
            role=str(body["role"]),
            enterprise_ids=tuple(str(e) for e in body.get("enterprise_ids") or ()),
            staff_id=str(body["staff_id"]) if body.get("staff_id") else None,
            secret_from_admin=bool(body.get("secret_from_admin")),
        )


@dataclass(frozen=True)
class Session:
    account: Account
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    started_at: datetime
    id: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    csrf_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    checked_at: datetime | None = None  # when roster last said the sign-in goes on (None: never)
    lang: str | None = None
    """The language the person's messages go in (notifier's, at sign-in): the pages' language in a browser
    where nobody chose one with the switch (the switch's cookie wins); None: not known."""

    def needs_check(self, now: datetime, *, every: timedelta) -> bool:
        """Whether to ask roster again if the sign-in goes on: always when `every` is zero, when
        it was never asked, when the last answer is `every` old, or when it seems to come from
        the future (another replica's clock ahead of this one's)."""
        if every <= timedelta(0) or self.checked_at is None:
            return True
        return not (self.checked_at <= now < self.checked_at + every)

    def checked(self, now: datetime) -> Session:
        """The same session, roster having just said that its sign-in goes on."""
        return replace(self, checked_at=now)

    def needs_renewal(self, now: datetime) -> bool:
        return now >= self.access_expires_at - RENEW_MARGIN

    def over(self, now: datetime, *, max_age: timedelta) -> bool:
        """A session ends after `max_age` whatever happens to its tokens."""
        return now >= self.started_at + max_age

    def renewed(
        self, *, access_token: str, access_expires_at: datetime, refresh_token: str, account: Account
    ) -> Session:
        """The same session (same id and CSRF secret) with the next pair of tokens."""
        return replace(
            self,
            access_token=access_token,
            access_expires_at=access_expires_at,
            refresh_token=refresh_token,
            account=account,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["access_expires_at"] = self.access_expires_at.isoformat()
        data["started_at"] = self.started_at.isoformat()
        data["checked_at"] = self.checked_at.isoformat() if self.checked_at is not None else None
        data["account"]["enterprise_ids"] = list(self.account.enterprise_ids)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        account = dict(data["account"])
        account["enterprise_ids"] = tuple(account.get("enterprise_ids") or ())
        return cls(
            account=Account(**account),
            access_token=data["access_token"],
            access_expires_at=datetime.fromisoformat(data["access_expires_at"]),
            refresh_token=data["refresh_token"],
            started_at=datetime.fromisoformat(data["started_at"]),
            id=data["id"],
            csrf_secret=data["csrf_secret"],
            checked_at=datetime.fromisoformat(data["checked_at"]) if data.get("checked_at") else None,
            lang=data.get("lang"),
        )


def new_session(
    *, account: Account, access_token: str, expires_in: int, refresh_token: str, now: datetime, lang: str | None = None
) -> Session:
    """A fresh session after a sign-in: a new id and a new CSRF secret."""
    return Session(
        account=account,
        access_token=access_token,
        access_expires_at=now + timedelta(seconds=expires_in),
        refresh_token=refresh_token,
        started_at=now,
        checked_at=now,  # roster has just signed the person in
        lang=lang,
    )
