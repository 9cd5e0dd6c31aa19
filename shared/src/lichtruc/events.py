"""The event contract: a CloudEvents 1.0 envelope (structured JSON mode) and one
Pydantic model per event type, versioned in the type name.

On Kafka the value is the envelope's UTF-8 JSON (Vietnamese text unescaped, byte
for byte), the key is the enterprise id (`partitionkey`, the CloudEvents
partitioning extension) so that all events of one enterprise stay in order on one
partition, and every event's data carries its aggregate's `version` so that a
consumer can tell a stale or repeated event.

**Tolerant readers, strict writers.** A consumer reads an event's `data` with the fields it does not
know ignored, at every depth (`CloudEvent.decoded`, `read_data`): a producer newer than the consumer (a
rolling upgrade, a consumer not yet deployed) may add optional fields, and the event is applied with
what the consumer knows instead of being parked in its DLQ. Building an event is strict: the models
refuse a field they do not declare, so a producer's typo fails where it is written. Audit logs and
hashes the envelope as it arrived, not the model it decoded: the canonical JSON
(`lichtruc.transparency.canonical_bytes`) of its attributes, extension attributes included, and of its
`data` exactly as parsed, unknown fields and all, so a later audit that knows them finds them in the log
(and its rebuild reads them), while an event without unknown fields has the bytes it always had. A field
whose meaning a consumer must not miss, or one that changes what an existing field means, is a new type
(`….v2`), never an added field; so is a field that becomes required. A missing required field, a wrong
type or an unknown type still fails as before. (Request bodies, `lichtruc.bodies`, are no events: they
still refuse a field they do not know, with a 422.)
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from .check_in import MAX_LATE_REASON
from .duty_types import DutyTypeKey
from .text import nfc, nfc_json

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
ROSTER_SOURCE = "/lichtruc/roster"
AUDIT_SOURCE = "/lichtruc/audit"


class UnknownEventType(LookupError):
    """An envelope whose `type` this version of the contract does not know."""


class EventData(BaseModel):
    """Base of every event's `data`. Subclasses set `event_type` and are registered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    registry: ClassVar[dict[str, type[EventData]]] = {}

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any, info: ValidationInfo) -> Any:
        # Names and texts read from Kafka are kept in NFC whoever produced them (lichtruc.text).
        return data if _normalized(info) else nfc(data)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type:
            EventData.registry[event_type] = cls


_NFC_DONE = {"lichtruc.nfc": True}
"""Validation context: the input is in NFC already (lichtruc.text), the models need not normalise it."""


def _normalized(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and info.context.get("lichtruc.nfc") is True


class CloudEvent(BaseModel):
    """CloudEvents 1.0 envelope. Extension attributes it does not declare are read and kept as sent
    (`model_extra`, dumped with the rest), so that audit's log keeps them too; `make_event` adds none."""

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    time: AwareDatetime
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    partitionkey: str = Field(min_length=1, description="Kafka key: the enterprise id")
    data: dict[str, Any]

    def decoded(self) -> EventData:
        """The typed data of this event; raises UnknownEventType or pydantic.ValidationError."""
        model = EventData.registry.get(self.type)
        if model is None:
            raise UnknownEventType(f"unknown event type {self.type!r}")
        # Normalised once here, not again by every nested model on the way down (a consumer's hot path).
        return read_data(model, nfc_json(self.data), context=_NFC_DONE)


Data = TypeVar("Data", bound=BaseModel)


def read_data(model: type[Data], data: Any, *, context: Any = None) -> Data:
    """`data` read as `model` the way a consumer reads what a producer wrote: fields the model does not
    know are ignored at every depth (the module doc, "Tolerant readers"), everything else checked."""
    return model.model_validate(data, extra="ignore", context=context)


def make_event(
    data: EventData,
    *,
    source: str,
    partitionkey: str,
    time: datetime,
    subject: str | None = None,
    event_id: uuid.UUID | None = None,
) -> CloudEvent:
    """Wrap typed data in an envelope; `time` is when the change was committed."""
    return CloudEvent(
        id=event_id or uuid.uuid4(),
        source=source,
        type=data.event_type,
        time=time,
        subject=subject,
        partitionkey=partitionkey,
        data=data.model_dump(mode="json"),
    )


def publisher_of(event_type: str) -> str | None:
    """The `source` that publishes `event_type` under this contract; None for a type it does not list."""
    if event_type not in EventData.registry:
        return None
    for prefix, source in (("lichtruc.roster.", ROSTER_SOURCE), ("lichtruc.audit.", AUDIT_SOURCE)):
        if event_type.startswith(prefix):
            return source
    return None


def encode(event: CloudEvent) -> bytes:
    """The exact bytes put on Kafka: compact UTF-8 JSON, non-ASCII kept as is."""
    return event.model_dump_json().encode("utf-8")


def decode(raw: bytes) -> CloudEvent:
    """Parse the bytes of a Kafka message; raises pydantic.ValidationError on anything malformed."""
    return CloudEvent.model_validate_json(raw)


__all__ = [
    "AUDIT_SOURCE",
    "CONTENT_TYPE",
    "ROSTER_SOURCE",
    "CloudEvent",
    "EventData",
    "UnknownEventType",
    "ValidationError",
    "decode",
    "encode",
    "make_event",
    "publisher_of",
    "read_data",
]


# --- shared value types ---------------------------------------------------------------

Sector = Literal["postal", "telecom", "internet", "television"]
ShiftStatus = Literal["draft", "published", "checked_in", "completed", "cancelled"]
Language = Literal["vi", "en"]


MAX_COVERED_SITES = 20
"""How many further sites one shift may cover (a patrol round visits a handful, not a province)."""


def _absent(value: object) -> bool:
    """A field added after events were first logged, left out of an event that does not carry it."""
    return value is None


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any, info: ValidationInfo) -> Any:
        return data if _normalized(info) else nfc(data)


class Assignee(_Value):
    """A person on a shift, with what consumers show and check (no call back to roster needed)."""

    staff_id: uuid.UUID
    full_name: str = Field(min_length=1, max_length=200)
    qualified: bool = Field(default=True, description="holds the qualification the duty type demands")


class PeakWindow(_Value):
    """A campaign-wide window in which coverage requirements ask more (giao thừa above all)."""

    name: str = Field(min_length=1, max_length=200, examples=["Giao thừa"])
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class OneOffWindow(_Value):
    kind: Literal["one_off"] = "one_off"
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class DailyWindow(_Value):
    """Every day of the campaign between two local (Asia/Ho_Chi_Minh) times; end <= start crosses
    midnight; 00:00–00:00 is the whole day."""

    kind: Literal["daily"] = "daily"
    start_local: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["00:00"])
    end_local: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["00:00"])


RequirementWindow = Annotated[OneOffWindow | DailyWindow, Field(discriminator="kind")]


class ShiftSnapshot(_Value):
    """A shift's whole state after a change: every shift event carries it, so a consumer can
    upsert by (shift_id, version) without replaying history or calling roster."""

    shift_id: uuid.UUID
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    covers_site_ids: tuple[uuid.UUID, ...] = Field(
        default=(),
        max_length=MAX_COVERED_SITES,
        description="further sites of the same enterprise this shift covers (a patrol round), besides site_id",
    )
    duty_type: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    assignees: tuple[Assignee, ...]
    status: ShiftStatus
    notes: str | None = None
    warnings: tuple[str, ...] = ()
    version: int = Field(ge=1)
    # The five fields of a handover are left out of an event when absent (`exclude_if`), so that every event
    # published before them keeps its bytes as audit's log hashed them (tests/shared/test_events.py's golden event).
    continues_shift_id: uuid.UUID | None = Field(
        default=None,
        exclude_if=_absent,
        description="the shift this one continues: planned to take over the rest of it from its start (POST "
        "/shifts/{id}/handover), that shift ending as this one begins; absent for any other shift, and in events "
        "published before 2026-12-06",
    )
    handover_reason: str | None = Field(
        default=None,
        max_length=2000,
        exclude_if=_absent,
        description="why the shift it continues was handed over (with continues_shift_id)",
    )
    handover_absent: bool | None = Field(
        default=None,
        exclude_if=_absent,
        description="with continues_shift_id: whether the people of the shift it continues never came (the "
        "handover's “Người trực không đến”): true, they did not come; false, the rest of it was handed over; absent "
        "for any other shift, and in events published before 2026-12-07",
    )


# --- roster events: campaigns and reference data ------------------------------------------


class CampaignOpened(EventData):
    """A Tết campaign, or a drill before Tết, was opened (key: the campaign id)."""

    event_type: ClassVar[str] = "lichtruc.roster.campaign.opened.v1"

    campaign_id: uuid.UUID
    kind: Literal["tet", "drill"] = Field(
        default="tet",
        description=("tet: the campaign of a Tết (one per lunar year); drill: an exercise before Tết (free dates)"),
    )
    lunar_year: int
    name: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    peaks: tuple[PeakWindow, ...] = ()
    readiness_deadline: AwareDatetime | None = Field(
        default=None,
        description="when the roster must be ready: a gap still open then is in force (absent in "
        "events written before the field existed: 24 h before starts_at)",
    )
    hours_deadline: AwareDatetime | None = Field(
        default=None,
        description="when every transaction point must have published its Tết opening hours (absent in "
        "events written before the field existed: the campaign's first day, 00:00 local, i.e. starts_at)",
    )
    border_duty_types: tuple[DutyTypeKey, ...] = Field(
        default=(),
        max_length=4,
        description="duty types every border site of the border sectors must have around the clock (the Tết defaults)",
    )
    border_sectors: tuple[Sector, ...] = Field(
        default=(), max_length=4, description="sectors whose border sites get the defaults"
    )
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class CampaignUpdated(CampaignOpened):
    """A campaign's dates, peak windows or readiness deadline were edited; carries the whole new state."""

    event_type: ClassVar[str] = "lichtruc.roster.campaign.updated.v1"


class EnterpriseRegistered(EventData):
    event_type: ClassVar[str] = "lichtruc.roster.enterprise.registered.v1"

    enterprise_id: uuid.UUID
    name: str
    sector: Sector
    manager_phone: str | None = None
    manager_emails: tuple[str, ...] = ()
    obligations_from: date | None = Field(
        default=None,
        description="the local day (Asia/Ho_Chi_Minh) from which the enterprise owes daily reports and readiness "
        "items, as the Department set it: those due before it are not owed (absent or null: it owes everything)",
    )
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class EnterpriseUpdated(EnterpriseRegistered):
    """An enterprise's name, sector, manager contacts or the day it owes reports from changed; carries the whole
    new state."""

    event_type: ClassVar[str] = "lichtruc.roster.enterprise.updated.v1"


class SiteRegistered(EventData):
    event_type: ClassVar[str] = "lichtruc.roster.site.registered.v1"

    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None = None
    border_area: bool = False
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


SiteUpdatedPart = Literal["name", "kind", "district", "border_area"]
"""What a SiteUpdated changed: the name, the kind, the district, the border-area flag."""


class SiteUpdated(SiteRegistered):
    """A site's name, kind, district or border-area flag changed; carries the whole new state and says which."""

    event_type: ClassVar[str] = "lichtruc.roster.site.updated.v1"

    changed: list[SiteUpdatedPart] = Field(
        default_factory=list,
        description="what changed: name, kind, district, border_area (the border-area flag, the Department's); "
        "empty in events published before 2026-12-06, which did not say",
    )


class StaffJoined(EventData):
    event_type: ClassVar[str] = "lichtruc.roster.staff.joined.v1"

    staff_id: uuid.UUID
    enterprise_id: uuid.UUID
    full_name: str
    email: str | None = None
    phone: str | None = None
    qualifications: tuple[str, ...] = ()
    active: bool = True
    language: Language = "vi"
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")


class StaffUpdated(StaffJoined):
    """A staff record changed; carries the whole new state."""

    event_type: ClassVar[str] = "lichtruc.roster.staff.updated.v1"


APPLIES_FROM = (
    "from when this version of the requirement applies (a rule changed during the campaign, from then on): every "
    "instant before is judged by the version before it. None: the whole campaign (a correction: the rule was always "
    "so), as every event before the field existed. At each instant the newest version that applies then is in "
    "force (lichtruc.coverage.in_force); a removal in force requires nothing."
)


class RequirementSet(EventData):
    """A coverage requirement was created or changed (whole new state)."""

    event_type: ClassVar[str] = "lichtruc.roster.requirement.set.v1"

    requirement_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    duty_type: str
    window: RequirementWindow
    minimum: int = Field(ge=0)
    peak_minimum: int | None = Field(default=None, ge=0)
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")
    applies_from: AwareDatetime | None = Field(default=None, description=APPLIES_FROM)


class RequirementRemoved(EventData):
    event_type: ClassVar[str] = "lichtruc.roster.requirement.removed.v1"

    requirement_id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int = Field(ge=1)
    actor: str | None = Field(default=None, max_length=200, description="who made the change")
    applies_from: AwareDatetime | None = Field(default=None, description=APPLIES_FROM)


# --- roster events: shifts -----------------------------------------------------------------


ACTOR_NAME = (
    "the display name of the account that made the change (its `actor`), for the mails that say who made it; "
    "absent when roster made it by itself, for an import, an account it no longer knows, and in events published "
    "before 2026-12-06"
)

SYSTEM_ACTOR = "system"
"""The actor of a change roster makes by itself: a shift's rest warnings recomputed after a change to a
shift next to it (ShiftUpdated), which may belong to another enterprise than the one whose manager made it."""


class ShiftEvent(EventData):
    """Base of every shift event: the shift after the change, and who made it."""

    shift: ShiftSnapshot
    actor: str | None = Field(
        default=None,
        description="who made the change (the account's name or id, 'import'; 'system': roster itself, a shift's "
        "rest warnings recomputed after a change to a shift next to it)",
    )
    actor_name: str | None = Field(default=None, max_length=200, exclude_if=_absent, description=ACTOR_NAME)


class ShiftPlanned(ShiftEvent):
    """A shift was created (a draft unless created published)."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.planned.v1"


class ShiftPublished(ShiftEvent):
    event_type: ClassVar[str] = "lichtruc.roster.shift.published.v1"


class ShiftRescheduled(ShiftEvent):
    """A shift was moved in time; or, handed over (`handed_over_to`), it ends early at the moment another
    shift takes over the rest of it, its people and check-ins kept."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.rescheduled.v1"

    previous_starts_at: AwareDatetime
    previous_ends_at: AwareDatetime
    handed_over_to: uuid.UUID | None = Field(
        default=None,
        exclude_if=_absent,
        description="the shift that took over the rest of this one (POST /shifts/{id}/handover); absent for a move",
    )
    reason: str | None = Field(default=None, max_length=2000, exclude_if=_absent, description="why it was handed over")


class ShiftReassigned(ShiftEvent):
    event_type: ClassVar[str] = "lichtruc.roster.shift.reassigned.v1"

    previous_assignees: tuple[Assignee, ...]


class ShiftCancelled(ShiftEvent):
    """A shift was cancelled; or, handed over at its start (`handed_over_to`: nobody on it had checked in, its
    people never came), it ends before it began and the other shift takes it whole."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.cancelled.v1"

    reason: str | None = None
    handed_over_to: uuid.UUID | None = Field(
        default=None,
        exclude_if=_absent,
        description="the shift that took the whole of this one over at its start, nobody on it having checked in "
        "(POST /shifts/{id}/handover); absent for a cancellation",
    )


class ShiftCompleted(ShiftEvent):
    event_type: ClassVar[str] = "lichtruc.roster.shift.completed.v1"


ShiftUpdatedPart = Literal["notes", "site", "covers", "warnings"]
"""What a ShiftUpdated changed: the notes, the site, the further sites covered, the rest warnings."""


class ShiftUpdated(ShiftEvent):
    """A shift's notes, site, covered sites or rest warnings (a neighbour of its people's) changed; times and
    people change through Rescheduled/Reassigned."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.updated.v1"

    changed: list[ShiftUpdatedPart] = Field(
        default_factory=list,
        description="what changed: notes, site, covers (the further sites covered), warnings (the rest warnings, "
        "recomputed after a change to a shift next to it, actor 'system'); empty in events published before "
        "2026-12-05, which did not say",
    )


class SwapRequested(EventData):
    """A person on a published shift asked to hand it to a named colleague (or to anyone qualified)."""

    event_type: ClassVar[str] = "lichtruc.roster.swap.requested.v1"

    swap_id: uuid.UUID
    shift: ShiftSnapshot
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    actor: str | None = None
    version: int = Field(ge=1, description="the swap request's own version")
    reason: str | None = Field(default=None, max_length=2000)


class SwapAnswered(EventData):
    """The colleague a swap request names answered it before the manager decides (QZ26 #12): `answer` "accepted" —
    the request is now the manager's to decide — or "declined" — back with the one who asked, who names someone else
    (a SwapRequested again, of the request's next version) or withdraws it; `note`: what the colleague wrote.
    `taken`: a request open to anyone qualified, taken by the colleague `to_staff_id` (it names them from now on, and
    counts as their yes). Key: the enterprise id."""

    event_type: ClassVar[str] = "lichtruc.roster.swap.answered.v1"

    swap_id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID = Field(description="the colleague who answered")
    answer: Literal["accepted", "declined"]
    taken: bool = False
    note: str | None = Field(default=None, max_length=2000)
    actor: str | None = None
    actor_name: str | None = Field(default=None, max_length=200, exclude_if=_absent, description=ACTOR_NAME)
    version: int = Field(ge=1, description="the swap request's own version")


class SwapRejected(EventData):
    """A manager turned a swap request down; the shift is unchanged (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.swap.rejected.v1"

    swap_id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    reason: str | None = Field(default=None, max_length=2000)
    actor: str | None = None
    actor_name: str | None = Field(default=None, max_length=200, exclude_if=_absent, description=ACTOR_NAME)
    version: int = Field(ge=1, description="the swap request's own version")


class SwapWithdrawn(EventData):
    """The person who asked took a swap request back before a decision; the shift is unchanged
    (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.swap.withdrawn.v1"

    swap_id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    actor: str | None = None
    version: int = Field(ge=1, description="the swap request's own version")


class SwapLapsed(EventData):
    """A swap request still waiting when its shift began lapsed (roster's sweep, by the system): nobody decides it
    any more, the one who asked is still on the shift and the colleague named does not take it over (key: the
    enterprise id). `shift`: the shift as it was then; `lapsed_at`: its start."""

    event_type: ClassVar[str] = "lichtruc.roster.swap.lapsed.v1"

    swap_id: uuid.UUID
    shift: ShiftSnapshot
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None = None
    lapsed_at: datetime
    actor: str | None = None
    version: int = Field(ge=1, description="the swap request's own version")


class EarlyLeaveAsked(EventData):
    """A person on a shift under way told the managers they must leave before it ends ("Tôi cần về sớm", QZ29 #8):
    from when (`leave_at`), why, and the colleague who agreed to take over, if any. It changes nobody on duty: the
    manager hands the rest over (ShiftPlanned/ShiftPublished of the taker, ShiftRescheduled of this one), which
    closes it (EarlyLeaveClosed). `shift`: the shift as it is (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.early_leave.asked.v1"

    early_leave_id: uuid.UUID
    shift: ShiftSnapshot
    staff_id: uuid.UUID
    staff_name: str | None = Field(default=None, max_length=200, description="the person's name as roster has it")
    leave_at: AwareDatetime = Field(description="from when they must leave (within the shift)")
    reason: str = Field(min_length=1, max_length=2000)
    colleague_id: uuid.UUID | None = Field(default=None, description="the colleague who agreed to take over, if any")
    colleague_name: str | None = Field(default=None, max_length=200)
    actor: str | None = None
    actor_name: str | None = Field(default=None, max_length=200, exclude_if=_absent, description=ACTOR_NAME)
    version: int = Field(ge=1, description="the notice's own version")


class EarlyLeaveClosed(EventData):
    """An early-leave notice was closed: `how` "withdrawn" (by the person), "handed_over" (a manager handed the shift
    over: `handed_over_to`, the shift that took the rest), "cancelled" (the shift was), "reassigned" (the person was
    taken off it). A notice whose shift ended while open closes with it, with no event (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.roster.early_leave.closed.v1"

    early_leave_id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    staff_id: uuid.UUID
    how: Literal["withdrawn", "handed_over", "cancelled", "reassigned"]
    handed_over_to: uuid.UUID | None = Field(default=None, exclude_if=_absent)
    actor: str | None = None
    actor_name: str | None = Field(default=None, max_length=200, exclude_if=_absent, description=ACTOR_NAME)
    version: int = Field(ge=1, description="the notice's own version")


class ShiftSwapped(ShiftEvent):
    """A manager approved a swap: the shift now has the new person. `note`: the manager's note on the approval,
    as the rejection's `reason` (absent in events published before it was carried)."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.swapped.v1"

    swap_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID
    note: str | None = Field(default=None, max_length=2000)
    agreement: str | None = Field(
        default=None,
        max_length=2000,
        exclude_if=_absent,
        description="approved before the colleague accepted in lichtruc: how the manager says they agreed (by phone…)",
    )


_LATE_REASON = (
    "why the person came late, in their own words (a flooded road, a child ill, called to an incident on the way); "
    "given only for a check-in after the grace (lichtruc.check_in.is_late); absent when none was given, and in events "
    "published before 2026-12-08"
)


class ShiftCheckedIn(ShiftEvent):
    """An assignee checked in; a late one may say why (`late_reason`, QZ29 #13)."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.checked_in.v1"

    staff_id: uuid.UUID
    checked_in_at: AwareDatetime
    # left out when absent, so that every check-in published before it keeps its bytes as audit's log hashed them
    late_reason: str | None = Field(
        default=None, min_length=1, max_length=MAX_LATE_REASON, exclude_if=_absent, description=_LATE_REASON
    )


class LateArrivalExplained(ShiftEvent):
    """A person who checked in late without saying why gave the reason afterwards, once, from their shift's card
    (QZ29 #13): `late_reason`, said at `explained_at` about the check-in at `checked_in_at`. The shift's snapshot is
    its next version, nothing else of it changed."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.late_explained.v1"

    staff_id: uuid.UUID
    checked_in_at: AwareDatetime
    late_reason: str = Field(min_length=1, max_length=MAX_LATE_REASON, description=_LATE_REASON)
    explained_at: AwareDatetime


PresenceEvidence = Literal["handover_book", "camera", "shift_leader", "other"]
"""How a manager knows afterwards whether a person was on post: the handover book (sổ giao ca), a camera, the shift
leader's word (xác nhận của trưởng ca), or something else the note says (`lichtruc.words.PRESENCE_EVIDENCE_NAMES`)."""

MAX_EVIDENCE_NOTE = 1000

_EVIDENCE_NOTE = "what shows it: a note or a reference (the handover book's page, a camera's recording); never blank"


class PresenceConfirmed(ShiftEvent):
    """After a shift ended, a manager of its enterprise (or an administrator) confirmed that a person on it was on post
    from `present_from` to `present_until` (the whole shift, or part of it: they came 40 minutes late) though their
    check-in does not say so (a flat phone, no signal at a relay station, the paper handover book signed instead), and
    how it is known (`evidence`, `evidence_note`) — or, while it was under way, recorded the arrival of a person who
    cannot check in themselves (no account): from when they came to the shift's end. Audit counts that time as present, marked as confirmed afterwards.
    A later confirmation of the same person replaces it (so does a PresenceCorrected). `actor`/`actor_name`: who;
    `confirmed_at`: when. The shift's snapshot is its next version, nothing else of it changed."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.presence_confirmed.v1"

    staff_id: uuid.UUID
    present_from: AwareDatetime
    present_until: AwareDatetime
    evidence: PresenceEvidence
    evidence_note: str = Field(min_length=1, max_length=MAX_EVIDENCE_NOTE, description=_EVIDENCE_NOTE)
    confirmed_at: AwareDatetime
    late_reason: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_LATE_REASON,
        exclude_if=_absent,
        description="an arrival recorded while the shift is under way, after the grace: why the person came late, as "
        "the manager was told; absent otherwise, and in events published before 2026-12-08",
    )


class PresenceCorrected(ShiftEvent):
    """After a shift ended, a manager of its enterprise (or an administrator) recorded that a person on it who checked
    in (or was confirmed present) was in fact not there from `absent_from` to `absent_until` (the whole shift, or part:
    checked in, left at 12:00), and how it is known (`evidence`, `evidence_note`): audit counts them absent then — the
    whole shift as if they had never checked in; a part, their check-in still counting outside it. Events said before
    the two bounds existed carry neither: the whole shift. Replaces an earlier confirmation of the same person.
    `actor`/`actor_name`: who; `confirmed_at`: when. The shift's snapshot is its next version."""

    event_type: ClassVar[str] = "lichtruc.roster.shift.presence_corrected.v1"

    staff_id: uuid.UUID
    absent_from: AwareDatetime | None = Field(default=None, description="away since (null: the shift's start)")
    absent_until: AwareDatetime | None = Field(default=None, description="away until (null: the shift's end)")
    evidence: PresenceEvidence
    evidence_note: str = Field(min_length=1, max_length=MAX_EVIDENCE_NOTE, description=_EVIDENCE_NOTE)
    confirmed_at: AwareDatetime


# --- audit events ----------------------------------------------------------------------------


class CoverageGapOpened(EventData):
    """Audit found people on duty below the requirement from `starts_at` (key: the enterprise id)."""

    event_type: ClassVar[str] = "lichtruc.audit.coverage_gap.opened.v1"

    gap_id: uuid.UUID
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    duty_type: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    required: int
    actual: int
    missing_qualification: bool = False
    peak: bool = False
    cause_event_ids: tuple[uuid.UUID, ...] = ()
    in_force_from: AwareDatetime | None = Field(
        default=None,
        description="from when the gap is in force if still open (its start, or the campaign's "
        "readiness deadline if earlier, or when it was found if later); before that it "
        "is a planning gap. Absent in older events: in force at once",
    )
    version: int = Field(ge=1)


class CoverageGapClosed(EventData):
    """A gap is no longer short: covered again, or its requirement lowered or removed (`reason`)."""

    event_type: ClassVar[str] = "lichtruc.audit.coverage_gap.closed.v1"

    gap_id: uuid.UUID
    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    duty_type: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    closed_by_event_ids: tuple[uuid.UUID, ...] = ()
    in_force: bool | None = Field(
        default=None,
        description="whether the gap was in force before it closed (false: a planning gap); absent in older events",
    )
    reason: Literal["covered", "requirement_changed"] = Field(
        default="covered",
        description="why it closed: `covered`, people now on duty (or a change of shifts or of the campaign); "
        "`requirement_changed`, only its requirement's own events closed it (lowered or removed: nobody was "
        "added). Absent in older events: covered",
    )
    version: int = Field(ge=1)


# --- the directive's other facts, one module each (registered on import) -----------------

from lichtruc import (  # noqa: E402  # they subclass EventData, defined above
    events_accounts,  # noqa: F401
    events_department,  # noqa: F401
    events_explanations,  # noqa: F401
    events_hours,  # noqa: F401
    events_incidents,  # noqa: F401
    events_inspections,  # noqa: F401
    events_readiness,  # noqa: F401
    events_reports,  # noqa: F401
)
