"""A page cursor that a client edited is the 422 `bad-cursor` problem, as garbage is, on roster's
lists: its key is checked against the list's own key before it reaches the database (an offset
past what PostgreSQL counts, a number past the list's column, a value of another type)."""

from __future__ import annotations

import base64
import json

import pytest

from lichtruc.paging import BadCursor

QA_ACCOUNTS = "WyJhY2NvdW50czpsb2dpbiIsWzkyMjMzNzIwMzY4NTQ3NzU4MDhdXQ"
ID = {"u": "0b6f4c2e-1d2a-4b7e-9a51-3c8d2e7f9a10"}


def edited(kind: str, key: list) -> str:
    raw = json.dumps([kind, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def test_accounts_with_an_offset_of_2_63_is_a_422_bad_cursor_in_both_languages(client) -> None:
    assert edited("accounts:login", [2**63]) == QA_ACCOUNTS  # the cursor QA sent
    refused = await client.get("/accounts", params={"cursor": QA_ACCOUNTS})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("bad-cursor")
    assert problem["detail_vi"] == BadCursor("").detail_vi


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/staff", edited("staff", [2**63])),
        ("/staff", edited("staff", [2**31 + 1])),
        ("/enterprises", edited("enterprises", [2**63])),
        ("/sites", edited("sites", [2**63])),
        ("/campaigns", edited("campaigns", [2**63])),
        ("/shifts", edited("shifts", [{"t": "2027-02-05T06:00:00+07:00"}, "zzz"])),
        ("/requirements", edited("requirements", [ID, "guard", {"d": "2027-02-05"}, ID])),
        ("/requirements", edited("requirements", [ID, "guard", {"t": "0001-01-01T00:00:00+07:00"}, ID])),
        ("/daily-reports", edited("daily-reports", [{"d": "2027-02-05"}, ID, 2**31])),
        ("/daily-reports", edited("daily-reports", [{"d": "2027-02-05"}, ID, "zzz"])),
    ],
)
async def test_every_list_refuses_an_edited_cursor_with_the_same_problem(client, path, cursor) -> None:
    refused = await client.get(path, params={"cursor": cursor})
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("bad-cursor") and refused.json()["detail_vi"] == BadCursor("").detail_vi


async def test_an_offset_within_range_is_still_a_page(client) -> None:
    far = await client.get("/staff", params={"cursor": edited("staff", [2**31])})
    assert far.status_code == 200 and far.json()["items"] == [] and far.json()["next"] is None
