"""Demo data: the Department's inspection plans (issue 15, part 5) for Tết Đinh Mùi 2027 — planned
inspections before, during and after Tết, one done with its finding, one overdue (its day has passed
without a finding), a surprise one still hidden from its enterprise, and a surprise one revealed by its
finding. Planned by the demo's inspector; loaded once (skipped when the campaign has plans already).

Three plans' days move with the stack's clock (`make run --at`: a few days before its final moment), so what they say
is written for their day (`post_office_plan`, `patrol_finding`): before, during or after Tết, a deadline after the
day it was set on (QZ27 #15: at 16/02 a finding recorded on mùng 4 asked for its fix "trước ngày 23 tháng Chạp")."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import httpx

from devstack import local_http
from lichtruc.vntime import at_local, date_said, local_day, lunar_day_name

LUNAR_YEAR = 2027
WINDOW = (date(2026, 11, 1), date(2027, 5, 16))  # what roster accepts for this campaign's plans (±90 days)
INSPECTORS = ["Lê Văn Thành", "Phạm Thị Hồng", "Nguyễn Quốc Việt"]
KITCHEN_GODS = date(2027, 1, 30)  # 23 tháng Chạp, the campaign's first day (devstack.demo.FIRST_DAY)
TET_EVE = date(2027, 2, 5)  # 29 tháng Chạp Bính Ngọ, giao thừa's evening (devstack.demo.GIAO_THUA)
CAMPAIGN_LAST = date(2027, 2, 15)  # mùng 10 Tết, the campaign's last day (devstack.demo.TET_ENDS, excluded)


def _past(days: int, today: date) -> date:
    """A day `days` before today, kept inside the campaign's planning window (overdue once today is past it)."""
    return min(max(today - timedelta(days=days), WINDOW[0]), WINDOW[1])


def _day_said(day: date) -> str:
    """ "09/02/2027 (mùng 4 tháng Giêng)": a deadline inside a sentence."""
    name = lunar_day_name(day)
    return f"{date_said(day)} ({name[:1].lower()}{name[1:]})" if name else date_said(day)


def post_office_plan(day: date) -> dict:
    """The post office's inspection held on `day` and its finding, as said before, during or after Tết."""
    if day < TET_EVE:
        purpose = "Kiểm tra phương án phát hành báo Xuân, chuyển phát hoa, bưu phẩm dịp Tết"
        found = "Đủ nhân lực và phương tiện phục vụ phát hành báo Xuân và chuyển phát dịp Tết."
        if day < KITCHEN_GODS:
            asked = "Niêm yết giờ mở cửa dịp Tết tại các điểm giao dịch trước 23 tháng Chạp."
        else:
            asked = f"Niêm yết giờ mở cửa dịp Tết tại các điểm giao dịch còn thiếu ngay trong ngày {_day_said(day)}."
    elif day <= CAMPAIGN_LAST:
        purpose = "Kiểm tra phát hành báo Xuân, chuyển phát hoa, bưu phẩm trong dịp Tết"
        found = "Đủ nhân lực và phương tiện phục vụ phát hành báo Xuân và chuyển phát dịp Tết."
        asked = "Giữ niêm yết giờ mở cửa dịp Tết tại các điểm giao dịch đến hết mùng 10 Tết."
    else:
        purpose = "Kiểm tra sau Tết: phát hành báo Xuân, chuyển phát hoa, bưu phẩm dịp Tết"
        found = "Sổ sách cho thấy đủ nhân lực và phương tiện đã phục vụ phát hành báo Xuân và chuyển phát dịp Tết."
        asked = "Thay niêm yết giờ mở cửa dịp Tết bằng giờ mở cửa thường lệ tại các điểm giao dịch."
    return {"purpose": purpose, "finding": {"result": "compliant", "text": found, "recommendations": asked}}


def patrol_finding(day: date) -> dict:
    """The surprise patrol inspection's finding on `day`: its fix asked within three days of it (by 23 tháng Chạp
    while that is still three days off)."""
    by = day + timedelta(days=3)
    deadline = "23 tháng Chạp" if by <= KITCHEN_GODS else _day_said(by)
    return {
        "result": "issues_found",
        "text": "Sổ tuần tra ghi chưa đầy đủ; bình chữa cháy tại trạm đã hết hạn kiểm định.",
        "recommendations": f"Thay bình chữa cháy và ghi sổ tuần tra đủ từng ca trước ngày {deadline}.",
    }


def plans(today: date) -> list[dict]:
    """The demo's plans: (enterprise, site or None, day, purpose, surprise, finding or None)."""
    return [
        {
            "enterprise": "VNPT Long An",
            "day": date(2027, 1, 27),
            "purpose": "Kiểm tra công tác chuẩn bị trực Tết: phương án ứng cứu thông tin, nguồn điện dự phòng",
        },
        {
            "enterprise": "Viettel Long An",
            "day": date(2027, 2, 7),
            "purpose": "Kiểm tra ca trực mùng 2 Tết tại Trung tâm Kỹ thuật",
        },
        {
            "enterprise": "MobiFone Long An",
            "day": date(2027, 2, 17),
            "purpose": "Kiểm tra sau Tết: sổ trực, xử lý sự cố trong dịp Tết",
        },
        {"enterprise": "Bưu điện tỉnh Long An", "day": _past(10, today), **post_office_plan(_past(10, today))},
        {
            "enterprise": "Đài Phát thanh và Truyền hình Long An",
            "day": _past(3, today),
            "purpose": "Kiểm tra thiết bị phát sóng dự phòng và phương án phòng cháy chữa cháy",
        },
        {
            "enterprise": "VNPT Long An",
            "site": "Trạm viễn thông Hưng Điền",
            "day": date(2027, 2, 5),
            "purpose": "Kiểm tra đột xuất ca trực đêm giao thừa tại trạm biên giới",
            "surprise": True,
        },
        {
            "enterprise": "Viettel Long An",
            "site": "Trạm BTS Thái Bình Trung",
            "day": _past(7, today),
            "purpose": "Kiểm tra đột xuất công tác tuần tra, canh gác tại trạm biên giới",
            "surprise": True,
            "finding": patrol_finding(_past(7, today)),
        },
    ]


FINDINGS_AT = time(16, 0)
"""`make run` records a finding at this hour of the inspection's day (`findings_moments`, `devstack.phases`)."""


def findings_moments(today: date) -> list[datetime]:
    """When `make run` records the demo's findings: the afternoon of each inspection's day (`today`: the day of the
    stack's final moment, which the plans' days are counted from)."""
    return sorted(at_local(p["day"], FINDINGS_AT) for p in plans(today) if p.get("finding"))


def load(
    client: httpx.Client, password: str, *, now: datetime, today: date | None = None, findings: bool = True
) -> None:
    """Plan the demo's inspections as the demo inspector, unless the campaign has plans already. `today`: the day
    the plans' days are counted from (default: `now`'s; `make run` plans them days ahead, counted from its final
    moment's day); `findings`: record the findings of the plans whose day has come (`make run` records each on
    its day, `record_findings`)."""
    from devstack import demo  # here: devstack.demo imports this package

    campaigns = client.get("/campaigns", params={"lunar_year": LUNAR_YEAR, "kind": "tet"}).json()["items"]
    if not campaigns:
        return
    campaign_id = campaigns[0]["id"]
    if client.get("/inspections", params={"campaign_id": campaign_id, "limit": 1}).json()["items"]:
        print("devstack: demo inspection plans already loaded; nothing to do")
        return
    today = today or local_day(now)
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    token = demo.sign_in(str(client.base_url).rstrip("/"), demo.INSPECTOR_LOGIN, password)
    headers = local_http.bearer(token)
    made = moved = 0
    for p in plans(today):
        # roster plans no day gone (Vietnam time): loaded after its day, a plan is made for today, and its finding
        # (if it has one) recorded with the day it was held.
        day = max(p["day"], local_day(now))
        moved += day != p["day"]
        enterprise_id = enterprises[p["enterprise"]]
        site_id = None
        if p.get("site"):
            sites = client.get("/sites", params={"enterprise_id": enterprise_id, "limit": 100}).json()["items"]
            site_id = next(s["id"] for s in sites if s["name"] == p["site"])
        created = client.post(
            "/inspections",
            headers=headers,
            json={
                "campaign_id": campaign_id,
                "enterprise_id": enterprise_id,
                "site_id": site_id,
                "planned_on": day.isoformat(),
                "purpose": p["purpose"],
                "inspectors": INSPECTORS[:2] if p.get("surprise") else INSPECTORS,
                "surprise": bool(p.get("surprise")),
            },
        )
        if created.status_code != 201:
            raise RuntimeError(f"planning the demo inspection failed: {created.status_code} {created.text[:300]}")
        made += 1
        if findings and p.get("finding") and p["day"] <= local_day(now):
            done = client.post(
                f"/inspections/{created.json()['id']}/finding",
                headers={**headers, "If-Match": '"1"'},
                json={**p["finding"], "held_on": p["day"].isoformat()},
            )
            if done.status_code != 200:
                raise RuntimeError(f"recording the demo finding failed: {done.status_code} {done.text[:300]}")
    print(f"devstack: {made} demo inspection plans (two surprise ones, one still hidden)")
    if moved:
        print(f"devstack: {moved} of them planned for today, their own day being past (roster plans no day gone)")


def record_findings(client: httpx.Client, password: str, *, now: datetime, today: date) -> int:
    """The demo inspector records the findings of the plans (counted from `today`) whose day has come by `now` and
    that have none yet; how many."""
    campaigns = client.get("/campaigns", params={"lunar_year": LUNAR_YEAR, "kind": "tet"}).json()["items"]
    if not campaigns:
        return 0
    from devstack import demo  # here: devstack.demo imports this package

    token = demo.sign_in(str(client.base_url).rstrip("/"), demo.INSPECTOR_LOGIN, password)
    headers = local_http.bearer(token)
    found = client.get("/inspections", params={"campaign_id": campaigns[0]["id"], "limit": 100}, headers=headers)
    found.raise_for_status()
    by_purpose = {i["purpose"]: i for i in found.json()["items"]}
    recorded = 0
    for p in plans(today):
        inspection = by_purpose.get(p["purpose"])
        if not p.get("finding") or p["day"] > local_day(now) or inspection is None or inspection["finding"]:
            continue
        done = client.post(
            f"/inspections/{inspection['id']}/finding",
            headers={**headers, "If-Match": f'"{inspection["version"]}"'},
            json=p["finding"],
        )
        if done.status_code != 200:
            raise RuntimeError(f"recording the demo finding failed: {done.status_code} {done.text[:300]}")
        recorded += 1
    if recorded:
        print(f"devstack: {recorded} demo inspection finding(s) recorded on the inspection's day")
    return recorded
