"""The demo's directive data (issue 15), loaded after the campaign and its accounts by
`devstack.demo.load_demo_data`: incidents, daily reports, transaction points' Tết hours, a
readiness checklist and inspection plans, and the check-ins of the shifts under way. Each part is a module with
`load(client: httpx.Client, password: str, *, now: datetime) -> None` (the client is signed in as the
administrator, against roster; `now` is the stack's clock, a test clock under `make run`): what happened by `now`
is recorded, what is still to come waits for a later load. Each part checks whether it was loaded already, so
`make run` can be repeated."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import httpx

from . import checkins, hours, incidents, inspections, readiness, reports


class Part(Protocol):
    def __call__(self, client: httpx.Client, password: str, *, now: datetime) -> None: ...


PARTS: tuple[Part, ...] = (
    checkins.load,
    hours.load,
    incidents.load,
    reports.load,
    readiness.load,
    inspections.load,
)
