"""httpx clients for the launcher's calls to the services it starts (plain HTTP on 127.0.0.1), and the tests'.

httpx makes a TLS context for every client it makes, reading and parsing certifi's certificate bundle: 31 ms of CPU
here against 0.1 ms for a client given a context (2026-12-05), though no call to 127.0.0.1 ever uses it. The demo's
phased load makes a client for each person who checks in or reports, at each phase; py-spy put 46 s of `make
test`'s workers' samples in making them, though a sampler of their CPU saw no clear gain once they shared one
(docs/benchmarks.md). The clients made here share one context, made once per process with httpx's own defaults
(certificates verified): a URL in https is checked as httpx would check it."""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx


@functools.cache
def tls() -> ssl.SSLContext:
    """The process's one TLS context, as httpx makes its own (a context may serve many clients and threads)."""
    return httpx.create_ssl_context()


def client(**options: Any) -> httpx.Client:
    """`httpx.Client(**options)` with the shared TLS context."""
    return httpx.Client(verify=tls(), **options)


def async_client(**options: Any) -> httpx.AsyncClient:
    """`httpx.AsyncClient(**options)` with the shared TLS context."""
    return httpx.AsyncClient(verify=tls(), **options)


def bearer(token: str) -> dict[str, str]:
    """The header that carries an access token."""
    return {"Authorization": f"Bearer {token}"}


def signed(base_url: str | httpx.URL, token: str, *, timeout: float = 30, **options: Any) -> httpx.Client:
    """A client of the service at `base_url` that sends the access token with every call."""
    return client(base_url=base_url, headers=bearer(token), timeout=timeout, **options)
