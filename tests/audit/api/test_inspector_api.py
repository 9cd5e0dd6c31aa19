"""The inspectors' API on the real database: gap filters and pages, the coverage board
(live and as known at), an enterprise's history, CSV exports, findings, and errors as
problem documents. The province and the `audit` fixture are in audit_testkit and
api/conftest.py. Events go straight into the consumer's callback (the broker path
has its own test), so that many can be applied quickly and in a known order."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import unicodedata
import uuid
from datetime import date

from audit_testkit import Roster, province_events, vn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from audit.db.differences import Corrected
from audit.db.memory import SNAPSHOT_FORMAT
from audit.db.store import SqlStore
from audit.db.tables import projection_snapshots
from audit.handlers import replay
from audit.handlers.replay import rebuild
from audit.rebuild import report_lines

NFD_MOC_HOA = unicodedata.normalize("NFD", "Mộc Hóa")  # decomposed, as some keyboards type it
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


async def all_gaps(client, **params) -> list[dict]:
    return (await client.get("/gaps", params={"limit": 500, "in_force": "all", **params})).json()["items"]


async def test_gap_filters_select_exactly_the_matching_gaps_and_pages_tile_the_list(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    everything = await all_gaps(client)
    assert len(everything) >= 8
    assert {g["status"] for g in everything} == {"open", "closed"}
    assert {g["announced"] for g in everything} == {True, False}
    assert any(g["peak"] for g in everything)
    assert everything == sorted(everything, key=lambda g: (g["starts_at"], g["gap_id"]))

    cases = {
        (("enterprise_id", str(p.post)),): lambda g: g["enterprise_id"] == str(p.post),
        (("sector", "telecom"),): lambda g: g["sector"] == "telecom",
        (("duty_type", "patrol"),): lambda g: g["duty_type"] == "patrol",
        (("border", "true"),): lambda g: g["border_area"] is True,
        (("border", "false"),): lambda g: g["border_area"] is not True,
        (("site_id", str(p.tan_an)),): lambda g: g["site_id"] == str(p.tan_an),
        (("status", "closed"),): lambda g: g["status"] == "closed",
        (("status", "open"), ("peak", "true")): lambda g: g["status"] == "open" and g["peak"],
        (("announced", "false"),): lambda g: not g["announced"],
        (("district", "moc hoa"),): lambda g: g["district"] == "Mộc Hóa",  # however typed
        (("district", "MỘC  HOÁ"), ("status", "open")): lambda g: g["district"] == "Mộc Hóa" and g["status"] == "open",
        (("campaign_id", str(p.campaign)),): lambda g: True,
        (("from", "2027-02-06T00:00:00+07:00"), ("to", "2027-02-06T12:00:00+07:00")): lambda g: (
            g["ends_at"] > "2027-02-06T00:00:00+07:00" and g["starts_at"] < "2027-02-06T12:00:00+07:00"
        ),
        (("sector", "postal"), ("border", "true"), ("status", "open")): lambda g: (
            g["sector"] == "postal" and g["border_area"] is True and g["status"] == "open"
        ),
    }
    for params, keep in cases.items():
        expected = [g for g in everything if keep(g)]
        assert expected, f"the province should have gaps for {params}"
        assert await all_gaps(client, **dict(params)) == expected, params
    assert await all_gaps(client, campaign_id=str(uuid.uuid4())) == []
    assert await all_gaps(client, district="Tân Hưng") == []  # a district with no site: nothing, not everything

    pages, address = [], "/gaps?limit=3&in_force=all"
    while address is not None:
        response = await client.get(address)
        page = response.json()
        assert page["total"] == len(everything) and page["limit"] == 3 and len(page["items"]) <= 3
        assert response.headers.get("Link") == (f'<{page["next"]}>; rel="next"' if page["next"] else None)
        pages += page["items"]
        address = page["next"]
    assert pages == everything
    bad = await client.get("/gaps", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422 and bad.json()["type"].endswith("/bad-cursor")
    assert bad.json()["detail"] and bad.json()["detail_vi"]
    log_cursor = (await client.get("/log", params={"limit": 1})).json()["next"].split("cursor=")[1].split("&")[0]
    assert (await client.get("/gaps", params={"cursor": log_cursor})).status_code == 422  # another list's cursor

    one = everything[0]
    assert (await client.get(f"/gaps/{one['gap_id']}")).json() == one


async def test_board_live_equals_the_board_replayed_from_the_log_and_shows_each_local_day(audit) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events)
    live = (await client.get(f"/campaigns/{p.campaign}/board")).json()
    assert live["as_of"] is None and live["days"] == ["2027-02-05", "2027-02-06"]
    tip = (await client.get("/log", params={"limit": 500})).json()["items"][-1]
    replayed = (await client.get(f"/campaigns/{p.campaign}/board", params={"as_of": tip["received_at"]})).json()
    assert replayed["as_of"]["seq"] == tip["seq"]
    assert replayed["rows"] == live["rows"]  # presence too: judged at the record time asked, the clock's here

    row = next(r for r in live["rows"] if r["site_id"] == str(p.tan_an))
    assert (row["enterprise_name"], row["sector"], row["border_area"], row["duty_type"]) == (
        "VNPT Long An",
        "telecom",
        False,
        "operations",
    )
    first, second = row["days"]
    # 30 Tết: nobody 00:00–06:00, Đức 06:00–18:00, Tuyết from 18:00.
    assert (first["required_max"], first["planned_min"], first["planned_max"]) == (1, 0, 1)
    assert (first["required_hours"], first["covered_hours"], first["uncovered_minutes"], first["gap_count"]) == (
        24.0,
        18.0,
        360,
        1,
    )
    # Mùng 1: Tuyết until 06:00, then nobody (Đức's shift was cancelled).
    assert (second["covered_hours"], second["uncovered_minutes"], second["gap_count"]) == (6.0, 1080, 1)
    assert row["open_gaps"] == 2
    # Nobody checked in (QZ13 #1): at 20:00 Tân An was rostered in full but empty from 06:00 (once the check-in's 15
    # minutes of grace had passed, from the shift's start: QZ28 #2) to Đức's end at 18:00, and from 18:00 on Tuyết's
    # shift: 14:00, none yet on mùng 1.
    assert (first["absent_minutes"], second["absent_minutes"]) == (720 + 120, 0)
    short = (
        await client.get(
            "/attendance/shortfalls", params={"campaign_id": str(p.campaign), "site_id": str(p.tan_an), "limit": 1}
        )
    ).json()
    assert [(f["starts_at"], f["ends_at"], f["required"], f["rostered"], f["present"]) for f in short["items"]] == [
        ("2027-02-05T06:00:00+07:00", "2027-02-05T18:00:00+07:00", 1, 1, 0)
    ]
    assert [(a["full_name"], a["checked_in_at"]) for a in short["items"][0]["absent"]] == [("Trần Văn Đức", None)]
    rest = (await client.get(short["next"])).json() if short.get("next") else None
    assert rest is not None and [(f["starts_at"], f["ends_at"]) for f in rest["items"]] == [
        ("2027-02-05T18:00:00+07:00", "2027-02-05T20:00:00+07:00")
    ]
    assert [a["full_name"] for a in rest["items"][0]["absent"]] == ["Nguyễn Thị Ánh Tuyết"]
    mung_1 = {"campaign_id": str(p.campaign), "day": "2027-02-06"}
    assert (await client.get("/attendance/shortfalls", params=mung_1)).json()["items"] == []

    lead = (
        await client.get(f"/campaigns/{p.campaign}/board", params={"sector": "postal", "duty_type": "leadership"})
    ).json()["rows"]
    assert [(r["enterprise_name"], r["site_id"]) for r in lead] == [("Bưu điện tỉnh Long An", None)]
    assert [d["gap_count"] for d in lead[0]["days"]] == [0, 1]

    # QZ18 #5: at 19:10 the manager hands the rest of Tuyết's evening to Hà, "Người trực không đến" unticked — she
    # was there, not checked in. Her 18:00–19:10 is no longer counted; Hà, not checked in by 20:00, is from 19:10, her
    # shift's start (its grace passed at 19:25).
    evening = next(i for i, s in roster.shifts.items() if s.starts_at == vn(2, 5, 18) and s.site_id == p.tan_an)
    ha, joined = roster.staff(p.vnpt, "Đỗ Thu Hà")
    _, handover = roster.hand_over(evening, vn(2, 5, 19, 10), ha, reason="Chị Tuyết bị ốm", absent=False)
    await feed(joined, *handover)
    day_5 = {"campaign_id": str(p.campaign), "site_id": str(p.tan_an), "day": "2027-02-05"}
    items = (await client.get("/attendance/shortfalls", params=day_5)).json()["items"]
    assert [(f["starts_at"], f["ends_at"], [a["full_name"] for a in f["absent"]]) for f in items] == [
        ("2027-02-05T06:00:00+07:00", "2027-02-05T18:00:00+07:00", ["Trần Văn Đức"]),
        ("2027-02-05T19:10:00+07:00", "2027-02-05T20:00:00+07:00", ["Đỗ Thu Hà"]),
    ]


async def test_absence_at_a_post_short_in_plan_is_counted_on_top_of_its_gap(audit, clock) -> None:
    """QZ26 #2: Trạm Bình Hiệp asks 1, 2 at giao thừa (23:00–01:00), Đức alone on it and not checked in. At 23:45 the
    post is "cần 1, xếp 1, có mặt 0" from 22:00 (his shift's start, its grace passed) and "cần 2, xếp 1, có mặt 0" from 23:00 — the absence no longer lost
    behind the peak's planning gap, whose own minutes stay the plan's."""
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    clock.now = vn(2, 5, 23, 45)
    params = {"campaign_id": str(p.campaign), "site_id": str(p.binh_hiep), "day": "2027-02-05"}
    items = (await client.get("/attendance/shortfalls", params=params)).json()["items"]
    assert [
        (f["starts_at"], f["ends_at"], f["required"], f["rostered"], f["present"], f["minutes"]) for f in items
    ] == [
        ("2027-02-05T22:00:00+07:00", "2027-02-05T23:00:00+07:00", 1, 1, 0, 60),
        ("2027-02-05T23:00:00+07:00", "2027-02-05T23:45:00+07:00", 2, 1, 0, 45),
    ]
    assert {a["full_name"] for f in items for a in f["absent"]} == {"Trần Văn Đức"}
    rows = (await client.get(f"/campaigns/{p.campaign}/board")).json()["rows"]
    first = next(r for r in rows if r["site_id"] == str(p.binh_hiep))["days"][0]
    assert (first["uncovered_minutes"], first["absent_minutes"]) == (60, 60 + 45)


async def test_enterprise_history_says_who_changed_what_and_when_with_pages(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 500})).json()
    items = history["items"]
    assert history["next"] is None and history["total"] is None
    assert [i["what"] for i in items[:3]] == ["enterprise.registered", "site.registered", "site.registered"]
    reassigned = next(i for i in items if i["what"] == "shift.reassigned")
    assert reassigned["actor"] == "quan-ly-vnpt"
    assert "Nguyễn Thị Ánh Tuyết" in reassigned["summary_vi"] and "Trần Văn Đức" in reassigned["summary_vi"]
    assert reassigned["received_at"].endswith("+07:00")
    cancelled = next(i for i in items if i["what"] == "shift.cancelled")
    assert cancelled["summary_vi"].endswith("hủy ca: Ốm đột xuất")
    assert all(i["data"]["enterprise_id"] == str(p.vnpt) if "enterprise_id" in i["data"] else True for i in items)
    assert str(p.post) not in {i["data"].get("enterprise_id") for i in items}

    paged, address = [], f"/enterprises/{p.vnpt}/history?limit=4"
    while address is not None:
        page = (await client.get(address)).json()
        assert len(page["items"]) <= 4
        paged += page["items"]
        address = page["next"]
    assert paged == items
    # Newest first, paged the same way: the same records in the reverse order; a cursor of one order is
    # refused by the other (it would skip or repeat records).
    newest, addresses = [], [f"/enterprises/{p.vnpt}/history?limit=4&order=newest"]
    while addresses[-1] is not None:
        page = (await client.get(addresses[-1])).json()
        newest += page["items"]
        addresses.append(page["next"])
    assert newest == items[::-1]
    refused = await client.get(addresses[1].replace("order=newest", "order=oldest"))
    assert refused.status_code == 422 and "cursor" in refused.json()["detail"]
    one = (
        await client.get(f"/enterprises/{p.vnpt}/history", params={"event_id": reassigned["event_id"], "limit": 1})
    ).json()["items"]
    assert one == [reassigned]
    only = (
        await client.get(f"/enterprises/{p.vnpt}/history", params={"event_type": "lichtruc.roster.staff.joined.v1"})
    ).json()["items"]
    assert [i["data"]["full_name"] for i in only] == ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức"]


async def test_csv_exports_are_excel_ready_and_defuse_formulas(audit) -> None:
    client, feed, _ = audit
    evil_enterprise, evil_site = '=HYPERLINK("http://evil.example","Bấm vào")', "@SUM(1+1)*cmd|' /C calc'!A0"
    p, events = province_events(Roster(), post_name=evil_enterprise, site_name=evil_site)
    await feed(*events)

    response = await client.get("/gaps.csv", params={"enterprise_id": str(p.post)})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))
    header, data = rows[0], rows[1:]
    assert header[:5] == ["mã khoảng trống", "trạng thái", "có hiệu lực hay khi lập lịch", "đợt trực", "doanh nghiệp"]
    assert data and all(r[4] == "'" + evil_enterprise for r in data)
    # a requirement for the whole enterprise (no site id) is said so, as the portal's page says it (QA: an empty cell)
    assert {r[6] for r in data} == {"'" + evil_site, "Toàn doanh nghiệp"}
    assert all((r[6] == "Toàn doanh nghiệp") == (r[23] == "") for r in data)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)

    # Codes in words of the language asked for; the causes say what happened and when, their ids
    # stay in a column of their own; the third says the gap is in force (the default list: no planning gap),
    # the last whether audit announced it to notifier (which is no alert).
    codes = {
        "open",
        "closed",
        "telecom",
        "postal",
        "leadership",
        "operations",
        "incident_response",
        "patrol",
        "leader",
        "operator",
        "technician",
        "guard",
        "true",
        "false",
    }
    assert not any(cell in codes for r in data for cell in r)
    assert {r[1] for r in data} <= {"còn thiếu người", "đã được bổ sung"} and {r[5] for r in data} == {"Bưu chính"}
    assert {r[2] for r in data} == {"có hiệu lực"}
    # the campaign by its name, so that a drill's gaps and the Tết campaign's in one file are told apart (QA)
    assert {r[3] for r in data} == {"Tết Đinh Mùi 2027"}
    assert all(r[18] and not UUID.search(r[18]) for r in data if r[24])
    assert any(UUID.search(r[24]) for r in data) and header[24] == "mã sự kiện nguyên nhân"
    assert header[-1] == "đã chuyển cho dịch vụ thông báo (chỉ cảnh báo khoảng trống có hiệu lực)"
    assert {r[-1] for r in data} <= {"có", "không"}

    english = (await client.get("/gaps.csv", params={"enterprise_id": str(p.post), "lang": "en"})).content
    assert (
        english.decode("utf-8")
        .removeprefix("\ufeff")
        .startswith("gap id,status,gap in force or planning gap,campaign,enterprise")  # words, not keys (QA)
    )
    en_rows = list(csv.reader(io.StringIO(english.decode("utf-8").removeprefix("\ufeff"))))[1:]
    assert {r[5] for r in en_rows} == {"Postal"} and {r[1] for r in en_rows} <= {"open", "closed"}
    assert {r[6] for r in en_rows} == {"'" + evil_site, "Whole enterprise"}

    per_day = await client.get(f"/campaigns/{p.campaign}/coverage.csv")
    rows = list(csv.reader(io.StringIO(per_day.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0][0] == "ngày" and len(rows) == 1 + 2 * 4  # two days × four keys
    assert any(r[1] == "'" + evil_enterprise and r[3] == "'" + evil_site for r in rows)
    assert any(r[1] == "VNPT Long An" and r[3] == "Trạm Bình Hiệp" for r in rows)
    site_id = rows[0].index("mã điểm trực")
    whole = [r for r in rows[1:] if r[site_id] == ""]  # no site id: the enterprise as a whole, said in words
    assert (
        whole
        and {r[3] for r in whole} == {"Toàn doanh nghiệp"}
        and "Toàn doanh nghiệp" not in {r[3] for r in rows[1:] if r[site_id]}
    )
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    assert {r[2] for r in rows[1:]} <= {"Bưu chính", "Viễn thông"} and {r[4] for r in rows[1:]} <= {"có", "không", ""}
    assert all(r[5].startswith(("Trực", "Tuần tra")) for r in rows[1:])


async def test_the_exports_open_in_vietnamese_excel_as_they_are_and_are_named_after_what_they_hold(audit) -> None:
    """Coverage per day in XLSX has real dates, columns as wide as their contents; a CSV for Excel is
    separated by semicolons; every download is saved under what it is and its campaign's name."""
    from urllib.parse import unquote

    from openpyxl import load_workbook

    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    campaign = next(c for c in (await client.get("/campaigns")).json()["items"] if c["campaign_id"] == str(p.campaign))

    xlsx = await client.get(f"/campaigns/{p.campaign}/coverage.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    days = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert days and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in days)
    assert {c.value.date() for c in days} == {
        date.fromisoformat(r[0]) for r in _csv(await client.get(f"/campaigns/{p.campaign}/coverage.csv"))[1:]
    }
    widths = sheet.column_dimensions
    enterprises = [c.value for c in next(sheet.iter_cols(min_col=2, max_col=2))]
    assert widths["B"].width == min(60, max(8, max(len(v) for v in enterprises) + 2))
    assert widths["A"].width == 12  # "dd/mm/yyyy" and two for the margins; the header "ngày" is shorter

    disposition = xlsx.headers["content-disposition"]
    slug = disposition.split('filename="')[1].split('"')[0]
    assert slug.startswith("do-phu-theo-ngay-") and slug.endswith(".xlsx") and slug.isascii()
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"Độ phủ theo ngày - {campaign['name']}.xlsx"

    for_excel = await client.get("/gaps.csv", params={"separator": "semicolon", "campaign_id": str(p.campaign)})
    text = for_excel.content.decode("utf-8")
    assert text.startswith("\ufeffmã khoảng trống;trạng thái;")
    assert len(next(csv.reader(io.StringIO(text), delimiter=";"))) == 26
    # its own name beside the comma CSV's (QA: one overwrote the other); the coverage's likewise
    assert f"Khoảng trống - {campaign['name']} (Excel).csv" == unquote(
        for_excel.headers["content-disposition"].split("filename*=UTF-8''")[1]
    )
    comma = await client.get("/gaps.csv", params={"campaign_id": str(p.campaign)})
    assert unquote(comma.headers["content-disposition"].split("filename*=UTF-8''")[1]).endswith(
        f"{campaign['name']}.csv"
    )
    coverage = await client.get(f"/campaigns/{p.campaign}/coverage.csv", params={"separator": "semicolon"})
    assert f"Độ phủ theo ngày - {campaign['name']} (Excel).csv" == unquote(
        coverage.headers["content-disposition"].split("filename*=UTF-8''")[1]
    )

    refused = await client.get("/gaps.csv", params={"separator": "tab"})
    assert refused.status_code == 422
    problem = refused.json()
    said = " ".join(str(v) for e in problem["errors"] for v in e.values())
    assert "comma" in said and "semicolon" in said and "separator" in said


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


async def test_the_csv_and_the_board_default_to_gaps_in_force_and_a_planning_gap_claims_no_alert(audit) -> None:
    """The list, the CSV export and the board show gaps in force unless asked otherwise; with planning
    gaps asked for, their rows say so and none says it was alerted."""
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    # Next year's campaign being planned: a requirement nobody covers yet, long before its readiness
    # deadline — open planning gaps (the province's cancelled shift left a closed one too).
    later, e_later = roster.campaign(starts_at=vn(1, 20, year=2028), ends_at=vn(1, 22, year=2028), peaks=())
    _, e_need = roster.requirement(later, p.vnpt, site_id=p.binh_hiep)
    await feed(*events, e_later, e_need)

    everything = await all_gaps(client)
    in_force = [g for g in everything if g["in_force"]]
    planning = [g for g in everything if not g["in_force"]]
    assert in_force and {g["status"] for g in planning} == {"open", "closed"}
    assert {g["campaign_id"] for g in planning if g["status"] == "open"} == {str(later)}

    # The CSV: by default the gaps in force only, each row saying so.
    rows = _csv(await client.get("/gaps.csv"))
    assert [r[0] for r in rows[1:]] == [g["gap_id"] for g in in_force]
    assert {r[2] for r in rows[1:]} == {"có hiệu lực"}
    # Asked for all: a planning gap's row reads as one, in both languages, and claims no alert.
    for lang, planning_word, in_force_word in (
        ("vi", "khi lập lịch (không phải vi phạm)", "có hiệu lực"),
        ("en", "planning gap (not a violation)", "in force"),
    ):
        rows = _csv(await client.get("/gaps.csv", params={"in_force": "all", "lang": lang}))
        header, by_id = rows[0], {r[0]: r for r in rows[1:]}
        assert set(by_id) == {g["gap_id"] for g in everything}
        assert all(by_id[g["gap_id"]][2] == planning_word for g in planning)
        assert all(by_id[g["gap_id"]][2] == in_force_word for g in in_force)
        assert not any("alert" in h.split("(")[0] or "cảnh báo" in h.split("(")[0] for h in header)
        assert not any(cell in {"alerted", "đã cảnh báo"} for r in rows for cell in r)
    planning_only = _csv(await client.get("/gaps.csv", params={"in_force": "false"}))
    assert sorted(r[0] for r in planning_only[1:]) == sorted(g["gap_id"] for g in planning)

    # The board: by default only open gaps in force are counted.
    board = (await client.get(f"/campaigns/{later}/board")).json()
    assert board["rows"] and all(r["open_gaps"] == 0 for r in board["rows"])
    assert all(d["gap_count"] == 0 for r in board["rows"] for d in r["days"])
    everything_board = (await client.get(f"/campaigns/{later}/board", params={"in_force": "all"})).json()
    open_planning = [g for g in planning if g["status"] == "open"]
    assert sum(r["open_gaps"] for r in everything_board["rows"]) == len(open_planning) > 0
    assert (await client.get(f"/campaigns/{later}/board", params={"in_force": "false"})).json() == everything_board
    tet = (await client.get(f"/campaigns/{p.campaign}/board")).json()
    open_in_force = [g for g in in_force if g["status"] == "open" and g["campaign_id"] == str(p.campaign)]
    assert sum(r["open_gaps"] for r in tet["rows"]) == len(open_in_force) > 0


async def test_findings_are_idempotent_by_id_and_refused_when_they_cannot_be_held_against_the_roster(audit) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events, roster.account("admin@test", "Lê Thị Thanh Tra", "inspector")[1])  # the client's login
    finding = {
        "finding_id": str(uuid.uuid4()),
        "site_id": str(p.tan_an),
        "observed_at": "2027-02-05T19:00:00+07:00",
        "duty_type": "operations",
        "people_found": [{"name": "nguyen thi anh tuyet"}],
    }
    first = await client.post("/findings", json=finding)
    assert first.status_code == 201 and first.json()["discrepancies"] == []
    assert first.json()["seq"] == 1  # its place in the findings' chain, as a read gives it
    again = await client.post("/findings", json=finding)
    assert again.status_code == 200 and again.json() == first.json()
    changed = await client.post("/findings", json={**finding, "notes": "sửa"})
    assert changed.status_code == 409 and changed.headers["content-type"] == "application/problem+json"
    assert changed.json()["detail_vi"]

    unknown = await client.post("/findings", json={**finding, "finding_id": None, "site_id": str(uuid.uuid4())})
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/site-not-found")
    future = await client.post(
        "/findings", json={**finding, "finding_id": None, "observed_at": "2027-02-06T09:00:00+07:00"}
    )
    assert future.status_code == 422 and future.json()["type"].endswith("/observed-in-the-future")
    # QA (2026-12-04): a visit dated in 2019 was stored for good as "nobody expected, nobody found: a match".
    # No campaign runs then, so there is no roster to hold it against: refused, naming the nearest campaign.
    long_ago = await client.post(
        "/findings", json={**finding, "finding_id": None, "observed_at": "2019-01-01T00:00:00+07:00"}
    )
    assert long_ago.status_code == 422 and long_ago.json()["type"].endswith("/observed-outside-campaigns")
    assert "Lúc 00:00 01/01/2019 không có đợt trực nào" in long_ago.json()["detail_vi"]
    assert "Tết" in long_ago.json()["detail_vi"] and "check the date and time" in long_ago.json()["detail"]
    nobody = await client.post("/findings", json={**finding, "finding_id": None, "people_found": [{}]})
    assert nobody.status_code == 422 and nobody.json()["errors"]
    naive = await client.post("/findings", json={**finding, "finding_id": None, "observed_at": "2027-02-05T19:00:00"})
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "body.observed_at"

    empty_post = await client.post(
        "/findings",
        json={
            **finding,
            "finding_id": None,
            "site_id": str(p.binh_hiep),
            "observed_at": "2027-02-05T12:00:00+07:00",
            "people_found": [],
        },
    )
    assert empty_post.json()["expected"] == [] and empty_post.json()["discrepancies"] == []
    assert empty_post.json()["seq"] == 2
    read = (await client.get(f"/findings/{first.json()['finding_id']}")).json()
    assert read["seq"] == 1
    # who recorded it: the login from the token, and the person as their account names them (QA: the login shown)
    assert (read["inspector"], read["inspector_name"]) == ("admin@test", "Lê Thị Thanh Tra")
    page = (await client.get("/findings", params={"limit": 1})).json()
    assert len(page["items"]) == 1 and page["items"][0]["seq"] == 1 and page["next"] and page["total"] >= 2
    assert page["items"][0]["inspector_name"] == "Lê Thị Thanh Tra"
    second = (await client.get(page["next"])).json()
    assert second["items"][0]["seq"] == 2

    # QA (2026-12-05): Yến, on leadership duty for the whole of the post office (a shift with no
    # site), found at one of its sites was recorded for good as "not on the roster". She is on the
    # roster of every one of its sites: found, a match; not found, not "missing" from the site (not required
    # there) but "not seen" (QZ10 #9: the finding said all was in order while the rostered leader was not found).
    visit = {
        **finding,
        "site_id": str(p.moc_hoa),
        "duty_type": "leadership",
        "observed_at": "2027-02-05T12:00:00+07:00",
    }
    found = (
        await client.post("/findings", json={**visit, "finding_id": None, "people_found": [{"name": "Le Hoang Yen"}]})
    ).json()
    assert found["enterprise_duty_counted"] is True and found["discrepancies"] == []
    assert [(e["full_name"], e["whole_enterprise"]) for e in found["present"]] == [("Lê Hoàng Yến", True)]
    away = (await client.post("/findings", json={**visit, "finding_id": None, "people_found": []})).json()
    assert [(e["full_name"], e["whole_enterprise"]) for e in away["expected"]] == [("Lê Hoàng Yến", True)]
    assert away["enterprise_duty_unseen_listed"] is True and found["enterprise_duty_unseen_listed"] is True
    [unseen] = away["discrepancies"]
    assert (unseen["kind"], unseen["full_name"], unseen["staff_id"]) == (
        "not_seen",
        "Lê Hoàng Yến",
        away["expected"][0]["staff_id"],
    )
    assert unseen["shift"]["duty_type"] == "leadership" and unseen["shift"]["site_id"] is None
    assert "chung toàn doanh nghiệp nhưng không thấy có mặt tại điểm này" in unseen["detail_vi"]
    assert "for the whole enterprise but was not seen at this site" in unseen["detail"]
    listed = (await client.get("/findings", params={"site_id": str(p.moc_hoa), "with_discrepancies": "true"})).json()
    assert away["finding_id"] in [f["finding_id"] for f in listed["items"]]  # not listed among those "matching"
    # Another enterprise's site: her duty is not its roster.
    other = (await client.post("/findings", json={**visit, "finding_id": None, "site_id": str(p.tan_an)})).json()
    assert other["expected"] == [] and [d["kind"] for d in other["discrepancies"]] == ["unexpected"]


async def test_errors_are_problem_documents_that_say_what_to_do(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    for path, params, status, slug in [
        (f"/campaigns/{uuid.uuid4()}/board", {}, 404, "campaign-not-found"),
        (f"/campaigns/{p.campaign}/board", {"as_of": "2020-01-01T00:00:00+07:00"}, 404, "campaign-not-found"),
        ("/gaps", {"status": "maybe"}, 422, "validation"),
        ("/gaps", {"limit": 0}, 422, "validation"),
        (f"/gaps/{uuid.uuid4()}", {}, 404, "gap-not-found"),
        ("/on-duty", {"at": "2027-02-06T00:30:00"}, 422, "validation"),
        (
            f"/campaigns/{p.campaign}/coverage",
            {"from": "2027-02-06T00:00:00+07:00", "to": "2027-02-05T00:00:00+07:00"},
            422,
            "empty-window",
        ),
        (f"/findings/{uuid.uuid4()}", {}, 404, "finding-not-found"),
        # A window ending before it starts is refused, not answered with an empty list or export.
        ("/gaps", {"from": "2027-02-10T00:00:00+07:00", "to": "2027-02-01T00:00:00+07:00"}, 422, "empty-window"),
        ("/gaps.csv", {"from": "2027-02-10T00:00:00+07:00", "to": "2027-02-01T00:00:00+07:00"}, 422, "empty-window"),
        # QA (2026-12-04): these lists answered a window given back to front with an empty 200 — "no incidents".
        *(
            (
                path,
                {f"{key}_from": "2027-03-01T00:00:00+07:00", f"{key}_to": "2026-11-01T00:00:00+07:00"},
                422,
                "empty-window",
            )
            for path, key in (
                ("/incidents", "detected"),
                ("/incidents.csv", "detected"),
                ("/findings", "observed"),
                ("/accounts/history", "received"),
                (f"/enterprises/{p.vnpt}/history", "received"),
            )
        ),
        # QA (2026-12-04): an instant past datetime's range once in UTC was a 500.
        ("/on-duty", {"at": "9999-12-31T23:59:59-12:00"}, 422, "validation"),
        ("/on-duty", {"at": "0001-01-01T00:00:00+14:00"}, 422, "validation"),
        ("/campaigns", {"as_of": "9999-12-31T23:59:59-12:00"}, 422, "validation"),
        ("/incidents", {"detected_from": "9999-12-31T23:59:59-12:00"}, 422, "validation"),
    ]:
        response = await client.get(path, params=params)
        assert response.status_code == status, (path, params, response.text)
        problem = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert problem["type"].endswith("/" + slug) and problem["detail"]
        if slug == "empty-window" and "detected_from" in str(params):
            assert "“Phát hiện đến”" in problem["detail_vi"] and "“Phát hiện từ”" in problem["detail_vi"]
            assert "theo đúng thứ tự" in problem["detail_vi"] and "“detected until”" in problem["detail"]
        if "9999" in str(params):
            assert "năm phải từ 1901 đến 2199" in problem["detail_vi"]


async def test_the_consumer_appends_while_the_rebuild_replays_the_log_and_the_rebuild_takes_those_too(
    audit, monkeypatch
) -> None:
    client, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events[:-1])
    passes: list[int] = []
    replay_log = replay.replay_log

    async def append_after_the_first_pass(log, **options):
        replayed = await replay_log(log, **options)
        if not passes:
            # The chain is not held yet: the consumer's append goes through (held, it would wait).
            await asyncio.wait_for(feed(events[-1]), timeout=10)
        passes.append(replayed[1])
        return replayed

    monkeypatch.setattr(replay, "replay_log", append_after_the_first_pass)
    report = await rebuild(app.state.ctx.sessions, snapshot_every=0)
    assert passes == [len(events) - 1, 1]  # the second pass, chain held, replays the record appended meanwhile
    assert report.written and report.events == len(events) and report.seq == len(events)
    live = (await client.get("/projections/digest")).json()
    assert live["seq"] == len(events)
    assert {name: {"rows": rows, "sha256": sha} for name, (rows, sha) in report.digest.items()} == live["tables"]
    assert (await rebuild(app.state.ctx.sessions, snapshot_every=0, check_only=True)).differences == []


async def test_a_check_and_the_digest_read_one_moment_and_the_consumer_goes_on_meanwhile(audit, monkeypatch) -> None:
    client, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events[:-2])
    sessions = app.state.ctx.sessions
    export_state = SqlStore.export_state
    later = list(events[-2:])

    async def append_then_export(store):
        # Neither holds the chain: the consumer's append goes through at once (held, it would wait).
        await asyncio.wait_for(feed(later.pop(0)), timeout=10)
        return await export_state(store)

    monkeypatch.setattr(SqlStore, "export_state", append_then_export)
    check = await rebuild(sessions, snapshot_every=0, check_only=True)
    # The log it replayed and the projections it compared are those of one moment, before the append:
    # read as they stood when they were read, the projections would be one record ahead.
    assert later == [events[-1]] and check.seq == len(events) - 2 and check.differences == []

    monkeypatch.setattr(SqlStore, "export_state", export_state)
    before = await replay.projection_digest(sessions)
    monkeypatch.setattr(SqlStore, "export_state", append_then_export)
    assert await replay.projection_digest(sessions) == before  # as of its moment, the append not in it
    assert later == [] and before[0] == len(events) - 1
    monkeypatch.setattr(SqlStore, "export_state", export_state)
    live = (await client.get("/projections/digest")).json()
    assert live["seq"] == len(events) and live["tables"] != {
        n: {"rows": r, "sha256": h} for n, (r, h) in before[1].items()
    }


async def test_rebuild_from_the_log_gives_back_exactly_the_live_projections(audit) -> None:
    client, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events)
    sessions = app.state.ctx.sessions
    check = await rebuild(sessions, snapshot_every=10, check_only=True)
    assert check.differences == [] and not check.written
    digest_before = (await client.get("/projections/digest")).json()
    gaps_before = await all_gaps(client)
    told: list[tuple[int, int]] = []
    report = await rebuild(sessions, snapshot_every=10, progress=lambda done, total: told.append((done, total)))
    assert report.written and report.events == len(events) and report.snapshots == len(events) // 10
    assert told == [(n, len(events)) for n in range(1, len(events) + 1)]  # after every record replayed
    assert {name: {"rows": rows, "sha256": sha} for name, (rows, sha) in report.digest.items()} == digest_before[
        "tables"
    ]
    assert (await client.get("/projections/digest")).json() == digest_before
    assert await all_gaps(client) == gaps_before
    # The log itself is untouched and still verifies.
    assert (await client.get("/log/verify")).json() == {
        "ok": True,
        "records_checked": len(events),
        "first_broken_seq": None,
        "reason": None,
        "open_sequence_gaps": 0,
        "sequence_gaps": [],
        "tree_size": len(events),
        "tree_ok": True,
    }


async def _row_versions(app, table: str) -> dict[str, str]:
    """Each row's transaction id (`xmin`) by its text (a snapshot's without the time it was stored): the
    id changes when the row is written, even as it was."""
    row = "(t.seq, t.format, t.state)" if table == "projection_snapshots" else "t"
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(text(f"SELECT {row}::text AS row, xmin::text AS written FROM {table} AS t"))
        return {r.row: r.written for r in rows}


async def test_a_rebuild_writes_only_the_rows_and_snapshots_that_differ_from_the_log(audit) -> None:
    client, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events)
    sessions = app.state.ctx.sessions
    first = await rebuild(sessions, snapshot_every=10)
    assert first.corrected == {}  # the consumer's projections are the log's
    tables = ["shifts", "coverage_keys", "coverage_gaps", "enterprises", "aggregate_versions", "projection_snapshots"]
    written = {t: await _row_versions(app, t) for t in tables}
    digest = (await client.get("/projections/digest")).json()

    again = await rebuild(sessions, snapshot_every=10)
    assert again.corrected == {} and again.snapshots_written == 0 and again.snapshots == len(events) // 10
    taken = len(events) // 10
    assert report_lines(again)[0].endswith(f"{taken} snapshot(s) taken, 0 written, {taken} stored as taken already")
    assert "audit: the tables already matched the log: no row written" in report_lines(again)
    assert {t: await _row_versions(app, t) for t in tables} == written  # not one row written again

    async with app.state.runtime.engine.begin() as conn:
        shift = await conn.scalar(text("SELECT shift_id FROM shifts WHERE status <> 'cancelled' LIMIT 1"))
        await conn.execute(text("UPDATE shifts SET status = 'cancelled' WHERE shift_id = :s"), {"s": shift})
        key = await conn.scalar(text("SELECT key_id FROM coverage_keys WHERE segments <> '[]' LIMIT 1"))
        await conn.execute(text("UPDATE coverage_keys SET segments = '[]' WHERE key_id = :k"), {"k": key})
        gap = await conn.scalar(text("SELECT gap_id FROM coverage_gaps ORDER BY gap_id LIMIT 1"))
        await conn.execute(text("DELETE FROM coverage_gaps WHERE gap_id = :g"), {"g": gap})
        await conn.execute(text("CREATE TEMP TABLE extra AS SELECT * FROM enterprises LIMIT 1"))
        await conn.execute(text("UPDATE extra SET enterprise_id = gen_random_uuid()"))
        await conn.execute(text("INSERT INTO enterprises SELECT * FROM extra"))
        await conn.execute(text("UPDATE projection_snapshots SET state = 'not a snapshot' WHERE seq = 10"))
        await conn.execute(text("DELETE FROM projection_snapshots WHERE seq = 20"))
    damaged = {t: await _row_versions(app, t) for t in tables}
    assert (await client.get("/projections/digest")).json() != digest

    report = await rebuild(sessions, snapshot_every=10)
    assert report.corrected == {
        "enterprises": Corrected(removed=1),
        "shifts": Corrected(changed=1),
        "coverage_keys": Corrected(changed=1),
        "coverage_gaps": Corrected(added=1),
    }
    assert report.snapshots_written == 2
    lines = report_lines(report)
    assert taken == 2 and lines[0].endswith("; 2 snapshot(s) taken, 2 written")  # both damaged
    assert "audit: rows written where the tables differed from the log:" in lines
    assert "  shifts             1 changed" in lines and "  enterprises        1 removed" in lines
    assert (await client.get("/projections/digest")).json() == digest
    assert (await rebuild(sessions, snapshot_every=10, check_only=True)).differences == []
    # The rows that were right are the very rows the damage left: none was written again.
    after = {t: await _row_versions(app, t) for t in tables}
    for table in tables:
        untouched = damaged[table].keys() & written[table].keys()
        assert {r: after[table][r] for r in untouched} == {r: written[table][r] for r in untouched}, table
        assert after[table].keys() == written[table].keys(), table
    assert len(damaged["shifts"].keys() - written["shifts"].keys()) == 1  # the changed row, written back


async def test_a_snapshot_the_snapshotter_stores_while_the_rebuild_writes_is_replaced_not_an_error(
    audit, monkeypatch
) -> None:
    _, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events)
    execute = AsyncSession.execute
    meanwhile: list[int] = []

    async def snapshotter_first(session, statement, *args, **kwargs):
        # Just before the rebuild writes its snapshots, the snapshotter (which does not wait for the
        # chain) commits one at a seq the rebuild had not found stored.
        if not meanwhile and getattr(statement, "table", None) is projection_snapshots and statement.is_insert:
            async with app.state.runtime.engine.begin() as conn:
                await conn.execute(
                    text(
                        "INSERT INTO projection_snapshots (seq, received_at, format, state) VALUES (10, now(), 0, 'x')"
                    )
                )
            meanwhile.append(10)
        return await execute(session, statement, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "execute", snapshotter_first)
    report = await rebuild(app.state.ctx.sessions, snapshot_every=10)
    assert meanwhile == [10] and report.snapshots_written == len(events) // 10
    async with app.state.runtime.engine.connect() as conn:
        stored = (await conn.execute(text("SELECT format, state FROM projection_snapshots WHERE seq = 10"))).one()
    assert stored.format == SNAPSHOT_FORMAT and bytes(stored.state) != b"x"  # the rebuild's, not the stale one


async def test_snapshots_on_demand_and_as_of_answers_unchanged_by_them(audit) -> None:
    client, feed, app = audit
    p, events = province_events(Roster())
    await feed(*events[:12])
    tip = (await client.get("/log", params={"limit": 500})).json()["items"][-1]
    before = (await client.get(f"/campaigns/{p.campaign}/coverage", params={"as_of": tip["received_at"]})).json()
    created = await client.post("/snapshots")
    assert created.status_code == 201 and created.json()["seq"] == 12
    app.state.ctx.states.clear()  # answer from the snapshot, not from memory
    after = (await client.get(f"/campaigns/{p.campaign}/coverage", params={"as_of": tip["received_at"]})).json()
    assert after == before
    assert [s["seq"] for s in (await client.get("/snapshots")).json()["items"]] == [12]


async def test_on_duty_now_is_at_the_clock_and_as_of_now_is_everything_received(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    at_clock = (await client.get("/on-duty", params={"at": "2027-02-05T20:00:00+07:00"})).json()
    now = await client.get("/on-duty", params={"at": "now"})
    assert now.status_code == 200, now.text
    assert now.json()["shifts"] == at_clock["shifts"] and now.json()["shifts"]
    assert now.json()["at"] == at_clock["at"]
    both = (await client.get("/on-duty", params={"at": "now", "as_of": "now"})).json()
    assert both["shifts"] == at_clock["shifts"] and both["as_of"] == at_clock["as_of"]
    board = await client.get(f"/campaigns/{p.campaign}/board", params={"as_of": "now"})
    assert board.status_code == 200, board.text
    for bad in ("yesterday", "NOW()", ""):
        response = await client.get("/on-duty", params={"at": bad})
        assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("query.at"), bad


async def test_on_duty_says_when_each_person_checked_in_and_the_shift_when_the_first_did(audit, clock) -> None:
    """L6: the on-duty page marked "Đã điểm danh" but could not say when: audit's answer carries each person's
    check-in instant and the shift's first, as known at the record time asked (none before the check-ins)."""
    client, feed, _ = audit
    roster = Roster()
    _, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    (lanh, e1), (cuong, e2) = roster.staff(vnpt, "Trần Văn Lãnh"), roster.staff(vnpt, "Phạm Văn Cường")
    shift, planned = roster.shift(vnpt, vn(2, 6, 8), vn(2, 6, 16), lanh, cuong)
    await feed(opened, registered, e1, e2, planned)
    before = (await client.get("/log", params={"limit": 500})).json()["items"][-1]["received_at"]
    clock.now = vn(2, 5, 20, 1)  # the check-ins received a minute later
    await feed(roster.check_in(shift, cuong, vn(2, 6, 8, 10)), roster.check_in(shift, lanh, vn(2, 6, 7, 58)))
    at = "2027-02-06T09:00:00+07:00"
    [on] = (await client.get("/on-duty", params={"at": at})).json()["shifts"]
    assert on["status"] == "checked_in" and on["checked_in_at"] == "2027-02-06T07:58:00+07:00"
    assert {p["full_name"]: p["checked_in_at"] for p in on["people"]} == {
        "Trần Văn Lãnh": "2027-02-06T07:58:00+07:00",
        "Phạm Văn Cường": "2027-02-06T08:10:00+07:00",
    }
    [earlier] = (await client.get("/on-duty", params={"at": at, "as_of": before})).json()["shifts"]
    assert earlier["checked_in_at"] is None and {p["checked_in_at"] for p in earlier["people"]} == {None}


async def test_a_finding_names_one_of_the_known_duty_types(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    finding = {
        "site_id": str(p.tan_an),
        "observed_at": "2027-02-05T19:00:00+07:00",
        "duty_type": "operations",
        "people_found": [],
    }
    for duty_type in ("leadership", "operations", "incident_response", "patrol"):
        assert (await client.post("/findings", json={**finding, "duty_type": duty_type})).status_code == 201
    for duty_type in ("anything", "Trực điều hành", "OPERATIONS", ""):
        response = await client.post("/findings", json={**finding, "duty_type": duty_type})
        assert response.status_code == 422, (duty_type, response.text)
        assert response.json()["errors"][0]["field"] == "body.duty_type"
    # The list's filter takes the same vocabulary: a duty type it does not know is a 422, not an empty list.
    assert len((await client.get("/findings", params={"duty_type": "patrol"})).json()["items"]) == 1
    listed = (await client.get("/findings", params={"duty_type": "operations"})).json()["items"]
    assert len(listed) == 1 and listed[0]["duty_type"] == "operations"
    for duty_type in ("anything", "Trực điều hành", "OPERATIONS"):
        response = await client.get("/findings", params={"duty_type": duty_type})
        assert response.status_code == 422, (duty_type, response.text)
        problem = response.json()
        assert problem["errors"][0]["field"] == "query.duty_type" and problem["detail"] and problem["detail_vi"]


async def test_the_board_filters_by_district_however_typed_and_by_site(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    board = f"/campaigns/{p.campaign}/board"
    everything = (await client.get(board)).json()["rows"]
    in_moc_hoa = [r for r in everything if r["district"] == "Mộc Hóa"]
    assert {r["site_id"] for r in in_moc_hoa} == {str(p.binh_hiep), str(p.moc_hoa)}
    assert len(everything) > len(in_moc_hoa)
    for typed in ("Mộc Hóa", "moc hoa", "MỘC HÓA", "  Moc   Hoa ", NFD_MOC_HOA):
        found = (await client.get(board, params={"district": typed})).json()["rows"]
        assert found == in_moc_hoa, typed
    assert (await client.get(board, params={"district": "Tân Hưng"})).json()["rows"] == []  # no site there
    one = (await client.get(board, params={"site_id": str(p.tan_an)})).json()["rows"]
    assert one == [r for r in everything if r["site_id"] == str(p.tan_an)] and one
    both = (await client.get(board, params={"site_id": str(p.binh_hiep), "district": "moc hoa"})).json()["rows"]
    assert both == [r for r in in_moc_hoa if r["site_id"] == str(p.binh_hiep)]
    assert (await client.get(board, params={"site_id": str(p.tan_an), "district": "moc hoa"})).json()["rows"] == []


async def test_on_duty_filters_by_sector_and_by_district_however_typed(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    noon, night = "2027-02-05T12:00:00+07:00", "2027-02-05T23:30:00+07:00"

    def names(body: dict) -> list[tuple[str, str]]:
        return sorted((s["enterprise_name"], p["full_name"]) for s in body["shifts"] for p in s["people"])

    at_noon = (await client.get("/on-duty", params={"at": noon})).json()
    assert {s["enterprise_id"] for s in at_noon["shifts"]} == {str(p.vnpt), str(p.post)}
    postal = (await client.get("/on-duty", params={"at": noon, "sector": "postal"})).json()
    assert names(postal) == [("Bưu điện tỉnh Long An", "Lê Hoàng Yến")]
    telecom = (await client.get("/on-duty", params={"at": noon, "sector": "telecom"})).json()
    assert {s["enterprise_id"] for s in telecom["shifts"]} == {str(p.vnpt)} and telecom["shifts"]
    assert (await client.get("/on-duty", params={"at": noon, "sector": "television"})).json()["shifts"] == []
    assert (await client.get("/on-duty", params={"at": noon, "sector": "banking"})).status_code == 422

    # At night, in Mộc Hóa however typed: the shift at Bình Hiệp, and both sites of the district — the
    # post office's with nobody.
    for typed in ("Mộc Hóa", "moc hoa", "MOC HOA"):
        body = (await client.get("/on-duty", params={"at": night, "district": typed})).json()
        assert {s["site_id"] for s in body["shifts"]} == {str(p.binh_hiep)}, typed
        assert {(s["site_id"], s["covered"]) for s in body["sites"]} == {
            (str(p.binh_hiep), True),
            (str(p.moc_hoa), False),
        }, typed
        # QZ14 #5: the post office's night patrol at Mộc Hóa is required then and nobody holds it: said, with how
        # many it needs; each person at a site says where their shift itself is (here, that site).
        assert [(u["site_id"], u["duty_type"], u["required"]) for u in body["unstaffed"]] == [
            (str(p.moc_hoa), "patrol", 1)
        ], typed
        assert {q["shift_site_id"] for s in body["sites"] for q in s["people"]} == {str(p.binh_hiep)}, typed
    nowhere = (await client.get("/on-duty", params={"at": night, "district": "duc hue"})).json()
    assert (nowhere["shifts"], nowhere["sites"]) == ([], [])


async def test_a_finding_typed_in_decomposed_unicode_is_stored_and_returned_in_nfc(audit) -> None:
    client, feed, _ = audit
    p, events = province_events(Roster())
    await feed(*events)
    name, notes = "Nguyễn Thị Ánh Tuyết", "Trực đủ; sổ ghi chép đầy đủ, đúng giờ."
    nfd_name, nfd_notes = unicodedata.normalize("NFD", name), unicodedata.normalize("NFD", notes)
    assert nfd_name != name and nfd_notes != notes
    posted = await client.post(
        "/findings",
        json={
            "site_id": str(p.tan_an),
            "observed_at": "2027-02-05T19:00:00+07:00",
            "duty_type": "operations",
            "people_found": [{"name": nfd_name}],
            "notes": nfd_notes,
        },
    )
    assert posted.status_code == 201, posted.text
    # Matched against the roster's (NFC) name like any other spelling: nobody missing, nobody extra.
    assert posted.json()["discrepancies"] == []
    stored = (await client.get(f"/findings/{posted.json()['finding_id']}")).json()
    assert stored["people_found"][0]["name"] == name and stored["notes"] == notes
    listed = (await client.get("/findings")).json()["items"]
    assert [(f["people_found"][0]["name"], f["notes"]) for f in listed] == [(name, notes)]
