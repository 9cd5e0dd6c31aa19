"""Transaction points' Tết hours in the portal: the public list (no sign-in: roster's public routes,
called without a token) and the manager's page to enter and publish a point's hours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import httpx

from lichtruc.text import sort_key
from lichtruc.vntime import day_label

from ..clients.services import Caller, ServiceError, Services
from ..domain.tet_hours import (
    DayProblem,
    DayRow,
    District,
    by_district,
    form_rows,
    read_form,
    refused_days,
    typed_rows,
)
from .staff import Choice, Words, campaigns, pick

PUBLIC_PAGE = 200
PUBLIC_MAX_PAGES = 20


async def public_points(services: Services, *, district: str | None) -> list[Mapping[str, Any]]:
    """Every published point (of the newest Tết campaign), page after page, as anyone reads them."""
    items: list[Mapping[str, Any]] = []
    params: dict[str, Any] = {"limit": PUBLIC_PAGE, **({"district": district} if district else {})}
    for _ in range(PUBLIC_MAX_PAGES):
        response = await services.send("roster", "GET", "/public/transaction-hours", params=params)
        if response.status_code == 404:  # no Tết campaign yet
            return []
        if response.status_code != 200:
            raise ServiceError("roster", response.status_code, response.json())
        body = response.json()
        items.extend(body["items"])
        if not body.get("next"):
            break
        params = {**params, "cursor": httpx.URL(body["next"]).params.get("cursor")}
    return items


async def public_view(services: Services, *, district: str | None, unnamed: str) -> tuple[list[District], list[str]]:
    """The points grouped by district, and every district (for the filter)."""
    every = await public_points(services, district=None)
    districts = sorted({str(p["district"]) for p in every if p.get("district")}, key=sort_key)
    shown = [p for p in every if not district or p.get("district") == district]
    return by_district(shown, unnamed=unnamed), districts


async def public_file(services: Services, path: str, *, params: Mapping[str, str]) -> httpx.Response:
    """A public document of roster's (the notice PDF, the iCal feed), fetched without a token."""
    return await services.send("roster", "GET", path, params=dict(params))


@dataclass(frozen=True)
class ManageView:
    campaigns: tuple[Choice, ...]
    campaign_id: str
    points: tuple[Choice, ...]
    site_id: str
    hours: Mapping[str, Any] | None
    rows: tuple[DayRow, ...]


def _labels(days: Sequence[str], lang: str) -> dict[str, str]:
    return {d: day_label(date.fromisoformat(d), "en" if lang == "en" else "vi") for d in days}


async def manage_view(
    caller: Caller,
    *,
    campaign_id: str | None,
    site_id: str | None,
    lang: str,
    typed: Sequence[DayRow] | None = None,
) -> ManageView:
    """The manager's transaction points (of their enterprises), the chosen one's schedule in the chosen
    campaign: the draft in the form, or the rows `typed` (a refused form, as the manager sent it)."""
    all_campaigns = await campaigns(caller)
    chosen_campaign = pick(all_campaigns, campaign_id)
    sites = await caller.every("roster", "/sites")
    points = sorted(
        (Choice(str(s["id"]), str(s["name"])) for s in sites if s.get("kind") == "transaction_point"),
        key=lambda c: sort_key(c.name),
    )
    chosen_site = pick(points, site_id)
    hours = None
    rows: list[DayRow] = []
    if chosen_campaign and chosen_site:
        hours = await caller.get("roster", f"/sites/{chosen_site}/tet-hours", {"campaign_id": chosen_campaign})
        days = [str(d) for d in hours["campaign_days"]]
        same = typed is not None and (chosen_campaign, chosen_site) == (campaign_id, site_id)
        rows = list(typed) if same and typed is not None else form_rows(days, hours["days"], _labels(days, lang))
    return ManageView(tuple(all_campaigns), chosen_campaign, tuple(points), chosen_site, hours, tuple(rows))


@dataclass(frozen=True)
class Submitted:
    """What became of the manager's form: `done` ("saved", "published") when roster took it; else the
    page to show again (`view`, the rows as typed with their errors) and what to say above it."""

    done: str | None = None
    view: ManageView | None = None
    message: str | None = None
    status: int = 422


def _with_problems(rows: Sequence[DayRow], problems: Sequence[DayProblem], words: Words) -> list[DayRow]:
    said: dict[str, list[DayProblem]] = {}
    for p in problems:
        said.setdefault(p.day, []).append(p)
    return [
        replace(
            r,
            errors=r.errors + tuple(words(f"tet_hours.manage.errors.{p.key}", **dict(p.params)) for p in found),
            invalid=r.invalid | {i for p in found for i in p.inputs},
        )
        if (found := said.get(r.day))
        else r
        for r in rows
    ]


STALE = ("stale-version", "if-match-required")


async def submit(
    caller: Caller,
    *,
    site_id: str,
    campaign_id: str,
    form: Mapping[str, str],
    version: int,
    publishing: bool,
    lang: str,
    words: Words,
) -> Submitted:
    """Save the form as the point's draft (and publish it): read against the draft it was filled from,
    sent only when every day reads (domain.tet_hours.read_form). A refusal — the form's or roster's — shows
    the form again as typed, every problem beside its day; nothing is saved then. When someone else
    changed the schedule meanwhile (412), the form shows theirs and says so."""
    hours = await caller.get("roster", f"/sites/{site_id}/tet-hours", {"campaign_id": campaign_id})
    days = [str(d) for d in hours["campaign_days"]]
    labels = _labels(days, lang)
    point = str(hours["site_name"])
    rows = typed_rows(days, form, labels)

    async def again(
        problems: Sequence[DayProblem], *, said: Sequence[str] = (), status: int = 422, saved: bool = False
    ) -> Submitted:
        shown = _with_problems(rows, problems, words)
        count = sum(len(r.errors) for r in shown)
        lead = [words("tet_hours.manage.not_saved", count=count)] if count and not saved else []
        view = await manage_view(caller, campaign_id=campaign_id, site_id=site_id, lang=lang, typed=shown)
        return Submitted(view=view, message=" ".join([*lead, *said]) or None, status=status)

    reading = read_form(rows, hours["days"], point=point, publishing=publishing)
    if reading.problems:
        return await again(reading.problems)
    try:
        saved = await save(caller, site_id=site_id, campaign_id=campaign_id, days=list(reading.days), version=version)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        if exc.kind in STALE:
            view = await manage_view(caller, campaign_id=campaign_id, site_id=site_id, lang=lang)
            return Submitted(view=view, message=words("tet_hours.manage.stale"), status=409)
        problems, others = refused_days(exc.problem.get("errors") or (), reading.days, labels, point=point, lang=lang)
        said = others or (() if problems else (exc.detail(lang),))
        return await again(problems, said=said, status=exc.status if exc.status in (409, 422) else 422)
    if publishing:
        try:
            await publish(caller, site_id=site_id, campaign_id=campaign_id, version=int(saved["version"]))
        except ServiceError as exc:
            if exc.status == 404:
                raise
            # roster checks the saved draft again (its days in the order sent) and that every day is given
            problems, others = refused_days(
                exc.problem.get("errors") or (), reading.days, labels, point=point, lang=lang
            )
            reason = " ".join(others) or (words("tet_hours.manage.see_days") if problems else exc.detail(lang))
            return await again(
                problems, said=(words("tet_hours.manage.saved_not_published", reason=reason),), status=409, saved=True
            )
    return Submitted(done="published" if publishing else "saved")


async def save(caller: Caller, *, site_id: str, campaign_id: str, days: list[dict[str, Any]], version: int) -> Any:
    return await caller.put(
        "roster",
        f"/sites/{site_id}/tet-hours",
        {"campaign_id": campaign_id, "days": days},
        headers={"If-Match": f'"{version}"'},
    )


async def publish(caller: Caller, *, site_id: str, campaign_id: str, version: int) -> Any:
    return await caller.post(
        "roster", f"/sites/{site_id}/tet-hours/publish", {"campaign_id": campaign_id}, version=version
    )
