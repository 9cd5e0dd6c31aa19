"""`make run`'s duty day at its clock (10:00 on mùng 2 Tết): each demo staff account has a published shift it can
check in to at once (QA: all five had their next shift at 06:00 mùng 3 and none that day), and the people on the
shifts under way have mostly checked in, as themselves — all but the deliberate missed check-ins (MISSED)."""

from __future__ import annotations

from datetime import datetime, timedelta

from devstack.demo import ENTERPRISES
from devstack.demo_directive.checkins import MISSED, NOTES

from .demo_support import LoadedDemo, signed_in

DEMO_STAFF = {
    "anhptn@vnpt-longan.vn": "VNPT Long An",
    "nhunglth@viettel-longan.vn": "Viettel Long An",
    "nhitty@mobifone-longan.vn": "MobiFone Long An",
    "vyptt@buudien-longan.vn": "Bưu điện tỉnh Long An",
    "tamltt@la34-longan.vn": "Đài Phát thanh và Truyền hình Long An",
}


def test_each_demo_staff_account_has_a_shift_to_check_in_to_now(demo_roster: LoadedDemo, capsys) -> None:
    assert "check-ins demo: a shift to check in to now for" in demo_roster.first_load
    with signed_in(demo_roster.url) as admin:
        staff_accounts = {
            a["login"] for a in admin.get("/accounts", params={"role": "staff", "limit": 500}).json()["items"]
        }
    assert set(DEMO_STAFF) <= staff_accounts
    for login in DEMO_STAFF:
        now = demo_roster.clock()
        with signed_in(demo_roster.url, login) as client:
            me = client.get("/auth/me").json()
            mine = client.get(
                "/shifts",
                params={
                    "staff_id": me["staff_id"],
                    "from": now.isoformat(),
                    "to": (now + timedelta(hours=1)).isoformat(),
                },
            ).json()["items"]
            [shift] = [s for s in mine if s["status"] == "published"]
            assert shift["notes"] == NOTES and shift["duty_type"] == "operations"
            starts = datetime.fromisoformat(shift["starts_at"])
            assert timedelta(0) < starts - now <= timedelta(minutes=30), (login, shift["starts_at"], now)
            checked = client.post(
                f"/shifts/{shift['id']}/check-in",
                json={"staff_id": me["staff_id"]},
                headers={"If-Match": f'"{shift["version"]}"'},
            )
            assert checked.status_code == 200, (login, checked.text)
            assert checked.json()["status"] == "checked_in"
            # Its next shift of the roster is the next morning's: the new one double-books nobody.
            assert not any(
                s["id"] != shift["id"] and datetime.fromisoformat(s["starts_at"]) < now + timedelta(hours=5)
                for s in mine
            )
    demo_roster.load_again()  # a person with a shift open to check in (or checked in) gets no other
    assert "a shift to check in to now" not in capsys.readouterr().out


def test_the_shifts_under_way_are_mostly_checked_in_except_the_missed_ones(demo_roster: LoadedDemo) -> None:
    now = demo_roster.clock()
    names = {e.name for e in ENTERPRISES}
    with signed_in(demo_roster.url) as client:
        [campaign] = client.get("/campaigns", params={"kind": "tet"}).json()["items"]
        enterprises = {e["id"]: e["name"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
        assert set(enterprises.values()) == names
        shifts = client.get(
            "/shifts",
            params={
                "campaign_id": campaign["id"],
                "from": now.isoformat(),
                "to": (now + timedelta(seconds=1)).isoformat(),
                "limit": 500,
            },
        ).json()["items"]
    under_way = [s for s in shifts if s["notes"] != NOTES and datetime.fromisoformat(s["starts_at"]) <= now]
    places = [(enterprises[s["enterprise_id"]], s["duty_type"], a) for s in under_way for a in s["assignees"]]
    checked = [(e, d) for e, d, a in places if a["checked_in_at"]]
    missed = sorted((e, d) for e, d, a in places if not a["checked_in_at"])
    # At 10:00 on mùng 2: each enterprise's leader, operator and technician, and the telecoms' border patrols.
    assert len(places) == 18
    assert missed == sorted(MISSED) and len(checked) == 15
    for shift in under_way:
        for a in shift["assignees"]:
            if a["checked_in_at"]:  # at the load, at roster's clock: after the start, so it reads as it was
                assert datetime.fromisoformat(shift["starts_at"]) < datetime.fromisoformat(a["checked_in_at"]) <= now
                assert shift["status"] == "checked_in"
