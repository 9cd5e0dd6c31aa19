"""Findings held against the roster: who is missing, who is unexpected (pure)."""

from __future__ import annotations

from audit.domain.findings import Expected, Found, compare, loose_name

TUYET = Expected("s1", "Nguyễn Thị Ánh Tuyết", "shift-1", True)
DUC = Expected("s2", "Trần Văn Đức", "shift-1", True)


def kinds(result) -> list[tuple[str, str | None]]:
    return [(d.kind, d.full_name) for d in result.discrepancies]


def test_everyone_expected_found_by_id_or_by_name_means_no_discrepancy() -> None:
    result = compare([TUYET, DUC], [Found(staff_id="s1"), Found(name="  trần văn  ĐỨC ")])
    assert result.discrepancies == [] and {p.staff_id for p in result.present} == {"s1", "s2"}


def test_names_match_without_diacritics_when_unambiguous() -> None:
    assert loose_name("Nguyễn Thị Ánh Tuyết") == loose_name("nguyen thi anh tuyet")
    assert loose_name("Đức") == "duc"
    result = compare([TUYET, DUC], [Found(name="Nguyen Thi Anh Tuyet"), Found(name="Tran Van Duc")])
    assert result.discrepancies == []


def test_missing_and_unexpected_people_are_listed_with_bilingual_details() -> None:
    result = compare(
        [TUYET, DUC],
        [Found(staff_id="s1"), Found(name="Phạm Văn Lạ"), Found(staff_id="s9")],
        staff_names={"s9": "Lê Hoàng Yến"},
    )
    assert kinds(result) == [("missing", "Trần Văn Đức"), ("unexpected", "Lê Hoàng Yến"), ("unexpected", "Phạm Văn Lạ")]
    missing = result.discrepancies[0]
    assert missing.shift_id == "shift-1" and "không có mặt" in missing.detail_vi


def test_an_ambiguous_name_matches_no_one() -> None:
    twin = Expected("s3", "Nguyễn Thị Ánh Tuyết", "shift-2", True)
    result = compare([TUYET, twin], [Found(name="Nguyễn Thị Ánh Tuyết")])
    # Two expected people carry the name: the inspector must give an id to tell them apart.
    assert [k for k, _ in kinds(result)] == ["missing", "missing", "unexpected"]


def test_nobody_expected_and_nobody_found_is_no_discrepancy_and_duplicates_count_once() -> None:
    assert compare([], []).discrepancies == []
    result = compare([TUYET], [Found(staff_id="s1"), Found(staff_id="s1"), Found(name="Nguyễn Thị Ánh Tuyết")])
    assert result.discrepancies == []
