"""QZ8 at 390 px: /inspect/tet-hours's table (513 px in a 371 px box) scrolled sideways in a box the keyboard could not
reach (axe: scrollable-region-focusable). Every table box of the portal's templates (`.table-wrap`, which scrolls
sideways when its table is wider than the screen) is a stop of the keyboard — tabindex=0, role=region — named as its
table is (its caption's words, or the heading the table is labelled by), with a ring seen when focused."""

from __future__ import annotations

import re
from pathlib import Path

import portal

TEMPLATES = Path(portal.__file__).parent / "templates"
CSS = Path(portal.__file__).parent / "static" / "portal.css"
WRAP = re.compile(r'<div class="table-wrap[^"]*"[^>]*>')


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def _t_call(expression: str) -> str:
    """The catalogue key and arguments of a `t(...)` call, quotes made alike ("x" and 'x' are the same words)."""
    return re.sub(r"\s+", "", expression.replace('"', "'"))


def test_every_table_box_is_a_named_keyboard_stop_like_its_table() -> None:
    boxes = 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for wrap in WRAP.finditer(text):
            boxes += 1
            where = f"{path.relative_to(TEMPLATES)}: {wrap.group(0)}"
            tag = wrap.group(0)
            assert _attr(tag, "tabindex") == "0" and _attr(tag, "role") == "region", where
            table = re.search(r"<table[^>]*>(.*?)</table>", text[wrap.end() :], re.S)
            assert table is not None, where
            table_tag = re.match(r"<table[^>]*>", table.group(0))
            assert table_tag is not None
            by = _attr(table_tag.group(0), "aria-labelledby")
            label = _attr(table_tag.group(0), "aria-label")
            caption = re.search(r"<caption[^>]*>(.*?)</caption>", table.group(1), re.S)
            if by:  # the table named by a heading: so is its box
                assert _attr(tag, "aria-labelledby") == by, where
            elif label:
                assert _attr(tag, "aria-label") == label, where
            else:  # named by its caption: the box's label says the caption's words
                assert caption is not None, where
                said = re.search(r"\{\{\s*(.*?)\s*\}\}", caption.group(1))
                box = re.search(r"\{\{\s*(.*?)\s*\}\}", _attr(tag, "aria-label") or "")
                assert said and box and _t_call(said.group(1)) == _t_call(box.group(1)), where
    assert boxes >= 35, boxes  # every list page of the portal has one: the walk found them


def test_a_focused_table_box_shows_its_ring() -> None:
    css = CSS.read_text(encoding="utf-8")
    ring = re.search(r"\.table-wrap\[tabindex\]:focus-visible\s*\{([^}]*)\}", css)
    assert ring and "outline: 3px solid var(--focus)" in ring.group(1)
