"""Demo data: the duty day at the stack's `now` — a shift for each demo staff account to check in to, and the
check-ins of the shifts under way.

* Each enterprise's demo staff account (its first operator: anhptn@vnpt-longan.vn, nhunglth@viettel-longan.vn,
  nhitty@mobifone-longan.vn, vyptt@buudien-longan.vn, tamltt@la34-longan.vn) gets a published operations shift
  "Tăng cường trực Tết" starting 25–30 minutes after `now` (roster opens check-in CHECK_IN_LEAD before the start;
  the person is not on duty yet for the first 25 minutes of the stack's life, which tests rely on),
  four hours long — unless that person already has a shift whose check-in is open at `now`. None is made where it
  would fill a deliberate gap: the post office's operations at giao thừa (it has nobody extra there). Such a shift
  may carry roster's warning of a short rest after the person's night shift: the warning is honest, kept.
* The people on the Tết shifts under way at `now` check in, each as themselves with their own token (an account
  is made for each, with the administrator's development password), except the demo staff accounts (their
  check-ins are left to whoever tries the demo) and the shifts of MISSED, whose missed check-ins the daily reports
  and the duty board show. Roster records a check-in at its clock (there is no back door to an earlier time):
  `make run` loads them a few minutes after each shift's start on a stack whose clock is moved to that moment
  (`devstack.phases`, `check_in_begun`) — every shift of the demo's roster begun before the final moment, so
  none before it reads "Không điểm danh" — and they read on time; a load at one moment (`load`: the tests', a
  repeated `make run`'s) checks in the shifts under way at that moment, late where one began more than 15 minutes
  earlier.

The one-moment load only when `now` is inside the Tết campaign (before it, its shifts are not under way; after it,
they are over, and roster takes no check-in to a shift ended). `make run --at` a moment after the campaign
(QZ27 #3: at 09:00 16/02 nothing was checked in, every past shift read as an absence) checks in every shift of it as
it began (`devstack.phases`), but the same few no-shows as on giao thừa night: MISSED's shifts under way at
`NO_SHOWS_AT` (`no_shows_at`).
Idempotent: a person with a shift open to check in gets no other, nor one roster refuses as overlapping a shift of
theirs (a data folder loaded at another moment, `run --at`: said, and skipped); a shift checked in already is left
as it is."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import httpx

from devstack import demo, local_http
from lichtruc import vntime

CHECK_IN_LEAD = timedelta(minutes=30)
"""Roster's check-in window opens this long before a shift's start (ROSTER_CHECK_IN_LEAD_MINUTES, 30 by default)."""
STARTS_IN = timedelta(minutes=30)
"""A demo staff account's shift starts this long after `now` (floored to 5 minutes): its check-in is open."""
LENGTH = timedelta(hours=4)
NOTES = "Tăng cường trực Tết"
MISSED: frozenset[tuple[str, str]] = frozenset(
    {
        ("Viettel Long An", "patrol"),  # the border patrol at Thái Bình Trung, where the power failed on mùng 2
        ("Bưu điện tỉnh Long An", "incident_response"),
        ("Đài Phát thanh và Truyền hình Long An", "operations"),
    }
)
"""(enterprise, duty type): the shifts under way at `now` whose people do not check in — the missed check-ins."""
NO_SHOWS_AT = datetime(2027, 2, 5, 23, 0, tzinfo=timezone(timedelta(hours=7)))
"""23:00 on giao thừa night (demo.GIAO_THUA's start and five hours; demo imports this module): a stack whose clock is past the campaign leaves MISSED's shifts under way then unchecked
(their night shifts from 18:00), as one on that night does — not every shift of MISSED's duty types."""


def no_shows_at(final: datetime) -> datetime:
    """The moment MISSED's shifts under way at are left unchecked: the stack's final moment while the campaign lasts,
    after it `NO_SHOWS_AT` (before it, nothing is under way, and nothing is checked in)."""
    return final if final < demo.TET_ENDS else NO_SHOWS_AT


def left_missed(enterprise: str, duty_type: str, starts_at: datetime, ends_at: datetime, *, final: datetime) -> bool:
    """Whether a shift's people are left not checked in: MISSED's, under way at `no_shows_at(final)`."""
    at = no_shows_at(final)
    return (enterprise, duty_type) in MISSED and starts_at <= at < ends_at


def _checked(response: httpx.Response, what: str) -> dict:
    if response.status_code not in (200, 201):
        raise RuntimeError(
            f"loading the check-in demo failed: {what} answered {response.status_code}: {response.text[:500]}"
        )
    return response.json()


def _shifts(client: httpx.Client, *, at: datetime, until: datetime, **filters: str) -> list[dict]:
    """The published or checked-in shifts ending after `at` and starting before `until`."""
    params: dict[str, str | int | list[str]] = {
        "from": at.isoformat(),
        "to": until.isoformat(),
        "status": ["published", "checked_in"],
        "limit": 500,
    }
    return _checked(client.get("/shifts", params={**params, **filters}), "GET /shifts")["items"]


def demo_shift(now: datetime) -> tuple[datetime, datetime]:
    """The span of a demo staff account's shift at `now`: from 25–30 minutes later (a whole 5 minutes), 4 hours."""
    start = (now + STARTS_IN).astimezone(demo.ICT).replace(second=0, microsecond=0)
    start -= timedelta(minutes=start.minute % 5)
    return start, start + LENGTH


def _fills_a_gap(enterprise: demo.Enterprise, start: datetime, end: datetime) -> bool:
    """An operations shift would fill the post office's deliberate gap at giao thừa (one operator where the peak
    asks two)."""
    return not enterprise.reinforce_giao_thua and start < demo.GIAO_THUA[1] and end > demo.GIAO_THUA[0]


def load(client: httpx.Client, password: str, *, now: datetime) -> None:
    """Both at once, at `now`: the demo staff accounts' shifts, and the check-ins of the shifts under way."""
    if now >= demo.TET_ENDS:
        print(
            f"devstack: check-ins demo: Tết Đinh Mùi's campaign is over at {vntime.instant_label(now)} (the stack's "
            "clock): its shifts were checked in as each began (make run's phases), nothing is under way now"
        )
        return
    found = _campaign(client, now)
    if found is None:
        return
    made = add_demo_staff_shifts(client, now=now, found=found)
    checked = check_in(client, password, now=now, under_way_at=now, found=found)
    if not made and not checked:
        print("devstack: check-ins demo already loaded; nothing to do")


def _campaign(client: httpx.Client, now: datetime) -> tuple[str, dict[str, str]] | None:
    """The Tết campaign's id and the enterprises' ids by name; None (said) when `now` is outside the campaign or
    the demo is not there."""
    if not demo.TET_BEGINS <= now < demo.TET_ENDS:
        print("devstack: check-ins demo skipped: the stack's clock is outside Tết Đinh Mùi's campaign")
        return None
    campaigns = _checked(client.get("/campaigns", params={"lunar_year": demo.LUNAR_YEAR, "kind": "tet"}), "campaigns")
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    if not campaigns["items"] or any(e.name not in enterprises for e in demo.ENTERPRISES):
        print("devstack: check-ins demo skipped (the demo campaign or enterprises are not there)")
        return None
    return campaigns["items"][0]["id"], enterprises


_KNOWN: dict[tuple[str, str], object] = {}
"""What a load has looked up once and does not change (the demo staff accounts' records, the people's logins), by
roster's address and id: `make run`'s phases check people in at some thirty moments."""


def _demo_staff(client: httpx.Client, enterprise_id: str, enterprise: demo.Enterprise) -> dict:
    key = (f"{client.base_url}demo-staff", enterprise_id)
    if key not in _KNOWN:
        people = client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
        _KNOWN[key] = next(p for p in people if p["full_name"] == enterprise.operators[0])
    found = _KNOWN[key]
    assert isinstance(found, dict)
    return found


def add_demo_staff_shifts(
    client: httpx.Client, *, now: datetime, found: tuple[str, dict[str, str]] | None = None
) -> int:
    """Each demo staff account's shift to check in to at `now` (see the module); how many were made."""
    found = found or _campaign(client, now)
    if found is None:
        return 0
    campaign_id, enterprises = found
    made: list[str] = []
    for e in demo.ENTERPRISES:
        enterprise_id = enterprises[e.name]
        person = _demo_staff(client, enterprise_id, e)
        start, end = demo_shift(now)
        open_now = _shifts(client, at=now, until=now + CHECK_IN_LEAD, staff_id=person["id"])
        if open_now or _fills_a_gap(e, start, end):
            continue
        response = client.post(
            "/shifts",
            json={
                "campaign_id": campaign_id,
                "enterprise_id": enterprise_id,
                "duty_type": "operations",
                "starts_at": start.isoformat(),
                "ends_at": end.isoformat(),
                "assignees": [{"staff_id": person["id"]}],
                "notes": NOTES,
                "status": "published",
            },
        )
        if response.status_code == 409:  # on duty then already (a data folder loaded at another moment): left so
            said = response.json().get("detail", "") if response.content else ""
            print(
                f"devstack: check-ins demo: no extra shift for {person['email']} at {vntime.span(start, end)}: {said}"
            )
            continue
        _checked(response, "POST /shifts")
        made.append(f"{person['email']} {vntime.span(start, end)}")
    if made:
        print("devstack: check-ins demo: a shift to check in to now for\n  " + "\n  ".join(made))
    return len(made)


def check_in(
    client: httpx.Client,
    password: str,
    *,
    now: datetime,
    under_way_at: datetime,
    found: tuple[str, dict[str, str]] | None = None,
) -> int:
    """The people of the Tết shifts under way at `under_way_at` that have begun by `now` check in, now, each as
    themselves — but the demo staff accounts and MISSED. Called at the stack's one moment (the tests' one-moment
    load, `load`), a check-in of a shift begun over 15 minutes earlier reads late; `make run` checks each shift in
    a few minutes after its start instead (`check_in_begun`). How many people were checked in."""
    found = found or _campaign(client, under_way_at)
    if found is None:
        return 0
    until = under_way_at + timedelta(seconds=1)
    shifts = [
        shift
        for shift in _shifts(client, at=under_way_at, until=until, campaign_id=found[0])
        if datetime.fromisoformat(shift["starts_at"]) <= min(now, under_way_at)  # not the demo staff's, to come
    ]
    return _check_in_people(client, password, shifts, now=now, final=under_way_at, enterprises=found[1])


def check_in_begun(client: httpx.Client, password: str, *, now: datetime, begun_at: datetime, final: datetime) -> int:
    """The people of the Tết shifts that began at `begun_at` check in, now, each as themselves — but, where the shift
    is not over by `final` (the stack's final moment), the demo staff accounts (theirs are left to whoever tries the
    demo) and MISSED (the missed check-ins the reports and the board show then). `make run` calls it a few minutes after each start of the
    demo's roster before its final moment (`devstack.phases`), so that roster records every check-in on time and
    no earlier shift reads "Không điểm danh". How many people were checked in."""
    found = _campaign(client, begun_at)
    if found is None:
        return 0
    shifts = [
        shift
        for shift in _shifts(client, at=begun_at, until=begun_at + timedelta(seconds=1), campaign_id=found[0])
        if datetime.fromisoformat(shift["starts_at"]) == begun_at
    ]
    return _check_in_people(client, password, shifts, now=now, final=final, enterprises=found[1])


def _check_in_people(
    client: httpx.Client,
    password: str,
    shifts: list[dict],
    *,
    now: datetime,
    final: datetime,
    enterprises: dict[str, str],
) -> int:
    """Each waiting person of `shifts` checks in as themselves (their account made once), but, on a shift not over by
    `final`, the demo staff accounts, and MISSED's shifts under way at `no_shows_at(final)`; how many did. The shifts are checked in side by side
    (a shift's own people one after the other, each check-in naming the version the last one made): `make run`
    checks in some thirty moments' shifts, several at each."""
    accounts = {_demo_staff(client, enterprises[e.name], e)["id"] for e in demo.ENTERPRISES}
    names = {v: k for k, v in enterprises.items()}
    missed: list[str] = []
    to_check: list[tuple[dict, list[tuple[dict, str]]]] = []  # (shift, [(assignee, login)])
    for shift in shifts:
        enterprise = names.get(shift["enterprise_id"], "")
        starts, ends = datetime.fromisoformat(shift["starts_at"]), datetime.fromisoformat(shift["ends_at"])
        over = ends <= final
        # The demo staff accounts' check-ins from the final moment on are left to whoever tries the demo.
        waiting = [
            a for a in shift["assignees"] if a["checked_in_at"] is None and (over or a["staff_id"] not in accounts)
        ]
        if left_missed(enterprise, shift["duty_type"], starts, ends, final=final):
            missed += [f"{a['full_name']} ({enterprise})" for a in waiting]
        elif waiting:
            # The logins are looked up (and the accounts made) here, one at a time, before any check-in.
            to_check.append((shift, [(a, _account(client, a["staff_id"], password)) for a in waiting]))
    with ThreadPoolExecutor(max_workers=4) as pool:
        checked = sum(pool.map(lambda job: _check_in_shift(client, password, *job), to_check))
    if checked:
        print(
            f"devstack: check-ins demo: {checked} people checked in at {vntime.instant_label(now)} (the stack's "
            "clock: late where the shift began over 15 minutes before); not checked in: "
            + (", ".join(missed) or "nobody")
        )
    return checked


def _check_in_shift(client: httpx.Client, password: str, shift: dict, people: list[tuple[dict, str]]) -> int:
    """`people` (each an assignee and their login) check in to `shift`, one after the other; how many did."""
    base = str(client.base_url).rstrip("/")
    version = shift["version"]
    for assignee, login in people:
        token = demo.sign_in(base, login, password)
        version = _checked(
            client.post(
                f"/shifts/{shift['id']}/check-in",
                json={"staff_id": assignee["staff_id"]},
                headers={**local_http.bearer(token), "If-Match": f'"{version}"'},
            ),
            f"checking in {assignee['full_name']}",
        )["version"]
    return len(people)


def _account(client: httpx.Client, staff_id: str, password: str) -> str:
    """The person's own staff account (made once; its login is their e-mail address)."""
    key = (f"{client.base_url}login", staff_id)
    if key not in _KNOWN:
        _KNOWN[key] = _make_account(client, staff_id, password)
    return str(_KNOWN[key])


def _make_account(client: httpx.Client, staff_id: str, password: str) -> str:
    person = _checked(client.get(f"/staff/{staff_id}"), "GET /staff")
    response = client.post(
        "/accounts",
        json={
            "login": person["email"],
            "display_name": person["full_name"],
            "role": "staff",
            "password": password,
            "staff_id": staff_id,
        },
    )
    if response.status_code not in (201, 409):  # 409: it exists already
        raise RuntimeError(
            f"creating the account of {person['full_name']} failed: {response.status_code} {response.text[:300]}"
        )
    return person["email"]
