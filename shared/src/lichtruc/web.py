"""HTTP pieces every service mounts: health and readiness, and a request-body limit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from .problems import PROBLEM_JSON, TYPE_BASE

ReadinessCheck = Callable[[], Awaitable[None]]


def health_router(checks: dict[str, ReadinessCheck], *, timeout: float = 2.0) -> APIRouter:
    """`/healthz`: the process is alive. `/readyz`: each named dependency answered, else 503 with the reasons."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Database and Kafka are reachable",
                responses={503: {"description": "A dependency is not reachable"}})
    async def readyz() -> JSONResponse:
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), timeout)
                results[name] = "ok"
            except Exception as exc:  # noqa: BLE001 - the reason is the answer
                results[name] = f"unavailable: {exc!r}"[:300]
        if all(v == "ok" for v in results.values()):
            return JSONResponse({"status": "ready", "checks": results})
        failing = ", ".join(k for k, v in results.items() if v != "ok")
        return JSONResponse(
            {
                "type": TYPE_BASE + "not-ready",
                "title": "Service not ready",
                "status": 503,
                "detail": f"Not reachable: {failing}. Check that they run and that the settings point at them.",
                "checks": results,
            },
            status_code=503,
            media_type=PROBLEM_JSON,
        )

    return router


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` with 413 before reading them whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(send)
            return
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        body = (
            '{"type":"' + TYPE_BASE + 'payload-too-large","title":"Request body too large","status":413,'
            f'"detail":"The body exceeds {self.max_bytes} bytes: send less (split an import into several files)."}}'
        ).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
