"""Failed sign-ins are counted per client address. Behind a reverse proxy that is the address
the proxy forwards — but only when the operator names the proxy (ROSTER_FORWARDED_ALLOW_IPS):
otherwise anyone could send a fresh X-Forwarded-For with every guess."""

from __future__ import annotations

import uuid

import httpx
import pytest

from devstack.services import ServiceProcess, service_env
from support import free_port


@pytest.fixture
def start_roster(new_database, kafka, topic_prefix, tmp_path):
    started: list[ServiceProcess] = []

    def start(**settings: str) -> str:
        env = service_env("roster", database_url=new_database("roster"), kafka=kafka, topic_prefix=topic_prefix)
        env.update(
            {
                "ROSTER_LOGIN_CLIENT_MAX_FAILURES": "2",
                "ROSTER_PASSWORD_HASH_MEMORY_KIB": "8192",
                "ROSTER_PASSWORD_HASH_TIME_COST": "1",
                **settings,
            }
        )
        service = ServiceProcess(
            name="roster", port=free_port(), env=env, log_file=tmp_path / f"roster-{len(started)}.log"
        )
        started.append(service)
        service.start()
        service.wait_ready()
        return service.url

    yield start
    for service in started:
        service.stop()


def guess(url: str, forwarded_for: str) -> int:
    """One wrong sign-in (a login of its own each time, so only the address is counted)."""
    response = httpx.post(
        f"{url}/auth/login",
        headers={"X-Forwarded-For": forwarded_for},
        json={"login": f"guess.{uuid.uuid4().hex[:8]}@example.vn", "password": "x" * 12},
    )
    return response.status_code


def test_behind_a_named_proxy_each_forwarded_client_is_counted_on_its_own(start_roster) -> None:
    url = start_roster(ROSTER_FORWARDED_ALLOW_IPS="127.0.0.1")
    assert [guess(url, "203.0.113.5") for _ in range(3)] == [401, 401, 429]
    assert guess(url, "203.0.113.6") == 401  # another client behind the same proxy is not locked out


def test_without_a_named_proxy_a_forged_x_forwarded_for_changes_nothing(start_roster) -> None:
    url = start_roster()
    assert [guess(url, f"198.51.100.{i}") for i in range(3)] == [401, 401, 429]
