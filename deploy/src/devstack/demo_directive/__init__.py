"""The demo's directive data (issue 15), loaded after the campaign and its accounts by
`devstack.demo.load_demo_data`: incidents, daily reports, transaction points' Tết hours, a
readiness checklist and inspection plans. Each part is a module with
`load(client: httpx.Client, password: str) -> None` (the client is signed in as the administrator,
against roster); each part checks whether it was loaded already, so `make run` can be repeated."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from . import hours, incidents, inspections, readiness, reports

PARTS: tuple[Callable[[httpx.Client, str], None], ...] = (
    hours.load,
    incidents.load,
    reports.load,
    readiness.load,
    inspections.load,
)
