"""A responder added by mistake is taken off an open incident (Z13): the incident's next version lists them no more,
and an IncidentResponderRemoved carries who was taken off and why. A resolved incident keeps its responders, and
someone who is no responder (taken off already) is refused naming them, in both languages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from incident_kit import incident

from lichtruc.events_incidents import IncidentResponderRemoved
from roster.domain.errors import Conflict
from roster.domain.incidents import Incident

DETECTED = datetime(2027, 2, 6, 2, 10, tzinfo=UTC)  # 09:10 on Mùng 1 Tết
NOW = DETECTED + timedelta(hours=1)
AN, BINH = uuid.uuid4(), uuid.uuid4()


def _with_two() -> Incident:
    opened = incident(detected_at=DETECTED, district="Đức Huệ", status="open", version=1)
    an = opened.add_responder(staff_id=AN, full_name="Nguyễn Văn An", on_duty=True, now=NOW, actor="m").incident
    return an.add_responder(staff_id=BINH, full_name="Lê Văn Bình", on_duty=False, now=NOW, actor="m").incident


def test_a_responder_taken_off_is_listed_no_more_and_the_event_says_who_and_why() -> None:
    before = _with_two()
    change = before.remove_responder(staff_id=BINH, who="?", reason="Thêm nhầm người", now=NOW, actor="m@vnpt.vn")
    after = change.incident
    assert [r.full_name for r in after.responders] == ["Nguyễn Văn An"] and after.version == before.version + 1
    event = change.event
    assert isinstance(event, IncidentResponderRemoved)
    assert (event.responder.staff_id, event.responder.full_name, event.responder.on_duty) == (
        BINH,
        "Lê Văn Bình",
        False,
    )
    assert (event.reason, event.actor, event.incident.version) == ("Thêm nhầm người", "m@vnpt.vn", after.version)
    assert [r.staff_id for r in event.incident.responders] == [AN]
    without_reason = after.remove_responder(staff_id=AN, who="?", reason=None, now=NOW, actor=None)
    assert without_reason.incident.responders == () and without_reason.event.reason is None  # type: ignore[attr-defined]


def test_someone_no_longer_responding_is_refused_by_name() -> None:
    after = _with_two().remove_responder(staff_id=BINH, who="?", reason=None, now=NOW, actor=None).incident
    with pytest.raises(Conflict) as refused:
        after.remove_responder(staff_id=BINH, who="Lê Văn Bình", reason=None, now=NOW, actor=None)
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("staff_id", "responder-listed")
    assert "Lê Văn Bình" in error.message and "Lê Văn Bình không có trong danh sách ứng cứu" in error.message_vi


def test_a_resolved_incident_keeps_its_responders() -> None:
    resolved = _with_two().resolve(
        cause="Đứt cáp", closing_note="Đã hàn nối", restored_at=NOW, now=NOW + timedelta(minutes=5), actor="m"
    )
    with pytest.raises(Conflict) as refused:
        resolved.incident.remove_responder(staff_id=BINH, who="?", reason=None, now=NOW, actor=None)
    assert refused.value.errors[0].rule == "incident-open"
    assert "không thể gỡ người ứng cứu" in refused.value.errors[0].message_vi
