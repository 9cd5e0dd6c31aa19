"""`make run`'s demonstration data, loaded into a real roster process through its API: a
realistic Tết Đinh Mùi 2027 with the deliberate gaps it promises, and safe to load twice."""

from __future__ import annotations

import socket

import httpx
import pytest

from devstack.demo import load_demo_data
from devstack.services import ServiceProcess, service_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def roster_process(new_database, kafka, topic_prefix, tmp_path):
    env = service_env("roster", database_url=new_database("roster"), kafka=kafka, topic_prefix=topic_prefix)
    service = ServiceProcess(name="roster", port=free_port(), env=env, log_file=tmp_path / "roster.log")
    try:
        service.start()
        service.wait_ready()
        yield service.url
    finally:
        service.stop()


def coverage(client: httpx.Client, campaign: dict, enterprise: dict, day: str, duty: str) -> dict:
    board = client.get(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/board",
                       params={"from": day, "to": day}).json()
    [entry] = [d for d in board["days"][0]["duty_types"] if d["duty_type"] == duty]
    return entry["coverage"][0]


def test_demo_campaign_with_its_deliberate_gaps(roster_process, capsys) -> None:
    load_demo_data(roster_process)
    assert "demonstration data loaded: Tết Đinh Mùi 2027" in capsys.readouterr().out
    load_demo_data(roster_process)
    assert "already loaded" in capsys.readouterr().out

    with httpx.Client(base_url=roster_process) as client:
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
        tv = coverage(client, campaign, enterprises["Đài Phát thanh và Truyền hình Long An"], "2027-02-08",
                      "leadership")
        assert tv["met"] is False
