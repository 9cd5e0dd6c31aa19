"""Query strings in NFC, once, at the edge (lichtruc.text): "Tân An" typed or pasted decomposed
("a" + combining circumflex, NFD: some keyboards, text copied from PDFs) is the same filter as
"Tân An" precomposed. Forms are sent on to the services, which bring bodies to NFC themselves;
query values are also compared here (a district among the published points), so they are
normalised before any route reads them.

A form's line breaks are one character, LF, once, at the edge (`LfForm`): a browser sends a textarea's as CR LF, so
that a reason of exactly 2,000 characters with 10 line breaks was 2,010 to the portal's own count and refused (QZ19
#10), while the box's count in the browser (its `value`: LF) said otherwise. Every route then reads, counts, refuses
and sends on a text as the person typed it — a line break one character, as portal.js counts it and the services
store it (domain.text_limits.one_line_break)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lichtruc.text import nfc


def nfc_query(raw: bytes) -> bytes:
    """`raw` (a query string as sent) with every name and value in NFC; `raw` itself when it is already."""
    if not raw or (raw.isascii() and b"%" not in raw):
        return raw
    # As Starlette reads it (QueryParams): latin-1 bytes, percent-escapes decoded as UTF-8.
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    normal = [(nfc(k), nfc(v)) for k, v in pairs]
    return raw if normal == pairs else urlencode(normal).encode("ascii")


class NfcQuery:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("query_string", b"")
            normal = nfc_query(raw)
            if normal is not raw:
                scope = {**scope, "query_string": normal}
        await self.app(scope, receive, send)


FORM_TYPE = b"application/x-www-form-urlencoded"
_LINE_BREAK = re.compile(rb"%0[dD](?:%0[aA])?")
"""CR LF, or CR alone, in a URL-encoded form body (a "%" typed is sent as "%25": "%0D" is always a CR)."""
_CUT = re.compile(rb"%(?:0(?:[dD](?:%0?)?)?)?\Z")
"""The end of a chunk that may be the start of a line break the next chunk ends."""


def lf_form(chunk: bytes, *, more: bool = False) -> tuple[bytes, bytes]:
    """A chunk of a URL-encoded form body with each line break LF ("%0A"), and the end held back for the next chunk
    (`more`: one follows) when it may be the start of a CR LF that chunk ends."""
    held = b""
    if more and (cut := _CUT.search(chunk, max(0, len(chunk) - 5))) is not None:
        chunk, held = chunk[: cut.start()], chunk[cut.start() :]
    return _LINE_BREAK.sub(b"%0A", chunk), held


class LfForm:
    """Every URL-encoded form body with its line breaks LF (`lf_form`) before any route reads it. A multipart body
    (an uploaded file: imports, a kept proof) is read as sent — a file's bytes are its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or ()) if scope["type"] == "http" else {}
        if not headers.get(b"content-type", b"").lower().startswith(FORM_TYPE):
            await self.app(scope, receive, send)
            return
        # the body shrinks: its length is no longer the one sent (Starlette reads a form to its end, not to a length)
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"content-length"]}
        held = b""

        async def lf_receive() -> Message:
            nonlocal held
            message = await receive()
            if message["type"] == "http.request":
                more = bool(message.get("more_body"))
                body, held = lf_form(held + message.get("body", b""), more=more)
                message = {**message, "body": body}
            return message

        await self.app(scope, lf_receive, send)
