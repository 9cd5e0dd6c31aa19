"""Every problem and warning the test suite sees, scanned for what a Vietnamese reader must
never be shown: a UUID or an English code (duty type, qualification, sector, status, field
key). Installed for the whole session by tests/conftest.py: every response an httpx client of
the tests receives (in-process apps and started services alike) is looked at; the session
fails at the end if a Vietnamese message leaks one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx

from lichtruc.words import CODES

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
CODE = re.compile(r"(?<![\w/.@-])(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")(?![\w@-])")

seen: dict[str, int] = {"problems": 0, "warnings": 0, "messages": 0}
leaks: dict[str, str] = {}  # message → where it was seen (first time)


def leak(text: str) -> str | None:
    """What in a Vietnamese message must not be there, or None."""
    if m := UUID.search(text):
        return f"UUID {m.group(0)}"
    if m := CODE.search(text):
        return f"code {m.group(0)!r}"
    return None


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
    if problem:
        seen["problems"] += 1
    where = f"{response.request.method} {response.request.url.path} → {response.status_code}"
    for text, is_warning in _vi_messages(doc):
        seen["messages"] += 1
        seen["warnings"] += is_warning
        found = leak(text)
        if found and text not in leaks:
            leaks[text] = f"{where}: {found}"


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


def report() -> str | None:
    """The leaks found, as text for the session's end, or None."""
    if not leaks:
        return None
    lines = [f"{len(leaks)} Vietnamese message(s) show a UUID or an English code:"]
    lines += [f"  {where}\n    {text}" for text, where in sorted(leaks.items(), key=lambda kv: kv[1])]
    return "\n".join(lines)
