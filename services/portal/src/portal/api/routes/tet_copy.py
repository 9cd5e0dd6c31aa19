"""“Chép từ Tết trước” on the requirements and Tết-hours pages (QZ27 #5): the question's answer (the preview is the
page itself, `?copy=preview`, handlers.tet_copy.panel) copies by roster, then Post/Redirect/Get: the page says what
was copied and skipped once (api.kept's notes), or roster's refusal at the button (api.kept's refused form)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...domain.said import Said
from ...domain.tet_copy import TetCopy, What
from ...handlers import tet_copy
from ..deps import Confirmed, IdForm, Render, Signed, State, is_confirmed
from ..kept import redirect_noted, redirect_refused
from ..state import PortalState

router = APIRouter()

ShortText = Annotated[str, Form(max_length=300)]

PAGES: dict[What, str] = {"requirements": "/manage/requirements", "hours": "/manage/tet-hours"}


def page_url(what: What, keep: dict[str, str], **extra: str) -> str:
    return PAGES[what] + "?" + urlencode({**{k: v for k, v in keep.items() if v}, **extra})


def said(state: PortalState, copied: TetCopy, lang: str) -> str:
    """What was copied (and replaced) and what skipped with why, in `lang`."""
    t = state.catalogue.text
    w = f"tet_copy.{copied.what}"
    name = copied.from_name
    out = [
        t(f"{w}.copied", lang, count=copied.count, days=copied.days, name=name)
        if copied.count
        else t(f"{w}.copied_none", lang, name=name)
    ]
    replaced = sum(1 for p in copied.points if p.replaced)
    if replaced:
        out.append(t("tet_copy.hours.copied_replaced", lang, count=replaced))
    if copied.skipped:
        items = "; ".join(f"{s.what} ({s.why(lang)})" for s in copied.skipped)
        out.append(t(f"{w}.copied_skipped", lang, count=len(copied.skipped), items=items))
    return " ".join(out)


async def _copy(
    request: Request,
    caller: Signed,
    render: Render,
    state: PortalState,
    what: What,
    *,
    keep: dict[str, str],
    copy_for: str,
    confirmed: str,
    replace_drafts: str,
) -> Response:
    if not is_confirmed(confirmed):  # a crafted POST, the question unanswered: the preview again, nothing copied
        return RedirectResponse(page_url(what, keep, copy="preview", copy_for=copy_for) + "#tet-copy", 303)
    tried = await tet_copy.copy_from_tet(
        caller,
        what,
        campaign_id=keep["campaign_id"],
        enterprise_id=copy_for,
        lang=render.lang,
        dry_run=False,
        replace_drafts=replace_drafts == "yes",
    )
    if tried.done is not None:
        note = Said(said(state, tried.done, "vi"), said(state, tried.done, "en"))
        return redirect_noted(request, state, page_url(what, keep, done="copied"), [note], anchor="tet-copy")
    url = page_url(what, keep)
    kept = {"form": tet_copy.KEPT, "message": tried.refused, "copy_for": copy_for}
    redirected = redirect_refused(request, state, url, kept, anchor="tet-copy")
    return redirected or RedirectResponse(url, 303)


@router.post("/manage/requirements/previous-tet")
async def copy_requirements(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    campaign_id: IdForm = "",
    enterprise_id: IdForm = "",
    copy_for: ShortText = "",
    confirmed: Confirmed = "",
) -> Response:
    """Last Tết's requirements copied into the campaign, as the question (after roster's preview) was answered."""
    keep = {"campaign_id": campaign_id, "enterprise_id": enterprise_id}
    return await _copy(
        request,
        caller,
        render,
        state,
        "requirements",
        keep=keep,
        copy_for=copy_for,
        confirmed=confirmed,
        replace_drafts="",
    )


@router.post("/manage/tet-hours/previous-tet")
async def copy_hours(
    request: Request,
    caller: Signed,
    render: Render,
    state: State,
    campaign_id: IdForm = "",
    site_id: IdForm = "",
    copy_for: ShortText = "",
    confirmed: Confirmed = "",
    replace_drafts: ShortText = "",
) -> Response:
    """Last Tết's opening hours copied into the campaign's drafts; `replace_drafts` "yes": the question's answer
    for the points whose drafts have days."""
    keep = {"campaign_id": campaign_id, "site_id": site_id}
    return await _copy(
        request,
        caller,
        render,
        state,
        "hours",
        keep=keep,
        copy_for=copy_for,
        confirmed=confirmed,
        replace_drafts=replace_drafts,
    )
