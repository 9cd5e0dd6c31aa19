"""A campaign's kind in audit (tet or drill, from roster's campaign events): kept by the projector on
PostgreSQL, shown in the campaign list, derived again by the rebuild; and the transaction points' Tết-hours
status asked of a drill is a 422 `hours-tet-only` naming it — a drill has no Tết opening hours, and listing
every point as missing them was false."""

from __future__ import annotations

from audit_testkit import Roster, vn
from sqlalchemy import text

from audit.db.differences import Corrected
from audit.rebuild import report_lines, run
from support import auth, principal

DRILL = "Diễn tập trực Tết Đinh Mùi 2027"
INSPECTOR = auth(principal("inspector"))


async def _province(feed) -> tuple[Roster, str, str]:
    """An enterprise with one transaction point, a Tết campaign and a drill; the ids of the campaigns."""
    roster = Roster()
    enterprise, registered = roster.enterprise("Bưu điện tỉnh Long An")
    _, point = roster.site(enterprise, "Điểm giao dịch Đức Hòa", district="Huyện Đức Hòa", kind="transaction_point")
    tet, tet_opened = roster.campaign()
    drill, drill_opened = roster.campaign(
        starts_at=vn(1, 15, 8), ends_at=vn(1, 15, 17), peaks=(), name=DRILL, kind="drill"
    )
    _, drill_edited = roster.campaign(
        campaign_id=drill, starts_at=vn(1, 16, 8), ends_at=vn(1, 16, 17), peaks=(), name=DRILL, kind="drill"
    )
    await feed(registered, point, tet_opened, drill_opened, drill_edited)
    return roster, str(tet), str(drill)


async def _kinds(app) -> dict[str, str]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(text("SELECT campaign_id, kind FROM campaigns"))
        return {str(r.campaign_id): r.kind for r in rows}


async def test_the_kind_is_kept_listed_and_a_drill_has_no_tet_hours_status(audit) -> None:
    client, feed, app = audit
    _, tet, drill = await _province(feed)
    assert await _kinds(app) == {tet: "tet", drill: "drill"}  # the edit kept it

    listed = await client.get("/campaigns", headers=INSPECTOR)
    assert listed.status_code == 200, listed.text
    assert {c["campaign_id"]: c["kind"] for c in listed.json()["items"]} == {tet: "tet", drill: "drill"}

    refused = await client.get("/transaction-hours/missing", params={"campaign_id": drill}, headers=INSPECTOR)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/hours-tet-only") and problem["status"] == 422
    assert (
        problem["detail_vi"].startswith(f"{DRILL} là buổi diễn tập") and "Hãy chọn đợt trực Tết" in problem["detail_vi"]
    )
    assert problem["detail"].startswith(f"{DRILL} is a drill") and "Choose the Tết campaign" in problem["detail"]

    missing = await client.get("/transaction-hours/missing", params={"campaign_id": tet}, headers=INSPECTOR)
    assert missing.status_code == 200, missing.text
    assert [(i["site_name"], i["status"]) for i in missing.json()["items"]] == [("Điểm giao dịch Đức Hòa", "missing")]


async def test_the_rebuild_derives_the_kind_from_the_log(audit, settings) -> None:
    client, feed, app = audit
    _, tet, drill = await _province(feed)
    assert (await run(settings, check_only=True)).differences == []

    async with app.state.runtime.engine.begin() as conn:  # as if the drill had been kept as a Tết campaign
        await conn.execute(text("UPDATE campaigns SET kind = 'tet'"))
    checked = await run(settings, check_only=True)
    assert [line.split(":")[0] for line in checked.differences if not line.startswith(" ")] == ["campaigns"]
    assert "audit: stored projections DIFFER from the log:" in report_lines(checked)

    rebuilt = await run(settings, check_only=False)
    assert rebuilt.written and list(rebuilt.corrected.items()) == [("campaigns", Corrected(changed=1))]
    assert await _kinds(app) == {tet: "tet", drill: "drill"}
    refused = await client.get("/transaction-hours/missing", params={"campaign_id": drill}, headers=INSPECTOR)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/hours-tet-only")
