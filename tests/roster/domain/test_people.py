"""Which registered records a staff row may be (domain/people.py), matched in memory."""

from __future__ import annotations

import uuid

from roster.domain.people import PersonRecord, records_naming


def record(name: str, *, email: str | None = None, phone: str | None = None, national_id: str | None = None):
    staff_id = uuid.uuid4()
    return PersonRecord(staff_id, staff_id, uuid.uuid4(), "VNPT Lai Châu", name, email, phone, national_id)


def test_records_naming_keeps_those_sharing_an_email_a_phone_either_way_or_an_id_in_their_order() -> None:
    by_phone = record("Tao Văn Sương", phone="+84912345678")
    by_email = record("Lò Thị Mai", email="mai@gmail.com")
    by_id = record("Vàng A Chứ", national_id="012345678901")
    stranger = record("Giàng Thị Sú", email="su@gmail.com", phone="0987654321", national_id="999999999999")
    pool = [by_phone, stranger, by_email, by_id]
    assert records_naming(pool, email="mai@gmail.com", phone="0912345678", national_id="012345678901") == [
        by_phone,
        by_email,
        by_id,
    ]
    assert records_naming(pool, email=None, phone=None, national_id=None) == []
    assert records_naming(pool, email="other@gmail.com", phone="0900000000", national_id=None) == []
