"""The inspector's history of one enterprise's changes (audit's `GET /enterprises/{id}/history`) and
the history of accounts (audit's `GET /accounts/history`): the filters as the forms hold them, and
the record-time window they ask audit for.

The days are local (Vietnam) days of **record time** — when audit logged the change — both
included, as on the gaps page (`domain/gaps.py`). The history is read oldest first, as audit keeps
it, or the latest first (the default: what an inspector asks first is what changed lately); a day
range is how an inspector reaches "what changed over giao thừa"."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from .gaps import OUT_OF_ORDER, day_bounds, day_range_errors, parse_day


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()[:100]))
    except ValueError:
        return ""


@dataclass(frozen=True)
class RecordDays:
    """A range of record days and the order, as both histories' forms hold them."""

    from_day: str = ""
    to_day: str = ""
    order: str = "newest"  # or "oldest"

    @staticmethod
    def days_of(query: Mapping[str, str]) -> dict[str, str]:
        """The days and the order typed in a query, trimmed (the keyword arguments of a subclass)."""
        return {
            "from_day": (query.get("from_day") or "").strip(),
            "to_day": (query.get("to_day") or "").strip(),
            "order": "oldest" if query.get("order") == "oldest" else "newest",
        }

    def errors(self) -> dict[str, str]:
        """Field → message key, for a day that is no day or a range that ends before it starts."""
        return day_range_errors(
            ("from_day", self.from_day),
            ("to_day", self.to_day),
            bad="history.error_day",
            out_of_order=OUT_OF_ORDER,
        )

    def window(self) -> dict[str, str]:
        """audit's `received_from` / `received_to` of the days, both included (either may be blank: no
        bound), and the order; the days must be valid (`errors`)."""
        lo, hi = day_bounds(parse_day(self.from_day), parse_day(self.to_day))
        params = {
            "received_from": lo.isoformat() if lo else "",
            "received_to": hi.isoformat() if hi else "",
            "order": self.order,
        }
        return {k: v for k, v in params.items() if v}

    def days_query(self) -> dict[str, str]:
        """The days and the order in the portal's own query string (the default order left out)."""
        values = {
            "from_day": self.from_day,
            "to_day": self.to_day,
            "order": "" if self.order == "newest" else self.order,
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class HistoryFilters(RecordDays):
    enterprise_id: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> HistoryFilters:
        return cls(enterprise_id=_uuid(query.get("enterprise_id") or ""), **cls.days_of(query))

    def api_params(self) -> dict[str, str]:
        """audit's query: the record-time window of the days (none while a day is wrong)."""
        return {} if self.errors() else self.window()

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (the pager's links keep them)."""
        return {**({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}), **self.days_query()}


MAX_SEARCH_CHARS = 100
"""As long as a login or a name people search for (audit takes up to 200)."""


@dataclass(frozen=True)
class AccountHistoryFilters(RecordDays):
    """The history of accounts: a search by login or name (audit matches it without case or
    diacritics), a range of record days, the order."""

    q: str = ""
    account_id: str = ""
    """One account's events only (the administrator's accounts list links here); "" for every account."""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> AccountHistoryFilters:
        return cls(
            account_id=_uuid(query.get("account_id") or ""),
            q=" ".join((query.get("q") or "").split())[:MAX_SEARCH_CHARS],
            **cls.days_of(query),
        )

    def _search(self) -> dict[str, str]:
        return {k: v for k, v in (("account_id", self.account_id), ("q", self.q)) if v}

    def api_params(self) -> dict[str, str]:
        """audit's query: the search and the record-time window of the days (none while a day is wrong)."""
        return {} if self.errors() else {**self._search(), **self.window()}

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (the pager's links keep them)."""
        return {**self._search(), **self.days_query()}
