"""Planning and changing shifts from the board, through roster with the manager's token.

Every change to an existing shift carries the version the page showed (If-Match); roster's
answer decides. A refusal comes back as a `Failure` the page shows next to the form it
belongs to: field errors (422), the people already on duty at that time (409 double
booking), "someone changed it meanwhile" (412), or roster's own words for anything else."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.candidates import answer_key, limit_breaks
from ..domain.dates import parse_instant
from ..domain.shifts import Clash, Shift, ShiftRef, clashes_of, handover_from, parse_local_input
from ..domain.text_limits import over_limits

DOUBLE_BOOKING_KINDS = ("double-booking", "no-double-booking")


@dataclass(frozen=True)
class FieldProblem:
    """One broken rule roster named: the form's field, the rule's slug, what it refers to
    (staff_id, qualification…) and roster's own sentence in the page's language when it has one."""

    field: str
    rule: str
    text: str
    context: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """Why a change was not made. `problems` are roster's broken rules by field, `error_keys`
    catalogue keys by field (checks the portal makes before calling roster)."""

    status: int
    kind: str  # "invalid" | "double_booking" | "stale" | "conflict" | "rule_break"
    message: str = ""
    problems: tuple[FieldProblem, ...] = ()
    error_keys: Mapping[str, str] = dataclasses.field(default_factory=dict)
    clashes: tuple[Clash, ...] = ()
    asked: str = ""
    """A "rule_break" (a save that would break a limit, asked about first: `problems` roster's warnings): what its
    "save anyway" answers (domain.candidates.answer_key)."""


def failure_doc(failure: Failure) -> dict[str, Any]:
    """The failure as JSON values, to keep for the page a refusal redirects to (`failure_of` reads it back)."""
    return {
        "status": failure.status,
        "kind": failure.kind,
        "message": failure.message,
        "problems": [[p.field, p.rule, p.text, dict(p.context)] for p in failure.problems],
        "error_keys": dict(failure.error_keys),
        "asked": failure.asked,
        "clashes": [
            [
                c.staff_id,
                c.name,
                [c.other.id, c.other.duty_type, c.other.starts_at.isoformat(), c.other.ends_at.isoformat()],
            ]
            if c.other
            else [c.staff_id, c.name, None]
            for c in failure.clashes
        ],
    }


def failure_of(doc: Mapping[str, Any]) -> Failure:
    """The failure `failure_doc` kept."""
    return Failure(
        status=int(doc["status"]),
        kind=str(doc["kind"]),
        message=str(doc.get("message") or ""),
        problems=tuple(FieldProblem(str(f), str(r), str(t), dict(c)) for f, r, t, c in doc.get("problems") or ()),
        error_keys={str(k): str(v) for k, v in (doc.get("error_keys") or {}).items()},
        asked=str(doc.get("asked") or ""),
        clashes=tuple(
            Clash(str(s), str(n), ShiftRef(o[0], o[1], parse_instant(o[2]), parse_instant(o[3])) if o else None)
            for s, n, o in doc.get("clashes") or ()
        ),
    )


@dataclass(frozen=True)
class Changed:
    """The shift a change was made to, as roster answered the change: what the notice after it names (its duty
    type, where it is held, its time) — even when the cell no longer lists it (cancelled)."""

    duty_type: str
    enterprise_id: str
    site_id: str | None
    starts_at: datetime  # Vietnam time
    ends_at: datetime
    people: tuple[str, ...] = ()  # the names of the people on it now (a reassign's notice names them)
    before: tuple[str, ...] | None = None  # a reassign's: the names on it before (None: not known)

    @property
    def added(self) -> tuple[str, ...]:
        """A reassign's people put on the shift (none when who was on it before is not known)."""
        return () if self.before is None else tuple(p for p in self.people if p not in self.before)

    @property
    def removed(self) -> tuple[str, ...]:
        """A reassign's people taken off the shift."""
        return () if self.before is None else tuple(p for p in self.before if p not in self.people)

    @classmethod
    def from_api(cls, body: object) -> Changed | None:
        """roster's shift in its answer; None for an answer that is not one shift (publishing every draft)."""
        if not isinstance(body, Mapping):
            return None
        try:
            return cls(
                duty_type=str(body["duty_type"]),
                enterprise_id=str(body["enterprise_id"]),
                site_id=str(body["site_id"]) if body.get("site_id") else None,
                starts_at=parse_instant(str(body["starts_at"])),
                ends_at=parse_instant(str(body["ends_at"])),
                people=tuple(str(a["full_name"]) for a in body.get("assignees") or () if a.get("full_name")),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Outcome:
    done: str | None = None  # what was done: a key of board.done
    count: int = 0
    shift_id: str | None = None
    failure: Failure | None = None
    starts_at: datetime | None = None  # the shift's start after the change (Vietnam time)
    shift: Changed | None = None  # the shift changed, as roster answered (the notice names it)
    handed_over: tuple[Shift, Shift] | None = None  # a handover's: the shift that ended, the one taking over the rest

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True)
class PlanForm:
    """The plan form as typed: the people ticked, local start and end, site, notes, draft or published."""

    people: tuple[str, ...] = ()
    starts_at: str = ""
    ends_at: str = ""
    site_id: str = ""
    notes: str = ""
    status: str = "draft"
    past: bool = False
    """The manager ticked that the shift is one already begun or worked, recorded afterwards."""
    covers: tuple[str, ...] = ()
    """The further sites ticked for it to cover (roster's covers_site_ids): one patrol round for several sites."""


def plan_form_of(doc: Mapping[str, Any]) -> PlanForm:
    """The plan form as `dataclasses.asdict` kept it (a refused plan, for the page it redirects to)."""
    return PlanForm(
        people=tuple(str(p) for p in doc.get("people") or ()),
        starts_at=str(doc.get("starts_at") or ""),
        ends_at=str(doc.get("ends_at") or ""),
        site_id=str(doc.get("site_id") or ""),
        notes=str(doc.get("notes") or ""),
        status=str(doc.get("status") or "draft"),
        past=bool(doc.get("past")),
        covers=tuple(str(c) for c in doc.get("covers") or ()),
    )


def _field(name: str) -> str:
    """roster's field path as the form's field: "body.starts_at" → "starts_at", "assignees.1" → "assignees"."""
    name = name.removeprefix("body.")
    return name.split(".")[0] if name.startswith("assignees") else name


def field_problems(exc: ServiceError, lang: str) -> tuple[FieldProblem, ...]:
    """roster's broken rules by form field; the first reads in the problem's own language (detail_vi)."""
    out: list[FieldProblem] = []
    detail = str(exc.problem.get("detail") or "")
    for error in exc.problem.get("errors") or ():
        if not isinstance(error, Mapping) or not error.get("field"):
            continue
        message = str(
            error.get("message_vi") if lang == "vi" and error.get("message_vi") else error.get("message") or ""
        )
        if message == detail or not message:
            message = exc.detail(lang)
        context = {k: v for k, v in error.items() if k not in ("field", "rule", "message", "message_vi")}
        out.append(FieldProblem(_field(str(error["field"])), str(error.get("rule") or ""), message, context))
    return tuple(out)


async def _clashes(caller: Caller, problem: Mapping[str, Any]) -> tuple[Clash, ...]:
    """Each person already on duty, with the shift they are on (duty type and time)."""
    pairs = clashes_of(problem)[:5]

    async def one(staff_id: str, shift_id: str) -> Clash:
        try:
            other = Shift.from_api(await caller.get("roster", f"/shifts/{shift_id}"))
        except ServiceError:
            return Clash(staff_id, "", None)
        name = next((p.full_name for p in other.people if p.staff_id == staff_id), "")
        return Clash(staff_id, name, other.ref)

    return tuple(await asyncio.gather(*(one(s, i) for s, i in pairs)))


async def _failure(caller: Caller, exc: ServiceError, lang: str) -> Failure:
    """The refusal as the page shows it; statuses other than 409/412/422 propagate (error page)."""
    if exc.status == 409 and exc.kind in DOUBLE_BOOKING_KINDS:
        clashes = await _clashes(caller, exc.problem)
        return Failure(409, "double_booking", exc.detail(lang), clashes=clashes)
    if exc.status == 412:
        return Failure(412, "stale", exc.detail(lang))
    if exc.status == 409:
        return Failure(409, "conflict", exc.detail(lang))
    if exc.status == 422:
        return Failure(422, "invalid", exc.detail(lang), problems=field_problems(exc, lang))
    raise exc


async def _run(caller: Caller, lang: str, done: str, call) -> Outcome:
    try:
        body = await call()
    except ServiceError as exc:
        return Outcome(failure=await _failure(caller, exc, lang))
    shift_id = str(body["id"]) if isinstance(body, Mapping) and body.get("id") else None
    count = int(body["published"]) if isinstance(body, Mapping) and "published" in body else 0
    starts_at = parse_instant(str(body["starts_at"])) if isinstance(body, Mapping) and body.get("starts_at") else None
    return Outcome(done=done, count=count, shift_id=shift_id, starts_at=starts_at, shift=Changed.from_api(body))


@dataclass(frozen=True)
class Place:
    """Where a shift is held, by name: its site (in a border area or not), else its enterprise as a whole."""

    name: str
    border: bool = False


async def place_of(caller: Caller, shift: Changed) -> Place | None:
    """Where the shift changed is held, as roster names it; None when roster does not say (the change is made: its
    notice then says what was done without naming the shift, rather than an error page over a change that was)."""
    try:
        if shift.site_id:
            site = await caller.get("roster", f"/sites/{shift.site_id}")
            return Place(str(site["name"]), bool(site.get("border_area")))
        enterprise = await caller.get("roster", f"/enterprises/{shift.enterprise_id}")
        return Place(str(enterprise["name"]))
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return None


def _times(starts_at: str, ends_at: str) -> tuple[Any, Any, dict[str, str]]:
    start, end = parse_local_input(starts_at), parse_local_input(ends_at)
    keys = {}
    if start is None:
        keys["starts_at"] = "shift.error.bad_time"
    if end is None:
        keys["ends_at"] = "shift.error.bad_time"
    elif start is not None and end <= start:  # said with the form's other refusals, not after roster's answer
        keys["ends_at"] = "shift.error.end_not_after_start"
    return start, end, keys


TEXT_OVER = "portal-text-over"
"""The rule of a box the portal itself counted past its limit (`_over`): said in portal.js's words under the form's
label for the box (api.routes.manage), context `over` and `max`."""


def _over(boxes: Mapping[str, tuple[str, str]]) -> tuple[FieldProblem, ...]:
    """The boxes past their limit (`boxes`: the form's field → its text and its key in text_limits.TEXT_LIMITS), as
    the portal counts them before anything is asked or sent: a form that asks first ("Vẫn lưu") would otherwise ask,
    and only after the answer be refused for a length it had from the start (QZ20 #1)."""
    return tuple(
        FieldProblem(field, TEXT_OVER, "", {"over": n, "max": most}) for field, (n, most) in over_limits(boxes).items()
    )


def _covers(covers: Sequence[str], site_id: str) -> list[str]:
    """The further sites to send roster: each once, not the shift's own site (ticked, then the site changed)."""
    return [c for c in dict.fromkeys(covers) if c != site_id][:20]


async def plan(
    caller: Caller,
    *,
    campaign_id: str,
    enterprise_id: str,
    duty_type: str,
    form: PlanForm,
    lang: str,
    now: datetime,
    as_is: str = "",
) -> Outcome:
    """Plan a shift. One that has begun already is recorded only when the manager says so (`form.past`): a shift
    entered after the fact becomes part of the record inspectors read, so the form asks first. So it does for one
    that would break a limit (`_ask_first`) unless `as_is` answers that question for these people and times."""
    start, end, keys = _times(form.starts_at, form.ends_at)
    if not form.people:
        keys["assignees"] = "shift.error.no_people"
    if start is not None and start < now and not form.past:
        keys["past"] = "shift.error.past_unconfirmed"
    over = _over({"notes": (form.notes, "shift.notes")})  # said now, with the rest: never after a "Vẫn lưu"
    if keys or over:
        return Outcome(failure=Failure(422, "invalid", error_keys=keys, problems=over))
    status = "published" if form.status == "published" else "draft"
    asked = answer_key(form.people, start.isoformat(), end.isoformat(), status, duty_type)
    if as_is != asked:
        span = {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "status": status}
        if (
            ask := await _ask_first(caller, enterprise_id, duty_type, form.people, span, asked=asked, lang=lang)
        ) is not None:
            return ask
    body = {
        "campaign_id": campaign_id,
        "enterprise_id": enterprise_id,
        "duty_type": duty_type,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "assignees": [{"staff_id": p} for p in form.people],
        "site_id": form.site_id or None,
        "covers_site_ids": _covers(form.covers, form.site_id),
        "notes": form.notes.strip() or None,
        "status": "published" if form.status == "published" else "draft",
    }
    return await _run(
        caller,
        lang,
        "planned_published" if body["status"] == "published" else "planned",
        lambda: caller.post("roster", "/shifts", body),
    )


ASKED_ALWAYS = ("cancel",)
"""Changes the board's forms ask about before they act (`data-confirm`, and its box without script)."""
ASKED_ONCE_BEGUN = ("edit", "reschedule", "reassign")
"""Changes they ask about only for a shift under way or over (cell_panel.html's `confirm_past`)."""


async def asks_first(caller: Caller, *, action: str, shift_id: str, now: datetime) -> bool:
    """Whether the form of `action` on the shift asks before it acts, as the page drew it: a cancel always, an edit,
    a reschedule or a reassignment once the shift has begun (read from roster: the page may be old)."""
    if action in ASKED_ALWAYS:
        return True
    if action not in ASKED_ONCE_BEGUN:
        return False
    try:
        shift = Shift.from_api(await caller.get("roster", f"/shifts/{shift_id}"))
    except ServiceError:
        return False  # gone or hidden: roster's own answer to the change says so
    return shift.timing(now) != "ahead"


def unconfirmed() -> Outcome:
    """A change sent without the answer to the question its form asks: nothing done, said beside the box."""
    return Outcome(failure=Failure(422, "invalid", error_keys={"confirmed": "confirm.missing"}))


async def edit(
    caller: Caller,
    *,
    shift_id: str,
    version: int,
    notes: str,
    site_id: str,
    lang: str,
    covers: Sequence[str] | None = None,
) -> Outcome:
    """New notes and site, and (`covers` not None: the form offered them) the further sites it covers."""
    body: dict[str, Any] = {"notes": notes.strip() or None, "site_id": site_id or None}
    if covers is not None:
        body["covers_site_ids"] = _covers(covers, site_id)
    return await _run(
        caller, lang, "edited", lambda: caller.patch("roster", f"/shifts/{shift_id}", body, version=version)
    )


async def reschedule(
    caller: Caller,
    *,
    shift_id: str,
    version: int,
    starts_at: str,
    ends_at: str,
    lang: str,
    enterprise_id: str = "",
    as_is: str = "",
) -> Outcome:
    """Move the shift to these times, its people with it. roster saves a move that puts them over a limit (the rest
    under the minimum, too many night shifts) with a warning, and refuses one that double books them: the first asks
    first (`_ask_first`, Z11: it saved at once), unless `as_is` answers that question for these times at this version
    of the shift."""
    start, end, keys = _times(starts_at, ends_at)
    if keys:
        return Outcome(failure=Failure(422, "invalid", error_keys=keys))
    asked = answer_key(shift_id, str(version), start.isoformat(), end.isoformat())
    shift = await _shift_or_none(caller, shift_id) if enterprise_id and as_is != asked else None
    if shift is not None and shift.staff_ids:
        status = "draft" if shift.status == "draft" else "published"
        span = {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "status": status}
        ask = await _ask_first(
            caller, enterprise_id, shift.duty_type, shift.staff_ids, span, asked=asked, lang=lang, shift_id=shift_id
        )
        if ask is not None:
            return ask
    body = {"starts_at": start.isoformat(), "ends_at": end.isoformat()}
    return await _run(
        caller,
        lang,
        "rescheduled",
        lambda: caller.post("roster", f"/shifts/{shift_id}/reschedule", body, version=version),
    )


async def _shift_or_none(caller: Caller, shift_id: str) -> Shift | None:
    """The shift as roster has it now; None when gone or hidden (roster's own answer to the change then says so)."""
    try:
        return Shift.from_api(await caller.get("roster", f"/shifts/{shift_id}"))
    except ServiceError:
        return None


async def _ask_first(
    caller: Caller,
    enterprise_id: str,
    duty_type: str,
    people: Sequence[str],
    span: Mapping[str, str],
    *,
    asked: str,
    lang: str,
    shift_id: str = "",
) -> Outcome | None:
    """The question before a save that would put someone over a limit — roster's warnings for these people on the
    shift at `span` (domain.candidates.limit_breaks) — or None when nothing would, or roster does not say (its
    answer to the save then decides, and says, as before)."""
    params = {"duty_type": duty_type, **span, "staff_id": list(people)[:50], "shift_id": shift_id}
    try:
        found = await caller.get("roster", f"/enterprises/{enterprise_id}/shift-candidates", params)
    except ServiceError:
        return None
    breaks = limit_breaks(found.get("people") or (), lang)
    if not breaks:
        return None
    problems = tuple(FieldProblem("assignees", "limit", b.text, {"staff_id": b.staff_id}) for b in breaks)
    return Outcome(failure=Failure(422, "rule_break", problems=problems, asked=asked))


async def reassign(
    caller: Caller,
    *,
    shift_id: str,
    version: int,
    people: Sequence[str],
    lang: str,
    enterprise_id: str = "",
    as_is: str = "",
) -> Outcome:
    """Put these people on the shift; one that would put someone over a limit asks first (`_ask_first`), unless
    `as_is` answers that question for these people at this version of the shift."""
    if not people:
        return Outcome(failure=Failure(422, "invalid", error_keys={"assignees": "shift.error.no_people"}))
    asked = answer_key(people, shift_id, str(version))
    # read before the change: the notice says who was added and who taken off (QZ29 #2), as of the version saved over
    shift = await _shift_or_none(caller, shift_id)
    if enterprise_id and as_is != asked and shift is not None:
        status = "draft" if shift.status == "draft" else "published"
        span = {"starts_at": shift.starts_at.isoformat(), "ends_at": shift.ends_at.isoformat(), "status": status}
        ask = await _ask_first(
            caller, enterprise_id, shift.duty_type, people, span, asked=asked, lang=lang, shift_id=shift_id
        )
        if ask is not None:
            return ask
    body = {"assignees": [{"staff_id": p} for p in people]}
    done = await _run(
        caller, lang, "reassigned", lambda: caller.post("roster", f"/shifts/{shift_id}/reassign", body, version=version)
    )
    if done.shift is None or shift is None or shift.version != version:
        return done
    return replace(done, shift=replace(done.shift, before=tuple(p.full_name for p in shift.people)))


async def cancel(caller: Caller, *, shift_id: str, version: int, reason: str, lang: str) -> Outcome:
    body = {"reason": reason.strip() or None}
    return await _run(
        caller, lang, "cancelled", lambda: caller.post("roster", f"/shifts/{shift_id}/cancel", body, version=version)
    )


async def publish(caller: Caller, *, shift_id: str, version: int, lang: str) -> Outcome:
    return await _run(
        caller, lang, "published", lambda: caller.post("roster", f"/shifts/{shift_id}/publish", version=version)
    )


async def publish_all(caller: Caller, *, campaign_id: str, enterprise_id: str, lang: str) -> Outcome:
    return await _run(
        caller,
        lang,
        "published_all",
        lambda: caller.post("roster", f"/campaigns/{campaign_id}/enterprises/{enterprise_id}/publish"),
    )


HANDOVER_PAST = timedelta(minutes=15)
"""A handover moment further back than this before now rewrites hours already worked: asked about first."""


async def hand_over(
    caller: Caller,
    *,
    shift_id: str,
    version: int,
    people: Sequence[str],
    at: str,
    reason: str,
    lang: str,
    now: datetime,
    confirmed: bool = False,
    absent: bool | None = None,
    enterprise_id: str = "",
    as_is: str = "",
) -> Outcome:
    """Hand over the rest of a shift under way to `people` from `at` (a datetime-local value; empty: roster's default,
    now rounded up to the next 5 minutes) with a reason; roster ends the shift then and publishes a new one, both in
    its answer (the notice names them).

    Roster says every mistake at once (QA: they were told one at a time), in one 422: the moment outside the shift,
    no reason, nobody chosen, each person it refuses — the portal no longer keeps a copy of those bounds. What it
    still says itself needs no roster: a moment that is no time, a reason past its limit (text_limits, as the box
    counts) — those said before any question is asked, with nobody chosen and no reason beside them (QZ20 #1: a
    reason 1 character too long asked "Vẫn lưu?" first and was refused for its length only after the answer). A moment within the shift more than 15 minutes
    before `now` rewrites who was on duty in hours already worked: a handover roster would be asked to make (people
    and a reason given) is asked about first ("handover-past", naming those hours) — not from the very start of a
    shift nobody came to (QZ10 #8), where nothing worked is rewritten — `confirmed` the answer to that question for
    this very moment.

    `absent` ("Người trực không đến", QZ13 #2): the shift's people never came — roster cancels it and the new shift
    starts at the moment, the hours before it left uncovered; nothing worked is rewritten, so nothing is asked. None
    (not offered: someone checked in) leaves it to roster.

    A handover that would put a person taking over past a limit (the rest under the minimum, too many night shifts)
    asks first as a reassignment does (`_ask_first`, QZ19 #8: it saved at once, and only then did the new shift
    warn), of the rest handed over — from the moment (its default when empty) to the shift's end — unless `as_is`
    answers that question for these people, this moment and this version of the shift."""
    moment = parse_local_input(at) if at.strip() else None
    over = _over({"reason": (reason, "shift.reason")})
    if (at.strip() and moment is None) or over:  # what the portal sees itself, said at once and together (QZ20 #1)
        keys = {"at": "shift.error.bad_time"} if at.strip() and moment is None else {}
        if not people:
            keys["assignees"] = "shift.error.no_people"
        if not reason.strip():
            keys["reason"] = "shift.error.handover_reason_required"
        return Outcome(failure=Failure(422, "invalid", error_keys=keys, problems=over))
    # asked about only for a handover roster would be asked to make (people and a reason given)
    asking = bool(people and reason.strip())
    asked = answer_key(people, shift_id, str(version), at.strip(), "absent" if absent else "")
    past = asking and moment is not None and moment < now - HANDOVER_PAST and not (confirmed or absent)
    limits = asking and bool(enterprise_id) and as_is != asked
    # the shift gone or hidden: roster's own answer to the handover says so
    shift = await _shift_or_none(caller, shift_id) if past or limits else None
    # within the shift only: a moment outside it roster refuses; its start, nobody came, rewrites nothing worked
    if past and shift is not None and moment is not None and shift.starts_at < moment < shift.ends_at:
        context = {
            "at": moment.isoformat(),
            "relieved": ", ".join(p.full_name for p in shift.people),
            "people": list(people),
            "minutes": int((now - moment).total_seconds() // 60),
        }
        problem = FieldProblem("confirmed", "portal-handover-past", "", context)
        return Outcome(failure=Failure(422, "invalid", problems=(problem,)))
    # a moment outside the shift roster refuses in its own words: nothing to ask of it
    if limits and shift is not None and (moment is None or shift.starts_at <= moment < shift.ends_at):
        starts = handover_from(
            starts_at=shift.starts_at, ends_at=shift.ends_at, whole=absent is not None, now=now, typed=moment
        )  # as the form's picker judged it (board.ShiftCard.handover_span: offered "nobody came" or not)
        span = {"starts_at": starts.isoformat(), "ends_at": shift.ends_at.isoformat(), "status": "published"}
        if ask := await _ask_first(caller, enterprise_id, shift.duty_type, people, span, asked=asked, lang=lang):
            return ask
    body: dict[str, Any] = {"assignees": [{"staff_id": p} for p in people], "reason": reason.strip()}
    if absent is not None:
        body["absent"] = absent
    if moment is not None:
        body["at"] = moment.isoformat()
    try:
        done = await caller.post("roster", f"/shifts/{shift_id}/handover", body, version=version)
    except ServiceError as exc:
        return Outcome(failure=await _failure(caller, exc, lang))
    ended, rest = Shift.from_api(done["ended"]), Shift.from_api(done["rest"])
    return Outcome(done="handed_over", shift_id=ended.id, handed_over=(ended, rest))
