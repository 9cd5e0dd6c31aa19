"""A form sent after its session ended (QA 2026-12-06: a manager's new staff member, typed and sent once the session
cookie had gone, was lost on the way through the sign-in page). Nothing of it is done: the person signs in, comes back
to the page the form was on, and finds the form as they had filled it, to check and send again themselves — the
portal never sends it for them.

What is kept (`kept_fields`): every field sent but the form's own tokens and any password or secret, which are never
kept anywhere. A chosen file cannot be kept (a cookie holds 4 KB): the page says to choose it again; a form whose text
is too long for it (a long note) is not kept at all, and the page says so at its top, naming the form and its page.

Putting it back (`refill`): the page's HTML is drawn as usual, then the form the values were sent with — the POST form
whose action is the address they were sent to; among several, the one whose hidden fields agree most with what was
sent (the item it acts on) — gets them back: boxes' values, ticks, choices and text areas. The line over it names the button pressed (its name
and value among those sent), else the form's first; a button that only fills the form in (`data-fills-only`) is
said not done. Pure: text to text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

EXPIRED_FORM = "expired"
"""The kind of a form kept across a sign-in (api.kept's sealed cookie, whose other kinds are refused forms)."""

TOKENS = frozenset({"csrf_token", "form_key", "form_from"})
"""A form's own fields, made anew each time it is drawn (partials/forms.html's `csrf()`): never kept."""

_SECRET = re.compile(r"password|secret", re.IGNORECASE)
_UNFILLED_TYPES = frozenset({"password", "file", "submit", "button", "reset", "image"})
_TAG = re.compile(r"<(/?)(form|input|textarea|select|option|button)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_WORDS = re.compile(r"<[^>]*>")


def owner_of(account_id: str) -> str:
    """Whom a form kept across a sign-in is for: the account whose session ended, never anyone who signs in next."""
    return f"{EXPIRED_FORM}:{account_id}"


def is_secret(name: str) -> bool:
    """A field whose value is never kept: a password (sign-in, password change, an account's) or a secret."""
    return _SECRET.search(name) is not None


def left_out(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The password and secret boxes that were typed in but are not kept: the page asks for them again, at each."""
    return sorted({name for name, value in pairs if is_secret(name) and value and name not in TOKENS})


def kept_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The sent text fields worth keeping, each name's values in the order sent: not the form's tokens, no secret."""
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in TOKENS and not is_secret(name):
            fields.setdefault(name, []).append(value)
    return fields


_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def page_name(page: str) -> str:
    """A page's own name, as its <title> says it before the portal's name ("Nhân viên · Lịch trực" → "Nhân viên"):
    how the line over a form too long to keep across a sign-in names the form's page. Empty without a title."""
    found = _TITLE.search(page)
    title = " ".join(html.unescape(found.group(1)).split()) if found else ""
    return title.rsplit(" · ", 1)[0]


@dataclass(frozen=True)
class Refilled:
    html: str
    found: bool  # whether the page has the form the values were sent with
    button: str = ""
    """The words of the button pressed (a submit button whose name and value were sent), to name what was not done;
    else of that form's first button, to name the form."""
    fills_only: bool = False
    """The button pressed only fills in the form, saving nothing (`data-fills-only`: the Tết hours' "Chép giờ …"):
    the page says that it was not done, rather than that nothing was saved."""


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    closing: bool
    name: str
    attrs: list[tuple[str, str | None]]

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.attrs)


def _attrs(text: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for m in _ATTR.finditer(text):
        raw = next((g for g in m.groups()[1:] if g is not None), None)
        found.append((m.group(1).lower(), html.unescape(raw) if raw is not None else None))
    return found


def _tags(page: str) -> list[_Tag]:
    return [
        _Tag(m.start(), m.end(), bool(m.group(1)), m.group(2).lower(), _attrs(m.group(3))) for m in _TAG.finditer(page)
    ]


def _drawn(tag: _Tag, attrs: list[tuple[str, str | None]]) -> str:
    said = "".join(f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs)
    return f"<{tag.name}{said}>"


def _with(tag: _Tag, *, drop: set[str], add: list[tuple[str, str | None]]) -> str:
    return _drawn(tag, [(k, v) for k, v in tag.attrs if k not in drop] + add)


def _forms(tags: list[_Tag], action: str, page_url: str) -> list[tuple[int, int]]:
    """The POST forms sending to `action`: their tags' index spans (opening, closing)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, tag in enumerate(tags):
        if tag.name != "form":
            continue
        if not tag.closing:
            opened = i
        elif opened is not None:
            form = tags[opened]
            if (form.get("method") or "get").lower() == "post" and (form.get("action") or page_url) == action:
                spans.append((opened, i))
            opened = None
    return spans


def _agreement(tags: list[_Tag], span: tuple[int, int], fields: Mapping[str, list[str]]) -> int:
    """How many of a form's hidden fields hold what was sent: the form of the item the values were for."""
    return sum(
        1
        for tag in tags[span[0] : span[1]]
        if tag.name == "input"
        and (tag.get("type") or "").lower() == "hidden"
        and (tag.get("name") or "") in fields
        and tag.get("value") in fields[tag.get("name") or ""]
    )


def refill(
    page: str, *, action: str, page_url: str, fields: Mapping[str, list[str]], notes: Mapping[str, str] | None = None
) -> Refilled:
    """`page` with the form that sent `fields` to `action` filled with them (a form without an action sends to its
    page, `page_url`); `found` False, and the page as it was, when it has no such form. `notes`: a line said just
    after a box of the form, by the box's name (a password or secret typed but not kept: type it again)."""
    notes = notes or {}
    tags = _tags(page)
    spans = _forms(tags, action, page_url)
    if not spans:
        return Refilled(page, False)
    first, last = max(spans, key=lambda span: (_agreement(tags, span, fields), -span[0]))
    left = {name: list(values) for name, values in fields.items()}  # several boxes of a name take its values in turn
    out: list[str] = []
    at = tags[first].end
    out.append(page[:at])
    choosing: set[str] | None = None  # the values chosen in the <select> being read, when it is being filled
    button = ""
    pressed: tuple[str, bool] | None = None  # the words of the button pressed, and whether it only fills the form
    i = first + 1
    while i < last:
        tag = tags[i]
        out.append(page[at : tag.start])
        at = tag.end
        drawn = page[tag.start : tag.end]
        name = tag.get("name") or ""
        kind = (tag.get("type") or "").lower()
        fill = bool(name) and name not in TOKENS and not is_secret(name) and not tag.has("disabled")
        if tag.name == "button" and not tag.closing and kind in ("", "submit") and not (button and pressed):
            end = page.find("</button>", tag.end)
            words = " ".join(html.unescape(_WORDS.sub(" ", page[tag.end : end])).split()) if end > 0 else ""
            button = button or words
            if pressed is None and name and (tag.get("value") or "") in fields.get(name, []):
                pressed = (words, tag.has("data-fills-only"))
        elif tag.name == "input" and not tag.closing and name in notes:
            said = html.escape(notes[name], quote=False)
            drawn += f'<p class="message warn kept-left-out" id="kept-{html.escape(name)}" role="status">{said}</p>'
        elif tag.name == "input" and fill and kind not in _UNFILLED_TYPES:
            if kind in ("checkbox", "radio"):
                ticked = (tag.get("value") or "on") in fields.get(name, [])
                drawn = _with(tag, drop={"checked"}, add=[("checked", None)] if ticked else [])
            elif left.get(name):
                drawn = _with(tag, drop={"value"}, add=[("value", left[name].pop(0))])
        elif tag.name == "select":
            choosing = set(fields[name]) if not tag.closing and fill and name in fields else None
        elif tag.name == "option" and not tag.closing and choosing is not None:
            value = tag.get("value")
            if value is None:  # an option without a value sends its words
                value = html.unescape(page[tag.end : page.find("<", tag.end)]).strip()
            drawn = _with(tag, drop={"selected"}, add=[("selected", None)] if value in choosing else [])
        elif tag.name == "textarea" and not tag.closing and fill and left.get(name):
            shut = next((j for j in range(i + 1, last) if tags[j].name == "textarea" and tags[j].closing), None)
            if shut is not None:
                text = left[name].pop(0)  # a newline just after <textarea> is not read as the text's: kept by doubling
                out.append(drawn + ("\n" if text.startswith("\n") else "") + html.escape(text, quote=False))
                at = tags[shut].start
                i = shut
                continue
        out.append(drawn)
        i += 1
    out.append(page[at:])
    if pressed is not None and pressed[0]:
        return Refilled("".join(out), True, pressed[0], pressed[1])
    return Refilled("".join(out), True, button)
