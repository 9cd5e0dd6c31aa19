"""The administrator's pages as calls to roster: Tết campaigns, enterprises, sites and accounts
— lists with their filters and pages, and the forms that open, register and edit them.

Every change goes to roster as the signed-in administrator; an edit sends the version the
form was read at (If-Match), so two people editing at once cannot overwrite each other. A
refusal comes back as `FormErrors`: roster's words next to the field it names."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import urlencode

from lichtruc.text import fold, phone_label, sort_key
from lichtruc.words import field_label

from ..clients.paging import PageOf
from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain import admin as forms
from ..domain.campaigns import DRILL
from ..domain.dates import day_label, parse_instant, wall_label
from ..domain.field_words import sentence
from ..domain.linked_records import asks_about, is_own_record
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.requirements import unset_duties
from ..domain.said import Said
from ..domain.stale import Latest, latest_beside
from .staff import shifts_ahead

T = TypeVar("T")
ALL = 500  # enterprises in a province: a few dozen; one page holds them all


class Words(Protocol):
    lang: str

    def t(self, key: str, **params: object) -> str: ...


@dataclass(frozen=True)
class Listing(Generic[T]):
    items: list[T]
    page: PageView


@dataclass(frozen=True)
class FormErrors:
    """What to show on a refused form: messages by field, one for the form, and the status to answer."""

    fields: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    status: int = 422
    # A field roster refused several times over (each shift new dates leave outside): each sentence, one a line
    # under the field, while `fields` holds the summary the top of the form links to it with.
    lines: dict[str, list[str]] = field(default_factory=dict)
    # someone else saved the record first: the form as typed, and their values beside the boxes that differ
    latest: Latest = field(default_factory=Latest)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    saved: T | None = None
    errors: FormErrors | None = None
    asked: str = ""  # the staff record an account's form asks about before linking it ("": none)
    asked_role: str = ""  # the role granted that an account's form asks about before saving (`AccountForm.grant`)
    asked_deactivate: bool = False  # an account's form asks before closing it (`ask_deactivate_first`): not saved yet
    notes: tuple[Said, ...] = ()  # said on the next page after the save (the staff record marked left with it)


def form_errors(exc: forms.FormInvalid, words: Words) -> FormErrors:
    """The form's mistakes beside their fields, all of them: two of one field (two peak rows) said one after the
    other; a day in them as the page says days ("31/01/2027 (23 tháng Chạp)")."""
    said: dict[str, str] = {}
    for p in exc.problems:
        params = {k: _param(v, words) for k, v in p.params}
        text = words.t(p.key if p.key in forms.SHARED_KEYS else f"admin.{p.key}", **params)
        said[p.field] = f"{said[p.field]} {text}" if p.field in said else text
    return FormErrors(said)


def _param(value: object, words: Words) -> object:
    """A problem's value as its words say it: a day as the page says days, a field's label in lower case ("Loại
    điểm trực" → "loại điểm trực"; an abbreviation's capitals kept: "SĐT" stays)."""
    if isinstance(value, date):
        return day_label(value, words.lang)
    if isinstance(value, forms.Label):
        label = words.t(f"admin.{value.key}")
        return label if value.written or label[1:2].isupper() else label[:1].lower() + label[1:]
    return value


# Refusals whose roster wording names records by id: the portal says them in its own words.
OWN_WORDS = {
    "unique-login": "admin.errors.login_taken",
    "one-account-per-staff": "admin.errors.staff_has_account",
    "campaign-exists": "admin.errors.campaign_exists",
}


def _said(error: Mapping[str, Any], lang: str) -> str | None:
    """A field error's own words in `lang`, as a sentence: roster's Vietnamese one ("Tên: quá dài (tối đa 200 ký
    tự)."), or its English one without pydantic's "Value error, " in front ("Too short (at least 12 characters).")."""
    if lang == "vi" and error.get("message_vi"):
        return sentence(_unnamed(str(error["message_vi"]), str(error.get("field") or ""), lang))
    message = str(error.get("message") or "").removeprefix("Value error, ").strip()
    message = _unnamed(message, str(error.get("field") or ""), lang)
    return sentence(message) if message else None


def _unnamed(message: str, field: str, lang: str) -> str:
    """roster's words for a box of the form (`body.<name>`) without roster's name for it — in Vietnamese before a
    colon, in English its sentence's subject ("The superior body (…) '— —' has no letter…") —, as the portal's own
    words come: the form names the box itself, by its label above it and in the summary at the top (QA: "Cơ quan chủ
    quản (…): Cơ quan chủ quản (…): …"). An item of a list keeps its words ("mục thứ 2")."""
    loc = tuple(field.split("."))
    if len(loc) != 2 or loc[0] != "body":
        return message
    if lang == "vi":
        return message.removeprefix(f"{field_label(loc)}: ")
    subject = f"The {field_label(loc[1:], lang)} "
    rest = message.removeprefix(subject).strip()
    return sentence(rest) if message.startswith(subject) and rest else message


# Roster's clashes of a campaign's new dates that name one shift or one-off requirement each (or count the rest).
OUTSIDE_RULES = {
    "shifts-inside-campaign": "more_shifts_outside",
    "requirements-inside-campaign": "more_requirements_outside",
}


def _several(clashes: Sequence[Mapping[str, Any]], words: Words) -> str:
    """One line for the top of the form about a field roster refused several times over: how many shifts and
    one-off requirements new dates leave outside, counted as roster counts them (the named and the rest), or how
    many things are wrong there."""
    counts = dict.fromkeys(OUTSIDE_RULES, 0)
    for clash in clashes:
        rule = str(clash.get("rule"))
        if rule not in OUTSIDE_RULES:
            return words.t("admin.errors.several", count=len(clashes))
        more = clash.get(OUTSIDE_RULES[rule])
        counts[rule] += int(more) if isinstance(more, int) else 1
    shifts, requirements = counts.values()
    parts = [words.t("admin.errors.outside_shifts", count=shifts)] if shifts else []
    parts += [words.t("admin.errors.outside_requirements", count=requirements)] if requirements else []
    return words.t("admin.errors.outside", what=words.t("admin.errors.and").join(parts))


def service_errors(exc: ServiceError, words: Words) -> FormErrors:
    """Roster's refusal in words: the first broken rule's own message (it has it in Vietnamese too)
    next to its field, the others' next to theirs; several clashes of one field (each shift new dates leave
    outside) each a line under it and counted at the top; a schema mismatch with what roster says is wrong
    with the value (too long, not a phone number…), "check this field" only when it says nothing."""
    out: dict[str, str] = {}
    clashes: dict[str, list[tuple[Mapping[str, Any], str]]] = {}  # each sentence once, by field
    counted: dict[str, list[Mapping[str, Any]]] = {}
    message = None
    if exc.status == 412:
        return FormErrors({}, words.t("admin.errors.stale"), 409)
    for i, error in enumerate(exc.problem.get("errors") or ()):
        if not isinstance(error, Mapping) or not error.get("field"):
            continue
        name = str(error["field"]).removeprefix("body.").split(".")[0]
        if exc.kind == "validation":  # every item of a list said (two e-mails wrong: both named)
            said = _said(error, words.lang) or words.t("admin.errors.invalid")
            if said not in out.get(name, ""):
                out[name] = f"{out[name]} {said}" if name in out else said
        elif error.get("rule") == "one-account-per-staff":  # roster's words name the account that holds it
            out.setdefault(name, words.t(OWN_WORDS["one-account-per-staff"], said=_said(error, words.lang) or ""))
        elif error.get("rule") in OWN_WORDS:
            out.setdefault(name, words.t(OWN_WORDS[str(error["rule"])]))
        else:  # every clash said (each shift new dates leave outside), gathered by field
            said = (
                exc.detail(words.lang)
                if i == 0
                else str(
                    error.get("message_vi")
                    if words.lang == "vi" and error.get("message_vi")
                    else error.get("message") or exc.detail(words.lang)
                )
            )
            counted.setdefault(name, []).append(error)  # two shifts alike (same hours, same site) counted as two
            if all(said != other for _, other in clashes.get(name, ())):
                clashes.setdefault(name, []).append((error, said))
    lines: dict[str, list[str]] = {}
    for name, said_there in clashes.items():
        if name in out:  # said in the portal's own words already
            continue
        if len(said_there) == 1:
            out[name] = said_there[0][1]
        else:
            out[name] = _several(counted[name], words)
            lines[name] = [said for _, said in said_there]
    if not out or exc.kind == "validation":
        message = exc.detail(words.lang) if not out else words.t("admin.errors.check")
    return FormErrors(out, message, exc.status if exc.status in (409, 422) else 422, lines)


async def attempt(call: Callable[[], Any], words: Words) -> Outcome:
    """Run a change; a refusal the person can correct becomes FormErrors, anything else propagates."""
    try:
        return Outcome(saved=await call())
    except forms.FormInvalid as exc:
        return Outcome(errors=form_errors(exc, words))
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            raise
        return Outcome(errors=service_errors(exc, words))


def _page(found: PageOf[Any], *, path: str, query: Mapping[str, str], limit: int) -> PageView:
    return page_view(path, query, limit=limit, count=len(found.items), total=found.total, next_cursor=found.next_cursor)


# --- campaigns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeakView:
    name: str
    starts_at: datetime
    ends_at: datetime

    @property
    def starts_input(self) -> str:
        return forms.local_input(self.starts_at)

    @property
    def ends_input(self) -> str:
        return forms.local_input(self.ends_at)


@dataclass(frozen=True)
class CampaignView:
    id: str
    name: str
    lunar_year: int
    first_day: date
    last_day: date
    peaks: list[PeakView]
    version: int
    starts_at: datetime
    ends_at: datetime
    kind: str = "tet"  # or "drill": an exercise, never to be mistaken for the Tết campaign
    warnings: tuple[Said, ...] = ()  # roster's, after opening or moving a drill (in the past, over Tết, over a drill)
    readiness_deadline: datetime | None = None  # gaps still open then are in force
    readiness_default: bool = True  # the default: 24 h before the start, following it when it moves

    @property
    def drill(self) -> bool:
        return self.kind == "drill"

    @property
    def length(self) -> tuple[int, int]:
        """A drill's length in whole hours and the minutes over (35 h 15 min), as its card says it."""
        minutes = int((self.ends_at - self.starts_at).total_seconds() // 60)
        return divmod(minutes, 60)

    @property
    def starts_input(self) -> str:
        return forms.local_input(self.starts_at)

    @property
    def ends_input(self) -> str:
        return forms.local_input(self.ends_at)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def readiness_input(self) -> str:
        """The readiness deadline as the edit form shows it: empty for the default, else its Vietnam time."""
        return (
            ""
            if self.readiness_default or self.readiness_deadline is None
            else forms.local_input(self.readiness_deadline)
        )

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> CampaignView:
        return cls(
            id=str(body["id"]),
            name=str(body["name"]),
            lunar_year=int(body["lunar_year"]),
            first_day=date.fromisoformat(body["start"]["date"]),
            last_day=date.fromisoformat(body["end"]["date"]),
            peaks=[
                PeakView(str(p["name"]), parse_instant(p["starts_at"]), parse_instant(p["ends_at"]))
                for p in body.get("peaks") or ()
            ],
            version=int(body["version"]),
            starts_at=parse_instant(body["starts_at"]),
            ends_at=parse_instant(body["ends_at"]),
            kind=str(body.get("kind") or "tet"),
            warnings=tuple(Said.from_api(w) for w in body.get("warnings") or ()),
            readiness_deadline=parse_instant(body["readiness_deadline"]) if body.get("readiness_deadline") else None,
            readiness_default=bool(body.get("readiness_deadline_default", True)),
        )


async def list_campaigns(
    caller: Caller,
    *,
    lunar_year: int | None,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
) -> Listing[CampaignView]:
    limit = clamp_limit(limit)
    found = await caller.page("roster", "/campaigns", {"lunar_year": lunar_year, "limit": limit, "cursor": cursor})
    return Listing([CampaignView.from_api(c) for c in found.items], _page(found, path=path, query=query, limit=limit))


async def get_campaign(caller: Caller, campaign_id: str) -> CampaignView:
    return CampaignView.from_api(await caller.get("roster", f"/campaigns/{campaign_id}"))


async def open_campaign(
    caller: Caller,
    words: Words,
    *,
    kind: str = "tet",
    lunar_year: str,
    name: str,
    starts_at: str = "",
    ends_at: str = "",
) -> Outcome[CampaignView]:
    """Open a Tết campaign by its lunar year, or a drill by its start and end (Vietnam time)."""

    async def call() -> CampaignView:
        body: dict[str, Any]
        if forms.campaign_kind(kind) == "drill":
            starts, ends = forms.drill_span(starts_at, ends_at)
            body = {"kind": "drill", "starts_at": starts.isoformat(), "ends_at": ends.isoformat()}
        else:
            body = {"lunar_year": forms.lunar_year_of(lunar_year)}
        if name.strip():
            body["name"] = name.strip()
        return CampaignView.from_api(await caller.post("roster", "/campaigns", body))

    return await attempt(call, words)


@dataclass(frozen=True)
class CampaignForm:
    """The edit form as typed (re-shown as typed when refused): a Tết campaign's days and peaks, or a
    drill's start and end (datetime-local values, Vietnam time)."""

    name: str
    first_day: str
    last_day: str
    peaks: list[forms.PeakRow]
    removed: set[int]
    version: int
    starts_at: str = ""
    ends_at: str = ""
    readiness_deadline: str = ""  # Vietnam time; empty: the default (24 h before the start)


# A drill's form has no lunar days: roster's refusal of its start or end is said next to its times.
DRILL_FIELDS = {"start": "starts_at", "end": "ends_at"}


def _tet_dates(campaign: CampaignView, form: CampaignForm) -> tuple[dict[str, Any], list[forms.FormProblem]]:
    """roster's body for a Tết campaign's days and peaks, and every mistake in them found at once: each day that does
    not read or is not of the campaign's year; both read, the days in the wrong order or too many; each peak row at
    fault, one outside the days (when those are right) among them."""
    body: dict[str, Any] = {}
    problems: list[forms.FormProblem] = []
    for key, text in (("start", form.first_day), ("end", form.last_day)):
        try:
            body[key] = forms.campaign_day(text, campaign.lunar_year, key).as_json()
        except forms.FormInvalid as exc:
            problems.extend(exc.problems)
    days = None
    if "start" in body and "end" in body:
        read = (forms.parse_day(form.first_day, "start"), forms.parse_day(form.last_day, "end"))
        wrong = forms.campaign_days(*read)
        problems.extend(wrong)
        days = None if wrong else read  # the peaks are judged against days that are right
    try:
        body["peaks"] = [p.as_json() for p in forms.parse_peaks(form.peaks, form.removed, days=days)]
    except forms.FormInvalid as exc:
        problems.extend(exc.problems)
    return body, problems


def _drill_dates(form: CampaignForm) -> tuple[dict[str, Any], list[forms.FormProblem]]:
    try:
        starts, ends = forms.drill_span(form.starts_at, form.ends_at)
    except forms.FormInvalid as exc:
        return {}, list(exc.problems)
    return {"starts_at": starts.isoformat(), "ends_at": ends.isoformat()}, []


async def edit_campaign(
    caller: Caller, words: Words, *, campaign: CampaignView, form: CampaignForm
) -> Outcome[CampaignView]:
    """Change a campaign's name and dates: a Tết campaign's lunar days and peaks, a drill's start and
    end (checked as when it was opened), and its readiness deadline (sent only when changed; emptied, the
    default)."""

    async def call() -> CampaignView:
        problems: list[forms.FormProblem] = []
        body: dict[str, Any] = {}
        if not form.name.strip():
            problems.append(forms.FormProblem("name", "errors.required"))
        else:
            body["name"] = form.name.strip()
        dates, wrong = _drill_dates(form) if campaign.drill else _tet_dates(campaign, form)
        body.update(dates)
        problems.extend(wrong)
        try:
            body.update(forms.readiness_deadline_body(form.readiness_deadline, campaign.readiness_input))
        except forms.FormInvalid as exc:
            problems.extend(exc.problems)
        if problems:
            raise forms.FormInvalid(problems)
        try:
            return CampaignView.from_api(
                await caller.patch("roster", f"/campaigns/{campaign.id}", body, version=form.version)
            )
        except ServiceError as exc:
            exc.problem = _peak_rows_named(exc.problem, form, words)
            raise

    outcome = await attempt(call, words)
    if campaign.drill and outcome.errors is not None:
        fields = {DRILL_FIELDS.get(name, name): said for name, said in outcome.errors.fields.items()}
        lines = {DRILL_FIELDS.get(name, name): said for name, said in outcome.errors.lines.items()}
        return Outcome(errors=FormErrors(fields, outcome.errors.message, outcome.errors.status, lines))
    return outcome


def _peak_rows_named(problem: Mapping[str, Any], form: CampaignForm, words: Words) -> dict[str, Any]:
    """roster's refusal of a peak's name (`body.peaks.<i>.name`: too long) said with the row of the form it was typed
    in, as the summary's lines of one field's row read ("Cao điểm, dòng 2, ô tên: Thừa 39 ký tự …"; F2 said the
    length alone, whichever row): roster's `i` counts the peaks sent, the form's rows count the empty and removed ones
    too."""
    sent = [i for i, row in enumerate(form.peaks) if i not in form.removed and (row.name or row.starts or row.ends)]
    errors = []
    for error in problem.get("errors") or ():
        path = str(error.get("field") or "").split(".") if isinstance(error, Mapping) else []
        if path[:2] == ["body", "peaks"] and path[3:] == ["name"] and path[2].isdigit() and int(path[2]) < len(sent):
            row = words.t("admin.campaigns.peak_name_row", n=sent[int(path[2])] + 1)
            error = {
                **error,
                **{k: f"{row}: {error[k]}" for k in ("message", "message_vi") if isinstance(error.get(k), str)},
            }
        errors.append(error)
    return {**problem, "errors": errors} if problem.get("errors") else dict(problem)


# --- enterprises --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseView:
    id: str
    name: str
    sector: str
    manager_phone: str
    manager_emails: list[str]
    version: int
    obligations_from: str = ""
    """The day (ISO 8601) the Department decided it owes daily reports and readiness items from; "": everything."""

    @property
    def owes_from_day(self) -> date | None:
        """`obligations_from` as a day, for the pages to write it."""
        return date.fromisoformat(self.obligations_from) if self.obligations_from else None

    @property
    def phone_label(self) -> str:
        """The phone grouped as the staff list writes phones: 0272 3822 111."""
        return phone_label(self.manager_phone)

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> EnterpriseView:
        return cls(
            id=str(body["id"]),
            name=str(body["name"]),
            sector=str(body["sector"]),
            manager_phone=str(body.get("manager_phone") or ""),
            manager_emails=[str(e) for e in body.get("manager_emails") or ()],
            version=int(body["version"]),
            obligations_from=str(body.get("obligations_from") or ""),
        )


@dataclass(frozen=True)
class EnterpriseForm:
    name: str = ""
    sector: str = ""
    manager_phone: str = ""
    manager_emails: str = ""
    version: int | None = None
    obligations_from: str = ""
    """The day it owes reports and readiness items from, as typed (an <input type="date"> value); "": everything."""
    confirmed: str = ""
    """The day (`owes_from_key`) the administrator said "Vẫn lưu" for, although it changes a campaign already begun
    (roster's question, QZ23 #1); another day typed since asks again."""
    asked: bool = False  # the form asks about `confirmed`: not saved yet

    @property
    def owes_from_key(self) -> str:
        """The day as the question and its answer name it ("none": cleared)."""
        return self.obligations_from.strip() or "none"

    @classmethod
    def of(cls, e: EnterpriseView) -> EnterpriseForm:
        return cls(e.name, e.sector, e.phone_label, ", ".join(e.manager_emails), e.version, e.obligations_from)

    def body(self, *, by_department: bool = True) -> dict[str, Any]:
        """roster's body; every mistake the portal can see raised at once (FormInvalid): the name and sector
        missing, a sector not offered, a phone number or addresses that are none, a day it owes from that is no
        day. The day is the Department's (roster refuses a manager's change of it): sent only `by_department`."""
        problems: list[forms.FormProblem] = []
        try:
            forms.require({"name": self.name}, "name")
        except forms.FormInvalid as exc:
            problems += exc.problems
        if len(self.name.strip()) > forms.MAX_NAME:
            problems.append(forms.too_long("name", self.name.strip()))
        if not self.sector:  # none chosen: a list to choose from, not a box to fill in
            problems.append(forms.choose("sector"))
        elif self.sector not in forms.SECTORS:
            problems.append(forms.FormProblem("sector", "errors.invalid_choice"))
        owes_from = None
        if by_department and self.obligations_from.strip():
            try:
                owes_from = forms.parse_day(self.obligations_from, "obligations_from").isoformat()
            except forms.FormInvalid as exc:
                problems += exc.problems
        forms.problems_of(
            *problems,
            forms.phone_problem(self.manager_phone, "manager_phone"),
            forms.emails_problem(self.manager_emails, "manager_emails"),
        )
        body: dict[str, Any] = {
            "name": self.name.strip(),
            "sector": self.sector,
            "manager_phone": self.manager_phone.strip() or None,
            "manager_emails": forms.split_emails(self.manager_emails),
        }
        if by_department:
            body["obligations_from"] = owes_from
        return body


async def enterprise_names(caller: Caller) -> dict[str, str]:
    """Every enterprise's name by id (for choosers and for naming them in lists)."""
    found = await caller.every("roster", "/enterprises", limit=ALL)
    return {str(e["id"]): str(e["name"]) for e in sorted(found, key=lambda e: sort_key(e["name"]))}


async def list_enterprises(
    caller: Caller, *, sector: str, q: str, limit: int | None, cursor: str | None, path: str, query: Mapping[str, str]
) -> Listing[EnterpriseView]:
    limit = clamp_limit(limit)
    found = await caller.page(
        "roster",
        "/enterprises",
        {"sector": sector if sector in forms.SECTORS else None, "q": q.strip()[:100], "limit": limit, "cursor": cursor},
    )
    return Listing([EnterpriseView.from_api(e) for e in found.items], _page(found, path=path, query=query, limit=limit))


async def get_enterprise(caller: Caller, enterprise_id: str) -> EnterpriseView:
    return EnterpriseView.from_api(await caller.get("roster", f"/enterprises/{enterprise_id}"))


async def registered_enterprise(caller: Caller, enterprise_id: str | None) -> EnterpriseView | None:
    """The enterprise just registered, which the list names with its next steps; None when none is said, or it is
    gone (the list says "Đã lưu." then)."""
    if not enterprise_id:
        return None
    try:
        return await get_enterprise(caller, enterprise_id)
    except ServiceError as exc:
        if exc.status != 404:
            raise
        return None


async def owes_from_default(caller: Caller) -> date | None:
    """The day a new enterprise's form proposes it owes from (`forms.owes_from_default`), read from the campaigns
    roster lists at the portal's clock: a readiness checklist is read only of a campaign not ended, and only when no
    Tết campaign is under way (a drill under way obliges nothing by itself)."""
    now = caller.clock()
    listed = {
        str(c["id"]): forms.Obliging(
            parse_instant(c["starts_at"]), parse_instant(c["ends_at"]), drill=c.get("kind") == DRILL
        )
        for c in await caller.every("roster", "/campaigns")
    }
    current = {cid: c for cid, c in listed.items() if c.ends_at > now}
    if any(c.starts_at <= now and not c.drill for c in current.values()):
        return forms.owes_from_default(current.values(), now=now)
    firsts = await asyncio.gather(*(_first_due(caller, cid) for cid in current))
    return forms.owes_from_default(
        [replace(c, first_due=first) for c, first in zip(current.values(), firsts, strict=True)], now=now
    )


async def _first_due(caller: Caller, campaign_id: str) -> datetime | None:
    items = await caller.every("roster", f"/campaigns/{campaign_id}/readiness-items")
    return min((parse_instant(str(i["due_at"])) for i in items), default=None)


async def save_enterprise(
    caller: Caller, words: Words, *, form: EnterpriseForm, enterprise_id: str | None = None
) -> Outcome[EnterpriseView]:
    by_department = caller.session.account.role == "admin"

    asked = ""

    async def call() -> EnterpriseView:
        nonlocal asked
        if enterprise_id is None:
            return EnterpriseView.from_api(await caller.post("roster", "/enterprises", form.body()))
        body = form.body(by_department=by_department)
        # the answer to roster's question about a day that changes a campaign already begun, for this day only
        confirm = "?confirm=true" if form.confirmed and form.confirmed == form.owes_from_key else ""
        try:
            return EnterpriseView.from_api(
                await caller.patch("roster", f"/enterprises/{enterprise_id}{confirm}", body, version=form.version or 0)
            )
        except ServiceError as exc:
            if exc.status == 409 and any(
                isinstance(e, Mapping) and e.get("rule") == PAST_SEASON for e in exc.problem.get("errors") or ()
            ):
                asked = form.owes_from_key
            raise

    outcome: Outcome[EnterpriseView] = await attempt(call, words)
    return replace(outcome, asked=asked) if asked else outcome


PAST_SEASON = "past-season-obligations"
"""roster's rule of a day an enterprise owes from that changes what it owes in a campaign already begun: asked, with
"Vẫn lưu" to save it all the same (QZ23 #1)."""


# --- sites --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteView:
    id: str
    name: str
    kind: str
    district: str
    border_area: bool
    enterprise_id: str
    enterprise_name: str
    version: int
    warnings: tuple[Said, ...] = ()  # roster's, after saving: a district no site or incident is in yet

    @classmethod
    def from_api(cls, body: Mapping[str, Any], names: Mapping[str, str]) -> SiteView:
        eid = str(body["enterprise_id"])
        return cls(
            id=str(body["id"]),
            name=str(body["name"]),
            kind=str(body["kind"]),
            district=str(body.get("district") or ""),
            border_area=bool(body["border_area"]),
            enterprise_id=eid,
            enterprise_name=names.get(eid, ""),
            version=int(body["version"]),
            warnings=tuple(Said.from_api(w) for w in body.get("warnings") or ()),
        )


@dataclass(frozen=True)
class SiteForm:
    enterprise_id: str = ""
    name: str = ""
    kind: str = ""
    district: str = ""
    border_area: bool = False
    version: int | None = None

    @classmethod
    def of(cls, s: SiteView) -> SiteForm:
        return cls(s.enterprise_id, s.name, s.kind, s.district, s.border_area, s.version)

    def body(self, *, new: bool, border: bool = True) -> dict[str, Any]:
        """roster's body; without `border` (a manager: the flag is the Department's, roster refuses their change of
        it) the border-area flag is left out — a new site starts outside the border area, an edit keeps it."""
        needed = ("enterprise_id", "name", "kind") if new else ("name", "kind")
        forms.require(
            {"enterprise_id": self.enterprise_id, "name": self.name, "kind": self.kind},
            *needed,
            lists={"enterprise_id": "sites.enterprise", "kind": "sites.kind"},
        )
        if self.kind not in forms.SITE_KINDS:
            raise forms.FormInvalid([forms.FormProblem("kind", "errors.invalid_choice")])
        body: dict[str, Any] = {
            "name": self.name.strip(),
            "kind": self.kind,
            "district": self.district.strip() or None,
        }
        if border:
            body["border_area"] = self.border_area
        if new:
            body["enterprise_id"] = self.enterprise_id
        return body


async def list_sites(
    caller: Caller,
    *,
    enterprise_id: str,
    border: str,
    district: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
    q: str = "",
) -> tuple[Listing[SiteView], dict[str, str]]:
    limit = clamp_limit(limit)
    names = await enterprise_names(caller)
    found = await caller.page(
        "roster",
        "/sites",
        {
            "enterprise_id": enterprise_id if enterprise_id in names else None,
            "border_area": _flag(forms.yes_no(border)),
            "district": district.strip()[:100],
            "q": q.strip()[:100],
            "limit": limit,
            "cursor": cursor,
        },
    )
    return Listing(
        [SiteView.from_api(s, names) for s in found.items], _page(found, path=path, query=query, limit=limit)
    ), names


async def district_names(caller: Caller) -> list[str]:
    """The districts the province's sites and incidents are in, each as it is to be written (roster's order), for
    the site form to offer: a district typed otherwise is one roster warns of. An enterprise's manager, who may not read
    the province's districts, is offered those of the sites they see (each once, case and diacritics aside): roster
    lets only an administrator read `/districts`, so nobody else asks it (the incident lists ask on every load)."""
    if caller.session.account.role == "admin":
        return [str(d["preferred"]) for d in await caller.every("roster", "/districts", limit=ALL)]
    seen: dict[str, str] = {}
    for site in await caller.every("roster", "/sites", limit=ALL):
        if site.get("district"):
            seen.setdefault(fold(site["district"]), str(site["district"]))
    return sorted(seen.values(), key=sort_key)


async def get_site(caller: Caller, site_id: str) -> tuple[SiteView, dict[str, str]]:
    names = await enterprise_names(caller)
    return SiteView.from_api(await caller.get("roster", f"/sites/{site_id}"), names), names


def sets_border(caller: Caller) -> bool:
    """Whether the person may set or clear a site's border-area flag: the Department's (an administrator), not an
    enterprise's manager (roster refuses theirs; the form shows it read-only)."""
    return caller.session.account.role == "admin"


async def save_site(
    caller: Caller, words: Words, *, form: SiteForm, site_id: str | None = None, names: Mapping[str, str]
) -> Outcome[SiteView]:
    border = sets_border(caller)

    async def call() -> SiteView:
        if site_id is None:
            return SiteView.from_api(await caller.post("roster", "/sites", form.body(new=True, border=border)), names)
        body = form.body(new=False, border=border)
        return SiteView.from_api(
            await caller.patch("roster", f"/sites/{site_id}", body, version=form.version or 0), names
        )

    return await attempt(call, words)


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


# --- districts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpellingView:
    spelling: str
    sites: int
    incidents: int = 0


@dataclass(frozen=True)
class DistrictView:
    """A district as roster lists it: every way the sites and incidents spell it (the one to keep first), and how
    many sites and incidents write each — an incident's spelling is one the administrator may merge too, as the site
    form's notes count it among those already written."""

    key: str
    preferred: str
    sites: int
    split: bool
    spellings: list[SpellingView]
    incidents: int = 0

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> DistrictView:
        return cls(
            key=str(body["key"]),
            preferred=str(body["preferred"]),
            sites=int(body["sites"]),
            incidents=int(body.get("incidents") or 0),
            split=bool(body["split"]),
            spellings=[
                SpellingView(str(s["spelling"]), int(s["sites"]), int(s.get("incidents") or 0))
                for s in body.get("spellings") or ()
            ],
        )


@dataclass(frozen=True)
class DistrictForm:
    """A merge form as sent: the district's key (which form of the page), the spelling chosen, every spelling."""

    district: str = ""
    into: str = ""
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistrictsMerged:
    into: str
    sites_changed: int
    incidents_changed: int


async def list_districts(
    caller: Caller, *, q: str, limit: int | None, cursor: str | None, path: str, query: Mapping[str, str]
) -> Listing[DistrictView]:
    """The districts, those the sites spell in several ways first (roster's order)."""
    limit = clamp_limit(limit)
    found = await caller.page("roster", "/districts", {"q": q.strip()[:100], "limit": limit, "cursor": cursor})
    return Listing([DistrictView.from_api(d) for d in found.items], _page(found, path=path, query=query, limit=limit))


async def merge_districts(
    caller: Caller, words: Words, *, spellings: Sequence[str], into: str, confirmed: bool
) -> Outcome[DistrictsMerged]:
    """Every site and incident spelling the district as one of `spellings` rewritten as `into`, once the administrator
    has ticked the confirmation; roster's refusal (a spelling no site has any more…) as FormErrors."""

    async def call() -> DistrictsMerged:
        forms.require({"into": into}, "into")
        if not confirmed:
            raise forms.FormInvalid([forms.FormProblem("confirm", "districts.confirm_needed")])
        body = await caller.post("roster", "/districts/merge", {"spellings": list(spellings), "into": into})
        return DistrictsMerged(str(body["into"]), int(body["sites_changed"]), int(body["incidents_changed"]))

    return await attempt(call, words)


# --- accounts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffChoice:
    id: str
    name: str
    detail: str  # e-mail or phone, to tell namesakes apart
    held_by: str = ""  # the login of another account that already has this record ("": none)
    email: str = ""  # the record's e-mail, the login the account form proposes for it ("": none)

    @property
    def label(self) -> str:
        return f"{self.name} · {self.detail}" if self.detail else self.name


def _choice(staff: Mapping[str, Any]) -> StaffChoice:
    email = str(staff.get("email") or "")
    return StaffChoice(str(staff["id"]), str(staff["full_name"]), email or str(staff.get("phone") or ""), email=email)


@dataclass(frozen=True)
class AccountView:
    id: str
    login: str
    display_name: str
    role: str
    enterprise_ids: list[str]
    enterprise_names: list[str]
    staff_id: str | None
    active: bool
    locked_until: str | None
    last_login_at: str | None
    version: int
    staff_name: str = ""
    """The linked staff record's name (a staff account's, or a manager's own), where the page read it."""
    reset_requested_at: str | None = None
    """When the request for a new password still open was first made at the sign-in page (QZ29 #15)."""

    @classmethod
    def from_api(cls, body: Mapping[str, Any], names: Mapping[str, str]) -> AccountView:
        ids = [str(e) for e in body.get("enterprise_ids") or ()]
        return cls(
            id=str(body["id"]),
            login=str(body["login"]),
            display_name=str(body["display_name"]),
            role=str(body["role"]),
            enterprise_ids=ids,
            enterprise_names=[names.get(e, "") for e in ids],
            staff_id=str(body["staff_id"]) if body.get("staff_id") else None,
            active=bool(body["active"]),
            locked_until=body.get("locked_until"),
            last_login_at=body.get("last_login_at"),
            version=int(body["version"]),
            reset_requested_at=body.get("reset_requested_at"),
        )


@dataclass(frozen=True)
class AccountForm:
    login: str = ""
    display_name: str = ""
    role: str = ""
    enterprise_ids: tuple[str, ...] = ()
    staff_id: str = ""
    password: str = ""
    active: bool = True
    version: int | None = None
    confirmed: str = ""  # the staff record the administrator said to link although its e-mail is not the login
    asked: bool = False  # the form asks about `confirmed` (domain.linked_records): not saved yet
    role_confirmed: str = ""  # the role granted the administrator said to save (`grant`), once asked
    role_asked: str = ""  # the form asks about this grant (`ask_role_first`): not saved yet
    deactivate_asked: bool = False  # the form asks before closing the account (`ask_deactivate_first`): not saved
    deactivate_confirmed: bool = False  # the question answered "close it anyway"
    staff_left: bool = False  # with it: mark the linked staff record "Ngừng trực" too (QZ27 #6)

    @classmethod
    def of(cls, a: AccountView) -> AccountForm:
        """The account's form as saved. Only a manager's managed enterprises are ticked: roster gives a staff
        account its record's enterprise, which the form's boxes would show ticked under "Doanh nghiệp được quản
        lý" (QZ26 #13: a patrol guard's read MobiFone, and made manager it would have stayed ticked)."""
        managed = tuple(a.enterprise_ids) if a.role == "manager" else ()
        return cls(a.login, a.display_name, a.role, managed, a.staff_id or "", "", a.active, a.version)

    @property
    def grant(self) -> str:
        """What saving the role grants, as the answer to its question carries it: the role, and for a manager the
        enterprises ticked — another enterprise ticked after the answer asks again."""
        return f"{self.role}:{','.join(sorted(self.enterprise_ids))}" if self.role == "manager" else self.role

    def _scope(self, problems: list[forms.FormProblem]) -> dict[str, Any]:
        if self.role == "manager":  # their own staff record is optional: a leader on duty has shifts of their own
            if not self.enterprise_ids:
                problems.append(forms.FormProblem("enterprise_ids", "errors.manager_scope"))
            return {"enterprise_ids": list(self.enterprise_ids), "staff_id": self.staff_id or None}
        if self.role == "staff":
            if not self.staff_id:
                problems.append(forms.FormProblem("staff_id", "errors.staff_scope"))
            return {"staff_id": self.staff_id or None}
        return {}

    def new_body(self) -> tuple[dict[str, Any], list[forms.FormProblem]]:
        """roster's body for a new account, and the portal's own mistakes found in the form (`together`: said with
        roster's refusal of that body, which each of them is a rule of too)."""
        problems: list[forms.FormProblem] = []
        try:
            forms.require(
                {"login": self.login, "display_name": self.display_name, "role": self.role, "password": self.password},
                *("login", "display_name", "role", "password"),
                lists={"role": "accounts.role"},
            )
        except forms.FormInvalid as exc:
            problems += exc.problems
        if self.role.strip() and self.role not in forms.ROLES:
            problems.append(forms.FormProblem("role", "errors.invalid_choice"))
        if self.password and len(self.password) < 12:
            problems.append(forms.FormProblem("password", "errors.password_short"))
        body = {
            "login": self.login.strip(),
            "display_name": self.display_name.strip(),
            "role": self.role,
            "password": self.password,
            "active": self.active,
            **self._scope(problems),
        }
        return body, problems

    def patch_body(self, before: AccountView) -> tuple[dict[str, Any], list[forms.FormProblem]]:
        """Only what changed; a role or scope change carries the new role's scope (roster drops the old). With it the
        portal's own mistakes found in the form, as `new_body`: each is in the body too (a name or role emptied, a
        short password, a manager's or staff account's scope left out), so roster refuses it as well."""
        problems: list[forms.FormProblem] = []
        if not self.display_name.strip():
            problems.append(forms.FormProblem("display_name", "errors.required"))
        if not self.role.strip():
            problems.append(forms.choose("role"))
        elif self.role not in forms.ROLES:
            problems.append(forms.FormProblem("role", "errors.invalid_choice"))
        if self.password and len(self.password) < 12:
            problems.append(forms.FormProblem("password", "errors.password_short"))
        body: dict[str, Any] = {}
        if self.display_name.strip() != before.display_name:
            body["display_name"] = self.display_name.strip()
        scope = self._scope(problems)
        if self.role != before.role:
            body.update(role=self.role, **scope)
        elif (self.role == "manager" and sorted(self.enterprise_ids) != sorted(before.enterprise_ids)) or (
            self.role in ("manager", "staff") and (self.staff_id or None) != before.staff_id
        ):
            body.update(scope)
        if self.active != before.active:
            body["active"] = self.active
        if self.password:
            body["password"] = self.password
        return body, problems


async def list_accounts(
    caller: Caller,
    *,
    role: str,
    enterprise_id: str,
    active: str,
    q: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
    reset: str = "",
) -> tuple[Listing[AccountView], dict[str, str]]:
    """`reset`: "yes" for the accounts with a request for a new password open alone."""
    limit = clamp_limit(limit)
    names = await enterprise_names(caller)
    found = await caller.page(
        "roster",
        "/accounts",
        {
            "role": role if role in forms.ROLES else None,
            "enterprise_id": enterprise_id if enterprise_id in names else None,
            "active": _flag(forms.yes_no(active)),
            "q": q.strip()[:100],
            "reset_requested": "true" if reset == "yes" else None,
            "limit": limit,
            "cursor": cursor,
        },
    )
    accounts = [AccountView.from_api(a, names) for a in found.items]
    linked = await staff_names(caller, {a.staff_id for a in accounts if a.staff_id})
    accounts = [replace(a, staff_name=linked.get(a.staff_id or "", "")) for a in accounts]
    return Listing(accounts, _page(found, path=path, query=query, limit=limit)), names


RESET_SHOWN = 20
"""The open requests for a new password named above the accounts list (more: its filter lists them all)."""
MAX_RESET_READ = 100


async def reset_requests(caller: Caller) -> list[AccountView]:
    """The active accounts whose request for a new password is open, the oldest first, at most RESET_SHOWN: those
    the administrators are to call back (QZ29 #15)."""
    found = await caller.page(
        "roster", "/accounts", {"reset_requested": "true", "active": "true", "limit": MAX_RESET_READ}
    )
    # kept by the field too: a roster older than the filter (a rolling deploy) lists every account
    waiting = [v for v in (AccountView.from_api(a, {}) for a in found.items) if v.reset_requested_at]
    return sorted(waiting, key=lambda a: a.reset_requested_at or "")[:RESET_SHOWN]


async def staff_names(caller: Caller, staff_ids: Iterable[str]) -> dict[str, str]:
    """The full names of these staff records, read in one call (a list page's linked records: at most a page's
    worth, `GET /staff?id=…`); one roster no longer has is left out, and so are all when roster refuses them, the
    list still shown."""
    wanted = sorted(set(staff_ids))
    if not wanted:
        return {}
    try:
        found = await caller.page("roster", "/staff", {"id": wanted, "limit": len(wanted)})
    except ServiceError:
        return {}
    return {str(s["id"]): str(s["full_name"]) for s in found.items}


async def get_account(caller: Caller, account_id: str) -> tuple[AccountView, dict[str, str]]:
    names = await enterprise_names(caller)
    return AccountView.from_api(await caller.get("roster", f"/accounts/{account_id}"), names), names


def finder_enterprises(form: AccountForm, names: Mapping[str, str]) -> dict[str, str]:
    """The enterprises whose staff records the account form offers: a manager's own record is of an enterprise they
    manage, so a manager's form (its enterprises ticked) offers theirs alone; any other form, every enterprise."""
    if form.role == "manager" and form.enterprise_ids:
        return {e: n for e, n in names.items() if e in form.enterprise_ids}
    return dict(names)


async def holders(caller: Caller, staff_ids: Iterable[str], *, besides: str | None) -> dict[str, str]:
    """The login of the account holding each of these staff records held, other than the account `besides` (QA
    2026-12-06: the finder offered records other accounts hold, and the refusal did not say whose). Only the records
    asked about are read (`GET /accounts?staff_id=…`, a page's worth a call: a record has one account at most)."""
    wanted = sorted(set(staff_ids))
    pages = await asyncio.gather(
        *(
            caller.page("roster", "/accounts", {"staff_id": part, "limit": len(part)})
            for part in (wanted[i : i + ALL] for i in range(0, len(wanted), ALL))
        )
    )
    found = [a for page in pages for a in page.items]
    return {str(a["staff_id"]): str(a["login"]) for a in found if a.get("staff_id") and str(a["id"]) != besides}


async def staff_choices(
    caller: Caller, *, enterprise_id: str, q: str, keep: str | None = None, account_id: str | None = None
) -> list[StaffChoice]:
    """The staff records of an enterprise one may give an account (`keep`: the one the account has now), each held
    by another account than `account_id` marked with its login."""
    out: list[StaffChoice] = []
    if enterprise_id:
        found = await caller.page(
            "roster", "/staff", {"enterprise_id": enterprise_id, "q": q.strip()[:100], "active": "true", "limit": ALL}
        )
        out = [_choice(s) for s in found.items]
    if keep and all(c.id != keep for c in out):
        s = await caller.get("roster", f"/staff/{keep}")
        out.insert(0, _choice(s))
    if not out:
        return out
    held = await holders(caller, (c.id for c in out), besides=account_id)
    return [replace(c, held_by=held.get(c.id, "")) for c in out]


def together(own: Sequence[forms.FormProblem], refused: FormErrors | None, *, words: Words) -> FormErrors | None:
    """The portal's own mistakes in a form and roster's refusal of it in one answer (QA 2026-12-06: a manager with
    no enterprise hid the taken login and the guessable password until the second send): the portal's words at a
    field it found at fault (roster's there say the same rule), roster's at the others — the login taken, a
    guessable password, the last administrator. A 422 when the portal found a mistake; roster's answer alone when
    it found none, or when someone else saved the record first (the form then comes back over their version)."""
    if not own:
        return refused
    mine = form_errors(forms.FormInvalid(own), words)
    if refused is None or (refused.status == 409 and not refused.fields):
        return refused or mine
    fields = {**{k: v for k, v in refused.fields.items() if k not in mine.fields}, **mine.fields}
    lines = {k: v for k, v in refused.lines.items() if k not in mine.fields}
    return FormErrors(fields, refused.message, 422, lines)


async def _asked_anyway(ask: Callable[[], Any], own: Sequence[forms.FormProblem], words: Words) -> Outcome[AccountView]:
    """roster asked even when the portal found a mistake of its own, so that one answer says every mistake: a
    refused creation or change changes nothing, and roster refuses every body the portal finds at fault (each of
    the portal's checks is one of roster's rules). A roster that cannot answer then leaves the portal's words."""
    try:
        saved = await ask()
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            if own:
                return Outcome(errors=together(own, None, words=words))
            raise
        return Outcome(errors=together(own, service_errors(exc, words), words=words))
    except ServiceUnavailable:
        if own:
            return Outcome(errors=together(own, None, words=words))
        raise
    # roster took it: it is saved, whatever the portal thought of the form (its rules are roster's; never expected)
    return Outcome(saved=saved)


async def ask_first(
    caller: Caller, words: Words, *, form: AccountForm, login: str, linked: str | None, own: Sequence[forms.FormProblem]
) -> Outcome[AccountView] | None:
    """The form asking, before it is saved, whether to link the account `login` to the staff record chosen, when the
    record's e-mail is not the login or it has none (domain.linked_records; QA 2026-12-06): the question at the
    record's box, with the form's own mistakes beside theirs; roster not asked to save. None when it need not ask: the
    record is theirs, the one `linked` already, confirmed, or none roster has (roster's refusal then says so)."""
    if not asks_about(form.staff_id, linked=linked, confirmed=form.confirmed):
        return None
    try:
        record = await caller.get("roster", f"/staff/{form.staff_id}")
    except ServiceError:
        return None
    email = str(record.get("email") or "").strip()
    if is_own_record(login, email):
        return None
    key = "admin.accounts.not_theirs" if email else "admin.accounts.not_theirs_no_email"
    question = words.t(key, name=str(record["full_name"]), email=email, login=" ".join(login.split()))
    mine = form_errors(forms.FormInvalid(own), words) if own else FormErrors()
    errors = FormErrors({**mine.fields, "staff_id": question}, None, 422 if own else 409)
    return Outcome(errors=errors, asked=form.staff_id)


GRANTING_ROLES = ("manager", "inspector", "admin")
"""Roles that grant more than a duty member's: changing an account to one is asked first (`ask_role_first`)."""

ROLE_REACH = {"staff": 0, "inspector": 1, "manager": 2, "admin": 3}
"""How much each role lets a person change, to say whether a new role grants more than the old (`grants_more`): a
duty member their own check-ins and swaps; an inspector, besides reading every enterprise, only the inspections'
findings and plans; a manager an enterprise's whole roster, staff and incidents; an administrator everything. A
manager made inspector (or an administrator anything else) is given less to change: not asked (Q4 leftover: a
manager → inspector change was asked as if it granted more)."""


def grants_more(old: str, new: str) -> bool:
    """Whether changing a role from `old` to `new` lets the person change more (`ROLE_REACH`)."""
    return new in GRANTING_ROLES and ROLE_REACH.get(new, 0) > ROLE_REACH.get(old, 0)


def ask_role_first(
    words: Words, *, form: AccountForm, before: AccountView, names: Mapping[str, str]
) -> Outcome[AccountView] | None:
    """The form asking, before it is saved, whether to give `before`'s person a role that grants more — manager
    (naming the enterprises ticked), inspector or administrator — (QZ26 #13: one click made a patrol guard manager of
    an enterprise): the question at the role's box, roster not asked. None when the new role does not grant more than
    the old (`grants_more`: a manager made inspector is not asked), or the question was answered for this very grant
    (`AccountForm.grant`)."""
    if not grants_more(before.role, form.role) or form.role_confirmed == form.grant:
        return None
    enterprises = ", ".join(names.get(e, e) for e in form.enterprise_ids)
    question = words.t(
        f"admin.accounts.grant_{form.role}",
        name=before.display_name,
        login=before.login,
        old=words.t(f"role.{before.role}"),
        new=words.t(f"role.{form.role}"),
        enterprises=enterprises,
    )
    return Outcome(errors=FormErrors({"role": question}, None, 409), asked_role=form.grant)


async def create_account(
    caller: Caller, words: Words, *, form: AccountForm, names: Mapping[str, str]
) -> Outcome[AccountView]:
    """Create the account; the form's mistakes, the portal's and roster's, said together (`together`); asked
    first about a staff record not the login's (`ask_first`)."""
    body, own = form.new_body()
    if body.get("staff_id") and (
        asked := await ask_first(caller, words, form=form, login=form.login, linked=None, own=own)
    ):
        return asked

    async def ask() -> AccountView:
        return AccountView.from_api(await caller.post("roster", "/accounts", body), names)

    return await _asked_anyway(ask, own, words)


async def edit_account(
    caller: Caller, words: Words, *, before: AccountView, form: AccountForm, names: Mapping[str, str]
) -> Outcome[AccountView]:
    """Save the account's changes; the form's mistakes, the portal's and roster's, said together (`together`);
    asked first about a newly chosen staff record not the login's (`ask_first`)."""
    body, own = form.patch_body(before)
    if not own and (asked_role := ask_role_first(words, form=form, before=before, names=names)) is not None:
        return asked_role
    if body.get("staff_id"):
        asked = await ask_first(caller, words, form=form, login=before.login, linked=before.staff_id, own=own)
        if asked is not None:
            return asked
    closing = not own and body.get("active") is False and not form.deactivate_confirmed
    if closing and (asked_off := await ask_deactivate_first(caller, words, before=before)) is not None:
        return asked_off
    if not body:  # nothing to change: nothing roster could refuse either
        return Outcome(errors=together(own, None, words=words)) if own else Outcome(saved=before)

    async def ask() -> AccountView:
        return AccountView.from_api(
            await caller.patch("roster", f"/accounts/{before.id}", body, version=form.version or 0), names
        )

    outcome = await _asked_anyway(ask, own, words)
    if outcome.saved is not None and body.get("active") is False and form.staff_left and before.staff_id:
        return replace(outcome, notes=await _mark_left(caller, words, staff_id=before.staff_id))
    if outcome.saved is not None and before.reset_requested_at and body.get("password"):
        # the request for a new password answered: said, with the call still to make (QZ29 #15)
        text = words.t("admin.accounts.reset_done", name=before.display_name)
        return replace(outcome, notes=(Said(text, text),))
    return outcome


@dataclass(frozen=True)
class Leaving:
    """The staff record of an account being closed, as its question says it (QZ27 #6, domain.leaving): the person's
    name, whether the record is still "Đang làm việc", and the shifts they are on from now on."""

    staff_id: str
    full_name: str
    active: bool
    shifts: tuple[Any, ...]  # domain.leaving.ShiftLeft


async def leaving_of(caller: Caller, staff_id: str) -> Leaving:
    """The staff record `staff_id` and its shifts from now on (`Leaving`)."""
    doc, ahead = await asyncio.gather(caller.get("roster", f"/staff/{staff_id}"), shifts_ahead(caller, staff_id))
    return Leaving(staff_id, str(doc["full_name"]), bool(doc.get("active", True)), ahead)


async def ask_deactivate_first(caller: Caller, words: Words, *, before: AccountView) -> Outcome[AccountView] | None:
    """The form asking, before an account linked to a staff record is closed, about what closing it leaves (QZ27 #6:
    anhptn's closed without a word of her shift at 09:25, her record left "Đang làm việc"): the shifts the person is
    still on from now on (listed below the box, each linking its reassignment) and, while the record is "Đang làm
    việc", whether they have left — the answer may mark it "Ngừng trực" in the same send (`AccountForm.staff_left`).
    None when the account has no staff record, or the record has left and has no shift ahead: nothing to ask."""
    if not before.staff_id:
        return None
    person = await leaving_of(caller, before.staff_id)
    if not person.shifts and not person.active:
        return None
    key = "shifts_working" if person.shifts and person.active else ("shifts" if person.shifts else "working")
    question = words.t(f"admin.accounts.deactivate_{key}", name=person.full_name, n=len(person.shifts))
    return Outcome(errors=FormErrors({"active": question}, None, 409), asked_deactivate=True)


async def _mark_left(caller: Caller, words: Words, *, staff_id: str) -> tuple[Said, ...]:
    """Mark the staff record `staff_id` "Ngừng trực" after its account was closed, as the administrator asked; what
    happened said in the page's language (roster refusing it: said, the account staying closed)."""
    try:
        doc = await caller.get("roster", f"/staff/{staff_id}")
        if doc.get("active", True):
            await caller.patch("roster", f"/staff/{staff_id}", {"active": False}, version=int(doc["version"]))
        text = words.t("admin.accounts.staff_marked_left", name=str(doc["full_name"]))
    except ServiceError as exc:
        text = words.t("admin.accounts.staff_not_marked_left", why=exc.detail(words.lang))
    return (Said(text, text),)


def options(words: Words, *, prefix: str, keys: Sequence[str]) -> list[tuple[str, str]]:
    """(value, words) pairs for a select of a vocabulary."""
    return [(key, words.t(f"{prefix}.{key}")) for key in keys]


# --- a change someone else saved first ----------------------------------------------------------------------
# roster's 412 (said as a 409 naming no field, `service_errors`): the form comes back as typed, its version the
# latest (saving again puts it over the other change, knowingly), the latest saved value beside each box that
# differs (domain/stale.py). A password typed is never kept: it is not compared.

Edited = TypeVar("Edited", CampaignForm, EnterpriseForm, SiteForm, AccountForm)


def _typed_over(
    typed: Edited,
    now: Edited,
    words: Words,
    fields: Iterable[str],
    said: Callable[[str, Any], str],
    compared: Edited | None = None,
) -> tuple[Edited, FormErrors]:
    """`typed` over `now`'s version, with the message and `now`'s values beside the `fields` that differ (`said`:
    a value in words, "" for an empty box; `compared`: `typed` as it would be saved, when that is not as shown)."""
    latest = latest_beside(
        compared or typed, now, fields=fields, said=lambda name, v: said(name, v) or words.t("latest.empty")
    )
    return replace(typed, version=now.version), FormErrors({}, words.t("admin.errors.stale_kept"), 409, latest=latest)


def _when(value: str, lang: str) -> str:
    """A datetime-local box's value as the pages write instants ("18:00 05/02/2027", "18:00 5 Feb 2027"), as typed
    when it is none."""
    try:
        return wall_label(datetime.fromisoformat(value), lang)
    except ValueError:
        return _text(value)


def campaign_over(typed: CampaignForm, now: CampaignForm, *, words: Words) -> tuple[CampaignForm, FormErrors]:
    """The campaign's form as typed over `now` (the campaign as it is now), after someone else saved it first: its
    days with their lunar names, its peaks (the rows ticked "remove" left out) each with its hours."""

    def said(name: str, value: Any) -> str:
        if name in ("first_day", "last_day"):
            try:
                return day_label(date.fromisoformat(value), words.lang)
            except ValueError:
                return _text(value)
        if name in ("starts_at", "ends_at", "readiness_deadline"):
            return _when(value, words.lang)
        if name == "peaks":
            lang = words.lang
            return "; ".join(f"{_text(p.name)} ({_when(p.starts, lang)} – {_when(p.ends, lang)})" for p in value)
        return _text(value)

    kept = [row for i, row in enumerate(typed.peaks) if i not in typed.removed]
    fields = ("name", "starts_at", "ends_at", "first_day", "last_day", "peaks", "readiness_deadline")
    return _typed_over(typed, now, words, fields, said, compared=replace(typed, peaks=kept))


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _ticked(words: Words, value: Any) -> str:
    return words.t("latest.ticked" if value else "latest.unticked")


def enterprise_over(typed: EnterpriseForm, now: EnterpriseForm, *, words: Words) -> tuple[EnterpriseForm, FormErrors]:
    """The enterprise's form as typed over `now` (the enterprise as it is now), after someone else saved it first."""

    def said(name: str, value: Any) -> str:
        if name == "sector":
            return words.t(f"admin.sector.{value}") if value in forms.SECTORS else _text(value)
        if name == "manager_phone":  # as roster keeps it (its digits), then as the list shows it
            return phone_label(re.sub(r"[\s.\-()]", "", value or "") or None)
        if name == "manager_emails":
            return ", ".join(e.lower() for e in re.split(r"[,;\s]+", value or "") if e)
        if name == "obligations_from" and value:
            try:
                return day_label(date.fromisoformat(value), words.lang)
            except ValueError:
                return _text(value)
        return _text(value)

    fields = ("name", "sector", "manager_phone", "manager_emails", "obligations_from")
    return _typed_over(typed, now, words, fields, said)


def site_over(typed: SiteForm, now: SiteForm, *, words: Words) -> tuple[SiteForm, FormErrors]:
    """The site's form as typed over `now` (the site as it is now), after someone else saved it first."""

    def said(name: str, value: Any) -> str:
        if name == "kind":
            return words.t(f"admin.kind.{value}") if value in forms.SITE_KINDS else _text(value)
        if name == "border_area":
            return _ticked(words, value)
        return _text(value)

    return _typed_over(typed, now, words, ("name", "kind", "district", "border_area"), said)


def account_over(
    typed: AccountForm, now: AccountForm, *, words: Words, names: Mapping[str, str]
) -> tuple[AccountForm, FormErrors]:
    """The account's form as typed over `now` (the account as it is now), after someone else saved it first; its
    enterprises said by name (`names`)."""

    def said(name: str, value: Any) -> str:
        if name == "role":
            return words.t(f"role.{value}") if value in forms.ROLES else _text(value)
        if name == "enterprise_ids":
            return ", ".join(sorted((names.get(e, e) for e in value), key=sort_key))
        if name == "active":
            return _ticked(words, value)
        return _text(value)

    return _typed_over(typed, now, words, ("display_name", "role", "enterprise_ids", "active"), said)


@dataclass(frozen=True)
class NextStep:
    """After a save that says "Đã lưu." (a site, an account, a staff record, a requirement), the first of the
    enterprise's getting-started steps not done yet, in the board's "Bắt đầu" checklist's order (sites, a manager's
    account — the Department's, only to an administrator —, staff, requirements, shifts, publishing): `key` names its
    words (admin.enterprises.next_<key>), `url` where it is done."""

    key: str
    url: str
    enterprise: str  # the enterprise's name


async def next_step(
    caller: Caller, *, enterprise_id: str, names: Mapping[str, str], campaign_id: str = ""
) -> NextStep | None:
    """The first of an enterprise's steps not done (QZ21 #6: "Đã lưu." said nothing of what comes next; G1 offered
    the requirements last whether there were any or not), judged as the board's checklist judges them: a site, an
    active staff record, requirements by the checklist's own rule (`domain.requirements.unset_duties`: a Tết
    campaign's for each of the directive's duties, H2), a shift, no draft left — of `campaign_id` when the save is of
    one (a requirement), else of any. None when every step is done, for an enterprise not in `names` (those the person may
    see), or when roster does not answer — the page stands without."""
    if enterprise_id not in names:
        return None
    admin = caller.session.account.role == "admin"  # the accounts are the Department's to read
    one = {"enterprise_id": enterprise_id, "limit": 1}
    of_campaign = {**one, "campaign_id": campaign_id} if campaign_id else one
    reads: dict[str, Awaitable[Any]] = {
        "sites": caller.page("roster", "/sites", one),
        "staff": caller.page("roster", "/staff", {**one, "active": "true"}),
        "requirements": caller.every("roster", "/requirements", {k: v for k, v in of_campaign.items() if k != "limit"}),
        "campaigns": caller.every("roster", "/campaigns"),
        "shifts": caller.page("roster", "/shifts", of_campaign),
        "drafts": caller.page("roster", "/shifts", {**of_campaign, "status": "draft"}),
    }
    if admin:
        reads["manager"] = caller.page("roster", "/accounts", {**one, "role": "manager"})
    try:
        found = dict(zip(reads, await asyncio.gather(*reads.values()), strict=True))
    except (ServiceError, ServiceUnavailable):
        return None
    # the board's checklist's rule (domain.requirements.unset_duties): of the campaign saved for, else of any one
    drills = {str(c["id"]) for c in found["campaigns"] if c.get("kind") == "drill"}
    required: dict[str, set[str]] = {campaign_id: set()} if campaign_id else {}
    for r in found["requirements"]:
        required.setdefault(str(r["campaign_id"]), set()).add(str(r["duty_type"]))
    requirements_set = any(not unset_duties(duties, drill=c in drills) for c, duties in required.items())
    board = (
        f"/manage/board/{campaign_id}/{enterprise_id}"
        if campaign_id
        else f"/manage/board?{urlencode({'enterprise_id': enterprise_id})}"
    )
    requirements = urlencode({**({"campaign_id": campaign_id} if campaign_id else {}), "enterprise_id": enterprise_id})
    steps = (
        ("sites", f"/admin/sites/new?enterprise_id={enterprise_id}", bool(found["sites"].items)),
        *(
            [
                (
                    "manager",
                    f"/admin/accounts/new?role=manager&enterprise_ids={enterprise_id}",
                    bool(found["manager"].items),
                )
            ]
            if admin
            else []
        ),
        ("staff", f"/manage/staff/new?enterprise_id={enterprise_id}", bool(found["staff"].items)),
        ("requirements", f"/manage/requirements?{requirements}", requirements_set),
        ("shifts", f"{board}#board-grid", bool(found["shifts"].items)),
        ("publish", f"{board}#board-publish", not found["drafts"].items),
    )
    return next((NextStep(key, url, names[enterprise_id]) for key, url, done in steps if not done), None)
