"""Tokens and the authorisation point, in isolation (a tiny FastAPI app)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI, Request

from lichtruc.auth import (
    Principal,
    TokenError,
    allow,
    check_public_key,
    generate_keypair,
    issue_access_token,
    make_authorize,
    public,
    verify_access_token,
)
from lichtruc.problems import Problem, install_problem_handlers

PRIVATE, PUBLIC = generate_keypair()
MANAGER = Principal(account_id="a1", role="manager", enterprise_ids=frozenset({"vnpt"}))


def token(
    principal: Principal, *, private: str = PRIVATE, now: datetime | None = None, ttl=timedelta(minutes=15)
) -> str:
    return issue_access_token(principal, private_key_pem=private, now=now or datetime.now(UTC), ttl=ttl)


def test_round_trip_keeps_the_principal() -> None:
    assert verify_access_token(token(MANAGER), public_key_pem=PUBLIC) == MANAGER


def test_a_token_names_its_sign_in_only_when_it_has_one() -> None:
    signed_in = Principal(account_id="a1", role="inspector", sign_in_id="7d1c0e0a-1f2b-4c3d-8e9f-000000000001")
    assert verify_access_token(token(signed_in), public_key_pem=PUBLIC).sign_in_id == signed_in.sign_in_id
    assert "sid" not in jwt.decode(token(MANAGER), options={"verify_signature": False})
    assert verify_access_token(token(MANAGER), public_key_pem=PUBLIC).sign_in_id is None


def test_a_token_carries_the_display_name_the_mails_say_when_it_has_one() -> None:
    named = Principal(account_id="a1", role="manager", name="lan@vnpt", display_name="Nguyễn Thị Lan")
    assert verify_access_token(token(named), public_key_pem=PUBLIC).display_name == "Nguyễn Thị Lan"
    assert "dn" not in jwt.decode(token(MANAGER), options={"verify_signature": False})
    assert verify_access_token(token(MANAGER), public_key_pem=PUBLIC).display_name is None


def test_expired_token_says_how_to_renew() -> None:
    old = token(MANAGER, now=datetime.now(UTC) - timedelta(hours=2))
    with pytest.raises(TokenError, match=r"expired.*refresh"):
        verify_access_token(old, public_key_pem=PUBLIC)


def test_a_checked_token_is_remembered_but_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signature is checked once per token (the costly step of every request); its expiry on every use."""
    decoded: list[str] = []
    real_decode = jwt.decode

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counted)
    issued = datetime.now(UTC)
    fresh = token(MANAGER, now=issued, ttl=timedelta(minutes=15))
    for _ in range(3):
        assert verify_access_token(fresh, public_key_pem=PUBLIC) == MANAGER
    assert len(decoded) == 1
    with pytest.raises(TokenError, match=r"expired.*refresh"):  # the same token, remembered, checked at a later time
        verify_access_token(fresh, public_key_pem=PUBLIC, now=issued + timedelta(minutes=16))
    monkeypatch.setattr(time, "time", lambda: (issued + timedelta(minutes=16)).timestamp())
    with pytest.raises(TokenError, match=r"expired.*refresh"):
        verify_access_token(fresh, public_key_pem=PUBLIC)
    other_private, _ = generate_keypair()  # a token the key did not sign is refused every time, never remembered
    for _ in range(2):
        with pytest.raises(TokenError, match="not valid"):
            verify_access_token(token(MANAGER, private=other_private), public_key_pem=PUBLIC)
    header, payload, _signature = fresh.split(".")
    with pytest.raises(TokenError, match="not valid"):  # the remembered token's claims with another signature
        verify_access_token(
            f"{header}.{payload}.{token(MANAGER, private=other_private).split('.')[2]}", public_key_pem=PUBLIC
        )


def test_token_signed_by_another_key_is_refused() -> None:
    other_private, _ = generate_keypair()
    with pytest.raises(TokenError, match="not valid: its signature does not match"):
        verify_access_token(token(MANAGER, private=other_private), public_key_pem=PUBLIC)


def test_a_garbled_token_is_refused_in_a_sentence_not_the_librarys_words() -> None:
    """QA (2026-12-04): "abc.def.ghi" was refused with "(Invalid header string: 'utf-8' codec can't decode …)"."""
    for garbled in ("abc.def.ghi", "not-a-token", "a.b"):
        with pytest.raises(TokenError) as refused:
            verify_access_token(garbled, public_key_pem=PUBLIC)
        said = str(refused.value)
        assert said.startswith("the access token is not valid: it is not an access token this system issues")
        assert "codec" not in said and "Invalid" not in said


def test_tampered_claims_are_refused() -> None:
    header, payload, signature = token(MANAGER).split(".")
    import base64
    import json

    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(TokenError):
        verify_access_token(f"{header}.{forged}.{signature}", public_key_pem=PUBLIC)


def test_settings_refuse_missing_or_example_key_outside_dev_mode() -> None:
    with pytest.raises(ValueError, match="no auth public key"):
        check_public_key(None, dev_mode=False)
    with pytest.raises(ValueError, match="example"):
        check_public_key("-----BEGIN PUBLIC KEY----- EXAMPLE-DO-NOT-USE", dev_mode=False)
    assert check_public_key(None, dev_mode=True) is None
    assert check_public_key(PUBLIC, dev_mode=False) == PUBLIC


def make_app() -> FastAPI:
    async def own_enterprise(request: Request, principal: Principal) -> bool:
        return principal.manages(request.path_params["eid"])

    policy = {
        "health": public(),
        "board": allow("admin", "manager", "inspector", scope=own_enterprise),
        "secret": allow("admin", scope=own_enterprise, hide=True),
        "plan": allow(
            "admin",
            "manager",
            scope=own_enterprise,
            not_found=lambda request: Problem(
                404, "plan-not-found", "Plan not found", "No such plan.", detail_vi="Không có kế hoạch này."
            ),
        ),
    }
    app = FastAPI(dependencies=[Depends(make_authorize(policy, lambda: PUBLIC))])
    install_problem_handlers(app)

    @app.get("/health", name="health")
    async def health() -> dict:
        return {}

    @app.get("/enterprises/{eid}/board", name="board")
    async def board(eid: str) -> dict:
        return {"eid": eid}

    @app.get("/enterprises/{eid}/plan", name="plan")
    async def plan(eid: str) -> dict:
        if eid != "vnpt":
            raise Problem(404, "plan-not-found", "Plan not found", "No such plan.", detail_vi="Không có kế hoạch này.")
        return {"eid": eid}

    @app.get("/unruled", name="unruled")
    async def unruled() -> dict:
        return {}

    return app


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        ("/health", None, 200),
        ("/enterprises/vnpt/board", None, 401),
        ("/enterprises/vnpt/board", MANAGER, 200),
        ("/enterprises/viettel/board", MANAGER, 403),
        ("/enterprises/viettel/board", Principal("a2", "admin"), 200),
        ("/enterprises/viettel/board", Principal("a3", "staff", staff_id="s1"), 403),
        ("/unruled", Principal("a2", "admin"), 403),
    ],
)
async def test_authorisation_point(path: str, who: Principal | None, status: int) -> None:
    transport = httpx.ASGITransport(app=make_app())
    headers = {"Authorization": f"Bearer {token(who)}"} if who else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get(path, headers=headers)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_role_refused_is_told_which_roles_may_in_both_languages() -> None:
    transport = httpx.ASGITransport(app=make_app())
    staff = Principal("a3", "staff", staff_id="s1")
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/enterprises/vnpt/board", headers={"Authorization": f"Bearer {token(staff)}"})
    assert response.status_code == 403
    problem = response.json()
    assert "only: administrator, manager, inspector" in problem["detail"], problem
    assert (
        "Vai trò nhân viên trực" in problem["detail_vi"]
        and "chỉ: quản trị, quản lý doanh nghiệp, thanh tra" in (problem["detail_vi"])
    ), problem
    assert "GET /enterprises/vnpt/board" in problem["detail"] and "/" not in problem["detail_vi"]


async def test_garbage_token_is_401_not_500() -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/enterprises/vnpt/board", headers={"Authorization": "Bearer x.y.z"})
    assert response.status_code == 401


async def test_a_hidden_item_answers_exactly_like_a_missing_one() -> None:
    transport = httpx.ASGITransport(app=make_app())
    headers = {"Authorization": f"Bearer {token(Principal('m9', 'manager', enterprise_ids=frozenset({'mobifone'})))}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as client:
        hidden = await client.get("/enterprises/vnpt/plan")  # exists, not theirs
        missing = await client.get("/enterprises/mobifone/plan")  # theirs, does not exist
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["type"] == missing.json()["type"]
    assert hidden.json()["title"] == missing.json()["title"]
