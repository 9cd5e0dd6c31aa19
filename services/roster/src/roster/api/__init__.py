"""Roster's HTTP API: routes (thin), schemas, dependencies, and domain errors as problems."""

from .routes import (
    accounts,
    board,
    campaigns,
    department,
    districts,
    early_leaves,
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
    tet_copy,
)

# The shifts first: a request is matched against the routes in this order (FastAPI tries every
# route of every router before it), and planning, rescheduling and listing shifts are the hot
# path — in 5th place, POST /shifts was tried against ~40 routes, ~15 % of its CPU. No path of a
# router before it could match one of the others' (none overlap), so the order changes nothing
# else than the order of the OpenAPI document.
ROUTERS = [
    shifts.router,
    accounts.router,
    campaigns.router,
    reference.router,
    districts.router,
    requirements.router,
    swaps.router,
    early_leaves.router,
    imports.router,
    board.router,
    operations.router,
    readiness.router,
    hours.router,
    inspections.router,
    reports.router,
    incidents.router,
    department.router,
    tet_copy.router,
]
