"""A forgotten password asked for at the sign-in page (QZ29 #15), on PostgreSQL through Kafka: one answer for an
active, an inactive and an unknown login; the limits per login and per address; the active account's request
recorded and published with no secret, and closed by a new password or a sign-in."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from lichtruc import topics
from roster.app import create_app
from roster.settings import RosterSettings
from support import read_topic, running

PASSWORD = "Tết đến xuân về 2027"
RESET = "lichtruc.roster.account.password_reset_requested.v1"


@pytest.fixture(scope="module")
def app(module_database, kafka_server, module_topic_prefix, clock):
    settings = RosterSettings(
        database_url=module_database,
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=module_topic_prefix,
        log_json=False,
        password_hash_time_cost=1,
        password_hash_memory_kib=8192,
        password_hash_parallelism=1,
        password_reset_login_minutes=15,
        password_reset_client_max=3,
    )
    return create_app(settings, clock=clock)


@pytest.fixture(scope="module")
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app) as c:
        yield c


def from_address(app, host: str) -> httpx.AsyncClient:
    """Nobody signed in, from an address of its own (requests are limited per address)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(host, 40000)), base_url="http://test")


def unique_login(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@mobifone-longan.vn"


async def staff_account(client: httpx.AsyncClient, *, active: bool = True) -> dict:
    enterprise = await client.post(
        "/enterprises", json={"name": f"MobiFone {uuid.uuid4().hex[:6]}", "sector": "telecom"}
    )
    assert enterprise.status_code == 201, enterprise.text
    login = unique_login("nghia")
    member = await client.post(
        "/staff",
        json={
            "enterprise_id": enterprise.json()["id"],
            "full_name": "Lê Hữu Nghĩa",
            "email": login,
            "qualifications": ["operator"],
        },
    )
    assert member.status_code == 201, member.text
    body = {
        "login": login,
        "display_name": "Lê Hữu Nghĩa",
        "role": "staff",
        "password": PASSWORD,
        "staff_id": member.json()["id"],
        "active": active,
    }
    made = await client.post("/accounts", json=body)
    assert made.status_code == 201, made.text
    return made.json()


async def ask(app, login: str, host: str) -> httpx.Response:
    async with from_address(app, host) as anonymous:
        return await anonymous.post("/auth/password-reset", json={"login": login})


async def test_one_answer_for_every_login_and_only_an_active_account_is_recorded(
    app, client, clock, kafka, module_topic_prefix
) -> None:
    clock.now = datetime(2027, 2, 6, 22, 30, tzinfo=UTC)  # 05:30 on mùng 2 Tết in Viet Nam
    active = await staff_account(client)
    inactive = await staff_account(client, active=False)
    answers = [
        await ask(app, active["login"].upper(), "10.1.0.1"),  # logins are not case-sensitive
        await ask(app, inactive["login"], "10.1.0.2"),
        await ask(app, unique_login("nobody"), "10.1.0.3"),
        await ask(app, "not an e-mail", "10.1.0.4"),
    ]
    assert [(a.status_code, a.content, a.headers["cache-control"]) for a in answers] == [(202, b"", "no-store")] * 4

    accounts = {a["id"]: a for a in (await client.get("/accounts", params={"reset_requested": "true"})).json()["items"]}
    assert active["id"] in accounts and inactive["id"] not in accounts
    assert accounts[active["id"]]["reset_requested_at"] == "2027-02-06T22:30:00Z"
    assert (await client.get(f"/accounts/{inactive['id']}")).json()["reset_requested_at"] is None

    topic = topics.with_prefix(module_topic_prefix, topics.ROSTER_EVENTS)

    def resets(records) -> list[tuple[bytes, dict, bytes]]:
        found = [(r.key, json.loads(r.value), r.value) for r in records]
        return [(key, event, raw) for key, event, raw in found if event["type"] == RESET]

    found = resets(await read_topic(kafka, topic, until=lambda recs: len(resets(recs)) >= 1))
    assert len(found) == 1  # the inactive account's request and the unknown logins' publish nothing
    key, event, raw = found[0]
    assert key == active["id"].encode() and event["subject"] == f"accounts/{active['id']}"
    data = event["data"]
    assert (data["account_id"], data["login"], data["display_name"], data["role"]) == (
        active["id"],
        active["login"],
        "Lê Hữu Nghĩa",
        "staff",
    )
    assert data["enterprise_ids"] == active["enterprise_ids"] and data["staff_id"] == active["staff_id"]
    assert data["requested_at"] == data["open_since"] == "2027-02-06T22:30:00Z"
    assert b"argon2" not in raw and PASSWORD.encode() not in raw and b"token" not in raw and b"10.1.0" not in raw


async def test_the_limits_per_login_and_per_address_say_how_long_to_wait(app, client, clock) -> None:
    clock.now = t0 = datetime(2027, 2, 6, 22, 31, tzinfo=UTC)
    known = await staff_account(client)
    unknown = unique_login("nobody")
    for login in (known["login"], unknown):
        assert (await ask(app, login, "10.2.0.1")).status_code == 202
        clock.now = t0 + timedelta(minutes=5)
        again = await ask(app, login, "10.2.0.2")  # another address: the login's own limit
        assert again.status_code == 429, again.text
        assert again.headers["retry-after"] == str(10 * 60)
        problem = again.json()
        assert problem["type"].endswith("reset-asked-recently")
        assert "đợi 10 phút" in problem["detail_vi"] and "quản lý ghi nhận có mặt" in problem["detail_vi"]
        clock.now = t0
    # a known and an unknown login refused alike: the refusal tells nothing either
    clock.now = t0 + timedelta(minutes=15, seconds=1)
    again = await ask(app, known["login"], "10.2.0.3")
    assert again.status_code == 202
    before = (await client.get(f"/accounts/{known['id']}")).json()["reset_requested_at"]
    assert before == "2027-02-06T22:31:00Z"  # asked again: still open since the first

    # an address: three a hour, then refused whatever the login
    for n in range(3):
        assert (await ask(app, unique_login(f"x{n}"), "10.2.0.9")).status_code == 202
    refused = await ask(app, unique_login("x4"), "10.2.0.9")
    assert refused.status_code == 429 and refused.json()["type"].endswith("reset-too-many")
    assert "quá nhiều yêu cầu đặt lại mật khẩu" in refused.json()["detail_vi"]


async def test_a_new_password_or_a_sign_in_closes_the_request(app, client, clock) -> None:
    clock.now = datetime(2027, 2, 6, 22, 40, tzinfo=UTC)
    by_admin, signs_in = await staff_account(client), await staff_account(client)
    for account in (by_admin, signs_in):
        assert (await ask(app, account["login"], "10.3.0.1" if account is by_admin else "10.3.0.2")).status_code == 202
    url = f"/accounts/{by_admin['id']}"
    opened = (await client.get(url)).json()
    assert opened["reset_requested_at"] is not None
    renamed = await client.patch(url, json={"display_name": "Lê Hữu Nghĩa"}, headers={"If-Match": '"1"'})
    assert renamed.json()["reset_requested_at"] is not None  # another change leaves it open
    patched = await client.patch(url, json={"password": "Mùng hai Tết đi trực sớm"}, headers={"If-Match": '"1"'})
    assert patched.status_code == 200, patched.text
    assert patched.json()["reset_requested_at"] is None and patched.json()["secret_from_admin"] is True

    # the other remembered it after all: signing in closes it
    signed = await client.post("/auth/login", json={"login": signs_in["login"], "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    assert signed.json()["account"]["reset_requested_at"] is None
    open_ids = {a["id"] for a in (await client.get("/accounts", params={"reset_requested": "true"})).json()["items"]}
    assert not open_ids & {by_admin["id"], signs_in["id"]}
