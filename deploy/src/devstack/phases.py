"""`make run`'s demo loaded in phases, each on the clock of its moment, so that every record reads as it would have
been made: roster records a change at its clock (a check-in, a readiness mark, a publication, a report, an
incident's opening) and audit records each event at its own (`received_at`, the "as recorded at" of every
history question). The whole demo loaded at the stack's final moment would make audit's log begin then, every
readiness mark and Tết-hours publication read late, every check-in late.

The phases, for the default final moment (10:00 on mùng 2 Tết):

* PREPARATION (09:00 on 20/01/2027, ten days before the campaign's first day): the campaign, its enterprises,
  sites, staff, requirements and published roster, the demo's accounts; Tết hours published (due by the
  campaign's first day); the readiness checklist seeded and partly marked done (the two early items due five days
  before the readiness deadline, the others at it: every mark on time, every item not marked overdue once its day
  has passed); the inspection plans;
* each inspection's finding in the afternoon of its day;
* each incident a minute or two after it is detected, each of its steps after it happens;
* each daily report (and VNPT's correction) before its deadline, after what it tells;
* the check-ins of every shift of the demo's roster begun before the final moment, CHECK_IN_AFTER after each
  start (on time), but the three deliberately missed ones under way at it (`demo_directive.checkins.MISSED`) — on a
  final moment past the campaign, those under way at 23:00 on giao thừa night (`checkins.NO_SHOWS_AT`);
* the final moment: the demo staff accounts' shifts to check in to, whatever is still due (the one-moment load,
  `demo.load_demo_data`), the drill; the stack then runs on from there.

A moment after the final one is left out (an earlier `--at` sees less), a moment at it is part of the final load.
`load_in_phases` runs them on a stack it is handed (`on_clock`: the stack on a clock that reads the phase's moment,
left once the others have read what it changed); `moving_stack` is the one `devstack.run` and the end-to-end tests
hand it: roster, audit and notifier started once, their clock moved from moment to moment (LICHTRUC_CLOCK_FILE)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from lichtruc import vntime
from lichtruc.clock import CLOCK_FILE_VARIABLE, Clock, file_clock, offset_to, write_offset

from . import demo, local_http
from .demo_directive import checkins, hours, incidents, inspections, readiness, reports
from .services import STARTUP_WAIT, ServiceProcess

PREPARATION = datetime(2027, 1, 20, 9, 0, tzinfo=demo.ICT)
"""Where the demo's preparation is loaded: ten days before the campaign (its readiness deadline, 00:00 on 29/01, and
the Tết hours' deadline, its first day)."""
CHECK_IN_AFTER = timedelta(minutes=3)
"""A person on a shift under way at the final moment checks in this long after its start (on time: roster reads
a check-in late after 15 minutes)."""

Step = Callable[[httpx.Client, str, datetime], None]
"""One part of a phase: (the administrator's client of roster, the demo's password, the stack's now)."""


@dataclass(frozen=True)
class Phase:
    at: datetime
    what: str
    steps: tuple[Step, ...]


def check_in_moments(final: datetime) -> list[datetime]:
    """CHECK_IN_AFTER after each start of the demo's roster before `final` (its people check in then, but MISSED's
    under way at `checkins.no_shows_at(final)`: `final` itself, or on a stack past the campaign, giao thừa night's —
    QZ27 #3: after Tết nothing was checked in and every past shift read as an absence); none before the campaign."""
    starts = {
        start
        for e in demo.ENTERPRISES
        for duty, start, end, *_ in demo.roster(e)
        if demo.TET_BEGINS <= start <= final and not checkins.left_missed(e.name, duty, start, end, final=final)
    }
    return sorted(start + CHECK_IN_AFTER for start in starts)


def plan(final: datetime) -> list[Phase]:
    """The phases before `final` (the stack's final moment), in order; the final load is `make run`'s own."""
    today = vntime.local_day(final)
    prepared = min(PREPARATION, final)

    def prepare(client: httpx.Client, password: str, now: datetime) -> None:
        demo.load_campaign(client, password)
        hours.load(client, password, now=now)
        readiness.load(client, password, now=now, on_time=True)
        inspections.load(client, password, now=now, today=today, findings=False)

    def findings(client: httpx.Client, password: str, now: datetime) -> None:
        inspections.record_findings(client, password, now=now, today=today)

    def check_in(at: datetime) -> Step:
        # The shifts that began CHECK_IN_AFTER before the phase's moment (the clock reads a little past it).
        def step(client: httpx.Client, password: str, now: datetime) -> None:
            checkins.check_in_begun(client, password, now=now, begun_at=at - CHECK_IN_AFTER, final=final)

        return step

    def incident(client: httpx.Client, password: str, now: datetime) -> None:
        incidents.load(client, password, now=now)

    def report(client: httpx.Client, password: str, now: datetime) -> None:
        reports.load(client, password, now=now)

    moments: dict[datetime, list[tuple[str, Step]]] = {prepared: [("preparation", prepare)]}
    for kind, step, found in (
        ("findings", findings, inspections.findings_moments(today)),
        ("incidents", incident, incidents.moments()),
        ("daily reports", report, reports.moments()),
    ):
        for at in found:
            if prepared < at < final:
                moments.setdefault(at, []).append((kind, step))
    for at in check_in_moments(final):
        if prepared < at < final:
            moments.setdefault(at, []).append(("check-ins", check_in(at)))
    if prepared >= final:
        return []
    return [
        Phase(at, ", ".join(kind for kind, _ in parts), tuple(step for _, step in parts))
        for at, parts in sorted(moments.items())
    ]


OnClock = Callable[[datetime], AbstractContextManager[tuple[str, Clock]]]
"""The stack on a clock that reads the moment given, as a context: yields roster's URL and the stack's clock, and on
leaving waits until the other services have read what the phase changed."""


@contextlib.contextmanager
def moving_stack(
    services: Callable[[dict[str, str]], list[ServiceProcess]],
    clock_file: Path,
    *,
    drain: Callable[[str], None],
    first: Callable[[ServiceProcess], None] = lambda roster: None,
) -> Iterator[Callable[..., AbstractContextManager[tuple[str, Clock]]]]:
    """One stack for every phase, its clock moved from one moment to the next while it runs: yields an `OnClock`
    that writes the moment's offset to `clock_file` (every service reads its clock from it, LICHTRUC_CLOCK_FILE)
    and, the first time, starts `services(env)` (roster first) and calls `first(roster)`; on leaving a phase it
    waits for `drain(roster's URL)` (unless `drained=False`). The services stop when the block ends. Starting
    roster, audit and notifier again at each of the eighteen moments took two to five seconds a phase."""
    started: list[ServiceProcess] = []

    @contextlib.contextmanager
    def on_clock(moment: datetime, *, drained: bool = True) -> Iterator[tuple[str, Clock]]:
        write_offset(clock_file, offset_to(moment))  # forward only: the phases are in order
        if not started:
            started.extend(services({CLOCK_FILE_VARIABLE: str(clock_file)}))
            for service in started:
                service.start()
            for service in started:
                service.wait_ready(STARTUP_WAIT, say=lambda words: print(f"devstack: {words}", flush=True))
            first(started[0])
        yield started[0].url, file_clock(clock_file)
        if drained:
            drain(started[0].url)

    try:
        yield on_clock
    finally:
        for service in reversed(started):
            service.stop()


def load_in_phases(on_clock: OnClock, *, login: str, password: str, final: datetime) -> int:
    """Load the demo phase by phase (`plan(final)`), each on a stack started by `on_clock` at its moment; how many
    phases ran. Nothing (0) when the demo campaign is there already (a repeated `make run`): the final load adds
    what is still to come."""
    phases = plan(final)
    for number, phase in enumerate(phases, start=1):
        with on_clock(phase.at) as (roster_url, clock), _admin(roster_url, login, password) as client:
            if number == 1 and _loaded(client):
                print("devstack: the demo is loaded already: no phases, only the final moment's load")
                return 0
            print(
                f"devstack: phase {number}/{len(phases)} at {vntime.instant_label(clock())} (the stack's clock): "
                f"{phase.what}",
                flush=True,
            )
            for step in phase.steps:
                step(client, password, clock())
    return len(phases)


def _loaded(client: httpx.Client) -> bool:
    found = client.get("/campaigns", params={"lunar_year": demo.LUNAR_YEAR, "kind": "tet"})
    found.raise_for_status()
    return bool(found.json()["items"])


@contextlib.contextmanager
def _admin(roster_url: str, login: str, password: str) -> Iterator[httpx.Client]:
    token = demo.sign_in(roster_url, login, password)
    with local_http.signed(roster_url, token, timeout=60) as client:
        yield client
