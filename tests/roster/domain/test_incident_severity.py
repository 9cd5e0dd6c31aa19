"""Roster's `severe` flag follows the rule notifier alerts the Department by (issue 15, part 1):
critical or serious, or any incident with border or Party/State agency impact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from incident_kit import incident

from roster.domain.incidents import Incident

AT = datetime(2027, 2, 5, 16, 40, tzinfo=UTC)


def _incident(severity: str, *, border: bool = False, agency_links: bool = False) -> Incident:
    return incident(
        detected_at=AT, severity=severity, border=border, agency_links=agency_links, description="Đứt cáp quang"
    )


@pytest.mark.parametrize(
    ("severity", "border", "agency_links", "severe"),
    [
        ("minor", False, False, False),
        ("minor", True, False, True),
        ("minor", False, True, True),
        ("serious", False, False, True),
        ("critical", False, False, True),
        ("serious", True, True, True),
    ],
)
def test_the_department_hears_of_severe_border_and_party_state_incidents(
    severity: str, border: bool, agency_links: bool, severe: bool
) -> None:
    assert _incident(severity, border=border, agency_links=agency_links).severe is severe
