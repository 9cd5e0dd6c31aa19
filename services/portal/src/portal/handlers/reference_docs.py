"""The API reference: each service's OpenAPI document (for Swagger UI) and its AsyncAPI
document (rendered here), read from the service with the signed-in person's own token —
the services decide who may read them (every role may)."""

from __future__ import annotations

from typing import Any

from ..clients.services import SERVICE_NAMES, Caller, ServiceName
from ..domain.asyncapi_view import AsyncApiView, asyncapi_view

SERVICES: tuple[ServiceName, ...] = SERVICE_NAMES


def known_service(name: str) -> ServiceName | None:
    """The service of that name, or None (the page is then not found)."""
    return next((s for s in SERVICES if s == name), None)


async def openapi_document(caller: Caller, service: ServiceName) -> dict[str, Any]:
    """The service's OpenAPI document, as it serves it."""
    document: dict[str, Any] = await caller.get(service, "/openapi.json")
    return document


async def event_reference(caller: Caller, service: ServiceName) -> AsyncApiView:
    """The service's AsyncAPI document, as the event reference page shows it."""
    return asyncapi_view(await caller.get(service, "/asyncapi.json"))
