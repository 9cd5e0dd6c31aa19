"""Input that attacks: names built to run as spreadsheet formulas come out of every CSV
export inert, SQL-shaped filter values find nothing and change nothing, and path
segments shaped like file paths are refused. (Audit takes no file name or path
parameter: its path parameters are UUIDs and log sequence numbers.)"""

from __future__ import annotations

import csv
import io
import uuid

from audit_testkit import Roster, vn

from support import auth, principal

# What OWASP lists as the start of a formula, with a payload each; the first names keep
# their Vietnamese diacritics, which must survive neutralising.
FORMULAS = [
    '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=cmd|' /C notepad'!A0",
    " =1+1",
]
SQL = ["' OR 1=1 --", "'; DROP TABLE event_log; --", "x') UNION SELECT hash FROM findings --"]


def hostile_province(roster: Roster):
    """One enterprise per payload, named by it, with a site and a district named by it and a
    requirement nobody covers (so that every export has a row for it)."""
    events = []

    def keep(pair):
        events.append(pair[1])
        return pair[0]

    campaign = keep(roster.campaign(starts_at=vn(2, 5), ends_at=vn(2, 6), peaks=()))
    for payload in FORMULAS:
        enterprise = keep(roster.enterprise(payload, "telecom"))
        site = keep(roster.site(enterprise, f"{payload} Trạm", district=payload))
        keep(roster.requirement(campaign, enterprise, site_id=site, duty_type=payload))
    return campaign, events


def parsed(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


def inert(cell: str) -> bool:
    """A cell no spreadsheet reads as a formula: it does not start with one, even after blanks."""
    return not cell.lstrip().startswith(("=", "+", "-", "@")) and not cell.startswith(("\t", "\r"))


async def test_formula_shaped_names_come_out_inert_in_every_csv_export(audit) -> None:
    client, feed, _ = audit
    campaign, events = hostile_province(Roster())
    await feed(*events)
    exports = {
        "gaps": parsed(await client.get("/gaps.csv", params={"lang": "en"})),
        "coverage": parsed(await client.get(f"/campaigns/{campaign}/coverage.csv", params={"lang": "en"})),
    }
    columns = {
        "gaps": ("enterprise", "site", "district/town/city", "duty type"),
        "coverage": ("enterprise", "site", "duty type"),
    }
    for export, rows in exports.items():
        assert rows, export
        for row in rows:
            assert all(inert(cell) for cell in row.values()), (export, row)
        for payload in FORMULAS:
            expected = {
                "enterprise": "'" + payload,
                "site": "'" + payload + " Trạm",
                "district/town/city": "'" + payload,
                "duty type": "'" + payload,
            }
            mine = [r for r in rows if r["enterprise"] == "'" + payload]
            assert mine, (export, payload)
            for r in mine:
                assert {c: r[c] for c in columns[export]} == {c: expected[c] for c in columns[export]}
    # The diacritics survive the apostrophe and the encoding.
    assert any("Bấm vào đây" in r["enterprise"] and r["site"].endswith("Trạm") for r in exports["gaps"])
    # A manager's narrowed export is neutralised alike.
    enterprise_id = exports["gaps"][0]["enterprise id"]
    as_manager = auth(principal("manager", enterprises=(enterprise_id,)))
    own = parsed(await client.get("/gaps.csv", params={"lang": "en"}, headers=as_manager))
    assert own and {r["enterprise id"] for r in own} == {enterprise_id}
    assert all(inert(cell) for r in own for cell in r.values())


async def test_sql_shaped_filters_find_nothing_change_nothing_and_the_log_still_verifies(audit) -> None:
    client, feed, _ = audit
    campaign, events = hostile_province(Roster())
    await feed(*events)
    gaps_before = (await client.get("/gaps", params={"limit": 500})).json()
    as_manager = auth(principal("manager", enterprises=(uuid.uuid4(),)))

    for value in SQL:
        # Free-text filters: compared as values, they match nothing.
        for path, name in [
            ("/gaps", "duty_type"),
            ("/log", "event_type"),
            ("/log", "enterprise_id"),
            (f"/enterprises/{uuid.uuid4()}/history", "event_type"),
        ]:
            response = await client.get(path, params={name: value})
            assert response.status_code == 200, (path, name, response.text)
            assert response.json()["items"] == [], (path, name)
        board = await client.get(f"/campaigns/{campaign}/board", params={"duty_type": value})
        assert board.status_code == 200 and board.json()["rows"] == []
        assert len(parsed(await client.get("/gaps.csv", params={"duty_type": value}))) == 0
        on_duty = await client.get("/on-duty", params={"at": "2027-02-05T12:00:00+07:00", "duty_type": value})
        assert on_duty.status_code == 200 and on_duty.json()["shifts"] == []
        # Typed filters and path parameters refuse them, for every role.
        for path, params, headers in [
            ("/gaps", {"enterprise_id": value}, None),
            ("/gaps", {"enterprise_id": value}, as_manager),
            ("/gaps", {"site_id": value}, as_manager),
            ("/gaps", {"sector": value}, None),
            ("/findings", {"enterprise_id": value}, as_manager),
            ("/findings", {"duty_type": value}, None),  # one of the known duty types (lichtruc.duty_types)
            (f"/gaps/{value}", {}, as_manager),
            (f"/findings/{value}", {}, as_manager),
            (f"/enterprises/{value}/history", {}, as_manager),
            (f"/campaigns/{value}/board", {}, None),
            (f"/log/{value}", {}, None),
        ]:
            response = await client.get(path, params=params, headers=headers)
            assert response.status_code in (404, 422), (path, params, response.text)
            assert response.headers["content-type"] == "application/problem+json"

    assert (await client.get("/gaps", params={"limit": 500})).json() == gaps_before
    verdict = (await client.get("/log/verify")).json()
    assert verdict["ok"] is True and verdict["records_checked"] == len(events)
    assert (await client.get("/findings/verify")).json()["ok"] is True


async def test_path_shaped_parameters_are_refused_and_no_file_is_read(audit) -> None:
    client, _, _ = audit
    for path in [
        "/gaps/..%2F..%2F..%2Fetc%2Fpasswd",
        "/findings/..%2F..%2Fetc%2Fpasswd",
        "/enterprises/..%2F..%2Fetc%2Fpasswd/history",
        "/log/..%2F1",
        "/campaigns/%2E%2E/coverage.csv",
        "/gaps/../../etc/passwd",
    ]:
        response = await client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert response.headers["content-type"] == "application/problem+json"
        assert "root:" not in response.text


def xlsx_rows(response) -> tuple[list[str], list[list[object]], list[str]]:
    """Header, rows and the data types of every cell of the one sheet of an XLSX export."""
    import openpyxl

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    # a day is a date shown dd/mm/yyyy (openpyxl reads every date as a date-time)
    values = [
        [c.value.date() if c.is_date and c.number_format == "dd/mm/yyyy" else c.value for c in row]
        for row in sheet.iter_rows()
    ]
    return [str(h) for h in values[0]], values[1:], [c.data_type for c in cells]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_csv_text(value: object) -> str:
    from datetime import date, datetime

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(float(value))
    return str(value)


def numbers_alike(cell: str) -> str:
    """A CSV cell with its numbers written one way (24 and 24.0 are the same number)."""
    try:
        return repr(float(cell))
    except ValueError:
        return cell


async def test_xlsx_exports_have_the_csv_columns_words_and_inert_cells_in_both_languages(audit) -> None:
    client, feed, _ = audit
    campaign, events = hostile_province(Roster())
    await feed(*events)
    for csv_path, xlsx_path in (
        ("/gaps.csv", "/gaps.xlsx"),
        (f"/campaigns/{campaign}/coverage.csv", f"/campaigns/{campaign}/coverage.xlsx"),
    ):
        for lang in ("vi", "en"):
            text = await client.get(csv_path, params={"lang": lang})
            expected = list(csv.reader(io.StringIO(text.content.decode("utf-8").removeprefix("\ufeff"))))
            header, rows, types = xlsx_rows(await client.get(xlsx_path, params={"lang": lang}))
            assert header == expected[0], (xlsx_path, lang)
            # XML stores a carriage return as a line feed; otherwise cell for cell the CSV.
            same = sorted([numbers_alike(c.replace("\r", "\n")) for c in r] for r in expected[1:])
            assert rows and sorted([as_csv_text(v) for v in r] for r in rows) == same
            assert "f" not in types  # nothing is a formula
            assert all(inert(v) for r in rows for v in r if isinstance(v, str))
            assert ("doanh nghiệp" if lang == "vi" else "enterprise") in header  # the same words as the CSV
    # A gap's starting time is a real date-time cell (local time), not text.
    _, rows, _ = xlsx_rows(await client.get("/gaps.xlsx", params={"lang": "en"}))
    from datetime import datetime

    assert any(isinstance(v, datetime) for v in rows[0])


# A bell (U+0007) and an escape (U+001B) a producer let through, and U+0085, what “ệ” read byte by byte
# leaves behind: no XLSX cell may hold the first two (openpyxl refuses them), and no export writes any.
CONTROLS = {"enterprise": "VNPT\u0007 Long An", "site": "Trạm\u001b Bình Hiệp\u0085", "district": "=Kiến\u0007 Tường"}


async def test_control_characters_a_producer_let_through_are_left_out_of_every_export(audit) -> None:
    """Roster refuses them in names, but events can come from any producer: the exports still answer, in
    CSV and XLSX, with the characters left out and formula-like text still behind an apostrophe."""
    client, feed, _ = audit
    roster = Roster()
    campaign, event = roster.campaign(starts_at=vn(2, 5), ends_at=vn(2, 6), peaks=())
    enterprise, registered = roster.enterprise(CONTROLS["enterprise"], "telecom")
    site, sited = roster.site(enterprise, CONTROLS["site"], district=CONTROLS["district"])
    _, required = roster.requirement(campaign, enterprise, site_id=site, duty_type="patrol")
    await feed(event, registered, sited, required)
    cleaned = {"enterprise": "VNPT Long An", "site": "Trạm Bình Hiệp", "district/town/city": "'=Kiến Tường"}
    for export, path in (("gaps", "/gaps"), ("coverage", f"/campaigns/{campaign}/coverage")):
        rows = parsed(await client.get(f"{path}.csv", params={"lang": "en"}))
        assert rows, export
        columns = ("enterprise", "site", "district/town/city") if export == "gaps" else ("enterprise", "site")
        assert all({c: r[c] for c in columns} == {c: cleaned[c] for c in columns} for r in rows), (export, rows)
        header, sheet, types = xlsx_rows(await client.get(f"{path}.xlsx", params={"lang": "en"}))
        assert sheet and "f" not in types, export
        for c in columns:
            assert {r[header.index(c)] for r in sheet} == {cleaned[c]}, (export, c)
