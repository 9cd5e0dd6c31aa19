"""Presence confirmed afterwards (QZ27 #3): a manager's page for one ended shift, `/manage/shifts/{id}/presence`, that
says of each person on it whether they checked in, and lets the manager confirm that someone was on post though their
check-in does not say so ("Xác nhận có mặt": the whole shift or from–to) or record that someone who checked in was not
there ("Ghi nhận vắng"), each with the evidence roster asks for (how it is known, and a note or a reference).

While the shift is under way, the same page records the arrival of a person who cannot check in themselves — roster
says they have no active account (`can_check_in` false; QZ29 #1: a shift handed to Lê Hữu Nghĩa, never given one,
read "chưa điểm danh" and the page refused until its end) — through the same confirmation; the others are told they
check in themselves until the end.

Roster decides everything (who may, a shift not yet ended, a person not on it, the evidence): this module reads the
shift, sends the form, and says roster's refusal in its words. Thin: no rule of its own but the default times.

Beside a person it says the inspectors' findings that they were missing from their post during the shift (audit's
`GET /findings`, QZ28 #1): audit counts a confirmation only until such a visit's instant, so the manager reads it
before confirming — the finding, its time, the site and the inspector. Audit not answering: the page without them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from lichtruc.words import name

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.dates import parse_instant
from ..domain.shifts import PRESENCE_EVIDENCE, Person, Shift, local_input, parse_local_input


@dataclass(frozen=True)
class MissingFound:
    """An inspector's finding that the person was not on post at `at`: at `site`, by `inspector` (their name, else
    their login)."""

    at: datetime
    site: str
    inspector: str


@dataclass(frozen=True)
class PersonLine:
    """One person of the shift as the page says them: their check-in, a manager's word on them if any, and the
    inspectors' findings that they were missing during it."""

    person: Person
    outcome: str  # domain.my_day.outcome's: on_time, late, missed, confirmed, ''
    missing: tuple[MissingFound, ...] = ()

    @property
    def can_confirm(self) -> bool:
        """Worth offering "Xác nhận có mặt": not recorded there for the whole shift by their own check-in on time."""
        return self.outcome != "on_time" or (self.person.presence is not None and not self.person.presence.present)

    def can_record_arrival(self, under_way: bool) -> bool:
        """While the shift is under way, the confirmation offered only to a person who cannot check in themselves."""
        return under_way and self.person.without_account and self.person.checked_in_at is None

    @property
    def can_mark_absent(self) -> bool:
        """Worth offering "Ghi nhận vắng": the record says they were there (a check-in, or a word that they were)."""
        said = self.person.presence
        return said.present if said is not None else self.person.checked_in_at is not None


@dataclass(frozen=True)
class PresencePage:
    shift: Shift
    enterprise_id: str
    duty: str
    site: str
    lines: tuple[PersonLine, ...]
    ended: bool
    board_url: str
    evidence: tuple[str, ...] = PRESENCE_EVIDENCE
    under_way: bool = False
    arrival_input: str = ""
    """The arrival form's "from" as first drawn: now, to the minute (not before the shift's start)."""

    @property
    def without_account(self) -> tuple[PersonLine, ...]:
        """The people of a shift under way whose arrival the manager records (`PersonLine.can_record_arrival`)."""
        return tuple(line for line in self.lines if line.can_record_arrival(self.under_way))

    @property
    def from_input(self) -> str:
        """The form's "from" as first drawn: the shift's start (a datetime-local value, Vietnam time)."""
        return local_input(self.shift.starts_at)

    @property
    def until_input(self) -> str:
        return local_input(self.shift.ends_at)


@dataclass(frozen=True)
class Refused:
    """A form roster refused, kept to be shown again as typed: whose, the words, and the boxes it names."""

    staff_id: str
    present: bool
    message: str
    typed: Mapping[str, str]
    boxes: tuple[str, ...] = ()


async def presence_page(caller: Caller, *, shift_id: str, lang: str) -> PresencePage | None:
    """The shift and its people (None: roster knows no such shift for the caller)."""
    try:
        body = await caller.get("roster", f"/shifts/{shift_id}")
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise
    shift = Shift.from_api(body)
    now = caller.clock()
    found = await _missing(caller, shift, enterprise_id=str(body.get("enterprise_id") or ""))
    lines = tuple(PersonLine(p, o, found.get(p.staff_id, ())) for p, o in shift.check_ins(now))
    duty = name("duty_type", shift.duty_type, lang)
    site = ""
    if shift.site_id:
        try:
            site = str((await caller.get("roster", f"/sites/{shift.site_id}")).get("name") or "")
        except ServiceError:
            site = ""
    day = shift.starts_at.date().isoformat()
    enterprise_id = str(body.get("enterprise_id") or "")
    cell = {"day": day, "duty_type": shift.duty_type} | ({"site_id": shift.site_id} if shift.site_id else {})
    board = f"/manage/board/{body.get('campaign_id') or ''}/{enterprise_id}/cell?{urlencode(cell)}#cell-panel"
    timing = shift.timing(now)
    return PresencePage(
        shift,
        enterprise_id,
        duty,
        site,
        lines,
        timing == "ended",
        board,
        under_way=timing == "under_way",
        arrival_input=local_input(max(shift.starts_at, now.replace(second=0, microsecond=0))),
    )


async def _missing(caller: Caller, shift: Shift, *, enterprise_id: str) -> dict[str, tuple[MissingFound, ...]]:
    """The findings that someone of the shift was missing from their post during it, by staff id, by time."""
    params = {
        "enterprise_id": enterprise_id or None,
        "observed_from": shift.starts_at.isoformat(),
        "observed_to": shift.ends_at.isoformat(),
        "with_discrepancies": "true",
    }
    try:
        found = await caller.every("audit", "/findings", params)
    except (ServiceError, ServiceUnavailable):
        return {}
    out: dict[str, list[MissingFound]] = {}
    for f in found:
        for d in f.get("discrepancies") or ():
            if d.get("kind") == "missing" and str(d.get("shift_id") or "") == shift.id and d.get("staff_id"):
                inspector = str(f.get("inspector_name") or f.get("inspector") or "")
                seen = MissingFound(parse_instant(str(f["observed_at"])), str(f.get("site_name") or ""), inspector)
                out.setdefault(str(d["staff_id"]), []).append(seen)
    return {k: tuple(sorted(v, key=lambda m: m.at)) for k, v in out.items()}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str = ""
    status: int = 200
    boxes: tuple[str, ...] = ()
    full_name: str = ""
    """Taken: the name of the person the word was on, as roster's answer has it (the notice says it)."""


BOXES = (
    "present_from",
    "present_until",
    "absent_from",
    "absent_until",
    "evidence",
    "evidence_note",
    "staff_id",
    "shift_id",
    "present",
    "late_reason",
)


async def confirm(
    caller: Caller,
    *,
    shift_id: str,
    version: int,
    staff_id: str,
    present: bool,
    evidence: str,
    evidence_note: str,
    since: str,
    until: str,
    lang: str,
    late_reason: str = "",
) -> Outcome:
    """Send the manager's word to roster (its `POST /shifts/{id}/presence`): there, or away (QZ28 #4), from–to as
    typed (`since`, `until`: the form's two boxes either way), and for an arrival after the grace why, if said
    (`late_reason`); its refusal in the reader's language."""
    body: dict[str, object] = {
        "staff_id": staff_id,
        "present": present,
        "evidence": evidence,
        "evidence_note": evidence_note.strip(),
    }
    if late_reason.strip():  # an arrival after the grace, why (roster refuses it for one on time, saying so)
        body["late_reason"] = late_reason.strip()
    keys = ("present_from", "present_until") if present else ("absent_from", "absent_until")
    for key, typed in zip(keys, (since, until), strict=True):
        at = _local(typed)
        if at is not None:
            body[key] = at.isoformat()
    try:
        answer = await caller.post("roster", f"/shifts/{shift_id}/presence", body, version=version)
    except ServiceError as exc:
        if exc.status in (404, 409, 412, 422):
            named = tuple(b for b in BOXES if b in set(exc.field_errors("en")) or f"body.{b}" in exc.field_errors("en"))
            return Outcome(False, exc.detail(lang), exc.status, named)
        raise
    people = answer.get("assignees") if isinstance(answer, dict) else None
    name = next((str(a.get("full_name") or "") for a in people or () if str(a.get("staff_id")) == staff_id), "")
    return Outcome(True, full_name=name)


def _local(typed: str) -> datetime | None:
    """A form's "2027-02-16T06:40" in Vietnam time; None when left empty or not a time (roster then takes the
    shift's own)."""
    try:
        return parse_local_input(typed)
    except ValueError:
        return None
