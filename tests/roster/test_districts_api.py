"""Districts split before roster stored a typed district as the province already spells it ("tan an" beside
"Tân An"): `GET /districts` shows the spellings of one district together, and an administrator's
`POST /districts/merge` rewrites the sites through the sites' own edit — one SiteUpdated with the next version
per site changed, in the outbox — or refuses, in Vietnamese and English, saying which spellings are wrong.

The split spellings are written into the database directly, as the rows written before that rule are: roster's
API no longer makes them."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from roster.app import create_app
from roster.db.search import with_name_keys
from roster.db.tables import incidents, sites
from support import auth, principal, running, wait_ready

from .seeding import Seed


@pytest.fixture(scope="module")
async def served(roster_settings, clock) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    app = create_app(roster_settings, clock=clock)
    async with running(app) as c:
        await wait_ready(c)
        yield app, c


async def _spelled(app: Any, site: dict, district: str) -> None:
    """Write a site's district as a row from before the known-spelling rule (no event: the past)."""
    async with app.state.ctx.sessions() as session, session.begin():
        await session.execute(
            sites.update()
            .where(sites.c.id == uuid.UUID(site["id"]))
            .values(**with_name_keys(sites, {"district": district}))
        )


async def _events(app: Any, subjects: list[str]) -> list[dict]:
    """The events in roster's outbox about `subjects` ("sites/<id>", "incidents/<id>"), in the order written."""
    async with app.state.ctx.sessions() as session:
        rows = (
            await session.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = ANY(:s) ORDER BY id"),
                {"s": subjects},
            )
        ).all()
    return [json.loads(r[0]) for r in rows]


async def _site_events(app: Any, site_ids: list[str]) -> list[dict]:
    return await _events(app, [f"sites/{i}" for i in site_ids])


@pytest.fixture
async def split(served) -> dict[str, Any]:
    """Four sites of "Tân An <tag>" spelled three ways (two "Tân An", one "tan an", one "TAN  AN"), and one
    site of "Bến Lức <tag>"."""
    app, client = served
    seed = Seed(client)
    tag = str(random.randint(10_000, 99_999))
    tan_an, ben_luc = f"Tân An {tag}", f"Bến Lức {tag}"
    enterprise, other = await seed.enterprise(), await seed.enterprise("Viettel Long An")
    kept = [await seed.site(enterprise, "Trạm Tân An", district=tan_an), await seed.site(other, district=tan_an)]
    lower = await seed.site(enterprise, "Trạm Khánh Hậu", district=tan_an)
    upper = await seed.site(other, "Trạm Bình Tâm", district=tan_an)
    await _spelled(app, lower, f"tan an {tag}")
    await _spelled(app, upper, f"TAN  AN {tag}")
    elsewhere = await seed.site(enterprise, "Trạm Bến Lức", district=ben_luc)
    return {
        "tag": tag,
        "tan_an": tan_an,
        "ben_luc": ben_luc,
        "kept": kept,
        "lower": lower,
        "upper": upper,
        "elsewhere": elsewhere,
    }


async def test_districts_show_a_districts_spellings_together_and_split_ones_first(served, split) -> None:
    _, client = served
    tag = split["tag"]
    found = (await client.get("/districts", params={"q": f"TAN AN {tag}"})).json()
    assert found["total"] == 1
    (group,) = found["items"]
    assert (group["key"], group["preferred"], group["sites"], group["incidents"], group["split"]) == (
        f"tan an {tag}",
        split["tan_an"],
        4,
        0,
        True,
    )
    assert [(s["spelling"], s["sites"]) for s in group["spellings"]] == [
        (split["tan_an"], 2),
        (f"TAN  AN {tag}", 1),  # a tie: its capitals before none
        (f"tan an {tag}", 1),
    ]
    whole = (await client.get("/districts", params={"limit": 500})).json()["items"]
    splits = [g["split"] for g in whole]
    assert splits == sorted(splits, reverse=True), "the split districts first"
    assert f"ben luc {tag}" in [g["key"] for g in whole]
    only_split = (await client.get("/districts", params={"split": "true", "limit": 500})).json()["items"]
    assert f"tan an {tag}" in [g["key"] for g in only_split] and all(g["split"] for g in only_split)
    whole_ones = (await client.get("/districts", params={"split": "false", "limit": 500})).json()["items"]
    assert f"ben luc {tag}" in [g["key"] for g in whole_ones] and not any(g["split"] for g in whole_ones)
    # Paged as every list: one at a time, the next address carrying the filter.
    first = await client.get("/districts", params={"q": tag, "limit": 1})
    assert [g["key"] for g in first.json()["items"]] == [f"tan an {tag}"] and first.json()["total"] == 2
    assert f"q={tag}" in first.json()["next"] and 'rel="next"' in first.headers["link"]
    second = (await client.get(first.json()["next"])).json()
    assert ([g["key"] for g in second["items"]], second["next"]) == ([f"ben luc {tag}"], None)


async def test_a_merge_rewrites_each_site_through_its_edit_with_its_event(served, split) -> None:
    app, client = served
    tag, tan_an = split["tag"], split["tan_an"]
    changed = [split["lower"]["id"], split["upper"]["id"]]
    unchanged = [s["id"] for s in split["kept"]] + [split["elsewhere"]["id"]]
    before = await _site_events(app, changed + unchanged)

    merged = await client.post(
        "/districts/merge", json={"spellings": [f"tan an {tag}", f"TAN  AN {tag}", tan_an], "into": tan_an}
    )
    assert merged.status_code == 200, merged.text
    assert merged.json() == {
        "into": tan_an,
        "spellings": [f"tan an {tag}", f"TAN  AN {tag}", tan_an],
        "sites_changed": 2,
        "incidents_changed": 0,
    }
    for site_id in changed:
        site = await client.get(f"/sites/{site_id}")
        assert (site.json()["district"], site.json()["version"], site.headers["etag"]) == (tan_an, 2, '"2"')
    for site in split["kept"]:
        assert (await client.get(f"/sites/{site['id']}")).json()["version"] == 1

    # One SiteUpdated per site changed, with its new version and district, and nothing for the others.
    after = (await _site_events(app, changed + unchanged))[len(before) :]
    assert sorted((e["type"], e["subject"], e["data"]["version"], e["data"]["district"]) for e in after) == sorted(
        ("lichtruc.roster.site.updated.v1", f"sites/{i}", 2, tan_an) for i in changed
    )
    assert {e["data"]["actor"] for e in after} != {None}

    group = (await client.get("/districts", params={"q": f"tan an {tag}"})).json()["items"]
    assert [(g["split"], g["spellings"]) for g in group] == [
        (False, [{"spelling": tan_an, "sites": 4, "incidents": 0}])
    ]
    listed = (await client.get("/sites", params={"district": f"tan an {tag}", "limit": 100})).json()["items"]
    assert sorted(s["id"] for s in listed) == sorted([*changed, *(s["id"] for s in split["kept"])])


async def _incident_events(app: Any, incident_ids: list[str]) -> list[dict]:
    return await _events(app, [f"incidents/{i}" for i in incident_ids])


async def test_a_merge_rewrites_the_incidents_written_with_the_spellings_open_or_resolved(served, split) -> None:
    app, client = served
    tag, tan_an = split["tag"], split["tan_an"]

    async def record(site: dict) -> dict:
        opened = await client.post(
            "/incidents",
            json={
                "enterprise_id": site["enterprise_id"],
                "detected_at": "2026-11-20T09:10:00+07:00",
                "site_id": site["id"],
                "services": ["internet"],
                "severity": "minor",
                "description": f"Mất kết nối internet tại {site['name']}",
            },
        )
        assert opened.status_code == 201, opened.text
        return opened.json()

    lower, upper, kept = await record(split["lower"]), await record(split["upper"]), await record(split["kept"][0])
    assert (lower["district"], upper["district"], kept["district"]) == (f"tan an {tag}", f"TAN  AN {tag}", tan_an)
    resolved = await client.post(
        f"/incidents/{upper['id']}/resolve",
        json={"cause": "Mất điện", "closing_note": "Đã có điện lại", "restored_at": "2026-11-20T10:00:00+07:00"},
        headers={"If-Match": '"1"'},
    )
    assert resolved.status_code == 200 and resolved.json()["version"] == 2, resolved.text
    ids = [lower["id"], upper["id"], kept["id"]]
    before = await _incident_events(app, ids)

    merged = await client.post(
        "/districts/merge", json={"spellings": [f"tan an {tag}", f"TAN  AN {tag}"], "into": tan_an}
    )
    assert merged.status_code == 200, merged.text
    assert (merged.json()["sites_changed"], merged.json()["incidents_changed"]) == (2, 2)
    for incident, version, status in ((lower, 2, "open"), (upper, 3, "resolved"), (kept, 1, "open")):
        now = (await client.get(f"/incidents/{incident['id']}")).json()
        assert (now["district"], now["version"], now["status"]) == (tan_an, version, status)
        assert (now["description"], now["detected_at"]) == (incident["description"], incident["detected_at"])
    # One IncidentUpdated for each incident rewritten, saying why, and nothing for the one already so written.
    after = (await _incident_events(app, ids))[len(before) :]
    told = sorted((e["subject"], e["data"]["change"], e["data"]["incident"]["version"]) for e in after)
    assert told == sorted(
        [(f"incidents/{lower['id']}", "district_merged", 2), (f"incidents/{upper['id']}", "district_merged", 3)]
    )
    assert {e["type"] for e in after} == {"lichtruc.roster.incident.updated.v1"}
    assert {e["data"]["incident"]["district"] for e in after} == {tan_an}


async def test_a_merge_may_choose_a_spelling_no_site_has_yet(served, split) -> None:
    _, client = served
    tag = split["tag"]
    into = f"TÂN AN {tag}"
    merged = await client.post("/districts/merge", json={"spellings": [split["tan_an"], f"tan an {tag}"], "into": into})
    assert (merged.status_code, merged.json()["sites_changed"]) == (200, 3), merged.text
    spellings = (await client.get("/districts", params={"q": f"tan an {tag}"})).json()["items"][0]["spellings"]
    # Written as asked, not turned back into the spelling already known (as a site's own edit would).
    assert spellings == [
        {"spelling": into, "sites": 3, "incidents": 0},
        {"spelling": f"TAN  AN {tag}", "sites": 1, "incidents": 0},
    ]


async def test_a_spelling_only_an_incident_writes_is_listed_and_merged(served, split) -> None:
    """D2 (C2: the site form's notes counted the incidents' spellings as "đã có", /districts and the merge only the
    sites'): an incident away from any site spelling its district "Tan An" is listed with the district, counted as
    an incident, and merged like a site's spelling — so every spelling a person reads can be corrected."""
    app, client = served
    tag, tan_an = split["tag"], split["tan_an"]
    site = split["kept"][0]
    opened = await client.post(
        "/incidents",
        json={
            "enterprise_id": site["enterprise_id"],
            "detected_at": "2026-11-20T09:10:00+07:00",
            "district": tan_an,
            "services": ["internet"],
            "severity": "minor",
            "description": "Đứt cáp quang trên đường tỉnh 827",
        },
    )
    assert opened.status_code == 201, opened.text
    incident = opened.json()
    async with app.state.ctx.sessions() as session, session.begin():  # as a row written before the known-spelling rule
        await session.execute(
            incidents.update().where(incidents.c.id == uuid.UUID(incident["id"])).values(district=f"Tan An {tag}")
        )

    (group,) = (await client.get("/districts", params={"q": f"tan an {tag}"})).json()["items"]
    assert (group["preferred"], group["sites"], group["incidents"]) == (tan_an, 4, 1)
    assert [(s["spelling"], s["sites"], s["incidents"]) for s in group["spellings"]] == [
        (tan_an, 2, 0),
        (f"TAN  AN {tag}", 1, 0),
        (f"tan an {tag}", 1, 0),
        (f"Tan An {tag}", 0, 1),  # no site: after every spelling a site writes
    ]
    merged = await client.post("/districts/merge", json={"spellings": [f"Tan An {tag}"], "into": tan_an})
    assert merged.status_code == 200, merged.text
    assert (merged.json()["sites_changed"], merged.json()["incidents_changed"]) == (0, 1)
    assert (await client.get(f"/incidents/{incident['id']}")).json()["district"] == tan_an
    (group,) = (await client.get("/districts", params={"q": f"tan an {tag}"})).json()["items"]
    assert f"Tan An {tag}" not in [s["spelling"] for s in group["spellings"]] and group["incidents"] == 1


def _errors(problem: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["rule"]) for e in problem["errors"]]


async def test_a_merge_is_refused_in_both_languages_naming_what_is_wrong(served, split) -> None:
    app, client = served
    tag, tan_an, ben_luc = split["tag"], split["tan_an"], split["ben_luc"]
    every_site = [split["lower"]["id"], split["upper"]["id"], split["elsewhere"]["id"]]
    before = await _site_events(app, every_site)

    empty = await client.post("/districts/merge", json={"spellings": [], "into": tan_an})
    assert (empty.status_code, empty.headers["content-type"]) == (422, "application/problem+json")
    assert _errors(empty.json()) == [("spellings", "required")]
    assert "ít nhất một cách viết" in empty.json()["detail_vi"] and "at least one" in empty.json()["detail"]

    blank = await client.post("/districts/merge", json={"spellings": [f"tan an {tag}"], "into": "   "})
    assert (blank.status_code, _errors(blank.json())) == (422, [("into", "required")])
    assert "Tân An" in blank.json()["detail_vi"]

    other = await client.post(
        "/districts/merge", json={"spellings": [f"tan an {tag}", ben_luc, "Cần Giuộc"], "into": tan_an}
    )
    problem = other.json()
    assert (other.status_code, _errors(problem)) == (422, [("spellings", "same-district"), ("spellings", "in-use")])
    same, unused = problem["errors"]
    assert same["spellings"] == [ben_luc, "Cần Giuộc"] and unused["spellings"] == ["Cần Giuộc"]
    assert f"“{ben_luc}”, “Cần Giuộc” are not “{tan_an}” written otherwise" in same["message"]
    assert f"“{ben_luc}”, “Cần Giuộc” không phải là “{tan_an}” viết khác" in same["message_vi"]
    assert problem["detail_vi"] == same["message_vi"]

    unknown = await client.post("/districts/merge", json={"spellings": [f"Tan An {tag}"], "into": tan_an})
    assert (unknown.status_code, _errors(unknown.json())) == (422, [("spellings", "in-use")])
    assert f"“Tan An {tag}”" in unknown.json()["detail_vi"] and f"“Tan An {tag}”" in unknown.json()["detail"]

    # Nothing was changed by any of them.
    assert await _site_events(app, every_site) == before
    assert (await client.get(f"/sites/{split['lower']['id']}")).json()["district"] == f"tan an {tag}"


async def test_a_merge_sent_twice_with_its_idempotency_key_is_done_once(served, split) -> None:
    _, client = served
    tag = split["tag"]
    body = {"spellings": [f"tan an {tag}"], "into": split["tan_an"]}
    key = {"Idempotency-Key": f"merge-{uuid.uuid4()}"}
    first = await client.post("/districts/merge", json=body, headers=key)
    again = await client.post("/districts/merge", json=body, headers=key)
    assert (first.status_code, first.json()["sites_changed"]) == (200, 1)
    assert (again.status_code, again.headers["idempotent-replayed"], again.json()) == (200, "true", first.json())
    # Without the key the same request is a new merge, one the sites no longer need: that spelling is gone.
    fresh = await client.post("/districts/merge", json=body)
    assert (fresh.status_code, _errors(fresh.json())) == (422, [("spellings", "in-use")])


async def test_only_an_administrator_sees_and_merges_districts(served, split) -> None:
    _, client = served
    enterprise = split["lower"]["enterprise_id"]
    body = {"spellings": [f"tan an {split['tag']}"], "into": split["tan_an"]}
    for who in (
        principal("manager", enterprises=(enterprise,)),
        principal("inspector"),
        principal("staff", enterprises=(enterprise,), staff=uuid.uuid4()),
    ):
        listed = await client.get("/districts", headers=auth(who))
        merged = await client.post("/districts/merge", json=body, headers=auth(who))
        assert (listed.status_code, merged.status_code) == (403, 403), who.role
    assert (await client.get(f"/sites/{split['lower']['id']}")).json()["district"] == f"tan an {split['tag']}"
