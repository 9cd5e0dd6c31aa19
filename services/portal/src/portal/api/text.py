"""Query strings in NFC, once, at the edge (lichtruc.text): "Tân An" typed or pasted decomposed
("a" + combining circumflex, NFD: some keyboards, text copied from PDFs) is the same filter as
"Tân An" precomposed. Forms are sent on to the services, which bring bodies to NFC themselves;
query values are also compared here (a district among the published points), so they are
normalised before any route reads them.

A form's line breaks are one character, LF, once, at the edge (`LfForm`): a browser sends a textarea's as CR LF, so
that a reason of exactly 2,000 characters with 10 line breaks was 2,010 to the portal's own count and refused (QZ19
#10), while the box's count in the browser (its `value`: LF) said otherwise. Every route then reads, counts, refuses
and sends on a text as the person typed it — a line break one character, as portal.js counts it and the services
store it (domain.text_limits.one_line_break). A multipart form (an import's file, a kept proof file, with fields
beside it) gets the same for its text fields, never for a file's bytes (`LfMultipart`)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
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


MULTIPART_TYPE = b"multipart/form-data"


class LfMultipart:
    """A multipart form body, chunk after chunk, written again with each text field's line breaks LF (CR LF or a
    lone CR, as `lf_form`); a file's part (one with a filename, as Starlette tells them) keeps its bytes as sent.
    The parts are read by the parser Starlette reads them with (python-multipart) and written again part by part
    (anything after the closing boundary, which no reader of a form looks at, left out). A body that parser cannot
    read is passed on as it came from there on, for Starlette to refuse as it would have."""

    def __init__(self, boundary: bytes) -> None:
        self.boundary = boundary
        self.out = bytearray()
        self.broken = False
        self._header = (bytearray(), bytearray())
        self._file = False
        self._cr = False  # a text field's data ended with a CR: its LF, if any, is in the next chunk
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_header_field": lambda data, start, end: self._header[0].extend(data[start:end]),
                "on_header_value": lambda data, start, end: self._header[1].extend(data[start:end]),
                "on_header_end": self._header_end,
                "on_headers_finished": lambda: self.out.extend(b"\r\n"),
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
                "on_end": lambda: self.out.extend(b"--" + self.boundary + b"--\r\n"),
            },
        )

    def feed(self, chunk: bytes) -> bytes:
        """The part of the body written again that `chunk` completes (some of it may wait for the next one)."""
        if not self.broken:
            try:
                self.parser.write(chunk)
            except MultipartParseError:
                self.broken = True
                self.out = bytearray(chunk)  # this chunk as it came, not what was written of it
        else:
            self.out.extend(chunk)
        done, self.out = bytes(self.out), bytearray()
        return done

    def _part_begin(self) -> None:
        self.out.extend(b"--" + self.boundary + b"\r\n")
        self._file, self._cr = False, False

    def _header_end(self) -> None:
        name, value = (bytes(x) for x in self._header)
        self._header[0].clear()
        self._header[1].clear()
        if name.lower() == b"content-disposition":
            self._file = b"filename" in parse_options_header(value)[1]
        self.out.extend(name + b": " + value + b"\r\n")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._file:
            self.out.extend(chunk)
            return
        if self._cr:
            chunk = b"\r" + chunk
        self._cr = chunk.endswith(b"\r")
        if self._cr:
            chunk = chunk[:-1]
        self.out.extend(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))

    def _part_end(self) -> None:
        if self._cr:
            self.out.extend(b"\n")
        self._cr = False
        self.out.extend(b"\r\n")


def _boundary(content_type: bytes) -> bytes | None:
    kind, options = parse_options_header(content_type)
    return options.get(b"boundary") if kind == MULTIPART_TYPE else None


class LfForm:
    """Every form body with its line breaks LF before any route reads it: a URL-encoded one whole (`lf_form`), a
    multipart one in its text fields (`LfMultipart`) — a file's bytes are its own (imports, a kept proof file)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or ()) if scope["type"] == "http" else {}
        content_type = headers.get(b"content-type", b"")
        urlencoded = content_type.lower().startswith(FORM_TYPE)
        boundary = None if urlencoded else _boundary(content_type)
        if not urlencoded and not boundary:
            await self.app(scope, receive, send)
            return
        # the body shrinks: its length is no longer the one sent (Starlette reads a form to its end, not to a length)
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"content-length"]}
        held = b""
        parts = LfMultipart(boundary) if boundary else None

        async def lf_receive() -> Message:
            nonlocal held
            message = await receive()
            if message["type"] == "http.request" and parts is not None:
                message = {**message, "body": parts.feed(message.get("body", b""))}
            elif message["type"] == "http.request":
                more = bool(message.get("more_body"))
                body, held = lf_form(held + message.get("body", b""), more=more)
                message = {**message, "body": body}
            return message

        await self.app(scope, lf_receive, send)
