"""A district typed otherwise than the province already writes it takes the known spelling; the spellings split
before that are grouped by district, and merged only into the same district's spelling."""

from __future__ import annotations

import pytest

from roster.domain.districts import (
    PROVINCE_DISTRICTS,
    Spelling,
    edit_distance,
    group_districts,
    matched_district,
    merge_of,
    new_district,
    with_province_districts,
)
from roster.domain.errors import RuleViolation
from roster.domain.reference import known_spelling


def test_a_district_folding_equal_to_a_known_one_takes_its_spelling() -> None:
    known = ["Bến Lức", "Mộc Hóa", "Tân An"]
    assert known_spelling("tan an", known) == "Tân An"
    assert known_spelling("TÂN  AN", known) == "Tân An"
    assert known_spelling("Tân An", known) == "Tân An"
    assert known_spelling("Thạnh Hóa", known) == "Thạnh Hóa"  # not known: as typed
    assert known_spelling(None, known) is None
    assert known_spelling("tan an", []) == "tan an"


def test_of_a_district_already_split_the_spelling_with_its_accents_wins() -> None:
    assert known_spelling("Tan An", ["tan an", "Tân An"]) == "Tân An"
    assert known_spelling("tan an", ["tan an"]) == "tan an"


def test_spellings_are_grouped_by_district_the_split_ones_first_the_one_to_keep_first() -> None:
    groups = group_districts(
        [
            Spelling("Bến Lức", 4),
            Spelling("tan an", 1),
            Spelling("Tân An", 1),
            Spelling("TAN AN", 1),
            Spelling("moc hoa", 3),
            Spelling("Mộc Hóa", 1),
            Spelling("Đức Hòa", 2),
        ]
    )
    assert [(g.preferred, g.sites, g.split) for g in groups] == [
        ("moc hoa", 4, True),  # the spelling most sites use, even without its accents
        ("Tân An", 3, True),  # a tie: accents first, then capitals
        ("Bến Lức", 4, False),
        ("Đức Hòa", 2, False),  # Vietnamese order: B < Đ
    ]
    assert [s.spelling for s in groups[1].spellings] == ["Tân An", "TAN AN", "tan an"]
    assert groups[1].matches("TÂN an") and groups[1].matches("an") and not groups[1].matches("Bến")


def test_a_spelling_only_incidents_write_is_listed_after_the_sites_spellings() -> None:
    """D2: an incident away from a site names its district; that spelling is one a person reads (the incident
    list, the exports), counted as in use by the site form's notes, so /districts lists it to be merged."""
    groups = group_districts(
        [
            Spelling("Cần Đước", 2),
            Spelling("can duoc", 0, 5),  # incidents only: after every spelling a site writes
            Spelling("thu thua", 0, 3),
            Spelling("Thủ Thừa", 0, 1),  # no site either: its accents before the incidents' count
            Spelling("Đức Huệ", 0, 0),  # nobody writes it any more
        ]
    )
    assert [(g.preferred, g.sites, g.incidents, g.split) for g in groups] == [
        ("Cần Đước", 2, 5, True),
        ("Thủ Thừa", 0, 4, True),
    ]
    assert [s.spelling for s in groups[0].spellings] == ["Cần Đước", "can duoc"]


def test_a_merge_names_everything_wrong_with_it_at_once() -> None:
    in_use = ["tan an", "Tân An", "Bến Lức"]
    assert merge_of(["tan an", "tan an", "Tân An"], "Tân An", in_use=in_use).spellings == ("tan an", "Tân An")
    with pytest.raises(RuleViolation) as refused:
        merge_of([], " ", in_use=in_use)
    assert [(e.field, e.rule) for e in refused.value.errors] == [("spellings", "required"), ("into", "required")]
    with pytest.raises(RuleViolation) as refused:
        merge_of(["Bến Lức", "Tan  An", "Cần Giuộc"], "Tân An", in_use=in_use)
    other, unused = refused.value.errors
    assert (other.rule, other.context["spellings"]) == ("same-district", ["Bến Lức", "Cần Giuộc"])
    assert (unused.rule, unused.context["spellings"]) == ("in-use", ["Tan  An", "Cần Giuộc"])
    assert "“Bến Lức”, “Cần Giuộc” không phải là “Tân An” viết khác" in other.message_vi
    # the English in curly quotes as the Vietnamese (and the portal's catalogues), not 'Bến Lức' (C2)
    assert other.message.startswith("“Bến Lức”, “Cần Giuộc” are not “Tân An” written otherwise: ")
    assert unused.message.startswith(
        "No site or incident has the district, town or city written “Tan  An”, “Cần Giuộc”:"
    )
    with pytest.raises(RuleViolation) as refused:
        merge_of(["tan an"], "", in_use=in_use)
    assert refused.value.errors[0].message.endswith("e.g. “Tân An”.")
    assert not any("'" in e.message for e in (other, unused, refused.value.errors[0]))


# --- a district nobody writes yet -------------------------------------------------------------------------

LONG_AN = ["Bến Lức", "Cần Giuộc", "Đức Hòa", "Đức Huệ", "Tân An", "Tân Hưng", "Tân Thạnh", "tan an"]


def test_a_district_written_as_a_known_one_however_typed_warns_of_nothing() -> None:
    for typed in ("Tân An", "tan an", "TÂN  AN", "duc hoa"):
        assert new_district(typed, LONG_AN) is None
    assert new_district(None, LONG_AN) is None
    assert new_district("", LONG_AN) is None


def test_a_new_district_is_named_with_the_known_ones_each_spelled_once_and_no_guess_when_none_is_close() -> None:
    note = new_district("Quận 99 không có", LONG_AN)
    assert note is not None and note.rule == "new-district" and note.closest is None
    assert note.known == ("Bến Lức", "Cần Giuộc", "Đức Hòa", "Đức Huệ", "Tân An", "Tân Hưng", "Tân Thạnh")
    assert note.message_vi.startswith("Huyện, thị xã, thành phố: “Quận 99 không có” chưa có điểm trực hay sự cố nào.")
    assert (
        "Các huyện, thị xã, thành phố đã có: Bến Lức, Cần Giuộc, Đức Hòa, Đức Huệ, Tân An, Tân Hưng, Tân Thạnh."
        in note.message_vi
    )
    assert "Có phải" not in note.message_vi and "nếu gõ nhầm, hãy sửa lại" in note.message_vi
    # the label in front and “ ” as in Vietnamese (QZ19 #5)
    assert note.message.startswith("District, town or city: no site or incident is in “Quận 99 không có” yet.")
    assert "Did you mean" not in note.message and "already written: Bến Lức, Cần Giuộc" in note.message
    assert "list" not in note.message + note.message_vi  # every known one in use: nothing from the province's list


def test_a_new_district_lists_those_written_apart_from_the_rest_of_the_provinces_list() -> None:
    """QZ19 #5: "The districts, towns and cities already written: Bến Lức, … (all 15)" where /admin/districts
    listed 8: Long An's list is matched too, but only what sites and incidents write is "already written"."""
    used = ["Cần Đước", "Thủ Thừa"]
    note = new_district("Quận 99 không có", with_province_districts(used), in_use=used)
    assert note is not None and note.known == ("Cần Đước", "Thủ Thừa") and len(note.province) == 13
    assert "Cần Đước" not in note.province and note.province[0] == "Bến Lức"
    assert (
        "Các huyện, thị xã, thành phố đã có: Cần Đước, Thủ Thừa. Các huyện, thị xã, thành phố khác trong danh sách "
        "của Long An: Bến Lức, Cần Giuộc, " in note.message_vi
    )
    assert "already written: Cần Đước, Thủ Thừa. The others on Long An's list: Bến Lức, Cần Giuộc, " in note.message
    first = new_district("Quận 99 không có", with_province_districts([]), in_use=[])  # no site anywhere yet
    assert first is not None and first.known == () and len(first.province) == 15
    assert "đã có:" not in first.message_vi and "already written" not in first.message
    assert " Các huyện, thị xã, thành phố trong danh sách của Long An: Bến Lức, " in first.message_vi
    assert " The districts, towns and cities on Long An's list: Bến Lức, " in first.message


def test_a_new_district_close_to_a_known_one_names_the_closest() -> None:
    typo = new_district("Tân Hưn", LONG_AN)  # one letter short
    assert typo is not None and typo.closest == "Tân Hưng"
    assert "Có phải “Tân Hưng”?" in typo.message_vi and "Did you mean “Tân Hưng”?" in typo.message
    swapped = new_district("Ben Luc 2", LONG_AN)  # two letters more, without diacritics
    assert swapped is not None and swapped.closest == "Bến Lức"
    begun = new_district("Cần Gi", LONG_AN)  # the beginning of one: three letters away, but its prefix
    assert begun is not None and begun.closest == "Cần Giuộc"
    nearest = new_district("Đức Hu", LONG_AN)  # Đức Huệ is one away, Đức Hòa two
    assert nearest is not None and nearest.closest == "Đức Huệ"


def test_the_first_district_of_a_province_is_no_news() -> None:
    """QA: the first site ever, on a province with no district yet, was told its district had no site yet."""
    assert new_district("Tân An", []) is None
    assert new_district("Tân An", ["Thạnh Hoá"]) is not None  # the second one is, and names the first


def test_edit_distance() -> None:
    assert edit_distance("tan hung", "tan hung") == 0
    assert edit_distance("tan hun", "tan hung") == 1
    assert edit_distance("ben luc 2", "ben luc") == 2
    assert edit_distance("", "abc") == 3


def test_a_district_saved_as_a_known_spelling_other_than_the_one_typed_says_so_in_both_languages() -> None:
    """QA: "Thạnh Hóa" typed beside a site's "Thạnh Hoá" was saved "Thạnh Hoá" with only "Đã lưu."."""
    typed = "Thạnh Hóa"
    stored = known_spelling(typed, ["Thạnh Hoá", "Tân Hưng"])
    note = matched_district(typed, stored)
    assert note is not None and (note.rule, note.district, note.matched) == ("district-matched", typed, "Thạnh Hoá")
    # the label in front and “ ” in both languages, as new_district's (QZ19 #5)
    assert note.message_vi == "Huyện, thị xã, thành phố: “Thạnh Hóa” được ghép với “Thạnh Hoá” đã có."
    assert note.message == "District, town or city: “Thạnh Hóa” was matched with the existing “Thạnh Hoá”."
    assert matched_district("Thạnh Hoá", "Thạnh Hoá") is None and matched_district(" Tân Hưng ", "Tân Hưng") is None
    assert matched_district(None, None) is None


def test_a_district_typed_without_diacritics_is_the_provinces_own_before_it_is_near_another() -> None:
    """QZ15 #8: "Duc Hoa", with no site in Đức Hòa yet, was offered “Đức Huệ” (two letters away) and stored as typed.
    The province's own districts and towns are matched too: an exact match once folded wins, and the district is
    stored written with its diacritics, said so; a spelling the sites already use is kept over the list's."""
    assert len(PROVINCE_DISTRICTS) == len(set(PROVINCE_DISTRICTS)) == 15 and "Đức Hòa" in PROVINCE_DISTRICTS
    known = with_province_districts(["Đức Huệ", "Thạnh Hoá"])
    assert new_district("Duc Hoa", known) is None
    stored = known_spelling("Duc Hoa", known)
    assert stored == "Đức Hòa"
    # QZ19 #5: from the province's list, no site or incident writing it yet: said so, not "đã có"
    note = matched_district("Duc Hoa", stored, listed=True)
    assert note is not None and note.message_vi == (
        "Huyện, thị xã, thành phố: “Duc Hoa” được ghép với “Đức Hòa” trong danh sách huyện, thị xã, thành phố của "
        "Long An."
    )
    assert note.message == (
        "District, town or city: “Duc Hoa” was matched with “Đức Hòa” on Long An's list of districts, towns and cities."
    )
    assert known_spelling("thanh hoa", known) == "Thạnh Hoá"  # the sites' own spelling, not the list's "Thạnh Hóa"
    assert known.count("Thạnh Hoá") == 1 and "Thạnh Hóa" not in known
    typo = new_district("Duc Hoaa", known)  # not the same once folded: the nearest is named, as before
    assert typo is not None and typo.closest == "Đức Hòa"
