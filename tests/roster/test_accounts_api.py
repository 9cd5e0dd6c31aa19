"""Accounts and signing in: argon2id hashes that never leave roster, tokens that work, refresh
tokens that renew once, lists and edits for administrators, and throttled password guessing
(the app's clock is set by the tests: nobody waits fifteen minutes)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from lichtruc import db, topics
from lichtruc.auth import verify_access_token
from roster.app import create_app
from roster.settings import RosterSettings
from support import TEST_PUBLIC_KEY, auth, principal, read_topic, running

PASSWORD = "Tết đến xuân về 2027"
MAX_FAILURES = 3
CLIENT_MAX_FAILURES = 10


@pytest.fixture(scope="module")
def app(module_database, kafka_server, module_topic_prefix, clock):
    # A cheaper argon2id than production's (still argon2id), so that the many sign-ins stay quick.
    settings = RosterSettings(
        database_url=module_database,
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=module_topic_prefix,
        log_json=False,
        password_hash_time_cost=1,
        password_hash_memory_kib=8192,
        password_hash_parallelism=1,
        login_max_failures=MAX_FAILURES,
        login_client_max_failures=CLIENT_MAX_FAILURES,
    )
    return create_app(settings, clock=clock)


@pytest.fixture(scope="module")
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app) as c:
        yield c


@pytest.fixture(scope="module")
async def database(module_database):
    engine = db.create_engine(module_database, pool_size=1)
    yield engine
    await engine.dispose()


def from_address(app, host: str, **headers: str) -> httpx.AsyncClient:
    """A client calling from an address of its own (failed sign-ins are counted per address)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(host, 40000)), base_url="http://test", headers=headers
    )


def unique_login(name: str = "user") -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@vnpt-longan.vn"


async def new_account(client: httpx.AsyncClient, role: str = "manager", **body: object) -> dict:
    body = {"login": unique_login(role), "display_name": "Trần Văn Phong", "role": role, "password": PASSWORD, **body}
    response = await client.post("/accounts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def enterprise(client: httpx.AsyncClient) -> dict:
    response = await client.post("/enterprises", json={"name": f"VNPT {uuid.uuid4().hex[:6]}", "sector": "telecom"})
    assert response.status_code == 201, response.text
    return response.json()


async def login(client: httpx.AsyncClient, login_: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/auth/login", json={"login": login_, "password": password})


async def test_an_account_keeps_only_an_argon2id_hash_and_never_shows_it(client, database) -> None:
    e = await enterprise(client)
    account = await new_account(client, enterprise_ids=[e["id"]])
    assert "password" not in account and "password_hash" not in account
    assert (account["role"], account["enterprise_ids"], account["active"], account["version"]) == (
        "manager",
        [e["id"]],
        True,
        1,
    )
    async with database.connect() as conn:
        stored = (
            await conn.execute(text("SELECT password_hash FROM accounts WHERE id = :id"), {"id": account["id"]})
        ).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)

    signed_in = (await login(client, account["login"])).json()
    shown = [
        (await client.get(f"/accounts/{account['id']}")).text,
        (await client.get("/accounts")).text,
        str(signed_in["account"]),
        (await client.get("/auth/me", headers={"Authorization": f"Bearer {signed_in['access_token']}"})).text,
    ]
    for text_ in shown:
        assert "argon2" not in text_ and PASSWORD not in text_ and "password" not in text_


async def test_sign_in_gives_working_tokens_and_one_answer_for_unknown_login_and_wrong_password(client) -> None:
    e = await enterprise(client)
    account = await new_account(client, display_name="Nguyễn Văn Nam", enterprise_ids=[e["id"]])
    response = await login(client, account["login"].upper())  # logins are not case-sensitive
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert (body["token_type"], body["expires_in"], body["refresh_expires_in"], body["account"]["id"]) == (
        "Bearer",
        15 * 60,
        12 * 3600,
        account["id"],
    )
    who = verify_access_token(body["access_token"], public_key_pem=TEST_PUBLIC_KEY)
    assert (who.account_id, who.role, who.enterprise_ids, who.name, who.display_name) == (
        account["id"],
        "manager",
        frozenset({e["id"]}),
        account["login"],
        "Nguyễn Văn Nam",  # what the events of their changes say (`actor_name`), read from the token
    )
    as_nam = {"Authorization": f"Bearer {body['access_token']}"}
    me = await client.get("/auth/me", headers=as_nam)
    assert (me.status_code, me.json()["display_name"], me.json()["last_login_at"] is not None) == (
        200,
        "Nguyễn Văn Nam",
        True,
    )
    assert (await client.get("/shifts", headers=as_nam)).status_code == 200
    assert (await client.get("/accounts", headers=as_nam)).status_code == 403  # administrators only

    wrong = await login(client, account["login"], "not the password at all")
    unknown = await login(client, unique_login("nobody"), "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["www-authenticate"] == unknown.headers["www-authenticate"]
    assert wrong.json() == unknown.json()
    assert wrong.json()["type"].endswith("/invalid-credentials") and wrong.json()["detail_vi"]


async def test_refresh_rotates_and_a_reused_token_ends_the_sign_in(client) -> None:
    account = await new_account(client, "inspector")
    first = (await login(client, account["login"])).json()
    other_device = (await login(client, account["login"])).json()

    renewed = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    second = renewed.json()
    assert second["refresh_token"] != first["refresh_token"] and second["account"]["id"] == account["id"]
    assert verify_access_token(second["access_token"], public_key_pem=TEST_PUBLIC_KEY).role == "inspector"

    # The first token again (a copy in a thief's hands, say): refused, and the sign-in ends for both holders.
    reused = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert (reused.status_code, reused.json()["type"].split("/")[-1]) == (401, "refresh-token-reused")
    assert (await client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})).status_code == 401
    # Another sign-in of the same account is another family: untouched.
    kept = await client.post("/auth/refresh", json={"refresh_token": other_device["refresh_token"]})
    assert kept.status_code == 200

    # Signing out ends that sign-in; someone else's refresh token is not the caller's to end.
    current = kept.json()
    as_account = {"Authorization": f"Bearer {current['access_token']}"}
    stranger = await client.post(
        "/auth/logout", json={"refresh_token": current["refresh_token"]}, headers=auth(principal("manager"))
    )
    assert stranger.status_code == 204
    assert (
        await client.post("/auth/logout", json={"refresh_token": current["refresh_token"]}, headers=as_account)
    ).status_code == 204
    gone = await client.post("/auth/refresh", json={"refresh_token": current["refresh_token"]})
    assert (gone.status_code, gone.json()["type"].split("/")[-1]) == (401, "invalid-refresh-token")
    assert (await client.post("/auth/refresh", json={"refresh_token": "x" * 43})).status_code == 401


async def test_the_session_route_says_at_once_when_a_sign_in_has_ended(client) -> None:
    """GET /auth/session answers for the sign-in the access token names (its `sid`): alive after a
    renewal, and 401 `sign-in-ended` in both languages as soon as it is signed out, ended by a new
    password from another sign-in, or its account deactivated, although the access token itself
    has not expired."""
    account = await new_account(client, "inspector")

    async def state(access_token: str) -> httpx.Response:
        return await client.get("/auth/session", headers={"Authorization": f"Bearer {access_token}"})

    def ended(response: httpx.Response) -> bool:
        body = response.json()
        return (
            response.status_code == 401
            and body["type"].split("/")[-1] == "sign-in-ended"
            and "sign in again" in body["detail"]
            and "hãy đăng nhập lại" in body["detail_vi"]
        )

    first = (await login(client, account["login"])).json()
    other = (await login(client, account["login"])).json()
    sid = verify_access_token(first["access_token"], public_key_pem=TEST_PUBLIC_KEY).sign_in_id
    assert (
        sid is not None and sid != verify_access_token(other["access_token"], public_key_pem=TEST_PUBLIC_KEY).sign_in_id
    )
    alive = await state(first["access_token"])
    assert alive.status_code == 200, alive.text
    assert alive.json() == {"alive": True, "sign_in_id": sid, "account_id": account["id"]}
    assert alive.headers["cache-control"] == "no-store"
    renewed = (await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert verify_access_token(renewed["access_token"], public_key_pem=TEST_PUBLIC_KEY).sign_in_id == sid
    assert (await state(renewed["access_token"])).status_code == 200

    # Signed out: both access tokens of that sign-in are still unexpired, and both are answered "ended".
    as_first = {"Authorization": f"Bearer {renewed['access_token']}"}
    out = await client.post("/auth/logout", json={"refresh_token": renewed["refresh_token"]}, headers=as_first)
    assert out.status_code == 204
    assert ended(await state(renewed["access_token"])) and ended(await state(first["access_token"]))
    assert (await state(other["access_token"])).status_code == 200  # another sign-in goes on

    # A new password from a third sign-in ends the other one; the third goes on with its new tokens.
    third = (await login(client, account["login"])).json()
    changed = await client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": "Mùng hai Tết nhà ngoại"},
        headers={"Authorization": f"Bearer {third['access_token']}"},
    )
    assert changed.status_code == 200, changed.text
    assert ended(await state(other["access_token"])) and ended(await state(third["access_token"]))
    assert (await state(changed.json()["access_token"])).status_code == 200

    # Deactivated: the sign-in that was alive is ended too, and the answer says why (the portal tells the person).
    off = await client.patch(f"/accounts/{account['id']}", json={"active": False}, headers={"If-Match": '"2"'})
    assert off.status_code == 200, off.text
    deactivated = await state(changed.json()["access_token"])
    assert deactivated.status_code == 401 and deactivated.json()["type"].split("/")[-1] == "account-inactive"
    assert "ngừng hoạt động" in deactivated.json()["detail_vi"] and "deactivated" in deactivated.json()["detail"]

    # A token that names no sign-in (made without one) names nothing to end.
    assert (await client.get("/auth/session", headers=auth(principal("manager")))).json()["sign_in_id"] is None


async def test_refresh_reads_the_account_again_and_a_deactivated_account_is_refused(client) -> None:
    a, b = await enterprise(client), await enterprise(client)
    account = await new_account(client, enterprise_ids=[a["id"]])
    signed_in = (await login(client, account["login"])).json()

    edited = await client.patch(
        f"/accounts/{account['id']}", json={"enterprise_ids": [a["id"], b["id"]]}, headers={"If-Match": '"1"'}
    )
    assert (edited.status_code, edited.json()["version"]) == (200, 2)
    renewed = (await client.post("/auth/refresh", json={"refresh_token": signed_in["refresh_token"]})).json()
    assert verify_access_token(renewed["access_token"], public_key_pem=TEST_PUBLIC_KEY).enterprise_ids == {
        a["id"],
        b["id"],
    }

    off = await client.patch(f"/accounts/{account['id']}", json={"active": False}, headers={"If-Match": '"2"'})
    assert (off.status_code, off.json()["active"]) == (200, False)
    refused = await client.post("/auth/refresh", json={"refresh_token": renewed["refresh_token"]})
    assert refused.status_code == 401
    # The right password is told the account is deactivated and whom to ask (not to retry into a
    # lock); a wrong one learns nothing about the account.
    again = await login(client, account["login"])
    assert (again.status_code, again.json()["type"].split("/")[-1]) == (401, "account-inactive")
    assert again.json()["detail"] == "This account has been deactivated: ask an administrator to reactivate it."
    assert again.json()["detail_vi"] == "Tài khoản này đã bị vô hiệu hoá: hãy nhờ quản trị viên kích hoạt lại."
    guessed = await login(client, account["login"], "not the password at all")
    assert (guessed.status_code, guessed.json()["type"].split("/")[-1]) == (401, "invalid-credentials")


async def test_a_staff_account_stops_when_its_staff_record_is_deactivated(client) -> None:
    e = await enterprise(client)
    person = (
        await client.post(
            "/staff", json={"enterprise_id": e["id"], "full_name": "Lê Thị Hồng Nhung", "qualifications": ["operator"]}
        )
    ).json()
    account = await new_account(client, "staff", staff_id=person["id"])
    signed_in = (await login(client, account["login"])).json()
    assert verify_access_token(signed_in["access_token"], public_key_pem=TEST_PUBLIC_KEY).staff_id == person["id"]

    left = await client.patch(f"/staff/{person['id']}", json={"active": False}, headers={"If-Match": '"1"'})
    assert (left.status_code, left.json()["active"]) == (200, False)
    refused = await client.post("/auth/refresh", json={"refresh_token": signed_in["refresh_token"]})
    assert (refused.status_code, refused.json()["type"].split("/")[-1]) == (401, "account-inactive")
    again = await login(client, account["login"])
    assert (again.status_code, again.json()["type"].split("/")[-1]) == (401, "account-inactive")
    guessed = await login(client, account["login"], "not the password at all")
    assert (guessed.status_code, guessed.json()["type"].split("/")[-1]) == (401, "invalid-credentials")


async def test_changing_ones_own_password(client, app) -> None:
    account = await new_account(client, "inspector")
    signed_in = (await login(client, account["login"])).json()
    as_account = {"Authorization": f"Bearer {signed_in['access_token']}"}
    new = "Mùng một Tết nhà nội"
    # the administrator typed it: its owner is asked to change it (QZ11 #7), at sign-in too
    assert account["secret_from_admin"] is True and signed_in["account"]["secret_from_admin"] is True

    async def change(current: str, new_password: str) -> httpx.Response:
        return await client.post(
            "/auth/password", json={"current_password": current, "new_password": new_password}, headers=as_account
        )

    # Every field's mistake in one answer: the current password is judged with the new one, not before it.
    both = await change("not my password", "short")
    assert both.status_code == 422 and [(e["field"], e["rule"]) for e in both.json()["errors"]] == [
        ("current_password", "current-password"),
        ("new_password", "password-length"),
    ]
    unsaid = await change("", account["login"])
    assert [(e["field"], e["rule"]) for e in unsaid.json()["errors"]] == [
        ("current_password", "current-password-missing"),
        ("new_password", "password-not-login"),
    ]
    assert "Hãy nhập mật khẩu hiện tại." in [e["message_vi"] for e in unsaid.json()["errors"]]
    assert (await change(PASSWORD, PASSWORD)).json()["errors"][0]["rule"] == "password-changed"
    assert (await change(PASSWORD, "short")).status_code == 422
    assert (await change(PASSWORD, account["login"].upper())).json()["errors"][0]["rule"] == "password-not-login"
    changed = await change(PASSWORD, new)
    assert changed.status_code == 200, changed.text
    assert changed.json()["account"]["version"] == 2
    assert changed.json()["account"]["secret_from_admin"] is False  # their own now
    # Every other sign-in ends; this one goes on with the answer's tokens.
    assert (await client.post("/auth/refresh", json={"refresh_token": signed_in["refresh_token"]})).status_code == 401
    assert (
        await client.post("/auth/refresh", json={"refresh_token": changed.json()["refresh_token"]})
    ).status_code == 200
    assert (await login(client, account["login"])).status_code == 401
    assert (await login(client, account["login"], new)).json()["account"]["secret_from_admin"] is False
    reset = await client.patch(
        f"/accounts/{account['id']}", json={"password": "Mật khẩu mới do Sở đặt"}, headers={"If-Match": '"2"'}
    )
    assert reset.status_code == 200 and reset.json()["secret_from_admin"] is True  # an administrator's again


async def test_a_dry_run_of_a_password_change_judges_the_same_and_changes_nothing(app, client) -> None:
    account = await new_account(client, "inspector")
    signed_in = (await login(client, account["login"])).json()
    as_account = {"Authorization": f"Bearer {signed_in['access_token']}"}
    new = "Mùng một Tết nhà nội"
    async with from_address(app, "10.0.0.31", **as_account) as c:

        async def dry_run(current: str, new_password: str) -> httpx.Response:
            body = {"current_password": current, "new_password": new_password}
            return await c.post("/auth/password", params={"dry_run": "true"}, json=body)

        refused = await dry_run("not my password", "short")
        assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == [
            "current_password",
            "new_password",
        ]
        # A right current password gives its attempt back: more dry runs than the address may fail, none refused.
        for _ in range(CLIENT_MAX_FAILURES + 1):
            would = await dry_run(PASSWORD, new)
            assert (would.status_code, would.content) == (204, b""), would.text
        # Nothing changed: the old password signs in, the new one does not, the sign-in goes on, no new version.
        assert (await client.get(f"/accounts/{account['id']}")).json()["version"] == 1
        refreshed = await client.post("/auth/refresh", json={"refresh_token": signed_in["refresh_token"]})
        assert refreshed.status_code == 200
        assert (await login(c, account["login"], new)).status_code == 401
        assert (await login(c, account["login"])).status_code == 200

    # A wrong current password in a dry run is a failed sign-in like any other: enough of them lock the account.
    async with from_address(app, "10.0.0.32", **as_account) as c:
        for _ in range(MAX_FAILURES):
            body = {"current_password": "not my password", "new_password": new}
            assert (await c.post("/auth/password?dry_run=true", json=body)).status_code == 422
        assert (await client.get(f"/accounts/{account['id']}")).json()["locked_until"] is not None
        body = {"current_password": PASSWORD, "new_password": new}
        assert (await c.post("/auth/password?dry_run=true", json=body)).status_code == 429


async def test_a_password_hashed_with_older_parameters_is_rehashed_at_sign_in(client, database) -> None:
    account = await new_account(client, "inspector")
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=2).hash(PASSWORD)
    async with database.begin() as conn:
        await conn.execute(
            text("UPDATE accounts SET password_hash = :h WHERE id = :id"), {"h": old, "id": account["id"]}
        )
    assert (await login(client, account["login"])).status_code == 200
    async with database.connect() as conn:
        stored = (
            await conn.execute(text("SELECT password_hash FROM accounts WHERE id = :id"), {"id": account["id"]})
        ).scalar_one()
    assert stored != old and stored.startswith("$argon2id$v=19$m=8192,t=1,p=1$")


async def test_an_account_locks_after_failures_in_a_row_and_a_success_resets_the_count(app, client, clock) -> None:
    account = await new_account(client, "inspector")
    wrong = "a wrong password"
    clock.now = t0 = datetime.now(UTC).replace(microsecond=0)

    async def statuses(c: httpx.AsyncClient, login_: str, passwords: list[str]) -> list[int]:
        return [(await login(c, login_, p)).status_code for p in passwords]

    async with from_address(app, "10.0.0.11") as c:
        assert await statuses(c, account["login"], [wrong] * MAX_FAILURES) == [401] * MAX_FAILURES
        locked = await login(c, account["login"])  # even the right password waits now
        assert (locked.status_code, locked.headers["retry-after"]) == (429, str(15 * 60))
        assert locked.json()["type"].endswith("/too-many-attempts") and locked.json()["retry_after"] == 900
    async with from_address(app, "10.0.0.12") as c:  # a login nobody has answers the same way
        assert await statuses(c, unique_login("nobody"), [wrong] * (MAX_FAILURES + 1)) == [401] * MAX_FAILURES + [429]

    async with from_address(app, "10.0.0.11") as c:
        clock.now = t0 + timedelta(minutes=5)
        assert (await login(c, account["login"])).headers["retry-after"] == str(10 * 60)
        clock.now = t0 + timedelta(minutes=15, seconds=1)
        assert await statuses(c, account["login"], [wrong, wrong, PASSWORD, wrong, wrong, PASSWORD]) == [
            401,
            401,
            200,
            401,
            401,
            200,
        ]  # without the reset, the fourth failure in a row would have locked it
    assert (await client.get(f"/accounts/{account['id']}")).json()["locked_until"] is None


async def test_an_address_that_fails_too_often_waits_while_others_sign_in(app, client, clock) -> None:
    account = await new_account(client, "inspector")
    clock.now = t0 = datetime.now(UTC).replace(microsecond=0)
    async with from_address(app, "10.0.0.21") as guesser, from_address(app, "10.0.0.22") as colleague:
        for _ in range(CLIENT_MAX_FAILURES):  # each guess on another login: no account locks
            assert (await login(guesser, unique_login("guess"), "123456789012")).status_code == 401
        refused = await login(guesser, account["login"])
        assert (refused.status_code, refused.headers["retry-after"]) == (429, str(15 * 60))
        assert (await login(colleague, account["login"])).status_code == 200
        clock.now = t0 + timedelta(minutes=15, seconds=1)
        assert (await login(guesser, account["login"])).status_code == 200


async def test_administrators_create_accounts_for_every_role_with_the_scope_it_needs(client) -> None:
    a = await enterprise(client)
    person = (
        await client.post(
            "/staff", json={"enterprise_id": a["id"], "full_name": "Lê Thị Hoa", "qualifications": ["operator"]}
        )
    ).json()
    staff_account = await new_account(client, "staff", staff_id=person["id"])
    assert (staff_account["enterprise_ids"], staff_account["staff_id"]) == ([a["id"]], person["id"])
    inspector = await new_account(client, "inspector")
    assert (inspector["enterprise_ids"], inspector["staff_id"]) == ([], None)

    async def refused(status: int, **body: object) -> list[str]:
        body = {"login": unique_login(), "display_name": "X", "role": "manager", "password": PASSWORD, **body}
        response = await client.post("/accounts", json=body)
        assert response.status_code == status, response.text
        problem = response.json()
        return [e["rule"] for e in problem["errors"]] if "errors" in problem else [problem["type"]]

    assert await refused(422) == ["manager-enterprises"]
    assert await refused(422, enterprise_ids=[str(uuid.uuid4())]) == ["enterprise-exists"]
    assert await refused(422, role="staff") == ["staff-record"]
    assert await refused(422, role="staff", staff_id=str(uuid.uuid4())) == ["staff-exists"]
    assert await refused(422, role="staff", staff_id=person["id"], enterprise_ids=[a["id"]]) == ["derived-enterprise"]
    assert await refused(409, role="staff", staff_id=person["id"]) == ["one-account-per-staff"]
    assert await refused(422, role="inspector", staff_id=person["id"]) == ["staff-only"]
    assert await refused(422, role="admin", enterprise_ids=[a["id"]]) == ["no-enterprises"]
    assert await refused(409, role="inspector", login=inspector["login"].upper()) == ["unique-login"]
    assert await refused(422, role="inspector", password="too short") == ["password-length"]
    assert await refused(422, role="inspector", password="x" * 257) == ["string_too_long"]
    same = unique_login()
    assert await refused(422, role="inspector", login=same, password=same) == ["password-not-login"]
    assert await refused(422, role="inspector", login="not an e-mail") == ["value_error"]
    assert await refused(422, role="inspector", login="x@y.vn" + "z" * 200) == ["string_too_long"]
    assert await refused(422, role="inspector", is_admin=True) == ["extra_forbidden"]
    assert await refused(422, role="superuser") == ["literal_error"]
    manager = principal("manager", enterprises=(a["id"],))
    assert (await client.post("/accounts", json={}, headers=auth(manager))).status_code == 403


async def test_a_managers_account_is_linked_to_their_own_staff_record_in_an_enterprise_they_manage(client) -> None:
    """A leader on duty over Tết has shifts of their own (QA 2026-12-06: hungnv@ had none to see)."""
    a, b = await enterprise(client), await enterprise(client)

    async def person(where: dict, name: str) -> dict:
        body = {"enterprise_id": where["id"], "full_name": name, "qualifications": ["leader"]}
        response = await client.post("/staff", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    hung, bao = await person(a, "Nguyễn Văn Hùng"), await person(b, "Đặng Văn Bảo")
    leader = await new_account(client, "manager", enterprise_ids=[a["id"]], staff_id=hung["id"])
    assert (leader["enterprise_ids"], leader["staff_id"]) == ([a["id"]], hung["id"])
    signed_in = (await login(client, leader["login"])).json()
    token = verify_access_token(signed_in["access_token"], public_key_pem=TEST_PUBLIC_KEY)
    assert (token.role, token.staff_id, token.enterprise_ids) == ("manager", hung["id"], frozenset({a["id"]}))

    async def refused(status: int, body: dict, *, account: dict | None = None) -> dict:
        if account is None:
            body = {"login": unique_login(), "display_name": "X", "role": "manager", "password": PASSWORD, **body}
            response = await client.post("/accounts", json=body)
        else:
            headers = {"If-Match": f'"{account["version"]}"'}
            response = await client.patch(f"/accounts/{account['id']}", json=body, headers=headers)
        assert response.status_code == status, response.text
        [error] = response.json()["errors"]
        return error

    # a record of an enterprise the account does not manage: named, with what to do
    error = await refused(422, {"enterprise_ids": [a["id"]], "staff_id": bao["id"]})
    assert (error["field"], error["rule"]) == ("staff_id", "staff-of-managed-enterprise")
    assert error["message"].startswith(f"Đặng Văn Bảo is on the staff of {b['name']}, which this manager")
    assert error["message_vi"].startswith(f"Đặng Văn Bảo là cán bộ của {b['name']}, doanh nghiệp mà tài khoản")
    # the record another account has: whose
    error = await refused(409, {"enterprise_ids": [a["id"]], "staff_id": hung["id"]})
    assert (error["rule"], error["message"]) == (
        "one-account-per-staff",
        f"Nguyễn Văn Hùng already has an account ({leader['login']}).",
    )
    # administrators and inspectors still carry none
    error = await refused(422, {"role": "admin", "staff_id": bao["id"]})
    assert (error["rule"], error["message"]) == (
        "staff-only",
        "Only a staff or a manager's account is linked to a staff record: leave staff_id out.",
    )
    # an edit that takes the record's enterprise away from the manager is refused the same way
    error = await refused(422, {"enterprise_ids": [b["id"]]}, account=leader)
    assert error["rule"] == "staff-of-managed-enterprise" and error["message"].startswith("Nguyễn Văn Hùng is on")
    # a manager's existing account is linked, then unlinked, by an edit
    other = await new_account(client, "manager", enterprise_ids=[a["id"], b["id"]])
    linked = await client.patch(f"/accounts/{other['id']}", json={"staff_id": bao["id"]}, headers={"If-Match": '"1"'})
    assert (linked.status_code, linked.json()["staff_id"]) == (200, bao["id"]), linked.text
    unlinked = await client.patch(f"/accounts/{other['id']}", json={"staff_id": None}, headers={"If-Match": '"2"'})
    assert (unlinked.json()["staff_id"], unlinked.json()["enterprise_ids"]) == (None, sorted([a["id"], b["id"]]))


async def test_administrators_list_and_edit_accounts(client) -> None:
    a, b = await enterprise(client), await enterprise(client)
    tag = uuid.uuid4().hex[:6]
    made = [
        await new_account(client, display_name=f"Quản lý {tag} {i}", enterprise_ids=[(a, b)[i % 2]["id"]])
        for i in range(5)
    ]
    in_a = (await client.get("/accounts", params={"enterprise_id": a["id"], "role": "manager"})).json()
    assert {x["id"] for x in in_a["items"]} == {made[0]["id"], made[2]["id"], made[4]["id"]}
    page = (await client.get("/accounts", params={"q": tag, "limit": 2, "sort": "-display_name"})).json()
    assert (page["total"], [x["display_name"][-1] for x in page["items"]]) == (5, ["4", "3"])
    assert "cursor=" in page["next"] and "sort=-display_name" in page["next"] and "offset" not in page
    second = (await client.get(page["next"])).json()
    assert [x["display_name"][-1] for x in second["items"]] == ["2", "1"] and second["next"]
    # a cursor of this list sorted otherwise is refused, not silently applied to another order
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    other = await client.get("/accounts", params={"q": tag, "sort": "login", "cursor": cursor})
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "cursor"
    by_login = (await client.get("/accounts", params={"q": made[1]["login"].split("@")[0]})).json()
    assert [x["id"] for x in by_login["items"]] == [made[1]["id"]]

    url = f"/accounts/{made[1]['id']}"
    assert (await client.patch(url, json={"display_name": "Y"})).status_code == 428
    assert (await client.patch(url, json={"display_name": "Y"}, headers={"If-Match": '"7"'})).status_code == 412
    assert (await client.patch(url, json={"password_hash": "x"}, headers={"If-Match": '"1"'})).status_code == 422
    off = await client.patch(
        url, json={"active": False, "display_name": f"  Quản  lý   cũ {tag} "}, headers={"If-Match": '"1"'}
    )
    assert (off.status_code, off.headers["etag"], off.json()["display_name"]) == (200, '"2"', f"Quản lý cũ {tag}")
    inactive = (await client.get("/accounts", params={"q": tag, "active": False})).json()
    assert [x["id"] for x in inactive["items"]] == [made[1]["id"]]
    same = await client.patch(url, json={"active": False}, headers={"If-Match": '"2"'})
    assert same.json()["version"] == 2  # nothing changed: no new version

    # A new role drops what the old one carried and needs its own scope in the same change.
    needs = await client.patch(url, json={"role": "staff"}, headers={"If-Match": '"2"'})
    assert [e["rule"] for e in needs.json()["errors"]] == ["staff-record"]
    promoted = await client.patch(url, json={"role": "inspector"}, headers={"If-Match": '"2"'})
    assert (promoted.json()["role"], promoted.json()["enterprise_ids"], promoted.json()["version"]) == (
        "inspector",
        [],
        3,
    )
    reset = await client.patch(
        url, json={"password": "Một mật khẩu mới tinh", "active": True}, headers={"If-Match": '"3"'}
    )
    assert reset.status_code == 200
    assert (await login(client, made[1]["login"], "Một mật khẩu mới tinh")).status_code == 200
    assert (await client.get(f"/accounts/{uuid.uuid4()}")).status_code == 404


async def test_accounts_are_found_by_the_staff_records_they_hold_page_after_page(client) -> None:
    """Who holds the records a form offers, in one call (the portal read every account for it): the accounts
    linked to the records given, paged as ever; a record no account holds is absent, a malformed id or more ids
    than a page holds a 422 naming the filter."""
    e = await enterprise(client)
    people = []
    for name in ("Nguyễn Văn Hùng", "Lê Thị Lan", "Võ Văn Tám"):
        response = await client.post(
            "/staff", json={"enterprise_id": e["id"], "full_name": name, "qualifications": ["guard"]}
        )
        assert response.status_code == 201, response.text
        people.append(response.json()["id"])
    held = [await new_account(client, "staff", staff_id=p) for p in people[:2]]
    await new_account(client, "manager", enterprise_ids=[e["id"]])  # holds none
    wanted = [*people, str(uuid.uuid4())]
    found = (await client.get("/accounts", params={"staff_id": wanted})).json()
    assert sorted((a["staff_id"], a["login"]) for a in found["items"]) == sorted(
        (a["staff_id"], a["login"]) for a in held
    )
    assert found["total"] == 2
    first = (await client.get("/accounts", params={"staff_id": wanted, "limit": 1})).json()
    rest = (await client.get(first["next"])).json()  # the next page keeps the records
    assert (len(first["items"]), len(rest["items"]), rest["next"]) == (1, 1, None)
    assert {a["id"] for a in first["items"] + rest["items"]} == {a["id"] for a in held}
    for bad in (["không-phải-mã"], [str(uuid.uuid4()) for _ in range(501)]):
        refused = await client.get("/accounts", params={"staff_id": bad})
        assert refused.status_code == 422, refused.text
        [error] = refused.json()["errors"]
        assert error["field"].split(".")[:2] == ["query", "staff_id"] and "Cán bộ" in error["message_vi"], refused.text


async def test_the_staff_list_says_who_has_an_account_to_sign_in_with(client) -> None:
    """`has_account`, read with the list (a manager asks an administrator for the others' accounts): true for an
    active account linked to the record, false for none and for a deactivated one; one record's answer says the
    same."""
    e = await enterprise(client)
    people = {}
    for name in ("Đỗ Văn Có", "Phan Thị Chưa", "Hồ Văn Ngừng"):
        response = await client.post(
            "/staff", json={"enterprise_id": e["id"], "full_name": name, "qualifications": ["guard"]}
        )
        assert response.status_code == 201, response.text
        assert response.json()["has_account"] is False
        people[name] = response.json()["id"]
    await new_account(client, "staff", staff_id=people["Đỗ Văn Có"])
    stopped = await new_account(client, "staff", staff_id=people["Hồ Văn Ngừng"])
    off = await client.patch(f"/accounts/{stopped['id']}", json={"active": False}, headers={"If-Match": '"1"'})
    assert off.status_code == 200, off.text

    listed = (await client.get("/staff", params={"enterprise_id": e["id"]})).json()
    assert {p["full_name"]: p["has_account"] for p in listed["items"]} == {
        "Đỗ Văn Có": True,
        "Phan Thị Chưa": False,
        "Hồ Văn Ngừng": False,
    }
    one = {name: (await client.get(f"/staff/{i}")).json()["has_account"] for name, i in people.items()}
    assert one == {"Đỗ Văn Có": True, "Phan Thị Chưa": False, "Hồ Văn Ngừng": False}
    # and which: a deactivated one is no missing one (QZ27 #6: "Chưa có tài khoản · Tạo tài khoản" of a person whose
    # account had just been closed)
    accounts = {"Đỗ Văn Có": "active", "Phan Thị Chưa": "none", "Hồ Văn Ngừng": "inactive"}
    assert {p["full_name"]: p["account"] for p in listed["items"]} == accounts
    assert {name: (await client.get(f"/staff/{i}")).json()["account"] for name, i in people.items()} == accounts


async def test_accounts_sorted_by_display_name_are_in_vietnamese_order(client) -> None:
    """Not by code point, which put "Đặng" after "Võ" and "Nguyễn" before "Ngô"; a renamed account
    takes its new name's place."""
    tag = uuid.uuid4().hex[:6]
    for name in ("Võ Thị Sáu", "Đặng Văn Hải", "Nguyễn Văn Nam", "Dương Thị Mai", "Zô Thị Lan"):
        made = await new_account(client, role="inspector", display_name=f"{name} {tag}")
    renamed = await client.patch(
        f"/accounts/{made['id']}", json={"display_name": f"Ngô Thị Lan {tag}"}, headers={"If-Match": '"1"'}
    )
    assert renamed.status_code == 200, renamed.text
    in_order = [f"{n} {tag}" for n in ("Dương Thị Mai", "Đặng Văn Hải", "Ngô Thị Lan", "Nguyễn Văn Nam", "Võ Thị Sáu")]
    for sort, expected in (("display_name", in_order), ("-display_name", in_order[::-1])):
        page = (await client.get("/accounts", params={"q": tag, "sort": sort, "limit": 3})).json()
        rest = (await client.get(page["next"])).json()
        assert [a["display_name"] for a in page["items"] + rest["items"]] == expected


async def test_a_blank_display_name_is_a_422_not_a_server_error(client) -> None:
    made = await new_account(client, role="inspector")
    url = f"/accounts/{made['id']}"
    for blank in ("   ", "\u200b", "\u00a0\u0301"):
        body = {"login": unique_login(), "display_name": blank, "role": "admin", "password": PASSWORD}
        for response in (
            await client.post("/accounts", json=body),
            await client.patch(url, json={"display_name": blank}, headers={"If-Match": '"1"'}),
        ):
            problem = response.json()
            assert (response.status_code, [e["field"] for e in problem["errors"]]) == (422, ["body.display_name"])
            assert "display name" in problem["errors"][0]["message"]
            assert problem["errors"][0]["message_vi"].startswith("Tên hiển thị: ")
    assert (await client.get(url)).json()["display_name"] == "Trần Văn Phong"


async def test_a_login_taken_says_whose_account_it_is_and_what_to_do(client) -> None:
    made = await new_account(client, role="inspector", display_name="Võ Thị Sáu")
    again = await client.post(
        "/accounts",
        json={"login": made["login"].upper(), "display_name": "X", "role": "inspector", "password": PASSWORD},
    )
    problem = again.json()
    assert (again.status_code, problem["account_id"], problem["display_name"]) == (409, made["id"], "Võ Thị Sáu")
    assert "Võ Thị Sáu" in problem["detail"] and "choose another login" in problem["detail"]
    assert made["id"] not in problem["detail"] and "Võ Thị Sáu" in problem["detail_vi"]
    renamed = await client.patch(f"/accounts/{made['id']}", json={"display_name": "Y"})
    assert renamed.status_code == 428 and "Võ Thị Sáu" in renamed.json()["detail"]


async def test_one_refusal_says_every_mistake_of_an_account_each_at_its_field(client) -> None:
    # QA 2026-12-06: a taken login with a guessable password was told the password, then the login at the next send.
    made = await new_account(client, role="inspector", display_name="Nguyễn Văn Hùng")
    body = {"login": made["login"].upper(), "display_name": "X", "role": "manager", "password": "Abcdefgh12345!"}
    both = await client.post("/accounts", json=body)
    problem = both.json()
    assert both.status_code == 422, both.text
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [
        ("login", "unique-login"),
        ("enterprise_ids", "manager-enterprises"),
        ("password", "password-guessable"),
    ]
    assert "Nguyễn Văn Hùng" in problem["errors"][0]["message_vi"]
    short = await client.post("/accounts", json={**body, "role": "inspector", "password": "ngắn"})
    assert [e["rule"] for e in short.json()["errors"]] == ["unique-login", "password-length"]
    # The schema's refusals (a login that is no e-mail address) come with the password's rules too.
    schema = await client.post("/accounts", json={**body, "login": "hung", "role": "inspector"})
    assert [(e["field"], e["rule"]) for e in schema.json()["errors"]] == [
        ("body.login", "value_error"),
        ("body.password", "password-guessable"),
    ]
    url = f"/accounts/{made['id']}"
    edited = await client.patch(url, json={"role": "manager", "password": "ngắn"}, headers={"If-Match": '"1"'})
    assert [e["rule"] for e in edited.json()["errors"]] == ["manager-enterprises", "password-length"]


async def test_two_administrators_creating_one_login_at_once_get_one_account_and_a_refusal_in_words(client) -> None:
    # Both look the login up before either writes (hashing the password runs in a thread between): the
    # database's unique login refuses the second, named as the look-up would have named it.
    login = unique_login("race")
    body = {"login": login, "role": "inspector", "password": PASSWORD}
    first, second = await asyncio.gather(
        client.post("/accounts", json={**body, "display_name": "Lê Văn Một"}),
        client.post("/accounts", json={**body, "display_name": "Lê Văn Hai"}),
    )
    made, refused = (first, second) if first.status_code == 201 else (second, first)
    assert (made.status_code, refused.status_code) == (201, 409), (first.text, second.text)
    problem = refused.json()
    assert (problem["errors"][0]["rule"], problem["account_id"]) == ("unique-login", made.json()["id"])
    assert made.json()["display_name"] in problem["detail_vi"]


async def test_the_last_active_administrator_stays(client) -> None:
    admin = await new_account(client, "admin")
    url = f"/accounts/{admin['id']}"
    demoted = await client.patch(url, json={"role": "inspector"}, headers={"If-Match": '"1"'})
    assert (demoted.status_code, demoted.json()["type"].split("/")[-1]) == (409, "last-admin")
    assert (await client.patch(url, json={"active": False}, headers={"If-Match": '"1"'})).status_code == 409
    second = await new_account(client, "admin")
    assert (await client.patch(url, json={"active": False}, headers={"If-Match": '"1"'})).status_code == 200
    assert (
        await client.patch(f"/accounts/{second['id']}", json={"active": False}, headers={"If-Match": '"1"'})
    ).status_code == 409


async def test_account_changes_reach_kafka_in_order_with_who_made_them_and_no_secret(
    client, kafka, module_topic_prefix
) -> None:
    a = await enterprise(client)
    made = await new_account(client, display_name="Nguyễn Thị Ánh Tuyết", enterprise_ids=[a["id"]])
    url = f"/accounts/{made['id']}"
    off = await client.patch(url, json={"active": False, "role": "inspector"}, headers={"If-Match": '"1"'})
    assert off.status_code == 200, off.text
    on = await client.patch(
        url, json={"active": True, "password": "Một mật khẩu mới tinh"}, headers={"If-Match": '"2"'}
    )
    assert on.status_code == 200, on.text
    signed_in = (await login(client, made["login"], "Một mật khẩu mới tinh")).json()
    own = await client.post(
        "/auth/password",
        json={"current_password": "Một mật khẩu mới tinh", "new_password": "Mùng một Tết nhà nội"},
        headers={"Authorization": f"Bearer {signed_in['access_token']}"},
    )
    assert own.status_code == 200, own.text

    def of_account(records) -> list[tuple[str, dict, bytes]]:
        return [(r.key.decode(), json.loads(r.value), r.value) for r in records if r.key == made["id"].encode()]

    topic = topics.with_prefix(module_topic_prefix, topics.ROSTER_EVENTS)
    found = of_account(await read_topic(kafka, topic, until=lambda recs: len(of_account(recs)) >= 4))
    assert [e["type"] for _, e, _ in found] == [
        "lichtruc.roster.account.created.v1",
        *["lichtruc.roster.account.changed.v1"] * 3,
    ]
    datas = [e["data"] for _, e, _ in found]
    assert [d["version"] for d in datas] == [1, 2, 3, 4]
    assert datas[0]["display_name"] == "Nguyễn Thị Ánh Tuyết" and datas[0]["enterprise_ids"] == [a["id"]]
    assert [d.get("changed") for d in datas[1:]] == [
        ["role", "enterprise_ids", "active"],
        ["active", "password"],
        ["password"],
    ]
    assert [d["actor"] for d in datas] == ["admin@test"] * 3 + [made["login"]]  # the token names the login
    assert all(e["subject"] == f"accounts/{made['id']}" for _, e, _ in found)
    for _, _, raw in found:  # neither a hash nor a password ever leaves roster
        assert b"argon2" not in raw and "mật khẩu".encode() not in raw.lower() and b"password_hash" not in raw
