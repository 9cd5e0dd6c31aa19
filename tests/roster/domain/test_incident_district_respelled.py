"""An administrator's merge of a district's spellings rewrites the incidents written with them
(handlers/districts.py): open or resolved, the incident's district is written the province's way, its version
goes up by one and an IncidentUpdated says so (change "district_merged"); what happened is unchanged. Another
district is refused, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from incident_kit import incident

from lichtruc.events_incidents import IncidentUpdated
from roster.domain.errors import RuleViolation
from roster.domain.incidents import Incident

DETECTED = datetime(2027, 2, 6, 2, 10, tzinfo=UTC)  # 09:10 on Mùng 1 Tết
NOW = datetime(2027, 2, 8, 3, 0, tzinfo=UTC)


def _incident(status: str = "open") -> Incident:
    return incident(
        detected_at=DETECTED,
        district="duc hue",
        border=True,
        severity="serious",
        description="Đứt cáp quang tuyến xã biên giới",
        status=status,
        version=3,
        updated_at=DETECTED + timedelta(hours=1),
    )


@pytest.mark.parametrize("status", ["open", "resolved"])
def test_the_district_is_written_the_provinces_way_open_or_resolved(status: str) -> None:
    before = _incident(status)
    change = before.respell_district("Đức Huệ", now=NOW, actor="admin@lichtruc.local")
    after = change.incident
    assert (after.district, after.version, after.updated_at, after.status) == ("Đức Huệ", 4, NOW, status)
    assert replace(after, district=before.district, version=3, updated_at=before.updated_at) == before
    assert isinstance(change.event, IncidentUpdated) and change.event.change == "district_merged"
    assert change.event.incident.district == "Đức Huệ" and change.event.incident.version == 4
    assert change.event.actor == "admin@lichtruc.local" and change.warnings == ()


def test_another_district_is_refused_in_both_languages() -> None:
    with pytest.raises(RuleViolation) as refused:
        _incident().respell_district("Bến Lức", now=NOW, actor=None)
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("district", "same-district")
    assert "Bến Lức" in error.message and "Bến Lức" in error.message_vi and "không phải" in error.message_vi
