"""Roster's answers to the portal's sign-in, for the page tests that stand in for roster with a function."""

from __future__ import annotations

import json
from typing import Any

import httpx


def sign_in_answer(request: httpx.Request, account: dict[str, Any], password: str) -> httpx.Response | None:
    """`POST /auth/login` (the tokens and `account` for `password`, else a 401) and `GET /auth/session` (alive)
    as roster answers them for one account; None for any other request."""
    path = request.url.path
    if path == "/auth/login":
        if json.loads(request.content)["password"] != password:
            return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
        token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
        return httpx.Response(200, json={**token, "account": account, "token_type": "Bearer"})
    if path == "/auth/session":
        return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": account["id"]})
    return None
