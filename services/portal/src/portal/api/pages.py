"""Rendering a page: the template of a concept with what every page needs (the person's
language and words, the signed-in account, the CSRF token, date formatting).

Templates hold no words of their own: `t("board.title")` looks them up in the catalogue."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from starlette.requests import Request
from starlette.responses import HTMLResponse

from lichtruc.words import hours_said, inspector_titled, name, rest_said

from ..clients.services import SERVICE_NAMES
from ..domain import campaigns, dates, heatmap, my_day
from ..domain.areas import may_open
from ..domain.expired_forms import page_name, refill
from ..domain.gaps import EXPLANATION_STATES, OUT_OF_ORDER, order_said
from ..domain.i18n import Catalogue
from ..domain.navigation import asks_own_password, nav_for, page_again, still_open, where_created
from ..domain.text_limits import text_limit

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# What every page's layout reads about the person and the request: a page's own values never take
# these names (an edited account passed as "account" once showed its name and menu in the header).
LAYOUT_NAMES = frozenset(
    {
        "request",
        "lang",
        "t",
        "account",
        "csrf_token",
        "path",
        "nav_for",
        "opens",
        "query",
        "kept_after_expiry",
        "password_asked",
        "unavailable_notice",
    }
)
UNAVAILABLE = "unavailable"
"""The query parameter naming the service a start page needed and did not get (api.errors.unavailable_page): the
page the person was sent on to says so at its top."""
UNAVAILABLE_FROM = "failed"
"""Beside `UNAVAILABLE`: the start page (path and query) that could not be drawn. The page reached names it and links
it again ("Try this page again") when it is one of the portal's own pages the person may open
(domain.navigation.page_again), and otherwise offers the start page, `/`."""
UNAVAILABLE_SHOWN = "unavailable_shown"
"""Set on a request whose page is the error page of a service not answering (api.errors.unavailable_page): the
layout then adds no notice of its own."""


def _as_datetime(value: datetime | str) -> datetime:
    return dates.parse_instant(value) if isinstance(value, str) else dates.local(value)


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, str):
        return _as_datetime(value).date() if "T" in value else date.fromisoformat(value)
    return dates.local(value).date() if isinstance(value, datetime) else value


def _minutes_said(t: Callable[..., str], minutes: int) -> str:
    """ "10 giờ 53 phút", "10 hours 53 minutes": how late a check-in was, as the reminder times are said."""
    hours, rest = divmod(minutes, 60)
    parts = [t("reminders.offset.hours", n=hours)] if hours else []
    return " ".join([*parts, t("reminders.offset.minutes", n=rest)] if rest or not hours else parts)


AGAIN, START_AGAIN = "errors.unavailable.again", "errors.unavailable.again_start"


def _unavailable_notice(request: Request, session: Any) -> dict[str, Any] | None:
    """What the layout says at the top of a page a start page sent the person on to, its service not answering:
    that service, the page that could not be opened (named, with "try this page again") or else "try the start page
    again", and the other pages that work without it; None on any other page."""
    service = request.query_params.get(UNAVAILABLE, "")
    if session is None or service not in SERVICE_NAMES or getattr(request.state, UNAVAILABLE_SHOWN, False):
        return None  # the page is itself the error page: it says so once, not in a second box above it
    account = session.account
    # this page among them, named and not linked (QZ23 #9: the inspector's plans, reached so, listed only "Đổi mật khẩu")
    pages = still_open(account.role, service, account.staff_id)
    here = {"current": request.url.path}
    failed = page_again(request.query_params.get(UNAVAILABLE_FROM, ""))
    if failed is None or not may_open(account.role, failed[0]):
        return {"service": service, "open_pages": pages, "failed": None, "again": "/", "again_key": START_AGAIN, **here}
    return {
        "service": service,
        "open_pages": pages,
        "failed": failed[1],
        "again": failed[0],
        "again_key": AGAIN,
        **here,
    }


class _CompiledOnce(BytecodeCache):
    """Each template compiled once per process, however many environments render it: every app has its own
    (its globals hold its clock), and each app a test made compiled every template it rendered again — a fifth
    of the portal's page tests' time (2026-12-05). Jinja keys a template by its name and file and hands over
    its source's checksum, so an edited template is compiled again. The compiled code depends on the
    environment's options too; `Pages` makes every environment with the same ones."""

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, CodeType | None]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # a code object, shared between environments: it is immutable

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledOnce()


class Pages:
    def __init__(self, catalogue: Catalogue, templates: Path = TEMPLATES, *, public_url: str | None = None) -> None:
        self.catalogue = catalogue
        self.public_url = public_url  # PORTAL_PUBLIC_URL: the portal's address as people reach it
        self.env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_COMPILED,
        )
        self.env.globals["text_limit"] = text_limit  # a long text box's data-max: its service's limit
        # the check-in's grace, after which presence counts someone not there: the legends and intros say it (QZ18 #6)
        self.env.globals["grace_minutes"] = my_day.LATE_AFTER // timedelta(minutes=1)  # the shared check_in.GRACE

    def context(self, request: Request, lang: str) -> dict[str, Any]:
        catalogue = self.catalogue

        def t(key: str, **params: object) -> str:
            return catalogue.text(key, lang, **params)

        session = getattr(request.state, "session", None)
        return {
            "request": request,
            "lang": lang,
            "t": t,
            "account": session.account if session else None,
            "csrf_token": getattr(request.state, "csrf_token", ""),
            # a new one each time a form is drawn (partials/forms.html); Back keeps the first drawing's (portal.js)
            "form_key": lambda: str(uuid.uuid4()),
            "form_from": getattr(request.state, "form_from", None),  # the forms' origin, sealed (deps.FORM_FROM_FIELD)
            "kept_after_expiry": None,  # base.html's line over a form sent after the session ended, given back
            "path": request.url.path,
            # the portal's own address, with a closing "/", for a link a person keeps (PORTAL_PUBLIC_URL; without it,
            # the address the request came to)
            "own_address": f"{self.public_url}/" if self.public_url else str(request.base_url),
            "nav_for": nav_for,
            # whether the person may open a page (domain.areas): a link to one their role may not is not drawn
            "opens": lambda href: may_open(session.account.role if session else None, href),
            "query": str(request.url.query),
            # whether the page asks for the password an administrator set to be changed (base.html's strip)
            "password_asked": session is not None
            and asks_own_password(
                session.account.role,
                secret_from_admin=session.account.secret_from_admin,
                path=request.url.path,
                query=str(request.url.query),
            ),
            "unavailable_notice": _unavailable_notice(request, session),
            "on_day": lambda value, year=True: dates.on_day(_as_date(value), lang, year=year),
            "day_label": lambda value: dates.day_label(_as_date(value), lang),
            "short_day": lambda value: dates.short_day(_as_date(value), lang),
            "lunar_label": lambda value: dates.lunar_label(_as_date(value), lang),
            "instant_label": lambda value: dates.instant_label(_as_datetime(value), lang) if value else "",
            "moment_label": lambda value: dates.moment_label(_as_datetime(value), lang) if value else "",
            # a date box's value in words, printed beside the box (partials/forms.html `field`)
            "box_said": lambda value, kind: dates.box_label(str(value), kind, lang),
            "time_label": lambda value: dates.time_label(_as_datetime(value)) if value else "",
            # a check-in time, dated when not on its shift's first day; how late it was, in hours and minutes
            "check_in_time": lambda value, starts: (
                dates.check_in_label(_as_datetime(value), _as_datetime(starts), lang) if value else ""
            ),
            "minutes_said": lambda minutes: _minutes_said(t, int(minutes)),
            "late_by": lambda value, starts: _minutes_said(
                t, dates.minutes_late(_as_datetime(value), _as_datetime(starts))
            ),
            "span_label": lambda a, b: dates.span_label(_as_datetime(a), _as_datetime(b), lang),
            # an item's giải trình on the gaps' and findings' lists (audit's `explanation`): "—" when none is owed
            "explanation_state": lambda state: t(f"explain.short_{state}") if state in EXPLANATION_STATES else "—",
            "explanation_choices": lambda: [(s, t(f"explain.short_{s}")) for s in EXPLANATION_STATES],
            # a duty type's name ("Điều hành" / "Operations"), as roster names it (lichtruc.words)
            "duty_name": lambda key: name("duty_type", key, lang),
            # an inspector as a sentence names them: "Thanh tra Lê Thị Hoa", a name that is a title already as it is
            "inspector_titled": lambda who: inspector_titled(str(who or ""), lang),
            # a shift's hours in a few words: "06:00–18:00", one ending at midnight "18:00–24:00" (QZ22 #9: "18:00–00:00")
            "hours_label": lambda a, b: dates.hours_label(_as_datetime(a), _as_datetime(b)),
            # person-minutes as person-hours, "23,5" / "23.5" before "giờ-người" (QZ27 #14: never an h:mm of several posts)
            "person_hours": lambda minutes: heatmap.person_hours(int(minutes), lang),
            "hours_text": lambda value: hours_said(value, lang),
            # a rest between two shifts, "3 giờ 5 phút" / "3 h 5 min", as roster's warnings and refusals say it
            "rest_text": lambda value: rest_said(value, lang),
            # a range of days whose last is before its first, said one way on every page: each (box label, text)
            "out_of_order": lambda first, last: t(OUT_OF_ORDER, **order_said(first, last, lang)),
            # a campaign in a picker (partials/forms.html): a drill marked as one
            "campaign_label": lambda c: campaigns.picker_label(c.name, drill=c.drill, word=t("campaign.drill")),
            # a drill whose name begins with the drill badge's word: not marked with it again (QZ23 #11)
            "named_drill": lambda name: campaigns.begins_with(str(name), t("admin.campaigns.drill_badge")),
            # a peak's name: the one roster names itself in the page's language, one an administrator typed as typed
            "peak_name": lambda name: t(key) if (key := campaigns.peak_key(str(name))) else name,
        }

    def render(
        self,
        request: Request,
        template: str,
        values: Mapping[str, Any] | None = None,
        *,
        lang: str,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        context = self.context(request, lang)
        if clash := sorted(set(values or {}) & LAYOUT_NAMES):
            # the layout's header would name (and give the menu of) whatever the page passed
            raise ValueError(f"{template}: {', '.join(clash)} belong to the layout; name the page's own otherwise")
        context.update(values or {})
        html = self.env.get_template(template).render(context)
        kept = getattr(request.state, "expired_form", None)
        if kept is not None and status == 200:
            html = self._given_back(request, template, context, html, kept)
        return HTMLResponse(html, status_code=status, headers=dict(headers or {}))

    def _given_back(
        self, request: Request, template: str, context: dict[str, Any], html: str, kept: Mapping[str, Any]
    ) -> str:
        """The page with the form its person sent after their session ended, or to a service that did not answer for
        it (deps.load_session found it kept for them, for this page) filled as they had it, and a line over it saying
        so and why, naming the form's button; once
        (app.py forgets it). A page without that form is drawn as it is, the form kept for it still."""
        fields = {
            str(k): [str(v) for v in vs] for k, vs in dict(kept.get("fields") or {}).items() if isinstance(vs, list)
        }
        url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        secrets = [str(name) for name in kept.get("secrets") or []]  # typed, never kept: asked for again at each box
        notes = {
            name: context["t"]("login.kept.password_again" if "password" in name else "login.kept.secret_again")
            for name in secrets
        }
        again = refill(html, action=str(kept.get("action")), page_url=url, fields=fields)
        if not again.found:
            return html
        request.state.expired_form_shown = True
        only_secrets = bool(secrets) and not fields and not kept.get("files")  # a password change: nothing changed
        context["kept_after_expiry"] = {
            "button": again.button,
            "fills_only": again.fills_only,  # the button pressed only fills the form in: said not done
            "files": bool(kept.get("files")),
            "only": only_secrets and not kept.get("lost"),
            # too long to keep (api.kept): nothing given back, said with the form's page by its name (its title)
            "lost": bool(kept.get("lost")),
            "page": page_name(html),
            # why it was kept: the session had ended ("expired"), or the service it went to did not answer for it
            # (api.errors.unavailable_page: "busy" or "unsent", nothing done; "maybe", perhaps saved) — named
            "why": str(kept.get("why") or "expired"),
            "service": str(kept.get("service") or ""),
            # perhaps saved, by a form that adds something listed elsewhere: that list, where to look first
            "look": where_created(url, fields) if kept.get("why") == "maybe" else None,
        }
        drawn = self.env.get_template(template).render(context)
        return refill(drawn, action=str(kept.get("action")), page_url=url, fields=fields, notes=notes).html
