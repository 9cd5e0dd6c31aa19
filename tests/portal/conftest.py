"""The portal in a real browser: roster, notifier, audit and the portal as real processes on
the session's Kafka and PostgreSQL, the demonstration campaign loaded through roster's API
(Tết Đinh Mùi 2027, five enterprises, their managers, staff and an inspector), and Debian's
Chromium driven by Playwright. Started once per test session; each test opens its own
browser context (its own cookies), so tests do not depend on each other's order."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from devstack import demo, local_http
from devstack.cli import DEFAULT_AT
from devstack.services import ServiceProcess, portal_env, service_env
from lichtruc.clock import OFFSET_VARIABLE, Clock, offset_to, shifted_clock, wall_clock
from lichtruc.vntime import VIETNAM
from support import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, free_port

# Debian's chromium-headless-shell drives the tests: the same Blink as chromium without the browser
# around it, it took a third of chromium's CPU for the same pages (53 against 17 s over four modules,
# 2026-12-04), and Chromium was the suite's largest process after pytest's own. It has only English
# for the browser's own words, so a page whose screenshot shows them (a file input's "Chọn tệp /
# Không có tệp nào được chọn") is opened in chromium (`vietnamese_browser`): Debian's chromium-l10n
# holds them (`make test` installs the three packages); Chromium picks its language from LANGUAGE
# (CHROMIUM_ENV), --lang alone is not enough.
# A page's assertion waits as long as its actions do (the context's default, below): Playwright's own 5 s, which
# `expect` keeps whatever the context says, ran out under CI's load on pages that render a large document in the
# browser (Swagger UI's roster reference) though they came whole a few seconds later. It only waits longer for
# what is not there yet; a page that never shows it still fails.
expect.set_options(timeout=20_000)

CHROMIUM = os.environ.get("LICHTRUC_CHROMIUM", "/usr/bin/chromium-headless-shell")
VIETNAMESE_CHROMIUM = os.environ.get("LICHTRUC_VIETNAMESE_CHROMIUM", "/usr/bin/chromium")

# The flags a root, offline machine needs (see the machine's notes): no sandbox as root, and no
# background connections, which this closed network refuses by the dozen.
CHROMIUM_ENV = {"LANGUAGE": "vi"}
CHROMIUM_ARGS = [
    "--lang=vi",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ADMIN_LOGIN = "admin@lichtruc.local"


@dataclass
class Person:
    login: str
    name: str
    role: str
    enterprise: str | None = None  # the enterprise's name
    enterprise_id: str | None = None
    staff_id: str | None = None


@dataclass
class PortalStack:
    urls: dict[str, str]
    password: str
    admin: Person
    inspector: Person
    managers: dict[str, Person] = field(default_factory=dict)  # enterprise name -> manager
    staff: dict[str, Person] = field(default_factory=dict)  # enterprise name -> staff member with an account
    enterprises: dict[str, str] = field(default_factory=dict)  # name -> id
    campaign_id: str = ""
    portal_env: dict[str, str] = field(default_factory=dict)  # what another replica needs (same session key)
    topic_prefix: str = ""  # the services' Kafka topics are named with it
    kafka: str = ""  # the broker's bootstrap servers
    clock: Clock = wall_clock  # the services' clock: the wall clock, or a test clock (`tet_portal_stack`)

    @property
    def portal(self) -> str:
        return self.urls["portal"]

    def api(self, service: str, who: Person | None = None) -> httpx.Client:
        """A plain API client for a service, signed in as `who` (the administrator by default)."""
        who = who or self.admin
        token = demo.sign_in(self.urls["roster"], who.login, self.password)
        return local_http.signed(self.urls[service], token)


def _start(services: list[ServiceProcess]) -> None:
    for service in services:
        service.start()
    for service in services:
        service.wait_ready()


@contextlib.contextmanager
def _stack(postgres_server, kafka_server, logs: Path, *, at: datetime | None = None) -> Iterator[PortalStack]:
    """The four processes with the demonstration data, on the wall clock, or on a test clock that reads `at` as
    they start (LICHTRUC_CLOCK_OFFSET, as `make run` sets it)."""
    offset = offset_to(at) if at is not None else None
    clock_env = {OFFSET_VARIABLE: str(offset)} if offset is not None else {}
    prefix = f"p{uuid.uuid4().hex[:8]}"
    urls: dict[str, str] = {}
    services: list[ServiceProcess] = []
    for name in ("roster", "notifier", "audit"):
        database = f"portal_{name}_{prefix}"
        postgres_server.ensure_database(database)
        env = service_env(
            name, database_url=postgres_server.url(database), kafka=kafka_server.bootstrap_servers, topic_prefix=prefix
        )
        env[f"{name.upper()}_CONSUMER_GROUP"] = f"{prefix}-{name}"
        env.update(clock_env)
        port = free_port()
        if name == "roster":
            env["ROSTER_FORWARDED_ALLOW_IPS"] = "127.0.0.1"  # the portal forwards the browser's address
            env["ROSTER_AUTH_PRIVATE_KEY"] = TEST_PRIVATE_KEY
        else:
            env[f"{name.upper()}_AUTH_PUBLIC_KEY"] = TEST_PUBLIC_KEY
        if name == "notifier":
            env["NOTIFIER_PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"
            env["NOTIFIER_GAP_ALERT_HOLD_SECONDS"] = "0"
        services.append(ServiceProcess(name=name, port=port, env=env, log_file=logs / f"{name}.log"))
    portal_port = free_port()
    services.append(
        ServiceProcess(
            name="portal",
            port=portal_port,
            log_file=logs / "portal.log",
            env=portal_env(  # one worker, as the services' own (service_env)
                roster_url=services[0].url,
                notifier_url=services[1].url,
                audit_url=services[2].url,
                session_key=secrets.token_urlsafe(48),
            )
            | clock_env,
        )
    )
    try:
        _start(services)
        urls = {s.name: s.url for s in services}
        password = secrets.token_urlsafe(12)
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
                "--if-missing",
            ],
            input=password + "\n",
            env={**os.environ, **services[0].env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        clock = shifted_clock(offset)
        demo.load_demo_data(urls["roster"], login=ADMIN_LOGIN, password=password, now=clock())
        stack = PortalStack(
            urls=urls,
            password=password,
            admin=Person(ADMIN_LOGIN, "Quản trị hệ thống", "admin"),
            inspector=Person(demo.INSPECTOR_LOGIN, demo.INSPECTOR_NAME, "inspector"),
            clock=clock,
        )
        with stack.api("roster") as roster:
            stack.campaign_id = roster.get("/campaigns", params={"lunar_year": 2027}).json()["items"][0]["id"]
            stack.enterprises = {
                e["name"]: e["id"] for e in roster.get("/enterprises", params={"limit": 50}).json()["items"]
            }
            demo_staff = {e.operators[0] for e in demo.ENTERPRISES}
            for account in roster.get("/accounts", params={"limit": 200}).json()["items"]:
                if account["role"] == "manager":
                    eid = account["enterprise_ids"][0]
                    name = next(n for n, i in stack.enterprises.items() if i == eid)
                    stack.managers[name] = Person(account["login"], account["display_name"], "manager", name, eid)
                elif account["role"] == "staff" and account["display_name"] in demo_staff:
                    # The demo's own staff account of each enterprise (its first operator); the people checked in
                    # to the shifts under way at a test clock have accounts too (demo_directive/checkins.py).
                    person = roster.get(f"/staff/{account['staff_id']}").json()
                    name = next(n for n, i in stack.enterprises.items() if i == person["enterprise_id"])
                    stack.staff[name] = Person(
                        account["login"],
                        account["display_name"],
                        "staff",
                        name,
                        person["enterprise_id"],
                        account["staff_id"],
                    )
        stack.portal_env = dict(services[-1].env)
        stack.topic_prefix, stack.kafka = prefix, kafka_server.bootstrap_servers
        yield stack
    finally:
        for service in reversed(services):
            service.stop()


@pytest.fixture(scope="session")
def portal_stack(postgres_server, kafka_server, tmp_path_factory) -> Iterator[PortalStack]:
    with _stack(postgres_server, kafka_server, tmp_path_factory.mktemp("portal-stack")) as stack:
        yield stack


@pytest.fixture(scope="session")
def tet_portal_stack(postgres_server, kafka_server, tmp_path_factory) -> Iterator[PortalStack]:
    """The same stack on `make run`'s test clock (10:00 on mùng 2 Tết Đinh Mùi as it starts): the demo's incidents
    and daily reports recorded as far as they have happened, and the portal's banner on every page. For the pages
    of the directive's incidents and reports: roster refuses an incident detected later than its clock and a day's
    report before the day, so on the wall clock of late 2026 the demo records none of them."""
    with _stack(postgres_server, kafka_server, tmp_path_factory.mktemp("tet-portal-stack"), at=DEFAULT_AT) as stack:
        yield stack


GIAO_THUA_AT = datetime(2027, 2, 5, 22, 30, tzinfo=VIETNAM)
"""QZ26's moment: 22:30 on giao thừa night (29 tháng Chạp Bính Ngọ), the night shifts under way, the demo's MISSED
people not come."""


@pytest.fixture(scope="session")
def giao_thua_portal_stack(postgres_server, kafka_server, tmp_path_factory) -> Iterator[PortalStack]:
    """The same stack on a test clock reading 22:30 on giao thừa night as it starts (`run --at 2027-02-05T22:30`, as
    QA round QZ26 ran it): for the board at night (a night shift's two day cells, the banner's "ca giao thừa") and
    the handover picker when every guard is at the night-shift limit."""
    with _stack(postgres_server, kafka_server, tmp_path_factory.mktemp("giao-thua-stack"), at=GIAO_THUA_AT) as stack:
        yield stack


class _Driver:
    """One Playwright driver and its browsers for a run of browser tests, started by the first of them and stopped
    after the last one in a row (`_browser_run` below): Playwright's sync API keeps an event loop running in this
    thread while it is started, and pytest-asyncio cannot run an async test meanwhile. `tests/conftest.py` puts the
    portal's browser tests after its other tests, so that one driver serves them all; started per module, it
    cost about half a second of wall time and of CPU each time, in 38 modules (2026-12-05)."""

    def __init__(self) -> None:
        self._started: Any = None
        self._playwright: Any = None
        self._browsers: dict[str, Any] = {}

    def browser(self, executable: str, package: str) -> Any:
        if executable not in self._browsers:
            if not Path(executable).exists():
                pytest.fail(
                    f"Chromium is not installed at {executable}: `make test` installs Debian's {package} package "
                    f"(apt-get install {package}); set LICHTRUC_CHROMIUM or LICHTRUC_VIETNAMESE_CHROMIUM to use "
                    "another build"
                )
            if self._playwright is None:
                from playwright.sync_api import sync_playwright

                self._started = sync_playwright()
                self._playwright = self._started.__enter__()
            self._browsers[executable] = self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
            )
        return self._browsers[executable]

    def stop(self) -> None:
        if self._playwright is None:
            return
        try:
            for browser in self._browsers.values():
                browser.close()
        finally:
            self._browsers.clear()
            self._playwright = None
            started, self._started = self._started, None
            started.__exit__(None, None, None)


_DRIVER = _Driver()


_NEXT: list[pytest.Item | None] = [None]
"""The test that runs after the one running now (None: it is the last)."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    _NEXT[0] = nextitem


@pytest.fixture(autouse=True)
def _browser_run() -> Iterator[None]:
    """Set up before, so torn down after, every other function-scoped fixture of a test (its pages closed), and
    before any module or session fixture: then the driver stops unless the next test is a browser test."""
    yield
    nextitem = _NEXT[0]
    if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
        _DRIVER.stop()


@pytest.fixture
def browser():
    """Debian's chromium-headless-shell, shared by the browser tests that run in a row (`_Driver`)."""
    return _DRIVER.browser(CHROMIUM, "chromium-headless-shell")


@pytest.fixture
def vietnamese_browser():
    """Chromium with its own words in Vietnamese, for a module whose screenshots show them: the
    module overrides `browser` with it."""
    return _DRIVER.browser(VIETNAMESE_CHROMIUM, "chromium")


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def new_page(browser, portal_stack):
    """Factory: `new_page()` or `new_page(phone=True)`: a page in a browser context of its own;
    `javascript=False` for a browser that runs no script, `width` and `height` for another window size, `scale` for
    another device scale factor (2 with 683 × 384: a 1366 × 768 laptop at 200 % zoom)."""
    yield from _pages(browser, portal_stack)


@pytest.fixture
def tet_page(browser, tet_portal_stack):
    """`new_page` on `tet_portal_stack`, the portal on `make run`'s test clock."""
    yield from _pages(browser, tet_portal_stack)


@pytest.fixture
def giao_thua_page(browser, giao_thua_portal_stack):
    """`new_page` on `giao_thua_portal_stack`, the portal at 22:30 on giao thừa night."""
    yield from _pages(browser, giao_thua_portal_stack)


def _pages(browser, portal_stack: PortalStack) -> Iterator[Any]:
    contexts = []

    def make(
        *,
        phone: bool = False,
        lang: str | None = None,
        javascript: bool = True,
        width: int | None = None,
        height: int | None = None,
        scale: float | None = None,
    ):
        options: dict[str, Any] = dict(PHONE) if phone else {"viewport": {"width": 1400, "height": 900}}
        if width is not None or height is not None:
            viewport = options["viewport"]
            options["viewport"] = {"width": width or viewport["width"], "height": height or viewport["height"]}
        if scale is not None:
            options["device_scale_factor"] = scale
        context = browser.new_context(
            base_url=portal_stack.portal,
            locale="vi-VN",
            extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
            timezone_id="Asia/Ho_Chi_Minh",
            java_script_enabled=javascript,
            **options,
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        if lang:
            page.goto(f"/lang/{lang}")
        return page

    yield make
    for context in contexts:
        context.close()
