"""Who was on duty at an instant, as the roster was recorded at an earlier instant (or now):
audit's `GET /on-duty?at=&as_of=`, grouped by enterprise and duty type, in names — a page at a time (a province's whole
roster at one instant runs to hundreds of shifts), in that order, the pager keeping the question and its filters."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from lichtruc.text import fold, sort_key

from ..clients.services import Caller
from ..domain.asked import Asked
from ..domain.dates import parse_instant
from ..domain.my_day import overdue_minutes
from ..domain.paging import PageView, clamp_limit, local_cursor, local_next, local_offset, page_view
from .heatmap import Reference, reference

PAGE = "/inspect/on-duty"


@dataclass(frozen=True)
class OnDutyForm:
    at: str = ""
    as_of: str = ""
    enterprise_id: str = ""
    site_id: str = ""
    duty_type: str = ""
    border: str = ""  # "true": every border site, with who covers it (nobody included)
    person: str = ""  # a name or part of one, typed with or without diacritics: only the shifts they are on

    def query(self) -> dict[str, str]:
        """The page's own query for this question: the names its form sends (a pager drops the blank ones)."""
        return asdict(self)


@dataclass(frozen=True)
class Person:
    full_name: str
    qualified: bool
    named: bool = False  # the person the inspector asked about (`OnDutyForm.person`)
    overdue: int | None = None
    """Minutes since the shift's start without a check-in by the instant asked, once past the late rule
    (`my_day.overdue_minutes`): not there, said in the alarm colour (QZ26 #4); None: checked in, or not due yet."""


@dataclass(frozen=True)
class OnDutyShift:
    site_name: str
    border: bool
    starts_at: datetime
    ends_at: datetime
    people: list[Person]
    drill: bool = False  # a drill's shift: not Tết duty, which an inspector must not count as such
    check_in: str = ""
    """For a shift under way at the instant asked: "checked_in" or "not_yet" (audit's recorded status; QZ11 #10: the
    page said who was rostered, not whether they had come), "" for one not begun or not published; "overdue" for
    "not_yet" past the late rule (QZ26 #4: "Chưa điểm danh (quá 4 giờ 52 phút)" in the alarm colour, `overdue`)."""
    overdue: int | None = None
    """With check_in "overdue", or "late" past the late rule at the instant: minutes since the start without a
    check-in (the tag in the alarm colour)."""
    checked_in_at: datetime | None = None  # when the first of its people checked in, as audit knows it (L6)
    covers: tuple[str, ...] = ()  # the further sites the shift covers, named (its place is `site_name`)
    required: int = 0
    """A required post with nobody on a shift under way (audit's `unstaffed`, QZ14 #5): how many people the
    requirement in force asks for; `people` is empty and the times are the instant asked."""


@dataclass(frozen=True)
class DutyGroup:
    duty_name: str
    shifts: list[OnDutyShift]


@dataclass(frozen=True)
class EnterpriseGroup:
    enterprise_name: str
    duties: list[DutyGroup]


@dataclass(frozen=True)
class SiteAnswer:
    """One site asked about and who was at it or covering it (nobody: an empty list)."""

    site_name: str
    enterprise_name: str
    district: str
    border: bool
    people: list[tuple[str, str, datetime, datetime, str | None, int | None]]
    """Name, duty type in words, shift start, end, the shift's own place when it covers this site from
    another (the enterprise as a whole: ""; None: the shift is at this site) — the place the people table gives —
    and the minutes they had gone without checking in past the late rule (None: checked in or not due; QZ26 #4: a
    no-show at a border site read as there)."""


@dataclass(frozen=True)
class Answer:
    at: datetime
    as_of_requested: datetime | None
    as_of_seq: int
    as_of_received_at: datetime | None
    groups: list[EnterpriseGroup]
    """This page's shifts, by enterprise and duty type."""
    sites: list[SiteAnswer] | None = None  # with a site or border filter: every matching site
    people_count: int = 0  # on duty at the instant, over every page
    shift_count: int = 0  # the shifts the answer holds, over every page
    page: PageView | None = None


@dataclass(frozen=True)
class OnDutyPage:
    form: OnDutyForm
    errors: dict[str, str]
    answer: Answer | None
    reference: Reference
    unknown: tuple[Asked, ...] = ()
    """The enterprise or site asked about that is none of them (domain.asked): said, audit not asked."""


async def on_duty_page(
    *,
    caller: Caller,
    lang: str,
    form: OnDutyForm,
    at: datetime | None,
    as_of: datetime | None,
    errors: dict[str, str],
    limit: int | None = None,
    cursor: str | None = None,
) -> OnDutyPage:
    """The answer's page at `cursor` (`limit` shifts a page: the portal's own positions, domain.paging), the shifts in
    the order they are shown: by enterprise, then duty type."""
    ref = await reference(caller, lang)
    unknown = ref.unknown(enterprise_id=form.enterprise_id, site_id=form.site_id)
    if at is None or errors or unknown:
        return OnDutyPage(form, errors, None, ref, unknown)
    drills = {str(c["id"]) for c in await caller.every("roster", "/campaigns", {"kind": "drill"})}
    asked = {
        "at": at.isoformat(),
        "as_of": as_of.isoformat() if as_of else None,
        "enterprise_id": form.enterprise_id,
        "site_id": form.site_id,
        "duty_type": form.duty_type,
    }
    body = await caller.get("audit", "/on-duty", asked)
    # QZ14 #5: the border box adds every border site with who covers it; it does not narrow who is on duty (the list
    # said "nobody" while three people of the enterprise were on duty away from the border).
    sites = (
        (await caller.get("audit", "/on-duty", {**asked, "border": "true"})).get("sites")
        if form.border == "true"
        else body.get("sites")
    )
    grouped: dict[str, dict[str, list[OnDutyShift]]] = {}
    for s in body["shifts"]:
        starts_at = parse_instant(s["starts_at"])
        live = str(s.get("status") or "") in ("published", "checked_in", "completed")
        people = [
            Person(
                p["full_name"],
                bool(p["qualified"]),
                named(form.person, p["full_name"]),
                _overdue(p, starts_at=starts_at, at=at) if live else None,
            )
            for p in s["people"]
        ]
        if form.person.strip() and not any(p.named for p in people):
            continue  # asked about someone: only the shifts they are on
        enterprise = s.get("enterprise_name") or ref.enterprise_name(s["enterprise_id"])
        duty = ref.duty(s["duty_type"])
        check_in = _check_in(
            str(s.get("status") or ""),
            starts_at,
            at,
            parse_instant(s["checked_in_at"]) if s.get("checked_in_at") else None,
        )
        overdue = max((p.overdue for p in people if p.overdue is not None), default=None)
        if check_in == "not_yet" and overdue is not None:
            check_in = "overdue"
        grouped.setdefault(enterprise, {}).setdefault(duty, []).append(
            OnDutyShift(
                site_name=s.get("site_name") or ref.site_name(s.get("site_id")),
                border=bool(s.get("border_area")),
                starts_at=parse_instant(s["starts_at"]),
                ends_at=parse_instant(s["ends_at"]),
                people=people,
                drill=str(s.get("campaign_id") or "") in drills,
                check_in=check_in,
                overdue=overdue if check_in in ("overdue", "late") else None,
                checked_in_at=parse_instant(s["checked_in_at"]) if s.get("checked_in_at") else None,
                covers=tuple(c.get("site_name") or ref.site_name(c.get("site_id")) for c in s.get("covers") or ()),
            )
        )
    if not form.person.strip():  # asked about someone: only their shifts; else every required post nobody holds
        for u in body.get("unstaffed") or ():
            enterprise = u.get("enterprise_name") or ref.enterprise_name(u["enterprise_id"])
            grouped.setdefault(enterprise, {}).setdefault(ref.duty(u["duty_type"]), []).append(
                OnDutyShift(
                    site_name=u.get("site_name") or ref.site_name(u.get("site_id")),
                    border=bool(u.get("border_area")),
                    starts_at=at,
                    ends_at=at,
                    people=[],
                    required=max(int(u.get("required") or 1), 1),
                )
            )
    ordered = [
        (name, duty, shift)
        for name, duties in sorted(grouped.items(), key=lambda item: sort_key(item[0]))
        for duty, shifts in sorted(duties.items())
        for shift in shifts
    ]
    size = clamp_limit(limit)
    offset = local_offset(cursor, total=len(ordered))
    shown = ordered[offset : offset + size]
    pager = page_view(
        PAGE,
        {**form.query(), "cursor": local_cursor(offset) if offset else ""},
        limit=size,
        count=len(shown),
        total=len(ordered),
        next_cursor=local_next(offset, limit=size, total=len(ordered)),
    )
    resolved = body.get("as_of") or {}
    return OnDutyPage(
        form,
        {},
        Answer(
            at=parse_instant(body["at"]),
            as_of_requested=parse_instant(resolved["requested"]) if resolved.get("requested") else None,
            as_of_seq=int(resolved.get("seq") or 0),
            as_of_received_at=parse_instant(resolved["received_at"]) if resolved.get("received_at") else None,
            groups=_regrouped(shown),
            sites=_sites(sites, ref, at=at),
            people_count=sum(len(s.people) for _, _, s in ordered),
            shift_count=sum(1 for _, _, s in ordered if s.people),
            page=pager,
        ),
        ref,
    )


def _regrouped(shown: list[tuple[str, str, OnDutyShift]]) -> list[EnterpriseGroup]:
    """A page's shifts (enterprise, duty type, shift; in that order) grouped again as the page shows them."""
    groups: list[EnterpriseGroup] = []
    for enterprise, duty, shift in shown:
        if not groups or groups[-1].enterprise_name != enterprise:
            groups.append(EnterpriseGroup(enterprise, []))
        duties = groups[-1].duties
        if not duties or duties[-1].duty_name != duty:
            duties.append(DutyGroup(duty, []))
        duties[-1].shifts.append(shift)
    return groups


def named(asked: str, full_name: str) -> bool:
    """Whether `full_name` is the person asked about: every word typed is in the name, each the start of one of
    its words, diacritics and case aside ("nguyen van hung", "Hùng", "thi anh tuyet"); nothing asked, nobody."""
    words = fold(asked).split()
    theirs = fold(full_name).split()
    return bool(words) and all(any(w.startswith(word) for w in theirs) for word in words)


def _overdue(person: dict, *, starts_at: datetime, at: datetime) -> int | None:
    """A person's minutes without a check-in past the late rule at `at` (`my_day.overdue_minutes`), from audit's
    `checked_in_at`."""
    came = parse_instant(person["checked_in_at"]) if person.get("checked_in_at") else None
    return overdue_minutes(starts_at=starts_at, at=at, checked_in_at=came)


def _sites(found: list[dict] | None, ref: Reference, *, at: datetime) -> list[SiteAnswer] | None:
    if found is None:
        return None
    return sorted(
        (
            SiteAnswer(
                site_name=s["site_name"],
                enterprise_name=s.get("enterprise_name") or ref.enterprise_name(s["enterprise_id"]),
                district=s.get("district") or "",
                border=bool(s.get("border_area")),
                people=[
                    (
                        p["full_name"],
                        ref.duty(p["duty_type"]),
                        parse_instant(p["starts_at"]),
                        parse_instant(p["ends_at"]),
                        _from(p, s["site_id"], ref),
                        _overdue(p, starts_at=parse_instant(p["starts_at"]), at=at),
                    )
                    for p in s["people"]
                ],
            )
            for s in found
        ),
        key=lambda a: (bool(a.people), sort_key(a.site_name)),
    )


def _from(person: dict, site_id: str, ref: Reference) -> str | None:
    """Where the shift a person covers a site on is, when not at that site: the people table's place for it
    (the enterprise as a whole: ""); None at the site itself (QZ14 #5: one rule for a shift's place)."""
    if "shift_site_id" not in person or str(person["shift_site_id"] or "") == str(site_id):
        return None
    own = person["shift_site_id"]
    return ref.site_name(str(own)) if own else ""


def _check_in(status: str, starts_at: datetime, at: datetime, checked_in_at: datetime | None = None) -> str:
    """Whether a shift under way at `at` was checked in on by then, by its status: "" before it begins (nothing
    to check); "late" when the check-in came after `at` (QZ14 #5: its people were not there yet at `at`)."""
    if starts_at > at:
        return ""
    said = {"checked_in": "checked_in", "completed": "checked_in", "published": "not_yet"}.get(status, "")
    if said == "checked_in" and checked_in_at is not None and checked_in_at > at:
        return "late"
    return said
