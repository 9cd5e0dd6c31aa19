"""QA round Q's wording, read from the catalogues the pages are drawn from: one name for the giao thừa peak on the
board (legend and day badge alike), “…” around a choice's name in the swap form's hints as elsewhere, one
"Nộp muộn" for a late report (the inspector's status used a lower-case one of its own). That no « » is left in
either language is tests/contract/test_house_rules.py's to say."""

from __future__ import annotations

import tomllib
from pathlib import Path

MESSAGES = Path(__file__).resolve().parents[2] / "services" / "portal" / "src" / "portal" / "messages"


def _catalogue(lang: str, name: str) -> dict:
    return tomllib.loads((MESSAGES / lang / f"{name}.toml").read_text(encoding="utf-8"))


def test_the_boards_legend_names_the_peak_as_its_day_badge_does() -> None:
    for lang in ("vi", "en"):
        board = _catalogue(lang, "board")
        # the badge names roster's own peak ("Giao thừa") in the page's language (QZ16 #8: "New Year's Eve
        # (Giao thừa)" in English), and the legend names it the same way — not one over a badge saying the other (QA)
        name = _catalogue(lang, "common")["campaign"]["peak"]["giao_thua"]
        # (each of the campaign's peaks, with its times after its name: QZ24 #3)
        legend = board["legend"]["peak"].format(name=name, span="18:00 05/02/2027 → 06:00 06/02")
        assert legend.startswith(board["peak_tag"].format(name=name)), lang
        assert legend.endswith("18:00 05/02/2027 → 06:00 06/02"), lang
    assert _catalogue("en", "common")["campaign"]["peak"]["giao_thua"] == "New Year's Eve (Giao thừa)"


def test_the_swap_forms_hints_quote_the_choice_as_it_reads_in_curly_quotes() -> None:
    swaps = _catalogue("vi", "swaps")
    for key in ("to_hint", "nobody"):
        assert '"' not in swaps["ask"][key] and "“Bất kỳ đồng nghiệp”" in swaps["ask"][key], key
    assert swaps["anyone"].startswith("Bất kỳ đồng nghiệp")
    english = _catalogue("en", "swaps")["ask"]
    assert '"' not in english["to_hint"] and "“Any qualified colleague”" in english["to_hint"]


def test_a_late_report_is_said_one_way_on_every_page() -> None:
    reports = MESSAGES.parent / "templates" / "reports"
    template = (reports / "status.html").read_text(encoding="utf-8")
    timing = (reports / "_timing.html").read_text(encoding="utf-8")  # the one mark of every sent report (QZ27 #12)
    assert "report_timing" in template and 't("late.report_tag")' in timing
    assert "day_view.late" not in template + timing
    assert _catalogue("vi", "late")["report_tag"] == "Nộp muộn"


def test_a_required_box_left_empty_is_said_one_way_and_as_the_readme_quotes_it() -> None:
    """QA: the server said "Hãy điền mục này." where portal.js and the README say "Hãy điền ô này."."""
    for lang in ("vi", "en"):
        assert _catalogue(lang, "admin")["errors"]["required"] == _catalogue(lang, "common")["required"]["fill"]
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f'("{_catalogue("vi", "common")["required"]["fill"]}"' in readme
