"""The password form's own findings: what the portal can tell of a password change before roster is asked, so that
one answer says every mistake (QA: a wrong current password with a new one too short was told "too short" alone).
Roster alone judges the current password, and a new one's other rules (not the login, not one a guesser tries first):
with mistakes of its own the form asks roster for a dry run of the change, which judges both and changes nothing."""

from __future__ import annotations

PASSWORD_MIN = 12
"""roster's least length of a password (roster.domain.accounts.PASSWORD_MIN), said in the form's hint."""
PASSWORD_MAX = 256


def form_problems(*, current: str, new: str, confirm: str) -> dict[str, str]:
    """Field → its `password.error.` key, for every mistake of the form the portal can see: no current password;
    a new one too short or too long, or the current one again; the two new ones differing."""
    problems: dict[str, str] = {}
    if not current:
        problems["current_password"] = "current_missing"
    if len(new) < PASSWORD_MIN:
        problems["new_password"] = "too_short"
    elif len(new) > PASSWORD_MAX:
        problems["new_password"] = "too_long"
    elif new == current:
        problems["new_password"] = "same"
    if confirm != new:
        problems["confirm_password"] = "mismatch"
    return problems
