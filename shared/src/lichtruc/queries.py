"""Strict query strings: a parameter a route does not declare is refused, never ignored.

A filter that quietly does nothing (`/on-duty?border=true`) is a wrong answer that looks
right, so every service installs `refuse_unknown_query_parameters` as an app-wide
dependency (see lichtruc.service). The parameters a route accepts are read from FastAPI's
own description of the route (`route.dependant`), so the rule cannot drift from the code."""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel

from .problems import Problem

LENIENT_QUERY = {"x-lichtruc-unknown-query-parameters": "ignored"}
"""`openapi_extra` of a route that must answer whatever a client appends (a calendar feed:
calendar apps and proxies add cache-busters, and a subscription that breaks says nothing to
the person). The mark is in the OpenAPI document, so the exception is documented."""

_DECLARED: dict[int, tuple[Dependant, frozenset[str]]] = {}


def _declared(dependant: Dependant) -> frozenset[str]:
    cached = _DECLARED.get(id(dependant))
    if cached is not None and cached[0] is dependant:
        return cached[1]
    names: set[str] = set()
    pending = [dependant]
    while pending:  # the route's own parameters and those of every dependency it uses
        current = pending.pop()
        for param in current.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # a query-parameter model
                names.update(f.alias or name for name, f in annotation.model_fields.items())
            else:
                names.add(param.alias)
        pending.extend(current.dependencies)
    _DECLARED[id(dependant)] = (dependant, frozenset(names))
    return frozenset(names)


def declared_query_parameters(route: object) -> frozenset[str]:
    """The query parameters a matched route accepts (empty for routes without a dependant)."""
    dependant = getattr(route, "dependant", None)
    return _declared(dependant) if dependant is not None else frozenset()


async def refuse_unknown_query_parameters(request: Request) -> None:
    """Answer 422, naming them, when the query string has parameters the route does not declare."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    if (getattr(route, "openapi_extra", None) or {}).items() >= LENIENT_QUERY.items():
        return
    accepted = declared_query_parameters(route)
    unknown = sorted({name for name in request.query_params if name not in accepted})
    if not unknown:
        return
    names = ", ".join(unknown)
    valid = ", ".join(sorted(accepted))
    raise Problem(
        422,
        "unknown-query-parameter",
        "Unknown query parameter",
        f"Unsupported query parameter{'s' if len(unknown) > 1 else ''}: {names}. "
        + (f"Valid parameters: {valid}." if accepted else "This address takes no query parameters."),
        # The valid names are API keys, not words: they stay in `accepted` and the English detail.
        detail_vi=f"Tham số không được hỗ trợ: {names}. "
        + (
            "Hãy bỏ tham số này; các tham số hợp lệ được mô tả trong /openapi.json."
            if accepted
            else "Địa chỉ này không nhận tham số nào."
        ),
        errors=[
            {
                "field": f"query.{name}",
                "rule": "known-parameter",
                "message": f"'{name}' is not a parameter of this operation.",
                "message_vi": f"'{name}' không phải tham số của thao tác này.",
            }
            for name in unknown
        ],
        unknown=unknown,
        accepted=sorted(accepted),
    )
