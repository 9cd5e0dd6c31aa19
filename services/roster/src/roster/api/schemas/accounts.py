"""Account and sign-in bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from lichtruc.auth import Role
from lichtruc.words import Invalid

from ...domain.accounts import LOGIN_MAX, PASSWORD_MAX, PASSWORD_MIN, normalize_login
from .common import In, Name

AccountSort = Literal["login", "-login", "display_name", "-display_name", "created_at", "-created_at"]


def _login(value: str) -> str:
    login = normalize_login(value)
    if login is None:
        raise Invalid(
            f"a login is an e-mail address of at most {LOGIN_MAX} characters",
            f"tên đăng nhập phải là một địa chỉ email, tối đa {LOGIN_MAX} ký tự",
        )
    return login


Login = Annotated[
    str, Field(min_length=3, max_length=LOGIN_MAX, examples=["truong.phong@vnpt-longan.vn"]), AfterValidator(_login)
]
# Only a length no password may have is refused unread: a short one is judged with the other rules (the login
# taken, the role's scope), so that one answer says every mistake.
NewPassword = Annotated[
    str, Field(max_length=PASSWORD_MAX, description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters, not the login")
]


class AccountIn(In):
    login: Login
    display_name: Name = Field(examples=["Trần Văn Phong"])
    role: Role
    password: NewPassword
    enterprise_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=50,
        description="a manager's enterprises (required for a manager; a staff account's comes from its staff record)",
    )
    staff_id: uuid.UUID | None = Field(
        default=None,
        description="the account holder's own staff record (one account per record): required for staff; optional "
        "for a manager, of an enterprise they manage (a leader on duty sees, checks in to and swaps their own "
        "shifts); none for administrators and inspectors",
    )
    active: bool = True


class AccountPatch(In):
    display_name: Name | None = None
    role: Role | None = Field(
        default=None,
        description="a new role drops the scope the old one had: send the new "
        "role's enterprise_ids or staff_id with it",
    )
    enterprise_ids: list[uuid.UUID] | None = Field(default=None, max_length=50)
    staff_id: uuid.UUID | None = None
    active: bool | None = Field(default=None, description="false ends the account's sign-ins")
    password: NewPassword | None = Field(
        default=None, description="a new password; ends the account's sign-ins and lifts a lock"
    )


class AccountOut(BaseModel):
    id: uuid.UUID
    login: str
    display_name: str
    role: Role
    enterprise_ids: list[uuid.UUID]
    staff_id: uuid.UUID | None
    active: bool
    locked_until: datetime | None = Field(description="too many failed sign-ins: locked until then")
    last_login_at: datetime | None
    secret_from_admin: bool = Field(
        False, description="the password was set by an administrator and not changed by its owner since"
    )
    reset_requested_at: datetime | None = Field(
        None,
        description="a request for a new password made at the sign-in page and still open: when it was first made "
        "(closed by a new password, a sign-in or a deactivation)",
    )
    version: int
    created_at: datetime
    updated_at: datetime


class LoginIn(In):
    login: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class PasswordResetIn(In):
    login: str = Field(min_length=1, max_length=254, description="the login (e-mail) the person signs in with")


class RefreshIn(In):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChangeIn(In):
    """Lengths are judged with the other rules, not by the schema, so that one answer says every mistake of
    both passwords (an empty current password and a new one too short, say) — only a length no password may
    have is refused unread."""

    current_password: str = Field(max_length=PASSWORD_MAX)
    new_password: str = Field(
        max_length=PASSWORD_MAX, description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters, not the login"
    )


class SignInStateOut(BaseModel):
    """The caller's sign-in goes on (an ended one is answered 401 `sign-in-ended`, or `account-inactive` when
    its account was deactivated, instead)."""

    alive: Literal[True] = True
    sign_in_id: uuid.UUID | None = Field(
        description="the sign-in (refresh-token family) the access token was issued for; null for a token "
        "issued without one"
    )
    account_id: str


class SessionOut(BaseModel):
    access_token: str = Field(description="send it as `Authorization: Bearer <access_token>` to every service")
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    refresh_token: str = Field(description="renews the sign-in once (POST /auth/refresh); keep it secret")
    refresh_expires_in: int = Field(description="seconds the refresh token is valid")
    account: AccountOut
