"""A site's name of one or two characters ("x") says nothing of where the site is: refused, in both languages."""

from __future__ import annotations

import pytest

from roster.domain.errors import RuleViolation
from roster.domain.reference import check_site_name


@pytest.mark.parametrize("name", ["x", "A1", "Đ", "a b"])
def test_a_name_of_one_or_two_characters_is_refused(name: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_site_name(name)
    error = refused.value.first
    assert (error.field, error.rule, error.context["min_length"]) == ("name", "site-name-too-short", 3)
    assert error.message_vi.startswith(f"Tên điểm trực quá ngắn (“{name}”): cần ít nhất 3 ký tự")
    assert error.message.startswith(f"The site's name “{name}” is too short: give at least 3 characters")


@pytest.mark.parametrize("name", ["BTS", "Bưu cục Tân An", "T 12"])
def test_a_name_of_three_characters_or_more_is_taken(name: str) -> None:
    check_site_name(name)
