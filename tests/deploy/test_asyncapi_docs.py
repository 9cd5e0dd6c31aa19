"""The committed AsyncAPI and OpenAPI documents are the ones the code generates."""

from __future__ import annotations

import json

from devstack.asyncapi import DOCS, OPENAPI_DOCS, generate


def test_committed_asyncapi_documents_are_current() -> None:
    for name, text in generate().items():
        committed = (DOCS / f"{name}.json").read_text(encoding="utf-8")
        assert committed == text, f"docs/asyncapi/{name}.json is stale: run `make asyncapi` and commit it"


def test_documents_name_the_roster_topic_and_the_envelope() -> None:
    docs = generate()
    for name in ("roster", "notifier", "audit"):
        assert '"lichtruc.roster.events.v1"' in docs[name]
    # The envelope is documented per event type (lichtruc.event_schema): the CloudEvent carrying the model.
    assert '"ShiftPlannedEvent"' in docs["roster"] and '"specversion"' in docs["roster"]
    assert '"CoverageGapOpenedEvent"' in docs["audit"] and '"CoverageGapOpenedEvent"' in docs["notifier"]


def test_committed_openapi_documents_are_current() -> None:
    for name, text in generate("openapi").items():
        committed = (OPENAPI_DOCS / f"{name}.json").read_text(encoding="utf-8")
        assert committed == text, f"docs/openapi/{name}.json is stale: run `make asyncapi` and commit it"


def test_the_ics_feeds_summary_says_closed_days_are_events_too() -> None:
    """QA: the summary said "one event per open session"; a closed day is an all-day event of the feed too."""
    operation = json.loads(generate("openapi")["roster"])["paths"]["/public/transaction-hours.ics"]["get"]
    assert "one event per open session" not in operation["summary"]
    assert "all-day event per closed day" in operation["summary"]
    assert "Nghỉ giao dịch" in operation["description"]
