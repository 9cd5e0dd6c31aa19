"""Control characters and formula-like text in an incident's free text, through the real path: roster's API
refuses a description, cause or closing note holding a control character (a 422 naming the field; they were
once kept as typed and left out only by the exports), and formula-like text it keeps is written by audit's
incidents CSV behind an apostrophe (lichtruc.text.sheet_text, which also leaves out any control character an
event from elsewhere might carry: tests/shared/test_text.py), as real processes on the real broker and
database."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from lichtruc.text import CONTROL_CHARACTERS
from support import ADMIN, auth, eventually, service_processes

AS_ADMIN = auth(ADMIN)


@pytest.fixture
def system(new_database, kafka, topic_prefix, tmp_path):
    with service_processes(
        ("roster", "audit"), new_database=new_database, kafka=kafka, topic_prefix=topic_prefix, logs=tmp_path
    ) as services:
        yield {name: s.url for name, s in services.items()}


def _ok(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def test_control_characters_are_refused_and_a_formula_is_exported_behind_an_apostrophe(system) -> None:
    async with httpx.AsyncClient(base_url=system["roster"], headers=AS_ADMIN) as roster:
        incident = await _incident_with_control_characters(roster)
    async with httpx.AsyncClient(base_url=system["audit"], headers=AS_ADMIN) as audit:

        async def exported() -> tuple[str, dict[str, str]] | None:
            got = await audit.get("/incidents.csv", params={"lang": "en"})
            assert got.status_code == 200, got.text
            text = got.content.decode("utf-8").removeprefix("\ufeff")
            rows = [r for r in csv.DictReader(io.StringIO(text)) if r["incident id"] == incident["id"]]
            return (text, rows[0]) if rows and rows[0]["cause"] else None

        text, row = await eventually(exported, timeout=60, what="audit to export the resolved incident")
    assert (row["description"], row["cause"], row["closing note"]) == (
        "Mất sóng di động cục bộ",
        "'=Mất điện lưới",  # still no formula
        "Đã chạy máy phát",
    )
    assert not CONTROL_CHARACTERS.search(text)


async def _incident_with_control_characters(roster: httpx.AsyncClient) -> dict:
    """Control characters refused wherever the incident's free text is typed, then the incident opened and
    resolved through roster's API with the same texts without them (the cause still looking like a formula)."""
    enterprise = _ok(await roster.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}), 201)
    detected = datetime.now(UTC) - timedelta(hours=2)
    body = {
        "enterprise_id": enterprise["id"],
        "detected_at": detected.isoformat(),
        "district": "Kiến Tường",
        "services": ["mobile"],
        "severity": "minor",
    }
    # U+0007 (bell) pasted from a terminal; U+0085, what “ệ” read byte by byte leaves behind
    for typed in ("Mất sóng\u0007 di động cục bộ", "Mất sóng di động cục bộ\u0085"):
        refused = await roster.post("/incidents", json={**body, "description": typed})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.description", typed
    assert (await roster.get("/incidents")).json()["items"] == []  # nothing recorded
    incident = _ok(await roster.post("/incidents", json={**body, "description": "Mất sóng di động cục bộ"}), 201)
    resolve = {"restored_at": (detected + timedelta(hours=1)).isoformat()}
    for field, typed in (("cause", "=Mất điện\u001b lưới"), ("closing_note", "Đã\u000b chạy máy phát")):
        texts = {"cause": "=Mất điện lưới", "closing_note": "Đã chạy máy phát", field: typed}
        refused = await roster.post(
            f"/incidents/{incident['id']}/resolve", json={**resolve, **texts}, headers={"If-Match": '"1"'}
        )
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == f"body.{field}", typed
    _ok(
        await roster.post(
            f"/incidents/{incident['id']}/resolve",
            json={**resolve, "cause": "=Mất điện lưới", "closing_note": "Đã chạy máy phát"},
            headers={"If-Match": '"1"'},
        )
    )
    return incident
