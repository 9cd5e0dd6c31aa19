"""A change of the Department's profile in words, for the history inspectors read beside the accounts': each field
that changed named as the page 'Thông tin Sở' / 'Department details' names it, from what to what, in the page's
order; the first save with every field; a save that changed nothing; a field this version does not know."""

from __future__ import annotations

from typing import Any

from audit.domain.history import describe
from events_factory import DONG_THAP, LONG_AN, ROSTER_EXAMPLES
from lichtruc.events_department import DEPARTMENT_FIELDS, DepartmentProfileChanged

TYPE = DepartmentProfileChanged.event_type


def example(**data: Any) -> dict[str, Any]:
    return {**ROSTER_EXAMPLES[DepartmentProfileChanged]().model_dump(mode="json"), **data}


def test_a_change_says_each_field_from_what_to_what_in_both_languages() -> None:
    d = describe(TYPE, example())  # Long An's profile made Đồng Tháp's: province, superior, place, report's recipients
    assert (d.what, d.actor, d.subject_id) == ("department.changed", "admin@stttt.longan.gov.vn", None)
    assert d.summary_vi == (
        "Đổi thông tin Sở: Tên tỉnh: Long An → Đồng Tháp; "
        "Cơ quan chủ quản (dòng đầu của tiêu đề): UBND TỈNH LONG AN → UBND TỈNH ĐỒNG THÁP; "
        "Địa danh ghi trước ngày: Long An → Cao Lãnh; "
        "Nơi nhận của báo cáo ngày: Sở Thông tin và Truyền thông tỉnh Long An, Lưu: VT → "
        "Sở Thông tin và Truyền thông tỉnh Đồng Tháp, Lưu: VT"
    )
    assert d.summary == (
        "Department details changed: Province: Long An → Đồng Tháp; "
        "Superior body (the letterhead's first line): UBND TỈNH LONG AN → UBND TỈNH ĐỒNG THÁP; "
        "Place before the date: Long An → Cao Lãnh; "
        "Daily report's recipients: Sở Thông tin và Truyền thông tỉnh Long An, Lưu: VT → "
        "Sở Thông tin và Truyền thông tỉnh Đồng Tháp, Lưu: VT"
    )


def test_the_first_save_says_every_field_as_set() -> None:
    d = describe(TYPE, example(previous=None, changed=list(DEPARTMENT_FIELDS), profile=LONG_AN.model_dump()))
    assert d.summary_vi == (
        "Nhập thông tin Sở lần đầu: Tên tỉnh: Long An; Tên Sở (dòng thứ hai của tiêu đề): Sở Thông tin và Truyền "
        "thông; Chữ viết tắt tên Sở (trong số văn bản): STTTT; Cơ quan chủ quản (dòng đầu của tiêu đề): UBND TỈNH LONG AN; Địa danh ghi trước ngày: Long An; "
        "Nơi nhận của báo cáo ngày: Sở Thông tin và Truyền thông tỉnh Long An, Lưu: VT; "
        "Nơi nhận của báo cáo tổng hợp: Bộ Thông tin và Truyền thông, Lưu: VT"
    )
    assert d.summary.startswith("Department details set for the first time: Province: Long An; Department's name")
    assert d.summary.endswith("Summary's recipients: Bộ Thông tin và Truyền thông, Lưu: VT")


def test_a_save_that_changed_nothing_says_so_and_a_field_not_known_is_named_by_its_key() -> None:
    same = describe(TYPE, example(previous=DONG_THAP.model_dump(), changed=[]))
    assert (same.summary, same.summary_vi) == (
        "Department details saved unchanged",
        "Lưu thông tin Sở, không thay đổi gì",
    )
    newer = example(changed=["province", "signer"], previous={**LONG_AN.model_dump(), "signer": "Nguyễn Văn A"})
    newer["profile"] = {**newer["profile"], "signer": "Trần Thị B"}
    d = describe(TYPE, newer)  # a roster newer than this audit, with a field it does not know
    assert d.summary_vi == "Đổi thông tin Sở: Tên tỉnh: Long An → Đồng Tháp; Signer: Nguyễn Văn A → Trần Thị B"


def test_the_abbreviation_is_said_when_it_changes_and_an_event_from_before_it_reads_without_it() -> None:
    """The abbreviation the documents' numbers print came later than the event: a rename that changes it says it,
    an event published before it (no such key) says every other field as it did."""
    merged = {**DONG_THAP.model_dump(), "department": "Sở Khoa học và Công nghệ", "abbreviation": "SKHCN"}
    d = describe(TYPE, example(previous=DONG_THAP.model_dump(), profile=merged, changed=["department", "abbreviation"]))
    assert d.summary_vi == (
        "Đổi thông tin Sở: Tên Sở (dòng thứ hai của tiêu đề): Sở Thông tin và Truyền thông → Sở Khoa học và Công "
        "nghệ; Chữ viết tắt tên Sở (trong số văn bản): STTTT → SKHCN"
    )
    assert d.summary.endswith("Department's abbreviation (in document numbers): STTTT → SKHCN")
    old = {k: v for k, v in LONG_AN.model_dump().items() if k != "abbreviation"}
    before = [f for f in DEPARTMENT_FIELDS if f != "abbreviation"]
    for profile in (old, {**old, "abbreviation": None}):  # without the key, or with none (the model's default)
        first = describe(TYPE, example(previous=None, changed=before, profile=profile))
        assert "Tên Sở (dòng thứ hai của tiêu đề): Sở Thông tin và Truyền thông; Cơ quan chủ quản" in first.summary_vi
        assert "Chữ viết tắt" not in first.summary_vi and "abbreviation" not in first.summary
