"""HTTP pieces every service mounts: health and readiness, a request-body limit, and a bound
on the requests in flight."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import PROBLEM_JSON, RETRY_AFTER_SECONDS, TYPE_BASE
from .serving import server_implementation

ReadinessCheck = Callable[[], Awaitable[None]]
ReadinessDetails = Callable[[], Awaitable[dict[str, Any]]]
HEALTH_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def health_router(
    checks: dict[str, ReadinessCheck],
    *,
    timeout: float = 2.0,
    advisory: frozenset[str] = frozenset(),
    details: ReadinessDetails | None = None,
) -> APIRouter:
    """`/healthz`: the process is alive. `/readyz`: each named dependency answered, else 503 with the reasons.

    A check named in `advisory` is reported but does not make the service unready (roster takes
    writes while Kafka is down: its outbox holds them); `details` adds members to the body
    (e.g. the outbox backlog), and its own failure is reported, never fatal."""
    router = APIRouter(tags=["health"])

    async def probe(explained: dict[str, tuple[str, str]] | None = None) -> tuple[dict[str, str], dict[str, Any]]:
        """Each check's state; a failure that explains itself (`detail`, `detail_vi`: a paused
        consumer says what it waits for) is put in `explained`."""
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                async with asyncio.timeout(timeout):  # not wait_for: see lichtruc.tasks
                    await check()
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"unavailable: {exc!r}"[:300]
                detail, detail_vi = getattr(exc, "detail", None), getattr(exc, "detail_vi", None)
                if explained is not None and isinstance(detail, str) and isinstance(detail_vi, str):
                    explained[name] = (detail, detail_vi)
        extra: dict[str, Any] = {}
        if details is not None:
            try:
                async with asyncio.timeout(timeout):
                    extra = await details()
            except Exception as exc:
                extra = {"details": f"unavailable: {exc!r}"[:300]}
        return results, extra

    @router.get(
        "/metrics",
        summary="The readiness checks and backlog as Prometheus text (for scraping)",
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/plain": {}}}},
    )
    async def metrics() -> PlainTextResponse:
        results, extra = await probe()
        loop, http = server_implementation()
        return PlainTextResponse(
            prometheus_text(results, extra, now=datetime.now(UTC))
            + "# TYPE lichtruc_server_info gauge\n"
            + f'lichtruc_server_info{{loop="{loop}",http="{http}",pid="{os.getpid()}"}} 1\n',
            media_type="text/plain; version=0.0.4; charset=utf-8",
        )

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Database and Kafka are reachable",
        responses={503: {"description": "A dependency is not reachable"}},
    )
    async def readyz() -> JSONResponse:
        explained: dict[str, tuple[str, str]] = {}
        results, extra = await probe(explained)
        failing = [k for k, v in results.items() if v != "ok" and k not in advisory]
        if not failing:
            degraded = [k for k, v in results.items() if v != "ok"]
            return JSONResponse({"status": "degraded" if degraded else "ready", "checks": results, **extra})
        detail, detail_vi = not_ready_detail(failing, explained)
        return JSONResponse(
            {
                "type": TYPE_BASE + "not-ready",
                "title": "Service not ready",
                "status": 503,
                "detail": detail,
                "detail_vi": detail_vi,
                "checks": results,
                **extra,
            },
            status_code=503,
            media_type=PROBLEM_JSON,
        )

    return router


def not_ready_detail(failing: list[str], explained: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    """Why `/readyz` answers 503, in English and Vietnamese: the unreachable dependencies by name,
    and a check that explains itself (a consumer paused on a transient failure) in its own words."""
    unreachable = [name for name in failing if name not in explained]
    en, vi = [], []
    if unreachable:
        names = ", ".join(unreachable)
        en.append(f"Not reachable: {names}. Check that they run and that the settings point at them.")
        vi.append(
            f"Chưa kết nối được {_dependencies_vi(names)}: hãy kiểm tra chúng đang chạy và cấu hình trỏ đúng tới chúng."
        )
    for name in failing:
        if name in explained:
            en.append(explained[name][0])
            vi.append(explained[name][1])
    return " ".join(en), " ".join(vi)


def prometheus_text(results: Mapping[str, str], extra: Mapping[str, Any], *, now: datetime) -> str:
    """The readiness answer as Prometheus text: `lichtruc_dependency_up{dependency="kafka"} 1` per
    check, every number in the details as a gauge named by its path (`lichtruc_outbox_pending`),
    and every instant as its age in seconds (`lichtruc_outbox_oldest_pending_age_seconds`)."""
    lines = ["# TYPE lichtruc_dependency_up gauge"]
    lines += [
        f'lichtruc_dependency_up{{dependency="{name}"}} {1 if state == "ok" else 0}' for name, state in results.items()
    ]

    def walk(value: Any, path: list[str]) -> None:
        name = "lichtruc_" + "_".join(re.sub(r"[^a-z0-9]+", "_", p.lower()).strip("_") for p in path)
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, [*path, str(key)])
        elif isinstance(value, bool):
            lines.append(f"{name} {int(value)}")
        elif isinstance(value, (int, float)):
            lines.append(f"{name} {value}")
        elif isinstance(value, str) and path[-1].endswith("_at"):
            try:
                instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return
            lines.append(f"{name.removesuffix('_at')}_age_seconds {max(0.0, (now - instant).total_seconds()):.3f}")

    walk(extra, [])
    return "\n".join(lines) + "\n"


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` (or `limit_for(path)`, a limit per address) with 413
    before reading them whole.

    A body whose Content-Length is declared (and not chunked) within the limit is passed through
    untouched: the server reads no more than the declared length, so counting its chunks again
    would only cost a wrapper per request. A declared length over the limit is refused at once;
    a body without one is counted as it arrives."""

    def __init__(self, app: ASGIApp, max_bytes: int, limit_for: Callable[[str], int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.max_bytes if self.limit_for is None else self.limit_for(scope.get("path", ""))
        declared: bytes | None = None
        chunked = False
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and declared.isdigit() and not chunked:
            if int(declared) > max_bytes:
                await self._reject(send, max_bytes)
            else:
                await self.app(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._reject(send, max_bytes)

    async def _reject(self, send: Send, max_bytes: int) -> None:
        body = (
            '{"type":"' + TYPE_BASE + 'payload-too-large","title":"Request body too large","status":413,'
            f'"detail":"The body exceeds {max_bytes} bytes: send less (split an import into several files).",'
            f'"detail_vi":"Nội dung gửi lên vượt quá {max_bytes} byte: hãy gửi ít hơn (chia tệp nhập thành nhiều tệp)."}}'
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


_DEPENDENCIES_VI = {"database": "cơ sở dữ liệu", "kafka": "Kafka", "consumers": "các bộ đọc sự kiện từ Kafka"}


def _dependencies_vi(failing: str) -> str:
    """The dependencies of a failed readiness check in words ("cơ sở dữ liệu, Kafka")."""
    names = [_DEPENDENCIES_VI.get(name.strip().lower(), "một thành phần cần thiết") for name in failing.split(",")]
    return ", ".join(dict.fromkeys(names))


class _TooLarge(Exception):
    pass


@dataclass(frozen=True)
class OverloadAnswer:
    """HTML with headers of its own beside the 503's (an htmx request's fragment says where it goes: HX-Retarget…)."""

    body: bytes
    headers: tuple[tuple[bytes, bytes], ...] = ()


OverloadPage = Callable[[Scope], bytes | OverloadAnswer | None]
"""An app's own answer to a request refused for overload, from what its scope says for free (headers, path, method):
an HTML page's bytes for a person's browser (or an `OverloadAnswer`: a fragment for htmx), None for the problem
document (a script, a probe, another service)."""


class InFlightLimit:
    """At most `limit` requests in flight in this worker; one more gets an immediate 503 with
    `Retry-After` instead of a place in an unbounded queue (a client or load balancer can
    retry elsewhere or later; the requests already admitted keep their latency). Health probes
    are exempt: an overloaded worker is alive, and its readiness is a separate question. The answer
    is an RFC 9457 problem, or the page `page` makes of the request (the portal's, for a browser)."""

    def __init__(self, app: ASGIApp, limit: int, page: OverloadPage | None = None) -> None:
        self.app = app
        self.limit = limit
        self.page = page
        self.in_flight = 0
        self.refused = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in HEALTH_PATHS:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            self.refused += 1
            await self._reject(scope, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _reject(self, scope: Scope, send: Send) -> None:
        made = self.page(scope) if self.page is not None else None
        page, extra = (made.body, made.headers) if isinstance(made, OverloadAnswer) else (made, ())
        body = (
            page
            if page is not None
            else (
                '{"type":"' + TYPE_BASE + 'overloaded","title":"Too many requests in flight","status":503,'
                f'"detail":"This server is handling {self.limit} requests already: retry in {RETRY_AFTER_SECONDS} s.",'
                f'"detail_vi":"Máy chủ đang xử lý {self.limit} yêu cầu: hãy thử lại sau {RETRY_AFTER_SECONDS} giây."}}'
            ).encode()
        )
        content_type = b"text/html; charset=utf-8" if page is not None else PROBLEM_JSON.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                    *extra,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
