"""A page cursor that a client edited is the 422 `bad-cursor` problem, as garbage is, on every
keyset list of audit: its key is checked against the list's own key before it reaches the
database (text where the log's seq is, a number past 64 bits, a key of another length)."""

from __future__ import annotations

import base64
import json

import pytest

from lichtruc.paging import BadCursor

VIETNAMESE = BadCursor("").detail_vi


def edited(kind: str, key: list) -> str:
    raw = json.dumps([kind, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def test_the_log_with_text_for_its_seq_is_a_422_bad_cursor_in_both_languages(audit) -> None:
    client, _, _ = audit
    assert edited("log", ["zzz"]) == "WyJsb2ciLFsienp6Il1d"  # the cursor QA sent
    refused = await client.get("/log", params={"cursor": "WyJsb2ciLFsienp6Il1d"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/bad-cursor")
    assert problem["detail_vi"] == VIETNAMESE
    assert "start again without “cursor”" in problem["detail"]


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/log", edited("log", [2**63])),
        ("/log", edited("log", [True])),
        ("/log", edited("log", [1, 2])),
        ("/findings", edited("findings", ["zzz"])),
        ("/snapshots", edited("snapshots", ["zzz"])),
        ("/accounts/history", edited("account-history-newest", ["zzz"])),
        ("/gaps", edited("gaps", [{"t": "2027-02-05T06:00:00"}, "zzz"])),
        ("/incidents", edited("incidents", [{"t": "2027-02-05T06:00:00"}, {"u": "not-a-uuid"}])),
    ],
)
async def test_every_keyset_list_refuses_an_edited_cursor_with_the_same_problem(audit, path, cursor) -> None:
    client, _, _ = audit
    refused = await client.get(path, params={"cursor": cursor})
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("/bad-cursor") and refused.json()["detail_vi"] == VIETNAMESE


async def test_a_cursor_the_log_handed_out_still_pages_it(audit) -> None:
    client, _, _ = audit
    following = await client.get("/log", params={"cursor": edited("log", [0]), "limit": 1})
    assert following.status_code == 200 and following.json()["limit"] == 1
