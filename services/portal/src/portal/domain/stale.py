"""A change refused because someone else saved the record first (roster's 412: the version the form was drawn from
has moved on). Nothing the person typed is thrown away: the form comes back as they typed it, its version the latest
(so that saving again puts theirs over the other change, knowingly), and beside each box whose latest saved value
differs from what they typed, that value in words, for them to compare and choose.

Values are compared as the page says them (`said`), not as stored: a phone typed "0913 555 402" is the one roster
keeps as "0913555402", qualifications ticked in another order are the same ones.

A form is an object with its boxes as attributes (a record's form) or a mapping of them (what a page kept of a small
form: an inspection plan's finding, a board shift's change), the same either way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

InWords = Callable[[str, Any], str]
"""A field's value in the words the page shows it in: (field name, value) → words."""


@dataclass(frozen=True)
class LatestValue:
    field: str
    said: str  # the latest saved value, in words


@dataclass(frozen=True)
class Latest:
    """The latest saved values that differ from what the person typed, one per field, in words."""

    values: tuple[LatestValue, ...] = ()

    def get(self, name: str) -> str | None:
        """The latest saved value of field `name` in words, None when it is what the person typed."""
        return next((v.said for v in self.values if v.field == name), None)

    def __bool__(self) -> bool:
        return bool(self.values)


def latest_beside(typed: object, saved: object, *, fields: Iterable[str], said: InWords) -> Latest:
    """The values of `saved` (the form drawn from the record as it now is) to show beside the boxes of `typed` (the
    same form as the person typed it): each of `fields` whose value, said in words, differs. Either may be a mapping
    of the boxes (a box it lacks: empty)."""
    found = []
    for name in fields:
        now = said(name, _box(saved, name))
        if said(name, _box(typed, name)) != now:
            found.append(LatestValue(name, now))
    return Latest(tuple(found))


def _box(form: object, name: str) -> Any:
    """Box `name` of a form, an object's attribute or a mapping's key (absent from a mapping: empty)."""
    return form.get(name, "") if isinstance(form, Mapping) else getattr(form, name)
