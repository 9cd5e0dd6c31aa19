"""The incidents of `make run`'s demo (issue 15, part 1), loaded into a real roster process: the fibre cut at
a border site at 23:40 on giao thừa with its responders on duty, updates and restore time, opened by the
enterprise's duty staff account; one incident still open; loading twice records nothing twice."""

from __future__ import annotations

import httpx
import pytest

from devstack.demo import load_demo_data, sign_in
from devstack.keys import ADMIN_LOGIN, DevCredentials
from devstack.run import create_admin
from devstack.services import ServiceProcess, service_env
from support import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, free_port

CREDENTIALS = DevCredentials(TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, admin_password="demo-admin-password-2027")


@pytest.fixture
def roster_process(new_database, kafka, topic_prefix, tmp_path):
    env = service_env("roster", database_url=new_database("roster"), kafka=kafka, topic_prefix=topic_prefix)
    service = ServiceProcess(name="roster", port=free_port(), env=env, log_file=tmp_path / "roster.log")
    try:
        service.start()
        service.wait_ready()
        create_admin(service, CREDENTIALS)
        yield service.url
    finally:
        service.stop()


def test_the_demo_incidents(roster_process, capsys) -> None:
    load_demo_data(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)
    assert "incidents demo: 3 incident(s) recorded" in capsys.readouterr().out
    load_demo_data(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)
    assert "incidents demo: 0 incident(s) recorded" in capsys.readouterr().out

    token = sign_in(roster_process, ADMIN_LOGIN, CREDENTIALS.admin_password)
    with httpx.Client(base_url=roster_process, headers={"Authorization": f"Bearer {token}"}) as client:
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
