"""The Department's profile: the names its official documents print (the province, the letterhead's two lines,
the place before a document's date, each document's recipients). Registered with `lichtruc.events` on import
(that module imports this one at its end), published by roster on the roster topic when an administrator saves
the profile, so that audit's log holds who changed the names on the Department's documents, when, and from what
to what.

- Key: `DEPARTMENT_KEY`, one fixed id (there is one profile), so that its changes stay in order; an id, as every
  other key is, so that audit reads its records as it reads any key's (the portal's proof of a record says it in
  words).
- `abbreviation` came later: an event published before it has none (None), and reads as it did.
- The event carries the whole profile after the change (`profile`) and the one before it (`previous`, none the first time it
  is set), and what differs (`changed`): a reader says "from … to …" without calling roster or reading the log
  back. Its version: 1 for the first save, +1 for each (audit follows it: a lost save is a sequence gap).
"""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import Field

from .events import EventData, _Value

DEPARTMENT_KEY = uuid.UUID("12d9fa2c-18c4-5d20-b9f8-d245e6d407dd")
"""The partition key of the profile's events (uuid5 of the URL namespace and "lichtruc:department-profile"): the
Department has one profile. Their subject is "department"."""

DepartmentField = Literal[
    "province", "department", "abbreviation", "superior", "place", "report_recipients", "summary_recipients"
]
DEPARTMENT_FIELDS: tuple[DepartmentField, ...] = (
    "province",
    "department",
    "abbreviation",
    "superior",
    "place",
    "report_recipients",
    "summary_recipients",
)
"""The profile's fields in the order the portal's page ('Thông tin Sở') shows them and `changed` lists them."""


class DepartmentDetails(_Value):
    """The profile's values, one line each, as typed (NFC)."""

    province: str = Field(min_length=1, max_length=100, examples=["Long An"])
    department: str = Field(min_length=1, max_length=200, description="the issuing body, the letterhead's second line")
    abbreviation: str | None = Field(
        default=None,
        pattern=r"^[A-Z0-9Đ]{1,20}$",
        examples=["STTTT"],
        description="the issuing body's abbreviation as its documents' numbers print it ('Số: …/BC-STTTT'): the one "
        "set, else the initials of `department`; none in the events published before it was kept",
    )
    superior: str = Field(min_length=1, max_length=200, description="the body above it, the letterhead's first line")
    place: str = Field(min_length=1, max_length=100, description="written before a document's date")
    report_recipients: tuple[str, ...] = Field(
        min_length=1, max_length=20, description="'Nơi nhận' of an enterprise's daily report, in order"
    )
    summary_recipients: tuple[str, ...] = Field(
        min_length=1, max_length=20, description="'Nơi nhận' of the province's summary, in order"
    )


class DepartmentProfileChanged(EventData):
    """An administrator saved the Department's profile (page 'Thông tin Sở'): the whole profile after the save,
    the one before it, and which fields differ (key: `DEPARTMENT_KEY`)."""

    event_type: ClassVar[str] = "lichtruc.roster.department.changed.v1"

    profile: DepartmentDetails  # after the save (no description here: a `$ref` keeps none beside it in AsyncAPI)

    previous: DepartmentDetails | None = Field(
        default=None, description="the profile before the save; none when it is set for the first time"
    )
    changed: tuple[DepartmentField, ...] = Field(
        default=(),
        description="the fields whose value differs from `previous`, in the page's order (every field the first "
        "time; none when it was saved unchanged)",
    )
    version: int = Field(ge=1, description="the profile's version after the save: 1 the first time, +1 each")
    actor: str | None = Field(default=None, max_length=200, description="who saved it")
