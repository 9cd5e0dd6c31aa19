"""The menu of each role: the pages a person of that role works with, and where each role starts. A menu only
saves clicks; whether a page shows anything is decided by the services' answers.

`NEEDS` says which services each of those pages asks before it can be drawn at all, so that a page saying a
service is not answering can name the pages that still work without it (`still_open`) rather than send the
person back to a start page that needs the same service (QA 2026-12-06: with audit stopped, the inspector's
"Back to the start page" led to the heatmap, the same error). A page that only adds something from a service
when it answers (the manager's daily report, audit's deadline beside it) does not need it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

MANAGER = [
    ("/manage/board", "nav.board"),
    ("/inspect/on-duty", "nav.on_duty"),  # audit narrows it to their enterprises (staff may not open it)
    ("/manage/staff", "nav.staff"),
    # their own enterprises (roster lists only theirs): contacts a manager keeps current; the day it owes reports
    # from is the Department's, shown read-only (R3: the page was open to them, no menu led there)
    ("/admin/enterprises", "nav.my_enterprise"),
    # their enterprises' sites (QZ11: no menu led there); roster narrows the list, the border flag is the Department's
    ("/admin/sites", "nav.sites"),
    ("/manage/requirements", "nav.requirements"),
    ("/manage/imports", "nav.imports"),
    ("/manage/swaps", "nav.swaps"),
    ("/manage/hours", "nav.hours"),
    ("/manage/readiness", "readiness.nav"),
    ("/manage/tet-hours", "nav.tet_hours"),
    ("/manage/inspections", "nav.inspections"),
    ("/manage/explanations", "explain.nav"),  # giải trình of their gaps and findings (QZ27 #4)
    ("/reports/daily", "nav.daily_report"),
    ("/incidents", "nav.incidents"),
    ("/manage/campaign-report", "nav.campaign_report"),  # their enterprise's, read only (QZ27 #1)
]
STAFF = [
    ("/me/shifts", "nav.my_shifts"),
    ("/me/calendar", "nav.my_calendar"),
    ("/me/reminders", "nav.reminders"),
    ("/reports/daily", "nav.daily_report"),
    ("/incidents", "nav.incidents"),
]
INSPECTOR = [
    ("/inspect/heatmap", "nav.heatmap"),
    ("/inspect/gaps", "nav.gaps"),
    ("/inspect/on-duty", "nav.on_duty"),
    ("/inspect/findings", "nav.findings"),
    ("/inspect/explanations", "explain.nav"),
    ("/inspect/history", "history.nav"),
    ("/inspect/accounts", "account_history.nav"),
    ("/inspect/log", "nav.log"),
    ("/inspect/sequence-gaps", "sequence_gaps.nav"),
    ("/inspect/readiness", "readiness.nav_overview"),
    ("/inspect/tet-hours", "tet_hours.status.nav"),
    # named as the page is titled, in the menu and in every list of pages that still work (QZ23 #9: "Kiểm tra"
    # in one, "Kế hoạch kiểm tra" on the page)
    ("/inspect/inspections", "nav.inspection_plans"),
    ("/inspect/reports", "nav.daily_reports"),
    ("/inspect/incidents", "nav.incidents"),
    # what a department head signs after Tết (QZ27 #1)
    ("/inspect/campaign-report", "nav.campaign_report"),
]
ADMIN = [
    ("/admin/campaigns", "nav.campaigns"),
    ("/admin/enterprises", "nav.enterprises"),
    ("/admin/sites", "nav.sites"),
    # only an administrator may correct a requirement for the whole campaign (QZ12 #7: no menu led there)
    ("/manage/requirements", "nav.requirements"),
    ("/admin/districts", "nav.districts"),
    ("/admin/readiness", "admin.checklist.nav"),
    # what the Department asks, then how the province stands, then its inspections (QZ24: no menu of the
    # administrator's led to the overview or the plans, the checklist page naming the overview without a link)
    ("/inspect/readiness", "readiness.nav_overview"),
    ("/inspect/inspections", "nav.inspection_plans"),
    # and what the Department's head signs after Tết (V2: the report was reached by its address alone)
    ("/inspect/campaign-report", "nav.campaign_report"),
    ("/admin/accounts", "nav.accounts"),
    ("/inspect/accounts", "account_history.nav"),
    ("/admin/department", "nav.department"),
]

START = {"admin": "/admin/campaigns", "manager": "/manage", "staff": "/me/shifts", "inspector": "/inspect/heatmap"}
"""Where each role starts (the address `/` and signing in lead to)."""
ACCOUNT = ("/account/password", "nav.password")
"""The account page: roster holds the accounts (the password is changed there, and a sign-in is renewed there), so
it works whichever other service is down, never without roster (QA 2026-12-06: with roster stopped it was offered
as the one page that worked, and was itself the error page)."""

_R, _A, _N = frozenset({"roster"}), frozenset({"roster", "audit"}), frozenset({"roster", "notifier"})
NEEDS: dict[str, frozenset[str]] = {
    "/account/password": _R,
    "/manage": _R,
    "/manage/board": _R,
    "/manage/board/{campaign_id}/{enterprise_id}": _R,
    "/manage/board/{campaign_id}/{enterprise_id}/cell": _R,
    "/manage/board/{campaign_id}/{enterprise_id}/cell/picker-notes": _R,
    "/manage/board/{campaign_id}/{enterprise_id}/cell/picker": _R,
    "/manage/staff": _R,
    "/manage/staff/new": _R,
    "/manage/staff/{staff_id}": _R,
    "/manage/requirements": _R,
    "/manage/requirements/{requirement_id}": _R,
    "/manage/imports": _R,
    "/manage/imports/done": _R,
    "/manage/imports/{kind}": _R,
    "/manage/imports/{kind}/commit": _R,
    "/manage/swaps": _R,
    "/manage/shifts/{shift_id}/presence": _R,  # the inspectors' findings from audit only when it answers
    "/manage/hours": _R,
    "/manage/readiness": _R,
    "/manage/tet-hours": _R,  # the first publication's time from audit only when it answers
    "/manage/inspections": _R,
    "/manage/explanations": _A,
    "/manage/explanations/{kind}/{item_id}": _A,
    "/reports/daily": _R,  # audit's deadline beside the form only when it answers
    "/incidents": _R,
    "/incidents/{incident_id}": _R,
    "/me/shifts": _R,
    "/me/shifts/{shift_id}/swap": _R,
    "/me/swaps": _R,
    "/me/calendar": _N,
    "/me/reminders": _N,
    "/inspect/heatmap": _A,
    "/inspect/heatmap/day": _A,
    "/inspect/gaps": _A,
    "/inspect/gaps/{gap_id}": _A,
    "/inspect/on-duty": _A,
    "/inspect/presence": _A,
    "/inspect/findings": _A,
    "/inspect/findings/{finding_id}": _A,
    "/inspect/explanations": _A,
    "/inspect/history": _A,
    "/inspect/accounts": _A,
    "/inspect/log": _A,
    "/inspect/log/proof": _A,
    "/inspect/log/proof.json": _A,
    "/inspect/log/head.json": _A,
    "/inspect/sequence-gaps": _A,
    "/inspect/readiness": _A,
    "/inspect/tet-hours": _A,
    "/inspect/inspections": _R,
    "/inspect/reports": _A,
    "/inspect/incidents": _A,
    "/inspect/campaign-report": _A,
    "/manage/campaign-report": _A,
    "/inspect/incidents/{incident_id}": _A,
    "/admin/campaigns": _R,
    "/admin/campaigns/{campaign_id}": _R,
    "/admin/enterprises": _R,
    "/admin/enterprises/new": _R,
    "/admin/enterprises/{enterprise_id}": _R,
    "/admin/sites": _R,
    "/admin/sites/new": _R,
    "/admin/sites/{site_id}": _R,
    "/admin/districts": _R,
    "/admin/readiness": _R,
    "/admin/readiness/{campaign_id}/items/{item_id}": _R,
    "/admin/accounts": _R,
    "/admin/accounts/new": _R,
    "/admin/accounts/{account_id}": _R,
    "/reference": _R,  # the list of the services' references asks none of them (roster: the sign-in's check)
    "/tet-hours": _R,  # the public page, signed in or not
    "/admin/department": _R,
}
"""The services a page asks before it can be drawn, by its route's path (every signed-in page asks roster whether
the sign-in goes on); tests/portal/test_service_needs.py holds every page route of the app to it. A page not named
here is taken to need every service, and is never offered while one is down."""
_EVERY = frozenset({"roster", "notifier", "audit"})


def start_of(role: str) -> str:
    """The start page of a role (an unknown role: the account page)."""
    return START.get(role, ACCOUNT[0])


def needs(path: str, service: str) -> bool:
    """Whether the page at `path` cannot be drawn without `service`."""
    return service in NEEDS.get(path, _EVERY)


def still_open(role: str, down: str, staff_id: str | None = None) -> list[tuple[str, str]]:
    """The pages of the person's own menu (`nav_for`: a manager linked to a staff record (`staff_id`) has their own
    shifts, calendar and reminders too) that are drawn without the service `down`, in the menu's order, then the
    account page: what a page saying that service is not answering offers instead. Empty when none is."""
    return [(href, key) for href, key in [*nav_for(role, staff_id), ACCOUNT] if not needs(href, down)]


_ROUTES = [re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))) for path in NEEDS]


def page_again(address: str) -> tuple[str, str] | None:
    """A page a start page could not draw, its service not answering, as the page the person was sent on to links it
    back ("Try this page again"): (its address, the catalogue key of its name) — only a path of one of the portal's
    own pages (`NEEDS`, every page route) under a named menu page, with its query read again; None for anything else
    (an address of another site, `//host`, a path the portal does not serve): never an open redirect."""
    if "\\" in address or any(ord(c) < 32 for c in address):
        return None
    parts = urlsplit(address)
    path = parts.path
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return None
    if not any(route.fullmatch(path) for route in _ROUTES) or (key := page_named(path)) is None:
        return None
    query = urlencode(parse_qsl(parts.query))
    return (f"{path}?{query}" if query else path), key


REFERENCE = ("/reference", "nav.reference")
"""The services' API and event reference: for the people who connect other systems (any signed-in role may
open it by its address; only administrators get it in their menu: to a manager, a duty worker or an inspector
"Tài liệu API" is a word they do not use, about something they never do (QZ11 #13))."""

MENUS: dict[str, list[tuple[str, str]]] = {
    "manager": MANAGER,
    "staff": STAFF,
    "inspector": INSPECTOR,
    "admin": [*ADMIN, *MANAGER[:1], *INSPECTOR[:2], REFERENCE],
}


OWN_SHIFTS = STAFF[:3]
"""What a manager whose account is linked to their own staff record (a leader on duty over Tết) has of a duty
worker's menu, beside the board: their shifts, their calendar link and their reminders (the daily report and
the incidents are in the manager's menu already)."""


def nav_for(role: str, staff_id: str | None = None) -> list[tuple[str, str]]:
    """The menu of `role`; a manager with a staff record (`staff_id`) also gets `OWN_SHIFTS`, after the board."""
    menu = MENUS.get(role, [])
    if role == "manager" and staff_id:
        return [*menu[:1], *OWN_SHIFTS, *menu[1:]]
    return menu


def asks_own_password(role: str, *, secret_from_admin: bool, path: str, query: str) -> bool:
    """Whether the page at `path` (with `query`) asks its person to change the password an administrator set and
    they have not (roster's `secret_from_admin`, QZ11 #7): where they land on signing in (their start page, as
    signing in leads there: no query), their own pages (`/me/…`), and a manager's board (a manager's start page
    `/manage` leads on to it). Not on every page: two lines more above a phone's heatmap or a board pushed their
    first rows off the first screen. Nothing is locked."""
    if not secret_from_admin:
        return False
    landed = path == start_of(role) and not query
    return landed or path.startswith("/me/") or (role == "manager" and path.startswith("/manage/board"))


def page_named(address: str) -> str | None:
    """The catalogue key naming the menu page an address is on or under (`/manage/board?day=…#cell-panel` → the
    board; `/manage/staff/s1` → the staff list), the longest such page; None for an address under none of them. A
    page saying what became of a form links its page by this name."""
    path = address.split("#", 1)[0].split("?", 1)[0].rstrip("/") or "/"
    pages = [*ADMIN, *MANAGER, *STAFF, *INSPECTOR, REFERENCE, ACCOUNT]  # /admin/enterprises: "Doanh nghiệp" first
    under = [(href, key) for href, key in pages if path == href or path.startswith(href + "/")]
    return max(under, key=lambda page: len(page[0]))[1] if under else None


CREATED_IN: dict[str, tuple[str, str, str]] = {
    "/manage/staff/new": ("/manage/staff", "q", "full_name"),
    "/admin/enterprises/new": ("/admin/enterprises", "q", "name"),
    "/admin/sites/new": ("/admin/sites", "q", "name"),
    "/admin/accounts/new": ("/admin/accounts", "q", "login"),
}
"""A page whose form adds one thing, and is not where that thing is then listed: the list where it would show
(`list path`, the list's search box, the form's field it is found by). The other forms that add something (a shift
planned in the board's cell panel, an incident, a readiness item, a requirement, a campaign, an inspection) are drawn
on the very page that lists what they add, so their own page is already where to look."""


@dataclass(frozen=True)
class WhereCreated:
    """Where to see whether a form that adds `name` did add it: `url`, the list searched for it, named `page_key`."""

    url: str
    name: str
    page_key: str


def where_created(form_page: str, fields: Mapping[str, Sequence[str]]) -> WhereCreated | None:
    """For a form sent from `form_page` that adds something listed elsewhere (`CREATED_IN`), with `fields` as typed:
    that list searched for the name typed — where a person sees whether the thing was added before a service stopped
    answering, rather than the empty form, which cannot tell them. None for any other form, or no name typed."""
    path = form_page.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    if path not in CREATED_IN:
        return None
    listed, search, field = CREATED_IN[path]
    name = " ".join(next(iter(fields.get(field) or ()), "").split())
    if not name:
        return None
    return WhereCreated(f"{listed}?{urlencode({search: name})}", name, page_named(listed) or "")
