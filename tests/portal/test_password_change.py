"""Changing one's password says every mistake in one answer (QA: a wrong current password with a new one too short
said "too short" alone; with two new ones that differ, only that they differ): the portal's own findings, and
roster's word on both passwords — from a dry run of the change when the form has mistakes of its own, so nothing is
changed by asking."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from portal.domain.passwords import form_problems
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal
from .refusals import one_alert

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
    """Roster's POST /auth/password as it judges it: the current password and the new one together, every mistake
    in one 422; a dry run (`?dry_run=true`) answers 204 where the change would be made."""

    def __init__(self) -> None:
        self.sent: list[tuple[bool, dict[str, str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed_in := sign_in_answer(request, ACCOUNT, PASSWORD)) is not None:
            return signed_in
        assert request.url.path == "/auth/password", request.url.path
        body = json.loads(request.content)
        dry_run = request.url.params.get("dry_run") == "true"
        self.sent.append((dry_run, body))
        errors = []
        if body["current_password"] != PASSWORD:
            errors.append(("current_password", "The current password is wrong.", "Mật khẩu hiện tại không đúng."))
        if body["new_password"] == ACCOUNT["login"]:
            errors.append(("new_password", "The password is the login.", "Mật khẩu trùng tên đăng nhập."))
        elif len(body["new_password"]) < 12:
            errors.append(("new_password", "At least 12 characters.", "Mật khẩu cần ít nhất 12 ký tự."))
        if errors:
            said = [{"field": f, "rule": "r", "message": en, "message_vi": vi} for f, en, vi in errors]
            return httpx.Response(422, json={"type": "x/rule", "detail": "wrong", "errors": said})
        if dry_run:
            return httpx.Response(204)
        return httpx.Response(200, json={"access_token": "t1", "refresh_token": "r1", "expires_in": 900})


def _said(page: httpx.Response) -> dict[str, str]:
    """The refusals beside the boxes; refused, the page alerts once: the summary at its top (QA Z17)."""
    if page.status_code == 422:
        assert "password-errors" in one_alert(page.text)
    return {
        name: html.unescape(text)
        for name, text in re.findall(r'<p class="error" id="e-([a-z_]+)">([^<]*)</p>', page.text)
    }


async def test_a_wrong_current_password_is_said_with_the_portals_own_findings_and_nothing_is_changed() -> None:
    roster = Roster()
    async with signed_in_portal(roster, ACCOUNT["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/account/password")
        # The browser does not stop the form at the new password's minimum length: the answer below says it all (QA).
        assert '<form method="post" action="/account/password" class="stack" novalidate>' in page.text
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
        # Roster's word on the new password is said with the form's own mistakes too, even without a current one.
        login = await send("", ACCOUNT["login"], "khác")
        assert set(_said(login)) == {"current_password", "new_password", "confirm_password"}
        assert _said(login)["new_password"] == "Mật khẩu trùng tên đăng nhập."
        # The right current password with a mistake of the form's own: only that, and nothing changed.
        right = await send(PASSWORD, "một câu dài dễ nhớ", "một câu dài khác hẳn")
        assert right.status_code == 422 and set(_said(right)) == {"confirm_password"}
        # Each box refused is marked and described by its sentence.
        assert re.search(
            r'id="f-current_password"[^>]*aria-invalid="true" aria-describedby="e-current_password"', short.text
        )
        # With mistakes of its own the form asked roster for dry runs of what was typed; none changed anything.
        assert roster.sent == [
            (True, {"current_password": "sai mật khẩu rồi nhé", "new_password": "ngắn"}),
            (True, {"current_password": "sai mật khẩu rồi nhé", "new_password": "một câu dài dễ nhớ"}),
            (True, {"current_password": "", "new_password": ACCOUNT["login"]}),
            (True, {"current_password": PASSWORD, "new_password": "một câu dài dễ nhớ"}),
        ]
        done = await send(PASSWORD, "một câu dài dễ nhớ", "một câu dài dễ nhớ")
        assert done.status_code == 200 and _said(done) == {}
        assert roster.sent[-1] == (False, {"current_password": PASSWORD, "new_password": "một câu dài dễ nhớ"})
        wrong = await send("sai mật khẩu rồi nhé", "một câu dài dễ nhớ", "một câu dài dễ nhớ")
        assert wrong.status_code == 422 and _said(wrong) == {"current_password": "Mật khẩu hiện tại không đúng."}
        assert roster.sent[-1][0] is False  # no mistake of the form's own: the real change is sent


def test_the_forms_own_findings() -> None:
    assert form_problems(current="", new="ngắn", confirm="khác") == {
        "current_password": "current_missing",
        "new_password": "too_short",
        "confirm_password": "mismatch",
    }
    assert form_problems(current="một câu dài dễ nhớ", new="một câu dài dễ nhớ", confirm="một câu dài dễ nhớ") == {
        "new_password": "same"
    }
