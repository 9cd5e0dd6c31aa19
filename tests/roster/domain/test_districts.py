"""A district typed otherwise than the province already writes it takes the known spelling."""

from __future__ import annotations

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
