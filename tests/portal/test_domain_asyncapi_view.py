"""The event reference page's view of an AsyncAPI document (portal/domain/asyncapi_view.py),
read from the committed documents: every channel, every event type with its data fields."""

from __future__ import annotations

import json
from pathlib import Path

from lichtruc.event_schema import AUDIT_EVENTS, ROSTER_EVENTS
from portal.domain.asyncapi_view import FieldType, asyncapi_view, field_type

DOCS = Path(__file__).resolve().parents[2] / "docs" / "asyncapi"


def _view(service: str):
    return asyncapi_view(json.loads((DOCS / f"{service}.json").read_text("utf-8")))


def test_notifier_receives_every_roster_and_audit_event_with_its_fields() -> None:
    view = _view("notifier")
    by_address = {c.address: c for c in view.channels}
    roster = by_address["lichtruc.roster.events.v1"]
    audit = by_address["lichtruc.audit.events.v1"]
    assert roster.action == audit.action == "receive"
    assert [e.event_type for e in roster.events] == [m.event_type for m in ROSTER_EVENTS]
    assert [e.event_type for e in audit.events] == [m.event_type for m in AUDIT_EVENTS]
    assert view.event_count == len(ROSTER_EVENTS) + len(AUDIT_EVENTS)

    planned = next(e for e in roster.events if e.name == "ShiftPlanned")
    assert planned.event_type == "lichtruc.roster.shift.planned.v1"
    assert planned.description.startswith("A shift was created")
    fields = {f.name: f for f in planned.fields}
    assert set(fields) == {"shift", "actor", "actor_name"}
    assert fields["shift"].type == FieldType("ref", name="ShiftSnapshot") and fields["shift"].required
    assert fields["actor"].type == FieldType("scalar", name="string", nullable=True)
    assert not fields["actor"].required and fields["actor"].default == "null"
    assert fields["actor"].description.startswith("who made the change")
    assert not fields["actor_name"].required and fields["actor_name"].type == FieldType(
        "scalar", "string", nullable=True
    )


def test_shared_types_and_the_envelope_are_listed_once() -> None:
    view = _view("roster")
    assert [c.action for c in view.channels] == ["send"]
    types = {t.name: t for t in view.types}
    assert {"ShiftSnapshot", "Assignee", "PeakWindow", "OneOffWindow", "DailyWindow"} <= set(types)
    assignees = next(f for f in types["ShiftSnapshot"].fields if f.name == "assignees")
    assert assignees.type == FieldType("array", items=FieldType("ref", name="Assignee"))
    status = next(f for f in types["ShiftSnapshot"].fields if f.name == "status")
    assert status.type.kind == "enum" and "published" in status.type.values
    envelope = {f.name for f in view.envelope}
    assert envelope == {"specversion", "id", "source", "time", "subject", "datacontenttype", "partitionkey"}


def test_an_untyped_payload_is_a_channel_without_event_types() -> None:
    doc = {
        "channels": {"raw": {"address": "some.topic"}},
        "operations": {
            "raw": {
                "action": "receive",
                "channel": {"$ref": "#/channels/raw"},
                "messages": [{"$ref": "#/components/messages/raw"}],
            }
        },
        "components": {"messages": {"raw": {"payload": {"type": "string", "format": "binary"}}}},
    }
    [channel] = asyncapi_view(doc).channels
    assert (channel.title, channel.address, channel.events) == ("raw", "some.topic", ())
    assert field_type({"anyOf": [{"type": "integer"}, {"type": "string"}]}).kind == "choice"
    assert field_type({"const": "tet"}) == FieldType("const", name="tet")
