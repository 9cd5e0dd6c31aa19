"""The inspector's incidents, pure: what changed from one version of an incident to the next (read from
the whole states audit keeps, a version that never reached audit skipped), and the province list's filters
turned into audit's query (the campaign shown, days of detection as Vietnam-time instants)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from portal.domain.incidents import (
    ALL_CAMPAIGNS,
    OPEN_TOO_LONG,
    RESENT_WITHIN,
    Change,
    ProvinceFilters,
    history_steps,
    open_age,
    record_form_problems,
    resent_incident,
    version_changes,
)

TET = "11111111-1111-1111-1111-111111111111"
DANH = {
    "staff_id": "s1",
    "full_name": "Trương Công Danh",
    "added_at": "2027-02-05T23:52:00+07:00",
    "on_duty": True,
}
PHUC = {"staff_id": "s2", "full_name": "Lâm Hoàng Phúc", "added_at": "2027-02-06T00:05:00+07:00", "on_duty": False}
FOUND = {"at": "2027-02-06T00:20:00+07:00", "note": "Đã xác định điểm đứt", "by": "admin", "by_name": "Quản trị"}
FIXED = {"at": "2027-02-06T01:55:00+07:00", "note": "Đã hàn nối xong", "by": "admin", "by_name": "Quản trị"}
OPENED: dict[str, Any] = {
    "status": "open",
    "severity": "serious",
    "detected_at": "2027-02-05T23:40:00+07:00",
    "site_name": "Trạm viễn thông Hưng Điền",
    "district": "Tân Hưng",
    "services": ["internet", "fixed_line"],
    "border": True,
    "agency_links": False,
    "description": "Đứt cáp quang",
    "responders": [],
    "updates": [],
    "restored_at": None,
    "cause": None,
    "closing_note": None,
    "resolved_at": None,
}


def state(**changes: Any) -> dict[str, Any]:
    return {**OPENED, **changes}


def test_the_first_version_is_the_recording_and_an_unchanged_one_changes_nothing() -> None:
    assert version_changes(None, OPENED) == [Change("opened", after="open")]
    assert version_changes(OPENED, state()) == []


def test_responders_and_updates_added_are_each_named_in_their_order() -> None:
    assert version_changes(OPENED, state(responders=[DANH])) == [Change("responder_added", after=DANH)]
    both = state(responders=[DANH, PHUC], updates=[FOUND])
    assert version_changes(state(responders=[DANH]), both) == [
        Change("responder_added", after=PHUC),
        Change("update_added", after=FOUND),
    ]
    # An update repeated word for word at another time is another update; one already there is not added again.
    again = {**FOUND, "at": "2027-02-06T00:40:00+07:00"}
    assert version_changes(both, {**both, "updates": [FOUND, again]}) == [Change("update_added", after=again)]
    assert version_changes(state(responders=[DANH, PHUC]), state(responders=[PHUC])) == [
        Change("responder_removed", before=DANH)
    ]


def test_the_closing_facts_and_the_incidents_own_facts_with_their_values_before_and_after() -> None:
    restored = state(updates=[FIXED], restored_at="2027-02-06T01:55:00+07:00")
    assert version_changes(OPENED, restored) == [
        Change("update_added", after=FIXED),
        Change("restored_at", None, "2027-02-06T01:55:00+07:00"),
    ]
    resolved = {
        **restored,
        "status": "resolved",
        "cause": "Xe cơ giới kéo đứt cáp",
        "closing_note": "Đã thay 200 m cáp",
        "resolved_at": "2027-02-06T02:10:00+07:00",
    }
    assert version_changes(restored, resolved) == [
        Change("status", "open", "resolved"),
        Change("cause", None, "Xe cơ giới kéo đứt cáp"),
        Change("closing_note", None, "Đã thay 200 m cáp"),
        Change("resolved_at", None, "2027-02-06T02:10:00+07:00"),
    ]
    edited = state(
        severity="critical",
        services=["internet"],
        border=False,
        agency_links=True,
        site_name=None,
        description="Đứt cáp quang tuyến Hưng Điền",
    )
    assert version_changes(OPENED, edited) == [
        Change("severity", "serious", "critical"),
        Change("place", "Trạm viễn thông Hưng Điền (Tân Hưng)", "Tân Hưng"),
        Change("services", ["internet", "fixed_line"], ["internet"]),
        Change("border", True, False),
        Change("agency_links", False, True),
        Change("description", "Đứt cáp quang", "Đứt cáp quang tuyến Hưng Điền"),
    ]


def test_the_history_in_version_order_each_step_against_the_last_version_audit_has() -> None:
    history = [  # as audit may list them; version 3 never reached it
        {"version": 4, "incident": state(responders=[DANH], updates=[FOUND])},
        {"version": 1, "incident": OPENED},
        {"version": 2, "incident": state(responders=[DANH])},
    ]
    steps = history_steps(history)
    assert [(s.version["version"], s.since, s.skipped) for s in steps] == [
        (1, None, False),
        (2, 1, False),
        (4, 2, True),
    ]
    assert [s.changes for s in steps] == [
        [Change("opened", after="open")],
        [Change("responder_added", after=DANH)],
        [Change("update_added", after=FOUND)],
    ]


def test_the_filters_as_audits_query_with_the_campaign_shown_and_days_in_vietnam_time() -> None:
    typed = ProvinceFilters.from_query(
        {"from_day": " 2027-02-05 ", "to_day": "2027-02-06", "border": "true", "severity": "", "lang": "vi"}
    )
    assert typed.errors() == {}
    assert typed.api_params(campaign_id=TET) == {
        "campaign_id": TET,
        "border": "true",
        "detected_from": "2027-02-05T00:00:00+07:00",
        "detected_to": "2027-02-07T00:00:00+07:00",  # the last day included
    }
    assert typed.api_params(campaign_id=ALL_CAMPAIGNS) == {
        "border": "true",
        "detected_from": "2027-02-05T00:00:00+07:00",
        "detected_to": "2027-02-07T00:00:00+07:00",
    }
    assert typed.query(campaign_id=TET) == {
        "campaign_id": TET,
        "from_day": "2027-02-05",
        "to_day": "2027-02-06",
        "border": "true",
    }
    assert ProvinceFilters(from_day="2027-02-31").errors() == {"from_day": "bad_day"}
    assert ProvinceFilters(from_day="2027-02-06", to_day="2027-02-05").errors() == {"to_day": "days_out_of_order"}


def test_the_record_form_s_mistakes_are_found_all_at_once() -> None:
    """Every mistake of the record form in one answer, in the form's order; a detection up to 5 minutes ahead (a
    device's clock running fast) is no mistake, one a second more is."""
    now = datetime(2027, 2, 6, 2, 0, tzinfo=UTC)
    good: dict[str, Any] = {
        "enterprise_id": "e1",
        "detected_at": now,
        "detected_readable": True,
        "site_id": "site1",
        "district": "",
        "services": ["mobile"],
        "severity": "minor",
        "description": "Mất sóng",
        "severities": ("minor", "serious", "critical"),
        "now": now,
    }
    assert record_form_problems(**good) == {}
    assert record_form_problems(**{**good, "site_id": "", "district": "Tân Hưng"}) == {}
    assert record_form_problems(**{**good, "detected_at": now + timedelta(minutes=5)}) == {}
    assert record_form_problems(
        **{
            **good,
            "enterprise_id": " ",
            "detected_at": now + timedelta(minutes=5, seconds=1),
            "site_id": "",
            "services": [],
            "severity": "",
            "description": " ",
        }
    ) == {
        "enterprise_id": "enterprise",
        "detected_at": "future",
        "site_id": "place",
        "services": "services",
        "severity": "severity",
        "description": "description",
    }
    assert record_form_problems(**{**good, "detected_at": None, "detected_readable": False}) == {"detected_at": "time"}
    assert record_form_problems(**{**good, "detected_at": None}) == {"detected_at": "time"}


def test_an_incident_sent_again_is_the_same_persons_same_facts_minutes_ago() -> None:
    """resent_incident: the same account, within RESENT_WITHIN, the same enterprise, place, services, severity and
    description (its spaces and letter case apart), detected within RESENT_WITHIN; anything else is another
    incident."""
    now = datetime(2027, 2, 6, 2, 0, tzinfo=UTC)
    body = {
        "enterprise_id": "e1",
        "detected_at": "2027-02-06T08:50:00+07:00",
        "site_id": None,
        "district": "Tân Hưng",
        "services": ["mobile", "internet"],
        "severity": "minor",
        "description": "Mất sóng di động",
    }
    made = {
        **body,
        "id": "i1",
        "detected_at": "2027-02-06T01:50:00Z",
        "district": "tân hưng",
        "services": ["internet", "mobile"],
        "description": " Mất sóng di động ",
        "opened_by": "hung@vnpt.vn",
        "created_at": "2027-02-06T01:51:00Z",
    }
    assert resent_incident(body, [made], login="hung@vnpt.vn", now=now) == made
    # the detection box left as drawn, drawn again from the clock when Back showed the form anew
    assert resent_incident(body, [{**made, "detected_at": "2027-02-06T01:46:00Z"}], login="hung@vnpt.vn", now=now)
    for other in (
        {"opened_by": "anh@vnpt.vn"},
        {"created_at": (now - RESENT_WITHIN - timedelta(seconds=1)).isoformat()},
        {"created_at": None},
        {"enterprise_id": "e2"},
        {"detected_at": "2027-02-06T02:00:01Z"},
        {"district": "Mộc Hóa"},
        {"site_id": "site1"},
        {"services": ["mobile"]},
        {"severity": "serious"},
        {"description": "Mất sóng di động lần hai"},
    ):
        assert resent_incident(body, [{**made, **other}], login="hung@vnpt.vn", now=now) is None, other
    assert resent_incident({**body, "detected_at": None}, [made], login="hung@vnpt.vn", now=now) is None


# --- how long an open incident has been open (QZ27 #10) ------------------------------------------------------


def test_an_open_incident_is_aged_in_whole_days_hours_or_minutes_and_too_long_past_a_day() -> None:
    detected = datetime(2027, 2, 7, 2, 15, tzinfo=UTC)  # 09:15 07/02 in Vietnam
    nine_days_on = open_age(detected, now=datetime(2027, 2, 16, 2, 0, tzinfo=UTC))  # 09:00 16/02
    assert (nine_days_on.days, nine_days_on.too_long) == (8, True)  # 8 days 23 h 45 min: whole days, not rounded up
    assert open_age(detected, now=detected + timedelta(hours=5, minutes=59)).hours == 5
    assert open_age(detected, now=detected + timedelta(minutes=40)).minutes == 40
    assert not open_age(detected, now=detected + OPEN_TOO_LONG).too_long  # a day exactly: not yet
    assert open_age(detected, now=detected + OPEN_TOO_LONG + timedelta(minutes=1)).too_long
    ahead = open_age(detected, now=detected - timedelta(minutes=3))  # the portal's clock a little behind
    assert (ahead.days, ahead.minutes, ahead.too_long) == (0, 0, False)
