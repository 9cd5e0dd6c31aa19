"""The menu of each role: the pages a person of that role works with. A menu only saves
clicks; whether a page shows anything is decided by the services' answers."""

from __future__ import annotations

MANAGER = [
    ("/manage/board", "nav.board"),
    ("/inspect/on-duty", "nav.on_duty"),  # audit narrows it to their enterprises (staff may not open it)
    ("/manage/staff", "nav.staff"),
    ("/manage/requirements", "nav.requirements"),
    ("/manage/imports", "nav.imports"),
    ("/manage/swaps", "nav.swaps"),
    ("/manage/hours", "nav.hours"),
    ("/manage/readiness", "readiness.nav"),
    ("/manage/tet-hours", "nav.tet_hours"),
    ("/manage/inspections", "nav.inspections"),
    ("/reports/daily", "nav.daily_report"),
    ("/incidents", "nav.incidents"),
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
    ("/inspect/history", "history.nav"),
    ("/inspect/accounts", "account_history.nav"),
    ("/inspect/log", "nav.log"),
    ("/inspect/sequence-gaps", "sequence_gaps.nav"),
    ("/inspect/readiness", "readiness.nav_overview"),
    ("/inspect/tet-hours", "tet_hours.status.nav"),
    ("/inspect/inspections", "nav.inspections"),
    ("/inspect/reports", "nav.daily_reports"),
    ("/inspect/incidents", "nav.incidents"),
]
ADMIN = [
    ("/admin/campaigns", "nav.campaigns"),
    ("/admin/enterprises", "nav.enterprises"),
    ("/admin/sites", "nav.sites"),
    ("/admin/districts", "nav.districts"),
    ("/admin/accounts", "nav.accounts"),
    ("/inspect/accounts", "account_history.nav"),
]

REFERENCE = ("/reference", "nav.reference")
"""The services' API and event reference: for the people who connect other systems (any signed-in role may
open it; duty staff do not get it in their menu, where it would only be noise)."""

MENUS: dict[str, list[tuple[str, str]]] = {
    "manager": [*MANAGER, REFERENCE],
    "staff": STAFF,
    "inspector": [*INSPECTOR, REFERENCE],
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


FOLDS_ABOVE = 5
"""A menu longer than this folds behind a "Menu" toggle on a phone (the inspector's fourteen links took a
third of the screen); duty staff's few links stay in sight on the phone-first pages they use."""


def menu_folds(role: str, staff_id: str | None = None) -> bool:
    return len(nav_for(role, staff_id)) > FOLDS_ABOVE
