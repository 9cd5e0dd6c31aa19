"""Query strings in NFC, once, at the edge (lichtruc.text): "Tân An" typed or pasted decomposed
("a" + combining circumflex, NFD: some keyboards, text copied from PDFs) is the same filter as
"Tân An" precomposed. Forms are sent on to the services, which bring bodies to NFC themselves;
query values are also compared here (a district among the published points), so they are
normalised before any route reads them."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

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
