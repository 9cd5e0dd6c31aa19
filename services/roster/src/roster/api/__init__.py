"""Roster's HTTP API: routes (thin), schemas, dependencies, and domain errors as problems."""

from .routes import (
    accounts,
    board,
    campaigns,
    hours,
    imports,
    incidents,
    inspections,
    operations,
    readiness,
    reference,
    reports,
    requirements,
    shifts,
    swaps,
)

ROUTERS = [
    accounts.router,
    campaigns.router,
    reference.router,
    requirements.router,
    shifts.router,
    swaps.router,
    imports.router,
    board.router,
    operations.router,
    readiness.router,
    hours.router,
    inspections.router,
    reports.router,
    incidents.router,
]
