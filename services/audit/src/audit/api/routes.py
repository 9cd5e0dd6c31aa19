"""Every audit route under one router: a router-level dependency added here (e.g.
authentication) applies to all of them."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    accounts,
    campaign_report,
    coverage,
    daily_reports,
    enterprises,
    explanations,
    findings,
    gaps,
    hours,
    incidents,
    inspections,
    log,
    operations,
    presence,
    readiness,
)

router = APIRouter()
for module in (
    log,
    coverage,
    gaps,
    enterprises,
    accounts,
    findings,
    operations,
    readiness,
    hours,
    inspections,
    daily_reports,
    incidents,
    presence,
    campaign_report,
    explanations,
):
    router.include_router(module.router)
