"""Demonstration data for `make run`, loaded through roster's public API (so that every
change also flows through Kafka to notifier and audit): Tết Đinh Mùi 2027 in Long An.

Five enterprises (VNPT, Viettel, MobiFone, the provincial post office, the provincial radio
and television station) with their sites — several in the border districts Tân Hưng, Vĩnh
Hưng, Đức Huệ and Mộc Hóa — 64 staff, whole-day requirements for leadership, operations and
incident response (two people at giao thừa), and a published roster for the whole campaign.

Border sites are covered site by site. The campaign keeps the Department's Tết defaults
(patrol around the clock at every border site of the telecom and internet enterprises), so
roster itself requires a patrol at VNPT's, Viettel's and MobiFone's border sites; their
guards patrol in day and night rounds, VNPT's one round covering both its border stations.
The radio and television station requires incident response at its transmitter in Mộc Hóa,
which its technicians' shifts cover. The post office's border office in Tân Hưng has no
site-level requirement (postal sites are outside the defaults) and nobody at it: "who was
at the border sites at 00:00 on mùng 1" lists it with nobody, which is not a gap.

The deliberate gaps for audit to find:

- MobiFone has no incident-response team on the night of mùng 2 Tết;
- the post office has nobody extra at giao thừa (one operator and one technician where the
  peak asks two);
- the radio and television station has no leader on duty on mùng 3 Tết;
- Viettel's border patrol at Vĩnh Hưng is missing on the night of 26 tháng Chạp.

Loading is skipped when the campaign already exists, so `make run` can be repeated.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import httpx

from devstack import demo_directive, local_http

LUNAR_YEAR = 2027
SHIFTS_AT_ONCE = 4  # requests in flight while the roster's shifts are posted
ICT = timezone(timedelta(hours=7))
FIRST_DAY = date(2027, 1, 30)  # 23 tháng Chạp Bính Ngọ, the Kitchen Gods' day
DAYS = 17  # to mùng 10 Tết Đinh Mùi (15 Feb), included
GIAO_THUA = (datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
BORDER_SECTORS = ("telecom", "internet")  # the campaign's default border_sectors (roster's Tết defaults)


@dataclass
class Enterprise:
    name: str
    sector: str
    domain: str
    manager_phone: str
    sites: list[tuple[str, str, str, bool]]  # name, kind, district, border area
    leaders: list[str]
    operators: list[str]
    technicians: list[str]
    guards: list[str] = field(default_factory=list)
    patrol_site: str | None = None  # where the guards' rounds start; they cover every border site of the enterprise
    transmitter: str | None = None  # a border site the technicians' shifts answer for (a site-level requirement)
    reinforce_giao_thua: bool = True
    missing: set[tuple[str, int]] = field(default_factory=set)  # (duty type, day index): deliberate gaps


ENTERPRISES = [
    Enterprise(
        "VNPT Long An",
        "telecom",
        "vnpt-longan.vn",
        "02723826000",
        [
            ("Trung tâm Điều hành thông tin VNPT Long An", "noc", "Tân An", False),
            ("Tổng đài Host Tân An", "exchange", "Tân An", False),
            ("Trạm viễn thông Hưng Điền", "exchange", "Tân Hưng", True),
            ("Trạm BTS Mỹ Thạnh Bắc", "base_station", "Đức Huệ", True),
        ],
        ["Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Lê Minh Tuấn"],
        ["Phạm Thị Ngọc Ánh", "Võ Văn Thành", "Huỳnh Thị Mỹ Linh", "Đặng Quốc Bảo"],
        ["Nguyễn Thị Ánh Tuyết", "Bùi Văn Phước", "Trương Công Danh", "Lâm Hoàng Phúc"],
        ["Đỗ Văn Tài", "Ngô Văn Lợi", "Cao Văn Sang"],
        patrol_site="Trạm viễn thông Hưng Điền",
    ),
    Enterprise(
        "Viettel Long An",
        "telecom",
        "viettel-longan.vn",
        "02723555888",
        [
            ("Trung tâm Kỹ thuật Viettel Long An", "noc", "Tân An", False),
            ("Trạm BTS Thái Bình Trung", "base_station", "Vĩnh Hưng", True),
            ("Trạm BTS Bến Lức 3", "base_station", "Bến Lức", False),
        ],
        ["Hồ Văn Dũng", "Phan Thị Kim Ngân", "Đoàn Quang Vinh"],
        ["Lê Thị Hồng Nhung", "Nguyễn Hữu Lộc", "Trần Quốc Khánh", "Dương Thị Thanh Thảo"],
        ["Châu Văn Hiếu", "Mai Thị Diễm My", "Tạ Minh Trí", "Nguyễn Thành Nhân"],
        ["Lý Văn Hòa", "Kiều Văn Sơn", "Trần Văn Bảy"],
        patrol_site="Trạm BTS Thái Bình Trung",
        missing={("patrol", 3)},  # 26 tháng Chạp
    ),
    Enterprise(
        "MobiFone Long An",
        "telecom",
        "mobifone-longan.vn",
        "02723666999",
        [
            ("Đài Điều hành MobiFone Long An", "noc", "Tân An", False),
            ("Trạm BTS Bình Hòa Tây", "base_station", "Mộc Hóa", True),
        ],
        ["Võ Thị Bích Trâm", "Nguyễn Đức Thắng", "Hà Văn Long"],
        ["Trịnh Thị Yến Nhi", "Phùng Văn Khải", "Lương Thị Cẩm Tú", "Tô Hoài Nam"],
        ["Đinh Văn Hậu", "Quách Thị Ngọc Hân", "Vương Minh Quân", "Âu Văn Kiệt"],
        ["Lê Văn Mến", "Phan Thanh Tùng", "Nguyễn Văn Út"],
        patrol_site="Trạm BTS Bình Hòa Tây",
        missing={("incident_response_night", 8)},  # the night of mùng 2 Tết
    ),
    Enterprise(
        "Bưu điện tỉnh Long An",
        "postal",
        "buudien-longan.vn",
        "02723822111",
        [
            ("Bưu điện Trung tâm Tân An", "post_office", "Tân An", False),
            ("Bưu điện huyện Tân Hưng", "post_office", "Tân Hưng", True),
            ("Điểm giao dịch Bến Lức", "transaction_point", "Bến Lức", False),
        ],
        ["Trần Văn Tâm", "Nguyễn Thị Kim Loan", "Lê Văn Chiến"],
        ["Phạm Thị Thúy Vy", "Huỳnh Văn Đạt", "Võ Thị Ngọc Trinh", "Nguyễn Văn Toàn"],
        ["Đặng Thị Hồng Gấm", "Bùi Quang Huy", "Hồ Thị Mai Phương", "Lê Hữu Nghĩa"],
        reinforce_giao_thua=False,
    ),
    Enterprise(
        "Đài Phát thanh và Truyền hình Long An",
        "television",
        "la34-longan.vn",
        "02723827777",
        [
            ("Trung tâm Tổng khống chế", "noc", "Tân An", False),
            ("Trạm phát sóng Mộc Hóa", "transmitter", "Mộc Hóa", True),
        ],
        ["Nguyễn Hoàng Sơn", "Trần Thị Ngọc Diễm", "Phan Văn Hải"],
        ["Lê Thị Thanh Tâm", "Võ Minh Nhựt", "Nguyễn Thị Ánh Nguyệt", "Trần Hữu Phát"],
        ["Dương Văn Lành", "Huỳnh Thị Kim Xuyến", "Nguyễn Tấn Lực", "Phạm Văn Ẩn"],
        transmitter="Trạm phát sóng Mộc Hóa",
        missing={("leadership", 9)},  # mùng 3 Tết
    ),
]
ENGLISH_SPEAKERS = {"Lâm Hoàng Phúc", "Mai Thị Diễm My"}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def _email(full_name: str, domain: str, taken: set[str]) -> str:
    # The Vietnamese office habit: given name plus the initials of the others (Nguyễn Văn Hùng → hungnv).
    words = _ascii(full_name).split()
    local = words[-1] + "".join(w[0] for w in words[:-1])
    candidate, n = local, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}{n}"
    taken.add(candidate)
    return f"{candidate}@{domain}"


def _phone(n: int) -> str:
    return f"09{(n * 7919 + 1234567) % 100_000_000:08d}"


def _clip(start: datetime, end: datetime) -> tuple[datetime, datetime] | None:
    lo = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=ICT)
    hi = lo + timedelta(days=DAYS)
    start, end = max(start, lo), min(end, hi)
    return (start, end) if start < end else None


def _at(day: int, hour: int) -> datetime:
    return datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), tzinfo=ICT) + timedelta(hours=hour)


Shift = tuple[str, datetime, datetime, list[str], str | None, list[str], str | None]


def roster(e: Enterprise) -> list[Shift]:
    """The enterprise's shifts: (duty type, start, end, people, site name, names of further sites
    covered, notes).

    Leaders take 24 h from 08:00 in turn; operators and technicians work 06:00–18:00 and
    18:00–06:00 in a three-person rotation that leaves a day between shifts; two more join at
    giao thừa; guards patrol the border sites in the same rotation, day and night, one round
    covering every border site of the enterprise; the technicians of an enterprise with a
    transmitter answer for it.
    """
    border = [name for name, _, _, is_border in e.sites if is_border]
    shifts: list[Shift] = []
    for d in range(-1, DAYS):  # day -1: the night shifts that reach into the campaign's first morning
        span = _clip(_at(d, 8), _at(d + 1, 8))
        if span and ("leadership", d) not in e.missing:
            shifts.append(("leadership", *span, [e.leaders[d % 3]], None, [], None))
        rounds: list[tuple[str, list[str], str | None, list[str]]] = [
            ("operations", e.operators, None, []),
            ("incident_response", e.technicians, None, [e.transmitter] if e.transmitter else []),
        ]
        if e.guards and e.patrol_site:
            rounds.append(("patrol", e.guards, e.patrol_site, [s for s in border if s != e.patrol_site]))
        for duty, people, site, covers in rounds:
            notes = "Tuần tra các trạm vùng biên giới" if duty == "patrol" else None
            day_span = _clip(_at(d, 6), _at(d, 18))
            if day_span:
                shifts.append((duty, *day_span, [people[d % 3]], site, covers, notes))
            night_span = _clip(_at(d, 18), _at(d + 1, 6))
            if night_span and (f"{duty}_night", d) not in e.missing and (duty, d) not in e.missing:
                shifts.append((duty, *night_span, [people[(d - 1) % 3]], site, covers, notes))
    if e.reinforce_giao_thua:
        for duty, people in (("operations", e.operators), ("incident_response", e.technicians)):
            shifts.append((duty, *GIAO_THUA, [people[3]], None, [], "Tăng cường đêm giao thừa"))
    return shifts


INSPECTOR_LOGIN = "thanh.tra@stttt.longan.gov.vn"
INSPECTOR_NAME = "Phan Thị Thu Hà"
"""The demo inspector's display name: a person's, as every account's is — pages say "Thanh tra {name}" (V3: named
after the office, "Thanh tra Sở Thông tin và Truyền thông", an answer read "Thanh tra Thanh tra Sở …")."""


@functools.cache
def _signing_in() -> httpx.Client:
    """One client for every sign-in of the process (an httpx client may be shared between threads): `httpx.post`
    made a client, TLS context included, for each, some 40 ms of CPU, and the demo's phased load signs in about 440
    times (each person checking in as themselves, at each phase)."""
    return local_http.client(timeout=30)


def sign_in(roster_url: str, login: str, password: str) -> str:
    """An access token from roster's login."""
    response = _signing_in().post(f"{roster_url}/auth/login", json={"login": login, "password": password})
    if response.status_code != 200:
        raise RuntimeError(f"signing in as {login} failed: {response.status_code} {response.text[:300]}")
    return response.json()["access_token"]


def load_demo_data(roster_url: str, *, login: str, password: str, now: datetime | None = None) -> None:
    """Load the demonstration campaign through roster's API as the administrator, unless it is
    already there. The demo's accounts (a manager and a staff member per enterprise, an inspector)
    get the administrator's development password. `now` is roster's clock (default: the wall clock;
    `make run` passes its test clock's): the directive's incidents and daily reports are recorded as
    far as they have happened by then (demo_directive)."""
    now = now or datetime.now(ICT)
    token = sign_in(roster_url, login, password)
    with local_http.signed(roster_url, token) as client:
        load_campaign(client, password)
        for part in demo_directive.PARTS:
            try:
                part(client, password, now=now)
            except (RuntimeError, httpx.HTTPError) as exc:
                # One part refused on data already there (QZ11: `run --at` on an existing folder stopped every
                # service on one 409): said, and the stack goes on with the rest of the demo.
                print(f"devstack: warning: {exc} — the rest of the demo is loaded and the stack goes on")


def load_campaign(client: httpx.Client, password: str) -> None:
    """The campaign with its enterprises, sites, staff, requirements and published roster (unless it is there
    already), and the demo's accounts; `client` is the administrator's, against roster."""

    def post(path: str, body: dict | None = None) -> dict:
        response = client.post(path, json=body)
        if response.status_code not in (200, 201):
            raise RuntimeError(
                f"loading the demo data failed: POST {path} answered {response.status_code}: {response.text[:500]}"
            )
        return response.json()

    existing = client.get("/campaigns", params={"lunar_year": LUNAR_YEAR, "kind": "tet"})
    existing.raise_for_status()
    if existing.json()["items"]:
        name = existing.json()["items"][0]["name"]
        print(f"devstack: demonstration data already loaded ({name}); nothing to do")
    else:
        _load(post)
    _ensure_accounts(client, password)
    _ensure_department(client)


DEPARTMENT = {
    "province": "Long An",
    "department": "Sở Thông tin và Truyền thông",
    "superior": "UBND TỈNH LONG AN",
    "place": "Long An",
    "report_recipients": ["Sở Thông tin và Truyền thông tỉnh Long An", "Lưu: VT"],
    "summary_recipients": ["Bộ Thông tin và Truyền thông", "UBND tỉnh Long An", "Lưu: VT"],
}
"""The demo's Department (Long An's), whose names its documents print; a system started without the demo has
none until an administrator sets it (the portal's "Thông tin Sở")."""


def _ensure_department(client: httpx.Client) -> None:
    """Long An's profile, set once (a profile someone has set is left as it is)."""
    current = client.get("/department").raise_for_status()
    if current.json()["set"]:
        return
    response = client.put("/department", json=DEPARTMENT, headers={"If-Match": current.headers["ETag"]})
    if response.status_code != 200:
        raise RuntimeError(f"setting the demo's Department failed: {response.status_code} {response.text[:300]}")


def _ensure_accounts(client: httpx.Client, password: str) -> None:
    """The demo's accounts, made once (also for a roster loaded before accounts existed). Each enterprise's
    manager is a leader on its roster too (QA 2026-12-06: hungnv@ had shifts but no page of them): their account is
    linked to their own staff record, the one with their login as its e-mail, also when it was made unlinked."""
    made = []

    def account(login: str, name: str, role: str, **scope: object) -> None:
        response = client.post(
            "/accounts", json={"login": login, "display_name": name, "role": role, "password": password, **scope}
        )
        if response.status_code == 409 and role == "manager" and scope.get("staff_id"):
            _link_staff_record(client, login, scope["staff_id"])
        elif response.status_code not in (201, 409):  # 409: it exists already
            raise RuntimeError(
                f"creating the demo account {login} failed: {response.status_code} {response.text[:300]}"
            )
        made.append(f"{role:9} {login}" + (" (with their own shifts)" if scope.get("staff_id") else ""))

    account(INSPECTOR_LOGIN, INSPECTOR_NAME, "inspector")
    enterprises = {e["name"]: e["id"] for e in client.get("/enterprises", params={"limit": 100}).json()["items"]}
    for e in ENTERPRISES:
        enterprise_id = enterprises[e.name]
        people = {
            p["full_name"]: p
            for p in client.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
        }
        login = people[e.leaders[0]]["email"]
        own = next((p["id"] for p in people.values() if (p.get("email") or "").lower() == login.lower()), None)
        account(login, e.leaders[0], "manager", enterprise_ids=[enterprise_id], staff_id=own)
        on_duty = people[e.operators[0]]
        account(on_duty["email"], on_duty["full_name"], "staff", staff_id=on_duty["id"])
    print("devstack: demo accounts (password as the administrator's):\n  " + "\n  ".join(made))


def _link_staff_record(client: httpx.Client, login: str, staff_id: object) -> None:
    """A demo manager's account made before managers had staff records, linked to theirs now (an account
    linked already, or one the administrator changed by hand, is left as it is)."""
    found = client.get("/accounts", params={"q": login, "role": "manager", "limit": 100}).json()["items"]
    mine = next((a for a in found if a["login"] == login.lower()), None)
    if mine is None or mine["staff_id"] is not None:
        return
    linked = client.patch(
        f"/accounts/{mine['id']}", json={"staff_id": staff_id}, headers={"If-Match": f'"{mine["version"]}"'}
    )
    if linked.status_code != 200:
        print(f"devstack: {login} left without their staff record: {linked.status_code} {linked.text[:300]}")


def _load(post: Callable[..., dict]) -> None:
    """The campaign, enterprises, sites, staff, requirements and the published roster."""
    campaign = post(
        "/campaigns",
        {"lunar_year": LUNAR_YEAR, "border_duty_types": ["patrol"], "border_sectors": list(BORDER_SECTORS)},
    )
    counts = {"sites": 0, "border": 0, "staff": 0, "requirements": 0, "shifts": 0}
    phone_no = 0
    for e in ENTERPRISES:
        emails: set[str] = set()
        enterprise = post(
            "/enterprises",
            {
                "name": e.name,
                "sector": e.sector,
                "manager_phone": e.manager_phone,
                "manager_emails": [_email(e.leaders[0], e.domain, set()), f"truc-tet@{e.domain}"],
            },
        )
        sites = {}
        for name, kind, district, border in e.sites:
            sites[name] = post(
                "/sites",
                {
                    "enterprise_id": enterprise["id"],
                    "name": name,
                    "kind": kind,
                    "district": district,
                    "border_area": border,
                },
            )["id"]
            counts["sites"] += 1
            counts["border"] += border
        staff, addresses = {}, {}
        for people, qualifications in (
            (e.leaders, ["leader", "operator"]),
            (e.operators, ["operator"]),
            (e.technicians, ["technician"]),
            (e.guards, ["guard"]),
        ):
            for full_name in people:
                phone_no += 1
                addresses[full_name] = _email(full_name, e.domain, emails)
                staff[full_name] = post(
                    "/staff",
                    {
                        "enterprise_id": enterprise["id"],
                        "full_name": full_name,
                        "email": addresses[full_name],
                        "phone": _phone(phone_no),
                        "qualifications": qualifications,
                        "language": "en" if full_name in ENGLISH_SPEAKERS else "vi",
                    },
                )["id"]
                counts["staff"] += 1
        requirements = [
            {"duty_type": "leadership", "window": WHOLE_DAY, "minimum": 1},
            {"duty_type": "operations", "window": WHOLE_DAY, "minimum": 1, "peak_minimum": 2},
            {"duty_type": "incident_response", "window": WHOLE_DAY, "minimum": 1, "peak_minimum": 2},
        ]
        if e.transmitter:  # the station's own rule: outside the Tết defaults, set by hand
            requirements.append(
                {"duty_type": "incident_response", "window": WHOLE_DAY, "minimum": 1, "site_id": sites[e.transmitter]}
            )
        # Roster made the patrol requirements of the telecom border sites itself (the Tết defaults).
        counts["requirements"] += sum(border for _, _, _, border in e.sites) if e.sector in BORDER_SECTORS else 0
        for requirement in requirements:
            post("/requirements", {"campaign_id": campaign["id"], "enterprise_id": enterprise["id"], **requirement})
            counts["requirements"] += 1
        shifts = [
            {
                "campaign_id": campaign["id"],
                "enterprise_id": enterprise["id"],
                "duty_type": duty,
                "starts_at": start.isoformat(),
                "ends_at": end.isoformat(),
                "assignees": [{"staff_id": staff[p]} for p in people],
                "site_id": sites[site] if site else None,
                "covers_site_ids": [sites[c] for c in covers],
                "notes": notes,
            }
            for duty, start, end, people, site, covers, notes in roster(e)
        ]
        # A few at a time: each request mostly waits on roster's database. The roster breaks no rule,
        # so the order they land in changes nothing (roster retries the rare deadlock of two at once).
        with ThreadPoolExecutor(max_workers=SHIFTS_AT_ONCE) as pool:
            for _ in pool.map(lambda body: post("/shifts", body), shifts):
                pass  # the first failure is raised here
        counts["shifts"] += post(f"/campaigns/{campaign['id']}/enterprises/{enterprise['id']}/publish")["published"]
    print(
        f"devstack: demonstration data loaded: {campaign['name']} (30/01–15/02/2027), {len(ENTERPRISES)} enterprises, "
        f"{counts['sites']} sites ({counts['border']} in border areas), {counts['staff']} staff, "
        f"{counts['requirements']} requirements, {counts['shifts']} published shifts with 4 deliberate gaps"
    )


# --- the drill: an exercise before Tết, around now -------------------------------------------------

DRILL_ENTERPRISE = "VNPT Long An"
TET_BEGINS = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=ICT)
TET_ENDS = TET_BEGINS + timedelta(days=DAYS)


def drill_plan(now: datetime) -> tuple[tuple[datetime, datetime], list[tuple[str, datetime, datetime, int]]]:
    """The drill's dates and its shifts (duty type, start, end, index into the enterprise's operators)
    relative to `now`: one under way nobody has checked in to (a missed check-in), one starting in
    25 minutes (its 60-minute reminder is due at once and check-in is open — for the demo staff
    account), and one starting a day and 5 minutes from now (its 24-hour reminder in 5 minutes)."""
    now = now.astimezone(ICT).replace(second=0, microsecond=0)
    shifts = [
        ("operations", now - timedelta(minutes=20), now + timedelta(hours=3, minutes=40), 1),
        ("operations", now + timedelta(minutes=25), now + timedelta(hours=4, minutes=25), 0),
        ("operations", now + timedelta(days=1, minutes=5), now + timedelta(days=1, hours=4, minutes=5), 0),
    ]
    return (now - timedelta(hours=1), now + timedelta(days=2)), shifts


def load_drill(roster_url: str, *, login: str, password: str, now: datetime | None = None) -> dict | None:
    """Open a short drill campaign around now at VNPT Long An — reminders, a check-in and a missed
    check-in to see within minutes of `make run` — unless a drill is in progress already. Kept apart
    from load_demo_data: the portal opens on the campaign in progress, and the tests that load the
    demo expect the Tết campaign there. The drill creates only what it shows: its three shifts, no
    requirement (roster's border defaults are Tết defaults, a drill gets none), so it opens no gap
    and alerts nobody although its readiness deadline is past. Returns the drill (None when one was
    already running, or when `now` — `make run`'s test clock — is so close to the Tết campaign that the drill's
    days would overlap it: its people are on the Tết roster then)."""
    now = now or datetime.now(ICT)
    (starts_at, ends_at), _ = drill_plan(now)
    if starts_at < TET_ENDS and ends_at > TET_BEGINS:
        print(
            f"devstack: no drill: at {now.astimezone(ICT):%H:%M %d/%m/%Y} (the stack's clock) its days would overlap "
            "Tết Đinh Mùi's campaign, whose own shifts are on duty, due and to check in to now"
        )
        return None
    token = sign_in(roster_url, login, password)
    with local_http.signed(roster_url, token) as client:

        def post(path: str, body: dict | None = None) -> dict:
            response = client.post(path, json=body)
            if response.status_code not in (200, 201):
                raise RuntimeError(
                    f"loading the drill failed: POST {path} answered {response.status_code}: {response.text[:500]}"
                )
            return response.json()

        drills = client.get("/campaigns", params={"kind": "drill", "limit": 100})
        drills.raise_for_status()
        running = [
            d
            for d in drills.json()["items"]
            if datetime.fromisoformat(d["starts_at"]) <= now < datetime.fromisoformat(d["ends_at"])
        ]
        if running:
            print(f"devstack: drill already in progress ({running[0]['name']}); nothing to do")
            return None
        enterprise = next(
            e
            for e in client.get("/enterprises", params={"limit": 100}).json()["items"]
            if e["name"] == DRILL_ENTERPRISE
        )
        people = {
            p["full_name"]: p
            for p in client.get("/staff", params={"enterprise_id": enterprise["id"], "limit": 500}).json()["items"]
        }
        operators = [people[name] for name in next(e for e in ENTERPRISES if e.name == DRILL_ENTERPRISE).operators]
        (starts_at, ends_at), shifts = drill_plan(now)
        drill = post(
            "/campaigns", {"kind": "drill", "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}
        )
        for duty, start, end, who in shifts:
            post(
                "/shifts",
                {
                    "campaign_id": drill["id"],
                    "enterprise_id": enterprise["id"],
                    "duty_type": duty,
                    "starts_at": start.isoformat(),
                    "ends_at": end.isoformat(),
                    "assignees": [{"staff_id": operators[who]["id"]}],
                    "notes": "Diễn tập trực Tết",
                    "status": "published",
                },
            )
        print(
            f"devstack: drill loaded: {drill['name']} — {operators[1]['full_name']} on duty since "
            f"{shifts[0][1]:%H:%M} without checking in, {operators[0]['full_name']} ({operators[0]['email']}, the "
            f"demo staff account) on duty at {shifts[1][1]:%H:%M}: reminder now, check-in open"
        )
        return drill
