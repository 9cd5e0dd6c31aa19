"""Accounts: who may sign in, with which role, for which enterprises. Registered with
`lichtruc.events` on import (that module imports this one at its end), published by roster on
the roster topic, so that audit's log holds who could act for whom and when that changed —
the names that the other events' `actor` gives are then backed by the log itself.

- Key: the account id (an account plans for several enterprises, or for none: the Department's
  administrators and inspectors), so that one account's events stay in order.
- Every event carries the account's whole state after the change (what a consumer shows, no
  call back to roster) and its version: 1 at creation, +1 for each change published (a
  sign-in moves no version, and publishes nothing). Audit records a skipped version as a sequence
  gap, as for roster's other aggregates (`AccountRecorded` seen first starts an account's history).
- No secret is ever in an event: a new password is said (`changed` holds "password"), never shown.
- `PasswordResetRequested` is no change of the account (no version): someone at the sign-in page asked the
  Department to set a new password for an active account; it names the account and when, nothing secret (there
  is no token: an administrator calls the person back and sets the password on the account's page).
- Accounts that existed before roster published these events have none until their next change,
  or until `python -m roster publish-accounts` records each account as it stands (`AccountRecorded`).
"""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from .events import EventData

AccountRole = Literal["admin", "manager", "staff", "inspector"]
AccountField = Literal["display_name", "role", "enterprise_ids", "staff_id", "active", "password"]
MAX_ACCOUNT_ENTERPRISES = 50
"""As many enterprises as roster lets one manager account plan for."""


class AccountEvent(EventData):
    """An account's whole state after a change (not registered: its subclasses are the events)."""

    account_id: uuid.UUID
    login: str = Field(min_length=3, max_length=200, description="the e-mail address it signs in with")
    display_name: str = Field(min_length=1, max_length=200, examples=["Nguyễn Văn Hùng"])
    role: AccountRole
    enterprise_ids: tuple[uuid.UUID, ...] = Field(
        default=(),
        max_length=MAX_ACCOUNT_ENTERPRISES,
        description="the enterprises it acts for: a manager's own, a staff account's record's; none for the others",
    )
    staff_id: uuid.UUID | None = Field(default=None, description="a staff account's staff record")
    active: bool = Field(description="false: it can no longer sign in")
    version: int = Field(ge=1)
    actor: str | None = Field(
        default=None, max_length=200, description="who made the change ('command line' for the server's CLI)"
    )


class AccountCreated(AccountEvent):
    """An account was created (by an administrator, or the first one on the server's command line)."""

    event_type: ClassVar[str] = "lichtruc.roster.account.created.v1"


class AccountChanged(AccountEvent):
    """An account was changed: its name, role and scope, active flag, or password."""

    event_type: ClassVar[str] = "lichtruc.roster.account.changed.v1"

    changed: tuple[AccountField, ...] = Field(
        min_length=1,
        description="what changed, in this order: display_name, role, enterprise_ids, staff_id, active, password",
    )


class AccountRecorded(AccountEvent):
    """An account as it stands, recorded on the server's command line (`python -m roster publish-accounts`):
    how an account made before roster published account events enters the log. Its version is the
    account's own (a later change publishes the next); it says nothing about when the account was made."""

    event_type: ClassVar[str] = "lichtruc.roster.account.recorded.v1"


class PasswordResetRequested(EventData):
    """Someone asked at the portal's sign-in page ("Quên mật khẩu?") for a new password of this active account
    (QZ29 #15): notifier mails the Department's active administrators, who call the person back and set one
    (`AccountChanged` with "password" closes the request). Not an account's change: no version, no state but who
    the account is, so that the mail names the person; never a password, a token or the asker's address."""

    event_type: ClassVar[str] = "lichtruc.roster.account.password_reset_requested.v1"

    account_id: uuid.UUID
    login: str = Field(min_length=3, max_length=200, description="the e-mail address it signs in with")
    display_name: str = Field(min_length=1, max_length=200, examples=["Nguyễn Văn Hùng"])
    role: AccountRole
    enterprise_ids: tuple[uuid.UUID, ...] = Field(
        default=(),
        max_length=MAX_ACCOUNT_ENTERPRISES,
        description="the enterprises it acts for: a manager's own, a staff account's record's; none for the others",
    )
    staff_id: uuid.UUID | None = Field(default=None, description="a staff account's staff record")
    requested_at: AwareDatetime = Field(description="when this request was made")
    open_since: AwareDatetime = Field(
        description="when the account's request still open was first made (this one's time, or an earlier request's "
        "asked again)"
    )
