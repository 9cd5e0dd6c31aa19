"""Every input of every service is bounded, read from the services' own OpenAPI documents:
JSON bodies refuse unknown fields (nothing is silently dropped), every string has a maximum
length (or is an id, a time, an enumeration or a pattern), every array a maximum size — in
bodies, query strings, headers and paths alike. A new field without a limit fails here.

Uploads (multipart) are bounded by their byte and row limits instead; see tests/roster."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devstack.asyncapi import generate

BOUNDED_FORMATS = {"uuid", "date-time", "date", "time", "email"}
SERVICES = ("audit", "notifier", "roster")


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, built when the module runs (not at collection, where every
    test worker would build three apps for it)."""
    built = {name: json.loads(text) for name, text in generate("openapi").items()}
    assert sorted(built) == list(SERVICES)
    return built


def unbounded(doc: dict[str, Any]) -> list[str]:
    schemas = doc["components"]["schemas"]
    found: list[str] = []
    seen: set[str] = set()

    def walk(schema: dict[str, Any], where: str) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(schemas[name], name)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                walk(sub, where)
        if "properties" in schema:
            if schema.get("additionalProperties", True) is not False:
                found.append(f"{where}: accepts unknown fields")
            for field, sub in schema["properties"].items():
                walk(sub, f"{where}.{field}")
        kind = schema.get("type")
        if kind == "array":
            if "maxItems" not in schema:
                found.append(f"{where}: an array without maxItems")
            walk(schema.get("items", {}), f"{where}[]")
        if (
            kind == "string"
            and not ({"maxLength", "enum", "pattern", "const"} & schema.keys())
            and schema.get("format") not in BOUNDED_FORMATS
        ):
            found.append(f"{where}: a string without maxLength")

    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for content_type, content in operation.get("requestBody", {}).get("content", {}).items():
                if not content_type.startswith("multipart/"):
                    walk(content["schema"], f"{where} body")
            for parameter in operation.get("parameters", []):
                walk(parameter.get("schema", {}), f"{where} {parameter['in']} {parameter['name']}")
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_input_is_bounded_and_bodies_refuse_unknown_fields(service: str, documents) -> None:
    assert unbounded(documents[service]) == []


def test_the_check_finds_an_unbounded_field() -> None:
    doc = {
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/XIn"}}}}
                }
            }
        },
        "components": {
            "schemas": {
                "XIn": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 9}},
                    },
                }
            }
        },
    }
    assert unbounded(doc) == [
        "XIn: accepts unknown fields",
        "XIn.note: a string without maxLength",
        "XIn.tags: an array without maxItems",
    ]
