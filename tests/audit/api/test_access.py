"""Who reads what in audit, with real data: a manager sees their own enterprises only (lists
narrowed, other enterprises' filters refused, other enterprises' items not found);
inspectors read everything and record findings in their own name; staff get nothing.
(tests/access checks the roles of every route; this file checks the scopes.)"""

from __future__ import annotations

import csv
import io
import uuid

from audit_testkit import Roster, province_events
from fastapi.routing import iter_route_contexts

from support import auth, present, principal

FINDING_AT = "2027-02-05T19:00:00+07:00"


def problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/" + slug), body
    return body


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


async def record(client, site_id: uuid.UUID, headers: dict | None = None):
    return await client.post(
        "/findings",
        headers=headers,
        json={"site_id": str(site_id), "observed_at": FINDING_AT, "duty_type": "operations", "people_found": []},
    )


async def test_a_manager_reads_only_their_enterprises_gaps_board_history_and_findings(audit) -> None:
    admin, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    vnpt_finding = (await record(admin, p.tan_an)).json()
    post_finding = (await record(admin, p.moc_hoa)).json()
    as_vnpt = auth(principal("manager", enterprises=(p.vnpt,)))
    vnpt, post = str(p.vnpt), str(p.post)

    async def get(path: str, **params):
        return await admin.get(path, params=params, headers=as_vnpt)

    # Gaps: narrowed to VNPT's without a filter, VNPT's filter allowed, the post office's refused.
    everything = (await admin.get("/gaps", params={"limit": 500})).json()["items"]
    theirs = [g for g in everything if g["enterprise_id"] == vnpt]
    others = [g for g in everything if g["enterprise_id"] == post]
    assert theirs and others
    mine = (await get("/gaps", limit=500)).json()
    assert mine["items"] == theirs and mine["total"] == len(theirs)
    assert (await get("/gaps", limit=500, enterprise_id=vnpt)).json()["items"] == theirs
    refused = problem(await get("/gaps", enterprise_id=post), 403, "out-of-scope")
    assert refused["detail_vi"]
    problem(
        await admin.get("/gaps", params=[("enterprise_id", vnpt), ("enterprise_id", post)], headers=as_vnpt),
        403,
        "out-of-scope",
    )
    problem(await get("/gaps", site_id=str(p.moc_hoa)), 403, "out-of-scope")
    assert (await get("/gaps", site_id=str(p.tan_an), limit=500)).json()["items"] == [
        g for g in theirs if g["site_id"] == str(p.tan_an)
    ]
    # Only theirs: a filter on a sector does not reach the post office's gaps either.
    assert (await get("/gaps", sector="postal")).json()["items"] == []

    lines = csv_rows(await get("/gaps.csv", lang="en"))
    assert sorted(r["gap id"] for r in lines) == sorted(g["gap_id"] for g in theirs)
    assert {r["enterprise id"] for r in lines} == {vnpt}
    problem(await get("/gaps.csv", enterprise_id=post), 403, "out-of-scope")

    # One gap or finding of another enterprise answers word for word as one that does not exist.
    assert (await get(f"/gaps/{theirs[0]['gap_id']}")).json() == theirs[0]
    hidden_id, missing_id = others[0]["gap_id"], str(uuid.uuid4())
    hidden = problem(await get(f"/gaps/{hidden_id}"), 404, "gap-not-found")
    missing = problem(await get(f"/gaps/{missing_id}"), 404, "gap-not-found")
    assert str(hidden).replace(hidden_id, "ID") == str(missing).replace(missing_id, "ID")
    assert (await get(f"/findings/{vnpt_finding['finding_id']}")).json()["site_id"] == str(p.tan_an)
    problem(await get(f"/findings/{post_finding['finding_id']}"), 404, "finding-not-found")
    assert [f["finding_id"] for f in (await get("/findings")).json()["items"]] == [vnpt_finding["finding_id"]]
    problem(await get("/findings", enterprise_id=post), 403, "out-of-scope")
    problem(await get("/findings", site_id=str(p.moc_hoa)), 403, "out-of-scope")

    # An enterprise's history, and the list of enterprises.
    assert (await get(f"/enterprises/{vnpt}/history")).json()["items"]
    problem(await get(f"/enterprises/{post}/history"), 404, "not-found")
    problem(await get(f"/enterprises/{uuid.uuid4()}/history"), 404, "not-found")
    assert [e["enterprise_id"] for e in (await get("/enterprises")).json()["items"]] == [vnpt]

    # The board (live and as known at), its CSV, coverage in a window, who was on duty.
    board = (await get(f"/campaigns/{p.campaign}/board")).json()
    assert board["rows"] and {r["enterprise_id"] for r in board["rows"]} == {vnpt}
    full = (await admin.get(f"/campaigns/{p.campaign}/board")).json()
    assert board["rows"] == [r for r in full["rows"] if r["enterprise_id"] == vnpt]
    tip = (await admin.get("/log", params={"limit": 500})).json()["items"][-1]["received_at"]
    replayed = (await get(f"/campaigns/{p.campaign}/board", as_of=tip)).json()
    assert replayed["rows"] == board["rows"]
    problem(await get(f"/campaigns/{p.campaign}/board", enterprise_id=post), 403, "out-of-scope")
    per_day = csv_rows(await get(f"/campaigns/{p.campaign}/coverage.csv", lang="en"))
    assert per_day and {r["enterprise id"] for r in per_day} == {vnpt}
    problem(await get(f"/campaigns/{p.campaign}/coverage.csv", enterprise_id=post), 403, "out-of-scope")
    window = (await get(f"/campaigns/{p.campaign}/coverage")).json()
    assert window["keys"] and {k["enterprise_id"] for k in window["keys"]} == {vnpt}
    problem(await get(f"/campaigns/{p.campaign}/coverage", site_id=str(p.moc_hoa)), 403, "out-of-scope")
    noon = "2027-02-05T12:00:00+07:00"
    on_duty_all = (await admin.get("/on-duty", params={"at": noon})).json()["shifts"]
    assert {s["enterprise_id"] for s in on_duty_all} == {vnpt, post}
    on_duty = (await get("/on-duty", at=noon)).json()["shifts"]
    assert on_duty == [s for s in on_duty_all if s["enterprise_id"] == vnpt]
    problem(await get("/on-duty", at=noon, enterprise_id=post), 403, "out-of-scope")

    # A manager of both enterprises sees both; one of neither sees nothing at all.
    both = auth(principal("manager", enterprises=(p.vnpt, p.post)))
    assert (await admin.get("/gaps", params={"limit": 500}, headers=both)).json()["items"] == everything
    nobody = auth(principal("manager"))
    assert (await admin.get("/gaps", headers=nobody)).json()["total"] == 0
    assert (await admin.get(f"/campaigns/{p.campaign}/board", headers=nobody)).json()["rows"] == []


async def test_inspectors_read_everything_and_record_findings_in_their_own_name(audit) -> None:
    admin, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    inspector = principal("inspector", name="thanh-tra-so")
    as_inspector = auth(inspector)

    everything = (await admin.get("/gaps", params={"limit": 500})).json()
    assert (await admin.get("/gaps", params={"limit": 500}, headers=as_inspector)).json() == everything
    post_gap = next(g for g in everything["items"] if g["enterprise_id"] == str(p.post))
    assert (await admin.get(f"/gaps/{post_gap['gap_id']}", headers=as_inspector)).json() == post_gap
    assert (await admin.get(f"/enterprises/{p.post}/history", headers=as_inspector)).json()["items"]

    created = await record(admin, p.moc_hoa, headers=as_inspector)
    assert created.status_code == 201, created.text
    assert (created.json()["inspector"], created.json()["inspector_account_id"]) == (
        "thanh-tra-so",
        inspector.account_id,
    )
    # The author comes from the token: the body cannot name one.
    claimed = await admin.post(
        "/findings",
        headers=as_inspector,
        json={
            "site_id": str(p.moc_hoa),
            "observed_at": FINDING_AT,
            "duty_type": "operations",
            "people_found": [],
            "inspector": "someone else",
        },
    )
    problem(claimed, 422, "validation")
    # Resending the same finding_id as another account is a different finding.
    again = {
        "finding_id": created.json()["finding_id"],
        "site_id": str(p.moc_hoa),
        "observed_at": FINDING_AT,
        "duty_type": "operations",
        "people_found": [],
    }
    assert (await admin.post("/findings", headers=as_inspector, json=again)).status_code == 200
    problem(await admin.post("/findings", json=again), 409, "finding-exists")

    problem(await admin.post("/snapshots", headers=as_inspector), 403, "forbidden")
    as_manager = auth(principal("manager", enterprises=(p.post,)))
    problem(await record(admin, p.moc_hoa, headers=as_manager), 403, "forbidden")
    assert (await admin.get("/findings/verify", headers=as_inspector)).json()["ok"] is True


async def test_staff_are_refused_on_every_audit_route(audit) -> None:
    """Every route but health, metrics and the API descriptions (which every service gives every role)."""
    client, _, app = audit
    as_staff = auth(principal("staff", enterprises=(uuid.uuid4(),), staff=uuid.uuid4()))
    called = 0
    for route in iter_route_contexts(app.routes):
        if route.name in ("healthz", "readyz", "metrics", "openapi", "asyncapi"):
            continue
        path = present(route.path).replace("{seq}", "1").replace("}", "").replace("{", "x-")
        path = "/".join(str(uuid.uuid4()) if part.startswith("x-") else part for part in path.split("/"))
        for method in route.methods or {"GET"}:
            response = await client.request(method, path, headers=as_staff)
            problem(response, 403, "forbidden")
            called += 1
    assert called >= 20
