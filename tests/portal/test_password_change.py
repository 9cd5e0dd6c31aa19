"""Changing one's password says every mistake in one answer (QA: a wrong current password with a new one too short
said "too short" alone; with two new ones that differ, only that they differ): the portal's own findings, and
roster's word on the current password, got by sending it the current password as the new one — which roster refuses
whichever way, so nothing is changed by asking."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from portal.domain.passwords import current_judged_alone, form_problems
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
ACCOUNT: dict[str, Any] = {
    "id": "a1",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [],
    "staff_id": None,
}
NOW = datetime(2027, 1, 18, 3, tzinfo=UTC)


class Roster:
    """Roster's POST /auth/password as it judges it: the current password first, then the new one."""

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed_in := sign_in_answer(request, ACCOUNT, PASSWORD)) is not None:
            return signed_in
        assert request.url.path == "/auth/password", request.url.path
        body = json.loads(request.content)
        self.sent.append(body)
        if body["current_password"] != PASSWORD:
            said = {
                "field": "current_password",
                "rule": "current-password",
                "message": "The current password is wrong.",
            }
            return httpx.Response(
                422,
                json={
                    "type": "x/rule",
                    "detail": "wrong",
                    "errors": [{**said, "message_vi": "Mật khẩu hiện tại không đúng."}],
                },
            )
        if body["new_password"] == body["current_password"]:
            said = {
                "field": "new_password",
                "rule": "password-changed",
                "message": "The new password is the current one.",
            }
            return httpx.Response(
                422,
                json={
                    "type": "x/rule",
                    "detail": "same",
                    "errors": [{**said, "message_vi": "Mật khẩu mới trùng mật khẩu hiện tại."}],
                },
            )
        return httpx.Response(200, json={"access_token": "t1", "refresh_token": "r1", "expires_in": 900})


def _said(page: httpx.Response) -> dict[str, str]:
    return {
        name: html.unescape(text)
        for name, text in re.findall(r'<p class="error" id="e-([a-z_]+)" role="alert">([^<]*)</p>', page.text)
    }


async def test_a_wrong_current_password_is_said_with_the_portals_own_findings_and_nothing_is_changed() -> None:
    roster = Roster()
    async with signed_in_portal(roster, ACCOUNT["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/account/password")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)

        async def send(current: str, new: str, confirm: str) -> httpx.Response:
            form = {"csrf_token": csrf, "current_password": current, "new_password": new, "confirm_password": confirm}
            return await client.post("/account/password", data=form)

        short = await send("sai mật khẩu rồi nhé", "ngắn", "ngắn")
        assert short.status_code == 422
        assert _said(short) == {
            "current_password": "Mật khẩu hiện tại không đúng.",
            "new_password": "Mật khẩu mới quá ngắn: cần ít nhất 12 ký tự (một câu ngắn vừa dễ nhớ vừa khó đoán).",
        }
        differ = await send("sai mật khẩu rồi nhé", "một câu dài dễ nhớ", "một câu dài khác hẳn")
        assert _said(differ) == {
            "current_password": "Mật khẩu hiện tại không đúng.",
            "confirm_password": "Hai lần nhập mật khẩu mới không giống nhau: hãy gõ cùng một mật khẩu mới vào cả hai ô.",
        }
        # The right current password with a mistake of the form's own: only that, roster's answer to the probe unsaid.
        right = await send(PASSWORD, "một câu dài dễ nhớ", "một câu dài khác hẳn")
        assert set(_said(right)) == {"confirm_password"} and "trùng" not in html.unescape(right.text)
        # Each box refused is marked and described by its sentence.
        assert re.search(
            r'id="f-current_password"[^>]*aria-invalid="true" aria-describedby="e-current_password"', short.text
        )
        # Roster was asked to judge the current password alone: the current one as the new, never what was typed.
        assert roster.sent == [
            {"current_password": c, "new_password": c} for c in ("sai mật khẩu rồi nhé",) * 2 + (PASSWORD,)
        ]
        done = await send(PASSWORD, "một câu dài dễ nhớ", "một câu dài dễ nhớ")
        assert done.status_code == 200 and _said(done) == {}
        assert roster.sent[-1] == {"current_password": PASSWORD, "new_password": "một câu dài dễ nhớ"}


def test_the_forms_own_findings_and_when_roster_can_judge_the_current_password_alone() -> None:
    assert form_problems(current="", new="ngắn", confirm="khác") == {
        "current_password": "current_missing",
        "new_password": "too_short",
        "confirm_password": "mismatch",
    }
    assert form_problems(current="một câu dài dễ nhớ", new="một câu dài dễ nhớ", confirm="một câu dài dễ nhớ") == {
        "new_password": "same"
    }
    assert current_judged_alone("ngắn") is None  # roster would refuse the body before judging the current password
    assert current_judged_alone("một câu dài dễ nhớ") == {
        "current_password": "một câu dài dễ nhớ",
        "new_password": "một câu dài dễ nhớ",
    }
