"""Which registered records a staff row may be (domain/people.py), matched in memory."""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid

from hypothesis import given
from hypothesis import strategies as st

from roster.domain.people import PersonIndex, PersonRecord, name_capitalised, records_naming
from roster.domain.values import person_name


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


EMAILS = st.sampled_from([None, "mai@gmail.com", "su@gmail.com", "chu@vnpt.vn"])
PHONES = st.sampled_from([None, "0912345678", "+84912345678", "0987654321", "+84987654321"])
IDS = st.sampled_from([None, "012345678901", "999999999999"])


@given(
    records=st.lists(st.tuples(EMAILS, PHONES, IDS), max_size=12),
    changes=st.lists(st.tuples(st.integers(0, 11), EMAILS, PHONES, IDS), max_size=6),
    asked=st.tuples(EMAILS, PHONES, IDS),
)
def test_the_index_names_what_records_naming_names_in_the_same_order(records, changes, asked) -> None:
    """The import's index (PersonIndex) against the plain scan, with records added and then changed in
    place (an updated row of the file), as the import does."""
    pool = [record(f"Người {i}", email=e, phone=p, national_id=n) for i, (e, p, n) in enumerate(records)]
    index = PersonIndex(pool[: len(pool) // 2])
    for r in pool[len(pool) // 2 :]:
        index.add(r)
    for at, e, p, n in changes:
        if at < len(pool):
            pool[at] = dataclasses.replace(pool[at], email=e, phone=p, national_id=n)
            index.replace(pool[at])
    index.replace(record("Không có trong danh sách", email="mai@gmail.com"))  # not there: nothing changes
    email, phone, national_id = asked
    assert index.naming(email=email, phone=phone, national_id=national_id) == records_naming(
        pool, email=email, phone=phone, national_id=national_id
    )


def test_a_name_typed_all_in_lower_or_upper_case_is_written_with_each_words_first_letter_capital() -> None:
    """QZ10 #13: "nguyễn văn an" was stored and shown as typed, in lists, mails and PDFs. A name all in lower or all
    in upper case is written as names are (NFC; Đ kept); one in mixed case is the writer's and left as typed."""
    assert person_name("nguyễn văn an") == "Nguyễn Văn An"
    assert person_name("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert person_name("ĐẶNG THỊ ĐÀO") == "Đặng Thị Đào" and person_name("đặng thị đào") == "Đặng Thị Đào"
    decomposed = unicodedata.normalize("NFD", "NGUYỄN VĂN AN")
    assert person_name(decomposed) == unicodedata.normalize("NFC", "Nguyễn Văn An")
    assert person_name("nguyễn văn a") == "Nguyễn Văn A"
    assert person_name("hơ-wai ksor") == "Hơ-wai Ksor"
    for kept in ("Lê thị Ánh", "Nguyễn Văn An", "nGuyễn Văn An", "Trạm 2", "2027", "' OR 1=1 --", "TỔ 3"):
        assert person_name(kept) == kept
    note = name_capitalised("nguyễn văn an")
    assert note is not None and (note.full_name, note.typed, note.rule) == (
        "Nguyễn Văn An",
        "nguyễn văn an",
        "name-capitalised",
    )
    assert note.message_vi == "Đã viết hoa chữ cái đầu: Nguyễn Văn An (đã gõ “nguyễn văn an”)."
    assert name_capitalised("Lê thị Ánh") is None
