"""The readiness answer as Prometheus text: states as 0/1, numbers as gauges, instants as ages."""

from __future__ import annotations

from datetime import UTC, datetime

from lichtruc.web import prometheus_text


def test_checks_numbers_and_instants_become_gauges() -> None:
    text = prometheus_text(
        {"database": "ok", "kafka": "unavailable: ConnectionError()"},
        {
            "outbox": {"pending": 7, "oldest_pending_at": "2027-02-05T16:59:30+00:00"},
            "note": "words are left out",
            "relay": {"running": True},
        },
        now=datetime(2027, 2, 5, 17, 0, tzinfo=UTC),
    )
    assert text.splitlines() == [
        "# TYPE lichtruc_dependency_up gauge",
        'lichtruc_dependency_up{dependency="database"} 1',
        'lichtruc_dependency_up{dependency="kafka"} 0',
        "lichtruc_outbox_pending 7",
        "lichtruc_outbox_oldest_pending_age_seconds 30.000",
        "lichtruc_relay_running 1",
    ]


def test_an_empty_backlog_has_no_age() -> None:
    text = prometheus_text(
        {"database": "ok"}, {"outbox": {"pending": 0, "oldest_pending_at": None}}, now=datetime(2027, 2, 5, tzinfo=UTC)
    )
    assert "lichtruc_outbox_pending 0" in text and "age_seconds" not in text
