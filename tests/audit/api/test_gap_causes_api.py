"""A shift published in the middle of a gap narrows it (QA round 3): through the consumer's code on
PostgreSQL, the parts still short keep the requirement as their cause, the publish that opened the
second part's record is told as narrowing ("opened_as": "narrowed"), and a gap narrowed twice names
what is really still short. Gaps stored with the old rule's causes are put right by a rebuild. The gaps files name
each cause's maker and reason."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from audit_testkit import Roster, vn
from sqlalchemy import text

from audit.db.differences import Corrected
from audit.rebuild import run
from lichtruc import vntime


async def _gaps(client) -> list[dict]:
    answer = await client.get("/gaps", params={"in_force": "all"})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_a_shift_in_the_middle_of_a_gap_narrows_it_and_is_no_cause_of_what_stays_short(audit, settings) -> None:
    client, feed, app = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    danh, joined = roster.staff(vnpt, "Trương Công Danh")
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6, 30), vn(2, 6, 12)))
    await feed(opened, registered, site, joined, required)
    [whole] = await _gaps(client)
    assert (whole["cause_event_ids"], whole["opened_as"]) == ([str(required.id)], "opened")

    shift, planned = roster.shift(vnpt, vn(2, 6, 9), vn(2, 6, 10, 30), danh, site_id=host, status="draft")
    await feed(planned)
    assert await _gaps(client) == [whole]  # a draft counts for nobody
    published = roster.publish(shift)
    await feed(published)
    morning, rest = await _gaps(client)
    assert (morning["gap_id"], morning["starts_at"], morning["ends_at"]) == (
        whole["gap_id"],
        "2027-02-06T06:30:00+07:00",
        "2027-02-06T09:00:00+07:00",
    )
    assert (rest["starts_at"], rest["ends_at"], rest["status"]) == (
        "2027-02-06T10:30:00+07:00",
        "2027-02-06T12:00:00+07:00",
        "open",
    )
    assert morning["cause_event_ids"] == rest["cause_event_ids"] == [str(required.id)]
    assert rest["opened_by_event_id"] == str(published.id) and rest["opened_as"] == "narrowed"
    assert morning["opened_as"] == "opened"
    csv_text = (await client.get("/gaps.csv", params={"in_force": "all"})).text
    assert "công bố" not in csv_text and "lập ca" not in csv_text  # no shift change among the causes

    # The log gives these causes: a rebuild finds nothing to change. Stored with the old rule's causes
    # (the plan and the publish of the shift that narrowed the gap), the check says so and a rebuild mends it.
    assert (await run(settings, check_only=True)).differences == []
    old_rule = json.dumps(sorted([str(planned.id), str(published.id), str(required.id)]))
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(
            text("UPDATE coverage_gaps SET cause_event_ids = CAST(:c AS jsonb) WHERE gap_id = :g"),
            {"c": old_rule, "g": rest["gap_id"]},
        )
    assert (await _gaps(client))[1]["opened_as"] == "opened"  # what the inspector was told before
    assert (await run(settings, check_only=True)).differences != []
    rebuilt = await run(settings, check_only=False)
    assert rebuilt.corrected["coverage_gaps"] == Corrected(changed=1)
    assert await _gaps(client) == [morning, rest]


async def test_a_gap_narrowed_twice_reads_the_same_from_every_part_of_it(audit) -> None:
    """06:30–12:00; 06:30–09:00 covered, then 09:00–10:30: the first two gaps are closed as narrowed and
    both name 10:30–12:00, still short — never "the rest was filled later"."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An")
    danh, joined = roster.staff(vnpt, "Trương Công Danh")
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6, 30), vn(2, 6, 12)))
    await feed(opened, registered, site, joined, required)
    _, early = roster.shift(vnpt, vn(2, 6, 6, 30), vn(2, 6, 9), danh, site_id=host)
    await feed(early)
    _, middle_shift = roster.shift(vnpt, vn(2, 6, 9), vn(2, 6, 10, 30), danh, site_id=host)
    await feed(middle_shift)
    whole, middle, rest = await _gaps(client)
    assert [(g["starts_at"][11:16], g["status"]) for g in (whole, middle, rest)] == [
        ("06:30", "closed"),
        ("09:00", "closed"),
        ("10:30", "open"),
    ]
    for g in (whole, middle):
        assert g["closed_as"] == "narrowed"
        assert [(s["gap_id"], s["status"]) for s in g["replaced_by"]] == [(rest["gap_id"], "open")]
        assert g["still_short"] == [{"starts_at": "2027-02-06T10:30:00+07:00", "ends_at": "2027-02-06T12:00:00+07:00"}]
    assert middle["cause_event_ids"] == rest["cause_event_ids"] == [str(required.id)]
    assert (middle["opened_as"], rest["opened_as"]) == ("narrowed", "narrowed")
    rows = (await client.get("/gaps.csv", params={"in_force": "all"})).text
    assert rows.count("đã bổ sung một phần") == 2 and rows.count("còn thiếu người") == 1


async def test_the_gaps_files_say_who_made_each_cause_and_why(audit) -> None:
    """QZ10 #4: the "nguyên nhân" column read only "hủy ca 20:59 05/02/2027"; the gap's page says who and why."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    danh, joined = roster.staff(vnpt, "Trương Công Danh")
    _, account = roster.account("manager-1", "Nguyễn Văn Hùng", "manager", vnpt)
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6), vn(2, 6, 12)))
    shift, planned = roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 12), danh, site_id=host)
    cancelled = roster.cancel(shift, reason="Lãnh đạo được điều động  đi họp")
    await feed(opened, registered, site, joined, account, required, planned, cancelled)
    [gap] = [g for g in await _gaps(client) if g["status"] == "open"]
    assert str(cancelled.id) in gap["cause_event_ids"]

    for lang, cancel_words in (("vi", "hủy ca"), ("en", "shift cancelled")):
        for kind in ("csv", "xlsx"):
            answer = await client.get(f"/gaps.{kind}", params={"in_force": "all", "lang": lang})
            assert answer.status_code == 200, answer.text
            if kind == "csv":
                cells = [c for row in csv.reader(io.StringIO(answer.text.removeprefix("\ufeff"))) for c in row]
            else:
                sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
                cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
            said = [c for c in cells if cancel_words in c]
            assert said and all(c.endswith(" — Nguyễn Văn Hùng: Lãnh đạo được điều động đi họp") for c in said), (
                lang,
                kind,
                said,
            )

    # QZ12 #10: Danh planned again closes it; the "closed by" column names that change and who made it, as the
    # causes column words one (the gap's page says who and what; the file said only the closing time).
    _, again = roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 12), danh, site_id=host)
    await feed(again)
    closed = next(g for g in await _gaps(client) if g["gap_id"] == gap["gap_id"])
    assert closed["status"] == "closed" and closed["closed_by_event_ids"] == [str(again.id)]
    for lang, header in (("vi", "đóng bởi"), ("en", "closed by")):
        rows = list(csv.reader(io.StringIO((await _file(client, "csv", lang)).text.removeprefix("\ufeff"))))
        column = rows[0].index(header)
        by = {r[0]: r[column] for r in rows[1:]}
        assert by[gap["gap_id"]].endswith(" — Nguyễn Văn Hùng"), by
        assert by[gap["gap_id"]].startswith("lập ca " if lang == "vi" else "shift planned "), by
        sheet = openpyxl.load_workbook(io.BytesIO((await _file(client, "xlsx", lang)).content)).active
        [head, *lines] = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert {r[0]: r[head.index(header)] for r in lines} == by


async def _file(client, kind: str, lang: str):
    answer = await client.get(f"/gaps.{kind}", params={"in_force": "all", "lang": lang})
    assert answer.status_code == 200, answer.text
    return answer


def _cells(answer, kind: str) -> list[list[str]]:
    if kind == "csv":
        return list(csv.reader(io.StringIO(answer.text.removeprefix("\ufeff"))))
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


async def test_a_gap_of_a_requirement_nobody_staffed_says_who_failed_to_staff_it_and_why(audit) -> None:
    """QZ13 #14: every cause read "đặt yêu cầu trực 09:00 20/01/2027 — Quản trị hệ thống" (what the administrator
    did): the cause an inspector writes in the minutes is the enterprise that rostered too few, against what was
    asked by whom and when — in the API (the gap's page shows it), the CSV and the XLSX. A gap a shift's change
    opened keeps naming that change and who made it."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    danh, joined = roster.staff(vnpt, "Trương Công Danh")
    _, admin = roster.account("quantri", "Quản trị hệ thống", "admin")
    _, manager = roster.account("manager-1", "Nguyễn Văn Hùng", "manager", vnpt)
    _, nobody = roster.requirement(
        campaign, vnpt, site_id=host, minimum=2, window=(vn(2, 6, 6), vn(2, 6, 12)), actor="quantri"
    )
    _, short = roster.requirement(
        campaign, vnpt, site_id=host, minimum=2, window=(vn(2, 7, 6), vn(2, 7, 12)), actor="quantri"
    )
    _, one = roster.shift(vnpt, vn(2, 7, 6), vn(2, 7, 12), danh, site_id=host)
    _, lead_required = roster.requirement(campaign, vnpt, duty_type="leadership", window=(vn(2, 8, 6), vn(2, 8, 12)))
    lead, lead_planned = roster.shift(vnpt, vn(2, 8, 6), vn(2, 8, 12), danh, duty_type="leadership")
    cancelled = roster.cancel(lead, reason="Đi họp")
    await feed(opened, registered, site, joined, admin, manager, nobody, short, one, lead_required, lead_planned)
    await feed(cancelled)
    gaps = {g["starts_at"][:10]: g for g in await _gaps(client) if g["status"] == "open"}
    asked_at_vi, asked_at_en = "08:07 15/01/2027", "08:07 15 Jan 2027"
    assert (gaps["2027-02-06"]["cause_vi"], gaps["2027-02-06"]["cause"]) == (
        f"Không đủ người được xếp: yêu cầu ít nhất 2 người, đã xếp 0 (yêu cầu do Quản trị hệ thống đặt lúc {asked_at_vi}); "
        "VNPT Long An chưa xếp người cho giờ này",
        f"Too few people rostered: at least 2 required, 0 rostered (requirement set by Quản trị hệ thống at {asked_at_en}); "
        "VNPT Long An has rostered nobody for these hours",
    )
    # One of two rostered: the gap's own counts, and its requirement's maker.
    assert gaps["2027-02-07"]["cause_vi"].startswith("Không đủ người được xếp: yêu cầu ít nhất 2 người, đã xếp 1 (")
    assert gaps["2027-02-07"]["cause"].endswith("; VNPT Long An has not rostered enough for these hours")
    # A cancelled shift's gap names the cancellation, who made it and why; no "too few rostered".
    cancel_vi, cancel_en = gaps["2027-02-08"]["cause_vi"], gaps["2027-02-08"]["cause"]
    assert cancel_vi.startswith("hủy ca ") and cancel_vi.endswith(" — Nguyễn Văn Hùng: Đi họp"), cancel_vi
    assert cancel_en.startswith("shift cancelled ") and "rostered" not in cancel_en, cancel_en
    # The gap's own answer (the portal's page) says the same.
    one_gap = (await client.get(f"/gaps/{gaps['2027-02-06']['gap_id']}")).json()
    assert (one_gap["cause_vi"], one_gap["cause"]) == (gaps["2027-02-06"]["cause_vi"], gaps["2027-02-06"]["cause"])
    # Nobody comes on duty at its end: its requirement's window ends there (QZ29 #1).
    assert (one_gap["ends_as"], one_gap["ends_with"]) == ("window_end", [])

    for kind in ("csv", "xlsx"):
        for lang, header, field in (("vi", "nguyên nhân", "cause_vi"), ("en", "causes", "cause")):
            [head, *rows] = _cells(await _file(client, kind, lang), kind)
            said = {r[0]: r[head.index(header)] for r in rows}
            assert all(said[g["gap_id"]] == g[field] for g in gaps.values()), (kind, lang, said)
            assert not any(c.startswith(("đặt yêu cầu trực ", "requirement set ")) for c in said.values()), said


async def test_a_shift_nobody_came_to_is_caused_by_the_no_show_not_by_who_took_over(audit, clock) -> None:
    """QZ14 #6: handed over at 09:05 because nobody came, the 06:00 shift's gap read "công bố ca …; hủy ca …" and
    named the replacement's publication a cause: the gap names the no-show, its people and hours, who took over from
    when and who recorded it; the cancellation opened it, the publication (on duty from the gap's end) is no cause."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    huy, huy_joined = roster.staff(vnpt, "Bùi Quang Huy")
    nghia, nghia_joined = roster.staff(vnpt, "Lê Hữu Nghĩa")
    _, manager = roster.account("manager-1", "Trần Văn Tâm", "manager", vnpt)
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6), vn(2, 6, 18)))
    shift, planned = roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 18), huy, site_id=host)
    await feed(opened, registered, site, huy_joined, nghia_joined, manager, required, planned)
    assert [g for g in await _gaps(client) if g["status"] == "open"] == []
    _, handover = roster.hand_over(shift, vn(2, 6, 9, 5), nghia, reason="Anh Huy không đến", absent=True)
    await feed(*handover)
    [gap] = [g for g in await _gaps(client) if g["status"] == "open"]
    cancelled = handover[-1]
    assert (gap["starts_at"], gap["ends_at"]) == ("2027-02-06T06:00:00+07:00", "2027-02-06T09:05:00+07:00")
    assert gap["cause_event_ids"] == [str(cancelled.id)], gap["cause_event_ids"]
    assert (gap["opened_by_event_id"], gap["opened_as"]) == (str(cancelled.id), "opened")
    assert gap["cause_vi"] == (
        "Người trực không đến: Bùi Quang Huy (ca 06:00–18:00) không đến; Lê Hữu Nghĩa nhận ca từ 09:05 "
        f"(Trần Văn Tâm ghi nhận lúc {vntime.local(cancelled.time):%H:%M}: Anh Huy không đến)"
    ), gap["cause_vi"]
    assert gap["cause"].startswith("No-show: Bùi Quang Huy (shift 06:00–18:00) did not come; Lê Hữu Nghĩa took over")
    one_gap = (await client.get(f"/gaps/{gap['gap_id']}")).json()
    assert (one_gap["cause_vi"], one_gap["cause"]) == (gap["cause_vi"], gap["cause"])
    # QZ29 #1: what ends it is Nghĩa taking over — its page, list and files say so, never "nobody was added".
    assert (gap["ends_as"], gap["ends_with"]) == ("taken_over", ["Lê Hữu Nghĩa"])
    assert (one_gap["ends_as"], one_gap["ends_with"]) == ("taken_over", ["Lê Hữu Nghĩa"])
    clock.now = vn(2, 6, 10)  # its end has passed
    for kind, lang, said in (
        ("csv", "vi", "đã có người nhận thay từ 09:05: Lê Hữu Nghĩa"),
        ("xlsx", "en", "taken over from 09:05: Lê Hữu Nghĩa"),
    ):
        [_, *rows] = _cells(await _file(client, kind, lang), kind)
        assert {r[0]: r[1] for r in rows}[gap["gap_id"]] == said, rows


async def test_the_rest_of_a_gap_filled_in_part_says_it_was_taken_over(audit, clock) -> None:
    """QZ29: the rest of a gap filled in part, ended by a hand-over, read "đã bổ sung một phần — phần còn lại đã qua,
    không được bổ sung người". Huy did not come, his shift was handed to Nghĩa from 09:05 (gap 06:00–09:05); then
    Khánh was rostered 06:00–07:00: the gap closes, its rest 07:00–09:05 stands for it, ended by Nghĩa taking over.
    The gap's answer says so of its rest, the list's too, and its files' status in both languages."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    people = {name: roster.staff(vnpt, name) for name in ("Bùi Quang Huy", "Lê Hữu Nghĩa", "Đặng Quốc Khánh")}
    _, manager = roster.account("manager-1", "Trần Văn Tâm", "manager", vnpt)
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6), vn(2, 6, 18)))
    shift, planned = roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 18), people["Bùi Quang Huy"][0], site_id=host)
    await feed(opened, registered, site, *(j for _, j in people.values()), manager, required, planned)
    _, handover = roster.hand_over(
        shift, vn(2, 6, 9, 5), people["Lê Hữu Nghĩa"][0], reason="Anh Huy không đến", absent=True
    )
    await feed(*handover)
    _, added = roster.shift(vnpt, vn(2, 6, 6), vn(2, 6, 7), people["Đặng Quốc Khánh"][0], site_id=host)
    await feed(added)
    [first] = [g for g in await _gaps(client) if g["starts_at"] == "2027-02-06T06:00:00+07:00"]
    assert (first["status"], first["closed_as"]) == ("closed", "narrowed"), first
    [rest] = first["replaced_by"]
    assert (rest["starts_at"], rest["ends_at"], rest["status"]) == (
        "2027-02-06T07:00:00+07:00",
        "2027-02-06T09:05:00+07:00",
        "open",
    )
    assert (rest["ends_as"], rest["ends_with"]) == ("taken_over", ["Lê Hữu Nghĩa"])
    one_gap = (await client.get(f"/gaps/{first['gap_id']}")).json()
    assert one_gap["replaced_by"] == first["replaced_by"]
    clock.now = vn(2, 6, 10)  # the rest is over too
    for kind, lang, said in (
        ("csv", "vi", "đã bổ sung một phần — phần còn lại đã có người nhận thay từ 09:05: Lê Hữu Nghĩa"),
        ("xlsx", "en", "partly filled — the rest taken over from 09:05: Lê Hữu Nghĩa"),
    ):
        [_, *rows] = _cells(await _file(client, kind, lang), kind)
        by = {r[0]: r[1] for r in rows}
        assert by[first["gap_id"]] == said, rows
        assert by[rest["gap_id"]] == said.split(" — phần còn lại ")[-1].split(" — the rest ")[-1], rows
    # The list after the season counts it among those taken over, not among those ended uncovered (QZ29).
    ended = await client.get("/gaps/ended", params={"in_force": "all"})
    assert ended.status_code == 200, ended.text
    assert ended.json() == {
        "total": 1,
        "window_end": 0,
        "next_shift": 0,
        "taken_over": 1,
        "filled": 0,
        "partly": 1,
    }
    clock.now = vn(2, 6, 8)  # before the rest's end: nothing has ended yet
    assert (await client.get("/gaps/ended", params={"in_force": "all"})).json()["total"] == 0
