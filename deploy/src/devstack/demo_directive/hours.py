"""Demo data: Tết hours of post offices and transaction points (issue 15, part 3; `lichtruc.counters`). Three
publish their hours (closed on mùng 1 Tết, shorter hours on giao thừa, one closed on mùng 2 too) as their
enterprise's manager: VNPT's and Viettel's transaction points and the provincial post office's central post
office in Tân An (a "bưu cục", registered by `demo.py`). The provincial post office's other places publish
nothing — its district post office in Tân Hưng (`demo.py`), its transaction point in Bến Lức (`demo.py`) and its
commune point in Hưng Điền (registered here) —, so that the demo shows both: audit lists them as missing once the
deadline (the campaign's first day) has passed, and notifier names them to the post office's managers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx

from devstack import demo, local_http

GIAO_THUA = date(2027, 2, 5)  # 29 tháng Chạp Bính Ngọ, the last day of the year
MUNG_1 = date(2027, 2, 6)
MORNING = {"opens": "07:30", "closes": "11:30"}
AFTERNOON = {"opens": "13:30", "closes": "17:00"}

# (enterprise, place, its kind, district, publishes, days closed besides mùng 1); a place demo.py has not
# registered is registered here.
POINTS = [
    ("VNPT Long An", "Điểm giao dịch VNPT Tân An", "transaction_point", "Tân An", True, ()),
    (
        "Viettel Long An",
        "Cửa hàng Viettel Kiến Tường",
        "transaction_point",
        "Mộc Hóa",
        True,
        (MUNG_1 + timedelta(days=1),),
    ),
    ("Bưu điện tỉnh Long An", "Bưu điện Trung tâm Tân An", "post_office", "Tân An", True, ()),
    ("Bưu điện tỉnh Long An", "Bưu điện Văn hóa xã Hưng Điền", "transaction_point", "Tân Hưng", False, ()),
]


def _day(day: date, closed: tuple[date, ...]) -> dict:
    if day == MUNG_1 or day in closed:
        return {"day": day.isoformat(), "open": False, "note": "Nghỉ Tết"}
    if day == GIAO_THUA:
        return {"day": day.isoformat(), "open": True, "sessions": [MORNING], "note": "Nghỉ chiều giao thừa"}
    return {"day": day.isoformat(), "open": True, "sessions": [MORNING, AFTERNOON]}


def _ok(response: httpx.Response, what: str) -> dict:
    if response.status_code not in (200, 201):
        raise RuntimeError(
            f"loading the demo's Tết hours failed: {what} answered {response.status_code}: {response.text[:300]}"
        )
    return response.json()


def load(client: httpx.Client, password: str, *, now: datetime) -> None:
    campaigns = _ok(client.get("/campaigns", params={"lunar_year": demo.LUNAR_YEAR, "kind": "tet"}), "GET /campaigns")
    campaign = campaigns["items"][0]
    days = [demo.FIRST_DAY + timedelta(days=i) for i in range(demo.DAYS)]
    enterprises = {
        e["name"]: e["id"] for e in _ok(client.get("/enterprises", params={"limit": 100}), "GET /enterprises")["items"]
    }
    leaders = {e.name: e.leaders[0] for e in demo.ENTERPRISES}
    published = 0
    for enterprise, name, kind, district, publishes, closed in POINTS:
        enterprise_id = enterprises[enterprise]
        sites = _ok(client.get("/sites", params={"enterprise_id": enterprise_id, "limit": 100}), "GET /sites")["items"]
        site = next((s for s in sites if s["name"] == name), None)
        if site is None:
            body = {"enterprise_id": enterprise_id, "name": name, "kind": kind, "district": district}
            site = _ok(client.post("/sites", json=body), "POST /sites")
        if not publishes:
            continue
        path = f"/sites/{site['id']}/tet-hours"
        current = _ok(client.get(path, params={"campaign_id": campaign["id"]}), f"GET {path}")
        if current["published_version"]:
            continue
        staff = _ok(client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}), "GET /staff")["items"]
        login = next(p["email"] for p in staff if p["full_name"] == leaders[enterprise])
        manager = local_http.bearer(demo.sign_in(str(client.base_url).rstrip("/"), login, password))
        schedule = {"campaign_id": campaign["id"], "days": [_day(d, closed) for d in days]}
        saved = _ok(
            client.put(path, json=schedule, headers={**manager, "If-Match": f'"{current["version"]}"'}), f"PUT {path}"
        )
        _ok(
            client.post(
                f"{path}/publish",
                json={"campaign_id": campaign["id"]},
                headers={**manager, "If-Match": f'"{saved["version"]}"'},
            ),
            f"POST {path}/publish",
        )
        published += 1
    if published:
        places = "place" if published == 1 else "places"
        print(
            f"devstack: Tết hours published for {published} {places} (post offices, transaction points; others left without)"
        )
