"""Incidents in audit, on the real database: each event enters the chain and the incident's history;
time to respond (detection → first responder) and to restore (detection → service back); the inspectors'
filters (border, severity, sector, enterprise, status, without service longer than X, detected from/to)
and pages; a late older version changes nothing but the history; a manager sees only their enterprises'."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from audit_testkit import vn

from lichtruc.events import ROSTER_SOURCE, CloudEvent, make_event
from lichtruc.events_incidents import (
    IncidentOpened,
    IncidentResolved,
    IncidentResponder,
    IncidentSnapshot,
    IncidentUpdated,
)
from support import auth, principal

VNPT, VIETTEL, POST = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
SECTORS = {VNPT: "telecom", VIETTEL: "telecom", POST: "postal"}
NAMES = {VNPT: "VNPT Long An", VIETTEL: "Viettel Long An", POST: "Bưu điện Long An"}


class Incident:
    """One incident's events as roster would publish them (versions counted, state carried forward)."""

    def __init__(self, enterprise: uuid.UUID, detected_at: datetime, **state: object) -> None:
        defaults: dict[str, object] = {
            "district": "Tân Hưng",
            "services": ("internet",),
            "agency_links": False,
            "border": False,
            "severity": "minor",
            "description": "Mất tín hiệu",
        }
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

    def _event(self, cls, at: datetime, **extra) -> CloudEvent:
        return make_event(
            cls(incident=self.state, actor="tester", **extra),
            source=ROSTER_SOURCE,
            partitionkey=str(self.state.enterprise_id),
            time=at,
            subject=f"incidents/{self.state.incident_id}",
        )

    def opened(self) -> CloudEvent:
        return self._event(IncidentOpened, self.state.detected_at)

    def responder(self, name: str, at: datetime) -> CloudEvent:
        who = IncidentResponder(staff_id=uuid.uuid4(), full_name=name, added_at=at, on_duty=True)
        self.state = self.state.model_copy(
            update={"responders": (*self.state.responders, who), "version": self.state.version + 1}
        )
        return self._event(IncidentUpdated, at, change="responder_added")

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
    border = Incident(VNPT, vn(2, 5, 23, 40), border=True, severity="critical")
    slow = Incident(VIETTEL, vn(2, 6, 8), severity="serious", agency_links=True)
    quick = Incident(POST, vn(2, 6, 10), services=("postal",))
    long_ago = Incident(VIETTEL, vn(2, 3, 10))
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
    assert (await client.get("/incidents", params={"cursor": "x"})).status_code == 422


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
    staff = auth(principal("staff", enterprises=(VNPT,)))
    assert (await client.get("/incidents", headers=staff)).status_code == 403
    assert timedelta(0) < clock.now - vn(2, 6, 9)
