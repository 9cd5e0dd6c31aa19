"""The event contract: envelope, typed data, bytes on the wire."""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from lichtruc import topics
from lichtruc.events import (
    ROSTER_SOURCE,
    Assignee,
    CloudEvent,
    DailyWindow,
    EventData,
    RequirementSet,
    ShiftPlanned,
    ShiftSnapshot,
    ShiftSwapped,
    UnknownEventType,
    decode,
    encode,
    make_event,
)
from lichtruc.events_accounts import AccountChanged, AccountCreated, AccountRecorded
from lichtruc.events_department import DEPARTMENT_KEY, DepartmentDetails, DepartmentProfileChanged
from lichtruc.transparency import canonical_bytes

EVERY_DIACRITIC = (
    "Nguyễn Thị Ánh Tuyết ăâđêôơư ÁÀẢÃẠ ẮẰẲẴẶ ẤẦẨẪẬ ÉÈẺẼẸ ẾỀỂỄỆ ÍÌỈĨỊ ÓÒỎÕỌ ỐỒỔỖỘ ỚỜỞỠỢ ÚÙỦŨỤ ỨỪỬỮỰ ÝỲỶỸỴ Đđ"
)


def shift_planned(**overrides) -> ShiftPlanned:
    values = dict(
        shift_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        duty_type="leadership",
        starts_at=datetime(2027, 2, 5, 11, tzinfo=UTC),
        ends_at=datetime(2027, 2, 5, 23, tzinfo=UTC),
        assignees=(Assignee(staff_id=uuid.uuid4(), full_name=EVERY_DIACRITIC),),
        notes="Trực đêm giao thừa",
        status="draft",
        version=1,
    )
    values.update(overrides)
    return ShiftPlanned(shift=ShiftSnapshot(**values))


def test_round_trip_keeps_vietnamese_text_byte_for_byte() -> None:
    data = shift_planned()
    event = make_event(
        data,
        source=ROSTER_SOURCE,
        partitionkey=str(data.shift.enterprise_id),
        time=datetime(2027, 1, 20, 3, tzinfo=UTC),
        subject=f"shifts/{data.shift.shift_id}",
    )
    raw = encode(event)

    assert EVERY_DIACRITIC.encode("utf-8") in raw  # raw UTF-8, not \\u escapes
    back = decode(raw)
    assert back == event
    assert back.decoded() == data
    decoded = back.decoded()
    assert isinstance(decoded, ShiftPlanned)
    assert decoded.shift.assignees[0].full_name.encode() == EVERY_DIACRITIC.encode()


def test_envelope_uses_cloudevents_attribute_names_and_versioned_type() -> None:
    data = shift_planned()
    event = make_event(
        data, source=ROSTER_SOURCE, partitionkey=str(data.shift.enterprise_id), time=datetime(2027, 1, 20, tzinfo=UTC)
    )
    doc = event.model_dump(mode="json")

    assert {"id", "source", "type", "specversion", "time", "subject", "datacontenttype", "data"} <= doc.keys()
    assert doc["specversion"] == "1.0"
    assert doc["type"] == "lichtruc.roster.shift.planned.v1"
    assert doc["partitionkey"] == str(data.shift.enterprise_id)
    assert doc["data"]["shift"]["version"] == 1


def test_unknown_type_is_reported_not_guessed() -> None:
    event = CloudEvent(
        id=uuid.uuid4(),
        source="/x",
        type="lichtruc.roster.future.v9",
        partitionkey="e",
        time=datetime(2027, 1, 1, tzinfo=UTC),
        data={},
    )
    with pytest.raises(UnknownEventType, match=re.escape("future.v9")):
        event.decoded()


@pytest.mark.parametrize("raw", [b"not json", b"{}", b'{"id": "x"}', '{"id": "\u00e9"'.encode()])
def test_malformed_bytes_are_a_validation_error(raw: bytes) -> None:
    with pytest.raises(ValidationError):
        decode(raw)


def test_data_rejects_unknown_fields_and_naive_times() -> None:
    with pytest.raises(ValidationError):
        shift_planned(colour="red")
    with pytest.raises(ValidationError):
        shift_planned(starts_at=datetime(2027, 2, 5, 11))


def test_a_newer_producers_fields_are_ignored_at_every_depth_and_required_ones_still_checked() -> None:
    """The tolerant reader (lichtruc.events): fields this version does not know, in the data, in its shift,
    in an assignee and in a requirement's window (a discriminated union), are ignored when an event is read;
    building one with such a field is refused (the strict writer); a missing required field still fails."""
    event = make_event(
        shift_planned(),
        source=ROSTER_SOURCE,
        partitionkey=str(uuid.uuid4()),
        time=datetime(2027, 2, 1, tzinfo=UTC),
    )
    doc = event.model_dump(mode="json")
    doc["data"]["priority"] = "cao"
    doc["data"]["shift"]["handover_note"] = "Bàn giao chìa khóa phòng máy"
    doc["data"]["shift"]["assignees"][0]["phone"] = "0901234567"
    newer = decode(json.dumps(doc, ensure_ascii=False).encode())
    assert newer.data["shift"]["handover_note"] == "Bàn giao chìa khóa phòng máy"  # the envelope keeps it as sent
    read = newer.decoded()
    assert isinstance(read, ShiftPlanned) and read == event.decoded()
    assert "handover_note" not in read.shift.model_dump() and "phone" not in read.shift.assignees[0].model_dump()

    requirement = RequirementSet(
        requirement_id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        duty_type="operations",
        window=DailyWindow(start_local="00:00", end_local="00:00"),
        minimum=2,
        version=1,
    )
    data = requirement.model_dump(mode="json")
    data["window"]["timezone"] = "Asia/Ho_Chi_Minh"
    requirement_event = CloudEvent(
        id=uuid.uuid4(),
        source=ROSTER_SOURCE,
        type=RequirementSet.event_type,
        partitionkey=str(requirement.enterprise_id),
        time=datetime(2027, 2, 1, tzinfo=UTC),
        data=data,
    )
    assert requirement_event.decoded() == requirement

    with pytest.raises(ValidationError, match="colour"):
        ShiftPlanned.model_validate({**event.data, "colour": "red"})  # building (not reading) stays strict
    del doc["data"]["shift"]["duty_type"]
    with pytest.raises(ValidationError, match="duty_type"):
        decode(json.dumps(doc).encode()).decoded()


GOLDEN_ID = "0b6f5d4c-3a2b-4c1d-8e9f-00000000000"
"""The fixed ids of the golden event below (…1 the shift, …2 the enterprise, …3 the staff member, …4 the event)."""

GOLDEN_CANONICAL = (
    '{"data":{"actor":null,"shift":{"assignees":[{"full_name":"Nguyễn Thị Ánh Tuyết","qualified":true,'
    '"staff_id":"0b6f5d4c-3a2b-4c1d-8e9f-000000000003"}],"campaign_id":null,"covers_site_ids":[],'
    '"duty_type":"leadership","ends_at":"2027-02-05T23:00:00Z","enterprise_id":"0b6f5d4c-3a2b-4c1d-8e9f-000000000002",'
    '"notes":"Trực đêm giao thừa","shift_id":"0b6f5d4c-3a2b-4c1d-8e9f-000000000001","site_id":null,'
    '"starts_at":"2027-02-05T11:00:00Z","status":"published","version":1,"warnings":[]}},'
    '"datacontenttype":"application/json","id":"0b6f5d4c-3a2b-4c1d-8e9f-000000000004",'
    '"partitionkey":"0b6f5d4c-3a2b-4c1d-8e9f-000000000002","source":"/lichtruc/roster","specversion":"1.0",'
    '"subject":"shifts/0b6f5d4c-3a2b-4c1d-8e9f-000000000001","time":"2027-02-01T03:00:00Z",'
    '"type":"lichtruc.roster.shift.planned.v1"}'
)
"""Audit's canonical bytes of that event as logged since the log began: what its chain and its Merkle
leaf hash. A change to how events are read must not change them, or the logs already kept would not
match what a rebuild or a checker derives again."""


def test_audit_hashes_the_envelope_as_sent_and_an_event_without_unknown_fields_keeps_its_bytes() -> None:
    """The bytes audit's log keeps and hashes (`canonical_bytes` of the envelope read off Kafka,
    audit.db.log): an event this version writes has the bytes it always had; a newer producer's event
    keeps every field it sent, its unknown data fields at each depth and an envelope extension attribute
    too, so that the hash is over what the producer sent, while its decoded data is what this version knows."""
    shift = ShiftSnapshot(
        shift_id=uuid.UUID(GOLDEN_ID + "1"),
        enterprise_id=uuid.UUID(GOLDEN_ID + "2"),
        duty_type="leadership",
        starts_at=datetime(2027, 2, 5, 11, tzinfo=UTC),
        ends_at=datetime(2027, 2, 5, 23, tzinfo=UTC),
        assignees=(Assignee(staff_id=uuid.UUID(GOLDEN_ID + "3"), full_name="Nguyễn Thị Ánh Tuyết"),),
        notes="Trực đêm giao thừa",
        status="published",
        version=1,
    )
    event = make_event(
        ShiftPlanned(shift=shift),
        source=ROSTER_SOURCE,
        partitionkey=str(shift.enterprise_id),
        time=datetime(2027, 2, 1, 3, tzinfo=UTC),
        subject=f"shifts/{shift.shift_id}",
        event_id=uuid.UUID(GOLDEN_ID + "4"),
    )
    assert event.model_extra == {}  # building an event adds no extension attribute
    assert canonical_bytes(decode(encode(event)).model_dump(mode="json")) == GOLDEN_CANONICAL.encode("utf-8")

    sent = json.loads(encode(event))
    sent["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    sent["data"]["priority"] = "cao"
    sent["data"]["shift"]["handover_note"] = "Bàn giao chìa khóa phòng máy"
    sent["data"]["shift"]["assignees"][0]["phone"] = "0901 234 567"
    raw = json.dumps(sent, ensure_ascii=False).encode("utf-8")
    received = decode(raw)
    assert canonical_bytes(received.model_dump(mode="json")) == canonical_bytes(sent)  # nothing lost
    assert json.loads(encode(received)) == sent  # passed on (a DLQ replay) as it came
    assert received.decoded() == event.decoded()  # what this version knows of it
    logged = canonical_bytes(received.model_dump(mode="json")).decode("utf-8")
    for kept in ('"traceparent":"00-4bf9', '"priority":"cao"', '"handover_note":"Bàn giao', '"phone":"0901 234 567"'):
        assert kept in logged


def test_an_approved_swap_carries_the_managers_note_and_one_published_before_reads_without_it() -> None:
    snapshot = shift_planned().shift.model_copy(update={"status": "published", "version": 2})
    data = ShiftSwapped(
        shift=snapshot,
        swap_id=uuid.uuid4(),
        from_staff_id=uuid.uuid4(),
        to_staff_id=uuid.uuid4(),
        note="Đã báo trưởng trạm",
        actor="manager@vnpt-longan.vn",
    )
    event = make_event(
        data, source=ROSTER_SOURCE, partitionkey=str(snapshot.enterprise_id), time=datetime(2027, 2, 1, tzinfo=UTC)
    )
    back = decode(encode(event)).decoded()
    assert isinstance(back, ShiftSwapped) and back.note == "Đã báo trưởng trạm"

    old = event.model_dump(mode="json")
    del old["data"]["note"]  # as roster published it before the note was carried
    before = decode(json.dumps(old).encode()).decoded()
    assert isinstance(before, ShiftSwapped) and before.note is None and before.swap_id == data.swap_id
    with pytest.raises(ValidationError):  # as long as the approval's note may be (2,000 characters)
        ShiftSwapped.model_validate({**data.model_dump(mode="json"), "note": "x" * 2001})


def test_every_event_type_is_versioned_and_registered() -> None:
    names = sorted(EventData.registry)
    assert len(names) >= 19
    for name in names:
        assert name.startswith(("lichtruc.roster.", "lichtruc.audit.")) and name.endswith(".v1"), name


def test_a_change_of_the_department_details_carries_both_profiles_and_names_only_its_fields() -> None:
    before = DepartmentDetails(
        province="Long An",
        department="Sở Thông tin và Truyền thông",
        abbreviation="STTTT",
        superior="UBND TỈNH LONG AN",
        place="Long An",
        report_recipients=("Lưu: VT",),
        summary_recipients=("UBND tỉnh Long An", "Lưu: VT"),
    )
    after = before.model_copy(update={"province": "Đồng Tháp"})
    data = DepartmentProfileChanged(profile=after, previous=before, changed=("province",), version=2, actor="quantri")
    event = make_event(data, source=ROSTER_SOURCE, partitionkey=str(DEPARTMENT_KEY), time=datetime.now(UTC))
    assert EventData.registry[DepartmentProfileChanged.event_type] is DepartmentProfileChanged
    assert decode(encode(event)).decoded() == data and "Đồng Tháp".encode() in encode(event)
    first = DepartmentProfileChanged(profile=before, changed=("province",), version=1)
    assert first.previous is None  # the first save has nothing before it
    with pytest.raises(ValidationError):
        DepartmentProfileChanged(profile=after, changed=("letterhead",), version=2)  # only the profile's fields
    with pytest.raises(ValidationError):
        DepartmentProfileChanged.model_validate(  # a document has at least one recipient
            {"profile": {**after.model_dump(), "report_recipients": []}, "version": 2}
        )
    # the abbreviation the documents' numbers print came later: an event published before it reads, with none
    published = event.model_dump(mode="json")
    for details in (published["data"]["profile"], published["data"]["previous"]):
        details.pop("abbreviation")
    old = decode(json.dumps(published).encode()).decoded()
    assert isinstance(old, DepartmentProfileChanged) and old.profile.abbreviation is None and old.version == 2
    merged = DepartmentProfileChanged(
        profile=after.model_copy(update={"abbreviation": "SKHCN"}),
        previous=before,
        changed=("abbreviation",),
        version=3,
    )
    again = make_event(merged, source=ROSTER_SOURCE, partitionkey=str(DEPARTMENT_KEY), time=datetime.now(UTC))
    assert decode(encode(again)).decoded() == merged
    for wrong in ("skhcn", "S KHCN", "BC-SKHCN", ""):  # as a document's number prints it
        with pytest.raises(ValidationError):
            DepartmentDetails.model_validate({**after.model_dump(), "abbreviation": wrong})


def test_requirement_window_is_a_tagged_union() -> None:
    data = RequirementSet(
        requirement_id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        duty_type="operations",
        window={"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
        minimum=2,
        peak_minimum=3,
        version=1,
    )
    assert isinstance(data.window, DailyWindow)
    with pytest.raises(ValidationError):
        RequirementSet.model_validate(
            {**data.model_dump(mode="json"), "window": {"kind": "daily", "start_local": "25:00", "end_local": "00:00"}}
        )


def test_topic_names() -> None:
    assert topics.dlq(topics.ROSTER_EVENTS) == "lichtruc.roster.events.v1.dlq"
    assert topics.with_prefix("", topics.ROSTER_EVENTS) == topics.ROSTER_EVENTS
    assert topics.with_prefix("t1", topics.ROSTER_EVENTS) == "t1.lichtruc.roster.events.v1"


def test_decoded_data_is_nfc_down_to_nested_models_whichever_way_it_was_typed() -> None:
    import json
    import unicodedata

    from lichtruc.events import ROSTER_SOURCE, decode, encode, make_event

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    event = make_event(shift_planned(), source=ROSTER_SOURCE, partitionkey="k", time=datetime(2027, 1, 1, tzinfo=UTC))
    body = json.loads(encode(event))
    body["data"]["shift"]["assignees"][0]["full_name"] = nfd
    body["data"]["shift"]["notes"] = unicodedata.normalize("NFD", "Trực Tết")
    for wire in (json.dumps(body).encode(), json.dumps(body, ensure_ascii=False).encode()):
        data = decode(wire).decoded()
        assert isinstance(data, ShiftPlanned)
        assert data.shift.assignees[0].full_name == "Nguyễn Thị Ánh Tuyết" != nfd
        assert data.shift.notes == "Trực Tết"
    # a model built in code (not read from Kafka) is normalised too
    assert Assignee(staff_id=uuid.uuid4(), full_name=nfd).full_name == "Nguyễn Thị Ánh Tuyết"


def test_nfc_of_json_data_is_the_nfc_of_each_string() -> None:
    import unicodedata

    from lichtruc.text import nfc, nfc_json

    nfd = unicodedata.normalize("NFD", EVERY_DIACRITIC)
    data = {"a": [nfd, {"b": nfd + "\u0301", nfd: None}], "c": 1.5, "d": True, "e": "plain", "f": "\u0301x"}
    assert nfc_json(data) == nfc(data)
    assert nfc_json(data)["a"][0] == EVERY_DIACRITIC
    ascii_only = {"a": ["x", {"b": 1}]}
    assert nfc_json(ascii_only) is ascii_only
    # numbers come back as they were, NaN and big integers included (JSON the parser accepts)
    numbers = {"name": nfd, "nan": float("nan"), "inf": float("-inf"), "big": 2**80, "tiny": 1e-7, "tenth": 0.1}
    normalised = nfc_json(numbers)
    assert normalised["name"] == EVERY_DIACRITIC and math.isnan(normalised["nan"])
    assert (normalised["inf"], normalised["big"], normalised["tiny"], normalised["tenth"]) == (
        float("-inf"),
        2**80,
        1e-7,
        0.1,
    )
    assert type(normalised["big"]) is int


def test_an_account_event_names_what_changed_and_has_no_room_for_a_secret() -> None:
    state = dict(
        account_id=uuid.uuid4(),
        login="anhtuyet@vnpt-longan.vn",
        display_name="Nguyễn Thị Ánh Tuyết",
        role="manager",
        enterprise_ids=(uuid.uuid4(),),
        active=True,
        version=2,
    )
    changed = AccountChanged(**state, changed=("role", "password"))
    event = make_event(changed, source=ROSTER_SOURCE, partitionkey=str(state["account_id"]), time=datetime.now(UTC))
    assert decode(encode(event)).decoded() == changed
    assert "Nguyễn Thị Ánh Tuyết".encode() in encode(event)  # diacritics as they are, not escaped
    with pytest.raises(ValidationError):
        AccountChanged(**state, changed=())  # a change says what changed
    with pytest.raises(ValidationError):
        AccountChanged(**state, changed=("password_hash",))
    with pytest.raises(ValidationError):
        AccountCreated(**state, password_hash="$argon2id$…")  # type: ignore[call-arg]  # no field for it
    with pytest.raises(ValidationError):
        AccountRecorded(**state, password_hash="$argon2id$…")  # type: ignore[call-arg]
    recorded = AccountRecorded(**state, actor="command line")
    event = make_event(recorded, source=ROSTER_SOURCE, partitionkey=str(state["account_id"]), time=datetime.now(UTC))
    assert event.type == "lichtruc.roster.account.recorded.v1" and decode(encode(event)).decoded() == recorded
    with pytest.raises(ValidationError):
        AccountCreated(**{**state, "role": "superuser"})
