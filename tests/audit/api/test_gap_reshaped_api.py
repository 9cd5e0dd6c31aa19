"""A gap reshaped in place names the change, through the consumer's code on PostgreSQL and audit's API: a
cancel that widens it is among its causes (``widened_by_event_ids``), a shift that narrows it is named in
``narrowed_by_event_ids`` and not among its causes. The rebuild derives both from the log; gaps stored
before migration 0020 (both empty, the cancel no cause) are put right by it."""

from __future__ import annotations

import csv
import io
import json

from audit_testkit import Roster, vn
from sqlalchemy import text

from audit.db.differences import Corrected
from audit.rebuild import run
from lichtruc.words import name


async def _gap(client, gap_id: str) -> dict:
    answer = await client.get(f"/gaps/{gap_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_gap_widened_then_narrowed_in_place_names_both_changes(audit, settings) -> None:
    client, feed, app = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    vnpt, registered = roster.enterprise("VNPT Long An")
    host, site = roster.site(vnpt, "Tổng đài Host Tân An", district="Tân An")
    people = [
        roster.staff(vnpt, name) for name in ("Trương Công Danh", "Lê Văn Bình", "Phạm Văn Cường", "Võ Thị Giang")
    ]
    (danh, _), (binh, _), (cuong, _), (giang, _) = people
    _, required = roster.requirement(campaign, vnpt, site_id=host, window=(vn(2, 6, 6, 30), vn(2, 6, 12)))
    _, early = roster.shift(vnpt, vn(2, 6, 6, 30), vn(2, 6, 8), danh, site_id=host)
    binh_shift, middle = roster.shift(vnpt, vn(2, 6, 9), vn(2, 6, 10), binh, site_id=host)
    _, late = roster.shift(vnpt, vn(2, 6, 10), vn(2, 6, 12), cuong, site_id=host)
    # The shifts before the requirement: the requirement opens one gap, 08:00–09:00, between them.
    await feed(opened, registered, site, *(joined for _, joined in people), early, middle, late, required)
    [gap] = (await client.get("/gaps", params={"in_force": "all"})).json()["items"]
    assert str(required.id) in gap["cause_event_ids"] and gap["opened_as"] == "opened"
    assert (gap["starts_at"], gap["ends_at"]) == ("2027-02-06T08:00:00+07:00", "2027-02-06T09:00:00+07:00")
    assert (gap["widened_by_event_ids"], gap["narrowed_by_event_ids"]) == ([], [])

    # Bình's shift cancelled: the same gap (same start, same id) now runs to 10:00, and the cancel is a cause.
    cancelled = roster.cancel(binh_shift)
    await feed(cancelled)
    wider = await _gap(client, gap["gap_id"])
    assert (wider["ends_at"], wider["version"], wider["status"]) == ("2027-02-06T10:00:00+07:00", 2, "open")
    assert str(cancelled.id) in wider["cause_event_ids"] and str(required.id) in wider["cause_event_ids"]
    assert str(middle.id) not in wider["cause_event_ids"]  # Bình's plan no longer bounds the gap
    assert (wider["widened_by_event_ids"], wider["narrowed_by_event_ids"]) == ([str(cancelled.id)], [])
    assert wider["opened_as"] == "opened"

    # Giang on 09:30–10:00: the gap ends at 09:30 — narrowed by that shift, which is no cause of it.
    _, half = roster.shift(vnpt, vn(2, 6, 9, 30), vn(2, 6, 10), giang, site_id=host)
    await feed(half)
    narrower = await _gap(client, gap["gap_id"])
    assert (narrower["ends_at"], narrower["version"]) == ("2027-02-06T09:30:00+07:00", 3)
    assert narrower["cause_event_ids"] == wider["cause_event_ids"]
    assert narrower["narrowed_by_event_ids"] == [str(half.id)]
    assert narrower["widened_by_event_ids"] == [str(cancelled.id)]
    csv_text = (await client.get("/gaps.csv", params={"in_force": "all"})).text
    assert "hủy ca" in csv_text  # the cancel, in the causes column of the one gap

    # The log gives these: a rebuild finds nothing to change. Stored as before migration 0020 (nothing
    # named, the cancel no cause), the check says so and a rebuild derives them again.
    assert (await run(settings, check_only=True)).differences == []
    old_rule = json.dumps(sorted(set(narrower["cause_event_ids"]) - {str(cancelled.id)}))
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE coverage_gaps SET cause_event_ids = CAST(:c AS jsonb), widened_by_event_ids = '[]',"
                " narrowed_by_event_ids = '[]' WHERE gap_id = :g"
            ),
            {"c": old_rule, "g": gap["gap_id"]},
        )
    assert (await _gap(client, gap["gap_id"]))["narrowed_by_event_ids"] == []
    assert (await run(settings, check_only=True)).differences != []
    rebuilt = await run(settings, check_only=False)
    assert rebuilt.corrected["coverage_gaps"] == Corrected(changed=1)
    assert await _gap(client, gap["gap_id"]) == narrower


async def test_a_gap_closed_by_its_requirement_lowered_is_not_listed_as_covered(audit, settings) -> None:
    """QZ11: a minimum lowered to 0 (the Department's correction for the whole campaign) closes the gap with nobody
    added: it stays listed, as closed because the requirement changed (``closed_as``, the status filter
    ``requirement_changed``, the CSV's status), never among the covered (``status=closed``); a rebuild agrees."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    bd, registered = roster.enterprise("Bưu điện tỉnh Long An")
    rid, required = roster.requirement(campaign, bd, window=(vn(2, 6, 8), vn(2, 6, 12)))
    await feed(opened, registered, required)
    gaps = (await client.get("/gaps", params={"in_force": "all"})).json()["items"]
    [gap] = gaps
    assert gap["status"] == "open" and gap["closed_as"] is None
    _, lowered = roster.requirement(campaign, bd, window=(vn(2, 6, 8), vn(2, 6, 12)), minimum=0, requirement_id=rid)
    await feed(lowered)
    closed = await _gap(client, gap["gap_id"])
    assert (closed["status"], closed["closed_as"], closed["closed_by_event_ids"]) == (
        "closed",
        "requirement_changed",
        [str(lowered.id)],
    )

    async def listed(status: str) -> list[str]:
        found = await client.get("/gaps", params={"in_force": "all", "status": status})
        assert found.status_code == 200, found.text
        return [g["gap_id"] for g in found.json()["items"]]

    assert (await listed("requirement_changed"), await listed("closed")) == ([gap["gap_id"]], [])
    csv_vi = (await client.get("/gaps.csv", params={"in_force": "all", "lang": "vi"})).text
    csv_en = (await client.get("/gaps.csv", params={"in_force": "all", "lang": "en"})).text
    assert "đóng vì định mức thay đổi" in csv_vi and "đã được bổ sung" not in csv_vi.lower()
    assert "closed because the requirement changed" in csv_en
    # QZ12 #10: who and what closed it, as the gap's page says: the requirement's change, then nobody added.
    for said, header, words in (
        (csv_vi, "đóng bởi", ("đặt yêu cầu trực ", "; không có ai được bổ sung")),
        (csv_en, "closed by", ("requirement set ", "; nobody was added")),
    ):
        [head, row] = list(csv.reader(io.StringIO(said.removeprefix("\ufeff"))))
        assert row[head.index(header)].startswith(words[0]) and row[head.index(header)].endswith(words[1]), row
    assert (await run(settings, check_only=True)).differences == []


async def test_the_coverage_export_says_what_closed_each_days_gaps_as_the_gaps_csv_does(audit) -> None:
    """L1/M3: a gap closed by its requirement lowered leaves the heatmap; the coverage file's day says what closed it
    in the gaps CSV's "closed by" words (the change, then nobody added), and a gap closed by a shift names the shift."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    bd, registered = roster.enterprise("Bưu điện tỉnh Long An")
    (danh, joined) = roster.staff(bd, "Trương Công Danh")
    window = (vn(2, 6, 8), vn(2, 6, 12))
    rid, required = roster.requirement(campaign, bd, window=window)
    _, patrol = roster.requirement(campaign, bd, duty_type="incident_response", window=window)
    await feed(opened, registered, joined, required, patrol)
    _, lowered = roster.requirement(campaign, bd, window=window, minimum=0, requirement_id=rid)
    _, covered = roster.shift(bd, *window, danh, duty_type="incident_response")
    await feed(lowered, covered)
    gaps = (await client.get("/gaps", params={"in_force": "all"})).json()["items"]
    assert sorted(g["closed_as"] for g in gaps) == ["filled", "requirement_changed"], gaps

    for lang, header, duty, by_requirement, by_shift in (
        ("vi", "đóng bởi (khoảng trống đã đóng trong ngày)", "loại trực", "đặt yêu cầu trực ", "lập ca "),
        ("en", "closed by (gaps closed that day)", "duty type", "requirement set ", "shift planned "),
    ):
        got = await client.get(f"/campaigns/{campaign}/coverage.csv", params={"in_force": "all", "lang": lang})
        assert got.status_code == 200, got.text
        [head, *rows] = list(csv.reader(io.StringIO(got.text.removeprefix("\ufeff"))))
        said = {(r[head.index(duty)], r[0]): r[head.index(header)] for r in rows}
        nobody = "; không có ai được bổ sung" if lang == "vi" else "; nobody was added"
        operations = said[(name("duty_type", "operations", lang), "2027-02-06")]
        incidents = said[(name("duty_type", "incident_response", lang), "2027-02-06")]
        assert operations.startswith(by_requirement) and operations.endswith(nobody), operations
        assert incidents.startswith(by_shift) and nobody not in incidents, incidents
        assert said[(name("duty_type", "operations", lang), "2027-02-07")] == ""  # the gap touched only the 6th


async def test_a_gap_still_open_after_its_end_is_exported_as_ended_uncovered(audit, clock) -> None:
    """QZ23 #3: after Tết every gap of the season read "còn thiếu người" in the export. One still open whose end
    has passed (audit's clock) is over and never filled; before its end it is still short; the status filter and
    the API's `status` stay "open"."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    bd, registered = roster.enterprise("Bưu điện tỉnh Long An")
    _, required = roster.requirement(campaign, bd, window=(vn(2, 10, 8), vn(2, 10, 12)))
    await feed(opened, registered, required)

    def status_column(said: str, header: str) -> list[str]:
        [head, *rows] = list(csv.reader(io.StringIO(said.removeprefix("\ufeff"))))
        return [row[head.index(header)] for row in rows]

    params = {"in_force": "all", "status": "open"}
    before = (await client.get("/gaps.csv", params={**params, "lang": "vi"})).text
    assert status_column(before, "trạng thái") == ["còn thiếu người"]
    clock.now = vn(2, 16, 9)  # after Tết: the gap of 10/02 ended with nobody added
    after_vi = (await client.get("/gaps.csv", params={**params, "lang": "vi"})).text
    after_en = (await client.get("/gaps.csv", params={**params, "lang": "en"})).text
    assert status_column(after_vi, "trạng thái") == ["đã qua, không được bổ sung người"]
    assert status_column(after_en, "status") == ["ended uncovered"]
    assert [g["status"] for g in (await client.get("/gaps", params=params)).json()["items"]] == ["open"]


async def test_a_gap_filled_in_part_whose_rest_ended_uncovered_is_exported_so(audit, clock) -> None:
    """K2: a gap filled in part (08:00–10:00 of 08:00–12:00 covered: audit closed it and opened the rest) still read
    "đã bổ sung một phần" after the season, as if the rest might yet be filled. Once the rest, still open, has ended
    (audit's clock), the export says that part ended uncovered — the portal's words; the rest itself ended
    uncovered. `opened_as` lists the rests of gaps filled in part (the portal counts them after the season)."""
    client, feed, _ = audit
    roster = Roster()
    campaign, opened = roster.campaign()
    bd, registered = roster.enterprise("Bưu điện tỉnh Long An")
    (danh, joined) = roster.staff(bd, "Trương Công Danh")
    _, required = roster.requirement(campaign, bd, window=(vn(2, 10, 8), vn(2, 10, 12)))
    await feed(opened, registered, joined, required)
    _, early = roster.shift(bd, vn(2, 10, 8), vn(2, 10, 10), danh)
    await feed(early)
    gaps = (await client.get("/gaps", params={"in_force": "all"})).json()["items"]
    [old] = [g for g in gaps if g["status"] == "closed"]
    [rest] = [g for g in gaps if g["status"] == "open"]
    assert (old["closed_as"], rest["opened_as"]) == ("narrowed", "narrowed")

    async def status_of(lang: str) -> dict[str, str]:
        said = (await client.get("/gaps.csv", params={"in_force": "all", "lang": lang})).text
        [head, *rows] = list(csv.reader(io.StringIO(said.removeprefix("\ufeff"))))
        column = head.index("trạng thái" if lang == "vi" else "status")
        return {row[0]: row[column] for row in rows}

    assert await status_of("vi") == {old["gap_id"]: "đã bổ sung một phần", rest["gap_id"]: "còn thiếu người"}
    clock.now = vn(2, 16, 9)  # after Tết: the rest, 10:00–12:00 on 10/02, ended with nobody added
    assert await status_of("vi") == {
        old["gap_id"]: "đã bổ sung một phần — phần còn lại đã qua, không được bổ sung người",
        rest["gap_id"]: "đã qua, không được bổ sung người",
    }
    assert await status_of("en") == {
        old["gap_id"]: "partly filled — the rest ended uncovered",
        rest["gap_id"]: "ended uncovered",
    }

    async def listed(opened_as: str) -> tuple[list[str], int]:
        found = await client.get("/gaps", params={"in_force": "all", "opened_as": opened_as})
        assert found.status_code == 200, found.text
        return [g["gap_id"] for g in found.json()["items"]], found.json()["total"]

    assert await listed("narrowed") == ([rest["gap_id"]], 1)
    assert await listed("opened") == ([old["gap_id"]], 1)
    refused = await client.get("/gaps", params={"opened_as": "closed"})
    assert refused.status_code == 422
