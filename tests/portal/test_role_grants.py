"""Which role change is asked first (QZ26 #13, its Q4 leftover): only one that lets the person change more — a duty
member made inspector, manager or administrator; an inspector made manager or administrator; a manager made
administrator. A manager made inspector changes less (an enterprise's roster for the inspections' findings), and an
administrator made anything else too: saved at once."""

from __future__ import annotations

import pytest

from portal.handlers.admin import grants_more


@pytest.mark.parametrize(
    ("old", "new", "asked"),
    [
        ("staff", "manager", True),
        ("staff", "inspector", True),
        ("staff", "admin", True),
        ("inspector", "manager", True),
        ("inspector", "admin", True),
        ("manager", "admin", True),
        ("manager", "inspector", False),
        ("manager", "staff", False),
        ("inspector", "staff", False),
        ("admin", "manager", False),
        ("admin", "inspector", False),
        ("manager", "manager", False),
    ],
)
def test_only_a_role_letting_the_person_change_more_is_asked(old: str, new: str, asked: bool) -> None:
    assert grants_more(old, new) is asked
