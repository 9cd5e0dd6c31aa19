"""The campaign report's figures as its page writes them: person-hours with the language's decimal mark, durations
in hours and minutes, the incidents by sector, and the conclusion's sentences in the page's language from audit's
facts (the PDF, an official document, stays in audit's Vietnamese). Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


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


def conclusion_lines(
    facts: Sequence[Mapping[str, Any]], vietnamese: Sequence[str], t: Callable[..., str], lang: str
) -> list[str]:
    """ "Đánh giá chung" in the page's language: each of audit's facts (`conclusion_facts`) said by the catalogue
    (`campaign_report.said.<key>`), its figures written as the page writes them; a fact the portal has no words for
    (audit newer than the portal) is audit's Vietnamese sentence at its place (`conclusion`)."""
    out = []
    for i, fact in enumerate(facts):
        line = _said(str(fact.get("key")), fact.get("values") or {}, t, lang)
        out.append(line if line is not None else (vietnamese[i] if i < len(vietnamese) else ""))
    return out


def _said(key: str, v: Mapping[str, Any], t: Callable[..., str], lang: str) -> str | None:
    k = "campaign_report.said."

    def num(x: float) -> str:
        return figure(x, lang)

    def part(name: str, n: int) -> str:
        return t(k + name, n=n) if n else ""

    match key:
        case "plan_full" if v.get("one"):  # one enterprise's report: said of it, listing nobody (QZ28 #4)
            return t(k + "plan_full_one", name=v["one"])
        case "no_requirement" | "plan_full" | "no_incidents":
            return t(k + key)
        case "all_kept" if v.get("one"):
            return t(k + "all_kept_one", name=v["one"], required=num(v["required_hours"]))
        case "all_kept" | "night_kept":
            return t(k + key, required=num(v["required_hours"]))
        case "short" | "absent":
            each = ", ".join(t(k + "each_hours", name=e["name"], hours=num(e["hours"])) for e in v["each"])
            times = v["gaps"] if key == "short" else v["absences"]
            if v.get("one"):
                return t(k + key + "_one", name=v["one"], hours=num(v["person_hours"]), times=times)
            return t(k + key, count=v["count"], enterprises=v["enterprises"], hours=num(v["person_hours"]),
                     times=times, each=each)  # fmt: skip
        case "night_short":
            return t(k + key, missing=num(v["missing_hours"]), required=num(v["required_hours"]))
        case "incidents":
            ending = part("incidents_open", v["open"]) or t(k + "incidents_restored")
            return t(k + key, count=v["count"], critical=part("incidents_critical", v["critical"]),
                     restore=duration(v["restore_worst_seconds"], lang), ending=ending)  # fmt: skip
        case "daily_reports":
            each = ", ".join(t(k + "each_missing", name=e["name"], n=e["missing"]) for e in v["each"])
            return t(k + key, on_time=v["on_time"], owed=v["owed"], late=v["late"], missing=v["missing"],
                     each=t(k + "each_list", each=each) if v["missing"] and not v.get("one") else "")  # fmt: skip
        case "inspections":
            return t(k + key, done=v["done"], overdue=part("inspections_overdue", v["overdue"]),
                     cancelled=part("inspections_cancelled", v["cancelled"]))  # fmt: skip
        case "findings":
            return t(k + key, count=v["count"], found=v["with_discrepancies"])
        case "findings_clean":
            return t(k + key, count=v["count"])
        case "tet_hours":
            return t(k + key, on_time=v["on_time"], owed=v["owed"], late=v["late"], missing=v["missing"])
        case "readiness":
            return t(k + key, done=v["done"], total=v["total"], overdue=part("readiness_overdue", v["overdue"]))
        case "explanations":
            parts = [t(k + f"explanations_{s}", n=v[s]) for s in ("accepted", "more_asked", "submitted") if v[s]]
            return t(k + key, owed=v["owed"], explained=v["owed"] - v["unexplained"],
                     parts=t(k + "explanations_part", parts=", ".join(parts)) if parts else "",
                     unexplained=part("explanations_unexplained", v["unexplained"]))  # fmt: skip
    return None
