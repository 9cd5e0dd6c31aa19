"""Communication incidents and their response ("ứng cứu thông tin", the directive): an incident an
enterprise's duty member or manager records — when it was detected, where (a site, or a district),
which services it hits, whether Party/State agency links or a border area are affected, how severe —
then its responders, timestamped updates, the time service came back, and its cause and closing note.

Pure: each change returns the next state (`version` + 1) with the event that tells it (`Change`);
the service layer loads the facts (staff, site, who is on duty) and stores the result.

A responder should be on duty for the enterprise when they are added: on duty at the instant they took it up or at
`detected_at` (`on_duty_at`, the one rule behind the warning, the stored `Responder.on_duty`, the page's choice of
responders and so the day's report). A person is on duty at an instant when a published, checked-in or completed shift
of the enterprise has them on it and the instant lies from its start — or from their check-in, if they checked in
earlier (roster lets them up to `RuleLimits.check_in_lead` before the start) — until its end (QZ22 #2: checked in at
07:31 for 08:00 and taking up an incident at once read "không có ca trực"). Someone who is not is still added (the
enterprise knows who actually came), with a warning naming them (`not_on_duty`).

Service comes back after the detection and, for an incident detected by now, no later than the moment the restore
time is recorded (an update or the closing), give or take `RESTORE_SKEW`: a restore time still to come is a typo or
a guess, and the day's report would say it as fact. So with the time a responder took it up or an update was
written (`at`): not later than the moment it is recorded, the same skew allowed. The skew is meant (a time typed to
the minute, or read off another device, runs a little ahead) but it does not let an incident close before its
service is back: the resolution (the moment it is resolved) is not earlier than the restore time (`resolve`; QZ22 #4:
restored 07:32 was taken at 07:31 and the page read "Kết thúc lúc 07:31" after "Khôi phục dịch vụ lúc 07:32"). A
resolved incident takes no update, so its restore time cannot move past its resolution afterwards.

An incident is detected by the time it is recorded, give or take `DETECTION_SKEW` (`check_detected`): what is
recorded has happened (a drill or a demonstration that records a Tết still to come runs on a test clock set inside
it, `LICHTRUC_CLOCK_OFFSET`). One recorded before this rule (2026-12-05) with a detection further ahead of its
recording than the skew allows, while that detection is still to come, is not held to the clock for its later steps
either, as before (`recorded_in_the_future`); one opened since, its detection a few minutes ahead, is.

The restore time is held against the incident's timeline too (QZ26 #11a: restored 22:42 was taken before the
responder joined and the "đã cử tổ" update, both 22:43, and the day's report printed that order). Decided pair by pair:
- before the detection, or later than now: cannot be — refused (`check_restored`, above);
- later than the update that carries it (an update of 22:40 saying service came back at 22:42): cannot be, an update
  tells what has happened by its time — refused, naming both times (`check_restored_by_update`);
- earlier than a responder's joining or an update's time recorded before it: a real order is possible — service came
  back on its own before the team arrived, a responder was added afterwards to check the site, an update tells the
  watch kept after the restoration — but it is most often a slip of the hour or the minute, and the report would
  print it as fact. So it is asked first (`check_restored_after_steps`, a Conflict naming each such step by name and
  time) and saved once the manager confirms (`confirm`).

An incident **written up afterwards** (recorded more than `WRITTEN_UP_AFTER` after its detection: the manager types
in a night's outage the next morning) takes a responder only with the time they joined (`at`, rule
`responder-at-required`): without one, "now" — the moment of the write-up — would be taken as their joining, hours or
days after the service came back, and the restore time would be asked about every time, though nothing disagreed (Q4
leftover). The time is asked for, not guessed: the detection would flatter the response time the report prints."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from lichtruc.events import EventData
from lichtruc.events_incidents import (
    MAX_REMOVALS,
    MAX_RESPONDERS,
    MAX_UPDATES,
    IncidentNote,
    IncidentOpened,
    IncidentRemoval,
    IncidentResolved,
    IncidentResponder,
    IncidentResponderRemoved,
    IncidentSnapshot,
    IncidentUpdated,
)
from lichtruc.text import fold, sort_key
from lichtruc.words import name, when

from .errors import Conflict, FieldError, RuleViolation

SERVICES: tuple[str, ...] = ("mobile", "fixed_line", "internet", "television", "postal")
SEVERITIES: tuple[str, ...] = ("minor", "serious", "critical")
STATUSES: tuple[str, ...] = ("open", "resolved")
ON_DUTY_STATUSES: tuple[str, ...] = ("published", "checked_in", "completed")
"""Shift statuses that count as being on duty for the responder check."""


@dataclass(frozen=True)
class DutySpell:
    """One person's place on a shift of the enterprise in `ON_DUTY_STATUSES`, as `on_duty_at` reads it."""

    staff_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None = None


def on_duty_at(spell: DutySpell, at: datetime) -> bool:
    """Whether the person is on duty on the shift at `at`: from its start, or from their check-in when that came
    first (an early check-in, allowed up to the lead before the start), until its end (excluded)."""
    begins = spell.starts_at if spell.checked_in_at is None else min(spell.starts_at, spell.checked_in_at)
    return begins <= at < spell.ends_at


def on_duty_among(spells: Iterable[DutySpell], instants: Iterable[datetime]) -> frozenset[uuid.UUID]:
    """Who of `spells` is on duty (`on_duty_at`) at any of `instants` (for a responder: when they took it up — now
    if not said — and the detection)."""
    at = tuple(instants)
    return frozenset(s.staff_id for s in spells if any(on_duty_at(s, t) for t in at))


WRITTEN_UP_AFTER = timedelta(hours=1)
"""An incident recorded more than this after its detection was written up afterwards: a responder added to it needs
the time they joined (`Incident.add_responder`). A live record is made within minutes of the detection; an hour
leaves room for a first call and a drive to the site before anyone opens the form."""
RESTORE_SKEW = timedelta(minutes=1)
"""How far past the moment it is recorded a restore time may lie: the clock of the device it was read from and the
server's differ a little, and a form filled in at 09:52:40 says 09:53."""
DETECTION_SKEW = timedelta(minutes=5)
"""How far past the moment it is recorded a detection time may lie: it is often read off another device than the one
recording it (a network monitor, a phone at the site), whose clock may run a few minutes fast."""


@dataclass(frozen=True)
class Responder:
    staff_id: uuid.UUID
    full_name: str
    added_at: datetime
    on_duty: bool


@dataclass(frozen=True)
class Removal:
    """A responder taken off (added by mistake), as they had been added, and when, by whom and why."""

    staff_id: uuid.UUID
    full_name: str
    added_at: datetime
    removed_at: datetime
    by: str | None = None
    by_name: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Update:
    at: datetime
    note: str
    by: str | None = None
    by_name: str | None = None


@dataclass(frozen=True)
class IncidentWarning:
    """A soft rule the change breaks: it is made, and the answer says so (in words, both languages)."""

    rule: str
    staff_id: uuid.UUID
    message: str
    message_vi: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "staff_id": str(self.staff_id),
            "message": self.message,
            "message_vi": self.message_vi,
        }


@dataclass(frozen=True)
class Where:
    """Where an incident is: a site of the enterprise (its name, district, border flag) or a district."""

    site_id: uuid.UUID | None
    site_name: str | None
    district: str | None
    border: bool


@dataclass(frozen=True, slots=True)
class Incident:
    id: uuid.UUID
    enterprise_id: uuid.UUID
    campaign_id: uuid.UUID | None
    detected_at: datetime
    site_id: uuid.UUID | None
    district: str | None
    services: tuple[str, ...]
    agency_links: bool
    border: bool
    severity: str
    description: str
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    enterprise_name: str = ""
    sector: str | None = None
    site_name: str | None = None
    responders: tuple[Responder, ...] = ()
    updates: tuple[Update, ...] = ()
    removed: tuple[Removal, ...] = ()
    restored_at: datetime | None = None
    cause: str | None = None
    closing_note: str | None = None
    resolved_at: datetime | None = None
    opened_by: str | None = None

    @property
    def written_up_afterwards(self) -> bool:
        """Recorded more than `WRITTEN_UP_AFTER` after its detection (the module's docstring)."""
        return self.created_at - self.detected_at > WRITTEN_UP_AFTER

    @property
    def severe(self) -> bool:
        """Whether the Department must hear at once (notifier's rule too): critical or serious, or any
        incident with border or Party/State agency impact."""
        return self.severity in ("critical", "serious") or self.border or self.agency_links

    @property
    def first_response_at(self) -> datetime | None:
        return min((r.added_at for r in self.responders), default=None)

    def label(self, lang: str = "vi") -> str:
        """The incident as people name it: where and when it was detected."""
        where = self.site_name or self.district or self.enterprise_name
        return f"{where}, {when(self.detected_at, lang)}"

    def snapshot(self) -> IncidentSnapshot:
        return IncidentSnapshot(
            incident_id=self.id,
            enterprise_id=self.enterprise_id,
            enterprise_name=self.enterprise_name,
            sector=self.sector,
            campaign_id=self.campaign_id,
            detected_at=self.detected_at,
            site_id=self.site_id,
            site_name=self.site_name,
            district=self.district,
            services=self.services,
            agency_links=self.agency_links,
            border=self.border,
            severity=self.severity,
            description=self.description,
            status=self.status,
            responders=tuple(
                IncidentResponder(staff_id=r.staff_id, full_name=r.full_name, added_at=r.added_at, on_duty=r.on_duty)
                for r in self.responders
            ),
            updates=tuple(IncidentNote(at=u.at, note=u.note, by=u.by, by_name=u.by_name) for u in self.updates),
            removed=tuple(
                IncidentRemoval(
                    staff_id=r.staff_id,
                    full_name=r.full_name,
                    added_at=r.added_at,
                    removed_at=r.removed_at,
                    by=r.by,
                    by_name=r.by_name,
                    reason=r.reason,
                )
                for r in self.removed
            ),
            restored_at=self.restored_at,
            cause=self.cause,
            closing_note=self.closing_note,
            resolved_at=self.resolved_at,
            opened_by=self.opened_by,
            version=self.version,
        )

    # --- changes ---------------------------------------------------------------------------

    def _open_for(self, action_en: str, action_vi: str) -> None:
        if self.status != "open":
            raise Conflict(
                "status",
                "incident-open",
                f"The incident at {self.label('en')} is already resolved; {action_en} is only possible while it is "
                "open. Open a new incident if the fault came back.",
                f"Sự cố tại {self.label()} đã được khắc phục, không thể {action_vi}. "
                "Nếu sự cố tái diễn, hãy ghi nhận một sự cố mới.",
                incident_id=str(self.id),
            )

    def _when(self, at: datetime | None, now: datetime, field: str) -> datetime:
        """When a step happened: `at` when recorded afterwards (not before the detection, nor later than `now`,
        `RESTORE_SKEW` allowed, unless `recorded_in_the_future` — as `check_restored`), else now."""
        if at is None:
            return now
        if at < self.detected_at:
            raise RuleViolation(
                field,
                "after-detection",
                f"{when(at, 'en')} is before the incident was detected ({when(self.detected_at, 'en')}).",
                f"Thời điểm {when(at)} trước lúc phát hiện sự cố ({when(self.detected_at)}).",
            )
        if at > now + RESTORE_SKEW and not recorded_in_the_future(self.detected_at, self.created_at, now=now):
            raise RuleViolation(
                field,
                "at-by-now",
                f"{when(at, 'en')} is later than now ({when(now, 'en')}): a step is recorded when it has happened. "
                "Give the time it really happened, or leave the time out to record it as of now.",
                f"Thời điểm {when(at)} muộn hơn bây giờ ({when(now)}): chỉ ghi nhận việc đã xảy ra. Hãy nhập "
                "thời điểm thực tế, hoặc bỏ trống để lấy thời điểm hiện tại.",
                at=at.astimezone(UTC).isoformat(),
                now=now.astimezone(UTC).isoformat(),
            )
        return at.astimezone(UTC)

    def _next(self, now: datetime, **changes: Any) -> Incident:
        return replace(self, version=self.version + 1, updated_at=now, **changes)

    def add_responder(
        self,
        *,
        staff_id: uuid.UUID,
        full_name: str,
        on_duty: bool,
        now: datetime,
        actor: str | None,
        at: datetime | None = None,
        by_name: str | None = None,
        by_staff_id: uuid.UUID | None = None,
    ) -> Change:
        """Add a responder (the caller has checked they are staff of this enterprise and whether they are on duty);
        `at`: when they took it up, if recorded afterwards (not before the detection). The event names the person
        added and who added them (`by_name`: the account's name; `by_staff_id`: its staff record, if any — the
        person added themselves when it is theirs), so that notifier tells that person."""
        self._open_for("adding a responder", "thêm người ứng cứu")
        if any(r.staff_id == staff_id for r in self.responders):
            raise Conflict(
                "staff_id",
                "responder-once",
                f"{full_name} already responds to the incident at {self.label('en')}.",
                f"{full_name} đã có trong danh sách ứng cứu sự cố tại {self.label()}.",
                staff_id=str(staff_id),
            )
        if len(self.responders) >= MAX_RESPONDERS:
            raise RuleViolation(
                "staff_id",
                "responders-at-most",
                f"An incident has at most {MAX_RESPONDERS} responders; record the others in an update.",
                f"Mỗi sự cố có tối đa {MAX_RESPONDERS} người ứng cứu; hãy ghi những người khác vào cập nhật.",
            )
        if at is None and self.written_up_afterwards:
            raise RuleViolation(
                "at",
                "responder-at-required",
                f"The incident at {self.label('en')} was written up afterwards, at {when(self.created_at, 'en')}: give "
                f"the time {full_name} joined the response. Left out, it would read as now ({when(now, 'en')}), after "
                "service came back.",
                f"Sự cố tại {self.label()} được ghi lại sau khi xảy ra, lúc {when(self.created_at)}: hãy nhập thời điểm "
                f"{full_name} tham gia ứng cứu. Bỏ trống thì sẽ được hiểu là bây giờ ({when(now)}), sau cả lúc dịch vụ "
                "khôi phục.",
                staff_id=str(staff_id),
                detected_at=self.detected_at.astimezone(UTC).isoformat(),
                recorded_at=self.created_at.astimezone(UTC).isoformat(),
            )
        added_at = self._when(at, now, "at")
        incident = self._next(now, responders=(*self.responders, Responder(staff_id, full_name, added_at, on_duty)))
        warnings = () if on_duty else (not_on_duty(staff_id, full_name, self),)
        added = IncidentResponder(staff_id=staff_id, full_name=full_name, added_at=added_at, on_duty=on_duty)
        event = IncidentUpdated(
            incident=incident.snapshot(),
            actor=actor,
            change="responder_added",
            responder=added,
            actor_name=by_name,
            actor_staff_id=by_staff_id,
        )
        return Change(incident, event, warnings)

    def remove_responder(
        self,
        *,
        staff_id: uuid.UUID,
        who: str,
        reason: str | None,
        now: datetime,
        actor: str | None,
        by_name: str | None = None,
        by_staff_id: uuid.UUID | None = None,
    ) -> Change:
        """Take a responder added by mistake off the incident, while it is open (a closed incident's record is what
        happened; the day's report and the Department's copy have told it): the incident keeps who was taken off,
        when, by whom (`actor`, `by_name`: their name) and why (`reason`, optional), and its history says it.
        `who`: how to name `staff_id` when they are no responder (removed already). The event says the staff record
        of the account that took them off (`by_staff_id`, if any): the person left themselves when it is theirs,
        and notifier tells them so."""
        self._open_for("removing a responder", "gỡ người ứng cứu")
        removed = next((r for r in self.responders if r.staff_id == staff_id), None)
        if removed is None:
            raise Conflict(
                "staff_id",
                "responder-listed",
                f"{who} is not among the responders of the incident at {self.label('en')} (removed already?): "
                "reload the incident to see who responds.",
                f"{who} không có trong danh sách ứng cứu sự cố tại {self.label()} (có thể đã được gỡ): hãy tải lại "
                "trang sự cố để xem danh sách hiện tại.",
                staff_id=str(staff_id),
            )
        if len(self.removed) >= MAX_REMOVALS:
            raise RuleViolation(
                "staff_id",
                "removals-at-most",
                f"At most {MAX_REMOVALS} responders are taken off an incident; write an update saying who did not "
                "respond.",
                f"Mỗi sự cố được gỡ tối đa {MAX_REMOVALS} người ứng cứu; hãy ghi vào cập nhật những ai không tham gia.",
            )
        taken_off = Removal(removed.staff_id, removed.full_name, removed.added_at, now, actor, by_name, reason)
        incident = self._next(
            now,
            responders=tuple(r for r in self.responders if r.staff_id != staff_id),
            removed=(*self.removed, taken_off),
        )
        gone = IncidentResponder(
            staff_id=removed.staff_id, full_name=removed.full_name, added_at=removed.added_at, on_duty=removed.on_duty
        )
        event = IncidentResponderRemoved(
            incident=incident.snapshot(), responder=gone, reason=reason, actor=actor, actor_staff_id=by_staff_id
        )
        return Change(incident, event)

    def add_update(
        self,
        *,
        note: str,
        now: datetime,
        actor: str | None,
        by_name: str | None = None,
        restored_at: datetime | None = None,
        at: datetime | None = None,
        confirm: bool = False,
    ) -> Change:
        """Write a timestamped update (`at`: when, if written afterwards); it may carry the time service came back —
        not later than the update's own time, and, unless `confirm`, not earlier than the steps recorded before it
        (the module's docstring)."""
        self._open_for("an update", "cập nhật")
        if len(self.updates) >= MAX_UPDATES:
            raise RuleViolation(
                "note",
                "updates-at-most",
                f"An incident has at most {MAX_UPDATES} updates; resolve it, or open a new incident for a new fault.",
                f"Mỗi sự cố có tối đa {MAX_UPDATES} cập nhật; hãy kết thúc sự cố hoặc ghi nhận sự cố mới.",
            )
        written_at = self._when(at, now, "at")
        if restored_at is not None:
            check_restored(restored_at, detected_at=self.detected_at, recorded_at=self.created_at, now=now)
            if at is not None:
                check_restored_by_update(restored_at, update_at=written_at)
            if not confirm:
                check_restored_after_steps(restored_at, self)
        incident = self._next(
            now,
            updates=(*self.updates, Update(written_at, note, actor, by_name)),
            restored_at=restored_at.astimezone(UTC) if restored_at is not None else self.restored_at,
        )
        return Change(incident, IncidentUpdated(incident=incident.snapshot(), actor=actor, change="note_added"))

    def resolve(
        self,
        *,
        cause: str,
        closing_note: str,
        restored_at: datetime | None,
        now: datetime,
        actor: str | None,
        confirm: bool = False,
    ) -> Change:
        """Close the incident: service restored (now given, or given in an earlier update), cause and closing note. A
        restore time given now earlier than a step recorded is asked about first unless `confirm` (the module's
        docstring); one an update gave was asked about then."""
        self._open_for("resolving it", "kết thúc")
        restored = restored_at if restored_at is not None else self.restored_at
        if restored is None:
            raise RuleViolation(
                "restored_at",
                "restored-known",
                "Say when service came back (restored_at) to resolve the incident.",
                "Hãy nhập thời điểm khôi phục dịch vụ để kết thúc sự cố.",
            )
        check_restored(restored, detected_at=self.detected_at, recorded_at=self.created_at, now=now)
        check_resolved_after_restored(
            restored, resolved_at=now, exempt=recorded_in_the_future(self.detected_at, self.created_at, now=now)
        )
        if restored_at is not None and not confirm:
            check_restored_after_steps(restored_at, self)
        incident = self._next(
            now,
            status="resolved",
            restored_at=restored.astimezone(UTC),
            cause=cause,
            closing_note=closing_note,
            resolved_at=now,
        )
        return Change(incident, IncidentResolved(incident=incident.snapshot(), actor=actor))

    def respell_district(self, district: str, *, now: datetime, actor: str | None) -> Change:
        """Write the district as `district`, another spelling of the same district (an administrator's merge of a
        district's spellings, handlers/districts.py): open or resolved — it corrects how the record is written,
        not what happened, so no rule of the incident's status applies."""
        if fold(district) != fold(self.district or ""):
            raise RuleViolation(
                "district",
                "same-district",
                f"“{district}” is not another spelling of the district, town or city of the incident at {self.label('en')}.",
                f"“{district}” không phải cách viết khác của huyện, thị xã, thành phố nơi có sự cố tại {self.label()}.",
            )
        incident = self._next(now, district=district)
        return Change(incident, IncidentUpdated(incident=incident.snapshot(), actor=actor, change="district_merged"))


@dataclass(frozen=True)
class Change:
    """An incident's next state, the event that tells it, and the warnings the change gives."""

    incident: Incident
    event: EventData
    warnings: tuple[IncidentWarning, ...] = field(default=())


def not_on_duty(staff_id: uuid.UUID, full_name: str, incident: Incident) -> IncidentWarning:
    enterprise = incident.enterprise_name or "the enterprise"
    enterprise_vi = incident.enterprise_name or "doanh nghiệp"
    return IncidentWarning(
        "responder-on-duty",
        staff_id,
        f"{full_name} is not on a published shift of {enterprise} now nor at detection "
        f"({when(incident.detected_at, 'en')}); added as a responder all the same.",
        f"{full_name} không có ca trực đã công bố của {enterprise_vi} vào lúc này và lúc phát hiện sự cố "
        f"({when(incident.detected_at)}); vẫn được thêm vào danh sách ứng cứu.",
    )


@dataclass(frozen=True)
class ResponderChoice:
    """A colleague who may be added as a responder, and whether they are on duty for the enterprise (as
    `add_responder`'s check would find: no warning when added)."""

    staff_id: uuid.UUID
    full_name: str
    on_duty: bool


def responder_choices(
    incident: Incident, staff: Iterable[tuple[uuid.UUID, str, bool]], on_duty: Collection[uuid.UUID]
) -> tuple[ResponderChoice, ...]:
    """Whom the incident's page offers as a responder: the enterprise's active staff (`staff`: id, full name,
    active) not already responding, those on duty (`on_duty`: now or at detection) first, each group by name as
    Vietnamese orders it."""
    taken = {r.staff_id for r in incident.responders}
    offered = [
        ResponderChoice(staff_id, full_name, staff_id in on_duty)
        for staff_id, full_name, active in staff
        if active and staff_id not in taken
    ]
    return tuple(sorted(offered, key=lambda c: (not c.on_duty, sort_key(c.full_name), str(c.staff_id))))


def check_detected(detected_at: datetime, *, now: datetime, enterprise_name: str) -> None:
    """An incident is recorded once it is detected: its detection time is not later than `now`, the moment it is
    recorded (`DETECTION_SKEW` allowed)."""
    if detected_at <= now + DETECTION_SKEW:
        return
    raise RuleViolation(
        "detected_at",
        "detected-by-now",
        f"The incident at {enterprise_name} cannot be detected at {when(detected_at, 'en')}: that is later than now "
        f"({when(now, 'en')}). Record an incident once it is detected, with the time it was (in Vietnam time: check "
        "the device's clock and time zone).",
        f"Sự cố của {enterprise_name} không thể được phát hiện lúc {when(detected_at)}: thời điểm này muộn hơn bây "
        f"giờ ({when(now)}). Chỉ ghi nhận sự cố khi đã phát hiện, với thời điểm phát hiện thực tế (theo giờ "
        "Việt Nam: hãy kiểm tra đồng hồ và múi giờ của thiết bị).",
        detected_at=detected_at.astimezone(UTC).isoformat(),
        now=now.astimezone(UTC).isoformat(),
    )


def recorded_in_the_future(detected_at: datetime, recorded_at: datetime, *, now: datetime) -> bool:
    """Whether an incident's later steps are exempt from the clock: it was recorded (opened, `recorded_at`) before
    `check_detected` existed (2026-12-05) with its detection further ahead than `DETECTION_SKEW` allows, and that
    detection is still to come (past `now` + `RESTORE_SKEW`). The incident's own recording, not `now`, says which:
    one opened since, with a detection up to `DETECTION_SKEW` ahead, is held to the clock like any other."""
    return detected_at > recorded_at + DETECTION_SKEW and detected_at > now + RESTORE_SKEW


def check_restored(restored_at: datetime, *, detected_at: datetime, recorded_at: datetime, now: datetime) -> None:
    """Service comes back after the detection, and not after `now` (the moment the restore time is recorded,
    `RESTORE_SKEW` allowed) — unless the incident was `recorded_in_the_future` (at `recorded_at`, before
    `check_detected` refused that): its later steps are not held to the clock either."""
    errors = []
    if restored_at < detected_at:
        errors.append(
            FieldError(
                "restored_at",
                "after-detection",
                f"Service cannot come back ({when(restored_at, 'en')}) before the incident was detected "
                f"({when(detected_at, 'en')}).",
                f"Thời điểm khôi phục ({when(restored_at)}) không thể trước lúc phát hiện sự cố ({when(detected_at)}).",
            )
        )
    elif restored_at > now + RESTORE_SKEW and not recorded_in_the_future(detected_at, recorded_at, now=now):
        errors.append(
            FieldError(
                "restored_at",
                "restored-by-now",
                f"Service cannot have come back at {when(restored_at, 'en')}: that is later than now "
                f"({when(now, 'en')}). Give the time service really came back; if it is not back yet, write an "
                "update and resolve the incident once it is.",
                f"Thời điểm khôi phục ({when(restored_at)}) muộn hơn bây giờ ({when(now)}): hãy nhập thời điểm "
                "dịch vụ đã thực sự hoạt động lại; nếu dịch vụ chưa khôi phục, hãy ghi cập nhật và kết thúc sự cố "
                "khi đã khôi phục.",
                {"restored_at": restored_at.astimezone(UTC).isoformat(), "now": now.astimezone(UTC).isoformat()},
            )
        )
    if errors:
        raise RuleViolation(errors)


def check_restored_by_update(restored_at: datetime, *, update_at: datetime) -> None:
    """An update tells what has happened by its time: the restore time it carries is not later than `update_at`."""
    if restored_at <= update_at:
        return
    raise RuleViolation(
        "restored_at",
        "restored-by-update",
        f"An update of {when(update_at, 'en')} cannot say service came back at {when(restored_at, 'en')}, after it: "
        "give the time service really came back, or the time of the update (when it was written) if that is what was "
        "typed wrong.",
        f"Cập nhật lúc {when(update_at)} không thể ghi dịch vụ khôi phục lúc {when(restored_at)}, sau thời điểm "
        "của chính cập nhật đó: hãy nhập thời điểm dịch vụ thực sự hoạt động lại, hoặc sửa thời điểm của cập nhật "
        "nếu đó là chỗ nhập nhầm.",
        restored_at=restored_at.astimezone(UTC).isoformat(),
        update_at=update_at.astimezone(UTC).isoformat(),
    )


@dataclass(frozen=True)
class Step:
    """A step of an incident's timeline recorded later than a restore time: who joined, or which update, and when."""

    kind: str  # "responder" | "update"
    at: datetime
    name: str  # the responder's name, or the update's note


def steps_after(restored_at: datetime, incident: Incident) -> tuple[Step, ...]:
    """The responders who joined and the updates written later than `restored_at`, in time order."""
    steps = [Step("responder", r.added_at, r.full_name) for r in incident.responders if r.added_at > restored_at]
    steps += [Step("update", u.at, u.note) for u in incident.updates if u.at > restored_at]
    return tuple(sorted(steps, key=lambda s: s.at))


def _step_said(step: Step, lang: str) -> str:
    note = " ".join(step.name.split())
    note = note if len(note) <= 60 else f"{note[:59]}…"
    if step.kind == "responder":
        return (
            f"{step.name} joined at {when(step.at, 'en')}"
            if lang == "en"
            else f"{step.name} tham gia lúc {when(step.at)}"
        )
    return f"the update “{note}” at {when(step.at, 'en')}" if lang == "en" else f"cập nhật “{note}” lúc {when(step.at)}"


def check_restored_after_steps(restored_at: datetime, incident: Incident) -> None:
    """Ask first (Conflict "restored-before-steps", saved with `confirm`) when `restored_at` is earlier than a
    responder's joining or an update recorded (`steps_after`), naming each by name and time: a real order is
    possible, a slip of the hour more likely (the module's docstring)."""
    steps = steps_after(restored_at, incident)
    if not steps:
        return
    en = "; ".join(_step_said(s, "en") for s in steps)
    vi = "; ".join(_step_said(s, "vi") for s in steps)
    raise Conflict(
        "restored_at",
        "restored-before-steps",
        f"Service came back at {when(restored_at, 'en')}, before {en}. If it did (it came back on its own, or those "
        "were recorded about what followed), confirm to save it; if not, correct the restore time.",
        f"Thời điểm khôi phục {when(restored_at)} sớm hơn {vi}. Nếu đúng như vậy (dịch vụ tự hoạt động lại, hoặc các "
        "bước đó ghi việc diễn ra sau), hãy xác nhận để lưu; nếu không, hãy sửa thời điểm khôi phục.",
        restored_at=restored_at.astimezone(UTC).isoformat(),
        steps=[{"kind": s.kind, "at": s.at.astimezone(UTC).isoformat(), "name": s.name} for s in steps],
    )


def check_resolved_after_restored(restored_at: datetime, *, resolved_at: datetime, exempt: bool = False) -> None:
    """An incident is resolved once its service is back: `resolved_at` (the moment of the resolution) is not earlier
    than `restored_at` — `RESTORE_SKEW`, which lets a restore time lie a minute past the moment it is recorded, does
    not let the resolution come before it. `exempt`: the incident was `recorded_in_the_future` (its later steps are not
    held to the clock)."""
    if exempt or restored_at <= resolved_at:
        return
    raise RuleViolation(
        "restored_at",
        "resolved-after-restored",
        f"The incident cannot be resolved at {when(resolved_at, 'en')}, before service came back "
        f"({when(restored_at, 'en')}): if service is back, give the time it really came back, no later than the "
        "resolution; if not, write an update and resolve the incident once it is.",
        f"Không thể kết thúc sự cố lúc {when(resolved_at)}, trước thời điểm khôi phục dịch vụ ({when(restored_at)}): "
        "nếu dịch vụ đã hoạt động lại, hãy nhập thời điểm khôi phục thực tế, không muộn hơn lúc kết thúc; nếu chưa, "
        "hãy ghi cập nhật và kết thúc sự cố khi dịch vụ đã khôi phục.",
        restored_at=restored_at.astimezone(UTC).isoformat(),
        resolved_at=resolved_at.astimezone(UTC).isoformat(),
    )


def locate(
    *,
    enterprise_id: uuid.UUID,
    enterprise_name: str,
    site: Where | None,
    site_enterprise_id: uuid.UUID | None,
    site_id: uuid.UUID | None,
    district: str | None,
    border: bool,
) -> Where:
    """Where the incident is: the site (of this enterprise; its district and border flag; `border` may only add
    to the site's), else the district given (border as given). One of the two is needed."""
    if site_id is not None:
        if site is None or site_enterprise_id != enterprise_id:
            raise RuleViolation(
                "site_id",
                "site-of-enterprise",
                f"The site {site_id} is not a site of {enterprise_name}: choose one of its sites (GET /sites).",
                f"Địa điểm đã chọn không thuộc {enterprise_name}: hãy chọn một địa điểm của doanh nghiệp.",
                site_id=str(site_id),
            )
        return Where(site.site_id, site.site_name, site.district, site.border or border)
    if not district:
        raise RuleViolation(
            "site_id",
            "site-or-district",
            "Say where the incident is: a site (site_id) or, when it is not at a site, a district.",
            "Hãy cho biết nơi xảy ra sự cố: chọn một địa điểm, hoặc nhập huyện, thị xã, thành phố nếu không thuộc địa điểm "
            "nào.",
        )
    return Where(None, None, district, border)


def locate_detected(
    *,
    enterprise_id: uuid.UUID,
    enterprise_name: str,
    site: Where | None,
    site_enterprise_id: uuid.UUID | None,
    site_id: uuid.UUID | None,
    district: str | None,
    border: bool,
    detected_at: datetime,
    now: datetime,
) -> Where:
    """Where a new incident is (`locate`), its detection time checked as well (`check_detected`): both refusals said
    at once, so that the form is corrected in one go, not one mistake a send."""
    errors: list[FieldError] = []
    where = None
    try:
        where = locate(
            enterprise_id=enterprise_id,
            enterprise_name=enterprise_name,
            site=site,
            site_enterprise_id=site_enterprise_id,
            site_id=site_id,
            district=district,
            border=border,
        )
    except RuleViolation as exc:
        errors += exc.errors
    try:
        check_detected(detected_at, now=now, enterprise_name=enterprise_name)
    except RuleViolation as exc:
        errors += exc.errors
    if errors or where is None:
        raise RuleViolation(errors)
    return where


def open_incident(
    *,
    incident_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    enterprise_name: str,
    sector: str | None,
    campaign_id: uuid.UUID | None,
    detected_at: datetime,
    where: Where,
    services: tuple[str, ...],
    agency_links: bool,
    severity: str,
    description: str,
    now: datetime,
    actor: str | None,
) -> Change:
    """A new, open incident (version 1) and its IncidentOpened; detected by `now` (`check_detected`)."""
    check_detected(detected_at, now=now, enterprise_name=enterprise_name)
    incident = Incident(
        id=incident_id,
        enterprise_id=enterprise_id,
        enterprise_name=enterprise_name,
        sector=sector,
        campaign_id=campaign_id,
        detected_at=detected_at.astimezone(UTC),
        site_id=where.site_id,
        site_name=where.site_name,
        district=where.district,
        services=tuple(s for s in SERVICES if s in services),
        agency_links=agency_links,
        border=where.border,
        severity=severity,
        description=description,
        status="open",
        version=1,
        created_at=now,
        updated_at=now,
        opened_by=actor,
    )
    return Change(incident, IncidentOpened(incident=incident.snapshot(), actor=actor))


def severity_name(severity: str, lang: str = "vi") -> str:
    return name("incident_severity", severity, lang)


def service_names(services: tuple[str, ...], lang: str = "vi") -> str:
    return ", ".join(name("incident_service", s, lang) for s in services)
