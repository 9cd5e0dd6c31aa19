"""Without an access token, every operation of every service answers 401 with a problem
document, except the few that are open by design: health and readiness for probes, signing
in on roster, and calendar feeds (their unguessable token is the credential).

The operations come from each service's own OpenAPI document, so a new route is covered
as soon as it exists; the document marks the open ones (`security: []`, from the policy),
and those must be on the list below."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from lichtruc.problems import PROBLEM_JSON

OPEN_BY_DESIGN = {
    "roster": {
        "GET /healthz",
        "GET /readyz",
        "GET /metrics",
        "POST /auth/login",
        "POST /auth/refresh",
        "POST /auth/password-reset",  # someone who forgot their password asks for a new one (QZ29 #15)
        # transaction points' published Tết hours, for everyone (issue 15, part 3)
        "GET /public/transaction-hours",
        "GET /public/transaction-hours.ics",
        "GET /public/transaction-points/{site_id}/notice.pdf",
        "GET /public/tet-campaign",  # which Tết the public hours page shows (QZ23 #5)
    },
    "notifier": {"GET /healthz", "GET /readyz", "GET /metrics", "GET /feeds/{token}.ics"},
    "audit": {"GET /healthz", "GET /readyz", "GET /metrics"},
}
PLACEHOLDER = uuid.UUID("6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f01")


def concrete_path(path: str, operation: dict) -> str:
    """The path with a well-formed value for each parameter (an id, a number or a word)."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        schema = parameter.get("schema", {})
        value = {"integer": "1", "number": "1"}.get(schema.get("type"), "x")
        if schema.get("format") == "uuid":
            value = str(PLACEHOLDER)
        path = path.replace("{" + parameter["name"] + "}", value)
    return path


def anonymous_request(client: httpx.Client, method: str, path: str, operation: dict) -> httpx.Response:
    """The request without a token; a JSON body (empty) where the operation takes one."""
    content = operation.get("requestBody", {}).get("content", {})
    body: dict[str, Any] = {"json": {}} if "application/json" in content else {}
    return client.request(method.upper(), concrete_path(path, operation), **body)


@pytest.mark.parametrize("name", sorted(OPEN_BY_DESIGN))
def test_every_operation_but_the_open_ones_needs_a_token(services, documents, name: str) -> None:
    service, document = services[name], documents[name]
    documented_open: set[str] = set()
    not_refused: list[str] = []
    with httpx.Client(base_url=service.url, timeout=30) as client:
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                label = f"{method.upper()} {path}"
                if operation.get("security") == []:
                    documented_open.add(label)
                    continue
                response = anonymous_request(client, method, path, operation)
                if not _is_401_problem(response):
                    not_refused.append(f"{label} -> {response.status_code} {response.headers.get('content-type')}")
        undocumented = client.get("/openapi.json")
        if not _is_401_problem(undocumented):
            not_refused.append(f"GET /openapi.json -> {undocumented.status_code}")

    assert not_refused == [], "answered without a token (or not with a 401 problem):\n" + "\n".join(not_refused)
    assert documented_open <= OPEN_BY_DESIGN[name], f"open without a token: {documented_open - OPEN_BY_DESIGN[name]}"
    assert {"GET /healthz", "GET /readyz"} <= documented_open


def _is_401_problem(response: httpx.Response) -> bool:
    if response.status_code != 401 or response.headers.get("content-type") != PROBLEM_JSON:
        return False
    body = response.json()
    return (
        body["status"] == 401
        and body["type"].endswith("/unauthorized")
        and response.headers.get("www-authenticate", "").startswith("Bearer")
    )
