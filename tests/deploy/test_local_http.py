"""The launcher's and the tests' httpx clients share one TLS context (devstack.local_http): httpx makes one for each
client otherwise, reading certifi's bundle each time (31 ms of CPU against 0.1 ms)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx
import pytest

from devstack import local_http


@pytest.fixture
def contexts_made(monkeypatch) -> Iterator[list[ssl.SSLContext]]:
    """Every TLS context made from here on (httpx makes its own with `ssl.create_default_context`)."""
    made: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counted(*args, **kwargs) -> ssl.SSLContext:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    local_http.tls.cache_clear()
    yield made
    local_http.tls.cache_clear()


async def test_clients_made_here_share_one_context_where_httpx_makes_one_each(contexts_made) -> None:
    with httpx.Client(), httpx.Client():
        pass
    assert len(contexts_made) == 2  # httpx alone: one a client

    contexts_made.clear()
    with local_http.client(timeout=2), local_http.client(base_url="http://127.0.0.1:9"):
        pass
    async with local_http.async_client(timeout=2):
        pass
    assert len(contexts_made) == 1
    assert local_http.tls() is contexts_made[0]


def test_the_shared_context_checks_certificates_as_httpx_does() -> None:
    context = local_http.tls()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.get_ca_certs()  # certifi's bundle, as httpx loads it


def test_a_signed_client_sends_its_token_to_its_service_with_every_call(contexts_made) -> None:
    asked: list[tuple[str, str | None]] = []

    def service(request: httpx.Request) -> httpx.Response:
        asked.append((str(request.url), request.headers.get("Authorization")))
        return httpx.Response(200, json={})

    with local_http.signed("http://127.0.0.1:9", "tok-abc", transport=httpx.MockTransport(service)) as client:
        client.get("/shifts")
        client.post("/staff", json={}, headers={"If-Match": '"3"'})
        assert client.timeout == httpx.Timeout(30)
    assert asked == [
        ("http://127.0.0.1:9/shifts", "Bearer tok-abc"),
        ("http://127.0.0.1:9/staff", "Bearer tok-abc"),
    ]
    with local_http.signed("http://127.0.0.1:9", "t", timeout=60) as slow:
        assert slow.timeout == httpx.Timeout(60)
    assert contexts_made == [local_http.tls()]  # the shared one, and no other
