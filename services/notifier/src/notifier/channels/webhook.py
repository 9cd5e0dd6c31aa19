"""Webhooks: a JSON POST whose exact body is signed with HMAC-SHA256."""

from __future__ import annotations

import httpx

from ..domain.deliveries import http_status_is_transient
from ..domain.messages import DELIVERY_HEADER, SIGNATURE_HEADER, sign
from . import DeliveryFailed


class WebhookSender:
    """Posts the stored body as is (never re-serialised, so the signature covers the bytes sent)."""

    def __init__(self, client: httpx.AsyncClient, *, timeout: float) -> None:
        self.client = client
        self.timeout = timeout

    async def send(self, url: str, body: bytes, *, secret: bytes, delivery_id: str, kind: str) -> str:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(secret, body),
            DELIVERY_HEADER: delivery_id,
            "X-Lichtruc-Kind": kind,
            "User-Agent": "lichtruc-notifier",
        }
        try:
            response = await self.client.post(url, content=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"webhook {url} unreachable: {exc!r}"[:500], transient=True) from exc
        if 200 <= response.status_code < 300:
            return f"HTTP {response.status_code}"
        raise DeliveryFailed(
            f"webhook answered HTTP {response.status_code}: {response.text[:200]}",
            transient=http_status_is_transient(response.status_code),
        )
