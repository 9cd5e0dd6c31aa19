"""Demo data: daily situation reports (issue 15, part 2), submitted by each enterprise's manager account through
roster's API, as a manager sends them.

* VNPT Long An: 29 tháng Chạp (05/02/2027) submitted, then corrected as version 2 (the fibre cut at
  Hưng Điền restored); mùng 1 Tết (06/02) submitted.
* Viettel Long An: 29 tháng Chạp submitted; mùng 1 Tết missing (the portal's test sends it, late).
* MobiFone Long An: mùng 1 Tết submitted.
* Every day before (23 to 28 tháng Chạp, 30/01–04/02), and the days to mùng 1 the above leave out: each enterprise's
  routine report at 08:03 the next morning, on time (QZ26 #9: at 22:30 on giao thừa no report had been sent, and
  every enterprise read as negligent in the inspectors' views) — but Bưu điện tỉnh Long An's, the one late on
  purpose: 23 to 27 tháng Chạp sent at 18:03 the next day, after the deadline ("nộp muộn"), none from 28 tháng Chạp
  on ("Thiếu (quá hạn)" once each day's deadline — 09:00 on the next day — has passed; audit's
  `GET /daily-reports/status?...&at=2027-02-07T09:00:00+07:00` shows it before that date).

Only the reports due by the stack's `now` are submitted (roster refuses a day's report before the day begins; each
is sent at its moment): under `make run`'s test clock (10:00 on mùng 2 Tết unless told otherwise) all of them; on an
earlier clock the others wait for a later load. The routine reports' moments are those of the 08:03 and 18:03
check-ins (`devstack.phases`), so that they add no phase of their own.

Idempotent: a day that already has a report is left as it is."""

from __future__ import annotations

from datetime import date, datetime, timedelta

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


LATE_ENTERPRISE = "Bưu điện tỉnh Long An"
"""The enterprise late on purpose: its routine reports sent after the deadline, then none (`routine`)."""
LATE_UNTIL = date(2027, 2, 3)
"""The last day whose report `LATE_ENTERPRISE` sends (late); from the next on it sends none."""
LAST_DAY = date(2027, 2, 6)
"""The last day the demo reports on (mùng 1 Tết): the days after are the stack's to come."""
NOT_SENT = {("Viettel Long An", "2027-02-06")}
"""A report left unsent on purpose besides `LATE_ENTERPRISE`'s (the portal's test sends Viettel's mùng 1, late)."""
ROUTINE = "Không có gì bất thường; mạng lưới và các điểm trực hoạt động bình thường."
ROUTINE_LATE = "Các bưu cục, điểm giao dịch hoạt động bình thường; gửi bổ sung do chậm tổng hợp."


def routine() -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """Every enterprise's report of every day from the campaign's first to `LAST_DAY` that `REPORTS` does not write:
    sent at 08:03 the next morning, before the 09:00 deadline — `LATE_ENTERPRISE`'s at 18:03, after it, until
    `LATE_UNTIL`, then none; `NOT_SENT` none."""
    written = {(name, day) for name, day, _ in REPORTS} | NOT_SENT
    found = []
    for n in range((LAST_DAY - demo.FIRST_DAY).days + 1):
        day = demo.FIRST_DAY + timedelta(days=n)
        after = day + timedelta(days=1)
        for e in demo.ENTERPRISES:
            if (e.name, day.isoformat()) in written:
                continue
            if e.name != LATE_ENTERPRISE:
                found.append((e.name, day.isoformat(), ((ROUTINE, f"{after}T08:03:00+07:00"),)))
            elif day <= LATE_UNTIL:
                found.append((e.name, day.isoformat(), ((ROUTINE_LATE, f"{after}T18:03:00+07:00"),)))
    return tuple(found)


def every_report() -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """`REPORTS` and the `routine` ones, in the order they are first sent (so each enterprise's numbers follow it)."""
    return sorted([*REPORTS, *routine()], key=lambda r: (datetime.fromisoformat(r[2][0][1]), r[0]))


def moments() -> list[datetime]:
    """When the demo's reports are submitted (`make run` loads each at its moment, `devstack.phases`)."""
    return sorted({datetime.fromisoformat(at) for _, _, versions in every_report() for _, at in versions})


def load(client: httpx.Client, password: str, *, now: datetime) -> None:
    """Submit the demo's reports (the versions due by `now`: each at its moment, or all of a day that has begun by
    `now` on a one-moment load after them) as the enterprises' managers (the roster client is the
    administrator's)."""
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    leaders = {e.name: e.leaders[0] for e in demo.ENTERPRISES}
    tokens: dict[str, str] = {}  # each manager signed in once a load
    submitted, corrected, waiting = 0, 0, 0
    for name, day, versions in every_report():
        due = [remarks for remarks, at in versions if datetime.fromisoformat(at) <= now]
        if vntime.at_local(date.fromisoformat(day)) > now or len(due) < len(versions):
            waiting += len(versions) - len(due)
        enterprise_id = enterprises[name]
        found = client.get("/daily-reports", params={"enterprise_id": enterprise_id, "day": day})
        found.raise_for_status()
        already = len(found.json()["items"])
        if already >= len(due):
            continue
        if name not in tokens:
            people = client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
            login = next(p["email"] for p in people if p["full_name"] == leaders[name])
            tokens[name] = demo.sign_in(str(client.base_url).rstrip("/"), login, password)
        token = tokens[name]
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
            corrected += response.json()["version"] > 1
    if submitted:
        said = " (one corrected as version 2)" if corrected else ""
        print(
            f"devstack: daily reports: {submitted} submitted{said}; {LATE_ENTERPRISE} late on purpose (sent after the "
            "deadline, then not at all), and Viettel Long An's of mùng 1 not sent"
        )
    elif not waiting:
        print("devstack: daily reports already loaded; nothing to do")
    if waiting:
        print(
            f"devstack: daily reports: {waiting} wait for their moment (the stack's clock reads "
            f"{vntime.clock(now)}): a later load submits them"
        )
