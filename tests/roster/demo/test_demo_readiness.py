"""`make run`'s readiness checklist: the directive's items seeded for the demo campaign, due before it, and
a half-done checklist across the enterprises — some done with notes, some overdue as of now; loading twice
adds nothing."""

from __future__ import annotations

from datetime import datetime

from .demo_support import LoadedDemo, signed_in


def test_demo_checklist_is_half_done_with_overdue_items(demo_roster: LoadedDemo, capsys) -> None:
    assert "marked done across the enterprises" in demo_roster.first_load
    demo_roster.load_again()
    assert "readiness checklist already loaded" in capsys.readouterr().out

    with signed_in(demo_roster.url) as client:
        [campaign] = client.get("/campaigns").json()["items"]
        items = client.get(f"/campaigns/{campaign['id']}/readiness-items", params={"limit": 500}).json()
        assert {i["sector"] for i in items["items"]} == {"postal", "telecom", "internet", "television"}
        assert all(i["due_at"] < campaign["starts_at"].replace("+00:00", "Z") for i in items["items"])
        now = demo_roster.clock()  # roster's: `make run`'s test clock, 10:00 on mùng 2 Tết
        counts = {}
        for e in client.get("/enterprises").json()["items"]:
            url = f"/enterprises/{e['id']}/readiness"
            checklist = client.get(url, params={"campaign_id": campaign["id"]}).json()
            summary = client.get(f"{url}/summary", params={"campaign_id": campaign["id"]}).json()
            counts[e["name"]] = (summary["done"], summary["overdue"], summary["open"])
            assert summary["total"] == checklist["total"] == len(checklist["items"])
            for line in checklist["items"]:
                if line["done"]:
                    assert line["note"] and line["reference"] and line["done_by"]
        assert counts["VNPT Long An"][0] == 6 and counts["Đài Phát thanh và Truyền hình Long An"][0] == 0
        assert sum(done for done, _, _ in counts.values()) == 11
        assert now > datetime.fromisoformat(campaign["starts_at"])
        # Tết is on, past every item's deadline: what is not done is overdue, nothing merely open
        assert all(open_ == 0 for _, _, open_ in counts.values()), counts
        assert counts["Viettel Long An"][1] > 0 and counts["VNPT Long An"][1] > 0
