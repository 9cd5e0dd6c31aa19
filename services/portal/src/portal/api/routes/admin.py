"""The administrator's pages: Tết campaigns, enterprises, sites and accounts. Lists filter with
plain GET forms and page with limit/cursor; changes are POST forms that redirect (303) when
roster accepts them and, when not, redirect (303) to the form's page too, which shows the form as typed with
roster's words next to the field once (api.kept: Post/Redirect/Get, so that Back and reload never send the form
again). A drill opened or moved with roster's warnings (in the past, over Tết, over another drill) carries them to
the page the redirect leads to, sealed in a cookie for that page (api.kept: `redirect_noted`), which says them once —
the address stays short, and a reload neither sends the form again nor says them again."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from lichtruc import lunar

from ...domain import admin as vocab
from ...domain.checklist import SEED_NAMED, DueQuestion, Item, ItemForm
from ...domain.dates import day_label, instant_label, on_day
from ...domain.said import Said
from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import admin, checklist
from ..deps import (
    Confirmed,
    Limit,
    OptionalId,
    PageNotFound,
    Render,
    Signed,
    State,
    is_confirmed,
    labelled,
    whole_number,
)
from ..kept import forget_notes, forget_refused, redirect_noted, redirect_refused, take_notes, take_refused
from ..refusals import refuse_unless
from ..state import PortalState

router = APIRouter(prefix="/admin")

DONE = {"opened", "opened_drill", "created", "added", "saved", "merged", "removed", "seeded", "copied"}
Text = Annotated[str, Form(max_length=2000)]
LongText = Annotated[str, Form(max_length=FORM_TEXT_MAX)]  # the page refuses more than roster takes, beside its box
Texts = Annotated[list[str], Form()]
LunarYear = Annotated[int | None, whole_number(lunar.FIRST_LUNAR_YEAR + 1, lunar.LAST_LUNAR_YEAR), Query()]
Form_ = TypeVar("Form_", admin.EnterpriseForm, admin.SiteForm, admin.AccountForm, admin.DistrictForm, ItemForm)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k != "done"}


def _done(request: Request) -> str | None:
    done = request.query_params.get("done")
    return done if done in DONE else None


def _address(path: str, **params: str) -> str:
    """`path` with the non-empty `params` as its query."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path


def _go(path: str, **params: str) -> RedirectResponse:
    return RedirectResponse(_address(path, **params), status_code=303)


def _vocab(render: Render) -> dict[str, object]:
    return {
        "sectors": admin.options(render, prefix="admin.sector", keys=vocab.SECTORS),
        "kinds": admin.options(render, prefix="admin.kind", keys=vocab.SITE_KINDS),
        "roles": [(r, render.t(f"role.{r}")) for r in vocab.ROLES],
    }


# --- a refused form, by Post/Redirect/Get ----------------------------------------------------------
# A refused form redirects (303) to its page's own address, which shows what was typed and why once (api.kept): Back
# and reload never offer to send the form again. What was typed is kept as the form's fields (JSON: a set as a sorted
# list, tuples as lists); a password never (the form is kept with none).


@dataclasses.dataclass(frozen=True)
class _Again:
    """A refused form kept for this page: what was typed (None: the record as it is now) and why."""

    typed: dict[str, Any] | None
    errors: admin.FormErrors

    def form(self, form_type: type[Form_], now: Form_) -> Form_:
        """The form as typed; `now` (the record as it is now, or a new form) when nothing typed was kept."""
        return now if self.typed is None else _form_again(form_type, self.typed)


def _typed(form: object) -> dict[str, Any]:
    """The form's fields as kept (a dataclass: tuples and lists as lists, a set as a sorted list; or a dict)."""
    if isinstance(form, Mapping):
        return dict(form)
    assert dataclasses.is_dataclass(form) and not isinstance(form, type)
    return {k: sorted(v) if isinstance(v, set) else v for k, v in dataclasses.asdict(form).items()}


def _form_again(form_type: type[Form_], typed: Mapping[str, Any]) -> Form_:
    """A form `_typed` kept, as it was typed (its lists tuples again)."""
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in typed.items()}
    return form_type(**values)


def _refused(
    request: Request,
    render: Render,
    url: str,
    kind: str,
    errors: admin.FormErrors | None,
    form: object,
    *,
    anchor: str = "",
) -> Response | None:
    """A 303 to `url` (the form's page; `anchor`: the id scrolled to) keeping the refused `form` of `kind` as typed and
    why (`errors`) for it; None when it cannot be kept (then the POST's own answer shows it)."""
    said = errors or admin.FormErrors()
    kept = {
        "form": kind,
        "typed": _typed(form),
        "fields": said.fields,
        "lines": said.lines,
        "message": said.message,
        "status": said.status,
    }
    return redirect_refused(request, render.state, url, kept, anchor=anchor)


def _again(request: Request, render: Render, kind: str) -> _Again | None:
    """The refused form `kind` `_refused` kept for this page, if any (`_shown` then has the page forget it)."""
    kept = take_refused(request, render.state)
    if kept is None or kept.get("form") != kind:
        return None
    typed = kept.get("typed")
    lines = {str(k): [str(x) for x in v] for k, v in dict(kept.get("lines") or {}).items()}
    errors = admin.FormErrors(dict(kept.get("fields") or {}), kept.get("message"), int(kept["status"]), lines)
    return _Again(dict(typed) if isinstance(typed, dict) else None, errors)


def _stale(errors: admin.FormErrors | None) -> bool:
    """Someone else saved the record first (roster's 412, said as a 409 naming no field): the form as typed, over theirs
    (the handlers' `…_over`)."""
    return errors is not None and errors.status == 409 and not errors.fields


def _shown(request: Request, render: Render, again: _Again | None, page: Response) -> Response:
    """The page; when it showed a refused form, a reload shows the page as it is."""
    return forget_refused(request, render.state, page) if again is not None else page


@router.get("")
async def admin_home(caller: Signed) -> Response:
    return RedirectResponse("/admin/campaigns", status_code=303)


# --- campaigns ----------------------------------------------------------------------------------


async def _campaigns_page(
    request: Request,
    caller: Signed,
    render: Render,
    *,
    lunar_year: int | None = None,
    limit: int | None = None,
    form: dict[str, str] | None = None,
    errors: admin.FormErrors | None = None,
) -> Response:
    q = request.query_params
    listing = await admin.list_campaigns(
        caller,
        lunar_year=lunar_year,
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query=_query(request),
    )
    latest = max((c.lunar_year for c in listing.items), default=render.now.year)
    form = form or {"kind": "tet", "lunar_year": str(latest + 1), "name": "", "starts_at": "", "ends_at": ""}
    return render(
        "admin/campaigns.html",
        {
            "listing": listing,
            "form": form,
            "errors": errors or admin.FormErrors(),
            "done": _done(request),
            "filter_year": q.get("lunar_year", ""),
            "next_name": vocab.tet_name(latest + 1),
            "next_year": latest + 1,
            "kinds": [(k, render.t(f"admin.campaigns.kind.{k}")) for k in vocab.CAMPAIGN_KINDS],
        },
        status=errors.status if errors else 200,
    )


@router.get("/campaigns")
async def campaigns(
    request: Request, caller: Signed, render: Render, lunar_year: LunarYear = None, limit: Limit = None
) -> Response:
    if (again := _again(request, render, "campaign_new")) is not None:
        form = {k: str(v) for k, v in (again.typed or {}).items()}
        page = await _campaigns_page(request, caller, render, form=form, errors=again.errors)
        return _shown(request, render, again, page)
    return await _campaigns_page(request, caller, render, lunar_year=lunar_year, limit=limit)


@router.post("/campaigns")
async def open_campaign(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    kind: Text = "tet",
    lunar_year: Text = "",
    name: LongText = "",
    starts_at: Text = "",
    ends_at: Text = "",
) -> Response:
    outcome = await admin.open_campaign(
        caller, render, kind=kind, lunar_year=lunar_year, name=name, starts_at=starts_at, ends_at=ends_at
    )
    if outcome.saved is not None:
        opened = "opened_drill" if outcome.saved.drill else "opened"
        url = _address(f"/admin/campaigns/{outcome.saved.id}", done=opened)
        return redirect_noted(request, state, url, outcome.saved.warnings)
    form = {"kind": kind, "lunar_year": lunar_year, "name": name, "starts_at": starts_at, "ends_at": ends_at}
    if (redirected := _refused(request, render, "/admin/campaigns", "campaign_new", outcome.errors, form)) is not None:
        return redirected
    return await _campaigns_page(request, caller, render, form=form, errors=outcome.errors)


def _campaign_form(campaign: admin.CampaignView) -> admin.CampaignForm:
    rows = [vocab.PeakRow(p.name, p.starts_input, p.ends_input) for p in campaign.peaks]
    return admin.CampaignForm(
        name=campaign.name,
        first_day=campaign.first_day.isoformat(),
        last_day=campaign.last_day.isoformat(),
        peaks=rows,
        removed=set(),
        version=campaign.version,
        starts_at=campaign.starts_input,
        ends_at=campaign.ends_input,
        readiness_deadline=campaign.readiness_input,
    )


def _render_campaign(
    request: Request,
    render: Render,
    campaign: admin.CampaignView,
    form: admin.CampaignForm,
    errors: admin.FormErrors | None = None,
    *,
    state: PortalState,
) -> Response:
    rows = [] if campaign.drill else [*form.peaks, vocab.PeakRow("", "", "")]  # one empty row to add a peak
    done = _done(request)
    notes = take_notes(request, state) if done else ()  # roster's warnings of the drill just opened or moved
    page = render(
        "admin/campaign.html",
        {
            "campaign": campaign,
            "form": form,
            "rows": rows,
            "errors": errors or admin.FormErrors(),
            "done": done,
            "notes": [n.in_lang(render.lang) for n in notes],
            "max_drill_days": vocab.MAX_DRILL_DAYS,
        },
        status=errors.status if errors else 200,
    )
    return forget_notes(request, state, page) if done else page


@router.get("/campaigns/{campaign_id}")
async def campaign(request: Request, campaign_id: str, caller: Signed, render: Render, state: State) -> Response:
    found = await admin.get_campaign(caller, campaign_id)
    if (again := _again(request, render, "campaign")) is not None:
        form, errors = _campaign_again(again.typed) if again.typed is not None else _campaign_form(found), again.errors
        if _stale(errors):  # someone else saved first: as typed, over the campaign as it now is
            form, errors = admin.campaign_over(form, _campaign_form(found), words=render)
        return _shown(request, render, again, _render_campaign(request, render, found, form, errors, state=state))
    return _render_campaign(request, render, found, _campaign_form(found), state=state)


def _campaign_again(typed: Mapping[str, Any]) -> admin.CampaignForm:
    """The edit form `_typed` kept: its peak rows and the rows ticked "remove" as they were."""
    rows = [vocab.PeakRow(**row) for row in typed.get("peaks") or ()]
    return admin.CampaignForm(**{**typed, "peaks": rows, "removed": set(typed.get("removed") or ())})


@router.post("/campaigns/{campaign_id}")
async def edit_campaign(
    request: Request,
    campaign_id: str,
    caller: Signed,
    render: Render,
    state: State,
    name: LongText = "",
    start: Text = "",
    end: Text = "",
    starts_at: Text = "",
    ends_at: Text = "",
    readiness_deadline: Text = "",
    version: Text = "",
    peak_name: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    peak_starts: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    peak_ends: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    peak_remove: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
) -> Response:
    found = await admin.get_campaign(caller, campaign_id)
    peaks, removed = vocab.filled_rows(
        vocab.peak_rows(peak_name, peak_starts, peak_ends), {i for i in map(_int, peak_remove) if i is not None}
    )
    form = admin.CampaignForm(
        name=name,
        first_day=start,
        last_day=end,
        peaks=peaks,
        removed=removed,
        version=_int(version) or found.version,
        starts_at=starts_at,
        ends_at=ends_at,
        readiness_deadline=readiness_deadline,
    )
    outcome = await admin.edit_campaign(caller, render, campaign=found, form=form)
    if outcome.saved is not None:
        url = _address(f"/admin/campaigns/{campaign_id}", done="saved")
        return redirect_noted(request, state, url, outcome.saved.warnings)
    url = f"/admin/campaigns/{campaign_id}"
    if (redirected := _refused(request, render, url, "campaign", outcome.errors, form)) is not None:
        return redirected
    errors = outcome.errors
    if _stale(errors):  # someone else saved first: as typed, over the campaign as it now is
        found = await admin.get_campaign(caller, campaign_id)
        form, errors = admin.campaign_over(form, _campaign_form(found), words=render)
    return _render_campaign(request, render, found, form, errors, state=state)


# --- enterprises --------------------------------------------------------------------------------


# The lists' enumerated filters, read with the rest of the query and declared so that a value none of them is the
# error page naming it (by the filter's label), never the list unfiltered; blank: all.
Sector = Annotated[Literal["", "postal", "telecom", "internet", "television"], labelled("admin.enterprises.sector")]
Border = Annotated[Literal["", "yes", "no"], labelled("admin.sites.border_filter")]
RoleFilter = Annotated[Literal["", "admin", "manager", "staff", "inspector"], labelled("admin.accounts.role")]
Activity = Annotated[Literal["", "yes", "no"], labelled("admin.accounts.status")]
ResetFilter = Annotated[Literal["", "yes"], labelled("admin.accounts.reset_filter")]


@router.get("/enterprises")
async def enterprises(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    sector: Sector = "",
    registered: OptionalId = None,  # the enterprise just registered: named, with its next steps
) -> Response:
    q = request.query_params
    listing = await admin.list_enterprises(
        caller,
        sector=q.get("sector", ""),
        q=q.get("q", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query=_query(request),
    )
    return render(
        "admin/enterprises.html",
        {
            "listing": listing,
            "sector": q.get("sector", ""),
            "q": q.get("q", ""),
            "done": _done(request),
            # QZ15 #7: "Đã lưu." alone after registering; now it is named, and what the Department does next linked
            "registered": await admin.registered_enterprise(caller, str(registered) if registered else None)
            if _done(request) == "created"
            else None,
            **_vocab(render),
        },
    )


def _enterprise_form(
    render: Render,
    form: admin.EnterpriseForm,
    enterprise: admin.EnterpriseView | None = None,
    errors: admin.FormErrors | None = None,
    *,
    mid_campaign: bool = False,
) -> Response:
    """The enterprise's form; `mid_campaign`: a new one registered once a campaign has begun to oblige, whose day it
    owes from is today unless cleared (the hint says why)."""
    return render(
        "admin/enterprise_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "errors": errors or admin.FormErrors(),
            "mid_campaign": mid_campaign,
            **_vocab(render),
        },
        status=errors.status if errors else 200,
    )


def _registers_enterprises(request: Request) -> None:
    """Only an administrator registers an enterprise (roster's rule): anyone else is told so before
    typing a form roster would refuse."""
    refuse_unless(request, "admin", reason="access.register_enterprise")


@router.get("/enterprises/new")
async def new_enterprise(request: Request, caller: Signed, render: Render) -> Response:
    _registers_enterprises(request)
    # QZ15 #2: registered once a campaign has begun to oblige, it owes from today unless the administrator clears it
    owes_from = await admin.owes_from_default(caller)
    mid_campaign = owes_from is not None
    if (again := _again(request, render, "enterprise")) is not None:
        form = again.form(admin.EnterpriseForm, admin.EnterpriseForm())
        page = _enterprise_form(render, form, errors=again.errors, mid_campaign=mid_campaign)
        return _shown(request, render, again, page)
    form = admin.EnterpriseForm(obligations_from=owes_from.isoformat() if owes_from else "")
    return _enterprise_form(render, form, mid_campaign=mid_campaign)


@router.post("/enterprises")
async def register_enterprise(
    request: Request,
    caller: Signed,
    render: Render,
    name: Text = "",
    sector: Text = "",
    manager_phone: Text = "",
    manager_emails: Text = "",
    obligations_from: Text = "",
) -> Response:
    _registers_enterprises(request)
    form = admin.EnterpriseForm(name, sector, manager_phone, manager_emails, obligations_from=obligations_from)
    outcome = await admin.save_enterprise(caller, render, form=form)
    if outcome.saved is not None:
        saved = outcome.saved
        return _go("/admin/enterprises", q=saved.name, done="created", registered=saved.id)
    url = "/admin/enterprises/new"
    if (redirected := _refused(request, render, url, "enterprise", outcome.errors, form)) is not None:
        return redirected
    mid_campaign = await admin.owes_from_default(caller) is not None
    return _enterprise_form(render, form, errors=outcome.errors, mid_campaign=mid_campaign)


@router.get("/enterprises/{enterprise_id}")
async def enterprise(request: Request, enterprise_id: str, caller: Signed, render: Render) -> Response:
    found = await admin.get_enterprise(caller, enterprise_id)
    if (again := _again(request, render, "enterprise")) is not None:
        form, errors = again.form(admin.EnterpriseForm, admin.EnterpriseForm.of(found)), again.errors
        if _stale(errors):  # someone else saved first: as typed, over the enterprise as it now is
            form, errors = admin.enterprise_over(form, admin.EnterpriseForm.of(found), words=render)
        page = _enterprise_form(render, form, found, errors)
        return _shown(request, render, again, page)
    return _enterprise_form(render, admin.EnterpriseForm.of(found), found)


@router.post("/enterprises/{enterprise_id}")
async def edit_enterprise(
    request: Request,
    enterprise_id: str,
    caller: Signed,
    render: Render,
    name: Text = "",
    sector: Text = "",
    manager_phone: Text = "",
    manager_emails: Text = "",
    version: Text = "",
    obligations_from: Text = "",
    confirmed: Text = "",  # "Vẫn lưu": the answer to roster's question about a day that changes a past campaign
) -> Response:
    found = await admin.get_enterprise(caller, enterprise_id)
    form = admin.EnterpriseForm(
        name, sector, manager_phone, manager_emails, _int(version) or found.version, obligations_from, confirmed
    )
    outcome = await admin.save_enterprise(caller, render, form=form, enterprise_id=enterprise_id)
    form = dataclasses.replace(form, confirmed=outcome.asked, asked=bool(outcome.asked))
    if outcome.saved is not None:
        if caller.session.account.role == "manager":  # their one or two, unfiltered: no search box to clear (QZ16 #6)
            return _go("/admin/enterprises", done="saved")
        return _go("/admin/enterprises", q=outcome.saved.name, done="saved")
    url = f"/admin/enterprises/{enterprise_id}"
    if (redirected := _refused(request, render, url, "enterprise", outcome.errors, form)) is not None:
        return redirected
    errors = outcome.errors
    if _stale(errors):  # someone else saved first: as typed, over the enterprise as it now is
        found = await admin.get_enterprise(caller, enterprise_id)
        form, errors = admin.enterprise_over(form, admin.EnterpriseForm.of(found), words=render)
    return _enterprise_form(render, form, found, errors)


# --- sites --------------------------------------------------------------------------------------


@router.get("/sites")
async def sites(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    limit: Limit = None,
    border: Border = "",
    enterprise_id: OptionalId = None,  # checked here; read with the other filters
) -> Response:
    q = request.query_params
    listing, names = await admin.list_sites(
        caller,
        enterprise_id=q.get("enterprise_id", ""),
        border=q.get("border", ""),
        district=q.get("district", ""),
        q=q.get("q", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query={k: v for k, v in _query(request).items() if k != "notes"},
    )
    done = _done(request)
    notes = take_notes(request, state) if done in ("created", "saved") else ()
    saved_for = q.get("enterprise_id", "") if done == "created" else ""  # the site's own enterprise (register_site)
    page = render(
        "admin/sites.html",
        {
            "listing": listing,
            "names": names,
            "enterprise_id": q.get("enterprise_id", ""),
            "border": q.get("border", ""),
            "district": q.get("district", ""),
            "q": q.get("q", ""),
            "done": done,
            "notes": [n.in_lang(render.lang) for n in notes],
            "next_step": await admin.next_step(caller, enterprise_id=saved_for, names=names) if saved_for else None,
            **_vocab(render),
        },
    )
    return forget_notes(request, state, page)


async def _site_form(
    caller: Signed,
    render: Render,
    form: admin.SiteForm,
    names: dict[str, str],
    site: admin.SiteView | None = None,
    errors: admin.FormErrors | None = None,
) -> Response:
    return render(
        "admin/site_form.html",
        {
            "form": form,
            "site": site,
            "names": names,
            "districts": await admin.district_names(caller),
            "sets_border": admin.sets_border(caller),
            "errors": errors or admin.FormErrors(),
            **_vocab(render),
        },
        status=errors.status if errors else 200,
    )


@router.get("/sites/new")
async def new_site(request: Request, caller: Signed, render: Render, enterprise_id: OptionalId = None) -> Response:
    names = await admin.enterprise_names(caller)
    if (again := _again(request, render, "site")) is not None:
        form = again.form(admin.SiteForm, admin.SiteForm())
        return _shown(request, render, again, await _site_form(caller, render, form, names, errors=again.errors))
    form = admin.SiteForm(enterprise_id=request.query_params.get("enterprise_id", ""))
    return await _site_form(caller, render, form, names)


@router.post("/sites")
async def register_site(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    enterprise_id: Text = "",
    name: LongText = "",
    kind: Text = "",
    district: LongText = "",
    border_area: Text = "",
) -> Response:
    names = await admin.enterprise_names(caller)
    form = admin.SiteForm(enterprise_id, name, kind, district, border_area == "on" and admin.sets_border(caller))
    outcome = await admin.save_site(caller, render, form=form, names=names)
    if outcome.saved is not None:
        saved = outcome.saved
        # roster's warnings of it (a district no site is in yet, or typed another way) for the list to say once
        url = _address("/admin/sites", enterprise_id=saved.enterprise_id, done="created")
        return redirect_noted(request, state, url, saved.warnings)
    if (redirected := _refused(request, render, "/admin/sites/new", "site", outcome.errors, form)) is not None:
        return redirected
    return await _site_form(caller, render, form, names, errors=outcome.errors)


@router.get("/sites/{site_id}")
async def site(request: Request, site_id: str, caller: Signed, render: Render) -> Response:
    found, names = await admin.get_site(caller, site_id)
    if (again := _again(request, render, "site")) is not None:
        form, errors = again.form(admin.SiteForm, admin.SiteForm.of(found)), again.errors
        if _stale(errors):  # someone else saved first: as typed, over the site as it now is
            form, errors = admin.site_over(form, admin.SiteForm.of(found), words=render)
        page = await _site_form(caller, render, form, names, found, errors)
        return _shown(request, render, again, page)
    return await _site_form(caller, render, admin.SiteForm.of(found), names, found)


@router.post("/sites/{site_id}")
async def edit_site(
    request: Request,
    site_id: str,
    caller: Signed,
    render: Render,
    state: State,
    name: LongText = "",
    kind: Text = "",
    district: LongText = "",
    border_area: Text = "",
    version: Text = "",
) -> Response:
    found, names = await admin.get_site(caller, site_id)
    border = border_area == "on" if admin.sets_border(caller) else found.border_area  # a manager's: as it is
    form = admin.SiteForm(found.enterprise_id, name, kind, district, border, _int(version) or found.version)
    outcome = await admin.save_site(caller, render, form=form, site_id=site_id, names=names)
    if outcome.saved is not None:
        url = _address("/admin/sites", enterprise_id=found.enterprise_id, done="saved")
        return redirect_noted(request, state, url, outcome.saved.warnings)
    url = f"/admin/sites/{site_id}"
    if (redirected := _refused(request, render, url, "site", outcome.errors, form)) is not None:
        return redirected
    errors = outcome.errors
    if _stale(errors):  # someone else saved first: as typed, over the site as it now is
        found, names = await admin.get_site(caller, site_id)
        form, errors = admin.site_over(form, admin.SiteForm.of(found), words=render)
    return await _site_form(caller, render, form, names, found, errors)


# --- districts ----------------------------------------------------------------------------------


async def _districts_page(
    request: Request,
    caller: Signed,
    render: Render,
    state: PortalState,
    *,
    limit: int | None = None,
    posted: admin.DistrictForm | None = None,
    errors: admin.FormErrors | None = None,
) -> Response:
    q = request.query_params
    listing = await admin.list_districts(
        caller,
        q=q.get("q", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query={k: v for k, v in _query(request).items() if k != "notes"},
    )
    notes = take_notes(request, state) if _done(request) == "merged" else ()
    page = render(
        "admin/districts.html",
        {
            "listing": listing,
            "split": [d for d in listing.items if d.split],
            "whole": [d for d in listing.items if not d.split],
            "q": q.get("q", ""),
            "cursor": q.get("cursor", ""),
            "notes": [n.in_lang(render.lang) for n in notes],
            "posted": posted,
            "errors": errors or admin.FormErrors(),
        },
        status=errors.status if errors else 200,
    )
    return forget_notes(request, state, page)


@router.get("/districts")
async def districts(request: Request, caller: Signed, render: Render, state: State, limit: Limit = None) -> Response:
    if (again := _again(request, render, "district_merge")) is not None:
        posted = again.form(admin.DistrictForm, admin.DistrictForm())  # the district's own form shows why (by its key)
        page = await _districts_page(request, caller, render, state, limit=limit, posted=posted, errors=again.errors)
        return _shown(request, render, again, page)
    return await _districts_page(request, caller, render, state, limit=limit)


@router.post("/districts/merge")
async def merge_districts(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    district: Text = "",
    into: Text = "",
    confirm: Text = "",
    spellings: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    back_q: Text = "",
    back_cursor: Text = "",
) -> Response:
    form = admin.DistrictForm(district, into, tuple(s for s in spellings if s))
    # The list as the administrator was reading it (its search and page): the answer comes back to it.
    back = {"q": back_q, "cursor": back_cursor}
    outcome = await admin.merge_districts(
        caller, render, spellings=form.spellings, into=form.into, confirmed=confirm == "on"
    )
    if outcome.saved is not None:
        merged = outcome.saved
        said = Said(
            *(
                state.catalogue.text(
                    "admin.districts.merged_incidents" if merged.incidents_changed else "admin.districts.merged",
                    lang,
                    district=merged.into,
                    count=merged.sites_changed,
                    incidents=merged.incidents_changed,
                )
                for lang in ("vi", "en")
            )
        )
        return redirect_noted(request, state, _address("/admin/districts", q=back_q, done="merged"), [said])
    url = _address("/admin/districts", **back)
    if (redirected := _refused(request, render, url, "district_merge", outcome.errors, form)) is not None:
        return redirected
    return await _districts_page(request, caller, render, state, posted=form, errors=outcome.errors)


# --- accounts -----------------------------------------------------------------------------------


@router.get("/accounts")
async def accounts(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    role: RoleFilter = "",
    active: Activity = "",
    reset: ResetFilter = "",
    enterprise_id: OptionalId = None,  # checked here; read with the other filters
) -> Response:
    q = request.query_params
    done = _done(request)
    notes = take_notes(request, render.state) if done in ("created", "saved") else ()  # a name written otherwise
    listing, names = await admin.list_accounts(
        caller,
        role=q.get("role", ""),
        enterprise_id=q.get("enterprise_id", ""),
        active=q.get("active", ""),
        q=q.get("q", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query=_query(request),
        reset=reset,
    )
    # the requests for a new password to answer, named above the list unless it lists them already (QZ29 #15)
    waiting = [] if reset else await admin.reset_requests(caller)
    # the account just created (the list is narrowed to its login): its enterprise's next step
    created = next((a for a in listing.items if a.login == q.get("q")), None) if done == "created" else None
    saved_for = created.enterprise_ids[0] if created and created.enterprise_ids else ""
    page = render(
        "admin/accounts.html",
        {
            "listing": listing,
            "names": names,
            "role": q.get("role", ""),
            "enterprise_id": q.get("enterprise_id", ""),
            "active": q.get("active", ""),
            "reset": reset,
            "waiting": waiting,
            "q": q.get("q", ""),
            "done": done,
            "notes": [n.in_lang(render.lang) for n in notes],
            "next_step": await admin.next_step(caller, enterprise_id=saved_for, names=names) if saved_for else None,
            **_vocab(render),
        },
    )
    return forget_notes(request, render.state, page)


async def _account_form(
    request: Request,
    caller: Signed,
    render: Render,
    form: admin.AccountForm,
    names: dict[str, str],
    account: admin.AccountView | None = None,
    errors: admin.FormErrors | None = None,
    finding: Mapping[str, str] | None = None,
) -> Response:
    """The account form; `finding`: the record finder's search as the form sent it back (else the address's)."""
    q = request.query_params if finding is None else finding
    finder = admin.finder_enterprises(form, names)
    default = account.enterprise_ids[0] if account and account.staff_id and account.enterprise_ids else ""
    if form.role == "manager" and len(finder) == 1:  # a manager of one enterprise: its staff at once
        default = next(iter(finder))
    staff_enterprise = q.get("staff_enterprise") or default
    staff_enterprise = staff_enterprise if staff_enterprise in finder else ""
    choices = await admin.staff_choices(
        caller,
        enterprise_id=staff_enterprise,
        q=q.get("staff_q", ""),
        keep=form.staff_id or None,
        account_id=account.id if account else None,
    )
    linked = next((c.label for c in choices if account and c.id == account.staff_id), None)
    # closing the account asked first: the person's record and shifts from now on, under the box (QZ27 #6)
    leaving = (
        await admin.leaving_of(caller, account.staff_id)
        if form.deactivate_asked and account and account.staff_id
        else None
    )
    return render(
        "admin/account_form.html",
        {
            "form": form,
            "leaving": leaving,
            "edited": account,  # not "account": the layout's header names the signed-in person by that
            "names": names,
            "errors": errors or admin.FormErrors(),
            "staff_enterprise": staff_enterprise,
            "finder": finder,
            "linked": linked,
            "staff_q": q.get("staff_q", ""),
            "staff_options": [
                (
                    c.id,
                    " · ".join(
                        [c.label, render.t("admin.accounts.staff_held", login=c.held_by)] if c.held_by else [c.label]
                    ),
                )
                for c in choices
            ],
            "staff_fill": {c.id: {"data-fill-name": c.name, "data-fill-login": c.email} for c in choices},
            **_vocab(render),
        },
        status=errors.status if errors else 200,
    )


def _finding(staff_enterprise: str, staff_q: str) -> dict[str, str]:
    """The record finder's search the account form carried (hidden), to come back with it."""
    return {k: v for k, v in (("staff_enterprise", staff_enterprise), ("staff_q", staff_q)) if v}


def _with_finding(url: str, finding: Mapping[str, str]) -> str:
    return f"{url}?{urlencode(finding)}" if finding else url


def _answered(form: admin.AccountForm, outcome: admin.Outcome[admin.AccountView]) -> admin.AccountForm:
    """The account's form as it comes back unsaved: its password never shown again, nor kept; asking about the
    staff record `outcome.asked` (its id then the answer's hidden `confirmed`), or a record confirmed kept so."""
    if outcome.asked_role:  # a role that grants more, asked first (admin.ask_role_first)
        return dataclasses.replace(form, password="", role_asked=outcome.asked_role, asked=False)
    if outcome.asked_deactivate:  # an account closed with a person still working or on shifts (ask_deactivate_first)
        return dataclasses.replace(form, password="", deactivate_asked=True, asked=False)
    if outcome.asked:
        return dataclasses.replace(form, password="", confirmed=outcome.asked, asked=True)
    return dataclasses.replace(form, password="", asked=False)


def _name_notes(render: Render, typed: str, saved: admin.AccountView) -> list[Said]:
    """The note of a display name roster wrote with each word's first letter capital (typed all in lower or upper
    case, as a staff member's name: `name_written_otherwise`), said on the accounts page after the save."""
    if not vocab.name_written_otherwise(typed, saved.display_name):
        return []
    words = (
        render.state.catalogue.text(
            "admin.accounts.name_capitalised", lang, name=saved.display_name, typed=typed.strip()
        )
        for lang in ("vi", "en")
    )
    return [Said(*words)]


@router.get("/accounts/new")
async def new_account(
    request: Request, caller: Signed, render: Render, role: RoleFilter = "", staff_id: OptionalId = None
) -> Response:
    names = await admin.enterprise_names(caller)
    if (again := _again(request, render, "account")) is not None:
        form = again.form(admin.AccountForm, admin.AccountForm())
        page = await _account_form(request, caller, render, form, names, errors=again.errors)
        return _shown(request, render, again, page)
    q = request.query_params
    ticked = tuple(e for e in q.getlist("enterprise_ids") if e in names)  # a manager's, kept by the record finder
    form = admin.AccountForm(role=q.get("role", ""), enterprise_ids=ticked, staff_id=q.get("staff_id", ""))
    return await _account_form(request, caller, render, form, names)


@router.post("/accounts")
async def create_account(
    request: Request,
    caller: Signed,
    render: Render,
    login: LongText = "",
    display_name: LongText = "",
    role: Text = "",
    password: Text = "",
    staff_id: Text = "",
    confirmed: Text = "",
    enterprise_ids: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    staff_enterprise: Text = "",
    staff_q: Text = "",
) -> Response:
    names = await admin.enterprise_names(caller)
    finding = _finding(staff_enterprise, staff_q)
    form = admin.AccountForm(
        login, display_name, role, tuple(e for e in enterprise_ids if e), staff_id, password, confirmed=confirmed
    )
    outcome = await admin.create_account(caller, render, form=form, names=names)
    if outcome.saved is not None:
        url = _address("/admin/accounts", q=outcome.saved.login, done="created")
        return redirect_noted(request, render.state, url, _name_notes(render, display_name, outcome.saved))
    form = _answered(form, outcome)
    url = _with_finding("/admin/accounts/new", finding)
    if (redirected := _refused(request, render, url, "account", outcome.errors, form)) is not None:
        return redirected
    return await _account_form(request, caller, render, form, names, errors=outcome.errors, finding=finding)


@router.get("/accounts/{account_id}")
async def account(request: Request, account_id: str, caller: Signed, render: Render) -> Response:
    found, names = await admin.get_account(caller, account_id)
    if (again := _again(request, render, "account")) is not None:
        form, errors = again.form(admin.AccountForm, admin.AccountForm.of(found)), again.errors
        if _stale(errors):  # someone else saved first: as typed, over the account as it now is
            form, errors = admin.account_over(form, admin.AccountForm.of(found), words=render, names=names)
        page = await _account_form(request, caller, render, form, names, found, errors)
        return _shown(request, render, again, page)
    return await _account_form(request, caller, render, admin.AccountForm.of(found), names, found)


@router.post("/accounts/{account_id}")
async def edit_account(
    request: Request,
    account_id: str,
    caller: Signed,
    render: Render,
    display_name: LongText = "",
    role: Text = "",
    password: Text = "",
    staff_id: Text = "",
    active: Text = "",
    version: Text = "",
    confirmed: Text = "",
    role_confirmed: Text = "",
    enterprise_ids: Texts = [],  # noqa: B006 - FastAPI copies a default for each request
    staff_enterprise: Text = "",
    staff_q: Text = "",
    deactivate_confirmed: Text = "",
    staff_left: Text = "",
) -> Response:
    """The account's changes saved; a role that grants more (manager, inspector, administrator) only once asked
    (`role_confirmed`: the grant the question named, admin.ask_role_first; QZ26 #13); an account closed whose person
    is still working or on shifts from now on only once asked (`deactivate_confirmed`, with `staff_left`: their staff
    record marked "Ngừng trực" too; admin.ask_deactivate_first, QZ27 #6)."""
    found, names = await admin.get_account(caller, account_id)
    finding = _finding(staff_enterprise, staff_q)
    form = admin.AccountForm(
        found.login,
        display_name,
        role,
        tuple(e for e in enterprise_ids if e),
        staff_id,
        password,
        active == "on",
        _int(version) or found.version,
        confirmed,
        role_confirmed=role_confirmed,
        deactivate_confirmed=deactivate_confirmed == "yes",
        staff_left=staff_left == "on",
    )
    outcome = await admin.edit_account(caller, render, before=found, form=form, names=names)
    if outcome.saved is not None:
        url = _address("/admin/accounts", q=found.login, done="saved")
        notes = [*_name_notes(render, display_name, outcome.saved), *outcome.notes]
        return redirect_noted(request, render.state, url, notes)
    form = _answered(form, outcome)
    url = _with_finding(f"/admin/accounts/{account_id}", finding)
    if (redirected := _refused(request, render, url, "account", outcome.errors, form)) is not None:
        return redirected
    errors = outcome.errors
    if _stale(errors):  # someone else saved first: as typed, over the account as it now is
        found, names = await admin.get_account(caller, account_id)
        form, errors = admin.account_over(form, admin.AccountForm.of(found), words=render, names=names)
    return await _account_form(request, caller, render, form, names, found, errors, finding=finding)


# --- the readiness checklist --------------------------------------------------------------------
# The Department's checklist of each campaign, which every enterprise of a sector marks done on /manage/readiness: the
# directive's items added in one go, one item added, changed or removed. A refused form comes back to its page by
# Post/Redirect/Get as the others do: the add form and the directive's button on the list, the change and the removal
# on the item's page.

ChecklistSector = Annotated[
    Literal["", "postal", "telecom", "internet", "television"], labelled("admin.checklist.sector")
]


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise PageNotFound() from None


def _checklist_url(campaign_id: str) -> str:
    return _address("/admin/readiness", campaign_id=campaign_id)


async def _checklist_page(
    request: Request,
    caller: Signed,
    render: Render,
    state: PortalState,
    *,
    limit: int | None = None,
    form: ItemForm | None = None,
    errors: admin.FormErrors | None = None,
    at: str = "",
    typed: Mapping[str, str] | None = None,
) -> Response:
    """The list; `at`: where the refused form `errors` is said ("new": the add form, "seed": the directive's button,
    "ask": the question before adding the directive's items overdue at once, `typed` its new due day as typed,
    "new_ask": the question before adding the item `form` overdue at once, over the form as typed, "top": over the
    list)."""
    q = request.query_params
    view = await checklist.checklist_page(
        caller,
        campaign_id=q.get("campaign_id", ""),
        sector=q.get("sector", ""),
        q=q.get("q", "").strip()[:100],
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query={k: v for k, v in _query(request).items() if k != "notes"},
    )
    asked = copy_asked = None
    if at == "ask" and view.campaign_id:  # asked again: the items may have been added or the day moved meanwhile
        asked = (await checklist.seed_question(caller, render, campaign_id=view.campaign_id)).saved
    if at == "copy_ask" and view.campaign_id:  # the same for last Tết's items
        copy_asked = (await checklist.copy_question(caller, render, campaign_id=view.campaign_id)).saved
    item_asked = checklist.item_question(caller, form) if at == "new_ask" and form is not None else None
    done = _done(request)
    # how many of the directive's items were added; an item added already overdue; the item added, saved or removed
    notes = take_notes(request, state) if done in ("seeded", "copied", "created", "added", "saved", "removed") else ()
    status = 404 if view.unknown else (errors.status if errors else 200)
    status = 200 if at == "ask" and asked is None and status != 404 else status
    status = 200 if at == "copy_ask" and copy_asked is None and status != 404 else status
    page = render(
        "admin/readiness.html",
        {
            "view": view,
            # a new item in the sector the list is filtered to, chosen already (QA: "Thêm một mục" asked for it again)
            "form": form or ItemForm(sector=view.sector),
            "errors": errors if errors and at == "new" else admin.FormErrors(),
            "seed_error": (errors.message or " ".join(errors.fields.values())) if errors and at == "seed" else "",
            "top_error": (errors.message or "") if errors and at == "top" else "",
            "asked": asked,
            "item_asked": item_asked,
            "seed_named": SEED_NAMED,
            "ask_day": (typed or {}).get("due_date") or (asked.suggested.isoformat() if asked else ""),
            "ask_error": errors.fields.get("due_date", "") if errors and at == "ask" else "",
            "copy_error": (errors.message or " ".join(errors.fields.values())) if errors and at == "copy" else "",
            "copy_asked": copy_asked,
            "copy_ask_day": (typed or {}).get("due_date") or (copy_asked.suggested.isoformat() if copy_asked else ""),
            "copy_ask_error": errors.fields.get("due_date", "") if errors and at == "copy_ask" else "",
            "done": done,
            "notes": [n.in_lang(render.lang) for n in notes],
            "sectors": admin.options(render, prefix="admin.sector", keys=vocab.SECTORS),
        },
        status=status,
    )
    return forget_notes(request, state, page) if done else page


@router.get("/readiness")
async def readiness_checklist(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    limit: Limit = None,
    sector: ChecklistSector = "",
    campaign_id: OptionalId = None,  # checked here; read with the other filters
) -> Response:
    kept = take_refused(request, render.state)
    kinds = {
        "checklist_new": "new",
        "checklist_new_ask": "new_ask",
        "checklist_seed": "seed",
        "checklist_seed_ask": "ask",
        "checklist_copy": "copy",
        "checklist_copy_ask": "copy_ask",
        "checklist_gone": "top",
    }
    at = kinds.get(str((kept or {}).get("form")))
    if kept is None or at is None:
        return await _checklist_page(request, caller, render, state, limit=limit)
    again = _Again(kept.get("typed") if isinstance(kept.get("typed"), dict) else None, _kept_errors(kept))
    if at in ("ask", "copy_ask"):  # the question before adding items overdue, and the new due day as typed
        typed = {"due_date": str((again.typed or {}).get("due_date") or "")}
        page = await _checklist_page(
            request, caller, render, state, limit=limit, errors=again.errors, at=at, typed=typed
        )
        return _shown(request, render, again, page)
    form = again.form(ItemForm, ItemForm())
    page = await _checklist_page(request, caller, render, state, limit=limit, form=form, errors=again.errors, at=at)
    return _shown(request, render, again, page)


def _kept_errors(kept: Mapping[str, Any]) -> admin.FormErrors:
    lines = {str(k): [str(x) for x in v] for k, v in dict(kept.get("lines") or {}).items()}
    return admin.FormErrors(dict(kept.get("fields") or {}), kept.get("message"), int(kept["status"]), lines)


@router.post("/readiness/{campaign_id}/directive")
async def seed_readiness_directive(
    request: Request,
    campaign_id: str,
    caller: Signed,
    render: Render,
    state: State,
    due_date: Text = "",
    answer: Text = "",
    confirmed: Confirmed = "",
) -> Response:
    """The directive's items added; when they would be overdue at once, only after the question is answered (a second
    press carrying `confirmed`): with the new due day typed (`answer` "new") or as they are (`answer` "as_is")."""
    cid = _uuid(campaign_id)
    answered = await _due_answered(
        request,
        caller,
        render=render,
        state=state,
        cid=cid,
        form=_AskedForm("checklist_seed_ask", "ask", checklist.seed_question, _seed_refused),
        typed=_Typed(confirmed, answer, due_date),
    )
    if not isinstance(answered, _Answer):
        return answered
    day = answered.day
    outcome = await checklist.seed_directive(caller, render, campaign_id=cid, due_date=day)
    if outcome.saved is not None:
        said = Said(
            *(
                state.catalogue.text("admin.checklist.seeded", lang, count=outcome.saved)
                if day is None
                else state.catalogue.text(
                    "admin.checklist.seeded_due", lang, count=outcome.saved, day=on_day(day, lang)
                )
                for lang in ("vi", "en")
            )
        )
        return redirect_noted(request, state, _address("/admin/readiness", campaign_id=cid, done="seeded"), [said])
    return await _seed_refused(request, caller, render, state, cid, outcome.errors)


@dataclasses.dataclass(frozen=True)
class _AskedForm:
    """A way of adding readiness items in one go that asks first when some would be overdue at once: the directive's
    items, last Tết's copied. `ask`: its kept form's key; `at`: where its page shows the question; `question`: the
    dry run that says whether to ask; `refused`: its page for roster's refusal."""

    ask: str
    at: str
    question: Callable[..., Awaitable[admin.Outcome[Any]]]
    refused: Callable[..., Awaitable[Response]]


@dataclasses.dataclass(frozen=True)
class _Typed:
    """The question's answer as sent: a second press carries `confirmed`, `answer` "new" (with `due_date`) or "as_is"."""

    confirmed: str
    answer: str
    due_date: str


@dataclasses.dataclass(frozen=True)
class _Answer:
    """Go on adding: with this new due day for the items overdue at once (None: as they are, or nothing to ask)."""

    day: date | None


async def _due_answered(
    request: Request, caller: Signed, *, render: Render, state: PortalState, cid: str, form: _AskedForm, typed: _Typed
) -> Response | _Answer:
    """The asked-first rule of both ways of adding items in one go: on a first press, the question when some items
    would be overdue at once (nothing added before the answer), roster's refusal, or go on; on the answer, a new due
    day typed is checked (refused beside its box) or the items go as they are."""
    url = _checklist_url(cid)
    if not is_confirmed(typed.confirmed):
        asked = await form.question(caller, render, campaign_id=cid)
        if asked.errors is not None:
            return await form.refused(request, caller, render, state, cid, asked.errors)
        if asked.saved is None:
            return _Answer(None)
        question = admin.FormErrors({}, None, 200)
        if (redirected := _refused(request, render, url, form.ask, question, {})) is not None:
            return redirected
        return await _checklist_page(request, caller, render, state, errors=question, at=form.at)
    if typed.answer == "as_is":
        return _Answer(None)
    day = await checklist.seed_due_day(caller, render, campaign_id=cid, typed=typed.due_date)
    if day.errors is None:
        return _Answer(day.saved)
    kept = {"due_date": typed.due_date}
    if (redirected := _refused(request, render, url, form.ask, day.errors, kept)) is not None:
        return redirected
    return await _checklist_page(request, caller, render, state, errors=day.errors, at=form.at, typed=kept)


@router.post("/readiness/{campaign_id}/previous-tet")
async def copy_previous_tet_checklist(
    request: Request,
    campaign_id: str,
    caller: Signed,
    render: Render,
    state: State,
    due_date: Text = "",
    answer: Text = "",
    confirmed: Confirmed = "",
) -> Response:
    """Last Tết's checklist copied (QZ23 #7: a province that tuned it wants it again), its due days moved to this
    Tết's mùng 1 by roster; when some would be overdue at once, only after the question the directive's items ask is
    answered (`confirmed`): a new due day for those (`answer` "new") or as they are ("as_is"). Said after: how many
    were added, and how many skipped because the campaign has them by name."""
    cid = _uuid(campaign_id)
    answered = await _due_answered(
        request,
        caller,
        render=render,
        state=state,
        cid=cid,
        form=_AskedForm("checklist_copy_ask", "copy_ask", checklist.copy_question, _copy_refused),
        typed=_Typed(confirmed, answer, due_date),
    )
    if not isinstance(answered, _Answer):
        return answered
    day = answered.day
    outcome = await checklist.copy_previous(caller, render, campaign_id=cid, late_due_date=day)
    if (copied := outcome.saved) is not None:
        said = Said(*(_copied_said(state, copied, day, lang) for lang in ("vi", "en")))
        return redirect_noted(request, state, _address("/admin/readiness", campaign_id=cid, done="copied"), [said])
    return await _copy_refused(request, caller, render, state, cid, outcome.errors)


def _copied_said(state: PortalState, copied: checklist.Copied, day: date | None, lang: str) -> str:
    """How many of last Tết's items were added (the late ones' new due day, if one was chosen) and how many skipped
    and why, in `lang`."""
    t = state.catalogue.text
    count, name = len(copied.added), copied.from_name
    said = [
        t("admin.checklist.copied", lang, count=count, name=name)
        if count
        else t("admin.checklist.copied_none", lang, name=name)
    ]
    if day is not None and copied.late:
        said.append(t("admin.checklist.copied_due", lang, count=copied.late, day=on_day(day, lang)))
    if copied.skipped:
        said.append(t("admin.checklist.copy_skipped", lang, count=copied.skipped))
    return " ".join(said)


async def _copy_refused(
    request: Request, caller: Signed, render: Render, state: PortalState, cid: str, errors: admin.FormErrors | None
) -> Response:
    if (redirected := _refused(request, render, _checklist_url(cid), "checklist_copy", errors, {})) is not None:
        return redirected
    return await _checklist_page(request, caller, render, state, errors=errors, at="copy")


async def _seed_refused(
    request: Request, caller: Signed, render: Render, state: PortalState, cid: str, errors: admin.FormErrors | None
) -> Response:
    if (redirected := _refused(request, render, _checklist_url(cid), "checklist_seed", errors, {})) is not None:
        return redirected
    return await _checklist_page(request, caller, render, state, errors=errors, at="seed")


@router.post("/readiness/{campaign_id}/items")
async def add_readiness_item(
    request: Request,
    campaign_id: str,
    caller: Signed,
    render: Render,
    state: State,
    sector: Text = "",
    title_vi: LongText = "",
    title_en: LongText = "",
    description: LongText = "",
    due_date: Text = "",
    due_at: Text = "",
    position: Text = "",
    as_is: Text = "",
    back: Back = "",
) -> Response:
    """One item added; when its due has passed (overdue at once, its sector's managers mailed so on notifier's next
    sweep), only after the question is answered, as the directive's items are: another due day typed in the form kept
    as typed, or "add it as it is" (`as_is`, the due it was asked about)."""
    cid = _uuid(campaign_id)
    form = ItemForm(sector, title_vi, title_en, description, due_date, due_at, position, as_is=as_is)
    # the question, and a refused form, on the list as it was read (`back`), so that both answers carry it on
    listed = _list_back(cid, back)
    if checklist.item_question(caller, form) is not None:  # nothing added before the answer
        question = admin.FormErrors({}, None, 200)
        if (
            redirected := _refused(request, render, listed, "checklist_new_ask", question, form, anchor="new")
        ) is not None:
            return redirected
        return await _checklist_page(request, caller, render, state, form=form, at="new_ask")
    outcome = await checklist.add_item(caller, render, campaign_id=cid, form=form)
    if (saved := outcome.saved) is not None:
        # back to the list as it was read (`back`: its filters, or none — QA: "&sector=postal" no one chose)
        if not checklist.overdue_now(caller, saved):
            return redirect_noted(request, state, _list_back(cid, back, done="added"), [_named(state, saved, "added")])
        # added as it is, the question answered: overdue at once, and its sector's managers are mailed so
        url = _list_back(cid, back, done="created")
        said = Said(*(_overdue_at_once(state, saved, lang) for lang in ("vi", "en")))
        return redirect_noted(request, state, url, [said])
    if (redirected := _refused(request, render, listed, "checklist_new", outcome.errors, form)) is not None:
        return redirected
    return await _checklist_page(request, caller, render, state, form=form, errors=outcome.errors, at="new")


def _named(state: PortalState, item: Item, done: str) -> Said:
    """The notice over the list after an item was added, saved or removed, naming it (QA: "Đã xóa." said not what)."""
    key = f"admin.checklist.item_{done}"
    return Said(*(state.catalogue.text(key, lang, name=item.title(lang) or item.title_vi) for lang in ("vi", "en")))


def _overdue_at_once(state: PortalState, item: Item, lang: str) -> str:
    """What is said after adding an item as it is though its due has passed, naming it and its due, in `lang`."""
    day = item.due_day
    due = (
        state.catalogue.text("readiness.by_end_of", lang, day=day_label(day, lang))
        if day is not None
        else instant_label(item.due_at, lang)
    )
    return state.catalogue.text("admin.checklist.added_overdue", lang, name=item.title(lang), due=due)


LIST_KEPT = ("sector", "q", "cursor", "limit")
"""The checklist's filters and page an item's page carries (`back`), to come back to the list as it was read."""
BackQuery = Annotated[str, Query(max_length=1000)]
Back = Annotated[str, Form(max_length=1000)]


def _list_back(campaign_id: str, back: str, **more: str) -> str:
    """The checklist as the administrator was reading it (`back`: its query, only its filters and page kept; QA: a
    removal came back to the unfiltered list), with `more` (done=…)."""
    kept = {k: v for k, v in parse_qsl(back) if k in LIST_KEPT}
    return _address("/admin/readiness", campaign_id=campaign_id, **kept, **more)


def _item_url(campaign_id: str, item_id: str, back: str) -> str:
    return _address(f"/admin/readiness/{campaign_id}/items/{item_id}", back=back)


def _item_page(
    render: Render,
    campaign_id: str,
    item: Item,
    form: ItemForm,
    errors: admin.FormErrors | None = None,
    *,
    remove_error: str = "",
    unconfirmed: bool = False,
    back: str = "",
    asked: DueQuestion | None = None,
) -> Response:
    """The item's page; `asked`: the question before saving its due moved to one that has passed, over its form."""
    return render(
        "admin/readiness_item.html",
        {
            "campaign_id": campaign_id,
            "item": item,
            "item_asked": asked,
            "back": back,
            "list_url": _list_back(campaign_id, back),
            "form": form,
            "errors": errors or admin.FormErrors(),
            "remove_error": remove_error,
            "unconfirmed": unconfirmed,
        },
        status=(errors.status if errors else 422 if unconfirmed or remove_error else 200),
    )


@router.get("/readiness/{campaign_id}/items/{item_id}")
async def readiness_item(
    request: Request, campaign_id: str, item_id: str, caller: Signed, render: Render, back: BackQuery = ""
) -> Response:
    cid, iid = _uuid(campaign_id), _uuid(item_id)
    found = await checklist.get_item(caller, campaign_id=cid, item_id=iid)
    kept = take_refused(request, render.state)
    if kept is None or kept.get("form") not in ("checklist_item", "checklist_item_ask", "checklist_remove"):
        return _item_page(render, cid, found, ItemForm.of(found), back=back)
    again = _Again(kept.get("typed") if isinstance(kept.get("typed"), dict) else None, _kept_errors(kept))
    if kept["form"] == "checklist_remove":
        said = again.errors.message or render.t("confirm.missing")
        page = _item_page(
            render, cid, found, ItemForm.of(found), remove_error=said, unconfirmed=not again.errors.message, back=back
        )
        return _shown(request, render, again, page)
    form, errors = again.form(ItemForm, ItemForm.of(found)), again.errors
    if kept["form"] == "checklist_item_ask":  # asked again: the item as it now is may have that due meanwhile
        asked = checklist.item_question(caller, form, saved=found)
        return _shown(request, render, again, _item_page(render, cid, found, form, back=back, asked=asked))
    if _stale(errors):  # someone else saved first: as typed, over the item as it now is
        form, errors = checklist.item_over(form, ItemForm.of(found), words=render)
    return _shown(request, render, again, _item_page(render, cid, found, form, errors, back=back))


@router.post("/readiness/{campaign_id}/items/{item_id}")
async def change_readiness_item(
    request: Request,
    campaign_id: str,
    item_id: str,
    caller: Signed,
    render: Render,
    title_vi: LongText = "",
    title_en: LongText = "",
    description: LongText = "",
    due_date: Text = "",
    due_at: Text = "",
    position: Text = "",
    version: Text = "",
    back: Back = "",
    as_is: Text = "",
) -> Response:
    """The item changed; its due moved to one that has passed, only after the question is answered, as when adding
    one: another due typed in the form kept as typed, or "save it as it is" (`as_is`, the due asked about)."""
    cid, iid = _uuid(campaign_id), _uuid(item_id)
    found = await checklist.get_item(caller, campaign_id=cid, item_id=iid)
    form = ItemForm(
        found.sector,
        title_vi,
        title_en,
        description,
        due_date,
        due_at,
        position,
        _int(version) or found.version,
        as_is=as_is,
    )
    if (asked := checklist.item_question(caller, form, saved=found)) is not None:  # nothing saved before the answer
        question = admin.FormErrors({}, None, 200)
        url = _item_url(cid, iid, back)
        if (redirected := _refused(request, render, url, "checklist_item_ask", question, form)) is not None:
            return redirected
        return _item_page(render, cid, found, form, back=back, asked=asked)
    outcome = await checklist.change_item(caller, render, campaign_id=cid, item_id=iid, form=form)
    if outcome.saved is not None:
        said = _named(render.state, outcome.saved, "saved")
        return redirect_noted(request, render.state, _list_back(cid, back, done="saved"), [said])
    errors = outcome.errors
    if errors is not None and errors.status == 404:  # removed meanwhile: said over the list
        url, kind = _checklist_url(cid), "checklist_gone"
    else:
        url, kind = _item_url(cid, iid, back), "checklist_item"
    if (redirected := _refused(request, render, url, kind, errors, form)) is not None:
        return redirected
    if _stale(errors):
        found = await checklist.get_item(caller, campaign_id=cid, item_id=iid)
        form, errors = checklist.item_over(form, ItemForm.of(found), words=render)
    return _item_page(render, cid, found, form, errors, back=back)


@router.post("/readiness/{campaign_id}/items/{item_id}/remove")
async def remove_readiness_item(
    request: Request,
    campaign_id: str,
    item_id: str,
    caller: Signed,
    render: Render,
    version: Text = "",
    confirmed: Confirmed = "",
    back: Back = "",
) -> Response:
    cid, iid = _uuid(campaign_id), _uuid(item_id)
    url = _item_url(cid, iid, back)
    if not is_confirmed(confirmed):  # nothing removed without the question answered
        unasked = admin.FormErrors({}, None, 422)
        if (redirected := _refused(request, render, url, "checklist_remove", unasked, {})) is not None:
            return redirected
        found = await checklist.get_item(caller, campaign_id=cid, item_id=iid)
        page = _item_page(render, cid, found, ItemForm.of(found), remove_error=render.t("confirm.missing"), back=back)
        return page
    named = await checklist.find_item(caller, campaign_id=cid, item_id=iid)  # its name, for the notice once removed
    outcome = await checklist.remove_item(caller, render, campaign_id=cid, item_id=iid, version=_int(version) or 0)
    if outcome.saved is not None:
        notes = [_named(render.state, named, "removed")] if named is not None else []
        return redirect_noted(request, render.state, _list_back(cid, back, done="removed"), notes)
    errors = outcome.errors
    if errors is not None and errors.status == 404:
        url, kind = _checklist_url(cid), "checklist_gone"
    else:
        kind = "checklist_remove"
        if _stale(errors):
            errors = admin.FormErrors({}, render.t("admin.checklist.remove_stale"), 409)
    if (redirected := _refused(request, render, url, kind, errors, {})) is not None:
        return redirected
    found = await checklist.get_item(caller, campaign_id=cid, item_id=iid)
    said = errors.message if errors and errors.message else ""
    return _item_page(render, cid, found, ItemForm.of(found), remove_error=said, back=back)
