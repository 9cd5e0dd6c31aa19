"""Incidents in audit, on the real database: each event enters the chain and the incident's history;
time to respond (detection → first responder) and to restore (detection → service back); the inspectors'
filters (border, severity, sector, enterprise, campaign, status, district however typed, without service
longer than X, detected from/to) and pages; the same filters' CSV export; who recorded an incident and who
made each version, by the names their accounts had then; a late older version changes nothing but the
history; a manager sees only their enterprises'; the rebuild derives the incidents (and every other
directive record) again from the log, and snapshots carry them."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, timedelta
from urllib.parse import unquote

import openpyxl
from audit_testkit import Roster, vn
from sqlalchemy import text

from audit.db.memory import SNAPSHOT_FORMAT, MemoryStore
from audit.handlers import replay
from audit.handlers.projector import Logged, decode_data, project
from audit.rebuild import report_lines, run
from lichtruc.events import ROSTER_SOURCE, CloudEvent, EventData, make_event
from lichtruc.events_hours import DayHours, OpeningSession, TransactionHoursPublished
from lichtruc.events_incidents import (
    IncidentNote,
    IncidentOpened,
    IncidentResolved,
    IncidentResponder,
    IncidentSnapshot,
    IncidentUpdated,
)
from lichtruc.events_inspections import (
    InspectionFindingData,
    InspectionFindingRecorded,
    InspectionPlanned,
    InspectionSnapshot,
)
from lichtruc.events_readiness import ReadinessItemCompleted, ReadinessItemDefined
from lichtruc.events_reports import DailyReportSubmitted
from support import auth, principal

VNPT, VIETTEL, POST = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
SECTORS = {VNPT: "telecom", VIETTEL: "telecom", POST: "postal"}
NAMES = {VNPT: "VNPT Long An", VIETTEL: "Viettel Long An", POST: "Bưu điện Long An"}


class Incident:
    """One incident's events as roster would publish them (versions counted, state carried forward); each
    event made by `actor` (a login), the one who opened it recorded in `opened_by`."""

    def __init__(self, enterprise: uuid.UUID, detected_at: datetime, *, actor: str = "tester", **state: object) -> None:
        defaults: dict[str, object] = {
            "district": "Tân Hưng",
            "services": ("internet",),
            "agency_links": False,
            "border": False,
            "severity": "minor",
            "description": "Mất tín hiệu",
            "opened_by": actor,
        }
        self.actor = actor
        self.state = IncidentSnapshot(
            incident_id=uuid.uuid4(),
            enterprise_id=enterprise,
            enterprise_name=NAMES[enterprise],
            sector=SECTORS[enterprise],
            detected_at=detected_at,
            status="open",
            version=1,
            **{**defaults, **state},
        )

    def _event(self, cls, at: datetime, actor: str | None = None, **extra) -> CloudEvent:
        return make_event(
            cls(incident=self.state, actor=actor or self.actor, **extra),
            source=ROSTER_SOURCE,
            partitionkey=str(self.state.enterprise_id),
            time=at,
            subject=f"incidents/{self.state.incident_id}",
        )

    def opened(self) -> CloudEvent:
        return self._event(IncidentOpened, self.state.detected_at)

    def responder(self, name: str, at: datetime, actor: str | None = None) -> CloudEvent:
        who = IncidentResponder(staff_id=uuid.uuid4(), full_name=name, added_at=at, on_duty=True)
        self.state = self.state.model_copy(
            update={"responders": (*self.state.responders, who), "version": self.state.version + 1}
        )
        return self._event(IncidentUpdated, at, actor, change="responder_added")

    def update(self, note: str, at: datetime, actor: str, restored_at: datetime | None = None) -> CloudEvent:
        written = IncidentNote(at=at, note=note, by=actor)
        self.state = self.state.model_copy(
            update={
                "updates": (*self.state.updates, written),
                "restored_at": restored_at or self.state.restored_at,
                "version": self.state.version + 1,
            }
        )
        return self._event(IncidentUpdated, at, actor, change="note_added")

    def resolved(self, restored_at: datetime, at: datetime) -> CloudEvent:
        self.state = self.state.model_copy(
            update={
                "status": "resolved",
                "restored_at": restored_at,
                "resolved_at": at,
                "cause": "Đứt cáp",
                "closing_note": "Đã nối lại",
                "version": self.state.version + 1,
            }
        )
        return self._event(IncidentResolved, at)


async def test_times_to_respond_and_restore_and_the_history(audit, clock) -> None:
    client, feed, _ = audit
    clock.now = vn(2, 6, 9)
    cut = Incident(VNPT, vn(2, 5, 23, 40), border=True, severity="critical", site_name="Trạm Bình Hiệp")
    opened = cut.opened()
    first = cut.responder("Nguyễn Văn Bình", vn(2, 5, 23, 52))
    second = cut.responder("Trần Thị Lan", vn(2, 6, 0, 30))
    resolved = cut.resolved(vn(2, 6, 1, 55), vn(2, 6, 2, 10))
    await feed(opened, first, resolved)
    await feed(second)  # late: an older version than the latest known
    await feed(opened)  # redelivered: the log's inbox drops it

    url = f"/incidents/{cut.state.incident_id}"
    got = (await client.get(url)).json()
    assert (got["status"], got["version"], got["border"], got["severity"]) == ("resolved", 4, True, "critical")
    assert (got["response_minutes"], got["restore_minutes"]) == (12.0, 135.0)
    assert got["severity_vi"] == "đặc biệt nghiêm trọng"
    assert got["detected_label_vi"].startswith("23:40 05/02/2027 (29 tháng Chạp")
    assert got["detected_at"] == "2027-02-05T23:40:00+07:00"
    assert got["site_name"] == "Trạm Bình Hiệp" and got["enterprise_name"] == "VNPT Long An"
    assert [v["version"] for v in got["history"]] == [1, 2, 3, 4]
    assert [v["event_type"].split(".")[3] for v in got["history"]] == ["opened", "updated", "updated", "resolved"]
    seqs = [v["seq"] for v in got["history"]]
    assert seqs[3] < seqs[2]  # version 3 arrived after version 4: in the history, not the latest state
    assert [r["full_name"] for r in got["history"][2]["incident"]["responders"]] == ["Nguyễn Văn Bình", "Trần Thị Lan"]
    log = (await client.get("/log", params={"limit": 50})).json()["items"]
    assert sum(1 for r in log if r.get("subject") == f"incidents/{cut.state.incident_id}") == 4
    assert (await client.get(f"/incidents/{uuid.uuid4()}")).status_code == 404


async def test_the_inspectors_filters_and_pages(audit, clock) -> None:
    client, feed, _ = audit
    clock.now = vn(2, 6, 12)
    # at a site, its district carried over; typed at no site; the district as another record spells it
    border = Incident(
        VNPT,
        vn(2, 5, 23, 40),
        border=True,
        severity="critical",
        site_id=uuid.uuid4(),
        site_name="Trạm Mỹ Quý Tây",
        district="Đức Huệ",
    )
    slow = Incident(VIETTEL, vn(2, 6, 8), severity="serious", agency_links=True, district="Đức Huệ")
    quick = Incident(POST, vn(2, 6, 10), services=("postal",), district="Đức huệ")
    long_ago = Incident(VIETTEL, vn(2, 3, 10))  # Tân Hưng
    await feed(border.opened(), border.resolved(vn(2, 6, 0, 10), vn(2, 6, 0, 20)))
    await feed(slow.opened(), quick.opened(), quick.resolved(vn(2, 6, 10, 20), vn(2, 6, 10, 30)))
    await feed(long_ago.opened(), long_ago.resolved(vn(2, 3, 13), vn(2, 3, 14)))

    async def ids(**params) -> list[uuid.UUID]:
        response = await client.get("/incidents", params={"limit": 50, **params})
        assert response.status_code == 200, response.text
        return [uuid.UUID(i["incident_id"]) for i in response.json()["items"]]

    everything = [quick, slow, border, long_ago]  # newest detection first
    assert await ids() == [i.state.incident_id for i in everything]
    cases = {
        (("border", "true"),): [border],
        (("severity", "serious"),): [slow],
        (("sector", "postal"),): [quick],
        (("enterprise_id", str(VIETTEL)),): [slow, long_ago],
        (("status", "open"),): [slow],
        (("open_longer_than", "60"),): [slow, long_ago],  # slow: 4 h and counting; long_ago: 3 h down
        (("open_longer_than", "200"),): [slow],
        (("detected_from", "2027-02-05T00:00:00+07:00"), ("detected_to", "2027-02-06T09:00:00+07:00")): [slow, border],
        (("status", "resolved"), ("sector", "telecom")): [border, long_ago],
        # a district however typed (case, diacritics, spaces aside), at a site or not, every spelling of it
        (("district", "đức huệ"),): [quick, slow, border],
        (("district", " DUC  hue "),): [quick, slow, border],
        (("district", "Tân Hưng"), ("status", "resolved")): [long_ago],
        (("district", "Duc"),): [],  # the whole name, not a part of it
    }
    for params, expected in cases.items():
        assert await ids(**dict(params)) == [i.state.incident_id for i in expected], params

    first = await client.get("/incidents", params={"limit": 3})
    assert first.json()["total"] == 4 and 'rel="next"' in first.headers["Link"]
    rest = await client.get(first.json()["next"])
    assert [uuid.UUID(i["incident_id"]) for i in first.json()["items"] + rest.json()["items"]] == [
        i.state.incident_id for i in everything
    ]
    bad = await client.get("/incidents", params={"open_longer_than": "0"})
    assert bad.status_code == 422
    assert (await client.get("/incidents", params={"district": "x" * 101})).status_code == 422
    paged = await client.get("/incidents", params={"district": "duc hue", "limit": 2})
    assert paged.json()["total"] == 3 and "district=duc+hue" in paged.json()["next"]
    in_csv = _csv(await client.get("/incidents.csv", params={"district": "duc hue", "lang": "en"}))
    assert [r[in_csv[0].index("incident id")] for r in in_csv[1:]] == [str(i.state.incident_id) for i in everything[:3]]
    assert (await client.get("/incidents", params={"cursor": "x"})).status_code == 422


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv") and response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))


async def test_a_campaign_and_a_window_of_detection_narrow_the_list_and_its_csv(audit, clock) -> None:
    """The province list mixes a past Tết, a drill and this Tết unless asked for one campaign; the window of
    detection narrows it further (from included, to excluded); the CSV holds the same incidents, in words."""
    client, feed, _ = audit
    clock.now = vn(2, 8, 12)
    roster = Roster()
    tet, tet_opened = roster.campaign()
    drill, drill_opened = roster.campaign(starts_at=vn(12, 1, year=2026), ends_at=vn(12, 3, year=2026), name="Diễn tập")
    await feed(tet_opened, drill_opened)
    giao_thua = Incident(
        VNPT, vn(2, 5, 23, 40), campaign_id=tet, border=True, severity="serious", site_name="Trạm Hưng Điền"
    )
    mung_hai = Incident(VIETTEL, vn(2, 7, 9, 15), campaign_id=tet, services=("mobile", "internet"), agency_links=True)
    exercise = Incident(POST, vn(12, 2, 10, year=2026), campaign_id=drill, services=("postal",))
    last_year = Incident(VNPT, vn(1, 20, 8, year=2026))  # in no campaign audit knows
    await feed(giao_thua.opened(), giao_thua.responder("Nguyễn Văn Bình", vn(2, 5, 23, 52)))
    await feed(giao_thua.resolved(vn(2, 6, 1, 55), vn(2, 6, 2, 10)), mung_hai.opened())
    await feed(exercise.opened(), last_year.opened())

    async def ids(**params) -> list[uuid.UUID]:
        response = await client.get("/incidents", params={"limit": 50, **params})
        assert response.status_code == 200, response.text
        return [uuid.UUID(i["incident_id"]) for i in response.json()["items"]]

    def of(*found: Incident) -> list[uuid.UUID]:
        return [i.state.incident_id for i in found]

    assert await ids() == of(mung_hai, giao_thua, exercise, last_year)
    assert await ids(campaign_id=str(tet)) == of(mung_hai, giao_thua)
    assert await ids(campaign_id=str(drill)) == of(exercise)
    assert await ids(campaign_id=str(uuid.uuid4())) == []
    window = {"detected_from": "2027-02-05T23:40:00+07:00", "detected_to": "2027-02-07T09:15:00+07:00"}
    assert await ids(campaign_id=str(tet), **window) == of(giao_thua)  # from included, to excluded
    assert await ids(**window, border="false") == []
    refused = await client.get("/incidents", params={"campaign_id": "Tết 2027"})
    assert refused.status_code == 422 and "campaign_id" in refused.text
    paged = await client.get("/incidents", params={"campaign_id": str(tet), "limit": 1})
    assert paged.json()["total"] == 2 and f"campaign_id={tet}" in paged.json()["next"]
    assert [i["incident_id"] for i in (await client.get(paged.json()["next"])).json()["items"]] == [
        str(giao_thua.state.incident_id)
    ]

    rows = _csv(await client.get("/incidents.csv", params={"campaign_id": str(tet)}))
    header, data = rows[0], rows[1:]
    # the human columns first, the ids (the incident's among them) at the end
    assert header[:3] == ["doanh nghiệp", "lĩnh vực", "đợt trực"] and len(header) == 28
    assert header[-5:] == ["mã sự cố", "mã doanh nghiệp", "mã địa điểm", "mã đợt trực", "tài khoản ghi nhận"]
    incident_id = header.index("mã sự cố")
    assert [r[incident_id] for r in data] == [str(i) for i in of(mung_hai, giao_thua)]
    cut = dict(zip(header, data[1], strict=True))
    assert cut["doanh nghiệp"] == "VNPT Long An" and cut["đợt trực"] == "Tết Đinh Mùi 2027"
    assert (cut["địa điểm"], cut["huyện/thị xã/TP"], cut["khu vực biên giới"]) == ("Trạm Hưng Điền", "Tân Hưng", "Có")
    assert (cut["mức độ"], cut["trạng thái"], cut["lĩnh vực"]) == ("Nghiêm trọng", "Đã khắc phục", "Viễn thông")
    assert (cut["phát hiện lúc (giờ VN)"], cut["khôi phục dịch vụ lúc (giờ VN)"]) == (
        "2027-02-05 23:40",
        "2027-02-06 01:55",
    )
    assert (cut["số phút đến khi có người ứng cứu"], cut["số phút đến khi khôi phục"]) == ("12", "135")
    assert (cut["người ứng cứu"], cut["nguyên nhân"], cut["kết quả xử lý"]) == (
        "Nguyễn Văn Bình",
        "Đứt cáp",
        "Đã nối lại",
    )
    viettel = dict(zip(header, data[0], strict=True))
    assert viettel["dịch vụ bị ảnh hưởng"] == "Di động; Internet"
    assert viettel["ảnh hưởng cơ quan Đảng, Nhà nước"] == "Có" and viettel["khôi phục dịch vụ lúc (giờ VN)"] == ""
    english = _csv(await client.get("/incidents.csv", params={"campaign_id": str(tet), "lang": "en"}))
    cut_en = dict(zip(english[0], english[2], strict=True))
    # the pages' words, not the codes ("minor", "open") they read as in English (QA); yes and no capitalised as
    # the other cells are (QA: "có", "yes")
    assert (cut_en["severity"], cut_en["status"], cut_en["border area"]) == ("Serious", "Resolved", "Yes")
    assert {r[english[0].index("border area")] for r in english[1:]} == {"Yes", "No"}
    assert (cut_en["campaign"], cut_en["minutes to restore"]) == ("Tết Đinh Mùi 2027", "135")
    assert len(_csv(await client.get("/incidents.csv"))) == 5  # every campaign, and none: four incidents
    assert len(_csv(await client.get("/incidents.csv", params={**window, "campaign_id": str(drill)}))) == 1
    assert (await client.get("/incidents.csv", params={"lang": "fr"})).status_code == 422

    # The same rows as an XLSX sheet: the CSV's header, times as real dates in Vietnam time, the filters applied.
    xlsx = await client.get("/incidents.xlsx", params={"campaign_id": str(tet)})
    assert xlsx.status_code == 200, xlsx.text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0] == header and [r[incident_id] for r in table[1:]] == [r[incident_id] for r in data]
    detected = sheet.cell(row=3, column=header.index("phát hiện lúc (giờ VN)") + 1)
    assert detected.is_date and detected.value == datetime(2027, 2, 5, 23, 40)
    assert detected.number_format == "dd/mm/yyyy hh:mm"
    assert (
        unquote(xlsx.headers["content-disposition"].split("filename*=UTF-8''")[1]) == "Sự cố - Tết Đinh Mùi 2027.xlsx"
    )
    drill_sheet = await client.get("/incidents.xlsx", params={**window, "campaign_id": str(drill), "lang": "en"})
    drill_rows = list(openpyxl.load_workbook(io.BytesIO(drill_sheet.content)).active.iter_rows(values_only=True))
    assert drill_rows[0][0] == "enterprise" and len(drill_rows) == 2  # the drill had nothing in that window:
    # a header alone read as a broken file (QA); the sheet says so beneath it, the campaign by name, the filter
    (said,) = [c for c in drill_rows[1] if c is not None]
    assert said.startswith("No incidents in ") and said.endswith(" match the filters.") and str(drill) not in said
    empty_csv = await client.get("/incidents.csv", params={**window, "campaign_id": str(drill), "lang": "en"})
    assert len(empty_csv.content.decode("utf-8-sig").splitlines()) == 1  # programs read the CSV: the header only
    vi = await client.get("/incidents.xlsx", params={**window, "campaign_id": str(drill)})
    name = said.removeprefix("No incidents in ").removesuffix(" match the filters.")
    rows = list(openpyxl.load_workbook(io.BytesIO(vi.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == f"Không có sự cố nào trong {name} khớp bộ lọc."
    assert (await client.get("/incidents.xlsx", params={"lang": "fr"})).status_code == 422


async def test_who_recorded_an_incident_and_made_each_version_by_name(audit, clock) -> None:
    """The events carry logins (`actor`, `opened_by`); audit names them from the log's account events, as each
    account was called when the version was logged. A login no account event names keeps only its login."""
    client, feed, _ = audit
    clock.now = vn(2, 6, 9)
    roster = Roster()
    anh, created = roster.account("anh.ptn@vnpt-longan.vn", "Phạm Thị Ngọc Ánh", "staff", VNPT)
    await feed(created)
    cut = Incident(VNPT, vn(2, 5, 23, 40), actor="ANH.PTN@vnpt-longan.vn")  # a login's case does not matter
    await feed(cut.opened(), cut.responder("Trương Công Danh", vn(2, 5, 23, 52)))
    await feed(roster.change_account(anh, display_name="Phạm Ngọc Ánh"))
    await feed(cut.update("Đã hàn nối xong", vn(2, 6, 1, 55), "anh.ptn@vnpt-longan.vn", restored_at=vn(2, 6, 1, 55)))
    await feed(cut.update("Bàn giao ca", vn(2, 6, 6), "ca-dem@vnpt-longan.vn"))

    got = (await client.get(f"/incidents/{cut.state.incident_id}")).json()
    assert got["incident"]["opened_by"] == "ANH.PTN@vnpt-longan.vn"
    assert got["opened_by_name"] == "Phạm Thị Ngọc Ánh"  # as she was called when she recorded it
    assert [(v["version"], v["actor"], v["actor_name"]) for v in got["history"]] == [
        (1, "ANH.PTN@vnpt-longan.vn", "Phạm Thị Ngọc Ánh"),
        (2, "ANH.PTN@vnpt-longan.vn", "Phạm Thị Ngọc Ánh"),
        (3, "anh.ptn@vnpt-longan.vn", "Phạm Ngọc Ánh"),  # renamed in between
        (4, "ca-dem@vnpt-longan.vn", None),  # no account event names this login
    ]
    rows = _csv(await client.get("/incidents.csv", params={"lang": "en"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["recorded by"], row["recorded by (login)"], row["updates"]) == (
        "Phạm Thị Ngọc Ánh",
        "ANH.PTN@vnpt-longan.vn",
        "2",
    )
    unknown = Incident(VIETTEL, vn(2, 6, 8), actor="tram.bts@viettel")
    await feed(unknown.opened())
    got = (await client.get(f"/incidents/{unknown.state.incident_id}")).json()
    assert (got["incident"]["opened_by"], got["opened_by_name"]) == ("tram.bts@viettel", None)


async def test_a_manager_reads_only_their_enterprises_incidents(audit, clock) -> None:
    client, feed, _ = audit
    clock.now = vn(2, 6, 12)
    mine, theirs = Incident(VNPT, vn(2, 6, 8)), Incident(VIETTEL, vn(2, 6, 9))
    await feed(mine.opened(), theirs.opened())
    manager = auth(principal("manager", enterprises=(VNPT,)))
    listed = (await client.get("/incidents", headers=manager)).json()["items"]
    assert [i["incident_id"] for i in listed] == [str(mine.state.incident_id)]
    hidden = await client.get(f"/incidents/{theirs.state.incident_id}", headers=manager)
    missing = await client.get(f"/incidents/{uuid.uuid4()}", headers=manager)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail_vi"] == missing.json()["detail_vi"]
    assert (await client.get("/incidents", params={"enterprise_id": str(VIETTEL)}, headers=manager)).status_code == 403
    exported = _csv(await client.get("/incidents.csv", headers=manager))
    assert [r[exported[0].index("mã sự cố")] for r in exported[1:]] == [str(mine.state.incident_id)]
    refused = await client.get("/incidents.csv", params={"enterprise_id": str(VIETTEL)}, headers=manager)
    assert refused.status_code == 403
    staff = auth(principal("staff", enterprises=(VNPT,)))
    assert (await client.get("/incidents", headers=staff)).status_code == 403
    assert timedelta(0) < clock.now - vn(2, 6, 9)


# --------------------------------------------------------------------------- the rebuild

CAMPAIGN = uuid.uuid4()
DIRECTIVE_TABLES = (
    "incidents",
    "incident_versions",
    "readiness_items",
    "readiness_marks",
    "transaction_hours",
    "daily_reports",
    "inspection_plans",
)


def _roster_event(data: EventData, key: uuid.UUID, at: datetime) -> CloudEvent:
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(key), time=at)


def _directive_records() -> list[CloudEvent]:
    """A readiness item and its mark, a point's published hours (twice), a daily report (two versions), an
    inspection planned and its finding: one of each directive record besides the incidents."""
    item = ReadinessItemDefined(
        item_id=uuid.uuid4(),
        campaign_id=CAMPAIGN,
        sector="telecom",
        title_vi="Bảo dưỡng máy phát điện dự phòng",
        title_en="Back-up generator maintenance",
        due_at=vn(1, 30),
        due_date=date(2027, 1, 29),
        position=10,
        version=1,
    )
    mark = ReadinessItemCompleted(
        item_id=item.item_id,
        campaign_id=CAMPAIGN,
        enterprise_id=VNPT,
        sector="telecom",
        title_vi=item.title_vi,
        due_at=item.due_at,
        note="Đã chạy thử 30 phút",
        reference="Biên bản 12/BB",
        done_at=vn(1, 28, 10),
        version=1,
        actor="giam.doc@vnpt",
    )
    point = uuid.uuid4()

    def hours(version: int, at: datetime) -> TransactionHoursPublished:
        return TransactionHoursPublished(
            site_id=point,
            enterprise_id=POST,
            campaign_id=CAMPAIGN,
            site_name="Bưu cục Tân An",
            district="Tân An",
            days=(
                DayHours(day=date(2027, 2, 6), open=True, sessions=(OpeningSession(opens="07:30", closes="11:30"),)),
                DayHours(day=date(2027, 2, 7), open=False),
            ),
            published_at=at,
            published_version=version,
            version=version,
        )

    def daily(version: int, at: datetime) -> DailyReportSubmitted:
        return DailyReportSubmitted(
            report_id=uuid.uuid4(),  # each submitted version is a report of its own
            campaign_id=CAMPAIGN,
            enterprise_id=VIETTEL,
            enterprise_name=NAMES[VIETTEL],
            day=date(2027, 2, 6),
            version=version,
            number=f"{version}/BC-VTLA",
            submitted_at=at,
            submitted_by_name="Nguyễn Thị Ánh Tuyết",
        )

    plan = InspectionSnapshot(
        inspection_id=uuid.uuid4(),
        campaign_id=CAMPAIGN,
        enterprise_id=VIETTEL,
        enterprise_name=NAMES[VIETTEL],
        planned_on=date(2027, 2, 6),
        phase="during",
        purpose="Kiểm tra công tác tuần tra tại trạm biên giới",
        inspectors=("Lê Văn Thành",),
        surprise=True,
        status="planned",
        version=1,
    )
    found = plan.model_copy(
        update={
            "status": "done",
            "version": 2,
            "finding": InspectionFindingData(
                result="issues_found", text="Thiếu bình chữa cháy", recorded_at=vn(2, 6, 15), recorded_by="thanh.tra"
            ),
        }
    )
    return [
        _roster_event(item, CAMPAIGN, vn(1, 20, 9)),
        _roster_event(mark, VNPT, vn(1, 28, 10)),
        _roster_event(hours(1, vn(1, 25, 8)), POST, vn(1, 25, 8)),
        _roster_event(hours(2, vn(1, 27, 8)), POST, vn(1, 27, 8)),
        _roster_event(daily(1, vn(2, 6, 20)), VIETTEL, vn(2, 6, 20)),
        _roster_event(daily(2, vn(2, 7, 8)), VIETTEL, vn(2, 7, 8)),
        _roster_event(InspectionPlanned(inspection=plan), VIETTEL, vn(2, 1, 9)),
        _roster_event(InspectionFindingRecorded(inspection=found), VIETTEL, vn(2, 6, 15)),
    ]


async def _rows(app, table: str) -> list[dict]:
    async with app.state.runtime.engine.connect() as conn:
        result = await conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        return [dict(r) for r in result.mappings()]


async def test_the_rebuild_derives_incidents_and_the_directive_records_again(audit, clock, settings) -> None:
    client, feed, app = audit
    clock.now = vn(2, 7, 9)
    cut = Incident(VNPT, vn(2, 5, 23, 40), border=True, severity="critical", campaign_id=CAMPAIGN)
    opened, first = cut.opened(), cut.responder("Nguyễn Văn Bình", vn(2, 5, 23, 52))
    second = cut.responder("Trần Thị Lan", vn(2, 6, 0, 30))
    resolved = cut.resolved(vn(2, 6, 1, 55), vn(2, 6, 2, 10))
    still_open = Incident(POST, vn(2, 6, 10), services=("postal",))
    await feed(opened, first, resolved, second, still_open.opened())  # `second` late: history only
    await feed(*_directive_records())

    before = {t: await _rows(app, t) for t in DIRECTIVE_TABLES}
    assert {t: len(rows) for t, rows in before.items()} == {
        "incidents": 2,
        "incident_versions": 5,
        "readiness_items": 1,
        "readiness_marks": 1,
        "transaction_hours": 1,
        "daily_reports": 2,
        "inspection_plans": 1,
    }
    digest = (await client.get("/projections/digest")).json()
    assert digest["tables"]["incidents"]["rows"] == 2 and digest["tables"]["incident_versions"]["rows"] == 5
    checked = await run(settings, check_only=True)  # what `python -m audit rebuild --check` runs
    assert checked.differences == [] and "audit: stored projections match the log" in report_lines(checked)

    # Tamper with each directive table: rows gone, rows changed.
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(text("DELETE FROM incidents WHERE border"))
        await conn.execute(text("UPDATE incidents SET status = 'resolved', restore_seconds = 1"))
        await conn.execute(text("DELETE FROM incident_versions WHERE version = 3"))
        await conn.execute(text("UPDATE readiness_marks SET done = false"))
        await conn.execute(text("UPDATE transaction_hours SET published_version = 1"))
        await conn.execute(text("DELETE FROM daily_reports WHERE version = 2"))
        await conn.execute(text("UPDATE inspection_plans SET status = 'planned', result = NULL"))
        await conn.execute(text("DELETE FROM readiness_items"))
    tampered = (await client.get("/projections/digest")).json()
    assert {t for t in DIRECTIVE_TABLES if tampered["tables"][t] != digest["tables"][t]} == set(DIRECTIVE_TABLES)
    checked = await run(settings, check_only=True)
    differing = {line.split(":")[0] for line in checked.differences if not line.startswith(" ")}
    assert differing == set(DIRECTIVE_TABLES)
    assert "audit: stored projections DIFFER from the log:" in report_lines(checked)
    assert await _rows(app, "incidents") != before["incidents"]  # --check changed nothing

    rebuilt = await run(settings, check_only=False)
    assert rebuilt.written and rebuilt.digest["incidents"] == (2, digest["tables"]["incidents"]["sha256"])
    assert {t: await _rows(app, t) for t in DIRECTIVE_TABLES} == before
    assert (await run(settings, check_only=True)).differences == []
    assert (await client.get("/projections/digest")).json()["tables"] == digest["tables"]
    got = (await client.get(f"/incidents/{cut.state.incident_id}")).json()
    assert (got["status"], got["version"], got["restore_minutes"]) == ("resolved", 4, 135.0)
    assert [v["version"] for v in got["history"]] == [1, 2, 3, 4]


async def test_snapshots_carry_the_incidents_and_an_older_format_is_retaken(audit, clock) -> None:
    _, feed, app = audit
    clock.now = vn(2, 7, 9)
    cut = Incident(VNPT, vn(2, 5, 23, 40), border=True)
    await feed(cut.opened(), cut.responder("Nguyễn Văn Bình", vn(2, 5, 23, 52)))
    ctx = app.state.ctx
    async with ctx.read() as unit:
        store, _, _ = await replay.replay_log(unit.log)
    restored = MemoryStore.from_snapshot(store.snapshot())
    assert restored.incidents.export() == store.incidents.export()
    latest, versions = restored.incidents.export()
    assert [k.incident.version for k in latest] == [2] and [v.version.version for v in versions] == [1, 2]
    copied = restored.copy()
    resolved = cut.resolved(vn(2, 6, 1), vn(2, 6, 2))
    await project(store=restored, logged=Logged(restored.seq + 1, vn(2, 6, 2), resolved), data=decode_data(resolved))
    assert [k.incident.status for k in restored.incidents.export()[0]] == ["resolved"]
    assert [k.incident.status for k in copied.incidents.export()[0]] == ["open"]  # a copy is independent
    await feed(resolved)

    # A snapshot of the former format, at the tip: never read, and not counted as the last one.
    async with ctx.read() as unit:
        tip, received_at = await unit.log.tip()
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO projection_snapshots (seq, received_at, format, state) VALUES (:s, :r, :f, :b)"),
            {"s": tip, "r": received_at, "f": SNAPSHOT_FORMAT - 1, "b": b"not ours"},
        )
    async with ctx.read() as unit:
        assert await unit.snapshots.nearest(tip, after=0, fmt=SNAPSHOT_FORMAT) is None
        assert await unit.snapshots.last_seq(fmt=SNAPSHOT_FORMAT) == 0
    ctx.snapshot_every = 1
    ctx.states.clear()
    taken = await replay.snapshot_if_due(ctx)
    assert taken is not None and taken.seq == tip
    async with ctx.read() as unit:
        blob = await unit.snapshots.nearest(tip, after=0, fmt=SNAPSHOT_FORMAT)
    assert blob is not None
    [kept] = MemoryStore.from_snapshot(blob).incidents.export()[0]
    assert (kept.incident.status, kept.incident.version) == ("resolved", 3)
