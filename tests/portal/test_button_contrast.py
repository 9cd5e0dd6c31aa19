"""QA (mùng 2 Tết): "Remove the item" (class `secondary danger`) was dark red ink on a red ground, 1.2:1 — the
secondary's ink met the danger's ground. Every danger button the templates use is read here as the stylesheet
cascades it (rules of `button` and its classes alone, by specificity then order) and must meet WCAG AA (4.5:1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import portal

STATIC = Path(portal.__file__).parent / "static" / "portal.css"
TEMPLATES = Path(portal.__file__).parent / "templates"


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _button_style(css: str, classes: frozenset[str]) -> dict[str, str]:
    """`color` and `background` of a <button> with these classes, as the stylesheet's rules of `button` (and its
    classes, no ancestors, no states) cascade them."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    variables = dict(re.findall(r"--([\w-]+):\s*([^;]+);", css))
    won: dict[str, tuple[tuple[int, int], str]] = {}
    for order, (selectors, body) in enumerate(re.findall(r"([^{}]+)\{([^{}]*)\}", css)):
        for selector in (s.strip() for s in selectors.split(",")):
            found = re.fullmatch(r"button((?:\.[\w-]+)*)", selector)
            if found is None or not set(found.group(1).split(".")[1:]) <= classes:
                continue
            weight = (found.group(1).count("."), order)
            for name, value in re.findall(r"(?<![\w-])(color|background)(?:-color)?\s*:\s*([^;]+)", body):
                if name not in won or won[name][0] <= weight:
                    won[name] = (weight, value.strip())
    resolved = {}
    for name, (_, value) in won.items():
        while (var := re.fullmatch(r"var\(--([\w-]+)\)", value)) is not None:
            value = variables[var.group(1)].strip()
        resolved[name] = value
    return resolved


def _danger_buttons() -> set[frozenset[str]]:
    used: set[frozenset[str]] = set()
    for page in TEMPLATES.rglob("*.html"):
        for classes in re.findall(r'<button[^>]*class="([^"]*\bdanger\b[^"]*)"', page.read_text(encoding="utf-8")):
            used.add(frozenset(classes.split()))
    return used


def _named(classes: frozenset[str]) -> str:
    return " ".join(sorted(classes))


def test_the_templates_danger_buttons_are_the_ones_read_here() -> None:
    assert {frozenset({"danger"}), frozenset({"secondary", "danger"})} <= _danger_buttons()


@pytest.mark.parametrize("classes", sorted(_named(c) for c in _danger_buttons()))
def test_every_danger_button_meets_wcag_aa(classes: str) -> None:
    style = _button_style(STATIC.read_text(encoding="utf-8"), frozenset(classes.split()))
    assert _contrast(style["color"], style["background"]) >= 4.5, style
