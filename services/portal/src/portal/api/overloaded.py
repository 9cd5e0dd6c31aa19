"""The portal's answer to a request beyond its in-flight limit (`PORTAL_MAX_IN_FLIGHT_REQUESTS`, lichtruc.web
InFlightLimit): a person's browser (a request that accepts HTML, or htmx's) gets a page — the portal is not answering
just now, try again in a minute — in the language its cookie chose; anything else (health checks, scripts) the
problem document. It runs while the portal is overloaded, so it asks no service and opens no session: the page is
drawn once per language and kind (a page asked, a form sent) and only the address to try again is filled in."""

from __future__ import annotations

import html
from urllib.parse import quote

from starlette.requests import cookie_parser
from starlette.types import Scope

from lichtruc.web import OverloadPage

from ..domain.i18n import Catalogue, pick_lang
from .cookies import LANG_COOKIE
from .deps import safe_next
from .pages import Pages

AGAIN = "\x00again\x00"
"""Where the drawn page takes the address to try again (jinja escapes no NUL: the mark stays as it is)."""
_READS = frozenset({"GET", "HEAD"})


def _wants_html(headers: dict[bytes, bytes]) -> bool:
    return b"hx-request" in headers or b"text/html" in headers.get(b"accept", b"")


def overload_page(catalogue: Catalogue) -> OverloadPage:
    """The page for a refused request that wants one (else None: the problem document), by its headers alone."""
    drawn: dict[tuple[str, bool], str] = {}

    def page(scope: Scope) -> bytes | None:
        headers = dict(scope.get("headers") or ())
        if not _wants_html(headers):
            return None
        lang = pick_lang(cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(LANG_COOKIE))
        form = scope.get("method") not in _READS
        if (lang, form) not in drawn:
            template = Pages(catalogue).env.get_template("errors/overloaded.html")
            t = lambda key, **params: catalogue.text(key, lang, **params)  # noqa: E731
            drawn[(lang, form)] = template.render(lang=lang, t=t, form=form, again="" if form else AGAIN)
        if form:
            return drawn[(lang, form)].encode()
        query = scope.get("query_string", b"").decode("latin-1")
        again = safe_next(quote(scope.get("path", "/"), safe="/:@!$&'()*+,;=-._~") + (f"?{query}" if query else ""))
        return drawn[(lang, form)].replace(AGAIN, html.escape(again)).encode()

    return page
