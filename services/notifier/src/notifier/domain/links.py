"""Where a message's reader acts on the portal: every link notifier writes into a mail, in one place.

Pure functions of the portal's public address (``NOTIFIER_PORTAL_URL``, absolute, without query) and ids;
each returns None without that address, and the message then has no link. The paths and query parameters are
the portal's own (services/portal/src/portal/api/routes), so that a link opens on the thing the mail is about:

* a shift reminder → the portal's link to the shift, ``/go/shifts/{shift}``, which opens it where its reader works
  with it (the portal decides: a duty worker's card among their shifts, coming or past; a manager reminded of their
  own leadership shift, whose account has no such page, the board's cell of it);
* a coverage gap (alert or closing notice, to the enterprise's managers) → the board's cell of the gap's duty
  type, site and first day: ``/manage/board/{campaign}/{enterprise}/cell?day=…&duty_type=…&site_id=…``, and for a
  gap over several days its last (``&through=…``: the board marks every cell of it, the panel says how long it
  lasts), opened at that first cell (``#cell-<day>-<duty type>[-<site>]``, the cell's id); a gap whose campaign
  notifier does not know yet → the board chooser of its enterprise;
* a readiness item → the enterprise's checklist in the campaign: ``/manage/readiness?campaign_id=…&enterprise_id=…``;
* Tết opening hours → each post office's or transaction point's form: ``/manage/tet-hours?campaign_id=…&site_id=…``;
* a missing daily report → that day's report form: ``/reports/daily?campaign_id=…&enterprise_id=…&day=…``;
* the Department's digest of missing reports → the day's report status: ``/inspect/reports?campaign_id=…&day=…``;
* an inspection (planned, moved, cancelled, its finding) → the managers' inspections page
  ``/manage/inspections`` (it lists them all; it reads no inspection's id);
* a calendar link that no longer works (its page, to a browser) → the duty worker's ``/me/calendar`` ("Lịch của
  tôi"), where a new one is made;
* a swap request (to the enterprise's managers) → the swap inbox of the enterprise, ``/manage/swaps?enterprise_id=…``
  (it lists the requests waiting; the person named to take the shift gets the link below);
* a swap request asked of a colleague by name, to that colleague → his shifts page, at the request's card with its
  “Nhận” and “Từ chối” buttons: ``/me/shifts#asked-…`` (QZ29 #1: his swap requests showed it read-only);
* a swap request asked of him withdrawn, lapsed or rejected, to that colleague (QZ20 #7: not on the shift, its link
  opened his own shift list, nothing there about it) → his swap requests of that status, at its card:
  ``/me/swaps?status=lapsed#swap-…`` (``withdrawn``, ``rejected``);
* an incident → its page, the inspectors' ``/inspect/incidents/{id}`` or the enterprise's ``/incidents/{id}``;
* a request for a new password (to the Department's administrators) → the account's page, ``/admin/accounts/{id}``,
  where the password is set (QZ29 #15);
* an explanation (giải trình) given, to the inspectors → the item's page, ``/inspect/gaps/{id}`` or
  ``/inspect/findings/{id}``, where it is read and answered; its answer, to the managers → their page of the item,
  ``/manage/explanations/{gap|finding}/{id}``, where it is amended.
"""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import urlencode


def _page(portal_url: str, path: str, query: dict[str, str] | None = None, fragment: str = "") -> str | None:
    if not portal_url:
        return None
    shown = {k: v for k, v in (query or {}).items() if v}
    return (
        portal_url.rstrip("/") + path + (f"?{urlencode(shown)}" if shown else "") + (f"#{fragment}" if fragment else "")
    )


def my_calendar(portal_url: str) -> str | None:
    """The portal's "Lịch của tôi" page, where a duty worker makes a new calendar link."""
    return _page(portal_url, "/me/calendar")


def my_shift(portal_url: str, shift_id: uuid.UUID) -> str | None:
    """The shift, opened where its reader works with it (the portal's `/go/shifts/{id}` decides where)."""
    return _page(portal_url, f"/go/shifts/{shift_id}")


def my_swap(portal_url: str, swap_id: uuid.UUID, *, status: str = "") -> str | None:
    """The reader's swap requests (those they asked and those asked of them), only those of `status` when given,
    opened at the request's card."""
    return _page(portal_url, "/me/swaps", {"status": status}, fragment=f"swap-{swap_id}")


def asked_of_me(portal_url: str, swap_id: uuid.UUID) -> str | None:
    """The reader's shifts page opened at a colleague's request asked of them, where they accept or decline it."""
    return _page(portal_url, "/me/shifts", fragment=f"asked-{swap_id}")


def gap_cell(
    portal_url: str,
    *,
    campaign_id: uuid.UUID | None,
    enterprise_id: uuid.UUID,
    day: date,
    duty_type: str,
    site_id: uuid.UUID | None,
    last_day: date | None = None,
) -> str | None:
    """The board's cell where a manager plans the people a gap lacks (its first local `day`), the board opened
    there; a gap whose `last_day` is a later one marked over all its days; without the campaign, the enterprise's
    board chooser."""
    if campaign_id is None:
        return _page(portal_url, "/manage/board", {"enterprise_id": str(enterprise_id)})
    site = str(site_id) if site_id else ""
    return _page(
        portal_url,
        f"/manage/board/{campaign_id}/{enterprise_id}/cell",
        {
            "day": day.isoformat(),
            "duty_type": duty_type,
            "site_id": site,
            "through": last_day.isoformat() if last_day is not None and last_day > day else "",
        },
        fragment=f"cell-{day.isoformat()}-{duty_type}" + (f"-{site}" if site else ""),
    )


def readiness(portal_url: str, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> str | None:
    """The enterprise's readiness checklist in the campaign, where an item is marked done."""
    return _page(
        portal_url, "/manage/readiness", {"campaign_id": str(campaign_id), "enterprise_id": str(enterprise_id)}
    )


def tet_hours(portal_url: str, *, campaign_id: uuid.UUID, site_id: uuid.UUID) -> str | None:
    """A post office's or transaction point's Tết opening hours form in the campaign."""
    return _page(portal_url, "/manage/tet-hours", {"campaign_id": str(campaign_id), "site_id": str(site_id)})


def daily_report(portal_url: str, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, day: date) -> str | None:
    """The enterprise's daily report of `day` in the campaign, where the leader on duty submits it."""
    return _page(
        portal_url,
        "/reports/daily",
        {"campaign_id": str(campaign_id), "enterprise_id": str(enterprise_id), "day": day.isoformat()},
    )


def reports_status(portal_url: str, *, campaign_id: uuid.UUID, day: date) -> str | None:
    """The inspectors' status of every enterprise's daily report of `day`."""
    return _page(portal_url, "/inspect/reports", {"campaign_id": str(campaign_id), "day": day.isoformat()})


def manager_inspections(portal_url: str) -> str | None:
    """The managers' page of the Department's inspections of their enterprises."""
    return _page(portal_url, "/manage/inspections")


def incident(portal_url: str, incident_id: uuid.UUID, *, inspector: bool) -> str | None:
    """An incident's page: the inspectors' (`inspector`), else the one of the enterprise's people."""
    return _page(portal_url, f"/inspect/incidents/{incident_id}" if inspector else f"/incidents/{incident_id}")


def manager_swaps(portal_url: str, enterprise_id: uuid.UUID) -> str | None:
    """The managers' swap inbox of an enterprise: the requests waiting for their decision."""
    return _page(portal_url, "/manage/swaps", {"enterprise_id": str(enterprise_id)})


def inspect_item(portal_url: str, item_kind: str, item_id: uuid.UUID) -> str | None:
    """A gap's or a finding's inspector page, where its explanation is read and answered."""
    return _page(portal_url, f"/inspect/{'gaps' if item_kind == 'gap' else 'findings'}/{item_id}")


def manager_explanation(portal_url: str, item_kind: str, item_id: uuid.UUID) -> str | None:
    """A manager's page of a gap's or a finding's explanation, where it is given and amended."""
    return _page(portal_url, f"/manage/explanations/{item_kind}/{item_id}")


def admin_account(portal_url: str, account_id: uuid.UUID) -> str | None:
    """An account's page for the Department's administrators, where its password is set."""
    return _page(portal_url, f"/admin/accounts/{account_id}")


def handover_form(
    portal_url: str,
    *,
    campaign_id: uuid.UUID | None,
    enterprise_id: uuid.UUID,
    shift_id: uuid.UUID,
    day: date,
    duty_type: str,
    site_id: uuid.UUID | None,
    moment: str,
    people: tuple[uuid.UUID, ...] = (),
) -> str | None:
    """The board's cell of a shift (its first local `day`) with its handover form drawn (`handover=`), from `moment`
    (the form's local datetime-local value, `handover_at=`) with `people` ticked (`handover_people=`), scrolled to the
    shift — as the staff page's "leaving" list links the reassign form (portal's domain.leaving); without the
    campaign, the enterprise's board chooser."""
    if campaign_id is None:
        return _page(portal_url, "/manage/board", {"enterprise_id": str(enterprise_id)})
    query = {
        "day": day.isoformat(),
        "duty_type": duty_type,
        "site_id": str(site_id) if site_id else "",
        "handover": str(shift_id),
        "handover_at": moment,
    }
    found = _page(portal_url, f"/manage/board/{campaign_id}/{enterprise_id}/cell", query)
    if found is None:
        return None
    ticked = "".join(f"&{urlencode({'handover_people': str(p)})}" for p in people)
    return f"{found}{ticked}#shift-{shift_id}"
