"""The duty-type vocabulary, declared once for every service.

Names follow the Department's directive (79/STTTT-BCTT): trực lãnh đạo, trực điều hành, trực vận
hành khai thác mạng lưới và ứng cứu thông tin, and the guards at network sites. Each duty type
demands one qualification of the people on it; ``aliases`` are the ways a spreadsheet may spell it
(compared after folding case and diacritics by the importer).

Each duty type has one name per language, said in full everywhere — the portal's pages, a mail's body and its
subject, a digest's lines, a calendar event's and feed's title, a webhook's ``duty_type_name`` — so that a person
reads one name for one duty wherever it reaches them. (A short name for one-line titles, "Trực vận hành và ứng cứu
thông tin", was kept until QZ29 #2: the mails' subjects then named a duty the portal never said.)
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

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en


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
