"""The duty-type vocabulary, declared once for every service.

Names follow the Department's directive (79/STTTT-BCTT): trực lãnh đạo, trực điều hành, trực vận
hành khai thác mạng lưới và ứng cứu thông tin, and the guards at network sites. Each duty type
demands one qualification of the people on it; ``aliases`` are the ways a spreadsheet may spell it
(compared after folding case and diacritics by the importer).

Each duty type has one name per language, said in full wherever there is room (the portal's pages, a
mail's body, a digest's lines, a webhook's ``duty_type_name``), and one agreed short name for a line
that must stay short — a calendar event's or feed's title, an e-mail subject — where the full name
would fill a phone's line before the enterprise and the time could be read (`duty_type_title`). Only
the incident-response duty's name is that long (55 characters in Vietnamese); its short name keeps the
full name's words in both languages, so that the two read as the same duty (QA 2026-12-06: the portal's
"Network operation and incident response duty", the feed's and the mails' "Incident-response duty",
"Trực ứng cứu thông tin"):

    Trực vận hành khai thác mạng lưới và ứng cứu thông tin → Trực vận hành và ứng cứu thông tin
    Network operation and incident response duty          → Operation and incident response duty

Every other duty type's short name is its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

DutyTypeKey = Literal["leadership", "operations", "incident_response", "patrol"]
"""The contract's duty-type codes (events and APIs carry these)."""


@dataclass(frozen=True)
class DutyType:
    key: str
    qualification: str
    name_vi: str
    name_en: str
    aliases: tuple[str, ...]
    short_vi: str = ""
    """The agreed short name for one-line titles (empty: the name itself)."""
    short_en: str = ""

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def title(self, lang: str = "vi") -> str:
        """The name in a one-line title: the agreed short name, or the name where it has none."""
        short = self.short_vi if lang == "vi" else self.short_en
        return short or self.name(lang)


DUTY_TYPES: tuple[DutyType, ...] = (
    DutyType(
        "leadership", "leader", "Trực lãnh đạo", "Leadership duty",
        ("lãnh đạo", "trực lãnh đạo", "leadership", "leader"),
    ),
    DutyType(
        "operations", "operator", "Trực điều hành", "Operations (command) duty",
        ("điều hành", "trực điều hành", "chỉ huy", "operations", "operation", "command"),
    ),
    DutyType(
        "incident_response", "technician",
        "Trực vận hành khai thác mạng lưới và ứng cứu thông tin", "Network operation and incident response duty",
        (
            "ứng cứu", "ứng cứu thông tin", "trực ứng cứu", "vận hành khai thác",
            "trực vận hành khai thác mạng lưới và ứng cứu thông tin",
            "incident response", "incident_response", "incident",
        ),
        "Trực vận hành và ứng cứu thông tin", "Operation and incident response duty",
    ),
    DutyType(
        "patrol", "guard", "Tuần tra, bảo vệ", "Patrol and guard duty",
        ("tuần tra", "bảo vệ", "tuần tra bảo vệ", "tuần tra, bảo vệ", "patrol", "guard"),
    ),
)  # fmt: skip

DUTY_TYPE_KEYS: tuple[str, ...] = tuple(d.key for d in DUTY_TYPES)
DUTY_BY_KEY: dict[str, DutyType] = {d.key: d for d in DUTY_TYPES}
DUTY_QUALIFICATION: dict[str, str] = {d.key: d.qualification for d in DUTY_TYPES}
"""The qualification each duty type demands of the people on it."""

assert get_args(DutyTypeKey) == DUTY_TYPE_KEYS, "the vocabulary and the contract's codes must agree"


def duty_type_name(key: str, lang: str = "vi") -> str:
    """The name people read for a duty-type code; an unknown code is shown as it is."""
    duty = DUTY_BY_KEY.get(key)
    return key if duty is None else duty.name(lang)


def duty_type_title(key: str, lang: str = "vi") -> str:
    """The name in a one-line title (a calendar event's or feed's title, an e-mail subject): the agreed short
    name (see the module's docstring); an unknown code is shown as it is."""
    duty = DUTY_BY_KEY.get(key)
    return key if duty is None else duty.title(lang)
