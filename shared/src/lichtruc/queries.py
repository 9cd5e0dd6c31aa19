"""Strict query strings: a parameter a route does not declare is refused, never ignored; so is a
parameter that takes one value given several times.

A filter that quietly does nothing (`/on-duty?border=true`) is a wrong answer that looks
right, and so is one of whose values all but the last are dropped (`/gaps?status=open&status=closed`
answered the closed gaps only). Every service installs `check_query_string` as an app-wide
dependency (see lichtruc.service). The parameters a route accepts, and which of them take a list,
are read from FastAPI's own description of the route (`route.dependant`), so the rule cannot drift
from the code."""

from __future__ import annotations

import types
from collections.abc import Collection
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel

from .problems import Problem

LENIENT_QUERY = {"x-lichtruc-unknown-query-parameters": "ignored"}
"""`openapi_extra` of a route that must answer whatever a client appends (a calendar feed:
calendar apps and proxies add cache-busters, and a subscription that breaks says nothing to
the person). The mark is in the OpenAPI document, so the exception is documented."""

_DECLARED: dict[int, tuple[Dependant, frozenset[str], frozenset[str]]] = {}


def _takes_many(annotation: Any) -> bool:
    """Whether a parameter of this type takes several values (`list[str] | None`, `tuple[int, ...]`…)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_takes_many(a) for a in get_args(annotation) if a is not type(None))
    kind = origin if origin is not None else annotation
    return isinstance(kind, type) and issubclass(kind, Collection) and not issubclass(kind, (str, bytes))


def _declared(dependant: Dependant) -> tuple[frozenset[str], frozenset[str]]:
    """The names a route accepts, and those of them that take several values."""
    cached = _DECLARED.get(id(dependant))
    if cached is not None and cached[0] is dependant:
        return cached[1], cached[2]
    names: set[str] = set()
    many: set[str] = set()
    pending = [dependant]
    while pending:  # the route's own parameters and those of every dependency it uses
        current = pending.pop()
        for param in current.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # a query-parameter model
                for name, f in annotation.model_fields.items():
                    names.add(f.alias or name)
                    if _takes_many(f.annotation):
                        many.add(f.alias or name)
            else:
                names.add(param.alias)
                if _takes_many(annotation):
                    many.add(param.alias)
        pending.extend(current.dependencies)
    _DECLARED[id(dependant)] = (dependant, frozenset(names), frozenset(many))
    return frozenset(names), frozenset(many)


def declared_query_parameters(route: object) -> frozenset[str]:
    """The query parameters a matched route accepts (empty for routes without a dependant)."""
    dependant = getattr(route, "dependant", None)
    return _declared(dependant)[0] if dependant is not None else frozenset()


def repeatable_query_parameters(route: object) -> frozenset[str]:
    """Those of them that take several values (a list): the only ones that may be repeated."""
    dependant = getattr(route, "dependant", None)
    return _declared(dependant)[1] if dependant is not None else frozenset()


async def check_query_string(request: Request) -> None:
    """Answer 422, naming them, when the query string has parameters the route does not declare,
    or gives a parameter that takes one value several times."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    if (getattr(route, "openapi_extra", None) or {}).items() >= LENIENT_QUERY.items():
        return
    dependant = getattr(route, "dependant", None)
    accepted, many = _declared(dependant) if dependant is not None else (frozenset(), frozenset())
    unknown = sorted({name for name in request.query_params if name not in accepted})
    if not unknown:
        if len(request.query_params.multi_items()) > len(request.query_params):  # some name given twice
            _refuse_repeated(request, many)
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
                "message": f"“{name}” is not a parameter of this operation.",
                "message_vi": f"“{name}” không phải tham số của thao tác này.",
            }
            for name in unknown
        ],
        unknown=unknown,
        accepted=sorted(accepted),
    )


def _refuse_repeated(request: Request, many: frozenset[str]) -> None:
    params = request.query_params
    repeated = sorted(name for name in params if name not in many and len(params.getlist(name)) > 1)
    if not repeated:
        return
    given = {name: ", ".join(f"“{_shown(v)}”" for v in params.getlist(name)) for name in repeated}
    times = {name: len(params.getlist(name)) for name in repeated}
    raise Problem(
        422,
        "repeated-query-parameter",
        "Repeated query parameter",
        " ".join(f"“{n}” was given {times[n]} times ({given[n]}) but takes one value." for n in repeated)
        + " Send each once, with the value you mean.",
        # The values may be ids or codes: named in English only; the names are the client's own keys.
        detail_vi=" ".join(f"Tham số “{n}” được gửi {times[n]} lần nhưng chỉ nhận một giá trị." for n in repeated)
        + " Hãy gửi mỗi tham số một lần, với giá trị bạn cần.",
        errors=[
            {
                "field": f"query.{n}",
                "rule": "one-value",
                "message": f"“{n}” takes one value; it was given {given[n]}.",
                "message_vi": f"“{n}” chỉ nhận một giá trị; đã được gửi {times[n]} lần.",
            }
            for n in repeated
        ],
        repeated=repeated,
    )


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"
