"""The campaign report's page words (portal/domain/campaign_report.py), pure: the incidents by sector as the page
lists them; the conclusion in the page's language from audit's facts, in Vietnamese audit's own sentences."""

from __future__ import annotations

from typing import Any

from audit.domain import campaign_report as cr
from portal.app import load_catalogue
from portal.domain.campaign_report import conclusion_lines, sector_rows


def test_incidents_by_sector_in_the_directives_order_adding_up_to_the_total() -> None:
    by_sector = {"television": 1, "telecom": 3, "postal": 2, "internet": 0, "satellite": 1}
    assert sector_rows(by_sector, 9) == [("postal", 2), ("telecom", 3), ("television", 1), ("satellite", 1), ("", 2)]
    assert sector_rows({"telecom": 2}, 2) == [("telecom", 2)]
    assert sector_rows({}, 0) == []


# Every fact audit's conclusion says (audit.domain.campaign_report.SAID_KEYS), with and without its optional parts,
# as the report's JSON carries them (conclusion_facts).
FACTS: list[tuple[str, dict[str, Any]]] = [
    ("no_requirement", {}),
    ("all_kept", {"required_hours": 1234.5}),
    ("short", {"count": 2, "enterprises": 3, "gaps": 3, "person_hours": 9.0,
               "each": [{"name": "Bưu điện tỉnh Long An", "hours": 3.0}, {"name": "VNPT Long An", "hours": 6.0}]}),
    ("plan_full", {}),
    ("absent", {"count": 1, "enterprises": 3, "absences": 1, "person_hours": 0.5,
                "each": [{"name": "VNPT Long An", "hours": 0.5}]}),
    ("night_short", {"missing_hours": 2.25, "required_hours": 36.0}),
    ("night_kept", {"required_hours": 36.0}),
    ("incidents", {"count": 3, "critical": 1, "restore_worst_seconds": 7500, "open": 1}),
    ("incidents", {"count": 1, "critical": 0, "restore_worst_seconds": None, "open": 0}),
    ("no_incidents", {}),
    ("daily_reports", {"on_time": 1, "owed": 4, "late": 2, "missing": 1,
                       "each": [{"name": "Bưu điện tỉnh Long An", "missing": 1}]}),
    ("daily_reports", {"on_time": 4, "owed": 4, "late": 0, "missing": 0, "each": []}),
    ("inspections", {"done": 5, "overdue": 1, "cancelled": 2}),
    ("inspections", {"done": 1, "overdue": 0, "cancelled": 0}),
    ("findings", {"count": 2, "with_discrepancies": 1}),
    ("findings_clean", {"count": 1}),
    ("tet_hours", {"on_time": 7, "owed": 9, "late": 1, "missing": 1}),
    ("readiness", {"done": 10, "total": 12, "overdue": 2}),
    ("readiness", {"done": 12, "total": 12, "overdue": 0}),
    ("all_kept", {"required_hours": 408.0, "one": "VNPT Long An"}),
    ("short", {"count": 1, "enterprises": 1, "gaps": 4, "person_hours": 24.0, "one": "VNPT Long An",
               "each": [{"name": "VNPT Long An", "hours": 24.0}]}),
    ("plan_full", {"one": "Bưu điện tỉnh Long An"}),
    ("absent", {"count": 1, "enterprises": 1, "absences": 1, "person_hours": 4.0, "one": "VNPT Long An",
                "each": [{"name": "VNPT Long An", "hours": 4.0}]}),
    ("daily_reports", {"on_time": 1, "owed": 2, "late": 0, "missing": 1, "one": "VNPT Long An",
                       "each": [{"name": "VNPT Long An", "missing": 1}]}),
    ("explanations", {"owed": 4, "unexplained": 2, "submitted": 0, "more_asked": 1, "accepted": 1}),
    ("explanations", {"owed": 1, "unexplained": 0, "submitted": 0, "more_asked": 0, "accepted": 1}),
    ("explanations", {"owed": 2, "unexplained": 2, "submitted": 0, "more_asked": 0, "accepted": 0}),
]  # fmt: skip


def _lines(lang: str, facts: list[dict[str, Any]], vietnamese: list[str]) -> list[str]:
    catalogue = load_catalogue()
    return conclusion_lines(facts, vietnamese, lambda key, **kw: catalogue.text(key, lang, **kw), lang)


def test_the_conclusion_in_vietnamese_is_audits_sentence_for_sentence_and_english_on_the_english_page() -> None:
    """V2 #5: the page said “Đánh giá chung” in Vietnamese in English too. Audit gives the facts; the page's words
    come from its catalogue — in Vietnamese exactly the sentences audit prints in the PDF, in English its own."""
    facts = [{"key": key, "values": values} for key, values in FACTS]
    assert {key for key, _ in FACTS} == set(cr.SAID_KEYS)
    printed = [cr.said_vi(cr.Said(key, values)) for key, values in FACTS]
    assert _lines("vi", facts, printed) == printed
    english = _lines("en", facts, printed)
    assert english[2] == (
        "2/3 enterprises left their rosters short of people, 9 person-hours in all (3 gaps): "
        "Bưu điện tỉnh Long An 3, VNPT Long An 6."
    )
    assert english[4] == (
        "1/3 enterprises had people on the roster who were not there, 0.5 person-hours in all (1 time): VNPT Long An 0.5."
    )
    assert english[5] == "Giao thừa night was 2.25 person-hours short of the 36 person-hours required."
    assert english[7] == (
        "3 information incidents occurred, 1 of them critical; the longest restoration took 2 h 05 min; "
        "1 still not restored."
    )
    assert english[8] == "1 information incident occurred; the longest restoration took —; all were restored."
    assert english[10] == "Daily reports: 1/4 on time, 2 late, 1 not submitted (Bưu điện tỉnh Long An 1 missing)."
    assert english[12] == "The inspection team made 5 planned inspections, 1 overdue and not yet made, 2 cancelled."
    assert english[17] == "Readiness before Tết: 10/12 items done, 2 overdue and not done."
    # none of them Vietnamese but the names, Tết and giao thừa
    for line in english:
        rest = line.replace("Bưu điện tỉnh Long An", "").replace("Tết", "").replace("Giao thừa", "")
        assert rest.isascii() or "—" in rest, line


def test_a_fact_the_portal_has_no_words_for_is_said_as_audit_said_it() -> None:
    facts = [{"key": "no_incidents", "values": {}}, {"key": "something_new", "values": {"n": 1}}]
    assert _lines("en", facts, ["Không xảy ra sự cố thông tin.", "Một câu mới của hệ thống kiểm tra."]) == [
        "No information incidents occurred.",
        "Một câu mới của hệ thống kiểm tra.",
    ]
