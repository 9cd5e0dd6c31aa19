"""The demo's transaction points' Tết hours (devstack/demo_directive/hours.py), loaded twice into a real
roster process: three points published by their managers (closed on mùng 1), one without, and what the
public sees without signing in."""

from __future__ import annotations

import httpx

from .demo_support import LoadedDemo


def test_demo_points_with_and_without_published_hours(demo_roster: LoadedDemo, capsys) -> None:
    assert "Tết hours published for 3 transaction points" in demo_roster.first_load
    demo_roster.load_again()
    assert "Tết hours published" not in capsys.readouterr().out  # loaded once

    with httpx.Client(base_url=demo_roster.url) as public:  # no token at all
        items = public.get("/public/transaction-hours", params={"limit": 50}).json()["items"]
    assert [(i["district"], i["site_name"]) for i in items] == [
        ("Mộc Hóa", "Cửa hàng Viettel Kiến Tường"),
        ("Tân An", "Bưu cục trung tâm Tân An"),
        ("Tân An", "Điểm giao dịch VNPT Tân An"),
    ]
    for item in items:
        by_day = {d["day"]: d for d in item["days"]}
        assert len(by_day) == 17
        assert by_day["2027-02-06"]["open"] is False  # mùng 1 Tết
        assert by_day["2027-02-05"]["text_vi"] == "07:30–11:30"  # giao thừa: mornings only
        assert by_day["2027-01-30"]["text_vi"] == "07:30–11:30, 13:30–17:00"
    assert items[0]["days"][8]["day"] == "2027-02-07" and items[0]["days"][8]["open"] is False  # Viettel: mùng 2 too
