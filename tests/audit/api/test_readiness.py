"""The readiness checklist in audit: roster's readiness events projected (stale ones ignored, marks
before their item kept), and the inspectors' province-wide view — per enterprise × item of its sector,
done / open / overdue as of the clock, with counts; filters, pages, access; the same after a rebuild."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from audit_testkit import Roster, vn

from audit.handlers.replay import rebuild
from lichtruc.events import ROSTER_SOURCE, CloudEvent, EventData, make_event
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
    ReadinessItemUpdated,
)
from support import auth, principal


def _event(data: EventData, key: uuid.UUID) -> CloudEvent:
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=vn(1, 20, 9))


def _item(
    campaign: uuid.UUID,
    sector: str,
    title: str,
    due: date,
    *,
    version: int = 1,
    item_id=None,
    kind=ReadinessItemDefined,
):
    return kind(
        item_id=item_id or uuid.uuid4(),
        campaign_id=campaign,
        sector=sector,
        title_vi=title,
        title_en=title,
        due_at=vn(due.month, due.day, year=due.year) + timedelta(days=1),
        due_date=due,
        position=10,
        version=version,
    )


def _done(
    item: ReadinessItemDefined,
    enterprise: uuid.UUID,
    *,
    version: int = 1,
    note: str = "Xong",
    actor: str = "giam.doc@vnpt",
) -> ReadinessItemCompleted:
    return ReadinessItemCompleted(
        item_id=item.item_id,
        campaign_id=item.campaign_id,
        enterprise_id=enterprise,
        sector=item.sector,
        title_vi=item.title_vi,
        due_at=item.due_at,
        note=note,
        reference="Biên bản 12/BB",
        done_at=vn(1, 18, 10),
        version=version,
        actor=actor,
    )


async def test_province_view_done_open_overdue_filters_and_rebuild(audit, clock) -> None:
    client, feed, app = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, e1 = roster.enterprise("VNPT Long An", "telecom")
    viettel, e2 = roster.enterprise("Viettel Long An", "telecom")
    post, e3 = roster.enterprise("Bưu điện tỉnh Long An", "postal")
    power = _item(campaign, "telecom", "Nguồn điện dự phòng", date(2027, 1, 20))
    plan = _item(campaign, "telecom", "Phương án ứng cứu", date(2027, 2, 1))
    vans = _item(campaign, "postal", "Đủ nhân sự, phương tiện chuyển phát", date(2027, 1, 20))
    dropped = _item(campaign, "telecom", "Bỏ", date(2027, 1, 20))
    # a mark may arrive before its item (other partition): it is kept and shows once the item is there
    await feed(opened, e1, e2, e3, _event(_done(power, vnpt), vnpt))
    await feed(*(_event(i, campaign) for i in (power, plan, vans, dropped)))
    await feed(
        _event(_done(vans, post), post),
        _event(
            ReadinessItemRemoved(item_id=dropped.item_id, campaign_id=campaign, sector="telecom", version=2), campaign
        ),
        # an update moves the plan's due date earlier
        _event(
            _item(
                campaign,
                "telecom",
                "Phương án ứng cứu",
                date(2027, 1, 25),
                version=2,
                item_id=plan.item_id,
                kind=ReadinessItemUpdated,
            ),
            campaign,
        ),
        # a stale repeat of the first definition changes nothing
        _event(plan, campaign),
    )
    clock.now = vn(1, 22, 9)  # 22/01: power and vans due (20/01), the plan (25/01) not yet
    response = await client.get("/readiness", params={"campaign_id": str(campaign)})
    assert response.status_code == 200, response.text
    body = response.json()
    rows = {e["name"]: e for e in body["items"]}
    assert [e["name"] for e in body["items"]] == [
        "Bưu điện tỉnh Long An",
        "Viettel Long An",
        "VNPT Long An",
    ]  # Vietnamese order
    assert {n: (e["done"], e["overdue"], e["open"], e["total"]) for n, e in rows.items()} == {
        "VNPT Long An": (1, 0, 1, 2),
        "Viettel Long An": (0, 1, 1, 2),
        "Bưu điện tỉnh Long An": (1, 0, 0, 1),
    }
    vnpt_lines = {x["title_vi"]: x for x in rows["VNPT Long An"]["items"]}
    assert vnpt_lines["Nguồn điện dự phòng"]["status"] == "done"
    assert vnpt_lines["Nguồn điện dự phòng"]["reference"] == "Biên bản 12/BB"
    assert vnpt_lines["Nguồn điện dự phòng"]["done_at"] == "2027-01-18T10:00:00+07:00"
    assert vnpt_lines["Phương án ứng cứu"]["due_at"] == "2027-01-26T00:00:00+07:00"
    assert vnpt_lines["Phương án ứng cứu"]["due_date"] == "2027-01-25"
    assert vnpt_lines["Phương án ứng cứu"]["due_label_vi"].startswith("25/01/2027 (")
    summary = (await client.get("/readiness/summary", params={"campaign_id": str(campaign)})).json()
    assert {k: summary[k] for k in ("enterprises", "enterprises_with_overdue", "done", "overdue", "open")} == {
        "enterprises": 3,
        "enterprises_with_overdue": 1,
        "done": 2,
        "overdue": 1,
        "open": 2,
    }
    assert summary["as_of"] == "2027-01-22T09:00:00+07:00"

    overdue = (await client.get("/readiness", params={"campaign_id": str(campaign), "status": "overdue"})).json()
    assert [(e["name"], [x["title_vi"] for x in e["items"]]) for e in overdue["items"]] == [
        ("Viettel Long An", ["Nguồn điện dự phòng"])
    ]
    postal = (await client.get("/readiness", params={"campaign_id": str(campaign), "sector": "postal"})).json()
    assert [e["name"] for e in postal["items"]] == ["Bưu điện tỉnh Long An"]
    one = (await client.get("/readiness", params={"campaign_id": str(campaign), "enterprise_id": str(viettel)})).json()
    assert [e["name"] for e in one["items"]] == ["Viettel Long An"]
    first = await client.get("/readiness", params={"campaign_id": str(campaign), "limit": 2})
    assert first.json()["total"] == 3 and len(first.json()["items"]) == 2 and 'rel="next"' in first.headers["link"]
    rest = (await client.get(first.json()["next"])).json()
    assert [e["name"] for e in rest["items"]] == [e["name"] for e in body["items"]][2:]

    # reopened: the item is overdue again once due; time passing turns open into overdue
    await feed(
        _event(
            ReadinessItemReopened(
                item_id=vans.item_id,
                campaign_id=campaign,
                enterprise_id=post,
                sector="postal",
                title_vi=vans.title_vi,
                due_at=vans.due_at,
                note="Thiếu xe",
                reopened_at=vn(1, 22, 8),
                version=2,
            ),
            post,
        )
    )
    clock.now = vn(1, 27, 9)
    later = {
        e["name"]: e for e in (await client.get("/readiness", params={"campaign_id": str(campaign)})).json()["items"]
    }
    assert (later["Bưu điện tỉnh Long An"]["overdue"], later["VNPT Long An"]["overdue"]) == (1, 1)
    assert later["Bưu điện tỉnh Long An"]["items"][0]["note"] == "Thiếu xe"

    # managers and staff do not see the province-wide view
    for role in ("manager", "staff"):
        refused = await client.get(
            "/readiness", params={"campaign_id": str(campaign)}, headers=auth(principal(role, enterprises=(vnpt,)))
        )
        assert refused.status_code == 403
    assert (await client.get("/readiness", params={"campaign_id": str(campaign), "status": "late"})).status_code == 422

    # a rebuild from the log gives the same projections
    check = await rebuild(app.state.ctx.sessions, snapshot_every=3, check_only=True)
    assert check.differences == [] and "readiness_marks" in check.digest and check.digest["readiness_marks"][0] == 2


async def test_a_line_done_names_who_marked_it_from_the_logs_accounts(audit, clock) -> None:
    """QA: the inspector's page showed "Xong lúc … — dunghv@viettel-longan.vn". Audit names the login from the
    log's account events, as the account was called when it marked the item; a login no account event names
    has no name (the portal then shows the login)."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    viettel, registered = roster.enterprise("Viettel Long An", "telecom")
    dung, created = roster.account("dunghv@viettel-longan.vn", "Hoàng Văn Dũng", "manager", viettel)
    power = _item(campaign, "telecom", "Nguồn điện dự phòng", date(2027, 1, 20))
    plan = _item(campaign, "telecom", "Phương án ứng cứu", date(2027, 1, 21))
    fuel = _item(campaign, "telecom", "Xăng dầu", date(2027, 1, 22))
    fire = _item(campaign, "telecom", "Phòng cháy", date(2027, 1, 23))
    await feed(opened, registered, created, *(_event(i, campaign) for i in (power, plan, fuel, fire)))
    await feed(_event(_done(power, viettel, actor="DungHV@viettel-longan.vn"), viettel))  # case does not matter
    await feed(roster.change_account(dung, display_name="Hoàng Văn Dũng (kỹ thuật)"))
    await feed(
        _event(_done(plan, viettel, actor="dunghv@viettel-longan.vn"), viettel),
        _event(_done(fuel, viettel, actor="ca-dem@viettel-longan.vn"), viettel),
    )
    clock.now = vn(1, 19, 9)
    body = (await client.get("/readiness", params={"campaign_id": str(campaign)})).json()
    lines = {x["title_vi"]: (x["done_by"], x["done_by_name"]) for x in body["items"][0]["items"]}
    assert lines == {
        "Nguồn điện dự phòng": ("DungHV@viettel-longan.vn", "Hoàng Văn Dũng"),  # as called then
        "Phương án ứng cứu": ("dunghv@viettel-longan.vn", "Hoàng Văn Dũng (kỹ thuật)"),  # renamed in between
        "Xăng dầu": ("ca-dem@viettel-longan.vn", None),  # no account event names this login
        "Phòng cháy": (None, None),  # not done
    }


async def test_an_enterprise_owing_from_a_later_day_is_listed_missing_and_overdue_only_from_that_day(
    audit, clock
) -> None:
    """QZ11 #6 / QZ12 #5: an enterprise the Department registered owing from 21/01 (roster's `obligations_from` on
    its event): the item due 20/01 is not on its checklist, the one due 21/01 is overdue; of the daily reports, the
    days before that day are not owed (QZ18 #3: the day before's too, though due on it); an enterprise without the
    day owes everything.
    QZ14 #3: the item and the days are listed all the same, flagged not owed, not counted."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, e1 = roster.enterprise("VNPT Long An", "telecom")
    mobi, e2 = roster.enterprise("MobiFone Long An", "telecom", obligations_from=date(2027, 2, 2))
    power = _item(campaign, "telecom", "Nguồn điện dự phòng", date(2027, 2, 1))
    plan = _item(campaign, "telecom", "Phương án ứng cứu", date(2027, 2, 2))
    await feed(opened, e1, e2, *(_event(i, campaign) for i in (power, plan)))
    clock.now = vn(2, 3, 10)  # 03/02 10:00: both items overdue; the reports of 30/01 … 02/02 due, 03/02's not yet
    rows = {
        e["name"]: e for e in (await client.get("/readiness", params={"campaign_id": str(campaign)})).json()["items"]
    }
    # QZ14 #3: the item due before its day is listed, flagged with the day, not overdue nor counted
    assert {
        n: ([(x["title_vi"], x["status"], x["not_owed_before"]) for x in e["items"]], e["overdue"], e["total"])
        for n, e in rows.items()
    } == {
        "MobiFone Long An": (
            [("Nguồn điện dự phòng", "open", "2027-02-02"), ("Phương án ứng cứu", "overdue", None)],
            1,
            1,
        ),
        "VNPT Long An": ([("Nguồn điện dự phòng", "overdue", None), ("Phương án ứng cứu", "overdue", None)], 2, 2),
    }
    assert (rows["MobiFone Long An"]["obligations_from"], rows["VNPT Long An"]["obligations_from"]) == (
        "2027-02-02",
        None,
    )
    summary = (await client.get("/readiness/summary", params={"campaign_id": str(campaign)})).json()
    assert (summary["overdue"], summary["enterprises_with_overdue"]) == (3, 2)
    reports = await client.get("/daily-reports/status", params={"campaign_id": str(campaign), "limit": 100})
    assert reports.status_code == 200, reports.text
    told = [
        (s["day"], s["status"], s["obligations_from"])
        for s in reports.json()["items"]
        if s["enterprise_id"] == str(mobi)
    ]
    assert told == [
        ("2027-01-30", "not_owed", "2027-02-02"),
        ("2027-01-31", "not_owed", "2027-02-02"),
        ("2027-02-01", "not_owed", "2027-02-02"),  # due at 09:00 on 02/02, the day it owes from: not owed
        ("2027-02-02", "missing", "2027-02-02"),  # the day itself, due at 09:00 on 03/02: owed
        ("2027-02-03", "not_yet_due", "2027-02-02"),
    ]
    assert [(s["day"], s["status"]) for s in reports.json()["items"] if s["enterprise_id"] == str(vnpt)] == [
        ("2027-01-30", "missing"),
        ("2027-01-31", "missing"),
        ("2027-02-01", "missing"),
        ("2027-02-02", "missing"),
        ("2027-02-03", "not_yet_due"),
    ]
