"""Demo data: the readiness checklist before Tết (issue 15, part 4).

The inspector seeds the directive's items for the demo campaign, due by its readiness deadline — two of
them (maintenance of equipment and outside plant, the incident-response plan) earlier, two days before
the day the demo is loaded (or ten days before the deadline, if that comes first), so that some items are
overdue as of the demo's "now". Each enterprise's manager then marks part of the checklist done, with a
note and a document reference: VNPT Long An nearly all, the post office its delivery items, Viettel and
MobiFone a few, the television station nothing yet — a half-done checklist across the province."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from lichtruc.vntime import local_day

from .. import demo, local_http

EARLY = ("Kiểm tra, bảo dưỡng thiết bị và mạng ngoại vi", "Phương án ứng cứu khi xảy ra sự cố")
"""Due before the others: inspection and maintenance come first, so does the plan."""

DONE: dict[str, list[tuple[str, str, str]]] = {
    "VNPT Long An": [
        (
            "Kiểm tra, bảo dưỡng thiết bị và mạng ngoại vi",
            "Đã kiểm tra 42 trạm, thay 6 tổ ắc quy, chỉnh lại cáp quang tuyến Tân An – Tân Hưng.",
            "Biên bản số 118/BB-VNPT-KT",
        ),
        (
            "Phương án ứng cứu khi xảy ra sự cố",
            "Phương án ứng cứu thông tin Tết Đinh Mùi đã được giám đốc phê duyệt; đã diễn tập tại Hưng Điền.",
            "Kế hoạch số 25/KH-VNPT-LAN",
        ),
        (
            "Nguồn điện dự phòng",
            "12 máy phát điện đã chạy thử có tải; dầu đủ cho 72 giờ.",
            "Biên bản số 121/BB-VNPT-KT",
        ),
        (
            "Vật tư, thiết bị dự phòng",
            "Kho Tân An: đủ cáp, card dịch vụ, module nguồn dự phòng.",
            "Phiếu kiểm kê 07/PKK",
        ),
        (
            "Đủ kênh, đủ luồng cho giờ cao điểm",
            "Đã nâng dung lượng luồng liên tỉnh thêm 20 %, mở thêm kênh cho khu vực trung tâm.",
            "https://vnpt-longan.vn/tet-2027/dung-luong",
        ),
        ("Phương án tuần tra canh gác", "Lịch tuần tra các trạm biên giới đã giao cho tổ bảo vệ.", "Lịch số 03/LTT"),
    ],
    "Viettel Long An": [
        ("Nguồn điện dự phòng", "Đã kiểm tra máy nổ tại 18 trạm BTS.", "Biên bản số 45/BB-VTLAN"),
        (
            "Thiết bị bảo vệ, phương tiện PCCC",
            "Đã thay bình chữa cháy hết hạn tại trung tâm kỹ thuật.",
            "Biên bản kiểm tra PCCC số 12",
        ),
    ],
    "MobiFone Long An": [
        (
            "Phương án ứng cứu khi xảy ra sự cố",
            "Phương án ứng cứu đã ban hành.",
            "Quyết định số 31/QĐ-MOBIFONE-LAN",
        ),
    ],
    "Bưu điện tỉnh Long An": [
        (
            "Đủ nhân sự, phương tiện chuyển phát báo chí, bưu gửi, điện tín, điện hoa, thư công",
            "Bố trí 36 bưu tá và 8 xe tải nhẹ; tuyến phát báo Tết đến tất cả các xã.",
            "Kế hoạch số 14/KH-BĐT",
        ),
        ("Phương án tuần tra canh gác", "Bảo vệ trực 24/24 tại trung tâm khai thác.", "Lịch trực bảo vệ số 02"),
    ],
}


def _ok(response: httpx.Response, what: str) -> dict:
    if response.status_code not in (200, 201):
        raise RuntimeError(
            f"loading the readiness demo failed: {what} answered {response.status_code}: {response.text[:300]}"
        )
    return response.json()


ON_TIME_LEAD = timedelta(days=5)
"""With `on_time`, the EARLY items fall due this long before the readiness deadline (the others at it)."""


def load(client: httpx.Client, password: str, *, now: datetime, on_time: bool = False) -> None:
    """Seed the directive's items for the demo campaign and mark some done; nothing if it has items already.

    `on_time` (`make run`, which loads this days before the deadline, `devstack.phases`): the EARLY items fall due
    ON_TIME_LEAD before the deadline, after `now`, so that what is marked done now reads done on time and what is
    not reads overdue once their day has passed. Without it (a load at one moment: the tests', `--wall-clock`) they
    fall due two days before `now`, overdue at once, and marks made now may read late."""
    roster_url = str(client.base_url).rstrip("/")
    # The Tết campaign: the season's drills (one opened around today by `make run`, others by hand) come first
    # by date and have no readiness checklist of their own.
    campaigns = _ok(client.get("/campaigns", params={"lunar_year": demo.LUNAR_YEAR, "kind": "tet"}), "GET /campaigns")
    campaign = campaigns["items"][0]
    items_url = f"/campaigns/{campaign['id']}/readiness-items"
    if _ok(client.get(items_url, params={"limit": 1}), f"GET {items_url}")["total"]:
        print("devstack: readiness checklist already loaded; nothing to do")
        return
    inspector = demo.sign_in(roster_url, demo.INSPECTOR_LOGIN, password)
    as_inspector = local_http.bearer(inspector)
    seeded = _ok(client.post(f"{items_url}/directive", json={}, headers=as_inspector), f"POST {items_url}/directive")
    deadline = datetime.fromisoformat(seeded["items"][0]["due_at"])
    early = min(local_day(now) - timedelta(days=2), local_day(deadline) - timedelta(days=10))
    if on_time:
        early = max(local_day(deadline) - ON_TIME_LEAD, local_day(now) + timedelta(days=1))
    for item in seeded["items"]:
        if item["title_vi"] in EARLY:
            _ok(
                client.patch(
                    f"{items_url}/{item['id']}",
                    json={"due_date": early.isoformat()},
                    headers={**as_inspector, "If-Match": f'"{item["version"]}"'},
                ),
                f"PATCH {items_url}/{item['id']}",
            )
    enterprises = {
        e["name"]: e for e in _ok(client.get("/enterprises", params={"limit": 100}), "GET /enterprises")["items"]
    }
    leaders = {e.name: e.leaders[0] for e in demo.ENTERPRISES}
    marked = 0
    for name, done in DONE.items():
        enterprise = enterprises[name]
        # The demo's own manager of the enterprise (its leader), as the hours and reports demos sign in: another
        # manager account made by hand may be deactivated since.
        staff = _ok(client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": 500}), "GET /staff")
        login = next(p["email"] for p in staff["items"] if p["full_name"] == leaders[name])
        token = demo.sign_in(roster_url, login, password)
        items = {i["title_vi"]: i for i in seeded["items"] if i["sector"] == enterprise["sector"]}
        for title, note, reference in done:
            _ok(
                client.post(
                    f"/enterprises/{enterprise['id']}/readiness/{items[title]['id']}/done",
                    json={"note": note, "reference": reference},
                    headers=local_http.bearer(token),
                ),
                f"marking “{title}” done for {name}",
            )
            marked += 1
    print(
        f"devstack: readiness checklist: {seeded['created']} items of the directive (two due {early:%d/%m/%Y}), "
        f"{marked} marked done across the enterprises"
    )
