"""Every problem and warning the test suite sees, scanned for what a Vietnamese reader must
never be shown. Installed for the whole session by tests/conftest.py: every response an httpx
client of the tests receives (in-process apps and started services alike) is looked at; the
session fails at the end if a Vietnamese message (`detail_vi`, `message_vi`, in problems and in
`warnings`) shows

- a UUID;
- a field path of a request ("query.at", "body.people_found.0");
- a `snake_case` token (a key or a code: "full_name", "incident_response");
- a Python repr ("literal['now']", "datetime", "None");
- a code or key of the services' contracts: every value of every Literal/Enum and every property
  and parameter name in docs/openapi/*.json (generated from the documents, not written here), and
  the codes of lichtruc.words' tables — except the few real Vietnamese words in `ALLOWED`;

or if a problem document has no `detail_vi` at all. E-mail addresses are people's data and are
not scanned; a 422 for an unknown or repeated query parameter may repeat the names the client sent.

Every text of a problem or a warning a person reads, in both languages (`title`, `detail`, `detail_vi`,
`message`, `message_vi`), is also held to the house's quotes: a name or a value is quoted “ ”, never with
straight quotes ('tan an', "Tân An") nor Python's repr of a string (`STRAIGHT_QUOTE`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

from lichtruc.words import _TABLES, OTHER_CODE_NAMES

OPENAPI_DOCS = Path(__file__).resolve().parents[1] / "docs" / "openapi"

ALLOWED: dict[str, str] = {
    # Codes that are also words a Vietnamese sentence uses as they are — each with why.
    "internet": "Vietnamese says Internet (the sector's Vietnamese name is Internet)",
    "email": "Vietnamese says email (Không có email…)",
    "webhook": "no Vietnamese word: the channel is called webhook in Vietnamese too",
    "vi": "the Vietnamese word vi (phạm vi: scope)",
    "to": "the Vietnamese word to (big)",
    "camera": "Vietnamese says camera (a presence's evidence: ghi hình camera)",
}


def _openapi_codes() -> set[str]:
    """Every enum/const value and every property and parameter name of the services' documents."""
    codes: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.get("enum", []):
                if isinstance(value, str):
                    codes.add(value)
            if isinstance(node.get("const"), str):
                codes.add(node["const"])
            if isinstance(node.get("properties"), dict):
                codes.update(node["properties"])
            if node.get("in") in ("query", "path", "header", "cookie") and isinstance(node.get("name"), str):
                codes.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    documents = sorted(OPENAPI_DOCS.glob("*.json"))
    assert documents, f"no OpenAPI documents in {OPENAPI_DOCS}"
    for document in documents:
        walk(json.loads(document.read_text(encoding="utf-8")))
    return codes


def _all_codes() -> frozenset[str]:
    codes = _openapi_codes()
    for table in (*_TABLES.values(), OTHER_CODE_NAMES):
        codes.update(k for k in table if isinstance(k, str))
    # Only word-like codes: a leading "-" (a sort order) is matched by its word.
    return frozenset(c.lstrip("-") for c in codes if re.fullmatch(r"-?[A-Za-z][\w-]*", c)) - set(ALLOWED)


CODES = _all_codes()
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
FIELD_PATH = re.compile(r"(?<![\w.])(?:query|body|path|header|cookie)\.\S")
SNAKE = re.compile(r"(?<![\w/.@-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w@-])")
REPR = re.compile(r"[Ll]iteral\[|\bdatetime\b|\bNone\b|<class |\b(?:UUID|Decimal|datetime\.date)\(")
# A straight quote around something: ' or " opening where no letter or digit stands before it (an apostrophe,
# "Department's", "others' names", has one) and closing where none follows. What a person typed inside “ ” is left
# out first (a name may hold an apostrophe or a quote of its own), and so is an ETag in the If-Match header's own
# syntax (`If-Match: "3"`), which a client sends with its straight quotes.
STRAIGHT_QUOTE = re.compile(r"(?<![\w])'[^'\s][^']*?'(?!\w)|(?<![\w])\"[^\"\s][^\"]*?\"(?!\w)")
CURLY_QUOTED = re.compile(r"“[^”]*”")
ETAG_SYNTAX = re.compile(r'(?:If-Match|ETag):? "\d+"|(?:e\.g\.|ví dụ) "\d+"')
# The English detail of a 422 names each field by its path in brackets, and pydantic's path of a union's member
# holds Python's quotes: "[query.at.literal['now']]" is a key, not a value quoted.
FIELD_PATH_BRACKETS = re.compile(r"\[(?:query|body|path|header|cookie)\.(?:[^\[\]]|\[[^\]]*\])*\]")
CODE = re.compile(r"(?<![\w/.@-])(" + "|".join(map(re.escape, sorted(CODES, key=len, reverse=True))) + r")(?![\w@-])")

seen: dict[str, int] = {"problems": 0, "warnings": 0, "messages": 0}
leaks: dict[str, str] = {}  # message → where it was seen (first time)


def leak(text: str, *, echoed: frozenset[str] = frozenset()) -> str | None:
    """What in a Vietnamese message must not be there, or None. `echoed`: words the request itself
    sent that the message may repeat (the unknown query parameters a 422 names)."""
    for name in sorted(echoed, key=len, reverse=True):
        text = text.replace(name, "…")
    text = EMAIL.sub("…", text)  # a person's address ("inspector.1@vnpt.vn") is theirs, not a code
    for what, pattern in (
        ("UUID", UUID),
        ("field path", FIELD_PATH),
        ("Python repr", REPR),
        ("snake_case key", SNAKE),
        ("code", CODE),
    ):
        if m := pattern.search(text):
            return f"{what} {m.group(0)!r}"
    return None


def straight_quote(text: str) -> str | None:
    """A name or value `text` quotes with straight quotes rather than “ ”, or None."""
    text = FIELD_PATH_BRACKETS.sub("…", ETAG_SYNTAX.sub("…", CURLY_QUOTED.sub("“…”", text)))
    m = STRAIGHT_QUOTE.search(text)
    return f"straight quotes {m.group(0)}" if m else None


PERSON_READ = ("title", "detail", "detail_vi", "message", "message_vi")


def _read_texts(doc: Any) -> Iterator[str]:
    """Every text a person reads in a problem document or in `warnings` arrays, in both languages."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in PERSON_READ and isinstance(value, str):
                yield value
            elif isinstance(value, (dict, list)):
                yield from _read_texts(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from _read_texts(item)


def _vi_messages(doc: Any, *, in_warnings: bool = False) -> Iterator[tuple[str, bool]]:
    """Vietnamese messages anywhere in a problem document or in `warnings` arrays."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in ("detail_vi", "message_vi") and isinstance(value, str):
                yield value, in_warnings
            elif key == "warnings" and isinstance(value, list):
                yield from _vi_messages(value, in_warnings=True)
            elif isinstance(value, (dict, list)):
                yield from _vi_messages(value, in_warnings=in_warnings)
    elif isinstance(doc, list):
        for item in doc:
            yield from _vi_messages(item, in_warnings=in_warnings)


def _echoed(request: httpx.Request, doc: Any) -> frozenset[str]:
    """The keys a client sent that the problem names back so that they can be removed: the query
    parameters of an unknown- or repeated-query-parameter problem, the unknown members of a body (quoted)."""
    if not isinstance(doc, dict):
        return frozenset()
    if str(doc.get("type", "")).endswith(("/unknown-query-parameter", "/repeated-query-parameter")):
        return frozenset(name for name, _ in parse_qsl(request.url.query.decode(), keep_blank_values=True))
    errors = doc.get("errors")
    if not isinstance(errors, list):
        return frozenset()
    return frozenset(
        f"“{str(e['field']).rsplit('.', 1)[-1]}”"
        for e in errors
        if isinstance(e, dict) and e.get("rule") == "extra_forbidden" and e.get("field")
    )


def inspect(response: httpx.Response) -> None:
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type:
        return
    problem = "problem+json" in content_type
    try:
        body = response.content
    except httpx.ResponseNotRead:
        return
    if not problem and b"warnings" not in body and b"message_vi" not in body:
        return
    try:
        doc = json.loads(body)
    except ValueError:
        return
    where = f"{response.request.method} {response.request.url.path} → {response.status_code}"
    if problem:
        seen["problems"] += 1
        if isinstance(doc, dict) and not doc.get("detail_vi"):
            leaks.setdefault(f"(no detail_vi) {doc.get('type')}: {doc.get('detail')}", f"{where}: no detail_vi")
    echoed = _echoed(response.request, doc)
    for text, is_warning in _vi_messages(doc):
        seen["messages"] += 1
        seen["warnings"] += is_warning
        found = leak(text, echoed=echoed)
        if found and text not in leaks:
            leaks[text] = f"{where}: {found}"
    for text in _read_texts(doc if problem else _warnings_only(doc)):
        found = straight_quote(text)
        if found and text not in leaks:
            leaks[text] = f"{where}: {found}"


def _warnings_only(doc: Any) -> list[Any]:
    """The `warnings` arrays of a response that is not a problem (its other members are data, not messages)."""
    if isinstance(doc, dict):
        return [w for key, value in doc.items() for w in ([value] if key == "warnings" else _warnings_only(value))]
    if isinstance(doc, list):
        return [w for item in doc for w in _warnings_only(item)]
    return []


_installed: list[tuple[type, Any]] = []


def install() -> None:
    """Wrap httpx's send (sync and async) so that every response is inspected."""
    sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send

    def send(self, request, **kwargs):
        response = sync_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            inspect(response)
        return response

    async def asend(self, request, **kwargs):
        response = await async_send(self, request, **kwargs)
        if not kwargs.get("stream"):
            inspect(response)
        return response

    _installed.extend([(httpx.Client, sync_send), (httpx.AsyncClient, async_send)])
    httpx.Client.send, httpx.AsyncClient.send = send, asend  # type: ignore[method-assign]


def snapshot() -> dict[str, Any]:
    """What this process saw, for the session's controller when the tests run in several workers."""
    return {"seen": dict(seen), "leaks": dict(leaks)}


def merge(other: dict[str, Any]) -> None:
    """Add what another process saw (a worker's `snapshot`)."""
    for key, count in other["seen"].items():
        seen[key] += count
    for text, where in other["leaks"].items():
        leaks.setdefault(text, where)


def report() -> str | None:
    """The leaks found, as text for the session's end, or None."""
    if not leaks:
        return None
    lines = [
        f"{len(leaks)} message(s) show a UUID, a key or an English code in Vietnamese (or are missing), "
        "or quote with straight quotes:"
    ]
    lines += [f"  {where}\n    {text}" for text, where in sorted(leaks.items(), key=lambda kv: kv[1])]
    return "\n".join(lines)
