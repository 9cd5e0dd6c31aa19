"""Who is calling, and may they: signed access tokens and one authorisation point per service.

Only roster holds the signing (private) key and issues tokens; notifier and audit verify
them with the public key alone (Ed25519 / EdDSA JWTs). Each service declares one policy —
a rule per route name — and installs `authorize` as an app-wide dependency, so that a
route without a rule is refused (and a test that walks the route table fails).
"""

from __future__ import annotations

import functools
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Annotated, Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt.types import Options

from .problems import Problem
from .words import code_name

Role = Literal["admin", "manager", "staff", "inspector"]
ROLES: tuple[Role, ...] = ("admin", "manager", "staff", "inspector")
ISSUER = "lichtruc-roster"
AUDIENCE = "lichtruc"
ALGORITHM = "EdDSA"

# Shipped in docs and examples only; settings refuse it outside development mode.
EXAMPLE_PUBLIC_KEY_MARKER = "EXAMPLE-DO-NOT-USE"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, as the access token says."""

    account_id: str
    role: Role
    enterprise_ids: frozenset[str] = field(default_factory=frozenset)
    staff_id: str | None = None
    name: str | None = None  # the account's login name, recorded as the actor of changes
    # The sign-in (roster's refresh-token family) the token was issued for: roster's
    # GET /auth/session says whether it is still alive. None in tokens made without a sign-in.
    sign_in_id: str | None = None
    # The account's display name when the token was issued ("Nguyễn Thị Lan"): the name the mails about a change
    # say, so roster need not read the account on every change (a rename shows from the next token on).
    display_name: str | None = None

    @property
    def actor(self) -> str:
        return self.name or self.account_id

    def sees_all(self) -> bool:
        """Administrators and inspectors read every enterprise."""
        return self.role in ("admin", "inspector")

    def visible_enterprises(self) -> frozenset[str] | None:
        """The enterprises this caller may read; None means all of them."""
        if self.sees_all():
            return None
        return self.enterprise_ids

    def manages(self, enterprise_id: object) -> bool:
        """Administrators manage every enterprise; managers the ones they were given."""
        return self.role == "admin" or (self.role == "manager" and str(enterprise_id) in self.enterprise_ids)

    def is_staff(self, staff_id: object) -> bool:
        return self.staff_id is not None and self.staff_id == str(staff_id)


class TokenError(Exception):
    """A token that cannot be accepted; the message says why (expired, bad signature, …)."""


def generate_keypair() -> tuple[str, str]:
    """A fresh Ed25519 key pair as (private PEM, public PEM), for development and tests."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@functools.lru_cache(maxsize=8)
def _private_key(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TokenError("the signing key is not an Ed25519 private key")
    return key


@functools.lru_cache(maxsize=8)
def _public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise TokenError("the verification key is not an Ed25519 public key")
    return key


def issue_access_token(principal: Principal, *, private_key_pem: str, now: datetime, ttl: timedelta) -> str:
    """A signed, short-lived access token for `principal` (roster only)."""
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": principal.account_id,
        "role": principal.role,
        "ent": sorted(principal.enterprise_ids),
        "stf": principal.staff_id,
        "name": principal.name,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    if principal.sign_in_id is not None:
        claims["sid"] = principal.sign_in_id
    if principal.display_name is not None:
        claims["dn"] = principal.display_name
    return jwt.encode(claims, _private_key(private_key_pem), algorithm=ALGORITHM)  # the key parsed once


LEEWAY_SECONDS = 5
"""Clock skew tolerated between roster, which signs, and the service that checks."""

VERIFIED_TOKENS = 4096
"""How many tokens whose signature has been checked are remembered (per process)."""


@functools.lru_cache(maxsize=VERIFIED_TOKENS)
def _checked_claims(token: str, public_key_pem: str) -> Mapping[str, Any]:
    """The claims of `token`, its signature, issuer, audience and required claims checked; its expiry is
    not (`verify_access_token` checks that on every use). Remembered per token and key: a client sends
    the same token with every request until it expires, and checking an Ed25519 signature was the
    costliest step of an authenticated request (`bench/bench_auth_costs.py`). A token that fails is not
    remembered, and another spelling of a token (a forged signature, changed claims) is another key."""
    # The times are checked by `verify_access_token` against the service's clock, which may be a test clock
    # (lichtruc.clock); PyJWT would hold them to the wall clock.
    options: Options = {"require": ["exp", "iat", "sub", "iss", "aud"], "verify_exp": False, "verify_iat": False}
    claims = jwt.decode(
        token,
        _public_key(public_key_pem),  # parsed once per key
        algorithms=[ALGORITHM],
        audience=AUDIENCE,
        issuer=ISSUER,
        options=options,
        leeway=LEEWAY_SECONDS,
    )
    for claim in ("exp", "iat"):  # a number of seconds; NaN or an infinity (JSON parsers take them) never expires
        value = claims[claim]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise jwt.DecodeError(f"The claim ({claim}) must be an integer.")
    return MappingProxyType(claims)


def _why(exc: jwt.InvalidTokenError) -> str:
    """Why a token was refused, in a sentence (QA: PyJWT's own words leaked a codec's error, "Invalid header
    string: 'utf-8' codec can't decode byte 0xb7 …")."""
    if isinstance(exc, jwt.InvalidSignatureError):
        return "its signature does not match (it was changed, or not issued by this system); sign in again"
    if isinstance(exc, (jwt.InvalidAudienceError, jwt.InvalidIssuerError)):
        return "it was issued for another system; sign in to this one"
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"it lacks the claim “{exc.claim}” every access token of this system carries; sign in again"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "it is dated in the future (check the clocks); sign in again"
    return "it is not an access token this system issues (three dot-separated parts, signed); sign in again"


def verify_access_token(token: str, *, public_key_pem: str, now: datetime | None = None) -> Principal:
    """Check signature, issuer, audience, and the token's times against `now` (the service's clock; default:
    the wall clock) with LEEWAY_SECONDS: issued by then, not expired; return the principal or raise TokenError."""
    try:
        claims = _checked_claims(token, public_key_pem)
    except jwt.InvalidTokenError as exc:
        raise TokenError(f"the access token is not valid: {_why(exc)}") from exc
    at = now.timestamp() if now is not None else time.time()
    if claims["iat"] > at + LEEWAY_SECONDS:
        raise TokenError(f"the access token is not valid: {_why(jwt.ImmatureSignatureError())}")
    if claims["exp"] + LEEWAY_SECONDS <= at:
        raise TokenError("the access token has expired: renew it with POST /auth/refresh")
    role = claims.get("role")
    if role not in ROLES:
        raise TokenError(f"the access token names an unknown role “{role}”")
    return Principal(
        account_id=claims["sub"],
        role=role,
        enterprise_ids=frozenset(claims.get("ent") or ()),
        staff_id=claims.get("stf"),
        name=claims.get("name"),
        sign_in_id=claims.get("sid"),
        display_name=claims.get("dn"),
    )


def check_public_key(pem: str | None, *, dev_mode: bool) -> str | None:
    """Settings validation: outside development mode a real Ed25519 public key is required."""
    if pem and EXAMPLE_PUBLIC_KEY_MARKER in pem and not dev_mode:
        raise ValueError(
            "the auth public key is the documentation example: generate a real key pair (python -m roster keygen)"
        )
    if not pem:
        if not dev_mode:
            raise ValueError(
                "no auth public key configured: set *_AUTH_PUBLIC_KEY to roster's public key (PEM), "
                "or *_DEV_MODE=true on a development machine"
            )
        return pem
    if EXAMPLE_PUBLIC_KEY_MARKER in pem:
        return pem
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError as exc:
        raise ValueError(f"the auth public key is not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the auth public key must be an Ed25519 key (python -m roster keygen makes one)")
    return pem


def public_key_of(private_pem: str) -> str:
    """The public half of an Ed25519 private key (PEM); ValueError if it is not one."""
    if EXAMPLE_PUBLIC_KEY_MARKER in private_pem:
        raise ValueError(
            "the auth private key is the documentation example: generate a real key pair (python -m roster keygen)"
        )
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"the auth private key is not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the auth private key must be an Ed25519 key (python -m roster keygen makes one)")
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


# --- the one authorisation point of a service ----------------------------------------------

Scope = Callable[[Request, Principal], Awaitable[bool]]


@dataclass(frozen=True)
class Rule:
    """Who may call a route. `scope`, when set, further restricts non-admin callers."""

    roles: frozenset[Role] = frozenset()
    public: bool = False
    scope: Scope | None = None
    hide: bool = False  # refuse an out-of-scope caller with 404 rather than 403 (existence is a secret)
    # The route's own not-found problem, so that a hidden item looks exactly like a missing one.
    not_found: Callable[[Request], Problem] | None = None


# --- reading the request in a scope ------------------------------------------------------------
# A scope runs before the route's own validation: values that are not ids are let through, and
# the route answers them with a 422.


def as_uuid(value: object) -> uuid.UUID | None:
    """A path, query, body or claim value as a UUID; None when it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def path_id(request: Request, name: str) -> uuid.UUID | None:
    return as_uuid(request.path_params.get(name))


def query_ids(request: Request, name: str) -> list[uuid.UUID]:
    """Every value of a query parameter that is an id: a repeated parameter is checked whole,
    although the route reads only one of its values."""
    return [v for v in map(as_uuid, request.query_params.getlist(name)) if v is not None]


def public() -> Rule:
    return Rule(public=True)


def allow(
    *roles: Role, scope: Scope | None = None, hide: bool = False, not_found: Callable[[Request], Problem] | None = None
) -> Rule:
    return Rule(roles=frozenset(roles), scope=scope, hide=hide or not_found is not None, not_found=not_found)


_bearer_scheme = HTTPBearer(
    auto_error=False, bearerFormat="JWT", description="Access token from roster's POST /auth/login"
)


def _bearer(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Problem(
            401,
            "unauthorized",
            "Authentication required",
            "Send `Authorization: Bearer <access token>`; get one with POST /auth/login on roster.",
            detail_vi="Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization.",
            headers={"WWW-Authenticate": 'Bearer realm="lichtruc"'},
        )
    return credentials.credentials


def make_authorize(
    policy: Mapping[str, Rule], public_key: Callable[[], str | None], clock: Callable[[], datetime] | None = None
) -> Callable[..., Awaitable[Principal | None]]:
    """The app-wide dependency: find the matched route's rule, check the token (its times against `clock`, the
    service's; default: the wall clock), the role, the scope."""

    async def authorize(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)],
    ) -> Principal | None:
        route = request.scope.get("route")
        name = getattr(route, "name", None)
        rule = policy.get(name or "")
        if rule is None:
            raise Problem(
                403,
                "no-access-rule",
                "Forbidden",
                f"Route “{name}” has no access rule, so nobody may call it: report this to the developers.",
                detail_vi="Chức năng này chưa được cấu hình quyền truy cập nên chưa ai dùng được: hãy báo cho "
                "người phát triển.",
            )
        if rule.public:
            return None
        token = _bearer(credentials)
        key = public_key()
        if not key:
            raise Problem(
                401,
                "auth-not-configured",
                "Authentication is not configured",
                "This service has no public key to check access tokens with: set *_AUTH_PUBLIC_KEY.",
                detail_vi="Dịch vụ chưa được cấu hình khoá xác thực.",
            )
        try:
            principal = verify_access_token(token, public_key_pem=key, now=clock() if clock is not None else None)
        except TokenError as exc:
            raise Problem(
                401,
                "invalid-token",
                "Authentication required",
                str(exc),
                detail_vi="Mã truy cập không hợp lệ hoặc đã hết hạn: hãy đăng nhập lại.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from exc
        if principal.role not in rule.roles:
            raise _role_refused(principal.role, rule.roles, request)
        if rule.scope is not None and principal.role != "admin" and not await rule.scope(request, principal):
            if rule.not_found is not None:
                raise rule.not_found(request)
            if rule.hide:
                raise Problem(
                    404,
                    "not-found",
                    "Not found",
                    f"Nothing at {request.url.path}: check the address.",
                    detail_vi="Không tìm thấy dữ liệu tại địa chỉ này: hãy kiểm tra lại.",
                )
            raise Problem(
                403,
                "out-of-scope",
                "Forbidden",
                "This belongs to an enterprise or person outside your account's scope.",
                detail_vi="Dữ liệu này không thuộc phạm vi tài khoản của bạn.",
            )
        request.state.principal = principal
        return principal

    return authorize


_ROLE_ORDER = ("admin", "manager", "staff", "inspector")


def _role_refused(role: str, allowed: frozenset[Role], request: Request) -> Problem:
    """A 403 that says which roles may do it, so the person knows whom to ask."""
    who = [r for r in _ROLE_ORDER if r in allowed]
    words_vi = ", ".join(code_name(r) or r for r in who)
    words_en = ", ".join(code_name(r, "en") or r for r in who)
    action = f"{request.method} {request.url.path}"
    return Problem(
        403,
        "forbidden",
        "Forbidden",
        f"The {code_name(role, 'en') or role} role may not do this ({action}); only: {words_en}. "
        "Ask someone with one of those roles.",
        # Not the address in Vietnamese: it holds ids, and the same refusal reads the same everywhere.
        detail_vi=f"Vai trò {code_name(role) or role} không được phép làm thao tác này; chỉ: {words_vi}. "
        "Hãy nhờ người có một trong các vai trò đó.",
    )


async def current_principal(request: Request) -> Principal:
    """The caller `authorize` let through (for routes whose rule is not public). `async` though it
    awaits nothing: FastAPI would run a plain function in a worker thread."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        raise Problem(
            401,
            "unauthorized",
            "Authentication required",
            "Send `Authorization: Bearer <access token>`; get one with POST /auth/login on roster.",
            detail_vi="Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization.",
        )
    return principal


def routes_without_rules(route_names: list[str], policy: Mapping[str, Rule]) -> list[str]:
    """Route names the policy says nothing about (each is refused to everybody)."""
    return sorted({name for name in route_names if name not in policy})
