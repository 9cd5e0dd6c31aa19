"""Every list in every service answers in the one page format of `lichtruc.paging`.

Walks each service's OpenAPI document (the app built as `make asyncapi` builds it, with no
database or Kafka): every GET operation whose 200 answer is a list — a bare array, or an object
with an `items` array — must take the `limit` and `cursor` query parameters, take none of the
older `offset` / `after` / `page` parameters, and answer with exactly the properties of
`lichtruc.paging.Page`. Each service must have at least one list, so this cannot pass vacuously.
Failures name the route and what is wrong with it."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest

from lichtruc.paging import Page

PAGE_PROPERTIES = set(Page.model_fields)
PAGING_PARAMETERS = {"limit", "cursor"}
OLD_PARAMETERS = {"offset", "after", "page"}


def _openapi(service: str) -> dict[str, Any]:
    if service == "roster":
        from roster.app import create_app as roster_app
        from roster.settings import RosterSettings

        return roster_app(RosterSettings(dev_mode=True)).openapi()
    if service == "notifier":
        from notifier.app import create_app as notifier_app
        from notifier.settings import NotifierSettings

        return notifier_app(NotifierSettings(dev_mode=True)).openapi()
    from audit.app import create_app as audit_app
    from audit.settings import AuditSettings

    return audit_app(AuditSettings(dev_mode=True)).openapi()


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with a top-level `$ref` followed (FastAPI names response models in components)."""
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[unquote(part)]
        schema = node
    return schema


def _json_200(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    for media_type, body in content.items():
        if "json" in media_type and "schema" in body:
            return body["schema"]
    return None


def _is_list(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = _resolve(doc, schema)
    if schema.get("type") == "array":
        return True
    items = schema.get("properties", {}).get("items")
    return items is not None and _resolve(doc, items).get("type") == "array"


def lists_of(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`GET <path>` → operation, for every GET whose 200 answer is a list."""
    found = {}
    for path, operations in doc.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        schema = _json_200(operation)
        if schema is not None and _is_list(doc, schema):
            found[f"GET {path}"] = operation
    return found


def what_is_wrong(doc: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """What keeps one list operation from the one page format (empty: nothing)."""
    wrong = []
    query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    if missing := PAGING_PARAMETERS - query:
        wrong.append(f"takes no {sorted(missing)} query parameter(s)")
    if old := OLD_PARAMETERS & query:
        wrong.append(f"still takes {sorted(old)} (use limit + cursor)")
    schema = _resolve(doc, _json_200(operation) or {})
    if schema.get("type") == "array":
        wrong.append("answers a bare array, not a page {items, limit, total, next}")
    else:
        properties = set(schema.get("properties", {}))
        if properties != PAGE_PROPERTIES:
            extra, missing_props = sorted(properties - PAGE_PROPERTIES), sorted(PAGE_PROPERTIES - properties)
            wrong.append(
                f"answers properties {sorted(properties)}, not the page's (extra {extra}, missing {missing_props})"
            )
    return wrong


@pytest.mark.parametrize("service", ["roster", "notifier", "audit"])
def test_every_list_answers_in_the_one_page_format(service: str) -> None:
    doc = _openapi(service)
    lists = lists_of(doc)
    assert lists, f"{service}: no GET operation answers a list; the walk found nothing to check"
    problems = [
        f"{service} {route}: {wrong}"
        for route, operation in sorted(lists.items())
        for wrong in what_is_wrong(doc, operation)
    ]
    assert problems == [], "lists not in the one page format (lichtruc.paging):\n" + "\n".join(problems)


def test_the_walk_tells_a_page_from_an_older_list() -> None:
    """The checker itself: a conforming page passes; a bare array or an offset list is named."""
    page = {"type": "object", "properties": {name: {} for name in PAGE_PROPERTIES} | {"items": {"type": "array"}}}
    doc: dict[str, Any] = {"components": {"schemas": {"ShiftPage": page}}}

    def get(parameters: list[str], schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "parameters": [{"name": name, "in": "query"} for name in parameters],
            "responses": {"200": {"content": {"application/json": {"schema": schema}}}},
        }

    good = get(["limit", "cursor", "site_id"], {"$ref": "#/components/schemas/ShiftPage"})
    bare = get(["offset", "limit"], {"type": "array", "items": {}})
    older = get(["limit", "after"], {"type": "object", "properties": {"items": {"type": "array"}, "next_after": {}}})
    doc["paths"] = {
        "/good": {"get": good},
        "/bare": {"get": bare},
        "/older": {"get": older},
        "/one": {"get": get([], {})},
    }

    assert set(lists_of(doc)) == {"GET /good", "GET /bare", "GET /older"}
    assert what_is_wrong(doc, good) == []
    assert what_is_wrong(doc, bare) == [
        "takes no ['cursor'] query parameter(s)",
        "still takes ['offset'] (use limit + cursor)",
        "answers a bare array, not a page {items, limit, total, next}",
    ]
    assert what_is_wrong(doc, older) == [
        "takes no ['cursor'] query parameter(s)",
        "still takes ['after'] (use limit + cursor)",
        "answers properties ['items', 'next_after'], not the page's "
        "(extra ['next_after'], missing ['limit', 'next', 'total'])",
    ]
