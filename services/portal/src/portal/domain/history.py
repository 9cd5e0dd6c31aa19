"""The inspector's history of one enterprise's changes (audit's `GET /enterprises/{id}/history`):
the filters as the form holds them, and the record-time window they ask audit for.

The days are local (Vietnam) days of **record time** — when audit logged the change — both
included, as on the gaps page (`domain/gaps.py`). The history is read oldest first, as audit keeps
it, or the latest first (the default: what an inspector asks first is what changed lately); a day
range is how an inspector reaches "what changed over giao thừa"."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from .gaps import day_bounds, day_range_errors, parse_day


def _enterprise(text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()[:100]))
    except ValueError:
        return ""


@dataclass(frozen=True)
class HistoryFilters:
    enterprise_id: str = ""
    from_day: str = ""
    to_day: str = ""
    order: str = "newest"  # or "oldest"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> HistoryFilters:
        return cls(
            enterprise_id=_enterprise(query.get("enterprise_id") or ""),
            from_day=(query.get("from_day") or "").strip(),
            to_day=(query.get("to_day") or "").strip(),
            order="oldest" if query.get("order") == "oldest" else "newest",
        )

    def errors(self) -> dict[str, str]:
        """Field → message key, for a day that is no day or a range that ends before it starts."""
        return day_range_errors(
            ("from_day", self.from_day),
            ("to_day", self.to_day),
            bad="history.error_day",
            out_of_order="history.error_order",
        )

    def api_params(self) -> dict[str, str]:
        """audit's query: the record-time window of the days (none while a day is wrong)."""
        if self.errors():
            return {}
        lo, hi = day_bounds(parse_day(self.from_day), parse_day(self.to_day))
        params = {
            "received_from": lo.isoformat() if lo else "",
            "received_to": hi.isoformat() if hi else "",
            "order": self.order,
        }
        return {k: v for k, v in params.items() if v}

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (the pager's links keep them)."""
        values = {
            "enterprise_id": self.enterprise_id,
            "from_day": self.from_day,
            "to_day": self.to_day,
            "order": self.order if self.order != "newest" else "",
        }
        return {k: v for k, v in values.items() if v}
