"""A district typed otherwise than the province already writes it takes the known spelling; the spellings split
before that are grouped by district, and merged only into the same district's spelling."""

from __future__ import annotations

import pytest

from roster.domain.districts import Spelling, group_districts, merge_of
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
