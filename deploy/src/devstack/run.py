"""`make run`: infrastructure, the three services and the portal, demonstration data, addresses;
Ctrl-C stops all. The portal's address comes first in what it prints: that is where people start."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from lichtruc import vntime
from lichtruc.clock import OFFSET_VARIABLE, offset_to, shifted_clock

from . import local_http, procs
from .keys import ADMIN_LOGIN, DevCredentials, dev_credentials
from .services import CHEAP_PASSWORD_HASHING, STARTUP_WAIT, ServiceProcess, portal_env, service_env
from .stack import SERVICES, Stack
from .supervise import Supervisor

DEFAULT_SERVICE_PORTS = {"roster": 8101, "notifier": 8102, "audit": 8103}
DEFAULT_PORTAL_PORT = 8100
DEFAULT_RELAY_PORT = 8104
RELAY_PORT_VARIABLE = "LICHTRUC_ROSTER_RELAY_PORT"
SMTP_PORT_VARIABLE = "LICHTRUC_SMTP_PORT"
"""The relay's and the mail catcher's ports are chosen like the services' (LICHTRUC_<NAME>_PORT), so that two
stacks on one machine need not clash on them (QA 2026-12-06: roster-relay on 8104 whatever else was set)."""


def workers(name: str) -> int:
    """`make run` serves with NAME_WORKERS processes (default: one per core, as the service would)."""
    return procs.env_int(f"{name.upper()}_WORKERS", os.cpu_count() or 1)


def relay_process(roster: ServiceProcess) -> ServiceProcess:
    """Roster's outbox relay as a process of its own (`python -m roster relay`), on roster's settings."""
    return ServiceProcess(
        name="roster-relay",
        module="roster",
        command="relay",
        port=procs.env_int(RELAY_PORT_VARIABLE, DEFAULT_RELAY_PORT),
        port_variable=RELAY_PORT_VARIABLE,
        env=dict(roster.env),
        log_file=roster.log_file.with_name("roster-relay.log"),
    )


DEFAULT_SMTP_PORT = 2525
ROLE_ORDER = ("manager", "staff", "inspector")


def portal_session_key(folder: Path) -> str:
    """The secret that seals the portal's cookie, made once and kept in `folder` with the dev keys,
    so that a restarted `make run` keeps everyone signed in."""
    path = folder / "portal-session-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def demo_accounts(roster_url: str, password: str) -> list[str]:
    """One line per demo account other than the administrator ("manager   login  (name, enterprise)"),
    as roster lists them; empty when roster cannot say."""
    from .demo import sign_in

    try:
        token = sign_in(roster_url, ADMIN_LOGIN, password)
        with local_http.signed(roster_url, token) as client:
            accounts = (
                client.get("/accounts", params={"limit": 200, "active": "true"}).raise_for_status().json()["items"]
            )
            names = {
                e["id"]: e["name"]
                for e in client.get("/enterprises", params={"limit": 200}).raise_for_status().json()["items"]
            }
    except (httpx.HTTPError, RuntimeError):
        return []
    lines = []
    for account in sorted(
        (a for a in accounts if a["role"] in ROLE_ORDER), key=lambda a: (ROLE_ORDER.index(a["role"]), a["login"])
    ):
        where = ", ".join(names.get(e, e) for e in account["enterprise_ids"])
        lines.append(
            f"{account['role']:9} {account['login']}  ({account['display_name']}{', ' + where if where else ''})"
        )
    return lines


DEMO_DEPARTMENT_EMAIL = "thanh.tra@stttt.longan.gov.vn"
"""The demo's inspector's address (devstack.demo.INSPECTOR_LOGIN's mailbox)."""


def department_emails(*, demo: bool) -> str:
    """NOTIFIER_DEPARTMENT_EMAILS for the stack: the environment's, else the demo's inspector with the demo, else
    none — notifier then tells the Department of nothing (it skips those recipients)."""
    return os.environ.get("NOTIFIER_DEPARTMENT_EMAILS", DEMO_DEPARTMENT_EMAIL if demo else "")


def stack_services(
    stack: Stack, credentials: DevCredentials, clock_env: dict[str, str], *, serving: bool, demo: bool = True
) -> list[ServiceProcess]:
    """Roster, notifier and audit on the stack's infrastructure and `clock_env`'s clock: serving (`make run`'s
    stack), each with its workers and roster's relay apart when roster has several; else one worker each (the
    demo's phases: they start faster)."""
    smtp_port = procs.env_int(SMTP_PORT_VARIABLE, DEFAULT_SMTP_PORT)
    extra_env = {
        "notifier": {
            "NOTIFIER_SMTP_HOST": "127.0.0.1",
            "NOTIFIER_SMTP_PORT": str(smtp_port),
            # The Department's inspectors, told of every severe incident: the demo's inspector account with the
            # demo; without it nobody (no made-up address that is no account here) until the variable is set.
            "NOTIFIER_DEPARTMENT_EMAILS": department_emails(demo=demo),
            "NOTIFIER_PUBLIC_BASE_URL": f"http://127.0.0.1:{procs.env_int('LICHTRUC_NOTIFIER_PORT', 8102)}",
            # Incident alerts link the incident's page on the portal this stack serves.
            "NOTIFIER_PORTAL_URL": f"http://127.0.0.1:{procs.env_int('LICHTRUC_PORTAL_PORT', DEFAULT_PORTAL_PORT)}",
        },
    }
    services = [
        ServiceProcess(
            name=name,
            port=procs.env_int(f"LICHTRUC_{name.upper()}_PORT", DEFAULT_SERVICE_PORTS[name]),
            port_variable=f"LICHTRUC_{name.upper()}_PORT",
            env={
                **service_env(
                    name,
                    database_url=stack.database_url(name),
                    kafka=stack.kafka.bootstrap_servers,
                    workers=workers(name) if serving else 1,
                ),
                **credentials.service_env(name),
                **extra_env.get(name, {}),
                **clock_env,
            },
            log_file=stack.postgres.data_dir.parent / "logs" / f"{name}.log",
        )
        for name in SERVICES
    ]
    roster_service = services[0]
    # The portal forwards the browser's address to roster's sign-in (throttling per address).
    roster_service.env["ROSTER_FORWARDED_ALLOW_IPS"] = "127.0.0.1"
    # Several roster workers: they only write the outbox, and one relay process publishes it
    # (with one worker, the relay runs inside it, as it always did).
    if serving and workers("roster") > 1:
        roster_service.env["ROSTER_RELAY"] = "off"
        services.insert(1, relay_process(roster_service))
    return services


def _phase_stack(stack: Stack, credentials: DevCredentials) -> AbstractContextManager[Callable[..., Any]]:
    """`devstack.phases.moving_stack` for `make run`: roster, notifier and audit (one worker each, no portal) on the
    clock file of the dev folder, the administrator made once they are up; a phase is left once audit and notifier
    have read all it changed."""
    from .demo import sign_in
    from .drain import consumer_groups, wait_drained
    from .phases import moving_stack

    def drain(roster_url: str) -> None:
        wait_drained(
            roster_url,
            sign_in(roster_url, ADMIN_LOGIN, credentials.admin_password),
            bootstrap=stack.kafka.bootstrap_servers,
            groups=consumer_groups("", {"audit": "lichtruc-audit", "notifier": "lichtruc-notifier"}),
        )

    def up(clock_env: dict[str, str]) -> list[ServiceProcess]:
        print("devstack: starting roster, audit and notifier for the demo's phases…", flush=True)
        services = stack_services(stack, credentials, clock_env, serving=False)
        # Some 430 sign-ins (each check-in by its own person) took about 60 s of argon2id's CPU at production's
        # cost; the accounts' hashes are made again at that cost when they next sign in to the serving stack.
        services[0].env.update(CHEAP_PASSWORD_HASHING)
        return services

    return moving_stack(
        up,
        stack.postgres.data_dir.parent / "phase-clock",
        drain=drain,
        first=lambda roster: create_admin(roster, credentials),
    )


def run_system(stack: Stack, *, load_demo: bool = True, at: datetime | None = None) -> None:
    """The whole stack, on a test clock that reads `at` as the services start (None: the wall clock). The offset
    is computed afresh at each run, so that a stack started again on another day begins at `at` again; the data
    kept in .cache/dev from an earlier run is then partly "later" than the clock (the audit log's record times
    never go back, lichtruc.clock).

    On a test clock, the demo is loaded in phases first (`devstack.phases`): the services are started on the
    clock of each phase's moment (days before Tết for the preparation, each incident's, report's and check-in's
    own moment after), one worker each and no portal, and stopped once audit and notifier have read what it
    changed; then the whole stack starts at `at`. A repeated run finds the demo there and skips the phases."""
    started_infra = not (stack.postgres.is_running() and stack.kafka.is_running())
    t0 = time.monotonic()
    print("devstack: starting PostgreSQL and Kafka…", flush=True)
    stack.up()
    from .mailcatcher import start_mailcatcher

    smtp_port = procs.env_int(SMTP_PORT_VARIABLE, DEFAULT_SMTP_PORT)
    if procs.port_is_open(smtp_port):
        raise RuntimeError(
            f"port {smtp_port} for the mail catcher is taken: stop what runs there or set {SMTP_PORT_VARIABLE}"
        )
    mail_dir = stack.postgres.data_dir.parent / "mail"
    mailcatcher = start_mailcatcher(mail_dir, smtp_port)
    credentials = dev_credentials(stack.postgres.data_dir.parent / "auth")
    phased = 0
    if load_demo and at is not None:
        from .phases import load_in_phases

        try:
            with _phase_stack(stack, credentials) as on_clock:
                phased = load_in_phases(on_clock, login=ADMIN_LOGIN, password=credentials.admin_password, final=at)
        except (Exception, KeyboardInterrupt) as exc:
            print(f"devstack: loading the demo in phases failed: {exc}", file=sys.stderr)
            mailcatcher.stop()
            if started_infra:
                stack.down()
            sys.exit(1)
        print(f"devstack: {phased} phase(s) of the demo loaded in {time.monotonic() - t0:.1f}s", flush=True)
    # Every process of the stack on one clock: the offset is taken once, here, and each service reads it
    # (LICHTRUC_CLOCK_OFFSET), so that a service started a little later agrees with the others.
    offset = offset_to(at) if at is not None else None
    clock_env = {OFFSET_VARIABLE: f"{offset:.3f}"} if offset is not None else {}
    stack_clock = shifted_clock(offset)
    services = stack_services(stack, credentials, clock_env, serving=True, demo=load_demo)
    roster_service, notifier_service, audit_service = (
        next(s for s in services if s.name == name) for name in ("roster", "notifier", "audit")
    )
    portal = ServiceProcess(
        name="portal",
        port=procs.env_int("LICHTRUC_PORTAL_PORT", DEFAULT_PORTAL_PORT),
        port_variable="LICHTRUC_PORTAL_PORT",
        env=portal_env(
            roster_url=roster_service.url,
            notifier_url=notifier_service.url,
            audit_url=audit_service.url,
            session_key=portal_session_key(stack.postgres.data_dir.parent / "auth"),
            workers=workers("portal"),
        )
        | clock_env,
        log_file=stack.postgres.data_dir.parent / "logs" / "portal.log",
    )
    services.append(portal)

    def shutdown(*_: object) -> None:
        print("\ndevstack: stopping the services…", flush=True)
        for service in reversed(services):
            service.stop()
        mailcatcher.stop()
        if started_infra:
            print("devstack: stopping Kafka and PostgreSQL…", flush=True)
            stack.down()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    try:
        for service in services:
            service.start()
        for service in services:
            service.wait_ready(STARTUP_WAIT, say=lambda words: print(f"devstack: {words}", flush=True))
        create_admin(roster_service, credentials)
        if load_demo:
            from .demo import load_demo_data, load_drill

            load_demo_data(
                roster_service.url, login=ADMIN_LOGIN, password=credentials.admin_password, now=stack_clock()
            )
            load_drill(roster_service.url, login=ADMIN_LOGIN, password=credentials.admin_password, now=stack_clock())
    except Exception as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        for service in reversed(services):
            service.stop()
        mailcatcher.stop()
        if started_infra:
            stack.down()
        sys.exit(1)

    print(f"\nlichtruc is up in {time.monotonic() - t0:.1f}s:\n")
    if offset is not None:
        print(
            f"  test clock: it is {vntime.instant_label(stack_clock())} on the stack's clock (--at; --wall-clock for "
            f"the real time), {OFFSET_VARIABLE}={clock_env[OFFSET_VARIABLE]}\n"
        )
    print(f"  open {portal.url} and sign in as {ADMIN_LOGIN} / {credentials.admin_password}")
    accounts = demo_accounts(roster_service.url, credentials.admin_password) if load_demo else []
    if accounts:
        print("  the demo's other accounts, same password:\n    " + "\n    ".join(accounts))
    print()
    for service in services[:-1]:
        print(
            f"  {service.name:9} {service.url}   (health /healthz, ready /readyz; with a token: /openapi.json,"
            f" /asyncapi.json)"
            if service.command == "serve"
            else f"  {service.name:9} {service.url}   (the outbox relay: /healthz, /readyz, /metrics)"
        )
    print(f"  portal    {portal.url}   (health /healthz; the web pages)")
    print(
        f"\n  API       POST {roster_service.url}/auth/login  login {ADMIN_LOGIN}  password "
        f"{credentials.admin_password}"
    )
    print(
        f"\n  kafka     {stack.kafka.bootstrap_servers}\n  postgres  {stack.postgres.url('roster', driver='postgresql')}"
        f"  (databases: {', '.join(SERVICES)})"
    )
    print(f"  mail      smtp://127.0.0.1:{smtp_port} → {mail_dir}/*.eml (reminders and gap alerts land here)")
    if not department_emails(demo=load_demo):
        print(
            "  the Department's alerts (severe incidents, the missing reports' digest) go to nobody until "
            "NOTIFIER_DEPARTMENT_EMAILS is set (its inspectors' addresses, comma-separated)"
        )
    print(
        f"  logs      {portal.log_file.parent}\n\nA service that stops is started again after a short wait; "
        "press Ctrl-C to stop everything.",
        flush=True,
    )
    checked = [0.0]

    def infra_gone() -> str | None:  # pg_ctl status is a process of its own: asked every 5 s, not every second
        if time.monotonic() - checked[0] < 5:
            return None
        checked[0] = time.monotonic()
        return next(
            (name for name, part in (("Kafka", stack.kafka), ("PostgreSQL", stack.postgres)) if not part.is_running()),
            None,
        )

    supervisor = Supervisor(services, say=lambda line: print(line, file=sys.stderr, flush=True), infra_gone=infra_gone)
    while True:
        stop = supervisor.step()
        if stop is not None:
            print(f"devstack: {stop}", file=sys.stderr, flush=True)
            shutdown()
        time.sleep(1)


def create_admin(roster: ServiceProcess, credentials: DevCredentials) -> None:
    """The first administrator, as an operator makes one: with roster's own CLI (once; kept after)."""
    result = subprocess.run(
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
        input=credentials.admin_password + "\n",
        env={**os.environ, **roster.env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"creating the administrator failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-800:]}"
        )
