"""Demo data: daily situation reports (issue 15, part 2), submitted by each enterprise's manager account.

* VNPT Long An: 29 tháng Chạp (05/02/2027) submitted, then corrected as version 2 (the fibre cut at
  Hưng Điền restored); mùng 1 Tết (06/02) submitted.
* Viettel Long An: 29 tháng Chạp submitted; mùng 1 Tết missing.
* MobiFone Long An: mùng 1 Tết submitted.
* The other enterprises: no report (missing once each day's deadline — 09:00 on the next day — has passed;
  audit's `GET /daily-reports/status?...&at=2027-02-07T09:00:00+07:00` shows it before that date).

Only the reports of days that have begun by the stack's `now` are submitted (roster refuses a day's report before
the day begins): under `make run`'s test clock (10:00 on mùng 2 Tết unless told otherwise) all of them; on an
earlier clock the others wait for a later load.

Idempotent: a day that already has a report is left as it is."""

from __future__ import annotations

from datetime import date, datetime

import httpx

from devstack import demo, local_http
from lichtruc import vntime

# (enterprise, day, (remarks, when it is submitted) of each version): each before its day's deadline (09:00 on the
# next day), after what it tells — VNPT's first version of giao thừa after the fibre cut at 23:40, its correction
# after the service came back at 01:55.
REPORTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "VNPT Long An",
        "2027-02-05",
        (
            (
                "Đêm giao thừa: đứt cáp quang tuyến vào xã biên giới Hưng Điền lúc 23:40, đội ứng cứu đang xử lý.",
                "2027-02-06T00:30:00+07:00",
            ),
            (
                "Bổ sung: dịch vụ tại xã Hưng Điền đã khôi phục lúc 01:55 ngày mùng 1 Tết; các trạm khác hoạt động "
                "bình thường.",
                "2027-02-06T02:10:00+07:00",
            ),
        ),
    ),
    (
        "VNPT Long An",
        "2027-02-06",
        (("Mạng lưới ổn định; lưu lượng tăng cao lúc giao thừa, đáp ứng tốt.", "2027-02-07T07:40:00+07:00"),),
    ),
    ("Viettel Long An", "2027-02-05", (("Không có gì bất thường.", "2027-02-06T07:30:00+07:00"),)),
    (
        "MobiFone Long An",
        "2027-02-06",
        (("Lưu lượng tin nhắn chúc Tết tăng gấp 3 lần, mạng đáp ứng tốt.", "2027-02-07T07:40:00+07:00"),),
    ),
)


def moments() -> list[datetime]:
    """When the demo's reports are submitted (`make run` loads each at its moment, `devstack.phases`)."""
    return sorted({datetime.fromisoformat(at) for _, _, versions in REPORTS for _, at in versions})


def load(client: httpx.Client, password: str, *, now: datetime) -> None:
    """Submit the demo's reports (the versions due by `now`: each at its moment, or all of a day that has begun by
    `now` on a one-moment load after them) as the enterprises' managers (the roster client is the
    administrator's)."""
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    leaders = {e.name: e.leaders[0] for e in demo.ENTERPRISES}
    submitted, waiting = 0, 0
    for name, day, versions in REPORTS:
        due = [remarks for remarks, at in versions if datetime.fromisoformat(at) <= now]
        if vntime.at_local(date.fromisoformat(day)) > now or len(due) < len(versions):
            waiting += len(versions) - len(due)
        enterprise_id = enterprises[name]
        found = client.get("/daily-reports", params={"enterprise_id": enterprise_id, "day": day})
        found.raise_for_status()
        already = len(found.json()["items"])
        if already >= len(due):
            continue
        people = client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
        login = next(p["email"] for p in people if p["full_name"] == leaders[name])
        token = demo.sign_in(str(client.base_url).rstrip("/"), login, password)
        for remarks in due[already:]:
            response = client.post(
                "/daily-reports",
                json={"enterprise_id": enterprise_id, "day": day, "remarks": remarks},
                headers=local_http.bearer(token),
            )
            if response.status_code != 201:
                raise RuntimeError(
                    f"loading the daily report demo failed: {name} {day} answered {response.status_code}: "
                    f"{response.text[:500]}"
                )
            submitted += 1
    if submitted:
        print(f"devstack: daily reports: {submitted} submitted (one corrected as version 2), the rest missing")
    elif not waiting:
        print("devstack: daily reports already loaded; nothing to do")
    if waiting:
        print(
            f"devstack: daily reports: {waiting} wait for their moment (the stack's clock reads "
            f"{vntime.clock(now)}): a later load submits them"
        )
