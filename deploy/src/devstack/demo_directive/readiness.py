"""Demo data: readiness (issue 15)."""

from __future__ import annotations

import httpx


def load(client: httpx.Client, password: str) -> None:
    """Nothing yet."""
