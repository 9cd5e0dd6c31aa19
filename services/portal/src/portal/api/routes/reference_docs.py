"""The API reference for every signed-in person (any role): `/reference` lists the services;
`/reference/<service>/http` shows its HTTP API with Swagger UI, served from the portal's own
static files and fed by `/reference/<service>/openapi.json` (the service's document, read with
the person's token); `/reference/<service>/events` shows its Kafka side (AsyncAPI), rendered
here. Signed-out visitors are sent to sign in (the `Signed` dependency)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.responses import Response

from ...handlers import reference_docs
from ..deps import PageNotFound, Render, Signed

router = APIRouter()

SWAGGER_UI = "/static/vendor/swagger-ui-5.35.0"
"""The vendored Swagger UI (see its README.md); the page's script is /static/reference.js. It runs
under the portal's strict Content-Security-Policy as is: it sets styles through the DOM, which
`style-src 'self'` allows, and writes no inline style attribute or element."""


def _service(name: str) -> reference_docs.ServiceName:
    service = reference_docs.known_service(name)
    if service is None:
        raise PageNotFound()
    return service


@router.get("/reference")
async def reference_index(caller: Signed, render: Render) -> Response:
    return render("reference/index.html", {"services": reference_docs.SERVICES})


@router.get("/reference/{service}/http")
async def http_reference(service: str, caller: Signed, render: Render) -> Response:
    name = _service(service)
    return render(
        "reference/http.html",
        {"service": name, "services": reference_docs.SERVICES, "swagger_ui": SWAGGER_UI},
    )


@router.get("/reference/{service}/openapi.json")
async def openapi_json(service: str, caller: Signed) -> Response:
    return JSONResponse(await reference_docs.openapi_document(caller, _service(service)))


@router.get("/reference/{service}/events")
async def event_reference(service: str, caller: Signed, render: Render) -> Response:
    name = _service(service)
    view = await reference_docs.event_reference(caller, name)
    return render("reference/events.html", {"service": name, "services": reference_docs.SERVICES, "view": view})
