"""The demo's Tết hours of post offices and transaction points (devstack/demo_directive/hours.py), loaded twice
into a real roster process: three places published by their managers (closed on mùng 1) — two transaction points
and a post office ("bưu cục") —, the provincial post office's other places without, and what the public sees
without signing in."""

from __future__ import annotations

import httpx

from .demo_support import LoadedDemo, signed_in

POST_OFFICE = "Bưu điện tỉnh Long An"


def test_demo_points_with_and_without_published_hours(demo_roster: LoadedDemo, capsys) -> None:
    assert "Tết hours published for 3 places (post offices, transaction points" in demo_roster.first_load
    demo_roster.load_again()
    assert "Tết hours published" not in capsys.readouterr().out  # loaded once

    with httpx.Client(base_url=demo_roster.url) as public:  # no token at all
        items = public.get("/public/transaction-hours", params={"limit": 50}).json()["items"]
    assert [(i["district"], i["site_name"]) for i in items] == [
        ("Mộc Hóa", "Cửa hàng Viettel Kiến Tường"),
        ("Tân An", "Bưu điện Trung tâm Tân An"),
        ("Tân An", "Điểm giao dịch VNPT Tân An"),
    ]
    for item in items:
        by_day = {d["day"]: d for d in item["days"]}
        assert len(by_day) == 17
        assert by_day["2027-02-06"]["open"] is False  # mùng 1 Tết
        assert by_day["2027-02-05"]["text_vi"] == "07:30–11:30"  # giao thừa: mornings only
        assert by_day["2027-01-30"]["text_vi"] == "07:30–11:30, 13:30–17:00"
    assert items[0]["days"][8]["day"] == "2027-02-07" and items[0]["days"][8]["open"] is False  # Viettel: mùng 2 too

    # The provincial post office's places that publish hours: a post office published, one post office and two
    # transaction points not (the demo shows both).
    with signed_in(demo_roster.url) as admin:
        post = next(
            e for e in admin.get("/enterprises", params={"limit": 100}).json()["items"] if e["name"] == POST_OFFICE
        )
        sites = admin.get("/sites", params={"enterprise_id": post["id"], "limit": 100}).json()["items"]
    places = {s["name"]: s["kind"] for s in sites if s["kind"] in ("post_office", "transaction_point")}
    assert places == {
        "Bưu điện Trung tâm Tân An": "post_office",
        "Bưu điện huyện Tân Hưng": "post_office",
        "Điểm giao dịch Bến Lức": "transaction_point",
        "Bưu điện Văn hóa xã Hưng Điền": "transaction_point",
    }
    published = {i["site_name"] for i in items}
    assert {name for name in places if name in published} == {"Bưu điện Trung tâm Tân An"}
