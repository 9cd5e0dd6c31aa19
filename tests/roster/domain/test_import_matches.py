"""A staff row against the records it may be (QA round): a name the file writes without diacritics keeps the
stored spelling; an update says what it changes; rows of one person are found by national ID number or by name
and phone number; a likely duplicate at the same enterprise is said to be one, not one of "two enterprises"."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime

from roster.domain.imports import (
    StaffRow,
    email_gained_record,
    exact_name,
    kept_name,
    name_kept,
    named,
    person_key,
    same_name_record,
    same_person_in_file,
    staff_changes,
)
from roster.domain.people import Match, PersonRecord, likely_duplicate_note
from roster.domain.reference import StaffMember

AT = datetime(2026, 12, 1, tzinfo=UTC)
ENTERPRISE = uuid.uuid4()


def _member(**changes: object) -> StaffMember:
    values: dict = {
        "id": uuid.uuid4(),
        "enterprise_id": ENTERPRISE,
        "full_name": "Trần Văn QA Bình",
        "email": "qa.binh@vnpt.vn",
        "phone": "0912000111",
        "qualifications": ("technician",),
        "active": True,
        "language": "vi",
        "national_id": "012345678901",
        "person_id": uuid.uuid4(),
        "version": 1,
        "created_at": AT,
        "updated_at": AT,
        **changes,
    }
    return StaffMember(**values)


def _row(**changes: object) -> StaffRow:
    values: dict = {
        "row": 2,
        "full_name": "Trần Văn QA Bình",
        "email": "qa.binh@vnpt.vn",
        "phone": "0912000111",
        "qualifications": ("technician",),
        "active": True,
        "language": "vi",
        "national_id": None,
        **changes,
    }
    return StaffRow(**values)


def test_the_stored_spelling_is_kept_only_for_the_same_name_without_diacritics_case_or_spacing() -> None:
    assert kept_name("Trần Văn QA Bình", "Tran  van qa Binh") == "Trần Văn QA Bình"
    assert kept_name("Trần Văn QA Bình", "Trần Văn Bình") == "Trần Văn Bình"
    assert kept_name("Trần Văn QA Bình", "TRẦN VĂN QA BÌNH") == "Trần Văn QA Bình"  # case only


def test_a_files_name_with_the_diacritics_the_stored_one_lacks_is_written() -> None:
    """QA: stored "Tran Van QA Binh", file "Trần Văn QA Bình" (same e-mail): the unaccented stored name was kept."""
    assert kept_name("Tran Van QA Binh", "Trần Văn QA Bình") == "Trần Văn QA Bình"
    assert kept_name("Trần Van QA Binh", "Trần Văn QA Bình") == "Trần Văn QA Bình"  # more of them
    assert kept_name("Dang Thi Lan", "Đặng Thị Lan") == "Đặng Thị Lan"
    assert kept_name("Trần Văn QA Bình", "Trần Van QA Binh") == "Trần Văn QA Bình"  # fewer: the stored stays


def test_the_kept_names_warning_says_without_diacritics_only_when_the_file_has_none() -> None:
    bare = name_kept("Trần Văn QA Bình", "Tran Van QA Binh")
    assert bare["message_vi"] == "Tên trong tệp không dấu; giữ tên đã lưu “Trần Văn QA Bình”."
    assert "without diacritics" in str(bare["message"])
    assert str(bare["message"]).endswith("the stored name “Trần Văn QA Bình” is kept.")  # “ ” in both languages
    other = name_kept("Trần Văn QA Bình", "TRẦN VĂN QA BÌNH")
    assert other["message_vi"] == "Tên trong tệp viết khác; giữ tên đã lưu “Trần Văn QA Bình”."
    assert "without diacritics" not in str(other["message"])
    assert "written differently" in str(other["message"])
    fewer = name_kept("Trần Văn QA Bình", "Trần Van QA Binh")
    assert fewer["message_vi"] == "Tên trong tệp viết khác; giữ tên đã lưu “Trần Văn QA Bình”."


def test_an_update_lists_each_changed_field_before_and_after_in_words() -> None:
    changed = staff_changes(
        _member(), _row(phone="0987654321", qualifications=("leader", "technician"), active=False, language="en")
    )
    assert [(c["field"], c["before"], c["after"]) for c in changed] == [
        ("phone", "0912000111", "0987654321"),
        ("qualifications", ["technician"], ["leader", "technician"]),
        ("active", True, False),
        ("language", "vi", "en"),
    ]
    assert changed[1]["message_vi"] == "Chuyên môn: Kỹ thuật → Lãnh đạo, Kỹ thuật"
    assert (changed[2]["message_vi"], changed[2]["message"]) == ("Đang hoạt động: có → không", "active: yes → no")
    assert changed[3]["message_vi"] == "Ngôn ngữ: Tiếng Việt → Tiếng Anh"
    assert staff_changes(_member(), _row()) == ()  # an empty national ID number keeps the stored one


def test_rows_are_one_person_by_national_id_or_by_name_and_phone() -> None:
    assert person_key(_row(full_name="TRAN VAN QA BINH", phone="+84912000111")) == person_key(_row())
    assert person_key(_row(phone=None)) is None
    assert person_key(_row(national_id="012345678901")) == ("national_id", "012345678901")


def test_a_likely_duplicate_of_the_same_enterprise_is_not_said_to_be_at_two() -> None:
    record = PersonRecord(
        uuid.uuid4(), uuid.uuid4(), ENTERPRISE, "VNPT Hậu Giang", "Lê Văn Sáu", None, "0912000111", None
    )
    here = likely_duplicate_note(uuid.uuid4(), "LE VAN SAU", Match(record, "phone"), enterprise_id=ENTERPRISE)
    assert "hồ sơ thứ hai của VNPT Hậu Giang" in here.message_vi and "hai doanh nghiệp" not in here.message_vi
    assert "second record of VNPT Hậu Giang" in here.message and "both enterprises" not in here.message
    elsewhere = likely_duplicate_note(uuid.uuid4(), "LE VAN SAU", Match(record, "phone"), enterprise_id=uuid.uuid4())
    assert "hai doanh nghiệp" in elsewhere.message_vi


def test_two_rows_of_one_person_are_said_to_differ_by_e_mail_only_when_both_have_one() -> None:
    """QA: a row without e-mail was warned as "… cùng một người với dòng 4 … nhưng khác email"."""
    without = same_person_in_file(_row(email=None), 4, "VNPT Long An", other_email="binh@vnpt-longan.vn")
    assert "khác email" not in str(without["message_vi"]) and "another e-mail" not in str(without["message"])
    assert "cùng một người với dòng 4 (trùng họ tên và số điện thoại):" in str(without["message_vi"])
    both = same_person_in_file(_row(email="b2@vnpt-longan.vn"), 4, "VNPT Long An", other_email="binh@vnpt-longan.vn")
    assert "nhưng khác email" in str(both["message_vi"]) and "under another e-mail" in str(both["message"])


def test_one_persons_name_however_it_is_capitalised_is_one_name_and_diacritics_still_count() -> None:
    """QA (round 8): "ƠN VĂN ÚT" beside "Ơn Văn Út" was no question to the staff form, and a shift import then
    found two people of the name. The one rule (`exact_name`) folds case after NFC, keeps the diacritics."""
    nfd = unicodedata.normalize("NFD", "ƠN  VĂN ÚT ")
    assert exact_name(nfd) == exact_name("Ơn Văn Út") == exact_name("ơn văn út")
    assert exact_name("ƯNG THỊ Ý") == exact_name("Ưng Thị Ý")
    assert exact_name("Ung Thị Ý") != exact_name("Ưng Thị Ý")  # "Ưng" is not "Ung"
    assert exact_name("Ưng Thi Y") != exact_name("Ưng Thị Ý")
    ut = _member(full_name="Ơn Văn Út", email=None, phone=None, national_id=None)
    others = [_member(full_name="Ung Văn Út", email=None, phone=None, national_id=None), ut]
    assert named("ƠN VĂN ÚT", others) == [ut]
    # the staff import's row without e-mail is the record of its name, written in capitals or not
    assert same_name_record(_row(full_name="ƠN VĂN ÚT", email=None, phone=None), others) == ut
    assert email_gained_record(_row(full_name="ơn văn út", email="ut@vnpt.vn", phone=None), others) == ut
