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

from .gaps import day_bounds, day_range_errors, parse_day


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()[:100]))
    except ValueError:
        return ""


def record_day_errors(from_day: str, to_day: str) -> dict[str, str]:
    """Field → message key, for a day that is no day or a range that ends before it starts."""
    return day_range_errors(
        ("from_day", from_day), ("to_day", to_day), bad="history.error_day", out_of_order="history.error_order"
    )


def record_window(from_day: str, to_day: str) -> dict[str, str]:
    """audit's `received_from` / `received_to` for a range of local days, both included (either may be
    blank: no bound); the days must be valid (`record_day_errors`)."""
    lo, hi = day_bounds(parse_day(from_day), parse_day(to_day))
    params = {"received_from": lo.isoformat() if lo else "", "received_to": hi.isoformat() if hi else ""}
    return {k: v for k, v in params.items() if v}


@dataclass(frozen=True)
class HistoryFilters:
    enterprise_id: str = ""
    from_day: str = ""
    to_day: str = ""
    order: str = "newest"  # or "oldest"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> HistoryFilters:
        return cls(
            enterprise_id=_uuid(query.get("enterprise_id") or ""),
            from_day=(query.get("from_day") or "").strip(),
            to_day=(query.get("to_day") or "").strip(),
            order="oldest" if query.get("order") == "oldest" else "newest",
        )

    def errors(self) -> dict[str, str]:
        """Field → message key, for a day that is no day or a range that ends before it starts."""
        return record_day_errors(self.from_day, self.to_day)

    def api_params(self) -> dict[str, str]:
        """audit's query: the record-time window of the days (none while a day is wrong)."""
        if self.errors():
            return {}
        return {**record_window(self.from_day, self.to_day), "order": self.order}

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (the pager's links keep them)."""
        values = {
            "enterprise_id": self.enterprise_id,
            "from_day": self.from_day,
            "to_day": self.to_day,
            "order": self.order if self.order != "newest" else "",
        }
        return {k: v for k, v in values.items() if v}


MAX_SEARCH_CHARS = 100
"""As long as a login or a name people search for (audit takes up to 200)."""


@dataclass(frozen=True)
class AccountHistoryFilters:
    """The history of accounts: a search by login or name (audit matches it without case or
    diacritics), a range of record days, the order."""

    q: str = ""
    from_day: str = ""
    to_day: str = ""
    order: str = "newest"  # or "oldest"
    account_id: str = ""
    """One account's events only (the administrator's accounts list links here); "" for every account."""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> AccountHistoryFilters:
        return cls(
            account_id=_uuid(query.get("account_id") or ""),
            q=" ".join((query.get("q") or "").split())[:MAX_SEARCH_CHARS],
            from_day=(query.get("from_day") or "").strip(),
            to_day=(query.get("to_day") or "").strip(),
            order="oldest" if query.get("order") == "oldest" else "newest",
        )

    def errors(self) -> dict[str, str]:
        """Field → message key, for a day that is no day or a range that ends before it starts."""
        return record_day_errors(self.from_day, self.to_day)

    def api_params(self) -> dict[str, str]:
        """audit's query: the search and the record-time window of the days (none while a day is wrong)."""
        if self.errors():
            return {}
        search = {k: v for k, v in (("account_id", self.account_id), ("q", self.q)) if v}
        return {**search, **record_window(self.from_day, self.to_day), "order": self.order}

    def query(self) -> dict[str, str]:
        """The portal's own query string for these filters (the pager's links keep them)."""
        values = {
            "account_id": self.account_id,
            "q": self.q,
            "from_day": self.from_day,
            "to_day": self.to_day,
            "order": self.order if self.order != "newest" else "",
        }
        return {k: v for k, v in values.items() if v}
