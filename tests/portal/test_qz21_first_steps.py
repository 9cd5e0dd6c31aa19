"""QZ21: a manager's reports page, the board's first steps of a new enterprise, and the first-time flow — each on
the page it was met on, in both languages, roster and audit stood in for (tests/portal/test_tet_week_small_things.py)."""

from __future__ import annotations

import html

from .test_tet_week_small_things import TET, Services, _report_statuses, _signed_in

SUMMARY_LINKS = ("/inspect/reports/summary.pdf", "/inspect/reports/summary.xlsx")


# QZ21 #1: the manager's four summary links on /inspect/reports all led to roster's "not found or not yours": the
# province's summary is the Department's.
async def test_the_provinces_summary_is_linked_for_the_department_only() -> None:
    for role, linked in (("manager", False), ("inspector", True), ("admin", True)):
        for lang in ("vi", "en"):
            async with _signed_in(Services(role, audit_also=_report_statuses), lang) as client:
                page = await client.get("/inspect/reports", params={"campaign_id": TET["id"], "day": "2027-02-06"})
                assert page.status_code == 200, page.text[:400]
                assert "VNPT Long An" in page.text  # the day view itself is still there
                for href in SUMMARY_LINKS:
                    assert (href in page.text) is linked, (role, lang, href)
                asked = await client.get(SUMMARY_LINKS[1], params={"campaign_id": TET["id"]})
            if not linked:  # opened by its address: the portal says whose it is, roster not asked
                assert asked.status_code == 403, asked.text[:400]
                said = "báo cáo của Sở gửi Bộ" if lang == "vi" else "the Department's report to the Ministry"
                assert said in html.unescape(asked.text), asked.text
                assert ("“Báo cáo ngày”" if lang == "vi" else "“Daily report”") in html.unescape(asked.text)
