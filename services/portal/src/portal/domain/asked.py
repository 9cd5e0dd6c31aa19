"""What a page's address asked for by id that is none of the page's own choices: a campaign that is none of the
campaigns, an enterprise the person may not see (a manager's: one not theirs), a site of none of them.

Such an id is well formed (a malformed one is refused before the page: api.deps.OptionalId, IdText), so it may be
one deleted, another enterprise's, or mistyped. The page says so, names what was asked, and links itself without
it (partials/forms.html's `unknown_asked`); it never shows the default campaign or the first enterprise instead, nor
an empty list that reads "nothing matches" (QA 2026-12-06)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

Asked = Literal["campaign", "enterprise", "site"]
"""What an address asks for; its query parameter is `<what>_id`."""


def not_offered(asked: Mapping[Asked, str | None], offered: Mapping[Asked, Collection[str]]) -> tuple[Asked, ...]:
    """Those asked for (a non-blank id) that are none of the ids `offered` of their kind, in the order asked."""
    return tuple(what for what, wanted in asked.items() if wanted and wanted not in offered[what])
