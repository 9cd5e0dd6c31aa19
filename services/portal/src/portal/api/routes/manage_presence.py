"""Presence confirmed afterwards (QZ27 #3): `/manage/shifts/{id}/presence`, a manager's page for one ended shift —
each person's check-in and, per person, "Xác nhận có mặt" (on post, the whole shift or from–to) or "Ghi nhận vắng"
(checked in but not there), each asking the evidence. Post/Redirect/Get: a word said is told once on the page; roster's
refusal comes back on the person's form as typed. Thin: read the form, call one handler, render or redirect."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import presence as handlers
from ..deps import PageNotFound, Render, Signed, labelled
from ..kept import refused_again, show_kept

router = APIRouter()

Note = Annotated[str, Form(max_length=FORM_TEXT_MAX)]
Short = Annotated[str, Form(max_length=100)]
Done = Annotated[Literal["", "confirmed", "corrected"], labelled("presence.title")]


def _id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise PageNotFound() from None


def _url(shift_id: str) -> str:
    return f"/manage/shifts/{shift_id}/presence"


async def _page(
    shift_id: str,
    caller: Signed,
    render: Render,
    *,
    done: str = "",
    who: str = "",
    refused: handlers.Refused | None = None,
    status: int = 200,
) -> Response:
    view = await handlers.presence_page(caller, shift_id=shift_id, lang=render.lang)
    if view is None:
        raise PageNotFound()
    said = next((line for line in view.lines if line.person.staff_id == who), None) if who else None
    message = ""
    if refused is None and done and said is not None:
        message = render.t(f"presence.done.{done}", name=said.person.full_name)
    context = {"view": view, "message": message, "refused": refused}
    return render("manager/presence.html", context, status=status)


async def _refused_page(shift_id: str, caller: Signed, render: Render, kept: dict[str, Any]) -> Response:
    refused = handlers.Refused(
        staff_id=str(kept["staff_id"]),
        present=bool(kept["present"]),
        message=str(kept["message"]),
        typed={k: str(v) for k, v in (kept.get("typed") or {}).items()},
        boxes=tuple(str(b) for b in kept.get("boxes") or ()),
    )
    return await _page(shift_id, caller, render, refused=refused, status=int(kept["status"]))


@router.get("/manage/shifts/{shift_id}/presence")
async def shift_presence(
    shift_id: str, request: Request, caller: Signed, render: Render, done: Done = "", who: str = ""
) -> Response:
    sid = _id(shift_id)
    kept = {"presence": partial(_refused_page, sid, caller, render)}
    if (shown := await show_kept(request, render.state, kept)) is not None:
        return shown
    return await _page(sid, caller, render, done=done, who=who)


@router.post("/manage/shifts/{shift_id}/presence")
async def confirm_presence(
    shift_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    staff_id: Annotated[str, Form(max_length=40)],
    version: Annotated[int, Form()],
    present: Annotated[Literal["yes", "no"], Form()] = "yes",
    evidence: Short = "",
    evidence_note: Note = "",
    present_from: Short = "",
    present_until: Short = "",
) -> Response:
    sid, who = _id(shift_id), _id(staff_id)
    outcome = await handlers.confirm(
        caller,
        shift_id=sid,
        version=version,
        staff_id=who,
        present=present == "yes",
        evidence=evidence,
        evidence_note=evidence_note,
        present_from=present_from,
        present_until=present_until,
        lang=render.lang,
    )
    if outcome.ok:
        done = "confirmed" if present == "yes" else "corrected"
        return RedirectResponse(f"{_url(sid)}?done={done}&who={who}#person-{who}", status_code=303)
    typed = {"evidence": evidence, "evidence_note": evidence_note}
    typed |= {"present_from": present_from, "present_until": present_until}
    kept: dict[str, Any] = {"form": "presence", "staff_id": who, "present": present == "yes"}
    kept |= {"message": outcome.message, "status": outcome.status, "boxes": list(outcome.boxes), "typed": typed}
    page = partial(_refused_page, sid, caller, render)
    return await refused_again(request, render.state, _url(sid), kept, page, anchor=f"person-{who}")
