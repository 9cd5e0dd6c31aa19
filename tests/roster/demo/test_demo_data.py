"""`make run`'s demonstration data, loaded into a real roster process through its API: a
realistic Tết Đinh Mùi 2027 with the deliberate gaps it promises, and safe to load twice.
The tests that only read it share one load (`demo_roster`, conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from devstack.demo import INSPECTOR_LOGIN, load_demo_data
from devstack.keys import ADMIN_LOGIN

from .demo_support import DEMO_CREDENTIALS as CREDENTIALS
from .demo_support import LoadedDemo, demo_roster_process, signed_in


@pytest.fixture(scope="module")
def loaded_on_the_wall_clock(postgres_server, schema_template, kafka_server, tmp_path_factory) -> Iterator[str]:
    """The name of a database holding the demonstration data loaded on the wall clock (before Tết: no check-in) by
    a roster process of its own, stopped since: the template the tests that change the data copy (a copy costs
    what an empty database does; each test loaded the demo afresh, some five seconds of CPU)."""
    name = f"t_roster_demo_wall_{uuid.uuid4().hex[:6]}"
    postgres_server.ensure_database(name, template=schema_template("roster"))
    log_file = tmp_path_factory.mktemp("demo-wall-clock") / "roster.log"
    try:
        prefix = f"t{uuid.uuid4().hex[:10]}"
        with demo_roster_process(postgres_server.url(name), kafka_server.bootstrap_servers, prefix, log_file) as url:
            load_demo_data(url, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)
        yield name
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def roster_process(loaded_on_the_wall_clock, postgres_server, kafka, topic_prefix, tmp_path):
    """A roster of the test's own holding the demonstration data loaded on the wall clock (a copy of
    `loaded_on_the_wall_clock`, its administrator included), for a test that changes the data."""
    name = f"t_roster_demo_copy_{uuid.uuid4().hex[:6]}"
    # A copy needs nobody connected to its template: the loading roster has stopped, but a backend of its may still
    # be closing on a busy machine (PostgreSQL waits only 5 s for them).
    postgres_server.psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{loaded_on_the_wall_clock}' AND pid <> pg_backend_pid()"
    )
    postgres_server.ensure_database(name, template=loaded_on_the_wall_clock)
    try:
        database_url = postgres_server.url(name)
        with demo_roster_process(database_url, kafka, topic_prefix, tmp_path / "roster.log", admin=False) as url:
            yield url
    finally:
        postgres_server.drop_database(name)


def coverage(client: httpx.Client, campaign: dict, enterprise: dict, day: str, duty: str) -> dict:
    board = client.get(
        f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board", params={"from": day, "to": day}
    ).json()
    [entry] = [d for d in board["days"][0]["duty_types"] if d["duty_type"] == duty]
    return entry["coverage"][0]


def test_demo_campaign_with_its_deliberate_gaps(demo_roster: LoadedDemo, capsys) -> None:
    assert "demonstration data loaded: Tết Đinh Mùi 2027" in demo_roster.first_load
    demo_roster.load_again()
    assert "already loaded" in capsys.readouterr().out

    roster_process = demo_roster.url
    with signed_in(roster_process) as client:
        [campaign] = client.get("/campaigns").json()["items"]
        enterprises = {e["name"]: e for e in client.get("/enterprises").json()["items"]}
        assert len(enterprises) == 5
        assert {e["sector"] for e in enterprises.values()} == {"telecom", "postal", "television"}
        assert client.get("/staff", params={"limit": 1}).json()["total"] >= 40
        border = client.get("/sites", params={"border_area": True}).json()["items"]
        assert {"Tân Hưng", "Vĩnh Hưng", "Đức Huệ", "Mộc Hóa"} <= {s["district"] for s in border}
        shifts = client.get("/shifts", params={"limit": 1}).json()["total"]
        assert shifts > 400
        assert client.get("/shifts", params={"status": "draft", "limit": 1}).json()["total"] == 0

        vnpt = coverage(client, campaign, enterprises["VNPT Long An"], "2027-02-05", "operations")
        assert (vnpt["required"], vnpt["met"]) == (2, True)  # reinforced at giao thừa
        post = coverage(client, campaign, enterprises["Bưu điện tỉnh Long An"], "2027-02-05", "operations")
        assert (post["required"], post["planned"], post["met"]) == (2, 1, False)
        assert post["gaps"][0]["peak"] == "Giao thừa"
        mobifone = coverage(client, campaign, enterprises["MobiFone Long An"], "2027-02-07", "incident_response")
        assert [(g["starts_at"], g["planned"]) for g in mobifone["gaps"]] == [("2027-02-07T11:00:00Z", 0)]
        tv = coverage(
            client, campaign, enterprises["Đài Phát thanh và Truyền hình Long An"], "2027-02-08", "leadership"
        )
        assert tv["met"] is False

        # The demo's accounts sign in with the administrator's password, each seeing its own part.
        vnpt_id = enterprises["VNPT Long An"]["id"]
        [manager] = client.get("/accounts", params={"role": "manager", "enterprise_id": vnpt_id}).json()["items"]
        total_shifts = client.get("/shifts", params={"limit": 1}).json()["total"]
        # Each manager is a leader on the roster too, their account linked to their own staff record (QA 2026-12-06:
        # hungnv@ had 6 shifts and no page of them): the record of their login's e-mail, in their enterprise.
        managers = client.get("/accounts", params={"role": "manager", "limit": 100}).json()["items"]
        assert len(managers) == 5
        for m in managers:
            assert m["staff_id"] is not None, m
            own = client.get(f"/staff/{m['staff_id']}").json()
            assert (own["email"], own["enterprise_id"], own["full_name"]) == (
                m["login"],
                *m["enterprise_ids"],
                m["display_name"],
            )
        assert client.get("/shifts", params={"staff_id": manager["staff_id"], "limit": 1}).json()["total"] > 0
    for login, role in ((manager["login"], "manager"), (INSPECTOR_LOGIN, "inspector")):
        with signed_in(roster_process, login) as client:
            assert client.get("/auth/me").json()["role"] == role
            seen = client.get("/shifts", params={"limit": 500}).json()
            if role == "inspector":
                assert seen["total"] == total_shifts
            else:
                assert 0 < seen["total"] < total_shifts
                assert {s["enterprise_id"] for s in seen["items"]} == {vnpt_id}


def test_the_drill_around_now_shows_a_missed_check_in_and_one_to_make(roster_process, capsys) -> None:
    """`make run` also loads a short drill around now (not load_demo_data: the tests that load the
    demo expect the Tết campaign to be the one coming): a shift under way nobody checked in to, and
    one starting in 25 minutes the demo staff account can check in to at once."""
    from datetime import datetime, timedelta

    from devstack.demo import ICT, load_drill

    now = datetime.now(ICT)
    drill = load_drill(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password, now=now)
    assert drill is not None and drill["kind"] == "drill" and drill["name"].startswith("Diễn tập trực Tết")
    assert load_drill(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password, now=now) is None
    assert "drill already in progress" in capsys.readouterr().out

    with signed_in(roster_process) as client:
        kinds = sorted(c["kind"] for c in client.get("/campaigns").json()["items"])
        assert kinds == ["drill", "tet"]  # the Tết campaign of the same season is still there, unchanged
        shifts = client.get("/shifts", params={"campaign_id": drill["id"]}).json()["items"]
        assert [s["status"] for s in shifts] == ["published"] * 3
        under_way, soon, tomorrow = shifts
        assert datetime.fromisoformat(under_way["starts_at"]) < now < datetime.fromisoformat(under_way["ends_at"])
        assert not any(a["checked_in_at"] for a in under_way["assignees"])  # the missed check-in
        assert timedelta(0) < datetime.fromisoformat(soon["starts_at"]) - now <= timedelta(minutes=30)
        assert timedelta(days=1) < datetime.fromisoformat(tomorrow["starts_at"]) - now <= timedelta(days=1, minutes=6)
        [staff_account] = [
            a
            for a in client.get("/accounts", params={"role": "staff", "limit": 100}).json()["items"]
            if a["staff_id"] == soon["assignees"][0]["staff_id"]
        ]
    with signed_in(roster_process, staff_account["login"]) as client:
        checked = client.post(
            f"/shifts/{soon['id']}/check-in",
            json={"staff_id": soon["assignees"][0]["staff_id"]},
            headers={"If-Match": f'"{soon["version"]}"'},
        )
        assert checked.status_code == 200, checked.text
        assert checked.json()["status"] == "checked_in"


def test_loading_again_after_a_drill_and_a_deactivated_manager_changes_nothing(roster_process, capsys) -> None:
    """QA: a second `make run` failed — the readiness demo took the season's first campaign listed (a drill held
    after Tết, 10/03/2027, opened by hand), found no checklist there, seeded one on the drill and signed in as
    the last manager account listed, deactivated by hand meanwhile. Loading again keeps to the Tết campaign and
    the demo's own managers: nothing is seeded on the drill, nothing fails."""
    with signed_in(roster_process) as client:
        opened = client.post(
            "/campaigns",
            json={"kind": "drill", "starts_at": "2027-03-10T08:00:00+07:00", "ends_at": "2027-03-10T17:00:00+07:00"},
        )
        assert opened.status_code == 201, opened.text
        drill = opened.json()
        assert drill["lunar_year"] == 2027  # the same season as the demo's Tết
        vnpt = next(e for e in client.get("/enterprises").json()["items"] if e["name"] == "VNPT Long An")
        body = {
            "login": "qa.deact@vnpt-longan.vn",
            "display_name": "Quản lý đã nghỉ",
            "role": "manager",
            "enterprise_ids": [vnpt["id"]],
            "password": CREDENTIALS.admin_password,
        }
        made = client.post("/accounts", json=body)
        assert made.status_code == 201, made.text
        off = client.patch(f"/accounts/{made.json()['id']}", json={"active": False}, headers={"If-Match": '"1"'})
        assert off.status_code == 200, off.text
        [tet] = client.get("/campaigns", params={"kind": "tet"}).json()["items"]
        before = client.get(f"/campaigns/{tet['id']}/readiness-items", params={"limit": 1}).json()["total"]
        # a demo manager's account as made before managers had staff records: linked by the next load
        [hung] = client.get("/accounts", params={"q": "hungnv@", "role": "manager"}).json()["items"]
        unlinked = client.patch(
            f"/accounts/{hung['id']}", json={"staff_id": None}, headers={"If-Match": f'"{hung["version"]}"'}
        )
        assert (unlinked.status_code, unlinked.json()["staff_id"]) == (200, None), unlinked.text
    capsys.readouterr()

    load_demo_data(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)

    said = capsys.readouterr().out
    assert "already loaded" in said
    # On the wall clock, before Tết: no shift is added nor checked in (only a clock inside the campaign has any).
    assert "check-ins demo skipped: the stack's clock is outside Tết Đinh Mùi's campaign" in said
    with signed_in(roster_process) as client:
        assert client.get(f"/accounts/{hung['id']}").json()["staff_id"] == hung["staff_id"] is not None
        assert client.get(f"/campaigns/{drill['id']}/readiness-items", params={"limit": 1}).json()["total"] == 0
        assert client.get(f"/campaigns/{tet['id']}/readiness-items", params={"limit": 1}).json()["total"] == before > 0
        # the demo's Department is Long An's, set by the first load and left as it is by the next
        department = client.get("/department").json()
        assert (department["superior"], department["place"], department["version"]) == (
            "UBND TỈNH LONG AN",
            "Long An",
            1,
        )
