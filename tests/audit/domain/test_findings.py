"""Findings held against the roster: who is missing, who is unexpected (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from audit.domain.findings import Expected, Found, RosteredShift, compare, expected_on_post, loose_name
from audit.domain.model import OnShift, Shift

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
    # QZ12 #12c: "điểm trực", as every page says, never "vị trí trực"
    assert all("tại điểm trực" in d.detail_vi and "vị trí" not in d.detail_vi for d in result.discrepancies)


def test_an_ambiguous_name_matches_no_one() -> None:
    twin = Expected("s3", "Nguyễn Thị Ánh Tuyết", "shift-2", True)
    result = compare([TUYET, twin], [Found(name="Nguyễn Thị Ánh Tuyết")])
    # Two expected people carry the name: the inspector must give an id to tell them apart.
    assert [k for k, _ in kinds(result)] == ["missing", "missing", "unexpected"]


def test_nobody_expected_and_nobody_found_is_no_discrepancy_and_duplicates_count_once() -> None:
    assert compare([], []).discrepancies == []
    result = compare([TUYET], [Found(staff_id="s1"), Found(staff_id="s1"), Found(name="Nguyễn Thị Ánh Tuyết")])
    assert result.discrepancies == []


def shift(shift_id: str, site_id: str | None, *people: tuple[str, str], hour: int = 0, **more) -> Shift:
    return Shift(
        shift_id=shift_id,
        campaign_id="tet",
        enterprise_id=more.pop("enterprise_id", "vnpt"),
        site_id=site_id,
        duty_type="operations",
        starts_at=datetime(2027, 2, 6, hour, tzinfo=UTC),
        ends_at=datetime(2027, 2, 7, 12, tzinfo=UTC),
        status="published",
        assignees=tuple(OnShift(i, n, True, "e") for i, n in people),
        version=1,
        updated_seq=1,
        last_event_id="e",
        interval_event_id="e",
        status_event_id="e",
        **more,
    )


LINH = ("s5", "Huỳnh Thị Mỹ Linh")


def test_duty_for_the_whole_enterprise_is_on_the_roster_of_each_of_its_sites_and_required_at_none() -> None:
    # QA (2026-12-05): Linh on operations duty for the whole of VNPT Long An, found at one of its
    # sites, was recorded for good as "not on the roster"; nobody was expected there.
    on_post = expected_on_post([shift("whole", None, LINH)], site_id="tan-an", enterprise_id="vnpt")
    assert on_post == [Expected("s5", "Huỳnh Thị Mỹ Linh", "whole", True, whole_enterprise=True)]
    found = compare(on_post, [Found(name="Huynh Thi My Linh")])
    assert found.discrepancies == [] and [p.full_name for p in found.present] == ["Huỳnh Thị Mỹ Linh"]
    # QZ10 #9: not found, she is not "missing" from this site (not required here), but the finding must not read as
    # all in order either: she was not seen on duty, to be checked elsewhere in the enterprise.
    whole = shift("whole", None, LINH, hour=1)  # 08:00 06/02 – 19:00 07/02, Vietnam time
    [unseen] = compare(on_post, [], shifts={"whole": whole}).discrepancies
    assert (unseen.kind, unseen.staff_id, unseen.full_name, unseen.shift_id) == ("not_seen", "s5", LINH[1], "whole")
    assert unseen.detail == (
        "Huỳnh Thị Mỹ Linh was rostered on the shift Operations (command) duty 08:00 6 Feb 2027 (1st day of Tết) – "
        "19:00 7 Feb 2027 (2nd day of Tết) for the whole enterprise but was not seen at this site: check that they "
        "were on duty elsewhere in the enterprise."
    )
    assert unseen.detail_vi == (
        "Huỳnh Thị Mỹ Linh có lịch trực ca trực điều hành 08:00 06/02/2027 (Mùng 1 Tết) – 19:00 07/02/2027 "
        "(Mùng 2 Tết) chung toàn doanh nghiệp nhưng không thấy có mặt tại điểm này: cần xác minh người này có trực "
        "tại điểm khác của doanh nghiệp."
    )
    assert unseen.shift == RosteredShift("operations", whole.starts_at, whole.ends_at, None, None)
    bare = compare(on_post, []).discrepancies[0]  # the shift not given: said without it
    assert bare.detail_vi.startswith("Huỳnh Thị Mỹ Linh có lịch trực chung toàn doanh nghiệp nhưng")


def test_at_the_site_or_covering_it_comes_first_and_other_shifts_put_nobody_on_post() -> None:
    shifts = [
        shift("whole", None, LINH, ("s1", TUYET.full_name), hour=1),
        shift("round", "binh-hiep", ("s2", DUC.full_name), hour=2, covers_site_ids=("tan-an",)),
        shift("here", "tan-an", ("s1", TUYET.full_name), hour=3),
        shift("elsewhere", "binh-hiep", ("s7", "Lê Văn Xa")),
        shift("other firm", None, ("s8", "Võ Thị Ngoài"), enterprise_id="vnpost"),
    ]
    on_post = expected_on_post(shifts, site_id="tan-an", enterprise_id="vnpt")
    assert [(e.full_name, e.shift_id, e.whole_enterprise) for e in on_post] == [
        (DUC.full_name, "round", False),
        (TUYET.full_name, "here", False),  # on both: expected at the site
        (LINH[1], "whole", True),
    ]
    assert kinds(compare(on_post, [])) == [
        ("missing", DUC.full_name),
        ("missing", TUYET.full_name),  # on both: missing from the site, not merely unseen
        ("not_seen", LINH[1]),
    ]
    stranger = [Found(name="Lê Văn Xa")]
    assert [k for k, _ in kinds(compare(on_post, stranger))] == ["missing", "missing", "not_seen", "unexpected"]


def test_a_missing_person_s_shift_is_named_as_a_person_reads_it_not_by_its_id() -> None:
    # QA (2026-12-05): audit's words said "rostered on shift 3f2c…"; the portal's page said it in its own words.
    night = shift("shift-1", "tan-hung", ("s2", DUC.full_name), hour=15)  # 22:00 06/02 – 19:00 07/02, Vietnam time
    result = compare([DUC], [], shifts={"shift-1": night}, site_names={"tan-hung": "Trạm Tân Hưng"})
    [missing] = result.discrepancies
    assert missing.detail == (
        "Trần Văn Đức was rostered on the shift Operations (command) duty 22:00 6 Feb 2027 (1st day of Tết) – "
        "19:00 7 Feb 2027 (2nd day of Tết) — Trạm Tân Hưng but was not found on post."
    )
    assert missing.detail_vi == (
        "Trần Văn Đức có lịch trực ca trực điều hành 22:00 06/02/2027 (Mùng 1 Tết) – 19:00 07/02/2027 (Mùng 2 Tết) "
        "— Trạm Tân Hưng nhưng không có mặt tại điểm trực."
    )
    assert missing.shift_id == "shift-1"  # the id stays a field, out of the words
    # and the shift itself, for a reader (the portal) to name it in their own words without parsing these
    assert missing.shift == RosteredShift("operations", night.starts_at, night.ends_at, "tan-hung", "Trạm Tân Hưng")
    unknown = compare([DUC], []).discrepancies[0]
    assert "shift-1" not in unknown.detail + unknown.detail_vi and "tại điểm trực và thời điểm này" in unknown.detail_vi
    assert unknown.shift is None


people = st.lists(
    st.tuples(st.sampled_from(["s1", "s2", "s3", "s4", "s5", "s6"]), st.booleans(), st.booleans()),
    max_size=6,
    unique_by=lambda p: p[0],
)


@given(people, st.lists(st.sampled_from(["s1", "s2", "s3", "s4", "s5", "s6", "s9"]), max_size=7))
def test_everyone_on_the_roster_and_not_found_is_a_discrepancy_of_the_kind_of_their_duty(roster, found_ids) -> None:
    """QZ10 #9 as a property: a finding with no discrepancy means everyone on the roster of the visit was found (no
    one rostered, at the site or for the whole enterprise, is left unsaid); each one not found is listed once, missing
    if rostered at the site, not seen if for the whole enterprise only; each one found is present."""
    expected = [Expected(i, f"Người {i}", f"shift-{i}", q, whole_enterprise=w) for i, w, q in roster]
    result = compare(expected, [Found(staff_id=i) for i in found_ids])
    by_id = {d.staff_id: d.kind for d in result.discrepancies if d.kind != "unexpected"}
    assert by_id == {
        e.staff_id: "not_seen" if e.whole_enterprise else "missing" for e in expected if e.staff_id not in found_ids
    }
    assert len(by_id) == len([d for d in result.discrepancies if d.kind != "unexpected"])
    assert {p.staff_id for p in result.present} == {e.staff_id for e in expected} & set(found_ids)
    assert (result.discrepancies == []) == ({e.staff_id for e in expected} == set(found_ids))
