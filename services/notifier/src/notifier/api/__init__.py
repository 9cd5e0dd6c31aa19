"""Notifier's HTTP side.

`routers()` puts the public feed route first (calendar apps cannot log in; the token in
the address is the credential) and every management route under one parent router.
Who may call which route is decided in one place, `policy.py`, by the app-wide
authorisation dependency (lichtruc.service).
"""

from __future__ import annotations

from fastapi import APIRouter

from . import feeds, operations, people


def routers() -> list[APIRouter]:
    management = APIRouter()
    for router in (feeds.router, people.router, operations.router):
        management.include_router(router)
    return [feeds.public_router, management]
