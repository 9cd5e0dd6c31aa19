"""Who reaches which feed, person, delivery, reminder and shift in notifier, with real data:
two enterprises (VNPT and Viettel), their staff and managers, an inspector.

The route x role table is tests/access/test_route_role_matrix.py; here are the scopes on top
of it: a staff member reaches only their own records, a manager those of their enterprises
and their staff, an inspector reads everything and changes nothing. Another person's or
enterprise's single record answers 404 (as if it did not exist); a list filtered on them
answers 403; an unfiltered list shows only what is in reach."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
import icalendar
import pytest
from fastapi import FastAPI
from notifier_testkit import (
    GIAO_THUA,
    PORTAL,
    TUYET,
    Enterprise,
    FakeClock,
    Person,
    Shift,
    send_and_wait,
    settings_for,
)
from sqlalchemy import select

from lichtruc.auth import Principal
from notifier.app import create_app
from notifier.db.tables import feed_subscriptions
from notifier.domain.deliveries import new_delivery
from notifier.domain.messages import Message
from support import auth, principal, running, wait_ready


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=3))


@pytest.fixture
def settings(new_database, kafka, topic_prefix):
    return settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        scheduler_enabled=False,
        webhook_url="https://chat.example.vn/hooks/operators",
        webhook_secret="operators-secret-0123",
    )


@dataclass
class World:
    """VNPT with Tuyet and Binh, Viettel with Cuong; a published shift each; the callers."""

    app: FastAPI
    client: httpx.AsyncClient
    vnpt: Enterprise
    viettel: Enterprise
    tuyet: Person
    binh: Person
    cuong: Person
    vnpt_shift: Shift
    binh_shift: Shift
    viettel_shift: Shift
    callers: dict[str, Principal]

    def as_(self, who: str) -> dict[str, str]:
        return auth(self.callers[who])


@pytest.fixture
async def world(settings, kafka, clock):
    vnpt = Enterprise(clock, manager_emails=("giamdoc@vnpt-longan.vn",))
    viettel = Enterprise(clock, name="Viettel Long An", manager_emails=("truca@viettel-longan.vn",))
    tuyet, binh, cuong = Person.new(TUYET), Person.new("Trần Văn Bình"), Person.new("Phạm Văn Cường")
    shifts = [
        vnpt.shift([tuyet], start=GIAO_THUA),
        vnpt.shift([binh], start=GIAO_THUA + timedelta(hours=8)),
        viettel.shift([cuong], start=GIAO_THUA),
    ]
    for shift in shifts:
        shift.planned()
    callers = {
        "tuyet": principal("staff", enterprises=(vnpt.enterprise_id,), staff=tuyet.staff_id, name="tuyet"),
        "binh": principal("staff", enterprises=(vnpt.enterprise_id,), staff=binh.staff_id, name="binh"),
        "vnpt manager": principal("manager", enterprises=(vnpt.enterprise_id,), name="giamdoc.vnpt"),
        "viettel manager": principal("manager", enterprises=(viettel.enterprise_id,), name="truca.viettel"),
        "inspector": principal("inspector", name="thanhtra.so"),
    }
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        await send_and_wait(
            app,
            kafka,
            settings,
            [
                vnpt.registered(),
                viettel.registered(),
                vnpt.staff(tuyet),
                vnpt.staff(binh),
                viettel.staff(cuong),
                *(shift.published() for shift in shifts),
            ],
        )
        vnpt_shift, binh_shift, viettel_shift = shifts
        yield World(app, client, vnpt, viettel, tuyet, binh, cuong, vnpt_shift, binh_shift, viettel_shift, callers)


def problem_type(response) -> str:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return response.json()["type"].rsplit("/", 1)[-1]


def without_instance(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k != "instance"}


async def as_if_missing(world: World, who: str, method: str, path: str, item_id: object, **kwargs) -> str:
    """Assert that an item out of reach answers exactly like an id that does not exist (the ids aside):
    the route's own 404, so that nobody learns what exists outside their scope. Returns its type."""
    hidden = await world.client.request(method, path, headers=world.as_(who), **kwargs)
    nobody = str(uuid.uuid4())
    missing = await world.client.request(method, path.replace(str(item_id), nobody), headers=world.as_(who), **kwargs)
    assert hidden.status_code == missing.status_code == 404, (who, method, path, hidden.text)
    assert problem_type(hidden) and hidden.json()["detail_vi"]
    assert hidden.text.replace(str(item_id), "<id>") == missing.text.replace(nobody, "<id>"), (who, method, path)
    return problem_type(hidden)


async def issue(world: World, who: str | None, **body) -> dict:
    headers = world.as_(who) if who else {}
    response = await world.client.post("/feeds", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def ids(world: World, path: str, who: str, **params) -> set[str]:
    response = await world.client.get(path, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def feed_path(feed: dict) -> str:
    return feed["url"].removeprefix("https://lich.example.vn")


async def test_a_leaked_feed_token_is_revoked_and_the_feed_answers_404(world) -> None:
    """Tuyet's link ends up in a group chat. Managers of other enterprises, her colleagues and
    inspectors cannot touch it; her manager revokes it; the leaked address then answers 404,
    exactly like an address that never existed, and she subscribes to a fresh link."""
    client, tuyet = world.client, world.tuyet
    leaked = await issue(world, "tuyet", kind="person", staff_id=str(tuyet.staff_id))
    assert leaked["created_by"] == world.callers["tuyet"].account_id
    served = await client.get(feed_path(leaked))
    assert served.status_code == 200
    [event] = icalendar.Calendar.from_ical(served.content).events
    assert str(event["UID"]) == f"{world.vnpt_shift.shift_id}.{tuyet.staff_id}@lichtruc"

    # Not theirs: as if the subscription did not exist (404), or not their role's to change (403).
    for who in ("viettel manager", "binh"):
        for method, path in (
            ("DELETE", f"/feeds/{leaked['id']}"),
            ("POST", f"/feeds/{leaked['id']}/rotate"),
            ("GET", f"/feeds/{leaked['id']}"),
        ):
            assert await as_if_missing(world, who, method, path, leaked["id"]) == "feed-subscription-not-found"
    for method, path in (("DELETE", f"/feeds/{leaked['id']}"), ("POST", f"/feeds/{leaked['id']}/rotate")):
        response = await client.request(method, path, headers=world.as_("inspector"))
        assert (response.status_code, problem_type(response)) == (403, "forbidden")
    assert (await client.get(feed_path(leaked))).content == served.content  # still the same link

    # Her manager finds the link among the feeds of their staff and revokes it.
    assert leaked["id"] in await ids(world, "/feeds", "vnpt manager", staff_id=str(tuyet.staff_id))
    revoked = await client.delete(f"/feeds/{leaked['id']}", headers=world.as_("vnpt manager"))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["active"] is False
    assert revoked.json()["revoked_by"] == world.callers["vnpt manager"].account_id

    gone = await client.get(feed_path(leaked))
    never = await client.get(f"/feeds/{'Z' * 43}.ics", headers={"Accept": "text/calendar"})
    assert gone.status_code == never.status_code == 404
    assert problem_type(gone) == problem_type(never) == "feed-not-found"
    # The calendar program's problem says what to do in words (QA 2026-12-06: "POST /feeds"), the portal's page
    # named; a link once real and revoked says so to whoever holds it, a guess only "replaced or mistyped".
    assert "revoked" in gone.json()["detail"] and "thu hồi" in gone.json()["detail_vi"]
    for problem in (gone.json(), never.json()):
        assert "POST" not in problem["detail"] and "“My calendar” page (Lịch của tôi)" in problem["detail"]
        assert "“Lịch của tôi”" in problem["detail_vi"]
    assert "replaced by a newer one, or it was mistyped" in never.json()["detail"]
    assert "revoked" not in never.json()["detail"]
    # A person who opened the link in a browser: a short page, still 404, Vietnamese first (Tuyết's language is
    # not known to notifier here), English beneath, and the way to the portal's "Lịch của tôi".
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    for page, reason in (
        (await client.get(feed_path(leaked), headers=browser), "Đường dẫn này đã bị thu hồi"),
        (await client.get(f"/feeds/{'Z' * 43}.ics", headers=browser), "thay bằng một đường dẫn mới, hoặc bị gõ sai"),
    ):
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), page.text
        assert reason in page.text
        assert page.text.index("Đường dẫn lịch này không còn dùng được") < page.text.index(
            "This calendar link no longer works"
        )
        assert "vẫn hiện bản đã tải về lần cuối" in page.text and "keeps showing the last copy" in page.text
        assert f'<a href="{PORTAL}/me/calendar">Mở trang “Lịch của tôi”</a>' in page.text
        assert "POST" not in page.text and "{" not in page.text
    assert "thu hồi" not in (await client.get(f"/feeds/{'Z' * 43}.ics", headers=browser)).text
    assert problem_type(await client.get(f"/feeds/{'Z' * 43}.ics", headers={"Accept": "*/*"})) == "feed-not-found"
    assert (await client.head(feed_path(leaked))).status_code == 404
    assert (await client.get(feed_path(leaked), headers={"If-None-Match": served.headers["etag"]})).status_code == 404
    # Revoking is for good: the link cannot be rotated back to life, and a second revocation changes nothing.
    refused = await client.post(f"/feeds/{leaked['id']}/rotate", headers=world.as_("tuyet"))
    assert refused.status_code == 409 and problem_type(refused) == "feed-revoked"
    # The person renews links on the portal's page, named in words (QA 2026-12-06: "issue a new one with POST /feeds")
    assert "POST" not in refused.json()["detail"] and "“My calendar” page (Lịch của tôi)" in refused.json()["detail"]
    assert "“Lịch của tôi”" in refused.json()["detail_vi"]
    again = await client.delete(f"/feeds/{leaked['id']}", headers=world.as_("tuyet"))
    assert again.status_code == 200 and again.json()["revoked_by"] == world.callers["vnpt manager"].account_id

    fresh = await issue(world, "tuyet", kind="person", staff_id=str(tuyet.staff_id))
    assert (await client.get(feed_path(fresh))).content == served.content
    assert (await client.get(feed_path(leaked))).status_code == 404
    mine = (await client.get("/feeds", headers=world.as_("tuyet"))).json()["items"]
    assert {(f["id"], f["active"]) for f in mine} == {(leaked["id"], False), (fresh["id"], True)}
    async with world.app.state.runtime.sessions() as session:
        stored = {row.id: row.token_sha256 for row in await session.execute(select(feed_subscriptions))}
    assert all(len(digest) == 32 for digest in stored.values())  # SHA-256 digests, never the tokens
    assert fresh["token"].encode() not in b"".join(stored.values())


async def test_staff_reach_only_their_own_feeds_preferences_reminders_and_shifts(world) -> None:
    client, tuyet, binh = world.client, world.tuyet, world.binh
    as_tuyet = world.as_("tuyet")
    own = await issue(world, "tuyet", kind="person", staff_id=str(tuyet.staff_id))
    colleagues = await issue(world, None, kind="person", staff_id=str(binh.staff_id))  # issued by an admin
    for body in (
        {"kind": "person", "staff_id": str(binh.staff_id)},
        {"kind": "enterprise", "enterprise_id": str(world.vnpt.enterprise_id)},
        {"kind": "duty", "enterprise_id": str(world.vnpt.enterprise_id), "duty_type": "leadership"},
    ):
        refused = await client.post("/feeds", json=body, headers=as_tuyet)
        assert (refused.status_code, problem_type(refused)) == (403, "out-of-scope"), body
        assert refused.json()["detail_vi"]
    assert (await client.post("/feeds", json={"kind": "person"}, headers=as_tuyet)).status_code == 422

    assert await ids(world, "/feeds", "tuyet") == {own["id"]}
    assert await ids(world, "/feeds", "binh") == {colleagues["id"]}
    filtered = await client.get("/feeds", params={"staff_id": str(binh.staff_id)}, headers=as_tuyet)
    assert (filtered.status_code, problem_type(filtered)) == (403, "out-of-scope")
    # A repeated parameter cannot smuggle another person past the check.
    smuggled = await client.get(f"/feeds?staff_id={tuyet.staff_id}&staff_id={binh.staff_id}", headers=as_tuyet)
    assert smuggled.status_code == 403
    for method, path in (
        ("GET", f"/feeds/{colleagues['id']}"),
        ("POST", f"/feeds/{colleagues['id']}/rotate"),
        ("DELETE", f"/feeds/{colleagues['id']}"),
    ):
        await as_if_missing(world, "tuyet", method, path, colleagues["id"])
    assert (await client.get(feed_path(colleagues))).status_code == 200  # untouched
    rotated = await client.post(f"/feeds/{own['id']}/rotate", headers=as_tuyet)
    assert rotated.status_code == 200 and (await client.get(feed_path(rotated.json()))).status_code == 200

    assert (await client.get(f"/people/{tuyet.staff_id}/preferences", headers=as_tuyet)).status_code == 200
    changed = await client.put(f"/people/{tuyet.staff_id}/preferences", json={"language": "en"}, headers=as_tuyet)
    assert changed.status_code == 200 and changed.json()["language"] == "en"
    for method in ("GET", "PUT"):
        await as_if_missing(
            world, "tuyet", method, f"/people/{binh.staff_id}/preferences", binh.staff_id, json={"language": "en"}
        )
    assert (await client.get(f"/people/{binh.staff_id}/preferences")).json()["language_set"] is None

    reminders = (await client.get("/reminders", headers=as_tuyet)).json()["items"]
    assert reminders and {r["staff_id"] for r in reminders} == {str(tuyet.staff_id)}
    assert (
        await client.get("/reminders", params={"shift_id": str(world.binh_shift.shift_id)}, headers=as_tuyet)
    ).json()["items"] == []
    assert (
        await client.get("/reminders", params={"staff_id": str(binh.staff_id)}, headers=as_tuyet)
    ).status_code == 403

    assert (await client.get(f"/shifts/{world.vnpt_shift.shift_id}", headers=as_tuyet)).status_code == 200
    for other in (world.binh_shift, world.viettel_shift):
        assert (
            await as_if_missing(world, "tuyet", "GET", f"/shifts/{other.shift_id}", other.shift_id) == "shift-not-found"
        )
    assert (await client.get("/deliveries", headers=as_tuyet)).status_code == 403


async def test_a_draft_is_hidden_from_the_staff_on_it_until_it_is_published(world, settings, kafka, clock) -> None:
    """Notifier knows a draft from roster's events (it shows it in no feed): the staff member on it reads it as
    a shift notifier never heard of, their manager reads it, and once published so does the staff member."""
    draft = world.vnpt.shift([world.tuyet], start=GIAO_THUA + timedelta(days=2), notes="Ghi chú QA nháp")
    await send_and_wait(world.app, kafka, settings, [draft.planned()])
    path = f"/shifts/{draft.shift_id}"
    assert await as_if_missing(world, "tuyet", "GET", path, draft.shift_id) == "shift-not-found"
    for who in ("vnpt manager", "inspector"):
        known = await world.client.get(path, headers=world.as_(who))
        assert (known.status_code, known.json()["status"]) == (200, "draft"), who

    await send_and_wait(world.app, kafka, settings, [draft.published()])
    known = await world.client.get(path, headers=world.as_("tuyet"))
    assert (known.status_code, known.json()["status"], known.json()["data"]["notes"]) == (
        200,
        "published",
        "Ghi chú QA nháp",
    )


async def test_managers_reach_their_enterprises_and_their_staff(world, settings, kafka, clock) -> None:
    client, vnpt, viettel = world.client, world.vnpt, world.viettel
    as_vnpt = world.as_("vnpt manager")
    whole = await issue(world, "vnpt manager", kind="enterprise", enterprise_id=str(vnpt.enterprise_id))
    leaders = await issue(
        world, "vnpt manager", kind="duty", enterprise_id=str(vnpt.enterprise_id), duty_type="leadership"
    )
    for_tuyet = await issue(world, "vnpt manager", kind="person", staff_id=str(world.tuyet.staff_id))
    her_own = await issue(world, "tuyet", kind="person", staff_id=str(world.tuyet.staff_id))
    theirs = await issue(world, "viettel manager", kind="enterprise", enterprise_id=str(viettel.enterprise_id))
    cuong = await issue(world, None, kind="person", staff_id=str(world.cuong.staff_id))  # by an admin
    for body in (
        {"kind": "enterprise", "enterprise_id": str(viettel.enterprise_id)},
        {"kind": "person", "staff_id": str(world.cuong.staff_id)},
        {"kind": "person", "staff_id": str(uuid.uuid4())},
    ):  # a person notifier never heard of
        refused = await client.post("/feeds", json=body, headers=as_vnpt)
        assert (refused.status_code, problem_type(refused)) == (403, "out-of-scope"), body

    assert await ids(world, "/feeds", "vnpt manager") == {whole["id"], leaders["id"], for_tuyet["id"], her_own["id"]}
    assert await ids(world, "/feeds", "viettel manager") == {theirs["id"], cuong["id"]}
    assert await ids(world, "/feeds", "inspector") == {
        f["id"] for f in (whole, leaders, for_tuyet, her_own, theirs, cuong)
    }
    for params in ({"enterprise_id": str(viettel.enterprise_id)}, {"staff_id": str(world.cuong.staff_id)}):
        refused = await client.get("/feeds", params=params, headers=as_vnpt)
        assert (refused.status_code, problem_type(refused)) == (403, "out-of-scope"), params
    for method, feed in (("GET", whole), ("POST", leaders), ("DELETE", for_tuyet)):
        path = f"/feeds/{feed['id']}" + ("/rotate" if method == "POST" else "")
        await as_if_missing(world, "viettel manager", method, path, feed["id"])
    assert (await client.post(f"/feeds/{leaders['id']}/rotate", headers=as_vnpt)).status_code == 200

    tuyet_prefs = f"/people/{world.tuyet.staff_id}/preferences"
    assert (await client.put(tuyet_prefs, json={"language": "en"}, headers=as_vnpt)).status_code == 200
    for method in ("GET", "PUT"):  # a person notifier never heard of answers the same to a manager
        await as_if_missing(
            world, "viettel manager", method, tuyet_prefs, world.tuyet.staff_id, json={"language": "vi"}
        )

    reminders = (await client.get("/reminders", headers=as_vnpt)).json()["items"]
    assert {r["shift_id"] for r in reminders} == {str(world.vnpt_shift.shift_id), str(world.binh_shift.shift_id)}
    assert (
        await client.get("/reminders", params={"staff_id": str(world.cuong.staff_id)}, headers=as_vnpt)
    ).status_code == 403
    assert (await client.get(f"/shifts/{world.vnpt_shift.shift_id}", headers=as_vnpt)).status_code == 200
    await as_if_missing(
        world, "vnpt manager", "GET", f"/shifts/{world.viettel_shift.shift_id}", world.viettel_shift.shift_id
    )

    # Deliveries: gap alerts of both enterprises (to their managers and the operators' webhook), and one
    # that names no enterprise at all, which only administrators and inspectors see.
    await send_and_wait(
        world.app, kafka, settings, [vnpt.gap_opened(start=GIAO_THUA), viettel.gap_opened(start=GIAO_THUA)], audit=True
    )
    untied = new_delivery(
        now=clock(),
        kind="gap_opened",
        dedupe_key="untied",
        channel="email",
        recipient="ops@sotttt.longan.gov.vn",
        recipient_name=None,
        language="vi",
        message=Message("Thông báo", "Nội dung"),
    )
    async with world.app.state.ctx.uow() as uow:
        await uow.deliveries.add([untied])
    everything = (await client.get("/deliveries", headers=world.as_("inspector"))).json()["items"]
    by_enterprise: dict[str | None, set[str]] = {}
    for d in everything:
        by_enterprise.setdefault(d["enterprise_id"], set()).add(d["id"])
    assert set(by_enterprise) == {str(vnpt.enterprise_id), str(viettel.enterprise_id), None}
    assert await ids(world, "/deliveries", "vnpt manager") == by_enterprise[str(vnpt.enterprise_id)]
    assert await ids(world, "/deliveries", "viettel manager") == by_enterprise[str(viettel.enterprise_id)]
    refused = await client.get("/deliveries", params={"enterprise_id": str(viettel.enterprise_id)}, headers=as_vnpt)
    assert (refused.status_code, problem_type(refused)) == (403, "out-of-scope")
    for other in by_enterprise[str(viettel.enterprise_id)] | {str(untied.id)}:
        assert await as_if_missing(world, "vnpt manager", "GET", f"/deliveries/{other}", other) == "delivery-not-found"
    for mine in by_enterprise[str(vnpt.enterprise_id)]:
        assert (await client.get(f"/deliveries/{mine}", headers=as_vnpt)).status_code == 200

    # A readiness mail naming both enterprises (a manager of both gets one a sweep, QA): listed to whoever manages
    # both and to the person it went to — here one whose account manages VNPT only —, never to a manager of one
    # enterprise only (the other's items are not theirs to read); the enterprise filter finds it by either.
    director = Person.new("Lê Văn Giám")
    world.callers["group director"] = principal(
        "manager", enterprises=(vnpt.enterprise_id, viettel.enterprise_id), name="gd.vienthong"
    )
    world.callers["addressee"] = principal(
        "manager", enterprises=(vnpt.enterprise_id,), staff=director.staff_id, name="le.van.giam"
    )
    both = new_delivery(
        now=clock(),
        kind="readiness_late",
        dedupe_key="both enterprises",
        channel="email",
        recipient="gd@vienthong-longan.vn",
        recipient_name="Lê Văn Giám",
        language="vi",
        message=Message("[Chuẩn bị Tết — quá hạn] 4 hạng mục — Viettel Long An, VNPT Long An", "Nội dung"),
        enterprise_ids=(viettel.enterprise_id, vnpt.enterprise_id),
        staff_id=director.staff_id,
    )
    async with world.app.state.ctx.uow() as uow:
        await uow.deliveries.add([both])
    named = str(both.id)
    for who, params in (
        ("inspector", {}),
        ("group director", {}),
        ("group director", {"enterprise_id": str(viettel.enterprise_id)}),
        ("group director", {"enterprise_id": str(vnpt.enterprise_id)}),
        ("addressee", {}),
        ("addressee", {"enterprise_id": str(vnpt.enterprise_id)}),
    ):
        assert named in await ids(world, "/deliveries", who, **params), (who, params)
        shown = await client.get(f"/deliveries/{named}", headers=world.as_(who))
        assert shown.status_code == 200, (who, shown.text)
        assert shown.json()["enterprise_ids"] == [str(viettel.enterprise_id), str(vnpt.enterprise_id)]
        assert shown.json()["enterprise_id"] is None
    for who in ("vnpt manager", "viettel manager"):
        assert named not in await ids(world, "/deliveries", who), who
        assert await as_if_missing(world, who, "GET", f"/deliveries/{named}", named) == "delivery-not-found"
    assert named not in await ids(world, "/deliveries", "vnpt manager", enterprise_id=str(vnpt.enterprise_id))


async def test_inspectors_read_everything_and_change_nothing(world) -> None:
    client, tuyet = world.client, world.tuyet
    as_inspector = world.as_("inspector")
    feed = await issue(world, "tuyet", kind="person", staff_id=str(tuyet.staff_id))
    assert (await client.get(f"/feeds/{feed['id']}", headers=as_inspector)).json()["id"] == feed["id"]
    assert (await client.get(f"/people/{tuyet.staff_id}/preferences", headers=as_inspector)).status_code == 200
    assert (await client.get(f"/shifts/{world.viettel_shift.shift_id}", headers=as_inspector)).status_code == 200
    assert len((await client.get("/reminders", headers=as_inspector)).json()["items"]) == 6  # 3 shifts x 2
    for method, path, body in (
        ("POST", "/feeds", {"kind": "person", "staff_id": str(tuyet.staff_id)}),
        ("POST", f"/feeds/{feed['id']}/rotate", None),
        ("DELETE", f"/feeds/{feed['id']}", None),
        ("PUT", f"/people/{tuyet.staff_id}/preferences", {"language": "en"}),
    ):
        response = await client.request(method, path, json=body, headers=as_inspector)
        assert (response.status_code, problem_type(response)) == (403, "forbidden"), (method, path)
    assert (await client.get(feed_path(feed))).status_code == 200
    assert (await client.get(f"/people/{tuyet.staff_id}/preferences")).json()["language_set"] is None


async def test_path_traversal_shaped_feed_addresses_are_unknown_feeds(settings, clock) -> None:
    """The one path parameter that is not a UUID is the feed token: it is checked against its
    shape and looked up by its digest, never used as a file name."""
    app = create_app(settings, clock=clock)
    async with running(app, as_=None) as client:
        for path in (
            "/feeds/..%2F..%2F..%2Fetc%2Fpasswd.ics",
            "/feeds/%2E%2E%2F%2E%2E%2Fpyproject.toml%00.ics",
            "/feeds/....%5C....%5Cwindows%5Cwin.ini.ics",
            "/feeds/" + "A" * 40 + "%2F..ics",
            "/feeds/" + "..%2F" * 8 + "A.ics",
            "/feeds/%2Fetc%2Fpasswd.ics",
        ):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/problem+json", path
