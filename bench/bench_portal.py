"""What the portal adds to the time of the services' own answers, for its two heaviest pages.

    .venv/bin/python bench/bench_portal.py [--runs 30] [--warmup 3]

Starts its own PostgreSQL and Kafka (devstack, in a temporary folder, on free ports), roster,
notifier, audit and the portal as real processes (`python -m <name> serve`), creates the
administrator with roster's CLI and loads the demonstration campaign of `make run` (Tết Đinh
Mùi 2027: five enterprises, 481 published shifts, 17 days), then waits until audit has
consumed it. Not part of `make test`.

Measured over HTTP on 127.0.0.1, each request timed by the client (what a browser on the same
machine would wait for the server), in interleaved rounds — one of each request per round, so
a busy moment of the machine hits every row alike — reported as median and 95th percentile:

  manager's board     GET /manage/board/{campaign}/{enterprise} as VNPT Long An's manager: the
                      whole campaign's grid (17 days x duty types x sites), rendered to HTML
    roster board      GET roster /campaigns/{c}/enterprises/{e}/board, same token: the data it shows
    board's calls     the API calls the page makes, one after the other, as its handler does
                      (roster /auth/session — the sign-in check of every page — the roster
                      board, then the enterprise's sites)
  inspector heatmap   GET /inspect/heatmap?campaign_id= as the inspector: enterprises x days
    audit gaps        GET audit /gaps (open gaps of the campaign, one page of 500): the data it colours
    audit board       GET audit /campaigns/{c}/board (the coverage board, for comparison)
    heatmap's calls   the calls the page makes, one after the other (roster /auth/session, audit
                      /campaigns, roster /enterprises, /sites, /duty-types, audit /gaps and audit's
                      board, whose days say where a requirement is in force — the portal asks the
                      three of roster at once and the last two at once, so this sums more than it
                      waits for; roster's /outbox and audit's /lag, which it believes 5 s, are left out)

    .venv/bin/python bench/bench_portal.py --cell [--before REV] [--runs 30]

The big cell alone (no stack): GET /manage/board/…/cell of one cell of 250 shifts among 500 staff (QA: after an
import of 2,000 shifts, such a cell was 45.7 MB of HTML), the portal in a process of its own on a fake roster
(httpx's MockTransport: no network, what is timed is the portal's own work — its handler, the view, Jinja2),
timed in that process. With `--before REV`, the same page of the portal of git revision REV (its
services/portal/src and shared/src, from `git archive`) in a second process, the two asked in turn each round;
the table gives both, their HTML size and the ratio.

The ratio column is each page's median over its baselines' medians in the same run: "x over
data" is page / core endpoint, "x over calls" is page / the same calls made directly (what the
portal itself costs: session cookie, renewal check, JSON to view models, Jinja2, the body).
If the pages' handlers change the calls they make, update PAGE_CALLS below.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from auth_env import ADMIN_HEADERS  # noqa: F401 - puts a key pair in the environment before settings are read
from consumer_bench import percentile

from devstack import demo
from devstack.kafka import KafkaServer, fetch_jars
from devstack.postgres import PostgresServer
from devstack.procs import free_port
from devstack.services import ServiceProcess, portal_env, service_env

ADMIN_LOGIN = "admin@lichtruc.local"
MANAGER_OF = "VNPT Long An"


def start_stack(root: Path, postgres: PostgresServer, kafka: KafkaServer, services: list[ServiceProcess]) -> None:
    """PostgreSQL, Kafka and the four processes; `services` is filled as they are made (to stop them all)."""
    print("bench: starting PostgreSQL and Kafka…", file=sys.stderr, flush=True)
    postgres.start()
    kafka.start()
    for name in ("roster", "notifier", "audit"):
        postgres.ensure_database(name)
        env = service_env(name, database_url=postgres.url(name), kafka=kafka.bootstrap_servers)
        env[f"{name.upper()}_LOG_LEVEL"] = "WARNING"
        services.append(ServiceProcess(name=name, port=free_port(), env=env, log_file=root / f"{name}.log"))
    roster, notifier, audit = services
    roster.env.update(ROSTER_FORWARDED_ALLOW_IPS="127.0.0.1", ROSTER_ACCESS_TOKEN_MINUTES="240")
    notifier.env["NOTIFIER_PUBLIC_BASE_URL"] = notifier.url
    portal = ServiceProcess(
        name="portal",
        port=free_port(),
        log_file=root / "portal.log",
        env={
            **portal_env(
                roster_url=roster.url,
                notifier_url=notifier.url,
                audit_url=audit.url,
                session_key=secrets.token_urlsafe(48),
            ),
            "PORTAL_LOG_LEVEL": "WARNING",
        },
    )
    services.append(portal)
    print("bench: starting roster, notifier, audit and the portal…", file=sys.stderr, flush=True)
    for service in services:
        service.start()
    for service in services:
        service.wait_ready()


def load_demo(roster: ServiceProcess, password: str) -> None:
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "roster",
            "create-admin",
            "--login",
            ADMIN_LOGIN,
            "--name",
            "Quản trị hệ thống",
            "--password-stdin",
        ],
        input=password + "\n",
        env={**os.environ, **roster.env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if made.returncode != 0:
        raise RuntimeError(f"create-admin failed: {made.stderr[-500:]}")
    print("bench: loading the demonstration campaign…", file=sys.stderr, flush=True)
    with contextlib.redirect_stdout(sys.stderr):  # its progress lines; stdout keeps only the table
        demo.load_demo_data(roster.url, login=ADMIN_LOGIN, password=password)


def api(base: str, roster_url: str, login: str, password: str) -> httpx.Client:
    token = demo.sign_in(roster_url, login, password)
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def portal_client(portal_url: str, login: str, password: str) -> httpx.Client:
    """A browser-like client signed in through the portal's sign-in form (cookies kept)."""
    client = httpx.Client(base_url=portal_url, timeout=60)
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    if found is None:
        raise RuntimeError(f"no CSRF token on the sign-in page of {portal_url}")
    token = found.group(1)
    answer = client.post("/login", data={"login": login, "password": password, "csrf_token": token, "next": "/"})
    if answer.status_code != 303:
        raise RuntimeError(f"signing in to the portal as {login} answered {answer.status_code}")
    return client


def wait_for_audit(audit: httpx.Client, campaign_id: str, timeout: float = 300) -> int:
    """Until audit's open gaps of the campaign stop changing for 3 s (it has consumed the demo)."""
    deadline, last, stable_since = time.monotonic() + timeout, None, time.monotonic()
    while time.monotonic() < deadline:
        answer = audit.get(
            "/gaps", params={"campaign_id": campaign_id, "status": "open", "in_force": "all", "limit": 1}
        )
        total = answer.json().get("total") if answer.status_code == 200 else None
        if total != last:
            last, stable_since = total, time.monotonic()
        elif total and time.monotonic() - stable_since > 3:
            return total
        time.sleep(0.5)
    raise TimeoutError(f"audit did not settle in {timeout:.0f}s (open gaps: {last})")


def all_pages(client: httpx.Client, path: str, params: dict | None = None, limit: int = 100) -> None:
    """Every page of a list, following `next` (the one page format, lichtruc.paging)."""
    body = client.get(path, params={**(params or {}), "limit": limit}).raise_for_status().json()
    while body["next"] is not None:
        body = client.get(body["next"]).raise_for_status().json()


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def ok(response: httpx.Response) -> httpx.Response:
    if response.status_code != 200:
        raise RuntimeError(
            f"{response.request.method} {response.request.url} answered {response.status_code}: {response.text[:300]}"
        )
    return response


CELL_SHIFTS, CELL_STAFF = 250, 500
CELL_CAMPAIGN = "11111111-1111-1111-1111-111111111111"
CELL_ENTERPRISE = "22222222-2222-2222-2222-222222222222"
CELL_PATH = f"/manage/board/{CELL_CAMPAIGN}/{CELL_ENTERPRISE}/cell?day=2027-02-08&duty_type=operations"


def cell_roster(shifts: int = CELL_SHIFTS, staff: int = CELL_STAFF) -> Callable[[httpx.Request], httpx.Response]:
    """roster as the cell page asks it, for one cell of `shifts` draft shifts (two people each) among `staff`
    staff, and the manager's sign-in."""
    sites = [
        {"id": f"33333333-3333-3333-3333-33333333333{n}", "name": f"Trạm viễn thông {n}", "border_area": False}
        for n in range(3)
    ]
    people = [(f"55555555-5555-5555-5555-{n:012d}", f"Nguyễn Văn Thử {n:03d}") for n in range(staff)]
    start = datetime(2027, 2, 8, tzinfo=UTC)
    cell = [
        {
            "id": f"66666666-0000-0000-0000-{n:012d}",
            "campaign_id": CELL_CAMPAIGN,
            "enterprise_id": CELL_ENTERPRISE,
            "duty_type": "operations",
            "site_id": sites[n % 3]["id"],
            "covers_site_ids": [],
            "starts_at": (start + timedelta(minutes=n)).isoformat(),
            "ends_at": (start + timedelta(minutes=n, hours=8)).isoformat(),
            "status": "draft",
            "version": 1,
            "notes": None,
            "cancel_reason": None,
            "warnings": [],
            "assignees": [
                {"staff_id": people[i][0], "full_name": people[i][1], "qualified": True, "checked_in_at": None}
                for i in (2 * n % staff, (2 * n + 1) % staff)
            ],
        }
        for n in range(shifts)
    ]
    duty = {"duty_type": "operations", "name_vi": "Trực điều hành", "name_en": "Operations", "people": []}
    needed: dict[str, Any] = {"site_id": None, "required": 2, "planned": 2, "met": True, "gaps": []}
    board = {
        "campaign": {"id": CELL_CAMPAIGN, "name": "Tết Đinh Mùi 2027"},
        "enterprise": {"id": CELL_ENTERPRISE, "name": "VNPT Long An"},
        "from": "2027-02-08",
        "to": "2027-02-08",
        "days": [
            {
                "date": "2027-02-08",
                "lunar_name_vi": "Mùng 3 Tết",
                "lunar_name_en": "Tết day 3",
                "lunar": None,
                "peaks": [],
                "duty_types": [{**duty, "coverage": [needed], "shifts": cell}],
            }
        ],
    }
    account = {
        "id": "a1",
        "login": "quanly@vnpt-longan.vn",
        "display_name": "Quản lý",
        "role": "manager",
        "enterprise_ids": [CELL_ENTERPRISE],
        "staff_id": None,
    }

    def listed(items: list) -> httpx.Response:
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/login":
            tokens = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**tokens, "account": account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": "a1"})
        if path == f"/campaigns/{CELL_CAMPAIGN}/enterprises/{CELL_ENTERPRISE}/board":
            return httpx.Response(200, json=board)
        if path == f"/campaigns/{CELL_CAMPAIGN}":
            span = {"starts_at": "2027-01-20T00:00:00Z", "ends_at": "2027-02-20T00:00:00Z"}
            return httpx.Response(200, json={"id": CELL_CAMPAIGN, "name": "Tết Đinh Mùi 2027", "kind": "tet", **span})
        if path == "/sites":
            return listed(sites)
        if path == "/staff":
            return listed(
                [{"id": i, "full_name": n, "active": True, "qualifications": ["operator"]} for i, n in people]
            )
        if path in ("/enterprises", "/campaigns", "/duty-types"):
            return listed([])
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})

    return answer


def cell_child() -> int:
    """One portal (the one on sys.path) on the fake roster, signed in; each line read from stdin: the cell page once,
    answered as a line "<seconds> <bytes>" (timed here, in the portal's process)."""
    import asyncio

    from portal.app import create_app
    from portal.settings import PortalSettings

    async def serve() -> None:
        settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
        fake = cell_roster()
        now = datetime(2027, 2, 1, 3, tzinfo=UTC)
        app = create_app(settings, clock=lambda: now, transport_for=lambda name: httpx.MockTransport(fake))
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
        ):
            login = await client.get("/login")
            found = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
            assert found is not None, "no CSRF token on the sign-in page"
            form = {"login": "quanly@vnpt-longan.vn", "password": "x", "csrf_token": found.group(1)}
            assert (await client.post("/login", data=form)).status_code == 303
            for _ in sys.stdin:
                started = time.perf_counter()
                page = await client.get(CELL_PATH)
                seconds = time.perf_counter() - started
                assert page.status_code == 200, page.text[-300:]
                print(f"{seconds} {len(page.content)}", flush=True)

    asyncio.run(serve())
    return 0


def cell_bench(runs: int, warmup: int, before: str | None) -> int:
    """The big cell, timed in a process of its own per portal (this tree's, and REV's with `before`), interleaved."""
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-cell-") as tmp:
        trees = {"now": here}
        if before:
            old = Path(tmp) / "before"
            old.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(here), "archive", before, "services/portal/src", "shared/src"],
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
            trees = {f"before ({before})": old, "now": here}
        children = {}
        for name, root in trees.items():
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(
                    [str(root / "services/portal/src"), str(root / "shared/src"), os.environ.get("PYTHONPATH", "")]
                ),
            }
            children[name] = subprocess.Popen(
                [sys.executable, __file__, "--cell-child"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                text=True,
                cwd=str(Path(__file__).resolve().parent),
            )
        samples: dict[str, list[float]] = {name: [] for name in children}
        size: dict[str, int] = {}
        try:
            for round_no in range(warmup + runs):
                for name, child in children.items():
                    assert child.stdin is not None and child.stdout is not None
                    child.stdin.write("go\n")
                    child.stdin.flush()
                    seconds, length = child.stdout.readline().split()
                    size[name] = int(length)
                    if round_no >= warmup:
                        samples[name].append(float(seconds))
        finally:
            for child in children.values():
                if child.stdin is not None:
                    child.stdin.close()
                child.wait(timeout=60)
    p50 = {name: statistics.median(s) * 1000 for name, s in samples.items()}
    p95 = {name: percentile(s, 95) * 1000 for name, s in samples.items()}
    print(
        f"the board's cell of {CELL_SHIFTS} shifts among {CELL_STAFF} staff, the portal on a fake roster, timed in its "
        f"process; {runs} interleaved rounds, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    print(f"{'portal':<30} {'HTML kB':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name in samples:
        print(f"{name:<30} {size[name] / 1000:9.0f} {p50[name]:8.1f} {p95[name]:8.1f}")
    if len(samples) == 2:
        old_name = next(n for n in samples if n != "now")
        print(
            f"now over before: {size['now'] / size[old_name]:.3f}x the HTML, {p50['now'] / p50[old_name]:.3f}x the "
            "time (p50)"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="interleaved rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    parser.add_argument("--cell", action="store_true", help="only the big cell, on a fake roster (no stack)")
    parser.add_argument("--before", metavar="REV", help="with --cell: also the portal of git revision REV")
    parser.add_argument("--cell-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cell_child:
        return cell_child()
    if args.cell:
        return cell_bench(args.runs, args.warmup, args.before)

    fetch_jars(quiet=True)
    with tempfile.TemporaryDirectory(prefix="lichtruc-bench-portal-") as tmp:
        root = Path(tmp)
        services: list[ServiceProcess] = []
        postgres = PostgresServer(data_dir=root / "postgres", port=free_port())
        kafka = KafkaServer(data_dir=root / "kafka", port=free_port(), controller_port=free_port())
        try:
            start_stack(root, postgres, kafka, services)
            roster, _, audit_service, portal = services
            password = secrets.token_urlsafe(12)
            load_demo(roster, password)
            with api(roster.url, roster.url, ADMIN_LOGIN, password) as admin:
                campaign_id = admin.get("/campaigns", params={"lunar_year": demo.LUNAR_YEAR}).json()["items"][0]["id"]
                enterprise_id = next(
                    e["id"]
                    for e in admin.get("/enterprises", params={"limit": 50}).json()["items"]
                    if e["name"] == MANAGER_OF
                )
                manager = next(
                    a["login"]
                    for a in admin.get("/accounts", params={"role": "manager", "limit": 50}).json()["items"]
                    if enterprise_id in a["enterprise_ids"]
                )
            as_manager = api(roster.url, roster.url, manager, password)
            inspector_roster = api(roster.url, roster.url, demo.INSPECTOR_LOGIN, password)
            inspector_audit = api(audit_service.url, roster.url, demo.INSPECTOR_LOGIN, password)
            open_gaps = wait_for_audit(inspector_audit, campaign_id)
            manager_portal = portal_client(portal.url, manager, password)
            inspector_portal = portal_client(portal.url, demo.INSPECTOR_LOGIN, password)

            board_path = f"/manage/board/{campaign_id}/{enterprise_id}"
            roster_board = f"/campaigns/{campaign_id}/enterprises/{enterprise_id}/board"
            # The heatmap counts every open hole, planning gaps too (audit's default is gaps in force only).
            gaps = {"campaign_id": campaign_id, "status": "open", "in_force": "all", "limit": 500}
            board_page = ok(manager_portal.get(board_path))
            heatmap_page = ok(inspector_portal.get("/inspect/heatmap", params={"campaign_id": campaign_id}))
            board_days = len(ok(as_manager.get(roster_board)).json()["days"])

            def board_calls() -> None:
                ok(as_manager.get("/auth/session"))  # PORTAL_SESSION_CHECK_SECONDS=0: every page asks
                ok(as_manager.get(roster_board))
                ok(as_manager.get("/sites", params={"enterprise_id": enterprise_id, "limit": 500}))

            def heatmap_calls() -> None:
                ok(inspector_roster.get("/auth/session"))
                ok(inspector_audit.get("/campaigns"))
                all_pages(inspector_roster, "/enterprises")
                all_pages(inspector_roster, "/sites")
                all_pages(inspector_roster, "/duty-types")
                ok(inspector_audit.get("/gaps", params=gaps))
                ok(inspector_audit.get(f"/campaigns/{campaign_id}/board", params={"in_force": "all"}))

            rows: dict[str, Callable[[], object]] = {
                "manager's board (portal)": lambda: ok(manager_portal.get(board_path)),
                "  roster board (API)": lambda: ok(as_manager.get(roster_board)),
                "  board's calls (API)": board_calls,
                "inspector heatmap (portal)": lambda: ok(
                    inspector_portal.get("/inspect/heatmap", params={"campaign_id": campaign_id})
                ),
                "  audit gaps (API)": lambda: ok(inspector_audit.get("/gaps", params=gaps)),
                "  audit board (API)": lambda: ok(
                    inspector_audit.get(f"/campaigns/{campaign_id}/board", params={"in_force": "all"})
                ),
                "  heatmap's calls (API)": heatmap_calls,
            }
            print(
                f"bench: {args.warmup} warm-up and {args.runs} timed rounds of {len(rows)} requests…",
                file=sys.stderr,
                flush=True,
            )
            samples: dict[str, list[float]] = {name: [] for name in rows}
            for round_no in range(args.warmup + args.runs):
                for name, fn in rows.items():
                    seconds = timed(fn)
                    if round_no >= args.warmup:
                        samples[name].append(seconds)

            p50 = {name: statistics.median(s) * 1000 for name, s in samples.items()}
            p95 = {name: percentile(s, 95) * 1000 for name, s in samples.items()}
            ratios = {
                "manager's board (portal)": (
                    p50["manager's board (portal)"] / p50["  roster board (API)"],
                    p50["manager's board (portal)"] / p50["  board's calls (API)"],
                ),
                "inspector heatmap (portal)": (
                    p50["inspector heatmap (portal)"] / p50["  audit gaps (API)"],
                    p50["inspector heatmap (portal)"] / p50["  heatmap's calls (API)"],
                ),
            }
            print(
                f"portal over the services, demo campaign {demo.LUNAR_YEAR} ({board_days} days), {MANAGER_OF}'s "
                f"board ({len(board_page.content) / 1000:.0f} kB of HTML) and the heatmap "
                f"({len(heatmap_page.content) / 1000:.0f} kB, {open_gaps} open gaps); {args.runs} interleaved "
                f"rounds, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
            )
            print(f"{'request':<30} {'p50 ms':>8} {'p95 ms':>8}   ratio (p50)")
            for name in rows:
                ratio = ""
                if name in ratios:
                    over_data, over_calls = ratios[name]
                    ratio = f"{over_data:4.1f}x over data, {over_calls:4.1f}x over calls"
                print(f"{name:<30} {p50[name]:8.1f} {p95[name]:8.1f}   {ratio}")
            for client in (as_manager, inspector_roster, inspector_audit, manager_portal, inspector_portal):
                client.close()
        finally:
            for service in reversed(services):
                service.stop()
            kafka.stop()
            postgres.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
