"""Inspection findings: audit's list (filters, pages by cursor), one finding with the
discrepancies audit found against the roster, and recording a new one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from lichtruc.vntime import VIETNAM

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.asked import Asked
from ..domain.dates import parse_instant
from ..domain.gaps import EXPLANATION_STATES, OUT_OF_ORDER, day_bounds, day_range_errors, local_input, parse_day
from ..domain.paging import PageView, clamp_limit, page_view
from .heatmap import Reference, reference


@dataclass(frozen=True)
class RosteredShift:
    """The shift a missing person was rostered on, as audit's finding holds it: its duty type in words (in the middle
    of a sentence), its times, and its own site's name when that is not the site visited (a round covering it)."""

    duty: str
    starts_at: datetime
    ends_at: datetime
    other_site: str = ""


@dataclass(frozen=True)
class Discrepancy:
    """`missing`: rostered at the site, not found; `not_seen`: rostered for the whole enterprise, not found at the site
    (not required there, to be checked at its other sites); `unexpected`: found, not on the roster."""

    kind: str  # "missing" | "not_seen" | "unexpected"
    full_name: str
    shift: RosteredShift | None = None  # a missing or unseen person's (none: a finding recorded before audit gave it)
    read_from_roster: bool = False
    """A `not_seen` line of a finding recorded before audit listed them: read from its own `expected` and `present`."""


def _unseen_before(f: Mapping[str, Any]) -> list[Discrepancy]:
    """Those on the whole enterprise's duty and not found, of a finding that held that duty against the visit before
    audit listed them (QZ10 #9: its page said all was in order): read from what it recorded, nothing judged again."""
    if not f.get("enterprise_duty_counted") or f.get("enterprise_duty_unseen_listed"):
        return []
    found = {str(e["staff_id"]) for e in f.get("present") or ()}
    return [
        Discrepancy("not_seen", e["full_name"], read_from_roster=True)
        for e in f.get("expected") or ()
        if e.get("whole_enterprise") and str(e["staff_id"]) not in found
    ]


def _rostered(d: Mapping[str, Any], site_id: str, ref: Reference) -> RosteredShift | None:
    s = d.get("shift")
    if not s:
        return None
    duty = ref.duty(s["duty_type"])
    other = "" if str(s.get("site_id") or site_id) == site_id else s.get("site_name") or ref.site_name(s["site_id"])
    return RosteredShift(duty[:1].lower() + duty[1:], parse_instant(s["starts_at"]), parse_instant(s["ends_at"]), other)


@dataclass(frozen=True)
class OnRoster:
    """Someone on the roster of the visit; `whole_enterprise`: on duty for the enterprise as a whole,
    not at the site (present, a match; absent, not seen — a discrepancy of its own kind)."""

    full_name: str
    whole_enterprise: bool = False


@dataclass(frozen=True)
class Finding:
    finding_id: str
    site_name: str
    enterprise_name: str
    duty_name: str
    observed_at: datetime
    recorded_at: datetime
    inspector: str
    notes: str
    people_found: list[str]
    expected: list[OnRoster]
    present: list[str]
    discrepancies: list[Discrepancy]
    # False: recorded before duty for the whole enterprise was held against a visit (kept as recorded)
    enterprise_duty_counted: bool = True
    on_duty_link: str = ""  # who was on duty at the visit, for the enterprise and duty type
    chain_seq: int | None = None
    """Its number in the findings' own hash chain (audit's `seq`)."""
    log_seq: int | None = None
    """Its record in audit's signed log, proven like any record's (None: recorded before findings were logged, in
    their own chain only)."""
    as_of_seq: int | None = None
    """The log record the roster was taken as of when it was held against the visit (its proof is in the log)."""
    enterprise_id: str = ""
    site_id: str = ""
    explanation: str | None = None
    """Its giải trình's state, as audit's list gives it (domain.gaps.EXPLANATION_STATES); None: none owed, or not
    read (one finding's page)."""


_KIND_ORDER = {"missing": 0, "not_seen": 1}


def _in_order(found: list[Discrepancy]) -> list[Discrepancy]:
    """Missing first, then not seen, then unexpected (as audit lists them), each kind in the order given."""
    return sorted(found, key=lambda d: _KIND_ORDER.get(d.kind, 2))


def finding_of(f: Mapping[str, Any], ref: Reference) -> Finding:
    names = {str(e["staff_id"]): e["full_name"] for e in f.get("expected") or ()}
    return Finding(
        finding_id=str(f["finding_id"]),
        site_name=f.get("site_name") or ref.site_name(f["site_id"]),
        enterprise_name=ref.enterprise_name(f["enterprise_id"]),
        duty_name=ref.duty(f["duty_type"]),
        observed_at=parse_instant(f["observed_at"]),
        recorded_at=parse_instant(f["recorded_at"]),
        inspector=f.get("inspector_name") or f.get("inspector") or "",  # the person, by login only when unnamed
        notes=f.get("notes") or "",
        people_found=[p.get("name") or names.get(str(p.get("staff_id")), "") for p in f.get("people_found") or ()],
        expected=[OnRoster(e["full_name"], bool(e.get("whole_enterprise"))) for e in f.get("expected") or ()],
        present=[e["full_name"] for e in f.get("present") or ()],
        discrepancies=_in_order(
            [
                Discrepancy(d["kind"], d.get("full_name") or "", _rostered(d, str(f["site_id"]), ref))
                for d in f.get("discrepancies") or ()
            ]
            + _unseen_before(f)
        ),
        enterprise_duty_counted=bool(f.get("enterprise_duty_counted")),
        chain_seq=int(f["seq"]) if f.get("seq") is not None else None,
        log_seq=int(f["log_seq"]) if f.get("log_seq") else None,
        as_of_seq=int(f["as_of_seq"]) if f.get("as_of_seq") else None,
        enterprise_id=str(f["enterprise_id"]),
        site_id=str(f["site_id"]),
        explanation=f.get("explanation"),
        on_duty_link="/inspect/on-duty?"
        + urlencode(
            {
                "at": local_input(parse_instant(f["observed_at"]), seconds=True),
                "enterprise_id": str(f["enterprise_id"]),
                "duty_type": f["duty_type"],
            }
        ),
    )


@dataclass(frozen=True)
class FindingFilters:
    """The findings list's filters as the form holds them (strings; blank: no filter). The days
    are Vietnam days, both included: "from 05/02 to 05/02" is every visit made on 05/02."""

    enterprise_id: str = ""
    site_id: str = ""
    duty_type: str = ""
    with_discrepancies: str = ""
    explanation: str = ""  # the state of its giải trình (domain.gaps.EXPLANATION_STATES); "": any
    observed_from: str = ""
    observed_to: str = ""

    def errors(self) -> dict[str, str]:
        """Field → catalogue key of its problem, for the days that are no days or out of order."""
        return day_range_errors(
            ("observed_from", self.observed_from),
            ("observed_to", self.observed_to),
            bad="findings.bad_day",
            out_of_order=OUT_OF_ORDER,
        )

    def query(self) -> dict[str, str]:
        """The portal's own query for these filters (the pages' links keep them)."""
        params = {
            "enterprise_id": self.enterprise_id,
            "site_id": self.site_id,
            "duty_type": self.duty_type,
            "observed_from": self.observed_from,
            "observed_to": self.observed_to,
        }
        if self.with_discrepancies in ("true", "false"):
            params["with_discrepancies"] = self.with_discrepancies
        if self.explanation in EXPLANATION_STATES:
            params["explanation"] = self.explanation
        return {k: v for k, v in params.items() if v}

    def params(self) -> dict[str, str]:
        """audit's `GET /findings` query: the days as the instants that bound them in Vietnam time
        (`observed_from` included, `observed_to` excluded); days with errors are left out."""
        params = {k: v for k, v in self.query().items() if k not in ("observed_from", "observed_to")}
        if not self.errors():
            lo, hi = day_bounds(parse_day(self.observed_from), parse_day(self.observed_to))
            if lo:
                params["observed_from"] = lo.isoformat()
            if hi:
                params["observed_to"] = hi.isoformat()
        return params


@dataclass(frozen=True)
class NewFinding:
    """The record form as typed (strings), for re-showing it with errors."""

    site_id: str = ""
    duty_type: str = ""
    observed_at: str = ""
    people: str = ""
    notes: str = ""

    @property
    def names(self) -> list[str]:
        """One person per line (or separated by semicolons), blanks dropped."""
        return [n.strip() for line in self.people.splitlines() for n in line.split(";") if n.strip()]

    def names_over(self, most: int) -> list[tuple[int, int, int]]:
        """Each name past `most` characters (audit's limit of a name as written down), in the box's order: (its line,
        from 1, as the box shows them; characters over; the limit) — said by the portal with the form's other
        mistakes, not by audit alone at the next send (QZ21 #3)."""
        return [
            (number, len(name) - most, most)
            for number, line in enumerate(self.people.splitlines(), start=1)
            for name in (n.strip() for n in line.split(";"))
            if len(name) > most
        ]


@dataclass(frozen=True)
class FindingsPage:
    filters: FindingFilters
    findings: list[Finding]
    page: PageView
    reference: Reference
    form: NewFinding
    errors: dict[str, str]
    message: str
    unknown: tuple[Asked, ...] = ()
    """The enterprise or site filtered by that is none of them (domain.asked): said, audit not asked."""
    planned_done: int = 0
    """How many planned inspections (roster's, of the enterprise filtered by) are done, their results on the plans'
    page, not here (QZ13 #7: this page said "no record yet" beside two inspections done, and nobody could tell which
    page was the record)."""


async def findings_page(
    *,
    caller: Caller,
    lang: str,
    filters: FindingFilters,
    cursor: str | None,
    limit: int | None,
    path: str,
    back: str = "",
    form: NewFinding | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
) -> FindingsPage:
    ref = await reference(caller, lang)
    limit = clamp_limit(limit)
    unknown = ref.unknown(enterprise_id=filters.enterprise_id, site_id=filters.site_id)
    found = (
        await caller.page("audit", "/findings", {**filters.params(), "cursor": cursor, "limit": limit})
        if not unknown
        else None
    )
    findings = [finding_of(f, ref) for f in found.items] if found else []
    done = (
        await caller.page(
            "roster", "/inspections", {"status": "done", "enterprise_id": filters.enterprise_id, "limit": 1}
        )
        if not unknown
        else None
    )
    planned_done = (done.total if done.total is not None else len(done.items)) if done else 0
    page = page_view(
        path,
        {**filters.query(), "cursor": cursor or "", "back": back},
        limit=limit,
        count=len(findings),
        total=found.total if found else 0,
        next_cursor=found.next_cursor if found else None,
    )
    return FindingsPage(
        filters, findings, page, ref, form or NewFinding(), errors or {}, message, unknown, planned_done=planned_done
    )


async def record(*, caller: Caller, form: NewFinding, observed_at: datetime, notes: str | None) -> str:
    """Record the visit; its id (errors from audit propagate as ServiceError)."""
    body = await caller.post(
        "audit",
        "/findings",
        {
            "site_id": form.site_id,
            "duty_type": form.duty_type,
            "observed_at": observed_at.isoformat(),
            "people_found": [{"name": n} for n in form.names],
            "notes": notes,
        },
    )
    return str(body["finding_id"])


async def one(*, caller: Caller, lang: str, finding_id: str) -> Finding:
    ref = await reference(caller, lang)
    return finding_of(await caller.get("audit", f"/findings/{finding_id}"), ref)


@dataclass(frozen=True)
class PlanCovering:
    """An inspection plan still waiting for its result that a visit recorded at a site falls in: of the site's
    enterprise, at that site or at none, on the visit's day (`plans_covering`)."""

    id: str
    campaign_id: str
    planned_on: date
    surprise: bool
    site_name: str

    @property
    def link(self) -> str:
        """The plans' page on this plan, its result form open (QZ26 #10)."""
        query = urlencode({"campaign_id": self.campaign_id, "plan": self.id, "record": self.id})
        return f"/inspect/inspections?{query}#plan-{self.id}"


async def plans_covering(caller: Caller, found: Finding) -> list[PlanCovering]:
    """The plans a visit recorded at a site falls in, still reading "Đã lên kế hoạch" (QZ26 #10: a surprise visit
    recorded on giao thừa left the surprise plan of that day planned): the finding's page offers to record their
    result. None when roster refuses or does not answer (the page says nothing then)."""
    day = found.observed_at.astimezone(VIETNAM).date()
    try:
        items = await caller.every(
            "roster", "/inspections", {"enterprise_id": found.enterprise_id, "status": "planned"}
        )
    except (ServiceError, ServiceUnavailable):
        return []
    return [
        PlanCovering(
            id=str(i["id"]),
            campaign_id=str(i["campaign_id"]),
            planned_on=date.fromisoformat(i["planned_on"]),
            surprise=bool(i.get("surprise")),
            site_name=str(i.get("site_name") or ""),
        )
        for i in items
        if date.fromisoformat(i["planned_on"]) == day and (not i.get("site_id") or str(i["site_id"]) == found.site_id)
    ]
