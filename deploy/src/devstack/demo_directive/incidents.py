"""Demo data: incidents and their response (issue 15, part 1).

* VNPT Long An: the fibre to the border commune Hưng Điền cut at 23:40 on giao thừa (29 tháng Chạp, 5 Feb
  2027), recorded by the enterprise's duty staff account at the border station, its response by the enterprise's
  demo manager (as the other two: by their enterprise's, never the Department's administrator); the technician on the night's
  incident-response shift responds at 23:52, the reinforcement technician at 00:05; updates; service back at
  01:55; resolved with its cause. Serious with border impact: severe — notifier alerts the leader on duty
  (Nguyễn Văn Hùng) and the Department.
* Viettel Long An: mains power lost at the border base station Thái Bình Trung on mùng 2 Tết, the station on its
  generator — still open, with one responder and an update.
* Bưu điện tỉnh Long An: a minor outage of the post office's line in Tân An, resolved within the hour.

Only what has happened by the stack's `now` is recorded (roster refuses an incident detected later): `make run`
runs on a test clock inside Tết 2027 (10:00 on mùng 2 unless told otherwise), where all three have. On an
earlier clock an incident not yet detected waits for a later load, and an incident's steps still to come are left
out (it stays open without them).

Idempotent: an incident already recorded (same enterprise, detection time and description) is left as it is."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx

from devstack import demo, local_http
from lichtruc import vntime

DESCRIPTION_CUT = "Đứt cáp quang tuyến vào xã biên giới Hưng Điền, mất internet và điện thoại cố định của xã"


def _staff(client: httpx.Client, enterprise_id: str) -> dict[str, dict]:
    found = client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500})
    found.raise_for_status()
    return {p["full_name"]: p for p in found.json()["items"]}


def _sites(client: httpx.Client, enterprise_id: str) -> dict[str, dict]:
    found = client.get("/sites", params={"enterprise_id": enterprise_id, "limit": 200})
    found.raise_for_status()
    return {s["name"]: s for s in found.json()["items"]}


def _call(client: httpx.Client, path: str, body: dict, version: int | None = None) -> dict:
    headers = {"If-Match": f'"{version}"'} if version is not None else {}
    response = client.post(path, json=body, headers=headers)
    if response.status_code not in (200, 201):
        raise RuntimeError(
            f"loading the incident demo failed: POST {path} answered {response.status_code}: {response.text[:500]}"
        )
    return response.json()


def _existing(client: httpx.Client, enterprise_id: str, detected_at: str, description: str) -> dict | None:
    found = client.get("/incidents", params={"enterprise_id": enterprise_id, "detected_from": detected_at, "limit": 50})
    found.raise_for_status()
    return next((i for i in found.json()["items"] if i["description"] == description), None)


def _incident(
    client: httpx.Client,
    *,
    opener: httpx.Client,
    recorder: httpx.Client,
    enterprise_id: str,
    opened: dict[str, Any],
    responders: list[tuple[str, str]],
    updates: list[tuple[str, str, str | None]],
    resolve: dict[str, str] | None,
    now: datetime,
) -> bool | None:
    """Record one incident with its steps up to `now` (`opener` opens it, `recorder` — the enterprise's manager —
    records the rest; `client`, the administrator's, looks it up), resolved if all its steps have happened; an incident recorded already gets the steps that have happened
    since (`make run` loads at each step's moment, `devstack.phases`). False if there was nothing to record, None
    if it is not detected by `now` (nothing recorded)."""
    if datetime.fromisoformat(opened["detected_at"]) > now:
        return None
    incident = _existing(client, enterprise_id, opened["detected_at"], opened["description"])
    recorded = incident is not None
    if incident is None:
        incident = _call(opener, "/incidents", {"enterprise_id": enterprise_id, **opened})
    url, version = f"/incidents/{incident['id']}", incident["version"]
    happened = [at for _, at in responders] + [at for _, at, _ in updates]
    there = {str(r["staff_id"]) for r in incident.get("responders", [])}
    noted = {u["note"] for u in incident.get("updates", [])}
    added = False
    for staff_id, at in responders:
        if datetime.fromisoformat(at) <= now and staff_id not in there:
            version = _call(recorder, f"{url}/responders", {"staff_id": staff_id, "at": at}, version)["version"]
            added = True
    for note, at, restored_at in updates:
        if datetime.fromisoformat(at) <= now and note not in noted:
            body = {"note": note, "at": at, **({"restored_at": restored_at} if restored_at else {})}
            version = _call(recorder, f"{url}/updates", body, version)["version"]
            added = True
    if (
        resolve is not None
        and incident["status"] != "resolved"
        and all(datetime.fromisoformat(at) <= now for at in happened)
    ):
        _call(recorder, f"{url}/resolve", resolve, version)
        added = True
    return not recorded or added


MOMENTS = (
    "2027-02-03T14:12:00+07:00",  # the post office's outage, two minutes after it is detected
    "2027-02-03T14:52:00+07:00",  # … its line back and the incident resolved
    "2027-02-05T23:42:00+07:00",  # the fibre cut at Hưng Điền, recorded by the duty staff at the station
    "2027-02-05T23:53:00+07:00",  # its first responder
    "2027-02-06T00:06:00+07:00",  # the reinforcement technician
    "2027-02-06T00:21:00+07:00",  # the break found
    "2027-02-06T01:57:00+07:00",  # service back, resolved
    "2027-02-07T09:17:00+07:00",  # Viettel's power failure at Thái Bình Trung
    "2027-02-07T09:31:00+07:00",  # its responder
    "2027-02-07T10:00:00+07:00",  # its update (still open)
)
"""When `make run` records the demo's incidents and their steps: each a minute or two after it happens
(`devstack.phases`); a load at one moment records all that has happened by then."""


@contextlib.contextmanager
def _as(client: httpx.Client, login: str, password: str) -> Iterator[httpx.Client]:
    """A client of roster signed in as `login` (the demo's accounts share the administrator's password)."""
    token = demo.sign_in(str(client.base_url), login, password)
    with local_http.signed(client.base_url, token) as signed:
        yield signed


def _manager(
    client: httpx.Client, enterprise: str, staff: dict[str, dict], password: str
) -> contextlib.AbstractContextManager[httpx.Client]:
    """A client signed in as the enterprise's demo manager (its first leader): who records an incident's response."""
    leader = next(e for e in demo.ENTERPRISES if e.name == enterprise).leaders[0]
    return _as(client, staff[leader]["email"], password)


def moments() -> list[datetime]:
    return [datetime.fromisoformat(at) for at in MOMENTS]


def load(client: httpx.Client, password: str, *, now: datetime) -> None:
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    if "VNPT Long An" not in enterprises:
        print("devstack: incidents demo skipped (the demo enterprises are not there)")
        return
    made: list[tuple[bool | None, str]] = []  # each incident's outcome (`_incident`) and what it is, in words

    vnpt = enterprises["VNPT Long An"]
    vnpt_staff, vnpt_sites = _staff(client, vnpt), _sites(client, vnpt)
    duty_account = vnpt_staff["Phạm Thị Ngọc Ánh"]["email"]  # the demo's staff account at VNPT
    with _as(client, duty_account, password) as staff, _manager(client, "VNPT Long An", vnpt_staff, password) as lead:
        made.append(
            (
                _incident(
                    client,
                    opener=staff,
                    recorder=lead,
                    enterprise_id=vnpt,
                    opened={
                        "detected_at": "2027-02-05T23:40:00+07:00",
                        "site_id": vnpt_sites["Trạm viễn thông Hưng Điền"]["id"],
                        "services": ["internet", "fixed_line"],
                        "severity": "serious",
                        "description": DESCRIPTION_CUT,
                    },
                    responders=[
                        (vnpt_staff["Trương Công Danh"]["id"], "2027-02-05T23:52:00+07:00"),
                        (vnpt_staff["Lâm Hoàng Phúc"]["id"], "2027-02-06T00:05:00+07:00"),
                    ],
                    updates=[
                        (
                            "Đã xác định điểm đứt cách trạm 3 km, tổ ứng cứu đang đến hiện trường",
                            "2027-02-06T00:20:00+07:00",
                            None,
                        ),
                        (
                            "Đã hàn nối xong, internet và điện thoại cố định của xã hoạt động lại",
                            "2027-02-06T01:55:00+07:00",
                            "2027-02-06T01:55:00+07:00",
                        ),
                    ],
                    resolve={
                        "cause": "Xe cơ giới kéo đứt cáp treo qua đường tỉnh 831",
                        "closing_note": "Đã thay 200 m cáp quang; đề nghị địa phương nhắc các xe quá khổ",
                    },
                    now=now,
                ),
                "the giao thừa fibre cut at Hưng Điền (VNPT)",
            )
        )

    viettel = enterprises.get("Viettel Long An")
    if viettel:
        viettel_staff, viettel_sites = _staff(client, viettel), _sites(client, viettel)
        with _manager(client, "Viettel Long An", viettel_staff, password) as lead:
            made.append(
                (
                    _incident(
                        client,
                        opener=lead,
                        recorder=lead,
                        enterprise_id=viettel,
                        opened={
                            "detected_at": "2027-02-07T09:15:00+07:00",
                            "site_id": viettel_sites["Trạm BTS Thái Bình Trung"]["id"],
                            "services": ["mobile"],
                            "severity": "minor",
                            "description": "Mất điện lưới tại trạm, trạm đang chạy máy phát dự phòng",
                        },
                        responders=[(viettel_staff["Châu Văn Hiếu"]["id"], "2027-02-07T09:30:00+07:00")],
                        updates=[
                            (
                                "Máy phát hoạt động ổn định, đã báo điện lực huyện Vĩnh Hưng",
                                "2027-02-07T10:00:00+07:00",
                                None,
                            )
                        ],
                        resolve=None,
                        now=now,
                    ),
                    "the power loss at Trạm BTS Thái Bình Trung (Viettel)",
                )
            )

    post = enterprises.get("Bưu điện tỉnh Long An")
    if post:
        with _manager(client, "Bưu điện tỉnh Long An", _staff(client, post), password) as lead:
            made.append(
                (
                    _incident(
                        client,
                        opener=lead,
                        recorder=lead,
                        enterprise_id=post,
                        opened={
                            "detected_at": "2027-02-03T14:10:00+07:00",
                            "district": "Tân An",
                            "services": ["postal"],
                            "severity": "minor",
                            "description": "Mất kết nối mạng nội bộ tại bưu cục trung tâm, tạm nhận bưu phẩm bằng sổ",
                        },
                        responders=[],
                        updates=[
                            ("Đã khởi động lại thiết bị mạng", "2027-02-03T14:50:00+07:00", "2027-02-03T14:50:00+07:00")
                        ],
                        resolve={
                            "cause": "Thiết bị chuyển mạch treo",
                            "closing_note": "Đã nhập lại các bưu phẩm nhận bằng sổ",
                        },
                        now=now,
                    ),
                    "the outage at the post office in Tân An (Bưu điện)",
                )
            )
    recorded = [what for outcome, what in made if outcome]
    waiting = sum(1 for outcome, _ in made if outcome is None)
    if recorded:
        print(f"devstack: incidents demo: recorded, or a step of it: {'; '.join(recorded)}")
    elif not waiting:
        print("devstack: incidents demo already loaded; nothing to do")
    if waiting:
        print(
            f"devstack: incidents demo: {waiting} incident(s) not detected yet at {vntime.clock(now)} (the stack's "
            "clock): they wait for a later load"
        )
