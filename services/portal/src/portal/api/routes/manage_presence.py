"""Presence confirmed afterwards (QZ27 #3): `/manage/shifts/{id}/presence`, a manager's page for one ended shift —
each person's check-in and, per person, "Xác nhận có mặt" (on post, the whole shift or from–to) or "Ghi nhận vắng"
(checked in but not there), each asking the evidence. Post/Redirect/Get: a word said is told once on the page (api.kept's
notes, sealed for the page: a reload, or the address sent on, says nothing — it was `?done=…`, said again at each
reload); roster's refusal comes back on the person's form as typed. Thin: read the form, call one handler, render or
redirect."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from ...domain.said import Said
from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import presence as handlers
from ..deps import PageNotFound, Render, Signed
from ..kept import forget_notes, redirect_noted, refused_again, show_kept, take_notes

router = APIRouter()

Note = Annotated[str, Form(max_length=FORM_TEXT_MAX)]
Short = Annotated[str, Form(max_length=100)]


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
    message: str = "",
    refused: handlers.Refused | None = None,
    status: int = 200,
) -> Response:
    view = await handlers.presence_page(caller, shift_id=shift_id, lang=render.lang)
    if view is None:
        raise PageNotFound()
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
async def shift_presence(shift_id: str, request: Request, caller: Signed, render: Render) -> Response:
    sid = _id(shift_id)
    kept = {"presence": partial(_refused_page, sid, caller, render)}
    if (shown := await show_kept(request, render.state, kept)) is not None:
        return shown
    said = take_notes(request, render.state)  # what the word just said did, once
    page = await _page(sid, caller, render, message=" ".join(n.in_lang(render.lang) for n in said))
    return forget_notes(request, render.state, page) if said else page


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
    absent_from: Short = "",
    absent_until: Short = "",
    late_reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    sid, who = _id(shift_id), _id(staff_id)
    there = present == "yes"
    since, until = (present_from, present_until) if there else (absent_from, absent_until)
    outcome = await handlers.confirm(
        caller,
        shift_id=sid,
        version=version,
        staff_id=who,
        present=present == "yes",
        evidence=evidence,
        evidence_note=evidence_note,
        since=since,
        until=until,
        lang=render.lang,
        late_reason=late_reason if there else "",
    )
    if outcome.ok:
        words = render.state.catalogue
        key, name = f"presence.done.{'confirmed' if present == 'yes' else 'corrected'}", outcome.full_name
        said = Said(words.text(key, "vi", name=name), words.text(key, "en", name=name))
        return redirect_noted(request, render.state, _url(sid), [said], anchor=f"person-{who}")
    typed = {"evidence": evidence, "evidence_note": evidence_note, "late_reason": late_reason}
    typed |= {"present_from": present_from, "present_until": present_until}
    typed |= {"absent_from": absent_from, "absent_until": absent_until}
    kept: dict[str, Any] = {"form": "presence", "staff_id": who, "present": present == "yes"}
    kept |= {"message": outcome.message, "status": outcome.status, "boxes": list(outcome.boxes), "typed": typed}
    page = partial(_refused_page, sid, caller, render)
    return await refused_again(request, render.state, _url(sid), kept, page, anchor=f"person-{who}")
