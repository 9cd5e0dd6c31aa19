"""The session cookie: the Session sealed with Fernet (AES-CBC + HMAC) under the key every
portal replica shares, HttpOnly and SameSite=Lax, so page scripts never read a token and any
replica can serve any request (no sticky sessions, no session store).

A cookie older than the session's lifetime, tampered with, or sealed under another key is
treated as no session at all.

Every cookie is marked Secure (sent back over https only) when the request came over https:
its own scheme, or the X-Forwarded-Proto of a proxy named in PORTAL_FORWARDED_ALLOW_IPS (uvicorn
believes that header from those addresses only and sets the request's scheme from it).
PORTAL_SECURE_COOKIES=true marks them Secure on every request (a proxy that does not say).

The same key signs the addresses whose query the portal vouches for (`sign_address`, `vouches_for`): an HMAC over
the path and the query, so that a page showing figures from its own address (the import done page) shows only the
figures the portal put there, never edited ones."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken
from starlette.requests import Request
from starlette.responses import Response

from ..domain.said import Said
from ..domain.session import Session

SESSION_COOKIE = "lt_session"
ANON_CSRF_COOKIE = "lt_csrf"  # the CSRF token of a visitor not signed in yet (the sign-in form)
LANG_COOKIE = "lt_lang"
REFUSED_COOKIE = "lt_refused"  # a refused form (or a result shown once), kept for the one page the POST redirects to
NOTES_COOKIE = "lt_notes"  # a saved form's warnings, kept for the one page the POST redirects to
# Browsers drop cookies above 4096 bytes; a session (two tokens and the account) is far below.
MAX_COOKIE_BYTES = 4000
# A redirect's sealed notes (warnings) are read at once, or never (as a refused form is).
NOTES_TTL = timedelta(minutes=10)
# A refused form kept for the page its refusal redirects to (Post/Redirect/Get): read at once, or never.
REFUSED_TTL = timedelta(minutes=10)
# A form's origin (`seal_origin`) is read for this long past the session's own lifetime: a form drawn just before
# the session ended, sent long after.
ORIGIN_GRACE = timedelta(days=1)
# The query parameter that carries an address's signature (`sign_address`).
SIGNATURE = "sig"


class CookieJar:
    def __init__(self, key: bytes, *, secure: bool, max_age: timedelta) -> None:
        self._fernet = Fernet(key)
        # A key of its own for addresses (derived, never the cookies' key itself): a signature is no Fernet token.
        self._address_key = hashlib.sha256(b"lichtruc-portal-address\0" + key).digest()
        self.secure = secure
        self.max_age = max_age

    def seal(self, session: Session) -> str:
        token = self._fernet.encrypt(json.dumps(session.to_dict(), separators=(",", ":")).encode()).decode()
        if len(token) > MAX_COOKIE_BYTES:
            raise ValueError(f"the session cookie would be {len(token)} bytes; browsers keep at most 4096")
        return token

    def open(self, sealed: str | None) -> Session | None:
        if not sealed:
            return None
        try:
            raw = self._fernet.decrypt(sealed.encode(), ttl=int(self.max_age.total_seconds()))
            return Session.from_dict(json.loads(raw))
        except (InvalidToken, ValueError, KeyError, TypeError):
            return None

    def outlived(self, sealed: str | None, *, now: datetime) -> bool:
        """Whether `sealed` is a session cookie of this key that has lasted its hours: past `max_age` since it was
        sealed (so it no longer opens) or since its sign-in (`Session.over`) — not a cookie forged or of another key."""
        if not sealed:
            return False
        try:
            session = Session.from_dict(json.loads(self._fernet.decrypt(sealed.encode())))
        except (InvalidToken, ValueError, KeyError, TypeError):
            return False
        return self.open(sealed) is None or session.over(now, max_age=self.max_age)

    def anon_csrf(self, sealed: str | None) -> str | None:
        if not sealed:
            return None
        try:
            return self._fernet.decrypt(sealed.encode(), ttl=int(self.max_age.total_seconds())).decode()
        except (InvalidToken, ValueError):
            return None

    def new_anon_csrf(self) -> tuple[str, str]:
        """A token for a sign-in form and the sealed cookie that vouches for it."""
        token = secrets.token_urlsafe(24)
        return token, self._fernet.encrypt(token.encode()).decode()

    def seal_notes(self, notes: Sequence[Said], *, session_id: str, url: str) -> str | None:
        """Warnings for the page at `url` a redirect of this session leads to (roster's words, in both languages),
        sealed in a cookie rather than the address (QA: a ~900-character token in it), so that the page says them
        once in the person's language and nothing made elsewhere can make the portal say anything; as many of them,
        in order, as fit in a cookie (None when not one does)."""
        for kept in range(len(notes), 0, -1):
            doc = {"session": session_id, "url": url, "notes": [{"vi": n.vi, "en": n.en} for n in notes[:kept]]}
            packed = zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
            token = self._fernet.encrypt(packed).decode()
            if len(token) <= MAX_COOKIE_BYTES:
                return token
        return None

    def open_notes(self, sealed: str | None, *, session_id: str, url: str) -> tuple[Said, ...]:
        """The notes `seal_notes` sealed for this session's page at `url`, for NOTES_TTL; none when missing, too old,
        tampered with, another page's or session's, or not notes."""
        if not sealed:
            return ()
        try:
            doc = json.loads(zlib.decompress(self._fernet.decrypt(sealed.encode(), ttl=int(NOTES_TTL.total_seconds()))))
            if doc["session"] != session_id or doc["url"] != url:
                return ()
            return tuple(Said(str(n["vi"]), str(n["en"])) for n in doc["notes"])
        except (InvalidToken, ValueError, KeyError, TypeError, zlib.error):
            return ()

    def sign_address(self, path: str, query: Mapping[str, str]) -> str:
        """`path?query` with the portal's signature over both added (SIGNATURE), for `vouches_for`."""
        signature = self._address_signature(path, query.items())
        return f"{path}?{urlencode({**query, SIGNATURE: signature})}"

    def vouches_for(self, path: str, query: Iterable[tuple[str, str]]) -> bool:
        """Whether this address (`path`, its query's pairs) is one `sign_address` made: its signature is there, once,
        and every other pair is as signed (none edited, added or dropped; their order does not matter)."""
        pairs = list(query)
        sent = [value for name, value in pairs if name == SIGNATURE]
        if len(sent) != 1:
            return False
        expected = self._address_signature(path, [(n, v) for n, v in pairs if n != SIGNATURE])
        return hmac.compare_digest(sent[0].encode(), expected.encode())

    def _address_signature(self, path: str, pairs: Iterable[tuple[str, str]]) -> str:
        canonical = path + "?" + urlencode(sorted(pairs))
        digest = hmac.new(self._address_key, canonical.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def seal_refused(self, *, session_id: str, url: str, kept: Mapping[str, Any]) -> str | None:
        """A refused form (what was typed, why it was refused) for the page at `url` of this session only, sealed
        (compressed: a form's free text may be long); None when it would not fit in a cookie."""
        doc = {"session": session_id, "url": url, "kept": kept}
        packed = zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
        token = self._fernet.encrypt(packed).decode()
        return token if len(token) <= MAX_COOKIE_BYTES else None

    def open_refused(self, sealed: str | None, *, session_id: str, url: str) -> dict[str, Any] | None:
        """The form `seal_refused` kept for this session's page at `url`, for REFUSED_TTL; None otherwise."""
        if not sealed:
            return None
        try:
            doc = json.loads(
                zlib.decompress(self._fernet.decrypt(sealed.encode(), ttl=int(REFUSED_TTL.total_seconds())))
            )
        except (InvalidToken, ValueError, zlib.error):
            return None
        if not isinstance(doc, dict) or doc.get("session") != session_id or doc.get("url") != url:
            return None
        kept = doc.get("kept")
        return kept if isinstance(kept, dict) else None

    def seal_origin(self, *, account_id: str, page: str) -> str:
        """A form's origin — the page it is drawn on, for whom — sealed in a hidden field of the form (partials/forms.html's
        `csrf()`): a form sent after its session ended leads back to its page (the Referer, which would say it, is
        never sent: security.py) and what was typed is kept for that account alone (api.kept)."""
        doc = {"account": account_id, "page": page}
        return self._fernet.encrypt(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()).decode()

    def open_origin(self, sealed: str | None) -> tuple[str, str] | None:
        """The account and page `seal_origin` sealed; None when missing, too old, tampered with or not an origin."""
        if not sealed:
            return None
        try:
            doc = json.loads(
                self._fernet.decrypt(sealed.encode(), ttl=int((self.max_age + ORIGIN_GRACE).total_seconds()))
            )
            account, page = doc["account"], doc["page"]
        except (InvalidToken, ValueError, KeyError, TypeError):
            return None
        return (account, page) if isinstance(account, str) and isinstance(page, str) else None

    def write_refused(self, request: Request, response: Response, sealed: str) -> None:
        self._set(request, response, REFUSED_COOKIE, sealed, max_age=int(REFUSED_TTL.total_seconds()))

    def clear_refused(self, request: Request, response: Response) -> None:
        response.delete_cookie(REFUSED_COOKIE, path="/", httponly=True, samesite="lax", secure=self.secure_for(request))

    def write_notes(self, request: Request, response: Response, sealed: str) -> None:
        self._set(request, response, NOTES_COOKIE, sealed, max_age=int(NOTES_TTL.total_seconds()))

    def clear_notes(self, request: Request, response: Response) -> None:
        response.delete_cookie(NOTES_COOKIE, path="/", httponly=True, samesite="lax", secure=self.secure_for(request))

    def secure_for(self, request: Request) -> bool:
        """Secure when configured so, or when this request came over https (directly or from a
        trusted proxy: uvicorn has already put X-Forwarded-Proto in the scheme)."""
        return self.secure or request.url.scheme == "https"

    def _set(self, request: Request, response: Response, name: str, value: str, *, max_age: int | None) -> None:
        response.set_cookie(
            name, value, max_age=max_age, httponly=True, samesite="lax", secure=self.secure_for(request), path="/"
        )

    def write_session(self, request: Request, response: Response, session: Session) -> None:
        self._set(request, response, SESSION_COOKIE, self.seal(session), max_age=int(self.max_age.total_seconds()))

    def clear_session(self, request: Request, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=self.secure_for(request))

    def write_anon_csrf(self, request: Request, response: Response, sealed: str) -> None:
        self._set(request, response, ANON_CSRF_COOKIE, sealed, max_age=None)

    def write_lang(self, request: Request, response: Response, lang: str) -> None:
        self._set(request, response, LANG_COOKIE, lang, max_age=365 * 24 * 3600)
