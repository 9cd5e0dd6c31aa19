"""Every operation of every service refuses a query parameter it does not declare: a filter
that quietly does nothing (`/on-duty?border=true`) is a wrong answer that looks right.

The routes come from the apps' own route tables (so a new route is walked without anyone
remembering to add it), and every GET operation of the committed OpenAPI documents must be
among them. The calendar feed is the one exception, and says so in its OpenAPI entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts

from access.test_route_role_matrix import APPS, concrete, served_routes
from lichtruc.queries import LENIENT_QUERY, declared_query_parameters, repeatable_query_parameters
from support import running

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"
UNKNOWN = "lichtruc_no_such_parameter"


@pytest.mark.parametrize("service", sorted(APPS))
async def test_an_unknown_query_parameter_is_a_422_naming_it_on_every_operation(
    service, new_database, kafka, topic_prefix
) -> None:
    app = APPS[service](new_database, kafka, topic_prefix)
    routes = served_routes(app)
    documented = json.loads((DOCS / f"{service}.json").read_text(encoding="utf-8"))
    gets = {path for path, ops in documented["paths"].items() if "get" in ops}
    assert gets <= {path for _, method, path in routes if method == "GET"}

    lenient = {
        route.path
        for route in iter_route_contexts(app.routes)
        if (getattr(route, "openapi_extra", None) or {}).items() >= LENIENT_QUERY.items()
    }
    assert lenient == ({"/feeds/{token}.ics"} if service == "notifier" else set())
    wrong = []
    async with running(app) as client:
        for name, method, path in routes:
            response = await client.request(method, concrete(path), params={UNKNOWN: "true"})
            if path in lenient:
                if response.status_code == 422:
                    wrong.append(f"{method} {path}: refused although lenient: {response.text[:200]}")
                continue
            body = response.json() if response.headers.get("content-type", "").startswith("application/") else {}
            if (
                response.status_code != 422
                or not body.get("type", "").endswith("/unknown-query-parameter")
                or UNKNOWN not in body.get("detail", "")
                or UNKNOWN not in body.get("detail_vi", "")
            ):
                wrong.append(f"{method} {path} ({name}): {response.status_code} {response.text[:200]}")
                continue
            accepted = body["accepted"]
            assert body["detail_vi"].startswith(f"Tham số không được hỗ trợ: {UNKNOWN}."), body
            assert all(a in body["detail"] for a in accepted), body  # the names are API keys: English only
            assert [e["field"] for e in body["errors"]] == [f"query.{UNKNOWN}"]
    assert wrong == []


@pytest.mark.parametrize("service", sorted(APPS))
async def test_a_parameter_that_takes_one_value_given_twice_is_a_422_naming_it_on_every_operation(
    service, new_database, kafka, topic_prefix
) -> None:
    """`?status=open&status=closed` used to answer the closed gaps only: one value silently dropped."""
    app = APPS[service](new_database, kafka, topic_prefix)
    taking: dict[tuple[str, str], str] = {}
    for route in iter_route_contexts(app.routes):
        if (getattr(route, "openapi_extra", None) or {}).items() >= LENIENT_QUERY.items():
            continue
        single = sorted(declared_query_parameters(route) - repeatable_query_parameters(route))
        for method in route.methods or {"GET"}:
            if single:
                taking[(method, str(route.path))] = single[0]
    assert len(taking) >= 3  # every service has list operations with filters (notifier: three)
    wrong = []
    async with running(app) as client:
        for (method, path), name in sorted(taking.items()):
            response = await client.request(method, concrete(path), params=[(name, "mot"), (name, "hai")])
            body = response.json() if response.headers.get("content-type", "").startswith("application/") else {}
            if response.status_code != 422 or not body.get("type", "").endswith("/repeated-query-parameter"):
                wrong.append(f"{method} {path} ?{name}: {response.status_code} {response.text[:200]}")
                continue
            assert body["repeated"] == [name]
            assert (
                body["detail"]
                == f"“{name}” was given 2 times (“mot”, “hai”) but takes one value. Send each once, with the value you mean."
            )
            assert body["detail_vi"] == (
                f"Tham số “{name}” được gửi 2 lần nhưng chỉ nhận một giá trị. Hãy gửi mỗi tham số một lần, với giá trị bạn cần."
            )
            assert [e["field"] for e in body["errors"]] == [f"query.{name}"]
    assert wrong == []
