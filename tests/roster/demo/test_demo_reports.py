"""The demo's daily reports (issue 15, part 2), loaded with the rest of `make run`'s data into a real roster
process: every enterprise's reports to mùng 1 Tết sent on time (one corrected as version 2), but those of the one
late on purpose and one left unsent, and loading twice changes nothing."""

from __future__ import annotations

from .demo_support import LoadedDemo, signed_in


def test_demo_reports_submitted_corrected_and_missing(demo_roster: LoadedDemo, capsys) -> None:
    """Every enterprise's report of every day to mùng 1 Tết is sent on time by its manager (QZ26 #9: none was, and every
    enterprise read as negligent), but Bưu điện tỉnh Long An's — late on purpose, then not at all — and Viettel's of
    mùng 1 (the portal's test sends it); VNPT's of giao thừa corrected as version 2; numbered in the order sent. (Each
    at its moment, on time or late, in the phased load: tests/e2e/test_demo_phased_load.py.)"""
    assert (
        "daily reports: 37 submitted (one corrected as version 2); Bưu điện tỉnh Long An late" in demo_roster.first_load
    )
    demo_roster.load_again()  # idempotent, and says so
    assert "daily reports already loaded; nothing to do" in capsys.readouterr().out
    with signed_in(demo_roster.url, timeout=30) as client:
        enterprises = {e["id"]: e["name"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
        reports = client.get("/daily-reports", params={"limit": 100}).json()["items"]
        found = sorted((enterprises[r["enterprise_id"]], r["day"], r["version"]) for r in reports)
        days = [f"2027-01-{d}" for d in (30, 31)] + [f"2027-02-0{d}" for d in range(1, 7)]
        assert [(d, v) for e, d, v in found if e == "VNPT Long An"] == [(d, 1) for d in days[:-1]] + [
            ("2027-02-05", 2),
            ("2027-02-06", 1),
        ]
        for name, sent in (
            ("Viettel Long An", days[:-1]),
            ("MobiFone Long An", days),
            ("Đài Phát thanh và Truyền hình Long An", days),
            ("Bưu điện tỉnh Long An", days[:5]),
        ):
            assert [d for e, d, _ in found if e == name] == sent, name

        # each enterprise's numbers in the order it sent them
        mobifone = sorted(
            (r["day"], r["number"]) for r in reports if enterprises[r["enterprise_id"]] == "MobiFone Long An"
        )
        assert [n for _, n in mobifone] == [f"{i}/BC-MLA" for i in range(1, 9)]
        corrected = next(r for r in reports if r["version"] == 2)
        assert "khôi phục lúc 01:55" in corrected["remarks"]
        assert [v["version"] for v in client.get(f"/daily-reports/{corrected['id']}").json()["versions"]] == [1, 2]
        # Signed by the manager who submitted (a name, not a login), superseding the first version.
        first = next(r for r in reports if (r["day"], r["version"]) == ("2027-02-05", 1) and r["id"] != corrected["id"])
        assert corrected["supersedes"] in {first["id"]} | {r["id"] for r in reports if r["version"] == 1}
        assert corrected["submitted_by_name"] and "@" not in corrected["submitted_by_name"]
