"""The campaign report's figures as its page writes them: person-hours with the language's decimal mark, durations
in hours and minutes. Pure."""

from __future__ import annotations

from collections.abc import Mapping


def figure(hours: float | None, lang: str = "vi") -> str:
    """Person-hours as the heat map writes them: whole as such ("47"), else to two decimals with the language's mark
    ("117,75" / "117.75"); "—" for none."""
    if hours is None:
        return "—"
    text = f"{round(float(hours), 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def duration(seconds: float | None, lang: str = "vi") -> str:
    """A duration to the minute: "2 giờ 05 phút" / "2 h 05 min", "45 phút" / "45 min", "3 ngày 4 giờ" / "3 d 4 h";
    "—" when not known."""
    if seconds is None:
        return "—"
    minutes = max(0, round(float(seconds) / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    vi = lang == "vi"
    if days:
        return f"{days} ngày {hours} giờ" if vi else f"{days} d {hours} h"
    if hours:
        return f"{hours} giờ {mins:02d} phút" if vi else f"{hours} h {mins:02d} min"
    return f"{mins} phút" if vi else f"{mins} min"


SECTORS = ("postal", "telecom", "internet", "television")


def sector_rows(by_sector: Mapping[str, int], count: int) -> list[tuple[str, int]]:
    """Audit's incidents per sector (`by_sector` of the report's total) as the page lists them: the directive's order
    (postal, telecom, internet, television; any other after), only those with incidents, then "" for those whose
    enterprise's sector audit does not know, so that the rows add up to `count`."""
    order = {s: i for i, s in enumerate(SECTORS)}
    rows = sorted(((s, n) for s, n in by_sector.items() if n), key=lambda p: (order.get(p[0], len(order)), p[0]))
    if unknown := count - sum(n for _, n in rows):
        rows.append(("", unknown))
    return rows
