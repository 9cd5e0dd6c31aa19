"""The demo's daily reports (issue 15, part 2), loaded with the rest of `make run`'s data into a real roster
process: submitted reports for some enterprises and days (one corrected as version 2), none for the others,
and loading twice changes nothing."""

from __future__ import annotations

from .demo_support import LoadedDemo, signed_in


def test_demo_reports_submitted_corrected_and_missing(demo_roster: LoadedDemo, capsys) -> None:
    assert "daily reports: 5 submitted (one corrected as version 2)" in demo_roster.first_load
    demo_roster.load_again()  # idempotent, and says so
    assert "daily reports already loaded; nothing to do" in capsys.readouterr().out
    with signed_in(demo_roster.url, timeout=30) as client:
        enterprises = {e["id"]: e["name"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
        reports = client.get("/daily-reports", params={"limit": 100}).json()["items"]
        found = sorted((enterprises[r["enterprise_id"]], r["day"], r["version"]) for r in reports)
        assert found == [
            ("MobiFone Long An", "2027-02-06", 1),
            ("VNPT Long An", "2027-02-05", 1),
            ("VNPT Long An", "2027-02-05", 2),
            ("VNPT Long An", "2027-02-06", 1),
            ("Viettel Long An", "2027-02-05", 1),
        ]
        corrected = next(r for r in reports if r["version"] == 2)
        assert "khôi phục lúc 01:55" in corrected["remarks"]
        assert [v["version"] for v in client.get(f"/daily-reports/{corrected['id']}").json()["versions"]] == [1, 2]
        # Signed by the manager who submitted (a name, not a login), superseding the first version.
        first = next(r for r in reports if (r["day"], r["version"]) == ("2027-02-05", 1) and r["id"] != corrected["id"])
        assert corrected["supersedes"] in {first["id"]} | {r["id"] for r in reports if r["version"] == 1}
        assert corrected["submitted_by_name"] and "@" not in corrected["submitted_by_name"]
