"""`db.raw.RecordRow`: an asyncpg record read by attribute, as the row mappers read SQLAlchemy's rows (the batch's
reads of people, entries and reminders go through it)."""

from __future__ import annotations

import uuid

import pytest

from notifier.db.raw import RecordRow
from notifier.db.readmodel import person_from_row
from notifier.domain.model import Person


def test_a_record_reads_by_attribute_and_a_missing_column_is_an_attribute_error() -> None:
    staff_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    record = {
        "staff_id": staff_id,
        "enterprise_id": enterprise_id,
        "full_name": "Nguyễn Thị Ánh Tuyết",
        "email": "tuyet@example.vn",
        "phone": None,
        "language": "vi",
        "active": True,
        "version": 3,
        "updated_at": None,  # a column the record type has no field for
    }
    row = RecordRow(record)
    assert row.full_name == "Nguyễn Thị Ánh Tuyết" and row.phone is None
    assert isinstance(row, RecordRow) and not isinstance(row, Person)
    with pytest.raises(AttributeError):
        _ = row.site_id
    assert getattr(row, "site_id", "none") == "none"
    assert person_from_row(row) == Person(
        staff_id, enterprise_id, "Nguyễn Thị Ánh Tuyết", "tuyet@example.vn", None, "vi", True, 3
    )
