"""Daily situation reports in the portal: the leader's (or manager's) page for one enterprise and day — the
draft roster assembles, the remarks, submitting, the versions with their PDF and XLSX — and the
Department's day view from audit: submitted, missing after the deadline, or not yet due per enterprise,
with the province's summary to download."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from lichtruc.text import sort_key
from lichtruc.vntime import at_local, local_day

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.campaigns import UNKNOWN_CAMPAIGN, CampaignChoice, asked_day, problem_values
from ..domain.dates import days_between, parse_instant
from ..domain.deadlines import Lateness, lateness
from .staff import Choice, campaigns, enterprises, pick, pick_campaign

STATUSES = ("submitted", "missing", "not_yet_due")


@dataclass(frozen=True)
class DayChoice:
    campaigns: tuple[CampaignChoice, ...]
    campaign_id: str
    days: tuple[date, ...]
    day: date | None
    problem: str = ""
    """What is wrong with the campaign or day the address asks for (domain.campaigns): no day is then shown."""
    asked: str = ""
    """The day as the address gives it, for the message."""

    def problem_values(self, lang: str) -> dict[str, str]:
        return problem_values(
            self.asked, next((c.name for c in self.campaigns if c.id == self.campaign_id), ""), self.days, lang
        )


async def choose_day(caller: Caller, *, campaign_id: str | None, day: str | None) -> DayChoice:
    """The campaign (asked for, else the default one: domain.campaigns) and one of its local days: the one asked for, else
    today when the campaign is on, else its first day. A campaign or a day asked for that is not one of
    them is a `problem` (and no day), never quietly another one."""
    found = await campaigns(caller)
    chosen = pick_campaign(found, campaign_id, now=caller.clock())
    unknown = UNKNOWN_CAMPAIGN if campaign_id and chosen != campaign_id else ""
    if not chosen:
        return DayChoice(tuple(found), "", (), None, unknown)
    campaign = await caller.get("roster", f"/campaigns/{chosen}")
    first = local_day(parse_instant(campaign["starts_at"]))
    last = local_day(parse_instant(campaign["ends_at"]) - timedelta(microseconds=1))
    days = tuple(days_between(first, last))
    if unknown:
        return DayChoice(tuple(found), chosen, days, None, unknown)
    wanted, problem = asked_day(day, days)
    if problem:
        return DayChoice(tuple(found), chosen, days, None, problem, (day or "").strip())
    today = local_day(caller.clock())
    return DayChoice(tuple(found), chosen, days, wanted or (today if today in days else first))


@dataclass(frozen=True)
class SentVersion:
    """One version as it was submitted (roster keeps it unchanged): what the page shows of the version just sent,
    or of the latest one, so that the person sees what went out and not only the draft computed now."""

    id: str
    version: int
    number: str
    submitted_at: datetime
    submitted_by_name: str
    remarks: str


def sent_version(report: Mapping[str, Any]) -> SentVersion:
    return SentVersion(
        id=str(report["id"]),
        version=int(report["version"]),
        number=str(report["number"]),
        submitted_at=parse_instant(report["submitted_at"]),
        submitted_by_name=str(report.get("submitted_by_name") or ""),
        remarks=str(report.get("remarks") or ""),
    )


def shown_version(versions: Sequence[Mapping[str, Any]], done: str | None) -> Mapping[str, Any] | None:
    """The version the page shows in full: the one just sent (`done`, its number) when it is listed, else the
    latest; none before the first."""
    if not versions:
        return None
    return next((v for v in versions if str(v["version"]) == (done or "")), versions[-1])


@dataclass(frozen=True)
class DailyPage:
    when: DayChoice
    enterprises: tuple[Choice, ...]
    enterprise_id: str
    draft: dict[str, Any] | None
    leader: bool = False  # the signed-in person is on leadership duty that day
    errors: list[str] = field(default_factory=list)
    sent: SentVersion | None = None
    """The version just sent (or else the latest), with its remarks; None before the first."""
    not_begun: bool = False
    """The day has not begun by the portal's clock: roster takes its report from 00:00 of that day (Vietnam time),
    so the page says so instead of offering the submit button (QA: an active button roster refused, 422)."""
    under_way: bool = False
    """The day is today: not over yet, so a report sent now tells only what happened until it is sent (QA: the page
    opened on a day ten hours old and took its report as if the day were done); the page says so beside the form."""
    late: Lateness | None = None
    """The report came in late (its first version after audit's deadline for the day): said to the sender too."""
    on_time: bool = False
    """Its first version came by audit's deadline for the day: marked "Đúng hạn", as late is marked (QZ27 #12)."""
    pdf_ready: bool = True
    """roster prints the versions' PDFs (`pdf_ready`); else the page says why in place of their links."""
    overdue: Lateness | None = None
    """No version yet and audit's deadline for it has passed: by how long now, by the rule `late` says it after
    submitting (QA: a report an hour past its deadline read only "Not submitted yet")."""
    not_owed: NotOwed | None = None
    """The report of the day shown, or of yesterday the page did not open on, is not owed (audit's `not_owed`): the
    page says so and from when (B2: it was only not called overdue, with nothing saying why)."""


@dataclass(frozen=True)
class NotOwed:
    """A day whose report the enterprise does not owe: a day before the one the Department set it owes reports from."""

    day: date
    enterprise_name: str
    owes_from: date
    first_owed: date | None
    """The first day whose report it owes, to offer — None when that is the day shown, or none of the campaign's."""


async def pdf_ready(caller: Caller) -> bool:
    """Whether roster can print a report's or the summary's PDF now: it refuses them (409
    department-profile-not-set) until an administrator has set the Department's details, so a page offering them
    says so in place of the link instead (QA: the link's download was cancelled without a word). Read once per
    page (roster's `GET /department`, for everyone); when roster cannot say, the links stay — the download's own
    refusal page explains."""
    try:
        found = await caller.get("roster", "/department")
    except (ServiceError, ServiceUnavailable):
        return True
    return bool(found.get("set", True))


async def _audit_row(caller: Caller, *, campaign_id: str, enterprise_id: str, day: date) -> ReportStatus | None:
    """audit's row of the enterprise's report of the day (the inspectors' status page's: its `due_at`, its status);
    None when audit does not show it to this person (a leader on duty is no reader of audit's) or cannot answer now."""
    params = {"campaign_id": campaign_id, "day": day.isoformat(), "enterprise_id": enterprise_id, "limit": 1}
    try:
        found = await caller.page("audit", "/daily-reports/status", params)
    except (ServiceError, ServiceUnavailable):
        return None
    return report_status_of(found.items[0]) if found.items else None


async def _not_owed(caller: Caller, *, campaign_id: str, enterprise_id: str, day: date) -> ReportStatus | None:
    """audit's row of the day's report if it says the enterprise does not owe it (`not_owed`: a day before the day the
    Department set it owes reports from, the day before's included though due on that day's morning — QZ18 #3)."""
    row = await _audit_row(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, day=day)
    return row if row is not None and row.status == "not_owed" else None


def _not_owed_said(row: ReportStatus | None, *, day: date, when: DayChoice, enterprise: str) -> NotOwed | None:
    """What the page says of a day `row` (audit's) shows not owed; None if it is owed, or audit names no day."""
    if row is None or row.status != "not_owed" or row.obligations_from is None:
        return None
    owes_from = row.obligations_from
    first = owes_from if owes_from in when.days and owes_from != when.day else None
    return NotOwed(day, row.enterprise_name or enterprise, owes_from, first)


async def daily_page(
    caller: Caller, *, campaign_id: str | None, enterprise_id: str | None, day: str | None, done: str | None = None
) -> DailyPage:
    when = await choose_day(caller, campaign_id=campaign_id, day=day)
    found = await enterprises(caller)
    account = caller.session.account
    if account.role == "staff" and account.staff_id:
        me = await caller.get("roster", f"/staff/{account.staff_id}")
        found = [e for e in found if e.id == str(me["enterprise_id"])]
    elif account.role == "manager":
        found = [e for e in found if e.id in account.enterprise_ids]
    chosen = pick(found, enterprise_id)
    draft = None
    skipped: ReportStatus | None = None  # yesterday's report, not owed: the page opens on today's and says why
    today = local_day(caller.clock())
    if chosen and (shown_day := when.day) is not None:
        owed = shown_day - timedelta(days=1)
        asked = bool((day or "").strip())
        # Not asked for a day: yesterday's report, due this morning, while it is not sent; today's is not due yet.
        # Not yesterday's if the enterprise does not owe it (QZ18 #3: registered today owing from today, its manager
        # was shown yesterday's as overdue).
        if not asked and shown_day == today and owed in when.days:
            earlier = await _draft(caller, when, chosen, owed)
            if not earlier.get("versions"):
                skipped = await _not_owed(caller, campaign_id=when.campaign_id, enterprise_id=chosen, day=owed)
                if skipped is None:
                    when, draft = dataclasses.replace(when, day=owed), earlier
        if draft is None:
            draft = await _draft(caller, when, chosen, shown_day)
    staff_id = account.staff_id or ""
    leader = bool(draft and staff_id in [str(i) for i in draft["leader_ids"]])
    shown = shown_version(draft.get("versions") or [], done) if draft else None
    sent = sent_version(await caller.get("roster", f"/daily-reports/{shown['id']}")) if shown else None
    not_begun = when.day is not None and when.day > today
    late = overdue = not_owed = None
    on_time = False
    name = next((e.name for e in found if e.id == chosen), "")
    if draft and chosen and when.day is not None and not not_begun:
        row = await _audit_row(caller, campaign_id=when.campaign_id, enterprise_id=chosen, day=when.day)
        due = row.due_at if row else None
        if draft.get("versions"):
            first = parse_instant(str(draft["versions"][0]["submitted_at"]))  # roster lists them oldest first
            late = lateness(first, due)
            on_time = due is not None and late is None
        elif not (row and row.status == "not_owed"):  # a report not owed is never overdue (QZ18 #3)
            overdue = lateness(caller.clock(), due)
        not_owed = _not_owed_said(row, day=when.day, when=when, enterprise=name)
    if not_owed is None and skipped is not None:  # the day shown is owed, the day before (not opened on) not
        not_owed = _not_owed_said(skipped, day=today - timedelta(days=1), when=when, enterprise=name)
    under_way = when.day == today
    ready = await pdf_ready(caller) if draft and draft.get("versions") else True
    return DailyPage(
        when,
        tuple(found),
        chosen,
        draft,
        leader,
        sent=sent,
        not_begun=not_begun,
        under_way=under_way,
        late=late,
        on_time=on_time,
        pdf_ready=ready,
        overdue=overdue,
        not_owed=not_owed,
    )


async def _draft(caller: Caller, when: DayChoice, enterprise_id: str, day: date) -> dict[str, Any]:
    """roster's report of the enterprise's day as it would be sent now, with the versions sent so far."""
    found: dict[str, Any] = await caller.get(
        "roster",
        "/daily-reports/draft",
        {"enterprise_id": enterprise_id, "day": day.isoformat(), "campaign_id": when.campaign_id},
    )
    return found


async def submit(caller: Caller, *, campaign_id: str, enterprise_id: str, day: str, remarks: str) -> dict[str, Any]:
    body = {"enterprise_id": enterprise_id, "day": day, "remarks": remarks}
    if campaign_id:
        body["campaign_id"] = campaign_id
    report: dict[str, Any] = await caller.post("roster", "/daily-reports", body)
    return report


async def download(caller: Caller, path: str, *, params: dict[str, str] | None = None) -> httpx.Response:
    """A document from roster as the person (a PDF or a workbook), to hand on as it is."""
    return await caller.request("roster", "GET", path, params={k: v for k, v in (params or {}).items() if v})


@dataclass(frozen=True)
class ReportStatus:
    """One enterprise's report of the day as audit tells it (`GET /daily-reports/status`)."""

    enterprise_name: str
    status: str
    """One of `STATUSES`."""
    due_at: datetime
    version: int | None = None
    """The latest version sent, if any."""
    late: bool = False
    """Its first version came after the deadline."""
    submitted_at: datetime | None = None
    submitted_by_name: str = ""
    report_id: str = ""
    number: str = ""
    event_id: str = ""
    """The logged event of the latest version (the page links to its proof in the log)."""
    first_submitted_at: datetime | None = None
    """When the first version came: whether the day's report was on time (`late`) is of that one, not the latest."""
    obligations_from: date | None = None
    """The day the Department set the enterprise owes reports from (audit's); a day due before it is `not_owed`."""
    enterprise_id: str = ""

    @property
    def timing(self) -> str:
        """ "late" or "on_time" for a report sent, by its first version against the day's deadline (audit's `late`),
        the mark every sent row carries (QZ27 #12: only a corrected report's said "Đúng hạn", a first version sent in
        time said nothing); "" for a day with nothing sent."""
        if self.status != "submitted" or self.submitted_at is None:
            return ""
        return "late" if self.late else "on_time"

    @property
    def corrected_same_day(self) -> bool:
        """A correction sent on the day its first version was: the page says its time alone ("bổ sung lần 2 lúc
        10:08"), the day being the one just said."""
        first, latest = self.first_submitted_at, self.submitted_at
        return first is not None and latest is not None and local_day(first) == local_day(latest)


def report_status_of(item: Mapping[str, Any]) -> ReportStatus:
    return ReportStatus(
        enterprise_name=str(item.get("enterprise_name") or ""),
        status=str(item["status"]),
        due_at=parse_instant(str(item["due_at"])),
        version=int(item["version"]) if item.get("version") is not None else None,
        late=bool(item.get("late")),
        submitted_at=parse_instant(str(item["submitted_at"])) if item.get("submitted_at") else None,
        submitted_by_name=str(item.get("submitted_by_name") or ""),
        report_id=str(item.get("report_id") or ""),
        number=str(item.get("number") or ""),
        event_id=str(item.get("event_id") or ""),
        first_submitted_at=parse_instant(str(item["first_submitted_at"])) if item.get("first_submitted_at") else None,
        obligations_from=date.fromisoformat(str(item["obligations_from"])) if item.get("obligations_from") else None,
        enterprise_id=str(item.get("enterprise_id") or ""),
    )


@dataclass(frozen=True)
class IncidentSoFar:
    detected_at: datetime
    said: str
    """The incident's line as the daily report prints it (roster's `said` / `said_en`)."""
    open: bool


@dataclass(frozen=True)
class NotThere:
    """Someone not there once due so far, and what became of them (section IV's words: roster's `status`)."""

    full_name: str
    status: str
    """late (checked in late, at `checked_in_at`), missing (no check-in, the shift over), not_yet (the shift under
    way), absent (never came, the shift handed over)."""
    checked_in_at: datetime | None = None


@dataclass(frozen=True)
class SoFar:
    """What roster knows of an enterprise's day under way whose report is not due yet (its draft, as of the page's
    moment): who leads, the incidents detected so far, open or resolved, section IV's count so far and who has not
    been there (QZ26 #8: at 22:30 on giao thừa the page said "Chưa đến hạn" of every enterprise, nothing of the
    night's incidents and shortfalls)."""

    enterprise_name: str
    leaders: tuple[str, ...]
    incidents: tuple[IncidentSoFar, ...]
    shortfalls: int
    """Section IV's entries as roster counts them (the gaps, the presence shortfalls, an old report's presence lines):
    the summary's "thiếu hụt"."""
    gaps: int
    """Of them, the gaps of the roster (fewer rostered than required)…"""
    absent_times: int
    """… and the times someone rostered was not there: said beside the count, as the summary's PDF and workbook say
    them (roster's `section_parts`; QZ29: a bare "Thiếu hụt 2" read as two people short)."""
    not_there: tuple[NotThere, ...]
    """Everyone not there once due so far, each line once."""

    @property
    def open_incidents(self) -> int:
        return sum(1 for i in self.incidents if i.open)

    @property
    def resolved_incidents(self) -> int:
        return len(self.incidents) - self.open_incidents


def so_far_of(enterprise_name: str, draft: Mapping[str, Any], *, lang: str) -> SoFar:
    """A day's figures so far from roster's draft (`GET /daily-reports/draft`), in `lang`'s words for the incidents."""
    leaders = {
        d["staff_id"]: d["full_name"]
        for d in draft["duty"]
        if d["duty_type"] == "leadership" and not d.get("handed_to")
    }
    absent = [a for g in draft["gaps"] for a in g.get("not_come", [])] + list(draft.get("absences", []))
    unjudged = sum(1 for a in draft.get("absences", []) if a.get("shortfall") is None)
    return SoFar(
        enterprise_name,
        tuple(sorted(leaders.values(), key=sort_key)),
        tuple(
            IncidentSoFar(
                parse_instant(str(i["detected_at"])),
                str(i["said_en"] if lang == "en" else i["said"]),
                i.get("status") != "resolved",
            )
            for i in draft["incidents"]
        ),
        len(draft["gaps"]) + len(draft.get("shortfalls", [])) + unjudged,
        len(draft["gaps"]),
        len(draft.get("shortfalls", [])) + unjudged,
        tuple(
            dict.fromkeys(
                NotThere(
                    str(a["full_name"]),
                    "late" if a.get("checked_in_at") else str(a.get("status") or "not_yet"),
                    parse_instant(str(a["checked_in_at"])) if a.get("checked_in_at") else None,
                )
                for a in absent
            )
        ),
    )


async def _so_far(caller: Caller, when: DayChoice, rows: Sequence[ReportStatus], lang: str) -> tuple[SoFar, ...]:
    """Roster's draft of each enterprise's day whose report is not due yet and not sent, the day begun by now (each
    one read, together); roster refusing or not answering: none (the page says the statuses alone, as before)."""
    assert when.day is not None
    if caller.clock() < at_local(when.day):
        return ()
    pending = [r for r in rows if r.status == "not_yet_due" and r.version is None and r.enterprise_id]

    async def draft(r: ReportStatus) -> SoFar:
        params = {"enterprise_id": r.enterprise_id, "day": when.day.isoformat() if when.day else "",
                  "campaign_id": when.campaign_id}  # fmt: skip
        return so_far_of(r.enterprise_name, await caller.get("roster", "/daily-reports/draft", params), lang=lang)

    try:
        return tuple(await asyncio.gather(*(draft(r) for r in pending)))
    except (ServiceError, ServiceUnavailable):
        return ()


@dataclass(frozen=True)
class StatusPage:
    when: DayChoice
    rows: tuple[ReportStatus, ...]
    """The enterprises listed: all of the day's, or those in `status`."""
    counts: dict[str, int]
    """How many enterprises are in each status (`STATUSES`) that day, whatever `status` lists."""
    status: str = ""
    """The one status listed (a filter), or blank: every enterprise."""
    pdf_ready: bool = True
    """roster prints the summary's and the reports' PDFs (`pdf_ready`); else the page says why in their place."""
    so_far: tuple[SoFar, ...] = ()
    """The day under way: what roster knows so far of each enterprise whose report is not due yet (`SoFar`)."""
    as_of: datetime | None = None
    """The moment `so_far` is of (the portal's clock), said as provisional."""

    def link(self, status: str) -> str:
        """The page of the same campaign and day listing the enterprises in `status` (blank: all)."""
        query = {"campaign_id": self.when.campaign_id, "day": self.when.day.isoformat() if self.when.day else ""}
        return "/inspect/reports?" + urlencode({k: v for k, v in {**query, "status": status}.items() if v})


async def _status_rows(caller: Caller, campaign_id: str, day: date) -> list[ReportStatus]:
    items = await caller.every("audit", "/daily-reports/status", {"campaign_id": campaign_id, "day": day.isoformat()})
    return [report_status_of(item) for item in items]


async def _latest_due(caller: Caller, when: DayChoice) -> tuple[DayChoice, list[ReportStatus]]:
    """The latest day of the campaign whose reports are due by now, else its first day (QA: at 10:00 on mùng 2 the
    page opened on mùng 2, nothing due yet, while mùng 1's were overdue since 09:00). Audit's answer says each day's
    deadline (`due_at`, AUDIT_DAILY_REPORT_DUE on the next day): of the two latest days before today, the first
    whose deadline has passed — the portal does not derive the rule again."""
    now = caller.clock()
    today = local_day(now)
    for candidate in [d for d in when.days if d < today][-2:][::-1]:
        rows = await _status_rows(caller, when.campaign_id, candidate)
        if rows and all(r.due_at <= now for r in rows):
            return dataclasses.replace(when, day=candidate), rows
    first = when.days[0]
    return dataclasses.replace(when, day=first), await _status_rows(caller, when.campaign_id, first)


async def status_page(
    caller: Caller, *, campaign_id: str | None, day: str | None, status: str = "", lang: str = "vi"
) -> StatusPage:
    """Audit's status of every enterprise's report for the day asked for, else the latest day due (`_latest_due`);
    with `status`, only the enterprises in it listed (the counts still of all); of a day begun whose reports are not
    due yet, what roster knows so far of each (`_so_far`, in `lang`)."""
    when = await choose_day(caller, campaign_id=campaign_id, day=day)
    rows: list[ReportStatus] = []
    if when.campaign_id and when.day is not None:
        if (day or "").strip():
            rows = await _status_rows(caller, when.campaign_id, when.day)
        else:
            when, rows = await _latest_due(caller, when)
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    rows.sort(key=lambda r: sort_key(r.enterprise_name))  # as the heatmap and the summary
    listed = [r for r in rows if r.status == status] if status else rows
    ready = await pdf_ready(caller) if when.day is not None else True
    so_far = await _so_far(caller, when, listed, lang) if when.day is not None else ()
    return StatusPage(
        when, tuple(listed), counts, status, pdf_ready=ready, so_far=so_far, as_of=caller.clock() if so_far else None
    )
