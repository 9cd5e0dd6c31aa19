"""What notifier's tests build on: roster and audit events as their producers would send
them, a clock the tests move, a real SMTP server and a real webhook receiver in the test
process, and settings pointing the app at all of it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email
import email.header
import email.policy
import functools
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from aiosmtpd.smtp import SMTP
from sqlalchemy import select
from starlette.routing import Match, Mount, Route

from events_factory import message
from lichtruc import topics
from lichtruc.events import (
    AUDIT_SOURCE,
    ROSTER_SOURCE,
    Assignee,
    CampaignOpened,
    CloudEvent,
    CoverageGapClosed,
    CoverageGapOpened,
    EnterpriseRegistered,
    EventData,
    LateArrivalExplained,
    PresenceConfirmed,
    ShiftCancelled,
    ShiftCheckedIn,
    ShiftCompleted,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
    make_event,
)
from lichtruc.events_accounts import AccountChanged, AccountCreated, AccountRecorded, AccountRole
from lichtruc.events_department import DEPARTMENT_KEY, DepartmentDetails, DepartmentProfileChanged
from notifier.db.tables import inbox
from notifier.domain.messages import GapView, Message, compose_email
from notifier.settings import NotifierSettings
from support import eventually, produce

TUYET = "Nguyễn Thị Ánh Tuyết"
ALL_DIACRITICS = (
    "Ặng Ẫu Ỷ Đỗ Ưng Ờ Ổ Ễ Ị Ọ Ụ Ỹ Ỵ ăâđêôơư áàảãạ ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ"
)
"""A "name" with every Vietnamese letter and tone mark, for byte-for-byte checks."""

PORTAL = "https://lichtruc.stttt.longan.gov.vn"
"""The portal's address the tests' notifier links its mails to (``portal_url``)."""


def _routes_of(routes: Any, prefix: str = "") -> list[Route]:
    """The plain routes under `routes`, through the routers FastAPI includes and the apps mounted (the portal's
    pages are one router mounted at its root), each with its prefix."""
    found: list[Route] = []
    for r in routes:
        if isinstance(r, Route):
            found.append(Route(prefix + r.path, r.endpoint, methods=list(r.methods or ())) if prefix else r)
        elif hasattr(r, "original_router"):
            found += _routes_of(r.original_router.routes, prefix + r.include_context.prefix)
        elif isinstance(r, Mount):
            found += _routes_of(r.routes, prefix + r.path)
    return found


@functools.cache
def _portal_get_routes() -> tuple[Route, ...]:
    from portal.app import create_app as create_portal_app  # only where a test follows a link
    from portal.settings import PortalSettings

    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    return tuple(r for r in _routes_of(create_portal_app(settings).routes) if "GET" in (r.methods or ()))


def portal_page(url: str) -> str:
    """The portal's GET route a mail's link opens (its path template, e.g. "/me/shifts"): the link is on the
    portal's address and its path is one of the portal app's own routes — else AssertionError."""
    parts = urlsplit(url)
    assert url.startswith(PORTAL + "/"), f"{url} is not on the portal {PORTAL}"
    scope = {"type": "http", "method": "GET", "path": parts.path, "root_path": "", "query_string": b""}
    found = [r.path for r in _portal_get_routes() if r.matches(scope)[0] == Match.FULL]
    assert found, f"{parts.path} is none of the portal's pages"
    return found[0]


def links_in(text: str) -> list[str]:
    """Every portal link in a mail's text, in order."""
    return re.findall(re.escape(PORTAL) + r"/\S*", text)


GIAO_THUA = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 on 29 tháng Chạp, Bính Ngọ's last day (Asia/Ho_Chi_Minh)


class FakeClock:
    """The app's clock in tests: time moves only when the test says so."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def gap_view(n: int, *, start: datetime, **changes: Any) -> GapView:
    """The n-th of a row of four-hour gaps of VNPT Long An's operations from `start` (two required, one on duty),
    with `changes` (e.g. drill=True) as a message test needs them."""
    base = GapView(
        gap_id=uuid.UUID(int=100 + n),
        enterprise_id=uuid.UUID(int=2),
        enterprise_name="VNPT Long An",
        site_name=None,
        duty_type="operations",
        starts_at=start + timedelta(hours=4 * n),
        ends_at=start + timedelta(hours=4 * n + 4),
        required=2,
        actual=1,
    )
    return dataclasses.replace(base, **changes)


def mailed_subjects(message: Message, *, to_name: str, date: datetime) -> tuple[bytes, list[str]]:
    """The message as mailed (compose_email's bytes) and its Subject header decoded back by both of the standard
    library's e-mail parsers (the modern policy and compat32)."""
    raw = bytes(
        compose_email(
            sender="lichtruc@so.vn",
            sender_name="Lịch trực Tết",
            to="a@b.vn",
            to_name=to_name,
            message=message,
            message_id="<1@so.vn>",
            date=date,
        )
    )
    subjects = []
    for read_policy in (email.policy.default, email.policy.compat32):
        subject = email.message_from_bytes(raw, policy=read_policy)["Subject"]
        subjects.append(str(email.header.make_header(email.header.decode_header(subject))))
    return raw, subjects


def settings_for(database_url: str, kafka: str, topic_prefix: str, **overrides) -> NotifierSettings:
    values: dict[str, Any] = dict(
        database_url=database_url,
        kafka_bootstrap_servers=kafka,
        topic_prefix=topic_prefix,
        consumer_group=f"{topic_prefix}-notifier",
        consumer_retry_backoff_seconds=0.01,
        log_json=False,
        scheduler_poll_seconds=0.05,
        public_base_url="https://lich.example.vn",
        portal_url=PORTAL,
        smtp_from="lichtruc@sotttt.longan.gov.vn",
        delivery_backoff_seconds=0.0,
        delivery_backoff_max_seconds=0.0,
        smtp_timeout_seconds=10,
        webhook_timeout_seconds=10,
        delivery_lease_seconds=60,
        gap_alert_hold_seconds=0,
        alert_digest_seconds=0,
    )
    values.update(overrides)
    return NotifierSettings(**values)


def allowing_receiver(url: str) -> dict:
    """Settings that let people's own webhooks reach the test receiver at ``url``: its host and port,
    over http (the development-only switch; the receiver has no TLS)."""
    parts = urlsplit(url)
    return {"webhook_allowed_hosts": (f"{parts.hostname}:{parts.port}",), "webhook_allow_insecure_hosts": True}


# --- events --------------------------------------------------------------------------------------


def roster_event(data: EventData, *, enterprise: uuid.UUID, at: datetime) -> CloudEvent:
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(enterprise), time=at)


def audit_event(data: EventData, *, enterprise: uuid.UUID, at: datetime) -> CloudEvent:
    return make_event(data, source=AUDIT_SOURCE, partitionkey=str(enterprise), time=at)


def campaign_opened(
    clock: FakeClock,
    *,
    campaign_id: uuid.UUID,
    kind: str = "drill",
    name: str = "Diễn tập ứng cứu thông tin trước Tết",
    starts_at: datetime,
    ends_at: datetime,
    version: int = 1,
) -> CloudEvent:
    """Roster's CampaignOpened (a drill by default), keyed by the campaign as roster keys it."""
    data = CampaignOpened(
        campaign_id=campaign_id,
        kind=kind,
        lunar_year=2027,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        version=version,
    )
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(campaign_id), time=clock())


def department_saved(clock: FakeClock, name: str, *, version: int) -> CloudEvent:
    """Roster's DepartmentProfileChanged: an administrator saved the Department's profile under `name`."""
    profile = DepartmentDetails(
        province="Tây Ninh",
        department=name,
        superior="UBND TỈNH TÂY NINH",
        place="Tây Ninh",
        report_recipients=(name, "Lưu: VT"),
        summary_recipients=("UBND tỉnh Tây Ninh", "Lưu: VT"),
    )
    data = DepartmentProfileChanged(profile=profile, changed=("department",), version=version, actor="admin")
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(DEPARTMENT_KEY), time=clock())


def account(
    enterprise: Enterprise,
    login: str,
    *,
    role: AccountRole = "manager",
    active: bool = True,
    version: int = 1,
    staff_id: uuid.UUID | None = None,
    recorded: bool = False,
) -> CloudEvent:
    """Roster's event of an account acting for `enterprise` (created at version 1, else changed; `recorded`: as
    `python -m roster publish-accounts` records it, at its version), its id from its login; `staff_id`: the staff
    record it is linked to (a staff account's, a linked manager's)."""
    account_id = uuid.uuid5(uuid.NAMESPACE_URL, login.strip().lower())
    state = {
        "account_id": account_id,
        "login": login,
        "display_name": "Nguyễn Thị Quỳnh",
        "role": role,
        "enterprise_ids": (enterprise.enterprise_id,),
        "active": active,
        "version": version,
        "staff_id": staff_id,
    }
    data = (
        AccountRecorded(**state)
        if recorded
        else AccountCreated(**state)
        if version == 1
        else AccountChanged(**state, changed=("active",))
    )
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(account_id), time=enterprise.clock())


@dataclass
class Person:
    staff_id: uuid.UUID
    full_name: str
    email: str | None = None

    @classmethod
    def new(cls, full_name: str, email: str | None = "") -> Person:
        staff_id = uuid.uuid4()
        if email == "":
            email = f"p{staff_id.hex[:10]}@vnpt-longan.vn"
        return cls(staff_id, full_name, email)

    def assignee(self) -> Assignee:
        return Assignee(staff_id=self.staff_id, full_name=self.full_name)


@dataclass
class Enterprise:
    """An enterprise and the roster events about it; versions are counted per aggregate."""

    clock: FakeClock
    name: str = "VNPT Long An"
    manager_phone: str | None = "0272 3 826 999"
    manager_emails: tuple[str, ...] = ()
    enterprise_id: uuid.UUID = field(default_factory=uuid.uuid4)
    version: int = 0
    obligations_from: date | None = None

    def event(self, data: EventData) -> CloudEvent:
        return roster_event(data, enterprise=self.enterprise_id, at=self.clock())

    def registered(self, **changes) -> CloudEvent:
        for k, v in changes.items():
            setattr(self, k, v)
        self.version += 1
        return self.event(
            EnterpriseRegistered(
                enterprise_id=self.enterprise_id,
                name=self.name,
                sector="telecom",
                manager_phone=self.manager_phone,
                manager_emails=self.manager_emails,
                obligations_from=self.obligations_from,
                version=self.version,
            )
        )

    def site(self, name: str, site_id: uuid.UUID | None = None, version: int = 1) -> tuple[uuid.UUID, CloudEvent]:
        site_id = site_id or uuid.uuid4()
        return site_id, self.event(
            SiteRegistered(site_id=site_id, enterprise_id=self.enterprise_id, name=name, kind="noc", version=version)
        )

    def staff(
        self,
        person: Person,
        *,
        language: str = "vi",
        version: int = 1,
        active: bool = True,
        phone: str | None = None,
    ) -> CloudEvent:
        return self.event(
            StaffJoined(
                staff_id=person.staff_id,
                enterprise_id=self.enterprise_id,
                full_name=person.full_name,
                email=person.email,
                phone=phone,
                language=language,
                active=active,
                version=version,
            )
        )

    def shift(
        self,
        people: list[Person],
        *,
        start: datetime,
        hours: float = 8,
        duty_type: str = "leadership",
        site_id: uuid.UUID | None = None,
        notes: str | None = None,
        campaign_id: uuid.UUID | None = None,
    ) -> Shift:
        return Shift(
            self,
            ShiftSnapshot(
                shift_id=uuid.uuid4(),
                campaign_id=campaign_id,
                enterprise_id=self.enterprise_id,
                site_id=site_id,
                duty_type=duty_type,
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                assignees=tuple(p.assignee() for p in people),
                status="draft",
                notes=notes,
                version=1,
            ),
        )

    def gap_opened(
        self,
        *,
        gap_id: uuid.UUID | None = None,
        start: datetime,
        hours: float = 4,
        duty_type: str = "operations",
        version: int = 1,
        in_force_from: datetime | None = None,
        campaign_id: uuid.UUID | None = None,
        site_id: uuid.UUID | None = None,
    ) -> CloudEvent:
        return audit_event(
            CoverageGapOpened(
                gap_id=gap_id or uuid.uuid4(),
                campaign_id=campaign_id,
                enterprise_id=self.enterprise_id,
                site_id=site_id,
                duty_type=duty_type,
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                required=2,
                actual=1,
                peak=True,
                version=version,
                in_force_from=in_force_from,
            ),
            enterprise=self.enterprise_id,
            at=self.clock(),
        )

    def gap_closed(self, opened: CloudEvent, *, version: int = 2, reason: str = "covered") -> CloudEvent:
        d = opened.data
        return audit_event(
            CoverageGapClosed(
                gap_id=d["gap_id"],
                campaign_id=d.get("campaign_id"),
                enterprise_id=self.enterprise_id,
                site_id=d.get("site_id"),
                duty_type=d["duty_type"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                version=version,
                reason=reason,
            ),
            enterprise=self.enterprise_id,
            at=self.clock(),
        )


@dataclass
class Shift:
    """One shift's life as roster would publish it: each call is the next version's event."""

    enterprise: Enterprise
    snapshot: ShiftSnapshot

    @property
    def shift_id(self) -> uuid.UUID:
        return self.snapshot.shift_id

    def _next(self, **changes) -> ShiftSnapshot:
        self.snapshot = self.snapshot.model_copy(update={**changes, "version": self.snapshot.version + 1})
        return self.snapshot

    def planned(self, status: str = "draft") -> CloudEvent:
        self.snapshot = self.snapshot.model_copy(update={"status": status})
        return self.enterprise.event(ShiftPlanned(shift=self.snapshot))

    def published(self, *, actor: str | None = None, actor_name: str | None = None) -> CloudEvent:
        return self.enterprise.event(
            ShiftPublished(shift=self._next(status="published"), actor=actor, actor_name=actor_name)
        )

    def rescheduled(self, start: datetime, hours: float = 8) -> CloudEvent:
        before = self.snapshot
        return self.enterprise.event(
            ShiftRescheduled(
                shift=self._next(starts_at=start, ends_at=start + timedelta(hours=hours)),
                previous_starts_at=before.starts_at,
                previous_ends_at=before.ends_at,
            )
        )

    def reassigned(self, people: list[Person]) -> CloudEvent:
        before = self.snapshot
        return self.enterprise.event(
            ShiftReassigned(
                shift=self._next(assignees=tuple(p.assignee() for p in people)), previous_assignees=before.assignees
            )
        )

    def cancelled(self, reason: str = "Điều chỉnh kế hoạch") -> CloudEvent:
        return self.enterprise.event(ShiftCancelled(shift=self._next(status="cancelled"), reason=reason))

    def checked_in(self, person: Person, *, late_reason: str | None = None) -> CloudEvent:
        return self.enterprise.event(
            ShiftCheckedIn(
                shift=self._next(status="checked_in"),
                staff_id=person.staff_id,
                checked_in_at=self.enterprise.clock(),
                late_reason=late_reason,
            )
        )

    def late_explained(self, person: Person, *, checked_in_at: datetime, reason: str) -> CloudEvent:
        """`person`, who checked in late at `checked_in_at`, says why afterwards (QZ29 #13)."""
        return self.enterprise.event(
            LateArrivalExplained(
                shift=self._next(),
                staff_id=person.staff_id,
                checked_in_at=checked_in_at,
                late_reason=reason,
                explained_at=self.enterprise.clock(),
            )
        )

    def completed(self) -> CloudEvent:
        return self.enterprise.event(ShiftCompleted(shift=self._next(status="completed")))

    def presence_confirmed(self, person: Person, *, since: datetime) -> CloudEvent:
        """A manager's word after the shift that `person` was there from `since` to its end (QZ27 #3)."""
        return self.enterprise.event(
            PresenceConfirmed(
                shift=self._next(),
                staff_id=person.staff_id,
                present_from=since,
                present_until=self.snapshot.ends_at,
                evidence="handover_book",
                evidence_note="Sổ giao ca, trang 14",
                confirmed_at=self.enterprise.clock(),
                actor="quanly@vnpt-longan.vn",
            )
        )


async def send(kafka: str, settings: NotifierSettings, events: list[CloudEvent], *, audit: bool = False) -> None:
    name = topics.AUDIT_EVENTS if audit else topics.ROSTER_EVENTS
    await produce(kafka, topics.with_prefix(settings.topic_prefix, name), [message(e) for e in events])


async def applied(app, events: list[CloudEvent], timeout: float = 30.0) -> None:
    """Wait until notifier has applied (recorded in its inbox) every one of ``events``."""
    wanted = {e.id for e in events}

    async def all_in() -> bool:
        async with app.state.runtime.sessions() as session:
            seen = set((await session.execute(select(inbox.c.event_id).where(inbox.c.event_id.in_(wanted)))).scalars())
        return seen == wanted

    await eventually(all_in, timeout=timeout, what=f"{len(wanted)} event(s) to be applied")


async def send_and_wait(
    app, kafka: str, settings: NotifierSettings, events: list[CloudEvent], *, audit: bool = False
) -> None:
    await send(kafka, settings, events, audit=audit)
    await applied(app, events)


# --- a real SMTP server and a real webhook receiver, in the test's event loop ----------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    helo: str

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


class Mailbox:
    """aiosmtpd handler. ``reply`` (e.g. "451 4.3.0 Try again later") fails every DATA; sessions whose
    EHLO name is in ``hang`` never get an answer to DATA, like a server that is slow to accept."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.data_commands = 0
        self.reply: str | None = None
        self.hang: set[str] = set()
        self.hanging: Counter[str] = Counter()  # sessions held at DATA right now, by EHLO name

    async def handle_DATA(self, server, session, envelope) -> str:
        self.data_commands += 1
        if session.host_name in self.hang:
            self.hanging[session.host_name] += 1
            try:
                await asyncio.Event().wait()  # until the client goes away and the session is cancelled
            finally:
                self.hanging[session.host_name] -= 1
        if self.reply is not None:
            return self.reply
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
                session.host_name or "",
            )
        )
        return "250 2.0.0 OK: queued"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.received if address in m.rcpt_tos]


@contextlib.asynccontextmanager
async def smtp_server(mailbox: Mailbox) -> AsyncIterator[int]:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1; yields the port."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(mailbox, hostname="mx.test", loop=loop), "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 2)


@dataclass
class HookRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Hooks:
    """A tiny HTTP/1.1 server that records each request; ``status`` is what it answers."""

    def __init__(self) -> None:
        self.requests: list[HookRequest] = []
        self.status = 200

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(HookRequest(method, path, headers, body))
            reason = {200: "OK", 503: "Service Unavailable", 400: "Bad Request"}.get(self.status, "Status")
            writer.write(
                f"HTTP/1.1 {self.status} {reason}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".encode()
            )
            await writer.drain()
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def webhook_server(hooks: Hooks) -> AsyncIterator[str]:
    server = await asyncio.start_server(hooks.handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hooks/lichtruc"
    finally:
        server.close()
