"""What Schemathesis found, pinned down as plain examples so that they stay fixed whatever
the fuzzer happens to generate next time."""

from __future__ import annotations

import httpx

from lichtruc.problems import PROBLEM_JSON
from support import ADMIN, auth


def _problem(response: httpx.Response, status: int, type_slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"].endswith("/" + type_slug) and body["status"] == status
    return body


def test_a_nul_character_in_stored_text_is_refused_with_a_problem_not_a_500(services) -> None:
    """PostgreSQL cannot store U+0000 in text; it took roster down to a 500 on POST /enterprises. A name (and a
    district) is now refused by the name's own rule, naming the character, and free text by its own; text
    PostgreSQL cannot take is refused when the database says so."""
    url = services["roster"].url
    roster = httpx.post(
        f"{url}/enterprises", headers=auth(ADMIN), json={"name": "VNPT\u0000Long An", "sector": "telecom"}
    )
    body = _problem(roster, 422, "validation")
    [error] = body["errors"]
    assert "control character (U+0000)" in error["message"] and "U+0000" in error["message_vi"]
    listed = httpx.get(f"{url}/enterprises", headers=auth(ADMIN)).json()["items"]
    assert not any("\u0000" in enterprise["name"] for enterprise in listed)

    enterprise = httpx.post(f"{url}/enterprises", headers=auth(ADMIN), json={"name": "Đài NUL", "sector": "television"})
    assert enterprise.status_code == 201, enterprise.text
    site = {"enterprise_id": enterprise.json()["id"], "name": "Trạm NUL", "kind": "office", "district": "Tân\u0000An"}
    body = _problem(httpx.post(f"{url}/sites", headers=auth(ADMIN), json=site), 422, "validation")
    [error] = body["errors"]
    assert error["field"] == "body.district" and "U+0000" in error["message"] and "U+0000" in error["message_vi"]
    incident = {
        "enterprise_id": enterprise.json()["id"],
        "detected_at": "2026-01-01T08:00:00+07:00",
        "district": "Tân An",
        "services": ["television"],
        "severity": "minor",
        "description": "Mất\u0000 sóng",
    }
    body = _problem(httpx.post(f"{url}/incidents", headers=auth(ADMIN), json=incident), 422, "validation")
    [error] = body["errors"]  # free text refuses every control character, naming it, as a name does
    assert error["field"] == "body.description" and "U+0000" in error["message"] and "U+0000" in error["message_vi"]
    # What still reaches PostgreSQL with a NUL in it (a search's text) is refused when the database says so.
    body = _problem(
        httpx.get(f"{url}/staff", headers=auth(ADMIN), params={"q": "Mai\u0000Anh"}), 422, "unstorable-text"
    )
    assert "NUL" in body["detail"] and body["detail_vi"]


def test_quiet_hours_read_back_as_they_are_written(services, seeded) -> None:
    """Notifier answered "22:30:00", which is not the `format: time` it documented, and which a
    client could not PUT back (the preferences take "HH:MM")."""
    url = f"{services['notifier'].url}/people/{seeded['staff_id'][0]}/preferences"
    written = {"quiet_hours": {"start": "22:30", "end": "06:00"}, "reminder_offsets_minutes": [60]}
    put = httpx.put(url, headers=auth(ADMIN), json=written)
    assert put.status_code == 200, put.text
    assert put.json()["quiet_hours"] == {"start": "22:30", "end": "06:00"}
    read = httpx.get(url, headers=auth(ADMIN)).json()
    again = httpx.put(
        url, headers=auth(ADMIN), json={"quiet_hours": read["quiet_hours"], "reminder_offsets_minutes": [60]}
    )
    assert again.status_code == 200, again.text


def test_every_error_of_every_operation_is_documented_as_a_problem(documents) -> None:
    for name, document in documents.items():
        assert "Problem" in document["components"]["schemas"]
        assert "HTTPValidationError" not in document["components"]["schemas"]
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                responses = operation["responses"]
                assert {"4XX", "5XX"} <= set(responses), f"{name} {method.upper()} {path}"
                for code, response in responses.items():
                    if code[0] in "45":
                        assert list(response["content"]) == [PROBLEM_JSON], f"{name} {method.upper()} {path} {code}"
