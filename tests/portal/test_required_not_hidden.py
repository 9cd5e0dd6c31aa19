"""No template draws a control the browser requires inside something the page hides from it.

A `required` box inside an element drawn `hidden` stops its form silently: the browser refuses to send it and cannot
show the box to say why ("An invalid form control … is not focusable" in the console, nothing on the page). QA met it
as "Hủy ca này" doing nothing in a board cell's panel loaded by htmx, whose <noscript> box to tick (asked of a browser
without script) htmx parses as a real one; portal.js removes every <noscript> htmx brings in
(tests/portal/test_confirm_browser.py cancels a shift so). The rule here, over every template's source: no `required`
control inside an element that has `hidden` — in any branch, as a conditional `hidden` counts as one — nor inside a
<noscript> anywhere but partials/forms.html's ask_without_script, whose box is the one portal.js's rule is for."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import portal

TEMPLATES = Path(portal.__file__).parent / "templates"
# Jinja's own syntax, taken out so that `<li{% if own %} hidden{% endif %}>` reads as `<li hidden>`: every branch drawn
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CONTROLS = {"input", "select", "textarea"}
NOSCRIPT_ALLOWED = "partials/forms.html"


class _Hidden(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, hides what it holds)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        hidden_by = [t for t, hides in self.open if hides]
        if tag in CONTROLS and "required" in names and hidden_by:
            kind = dict(attrs).get("type") or tag
            self.found.append(f"line {self.getpos()[0]}: a required {kind} inside <{hidden_by[-1]}> hidden")
        if tag not in VOID:
            self.open.append((tag, "hidden" in names or tag == "noscript"))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):  # tolerant of the unclosed (<p>, <li>): up to its own opening
            if self.open[i][0] == tag:
                del self.open[i:]
                return


def _required_hidden(source: str) -> list[str]:
    parser = _Hidden()
    parser.feed(JINJA.sub("", source))
    parser.close()
    return parser.found


def test_no_template_hides_a_required_control() -> None:
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        source = path.read_text("utf-8")
        if name == NOSCRIPT_ALLOWED:  # its one <noscript>, ask_without_script's box, is portal.js's to remove
            source = re.sub(r"<noscript>.*?</noscript>", "", source, flags=re.S)
        if problems := _required_hidden(source):
            found[name] = problems
    assert found == {}


def test_the_rule_sees_a_required_control_hidden_in_any_branch() -> None:
    assert _required_hidden('<div hidden><label>Lý do <textarea name="reason" required></textarea></label></div>')
    assert _required_hidden('<ul><li{% if own %} hidden{% endif %}><input type="checkbox" required></li></ul>')
    assert _required_hidden('<noscript><input type="checkbox" name="confirmed" value="yes" required></noscript>')
    assert not _required_hidden('<div hidden><input type="search"></div><textarea required></textarea>')
    assert not _required_hidden('<ul><li>one<li hidden>two</ul><select name="x" required></select>')
