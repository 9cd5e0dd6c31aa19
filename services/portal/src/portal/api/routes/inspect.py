"""The inspector's pages (the whole province): heatmap, gaps, who was on duty, findings, the log,
the roster events missing from the log (sequence gaps), an enterprise's history of changes and the
history of accounts (the latter also the administrator's)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Mapping
from datetime import timedelta
from typing import Annotated, Literal, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from lichtruc.sheets import attachment

from ...clients.services import Caller, ServiceError
from ...domain.areas import DEPARTMENT
from ...domain.behind import since_said
from ...domain.dates import instant_label
from ...domain.gaps import OUT_OF_ORDER, GapFilters, local_input, order_said, parse_local
from ...domain.heatmap import hours_minutes, person_hours
from ...domain.history import AccountHistoryFilters, HistoryFilters
from ...domain.log_proofs import MAX_HEAD_FILE_BYTES
from ...domain.sequence_gaps import AggregateType, SequenceGapFilters
from ...domain.text_limits import FOUND_NAME_MAX, over_limits
from ...handlers import account_history as account_history_handler
from ...handlers import behind as behind_handler
from ...handlers import findings as findings_handler
from ...handlers import gaps as gaps_handler
from ...handlers import heatmap as heatmap_handler
from ...handlers import history as history_handler
from ...handlers import log as log_handler
from ...handlers import on_duty as on_duty_handler
from ...handlers import sequence_gaps as sequence_gaps_handler
from ...handlers.behind import Notices
from ..deps import DutyTypeFilter, Limit, OptionalId, Render, Signed, labelled
from ..errors import refused_page
from ..kept import forget_refused
from ..refusals import refuse_unless
from . import explanations as explanations_routes

router = APIRouter(prefix="/inspect")
T = TypeVar("T")


def _download(d: gaps_handler.Download) -> Response:
    return Response(d.content, media_type=d.media_type, headers={"Content-Disposition": d.disposition})


def _qs(values: Mapping[str, object]) -> str:
    """A query string of the non-blank values."""
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _page(render: Render, template: str, values: dict[str, object], *, status: int = 200) -> Response:
    """Render an inspector page with what its templates share: sector names, hours:minutes, query strings."""
    sectors = [(key, render.t(f"admin.sector.{key}")) for key in heatmap_handler.SECTORS]
    values = {"hm": hours_minutes, "ph": lambda minutes: person_hours(minutes, render.lang), **values}
    return render(template, {"sectors": sectors, "qs": _qs, **values}, status=status)


async def _with_notices(caller: Caller, render: Render, reading: Awaitable[T]) -> tuple[T, Notices]:
    """An inspector page's data and what is said above it (handlers.behind: roster's changes audit has not received,
    those it has not read, or that audit did not say), asked at once: the page does not wait for roster's `/outbox`
    and audit's `/lag` after its own calls."""
    notices = behind_handler.coverage_notices(
        caller, seen=render.state.backlog_seen, threshold=render.state.audit_behind
    )
    return await asyncio.gather(reading, notices)


def _coverage_page(
    render: Render, template: str, values: dict[str, object], notices: Notices, *, status: int = 200
) -> Response:
    """An inspector page that reads audit's coverage, with `notices` above it (nothing when up to date)."""
    said = {
        "outbox": since_said(notices.outbox.since, now=render.now, lang=render.lang) if notices.outbox else "",
        "unread": since_said(notices.unread.since, now=render.now, lang=render.lang) if notices.unread else "",
        "read_at": since_said(notices.read_at, now=render.now, lang=render.lang) if notices.read_at else "",
    }
    return _page(render, template, {**values, "behind": notices, "behind_since": said}, status=status)


@router.get("")
async def inspect_home() -> Response:
    return RedirectResponse("/inspect/heatmap", status_code=303)


# The enumerated filters of the inspector's lists, declared beside the query their pages read whole, so that a value
# none of them is the error page naming it by its label (deps.labelled), never the list without it.
YesNo = Literal["", "true", "1", "on", "false", "0"]  # domain.gaps.YES_NO, or blank: either
HeatSector = Annotated[Literal["", "telecom", "postal", "internet", "television"], labelled("heatmap.sector_label")]
HeatBorder = Annotated[YesNo, labelled("heatmap.border_only")]
HeatPeak = Annotated[YesNo, labelled("heatmap.peak_only")]
HeatRequired = Annotated[YesNo, labelled("heatmap.required_only")]
HeatDuty = Annotated[DutyTypeFilter, labelled("heatmap.duty_type")]
Order = Annotated[Literal["", "newest", "oldest"], labelled("history.order")]


@router.get("/heatmap")
async def heatmap(
    request: Request,
    caller: Signed,
    render: Render,
    sector: HeatSector = "",
    duty_type: HeatDuty = "",
    border: HeatBorder = "",
    peak: HeatPeak = "",
    required: HeatRequired = "",
) -> Response:
    filters = heatmap_handler.HeatmapFilters.from_query(request.query_params)
    page, notices = await _with_notices(
        caller, render, heatmap_handler.heatmap_page(caller=caller, lang=render.lang, filters=filters)
    )
    waiting = await explanations_routes.waiting_count(caller)  # "3 giải trình chờ xem" (QZ27 #4)
    return _coverage_page(
        render,
        "inspector/heatmap.html",
        {"page": page, "explanations_waiting": waiting},
        notices,
        status=422 if page.problem else 200,
    )


@router.get("/heatmap/day")
async def heatmap_day(
    request: Request,
    caller: Signed,
    render: Render,
    sector: HeatSector = "",
    duty_type: HeatDuty = "",
    border: HeatBorder = "",
    required: HeatRequired = "",
) -> Response:
    filters = heatmap_handler.HeatmapFilters.from_query(request.query_params)
    page, notices = await _with_notices(
        caller,
        render,
        heatmap_handler.day_page(
            caller=caller, lang=render.lang, filters=filters, day_asked=request.query_params.get("day")
        ),
    )
    return _coverage_page(
        render, "inspector/heatmap_day.html", {"page": page}, notices, status=422 if page.problem else 200
    )


@router.get("/presence")
async def presence(
    request: Request,
    caller: Signed,
    render: Render,
    enterprise_id: OptionalId = None,
    duty_type: HeatDuty = "",
    confirmed: Annotated[Literal["", "1"], labelled("presence.inspect.only")] = "",
) -> Response:
    """Who had not come where the roster was full (QZ13 #1), from the heatmap's "Chưa có mặt" cells; and who a manager
    confirmed as there afterwards (QZ27 #3; `confirmed=1`: only those)."""
    q = request.query_params
    page, notices = await _with_notices(
        caller,
        render,
        heatmap_handler.presence_page(
            caller=caller,
            lang=render.lang,
            campaign_id=q.get("campaign_id", ""),
            enterprise_id=str(enterprise_id) if enterprise_id else "",
            duty_type=duty_type,
            day_asked=q.get("day"),
            only_confirmed=confirmed == "1",
        ),
    )
    return _coverage_page(
        render, "inspector/presence.html", {"page": page}, notices, status=422 if page.problem else 200
    )


# The gaps list's enumerated filters (domain.gaps: GapFilters.api_params).
GapStatus = Annotated[Literal["", "open", "closed", "requirement_changed"], labelled("gaps.status")]
InForce = Annotated[Literal["", "true", "false", "all"], labelled("gaps.in_force")]
# the state of an item's giải trình (domain.gaps.EXPLANATION_STATES), on the gaps' and the findings' lists
Explanation = Annotated[
    Literal["", "unexplained", "submitted", "more_asked", "accepted"], labelled("explain.list_column")
]


@router.get("/gaps")
async def gaps(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    enterprise_id: OptionalId = None,
    site_id: OptionalId = None,
    sector: Annotated[Literal["", "telecom", "postal", "internet", "television"], labelled("gaps.sector")] = "",
    duty_type: Annotated[DutyTypeFilter, labelled("gaps.duty_type")] = "",
    status: GapStatus = "",
    in_force: InForce = "",
    explanation: Explanation = "",
    border: Annotated[YesNo, labelled("gaps.border")] = "",
    peak: Annotated[YesNo, labelled("gaps.peak")] = "",
    announced: Annotated[YesNo, labelled("gaps.announced")] = "",
) -> Response:
    q = request.query_params
    filters = GapFilters.from_query(q)
    page, notices = await _with_notices(
        caller,
        render,
        gaps_handler.gaps_page(
            caller=caller,
            lang=render.lang,
            filters=filters,
            path=request.url.path,
            query=dict(q),
            limit=limit,
            cursor=q.get("cursor") or None,
        ),
    )
    answer = 422 if page.errors else 404 if page.unknown else 200
    return _coverage_page(render, "inspector/gaps.html", {"page": page}, notices, status=answer)


def _refused_export(
    request: Request,
    render: Render,
    problems: dict[str, tuple[str, str]],
    back: str,
    days: Mapping[str, str] | None = None,
) -> Response:
    """An export whose filters are not valid is refused as the page refuses them (422), never made without
    them: field → (problem key, the value as given); `days`, the range's boxes and days (domain.gaps.order_said)."""
    said = [
        render.t(OUT_OF_ORDER, **days)
        if key == "out_of_order" and days
        else render.t(f"gaps.refused.{key}", field=render.t(f"gaps.{name}"), value=value)
        for name, (key, value) in problems.items()
    ]
    return refused_page(request, said, back=(back, "gaps.refused.back"), kind="export")


@router.get("/gaps.csv")
async def gaps_csv(request: Request, caller: Signed, render: Render) -> Response:
    return await _gaps_export(request, caller, render, "csv")


@router.get("/gaps.xlsx")
async def gaps_xlsx(request: Request, caller: Signed, render: Render) -> Response:
    return await _gaps_export(request, caller, render, "xlsx")


async def _gaps_export(request: Request, caller: Signed, render: Render, kind: gaps_handler.Export) -> Response:
    lang = "en" if request.query_params.get("lang") == "en" else "vi"
    filters = GapFilters.from_query(request.query_params)
    if errors := filters.errors():
        problems = {name: (key, getattr(filters, name)) for name, key in errors.items()}
        days = order_said(
            (render.t("gaps.from_day"), filters.from_day), (render.t("gaps.to_day"), filters.to_day), render.lang
        )
        return _refused_export(request, render, problems, f"/inspect/gaps?{_qs(filters.query())}", days)
    separator = request.query_params.get("separator", "")
    return _download(
        await gaps_handler.gaps_export(caller=caller, filters=filters, lang=lang, kind=kind, separator=separator)
    )


@router.get("/coverage.csv")
async def coverage_csv(request: Request, caller: Signed, render: Render) -> Response:
    return await _coverage_export(request, caller, render, "csv")


@router.get("/coverage.xlsx")
async def coverage_xlsx(request: Request, caller: Signed, render: Render) -> Response:
    return await _coverage_export(request, caller, render, "xlsx")


async def _coverage_export(request: Request, caller: Signed, render: Render, kind: gaps_handler.Export) -> Response:
    q = request.query_params
    lang = "en" if q.get("lang") == "en" else "vi"
    campaign, problem = heatmap_handler.asked_campaign(
        await heatmap_handler.campaigns(caller), q.get("campaign_id"), now=caller.clock()
    )
    if problem:
        kept = {k: q.get(k, "") for k in ("enterprise_id", "sector", "duty_type")}
        back = f"/inspect/gaps?{_qs(kept)}".removesuffix("?")
        return _refused_export(request, render, {"campaign": (problem, q.get("campaign_id", ""))}, back)
    if campaign is None:
        return RedirectResponse("/inspect/gaps", status_code=303)
    return _download(
        await gaps_handler.coverage_export(
            caller=caller,
            campaign_id=campaign.campaign_id,
            lang=lang,
            sector=q.get("sector", ""),
            duty_type=q.get("duty_type", ""),
            enterprise_id=q.get("enterprise_id", ""),
            kind=kind,
            separator=q.get("separator", ""),
        )
    )


@router.get("/gaps/{gap_id}")
async def gap(gap_id: str, request: Request, caller: Signed, render: Render) -> Response:
    detail, notices = await _with_notices(
        caller, render, gaps_handler.gap_detail(caller=caller, lang=render.lang, gap_id=gap_id)
    )
    explained = await explanations_routes.panel(request, caller, render, "gap", gap_id)  # its giải trình (QZ27 #4)
    page = _coverage_page(render, "inspector/gap.html", {"detail": detail, "gap": detail.gap, **explained}, notices)
    return forget_refused(request, render.state, page) if explained.get("refused_kept") else page


@router.get("/on-duty")
async def on_duty(
    request: Request,
    caller: Signed,
    render: Render,
    enterprise_id: OptionalId = None,
    site_id: OptionalId = None,
    duty_type: Annotated[DutyTypeFilter, labelled("on_duty.duty_type")] = "",
    border: Annotated[Literal["", "true"], labelled("on_duty.border_sites")] = "",
    limit: Limit = None,
    cursor: str | None = None,
) -> Response:
    q = request.query_params
    form = on_duty_handler.OnDutyForm(
        **{
            k: (q.get(k) or "").strip()
            for k in ("at", "as_of", "enterprise_id", "site_id", "duty_type", "border", "person")
        }
    )
    if "at" not in q:  # the menu's "who is on duty": now, answered at once (an inspector in the field asks that)
        form = dataclasses.replace(form, at=local_input(render.now))
    errors: dict[str, str] = {}
    at = as_of = None
    try:
        at = parse_local(form.at)
    except ValueError:
        errors["at"] = render.t("on_duty.bad_time")
    try:
        as_of = parse_local(form.as_of)
    except ValueError:
        errors["as_of"] = render.t("on_duty.bad_time")
    if at is not None and as_of is not None and as_of > render.now:
        errors["as_of"] = render.t("on_duty.as_of_future")
    page = await on_duty_handler.on_duty_page(
        caller=caller, lang=render.lang, form=form, at=at, as_of=as_of, errors=errors, limit=limit, cursor=cursor
    )
    answer = 422 if errors else 404 if page.unknown else 200
    return _page(render, "inspector/on_duty.html", {"page": page}, status=answer)


FINDING_FILTERS = (
    "enterprise_id", "site_id", "duty_type", "with_discrepancies", "explanation", "observed_from", "observed_to",
)  # fmt: skip


def _finding_filters(request: Request) -> findings_handler.FindingFilters:
    q = request.query_params
    return findings_handler.FindingFilters(**{k: (q.get(k) or "").strip() for k in FINDING_FILTERS})


@router.get("/findings")
async def findings(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    enterprise_id: OptionalId = None,
    site_id: OptionalId = None,
    duty_type: Annotated[DutyTypeFilter, labelled("findings.duty_type")] = "",
    with_discrepancies: Annotated[Literal["", "true", "false"], labelled("findings.with_discrepancies")] = "",
    explanation: Explanation = "",
) -> Response:
    q = request.query_params
    filters = _finding_filters(request)
    page = await findings_handler.findings_page(
        caller=caller,
        lang=render.lang,
        filters=filters,
        cursor=q.get("cursor") or None,
        limit=limit,
        path=request.url.path,
        back=q.get("back") or "",
        form=findings_handler.NewFinding(observed_at=local_input(render.now)),
    )
    order = order_said(
        (render.t("findings.observed_from"), filters.observed_from),
        (render.t("findings.observed_to"), filters.observed_to),
        render.lang,
    )
    filter_errors = {name: render.t(key, **order) for name, key in filters.errors().items()}
    return _page(
        render,
        "inspector/findings.html",
        {"page": page, "filter_errors": filter_errors},
        status=422 if filter_errors else 404 if page.unknown else 200,
    )


OBSERVED_AHEAD = timedelta(minutes=5)
"""How far past the portal's clock a visit's time may be (audit's CLOCK_SKEW): later, the portal says so itself."""


@router.post("/findings")
async def record_finding(
    request: Request,
    caller: Signed,
    render: Render,
    site: Annotated[str, Form()] = "",
    duty: Annotated[str, Form()] = "",
    observed_at: Annotated[str, Form()] = "",
    people: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    typed = ((render.t("findings.people"), people), (render.t("findings.notes"), notes))
    refuse_unless(request, *DEPARTMENT, reason="access.findings", typed=typed)
    form = findings_handler.NewFinding(
        site_id=site.strip(),
        duty_type=duty.strip(),
        observed_at=observed_at.strip(),
        people=people,
        notes=notes.strip(),
    )
    errors: dict[str, str] = {}
    if not form.site_id:
        errors["site"] = render.t("findings.need_site")
    if not form.duty_type:
        errors["duty"] = render.t("findings.need_duty")
    when = None
    try:
        when = parse_local(form.observed_at)
        if when is None:
            errors["observed_at"] = render.t("findings.need_time")
    except ValueError:
        errors["observed_at"] = render.t("findings.need_time")
    now = caller.clock()
    if when is not None and when > now + OBSERVED_AHEAD:  # audit's own rule, said with the rest (QZ21 #3)
        at = {"at": instant_label(when, render.lang), "now": instant_label(now, render.lang)}
        errors["observed_at"] = render.t("findings.future", **at)
    # a name past audit's limit, said as the box's other lines are (QZ21 #3: audit's "Tên (Người có mặt, mục thứ 1)"
    # came alone, at the next send, at the page's top)
    if too_long := form.names_over(FOUND_NAME_MAX):
        errors["people"] = " ".join(
            render.t("findings.name_over", line=line, over=render.t("check.text_over", n=n, max=most))
            for line, n, most in too_long
        )
    # notes past audit's limit, counted and said as portal.js says it under the box, with the rest (QZ20 #4)
    if over := over_limits({"notes": (form.notes, "finding.notes")}).get("notes"):
        errors["notes"] = render.t("check.text_over", n=over[0], max=over[1])
    message = ""
    status = 422
    if not errors and when is not None:
        try:
            finding_id = await findings_handler.record(
                caller=caller, form=form, observed_at=when, notes=form.notes or None
            )
            return RedirectResponse(f"/inspect/findings/{finding_id}?recorded=1", status_code=303)
        except ServiceError as exc:
            if exc.status not in (404, 409, 422):
                raise
            status = exc.status if exc.status != 404 else 422
            fields = exc.field_errors(render.lang)
            for name, shown in (("site_id", "site"), ("duty_type", "duty"), ("observed_at", "observed_at")):
                if name in fields:
                    errors[shown] = fields.pop(name)
            if "people_found" in fields:
                errors["people"] = fields.pop("people_found")
            if "notes" in fields:
                errors["notes"] = fields.pop("notes")
            if exc.kind in ("observed-in-the-future", "observed-outside-campaigns"):
                errors["observed_at"] = exc.detail(render.lang)
            elif exc.kind == "site-not-found":
                errors["site"] = exc.detail(render.lang)
            else:
                message = exc.detail(render.lang)
    page = await findings_handler.findings_page(
        caller=caller,
        lang=render.lang,
        filters=findings_handler.FindingFilters(),
        cursor=None,
        limit=None,
        path=request.url.path,
        form=form,
        errors=errors,
        message=message or render.t("findings.not_recorded"),
    )
    return _page(render, "inspector/findings.html", {"page": page, "filter_errors": {}}, status=status)


@router.get("/sequence-gaps")
async def sequence_gaps(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    enterprise_id: OptionalId = None,
    aggregate_type: Annotated[Literal["", AggregateType], labelled("sequence_gaps.aggregate_type")] = "",
    status: Annotated[Literal["", "open", "closed"], labelled("sequence_gaps.status")] = "",
) -> Response:
    """Roster events audit knows to be missing from its log (open) or that arrived late (closed)."""
    q = request.query_params
    page = await sequence_gaps_handler.sequence_gaps_page(
        caller=caller,
        lang=render.lang,
        filters=SequenceGapFilters.from_query(q),
        cursor=q.get("cursor") or None,
        limit=limit,
        path=request.url.path,
        back=q.get("back") or "",
    )
    return _page(render, "inspector/sequence_gaps.html", {"page": page})


@router.get("/history")
async def history(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    enterprise_id: OptionalId = None,
    order: Order = "",
) -> Response:
    """One enterprise's changes as audit logged them, within a range of record days, a page at a time."""
    q = request.query_params
    page = await history_handler.history_page(
        caller=caller,
        lang=render.lang,
        filters=HistoryFilters.from_query(q),
        cursor=q.get("cursor") or None,
        limit=limit,
        path=request.url.path,
        back=q.get("back") or "",
    )
    return _page(render, "inspector/history.html", {"page": page})


@router.get("/accounts")
async def account_history(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    account_id: OptionalId = None,
    order: Order = "",
) -> Response:
    """Every account created or changed, as audit logged it, searched by login or name, within a range of
    record days, a page at a time."""
    q = request.query_params
    page = await account_history_handler.account_history_page(
        caller=caller,
        words=render,
        filters=AccountHistoryFilters.from_query(q),
        cursor=q.get("cursor") or None,
        limit=limit,
        path=request.url.path,
        back=q.get("back") or "",
    )
    return _page(render, "inspector/account_history.html", {"page": page})


@router.get("/findings/{finding_id}")
async def finding(finding_id: str, request: Request, caller: Signed, render: Render) -> Response:
    """One finding; the plans still waiting that the visit falls in offered to record their result (QZ26 #10)."""
    found = await findings_handler.one(caller=caller, lang=render.lang, finding_id=finding_id)
    covering = await findings_handler.plans_covering(caller, found)
    recorded = request.query_params.get("recorded") == "1"
    explained = await explanations_routes.panel(request, caller, render, "finding", finding_id)  # QZ27 #4
    page = _page(
        render, "inspector/finding.html", {"finding": found, "recorded": recorded, "covering": covering, **explained}
    )
    return forget_refused(request, render.state, page) if explained.get("refused_kept") else page


@router.get("/log")
async def log(caller: Signed, render: Render, size: str = "", root: str = "", event: str = "") -> Response:
    """The log's verification; or, with `size` and `root` (a tree head kept earlier) or `event` (an
    event's id), that check, verified by the portal in O(log n) hashes: the whole log is then not
    re-verified (on a large log that would take far longer than the proof), a link does it."""
    form = log_handler.ProofForm(size=size, root=root, event=event)
    answer = None
    if form.asks_event:
        answer = await log_handler.check_event(caller, form, lang=render.lang)
    elif form.asks_kept:
        answer = await log_handler.check_kept(caller, form)
    page = None if answer is not None else await log_handler.log_page(caller=caller, now=render.now)
    return _page(render, "inspector/log.html", {"page": page, "proof": answer, "form": form})


@router.post("/log")
async def log_kept_file(caller: Signed, render: Render, file: Annotated[UploadFile | None, File()] = None) -> Response:
    """A checkpoint kept as a file (the one /log/head.json gave, or a proof file), checked as a typed one is once its
    own signature verifies with audit's key; refused in words, the page kept, when it is no such file."""
    data = await file.read(MAX_HEAD_FILE_BYTES + 1) if file is not None else b""
    name = (file.filename or "")[:200] if file is not None else ""
    answer = await log_handler.check_kept_file(caller, data=data, name=name)
    status = 422 if answer.file is not None and answer.file.head is None else 200
    values: dict[str, object] = {"page": None, "proof": answer, "form": answer.form}
    values["max_head_kb"] = MAX_HEAD_FILE_BYTES // 1024
    return _page(render, "inspector/log.html", values, status=status)


@router.get("/log/proof.json")
async def log_proof_file(caller: Signed, render: Render, event: str = "") -> Response:
    """An event's inclusion proof as a file to keep and check offline (by its id or its record number); the
    log page's answer instead when there is none to give (no such record, no head signed over it yet)."""
    form = log_handler.ProofForm(event=event)
    kept = await log_handler.proof_file_of(caller, form)
    if isinstance(kept, log_handler.ProofFile):
        return Response(
            kept.content, media_type="application/json", headers={"Content-Disposition": attachment(kept.name)}
        )
    return _page(render, "inspector/log.html", {"page": None, "proof": kept, "form": form}, status=404)


@router.get("/log/head.json")
async def log_head_file(caller: Signed, render: Render, size: str = "") -> Response:
    """A signed tree head (the checkpoint of `size` records) as a file to keep, in the proof file's own form; the
    log page, saying there is none, when audit signed none of that size."""
    head = await log_handler.head_file_of(caller, size=int(size)) if size.isdigit() and int(size) > 0 else None
    if head is not None:
        return Response(
            head.content, media_type="application/json", headers={"Content-Disposition": attachment(head.name)}
        )
    form = log_handler.ProofForm()
    answer = log_handler.ProofAnswer(form, missing="head")
    return _page(render, "inspector/log.html", {"page": None, "proof": answer, "form": form}, status=404)


@router.get("/log/proof")
async def log_proof_print(caller: Signed, render: Render, event: str = "") -> Response:
    """An event's proof as a page to print: the verdict, the signed tree head, the leaf and its audit path."""
    form = log_handler.ProofForm(event=event)
    answer = await log_handler.check_event(caller, form, lang=render.lang)
    if answer.inclusion is None:
        return _page(render, "inspector/log.html", {"page": None, "proof": answer, "form": form}, status=404)
    return _page(render, "inspector/log_proof_print.html", {"proof": answer, "form": form})
