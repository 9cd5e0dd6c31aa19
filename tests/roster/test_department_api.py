"""The Department's profile over the API (the names its documents print): empty until an administrator sets it,
and until then the daily report's and the summary's PDF are refused in words naming the page to set it on; set,
they print its names (another province than the demo's, so that a name left from Long An would show); anyone
signed in reads it, only an administrator changes it, with the version read (412 when stale), and bad input is
refused in words naming the field."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlalchemy import text

from lichtruc import db
from lichtruc.events_department import DEPARTMENT_FIELDS, DEPARTMENT_KEY
from support import auth, principal

DAY = "2027-02-06"
DONG_THAP = {
    "province": "Đồng Tháp",
    "department": "Sở Thông tin và Truyền thông",
    "superior": "UBND tỉnh Đồng Tháp",  # typed so: the letterhead prints it in capitals (Decree 30), as the page says
    "place": "Cao Lãnh",
    "report_recipients": ["Sở Thông tin và Truyền thông tỉnh Đồng Tháp", "Lưu: VT"],
    "summary_recipients": ["Bộ Thông tin và Truyền thông", "UBND tỉnh Đồng Tháp", "Lưu: VT"],
}


async def department_events(settings) -> list[dict]:
    """The profile's events in roster's outbox (written in the save's transaction), in the order written."""
    engine = db.create_engine(settings.database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM outbox WHERE payload::jsonb->>'subject' = 'department' ORDER BY id")
            )
            return [json.loads(r[0]) for r in rows]
    finally:
        await engine.dispose()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


async def test_documents_wait_for_the_profile_then_print_its_names(client, seed, clock, roster_settings) -> None:
    campaign, enterprise = await seed.campaign(), await seed.enterprise("VNPT Đồng Tháp")
    clock.now = datetime(2027, 2, 6, 14, 30, tzinfo=UTC)
    report = await client.post("/daily-reports", json={"enterprise_id": enterprise["id"], "day": DAY})
    assert report.status_code == 201, report.text
    clock.now = None
    empty = await client.get("/department", headers=auth(principal("staff", enterprises=(enterprise["id"],))))
    assert empty.status_code == 200 and empty.headers["ETag"] == '"0"'
    assert empty.json()["set"] is False and empty.json()["province"] == "" and empty.json()["report_recipients"] == []
    summary = f"/campaigns/{campaign['id']}/daily-reports/summary.pdf"
    for path in (report.json()["pdf"], summary):
        refused = await client.get(path)
        assert refused.status_code == 409, (path, refused.text)
        assert "Thông tin Sở" in refused.json()["detail_vi"] and "Department details" in refused.json()["detail"]

    saved = await client.put("/department", json=DONG_THAP, headers={"If-Match": '"0"'})
    assert saved.status_code == 200, saved.text
    assert saved.headers["ETag"] == '"1"' and saved.json()["set"] is True and saved.json()["place"] == "Cao Lãnh"
    [first] = await department_events(roster_settings)  # the first save: every field set, nothing before it
    assert first["data"]["previous"] is None and first["data"]["version"] == 1
    assert first["data"]["changed"] == list(DEPARTMENT_FIELDS)
    assert first["data"]["profile"] == DONG_THAP | {"abbreviation": "STTTT"}  # none typed: the name's initials
    assert (saved.json()["abbreviation"], saved.json()["abbreviation_from_name"]) == ("STTTT", True)
    text = pdf_text((await client.get(report.json()["pdf"])).content)
    assert "Cao Lãnh, ngày 06 tháng 02 năm 2027" in text
    assert "- Sở Thông tin và Truyền thông tỉnh Đồng Tháp; - Lưu: VT." in text
    text = pdf_text((await client.get(summary, params={"day": DAY})).content)
    assert "UBND TỈNH ĐỒNG THÁP SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    assert "- Bộ Thông tin và Truyền thông; - UBND tỉnh Đồng Tháp; - Lưu: VT." in text
    assert "Số: /BC-STTTT" in text
    assert "Long An" not in text


async def test_the_abbreviation_follows_the_name_until_one_is_set(client, seed, roster_settings) -> None:
    """QA: the summary's number ended "/BC-STTTT" whatever the Department. After the 2025 merger it is the Sở Khoa
    học và Công nghệ: renamed, its numbers end "/BC-SKHCN" (the initials, none set); one set is kept through a
    rename; the change is published with the rest of the profile; one written otherwise is refused in words."""
    campaign = await seed.campaign()
    summary = f"/campaigns/{campaign['id']}/daily-reports/summary.pdf"
    version = (await client.get("/department")).json()["version"]
    published = len(await department_events(roster_settings))
    merged = {**DONG_THAP, "department": "Sở Khoa học và Công nghệ"}
    renamed = await client.put("/department", json=merged, headers={"If-Match": f'"{version}"'})
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["abbreviation"], renamed.json()["abbreviation_from_name"]) == ("SKHCN", True)
    assert "Số: /BC-SKHCN" in pdf_text((await client.get(summary, params={"day": DAY})).content)
    event = (await department_events(roster_settings))[-1]["data"]
    assert {"department", "abbreviation"} <= set(event["changed"])  # the rename changed the number too
    assert event["profile"]["abbreviation"] == "SKHCN"

    lower = await client.put(
        "/department", json={**merged, "abbreviation": "skhcn"}, headers={"If-Match": f'"{version + 1}"'}
    )
    assert lower.status_code == 422, lower.text
    assert "“SKHCN”" in lower.json()["detail_vi"] and "capitals" in lower.json()["detail"]
    spaced = await client.put(
        "/department", json={**merged, "abbreviation": "BC-SKHCN"}, headers={"If-Match": f'"{version + 1}"'}
    )
    assert spaced.status_code == 422 and "chữ in hoa và chữ số" in spaced.json()["detail_vi"], spaced.text

    chosen = await client.put(
        "/department", json={**merged, "abbreviation": " SKHCNĐT "}, headers={"If-Match": f'"{version + 1}"'}
    )
    assert chosen.status_code == 200, chosen.text
    assert (chosen.json()["abbreviation"], chosen.json()["abbreviation_from_name"]) == ("SKHCNĐT", False)
    event = (await department_events(roster_settings))[-1]["data"]
    assert event["changed"] == ["abbreviation"] and event["profile"]["abbreviation"] == "SKHCNĐT"
    assert "Số: /BC-SKHCNĐT" in pdf_text((await client.get(summary, params={"day": DAY})).content)
    kept = await client.put(
        "/department", json={**DONG_THAP, "abbreviation": "SKHCNĐT"}, headers={"If-Match": f'"{version + 2}"'}
    )
    assert kept.json()["abbreviation"] == "SKHCNĐT"  # set: not the initials of the name any more
    back = await client.put("/department", json=DONG_THAP, headers={"If-Match": f'"{version + 3}"'})
    assert (back.json()["abbreviation"], back.json()["abbreviation_from_name"]) == ("STTTT", True)
    assert len(await department_events(roster_settings)) == published + 4  # the refused ones published nothing


async def test_only_an_administrator_changes_it_with_the_version_read(client, roster_settings) -> None:
    current = await client.get("/department")
    version = current.json()["version"]
    published = len(await department_events(roster_settings))
    inspector = await client.put(
        "/department", json=DONG_THAP, headers={"If-Match": f'"{version}"', **auth(principal("inspector"))}
    )
    assert inspector.status_code == 403
    # the marks the hint says the document adds, typed anyway: not stored (QA: history read "…Long An;, Lưu: VT.")
    renamed = {
        **DONG_THAP,
        "place": "  Thành phố   Cao Lãnh, ",  # its "," is the document's to print after it, as the hint shows
        "summary_recipients": ["Bộ Thông tin và Truyền thông;", "UBND tỉnh Đồng Tháp ;", "Lưu: VT."],
    }
    changed = await client.put("/department", json=renamed, headers={"If-Match": f'"{version}"'})
    assert changed.status_code == 200, changed.text
    assert changed.json()["place"] == "Thành phố Cao Lãnh" and changed.json()["version"] == version + 1
    events = await department_events(roster_settings)
    assert len(events) == published + 1  # the save's event, in its transaction; the inspector's refusal made none
    event = events[-1]
    assert event["type"] == "lichtruc.roster.department.changed.v1" and event["partitionkey"] == str(DEPARTMENT_KEY)
    assert event["data"]["version"] == version + 1 and event["data"]["actor"]
    assert event["data"]["changed"] == ["place"]  # the recipients as before, once their marks are gone
    assert changed.json()["summary_recipients"] == DONG_THAP["summary_recipients"]
    assert (
        event["data"]["previous"]["place"] == "Cao Lãnh" and event["data"]["profile"]["place"] == "Thành phố Cao Lãnh"
    )
    assert event["data"]["profile"]["summary_recipients"] == DONG_THAP["summary_recipients"]
    stale = await client.put("/department", json=DONG_THAP, headers={"If-Match": f'"{version}"'})
    assert stale.status_code == 412, stale.text
    assert f"“{version + 1}”" in stale.json()["detail_vi"] and "Thông tin của Sở" in stale.json()["detail_vi"]
    missing = await client.put("/department", json=DONG_THAP)
    assert missing.status_code == 428
    read = await client.get("/department", headers=auth(principal("manager")))
    assert read.json()["place"] == "Thành phố Cao Lãnh" and read.headers["ETag"] == f'"{version + 1}"'
    assert len(await department_events(roster_settings)) == published + 1  # a refused save publishes nothing


async def test_bad_input_is_refused_in_words(client, roster_settings) -> None:
    version = (await client.get("/department")).json()["version"]
    published = len(await department_events(roster_settings))
    headers = {"If-Match": f'"{version}"'}
    blank = await client.put("/department", json={**DONG_THAP, "superior": "   "}, headers=headers)
    assert blank.status_code == 422, blank.text
    assert "Cơ quan chủ quản" in blank.json()["detail_vi"], blank.json()
    none = await client.put("/department", json={**DONG_THAP, "summary_recipients": []}, headers=headers)
    assert none.status_code == 422, none.text
    assert "ít nhất một nơi nhận" in none.json()["detail_vi"] and "recipient" in none.json()["detail"]
    twice = {**DONG_THAP, "report_recipients": ["Lưu: VT", "lưu: VT"]}
    repeated = await client.put("/department", json=twice, headers=headers)
    assert repeated.status_code == 422 and "hai lần" in repeated.json()["detail_vi"], repeated.text
    assert (await client.get("/department")).json()["version"] == version  # nothing saved
    assert len(await department_events(roster_settings)) == published  # nor published
