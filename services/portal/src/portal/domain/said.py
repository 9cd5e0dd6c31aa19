"""A sentence a service wrote in both languages (a warning of roster's), said in the person's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Said:
    vi: str
    en: str

    def in_lang(self, lang: str) -> str:
        """Vietnamese first; English when the person reads English (or when only English was given)."""
        return self.vi if lang == "vi" and self.vi else self.en

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> Said:
        """A service's note or warning (`message_vi`, `message`)."""
        return cls(str(doc.get("message_vi") or ""), str(doc.get("message") or ""))
