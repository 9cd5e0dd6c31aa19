"""The incidents of `make run`'s demo (issue 15, part 1), loaded into a real roster process: the fibre cut at
a border site at 23:40 on giao thừa with its responders on duty, updates and restore time, opened by the
enterprise's duty staff account; one incident still open; loading twice records nothing twice."""

from __future__ import annotations

from .demo_support import LoadedDemo, signed_in


def test_the_demo_incidents(demo_roster: LoadedDemo, capsys) -> None:
    assert "incidents demo: 3 incident(s) recorded" in demo_roster.first_load
    demo_roster.load_again()
    assert "incidents demo already loaded; nothing to do" in capsys.readouterr().out

    with signed_in(demo_roster.url) as client:
        found = client.get("/incidents", params={"limit": 50}).json()
        assert found["total"] == 3
        cut = next(i for i in found["items"] if i["detected_at"] == "2027-02-05T16:40:00Z")
        assert (cut["site_name"], cut["district"], cut["border"]) == ("Trạm viễn thông Hưng Điền", "Tân Hưng", True)
        assert (cut["status"], cut["severe"], cut["restored_at"]) == ("resolved", True, "2027-02-05T18:55:00Z")
        assert [(r["full_name"], r["on_duty"]) for r in cut["responders"]] == [
            ("Trương Công Danh", True),
            ("Lâm Hoàng Phúc", True),
        ]
        assert len(cut["updates"]) == 2 and cut["opened_by"].endswith("@vnpt-longan.vn")  # the duty staff account
        assert cut["campaign_id"] == client.get("/campaigns").json()["items"][0]["id"]
        assert [i["status"] for i in found["items"]].count("open") == 1
