"""Control characters in free text, through the real path: roster's API takes an incident's description,
cause and closing note as typed (names refuse control characters, free text keeps what is inside it), roster
publishes them, audit logs them — and audit's incidents CSV writes them left out, formula-like text still
behind an apostrophe (lichtruc.text.sheet_text), as real processes on the real broker and database."""

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


async def test_an_incidents_control_characters_are_left_out_of_audits_csv(system) -> None:
    async with httpx.AsyncClient(base_url=system["roster"], headers=AS_ADMIN) as roster:
        incident = await _incident_with_control_characters(roster)
    async with httpx.AsyncClient(base_url=system["audit"], headers=AS_ADMIN) as audit:

        async def exported() -> tuple[str, dict[str, str]] | None:
            got = await audit.get("/incidents.csv", params={"lang": "en"})
            assert got.status_code == 200, got.text
            text = got.content.decode("utf-8").removeprefix("\ufeff")
            rows = [r for r in csv.DictReader(io.StringIO(text)) if r["incident_id"] == incident["id"]]
            return (text, rows[0]) if rows and rows[0]["cause"] else None

        text, row = await eventually(exported, timeout=60, what="audit to export the resolved incident")
    assert (row["description"], row["cause"], row["closing note"]) == (
        "Mất sóng di động cục bộ",
        "'=Mất điện lưới",  # still no formula
        "Đã chạy máy phát",
    )
    assert not CONTROL_CHARACTERS.search(text)


async def _incident_with_control_characters(roster: httpx.AsyncClient) -> dict:
    """An incident opened and resolved through roster's API, its free text holding control characters."""
    enterprise = _ok(await roster.post("/enterprises", json={"name": "VNPT Long An", "sector": "telecom"}), 201)
    detected = datetime.now(UTC) - timedelta(hours=2)
    incident = _ok(
        await roster.post(
            "/incidents",
            json={
                "enterprise_id": enterprise["id"],
                "detected_at": detected.isoformat(),
                "district": "Kiến Tường",
                "services": ["mobile"],
                "severity": "minor",
                # U+0007 (bell) pasted from a terminal; U+0085, what “ệ” read byte by byte leaves behind
                "description": "Mất sóng\u0007 di động cục bộ\u0085",
            },
        ),
        201,
    )
    assert incident["description"] == "Mất sóng\u0007 di động cục bộ\u0085"  # roster keeps free text as typed
    _ok(
        await roster.post(
            f"/incidents/{incident['id']}/resolve",
            json={
                "cause": "=Mất điện\u001b lưới",
                "closing_note": "Đã\u000b chạy máy phát",
                "restored_at": (detected + timedelta(hours=1)).isoformat(),
            },
            headers={"If-Match": '"1"'},
        )
    )
    return incident
