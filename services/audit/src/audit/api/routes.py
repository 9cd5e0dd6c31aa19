"""Every audit route under one router: a router-level dependency added here (e.g.
authentication) applies to all of them."""

from __future__ import annotations

from fastapi import APIRouter

from . import coverage, enterprises, findings, gaps, incidents, log, operations

router = APIRouter()
for module in (log, coverage, gaps, enterprises, findings, operations, incidents):
    router.include_router(module.router)
