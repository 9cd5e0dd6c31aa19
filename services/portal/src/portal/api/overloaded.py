"""The portal's answer to a request beyond its in-flight limit (`PORTAL_MAX_IN_FLIGHT_REQUESTS`, lichtruc.web
InFlightLimit): a person's browser (a request that accepts HTML) gets a page — the portal is not answering just now,
try again in a minute — in the language its cookie chose; an htmx request (a board cell's panel, a list's rows) the
same words as a notice put at the top of the page it was made from, not the whole page swapped into its panel;
anything else (health checks, scripts) the problem document. It runs while the portal is overloaded, so it asks no
service and opens no session: the page and the notice are drawn once per language and kind (a page asked, a form
sent) and only the address to try again is filled in."""

from __future__ import annotations

import html
from urllib.parse import quote

from starlette.requests import cookie_parser
from starlette.types import Scope

from lichtruc.web import OverloadAnswer, OverloadPage

from ..domain.i18n import Catalogue, pick_lang
from .cookies import LANG_COOKIE
from .deps import safe_next
from .pages import Pages

AGAIN = "\x00again\x00"
"""Where the drawn page takes the address to try again (jinja escapes no NUL: the mark stays as it is)."""
_READS = frozenset({"GET", "HEAD"})

NOTICE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"hx-retarget", b"#htmx-notice"),  # base.html's, at the top of every page htmx runs in
    (b"hx-reswap", b"innerHTML show:top"),  # one notice however many refusals, scrolled into view
    (b"hx-reselect", b"#overloaded-notice"),  # not the list's own hx-select (#results), absent from the notice
    (b"hx-push-url", b"false"),  # the panel or list asked was not shown: the address stays the page's
)
"""Where htmx puts the notice instead of the element the request was for (htmx swaps a 503 too: base.html's
responseHandling)."""


def _wants_html(headers: dict[bytes, bytes]) -> bool:
    return b"hx-request" in headers or b"text/html" in headers.get(b"accept", b"")


def overload_page(catalogue: Catalogue) -> OverloadPage:
    """The page (for htmx, the notice) for a refused request that wants one (else None: the problem document), by
    its headers alone."""
    drawn: dict[tuple[str, bool, bool], str] = {}

    def page(scope: Scope) -> bytes | OverloadAnswer | None:
        headers = dict(scope.get("headers") or ())
        if not _wants_html(headers):
            return None
        lang = pick_lang(cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(LANG_COOKIE))
        form = scope.get("method") not in _READS
        htmx = b"hx-request" in headers
        if (lang, form, htmx) not in drawn:
            name = "errors/overloaded_notice.html" if htmx else "errors/overloaded.html"
            template = Pages(catalogue).env.get_template(name)
            t = lambda key, **params: catalogue.text(key, lang, **params)  # noqa: E731
            drawn[(lang, form, htmx)] = template.render(lang=lang, t=t, form=form, again="" if form else AGAIN)
        text = drawn[(lang, form, htmx)]
        if not form:
            query = scope.get("query_string", b"").decode("latin-1")
            path = quote(scope.get("path", "/"), safe="/:@!$&'()*+,;=-._~")
            text = text.replace(AGAIN, html.escape(safe_next(path + (f"?{query}" if query else ""))))
        return OverloadAnswer(text.encode(), NOTICE_HEADERS) if htmx else text.encode()

    return page
