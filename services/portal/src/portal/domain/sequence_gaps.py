"""The inspector's list of sequence gaps (roster events audit knows to be missing from its log):
the filters as the form holds them, checked against the values audit's API takes.

`AGGREGATE_TYPES` mirrors audit's list (its `SequenceGapOut.aggregate_type` in
docs/openapi/audit.json; a test compares them): the portal offers them as filter options and
names each in messages/*/sequence_gaps.toml. Each row's names come from audit itself."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

AggregateType = Literal[
    "campaign",
    "enterprise",
    "site",
    "staff",
    "requirement",
    "shift",
    "swap",
    "readiness_item",
    "readiness_mark",
    "inspection",
    "incident",
    "transaction_hours",
    "daily_report",
    "account",
    "department",
]
AGGREGATE_TYPES: tuple[str, ...] = get_args(AggregateType)
STATUSES = ("open", "closed")


def _enterprise(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return ""


@dataclass(frozen=True)
class SequenceGapFilters:
    """What the form asks for; a value audit would refuse is dropped (the list is then unfiltered
    by it, and the form shows "all")."""

    aggregate_type: str = ""
    enterprise_id: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> SequenceGapFilters:
        kind = (query.get("aggregate_type") or "").strip()
        status = (query.get("status") or "").strip()
        return cls(
            aggregate_type=kind if kind in AGGREGATE_TYPES else "",
            enterprise_id=_enterprise((query.get("enterprise_id") or "").strip()[:100]),
            status=status if status in STATUSES else "",
        )

    def params(self) -> dict[str, str]:
        values = {"aggregate_type": self.aggregate_type, "enterprise_id": self.enterprise_id, "status": self.status}
        return {k: v for k, v in values.items() if v}
