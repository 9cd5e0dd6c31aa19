"""The incidents of `make run`'s demo (issue 15, part 1), loaded into a real roster process on the real clock: the
fibre cut at a border site at 23:40 on giao thừa with its responders on duty, updates and restore time, opened by
the enterprise's duty staff account — or, while Tết 2027 is still to come, the same story moved back so that nothing
is recorded in the future; one incident still open; loading twice records nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from devstack.demo import load_demo_data, sign_in
from devstack.demo_directive.incidents import DESCRIPTION_CUT, GIAO_THUA_CUT, moved_by
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
    began = datetime.now(UTC)
    load_demo_data(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)
    ended = datetime.now(UTC)
    assert "incidents demo: 3 incident(s) recorded" in capsys.readouterr().out
    load_demo_data(roster_process, login=ADMIN_LOGIN, password=CREDENTIALS.admin_password)
    assert "incidents demo: 0 incident(s) recorded" in capsys.readouterr().out

    token = sign_in(roster_process, ADMIN_LOGIN, CREDENTIALS.admin_password)
    with httpx.Client(base_url=roster_process, headers={"Authorization": f"Bearer {token}"}) as client:
        found = client.get("/incidents", params={"limit": 50}).json()
        assert found["total"] == 3
        cut = next(i for i in found["items"] if i["description"] == DESCRIPTION_CUT)
        detected = datetime.fromisoformat(cut["detected_at"])
        [moved] = [d for d in {moved_by(began), moved_by(ended)} if detected == GIAO_THUA_CUT + d]
        assert (moved == timedelta(0)) == (began >= datetime(2027, 2, 7, 3, 10, tzinfo=UTC))  # 10:10 on mùng 2
        assert all(datetime.fromisoformat(i["detected_at"]) <= ended for i in found["items"])  # nothing ahead
        assert (cut["site_name"], cut["district"], cut["border"]) == ("Trạm viễn thông Hưng Điền", "Tân Hưng", True)
        assert (cut["status"], cut["severe"]) == ("resolved", True)
        assert datetime.fromisoformat(cut["restored_at"]) == detected + timedelta(hours=2, minutes=15)  # 01:55
        assert [(r["full_name"], datetime.fromisoformat(r["added_at"]) - detected) for r in cut["responders"]] == [
            ("Trương Công Danh", timedelta(minutes=12)),
            ("Lâm Hoàng Phúc", timedelta(minutes=25)),
        ]
        # On their shifts over giao thừa when the story is at its time; moved back, they are not (warned).
        assert [r["on_duty"] for r in cut["responders"]] == [moved == timedelta(0)] * 2
        assert len(cut["updates"]) == 2 and cut["opened_by"].endswith("@vnpt-longan.vn")  # the duty staff account
        campaign = client.get("/campaigns").json()["items"][0]["id"]
        assert cut["campaign_id"] == (campaign if moved == timedelta(0) else None)
        assert [i["status"] for i in found["items"]].count("open") == 1
