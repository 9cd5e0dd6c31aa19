"""The directive's deadlines (issue 15, parts 2-4): the facts projected from roster's events, and the sweep the
scheduler runs that turns the notices due (`domain.deadlines.due_notices`, whose docstring has the rules and
why a sweep) into deliveries.

Who is told:
* readiness reminder and overdue notice, Tết hours reminder and notice: the enterprise's managers (their
  addresses on the enterprise and its active manager accounts' sign-in addresses, each address once, as inspections
  tell them), each as the person whose staff record has the address — in their own language,
  addressed with their name — and a mailbox no staff record has in ``NOTIFIER_GAP_ALERT_LANGUAGE``
  (`handlers.addressees`);
* a missing daily report: the leaders on leadership duty that day (on a published, checked-in or completed
  shift overlapping the local day), each in their own language, and the managers;
* the day's digest of missing reports: ``NOTIFIER_DEPARTMENT_EMAILS`` (if ``NOTIFIER_DAILY_REPORT_DIGEST``);
* and, for every notice, ``NOTIFIER_WEBHOOK_URL`` if set (one JSON message per notice).

The readiness items one sweep finds due soon or overdue are one mail to each manager's address per campaign,
listing them under their enterprises — a manager of two enterprises gets one mail naming both
(`domain.deadlines.readiness_mails`) —; the webhook gets one message per enterprise and stage whose JSON lists the
items (`domain.deadlines.bundled`).

Exactly once per (obligation, recipient): every delivery's dedupe key is the obligation, the channel and
the recipient (unique in the deliveries table; a mail of several items has an obligation made of theirs), and the
obligations told — each item's, per enterprise and stage — are recorded so that a later sweep does not build them
again: an item newly due later is a mail of its own then. The sweep runs in one transaction, so a crash leaves
neither."""

from __future__ import annotations

import logging
import time as monotonic
import uuid
from datetime import datetime, timedelta

from lichtruc import vntime
from lichtruc.events import CampaignOpened, CloudEvent, EventData
from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)
from lichtruc.events_reports import DailyReportSubmitted

from ..db.uow import UnitOfWork
from ..domain.addressees import Addressee
from ..domain.deadline_messages import deadline_message
from ..domain.deadlines import (
    Campaign,
    Notice,
    ReadinessItem,
    Rules,
    bundled,
    due_notices,
    looked_back,
    readiness_mails,
    report_owed,
)
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.messages import json_body
from ..domain.model import NewDelivery
from ..domain.texts import Lang
from ..settings import NotifierSettings
from . import readmodel
from .addressees import default_language, language_of, managers
from .context import Context

log = logging.getLogger(__name__)


def rules(settings: NotifierSettings) -> Rules:
    return Rules(
        readiness_lead_days=settings.readiness_reminder_days,
        readiness_hour=settings.readiness_notice_time,
        hours_lead=timedelta(days=settings.hours_reminder_days),
        report_due=settings.daily_report_due,
        report_window=timedelta(hours=settings.daily_report_window_hours),
    )


# --- the facts, from roster's events -----------------------------------------------------------


async def on_campaign(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, CampaignOpened)
    campaign = Campaign(data.campaign_id, data.name, data.starts_at, data.ends_at, data.hours_deadline, data.kind)
    before = await uow.deadlines.kind_of(data.campaign_id)
    if await uow.deadlines.put_campaign(campaign, version=data.version):
        await readmodel.show_campaign_kind(
            uow, campaign_id=data.campaign_id, before=before, kind=data.kind, changed_at=event.time, now=ctx.clock()
        )
    return False


async def on_readiness(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    if isinstance(data, ReadinessItemDefined):
        item = ReadinessItem(
            data.item_id, data.campaign_id, data.sector, data.title_vi, data.title_en, data.due_at, data.due_date
        )
        await uow.deadlines.put_item(item, version=data.version)
    elif isinstance(data, ReadinessItemRemoved):
        await uow.deadlines.remove_item(data.item_id, version=data.version)
    elif isinstance(data, ReadinessItemCompleted):
        await uow.deadlines.put_mark(data.item_id, data.enterprise_id, done=True, version=data.version)
    elif isinstance(data, ReadinessItemReopened):
        await uow.deadlines.put_mark(data.item_id, data.enterprise_id, done=False, version=data.version)
    return False


async def on_hours(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, TransactionHoursPublished)
    await uow.deadlines.put_published(
        campaign_id=data.campaign_id, site_id=data.site_id, enterprise_id=data.enterprise_id, at=data.published_at
    )
    return False


async def on_report(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, DailyReportSubmitted)
    await uow.deadlines.put_report(
        campaign_id=data.campaign_id, enterprise_id=data.enterprise_id, day=data.day, at=data.submitted_at
    )
    return False


# --- the sweep ----------------------------------------------------------------------------------

Recipient = tuple[str | None, str | None, Lang, str]
"""(e-mail, name, language, who — for a missing address's failure text)."""


def _key(obligation: str, channel: str, recipient: str) -> str:
    return f"{obligation}:{channel}:{recipient_digest(recipient)}"


async def _recipients(uow: UnitOfWork, *, ctx: Context, notice: Notice) -> list[Recipient]:
    """Who is told of a notice other than a readiness one (those go by `_readiness_deliveries`)."""
    default = default_language(ctx)
    if notice.kind == "report_digest":
        if not ctx.settings.daily_report_digest:
            return []
        return [(e, None, default, "the Department") for e in ctx.settings.department_emails]
    assert notice.enterprise is not None
    found: list[Recipient] = []
    if notice.kind == "report_missing" and notice.day is not None:
        start = vntime.utc(vntime.at_local(notice.day))
        for staff_id in await uow.deadlines.leaders_between(
            notice.enterprise.enterprise_id, start, start + timedelta(days=1)
        ):
            person = await uow.reference.person(staff_id)
            if person is None:
                continue
            lang = await language_of(uow, person)
            found.append((person.email, person.full_name, lang, f"the leader {person.full_name}"))
    enterprise = await uow.reference.enterprise(notice.enterprise.enterprise_id)
    for manager in await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True):  # as who it is, if known
        found.append((manager.email, manager.name, manager.language, "a manager of the enterprise"))
    if not found:  # recorded as a failed delivery that says why, visible in GET /deliveries
        found.append((None, None, default, f"the managers of {notice.enterprise.name}"))
    return found


def _email(
    notice: Notice, *, ctx: Context, to: Recipient, now: datetime, staff_id: uuid.UUID | None = None
) -> NewDelivery:
    """The e-mail of a notice to one recipient (failed at once, saying why, without a usable address), of the
    person `staff_id` if known. A mail of several enterprises' items has them all (`enterprise_ids`) and no one
    enterprise: GET /deliveries lists it to whoever manages every one of them, as its reader does, and to its
    reader's person — not to a manager of one only, who must not read of the others' items."""
    email, name, lang, who = to
    enterprises = notice.enterprises
    return new_delivery(
        now=now,
        kind=notice.kind,
        dedupe_key=_key(notice.obligation, "email", email or f"nobody:{who}"),
        channel="email",
        recipient=email,
        recipient_name=name,
        language=lang,
        message=deadline_message(notice, lang=lang, portal_url=ctx.settings.portal_url),
        enterprise_id=enterprises[0].enterprise_id if len(enterprises) == 1 else None,
        enterprise_ids=tuple(e.enterprise_id for e in enterprises) if len(enterprises) > 1 else (),
        staff_id=staff_id,
        problem=recipient_problem("email", email, who),
    )


def _webhook(notice: Notice, *, ctx: Context, url: str, now: datetime) -> NewDelivery:
    """The webhook's JSON message of a notice, in the default language; a readiness notice lists its items."""
    lang = default_language(ctx)
    message = deadline_message(notice, lang=lang, portal_url=ctx.settings.portal_url)
    delivery_id = uuid.uuid4()
    payload: dict[str, object] = {
        "type": notice.kind,
        "delivery_id": str(delivery_id),
        "subject": message.subject,
        "text": message.text,
        "campaign": notice.campaign.name,
        "enterprise": notice.enterprise.name if notice.enterprise is not None else None,
        "due_at": notice.due_at.isoformat(),
    }
    if notice.listed:
        payload["items"] = [
            {
                "id": str(part.item.item_id),
                "title": part.item.title_vi if lang == "vi" else part.item.title_en,
                "enterprise": part.enterprise.name if part.enterprise is not None else None,
                "sector": part.item.sector,
                "due_day": part.item.due_day.isoformat(),
                "overdue_days": part.overdue_days,
            }
            for part in notice.listed
            if part.item is not None
        ]
    return new_delivery(
        now=now,
        kind=notice.kind,
        dedupe_key=f"{notice.obligation}:webhook",
        channel="webhook",
        recipient=url,
        recipient_name=None,
        language=lang,
        message=message,
        body=json_body(payload).decode("utf-8"),
        delivery_id=delivery_id,
        enterprise_id=notice.enterprise.enterprise_id if notice.enterprise is not None else None,
    )


async def _deliveries(uow: UnitOfWork, *, ctx: Context, notice: Notice, now: datetime) -> list[NewDelivery]:
    rows: list[NewDelivery] = []
    seen: set[str] = set()
    for to in await _recipients(uow, ctx=ctx, notice=notice):
        row = _email(notice, ctx=ctx, to=to, now=now)
        if row.dedupe_key not in seen:
            seen.add(row.dedupe_key)
            rows.append(row)
    if ctx.settings.webhook_url:
        rows.append(_webhook(notice, ctx=ctx, url=ctx.settings.webhook_url, now=now))
    return rows


async def _readiness_deliveries(
    uow: UnitOfWork, *, ctx: Context, notices: list[Notice], now: datetime
) -> list[NewDelivery]:
    """The readiness items due soon or overdue in one sweep: one mail to each manager's address per campaign
    listing every item of every enterprise it manages (`readiness_mails`); for an enterprise without an address, a
    failed delivery per stage that says why; and the webhook's message per enterprise and stage (`bundled`)."""
    managers_of: dict[uuid.UUID, list[Addressee]] = {}
    for notice in notices:
        if notice.enterprise is not None and notice.enterprise.enterprise_id not in managers_of:
            enterprise = await uow.reference.enterprise(notice.enterprise.enterprise_id)
            managers_of[notice.enterprise.enterprise_id] = await managers(
                uow, ctx=ctx, enterprise=enterprise, with_accounts=True
            )
    rows: list[NewDelivery] = []
    for mail in readiness_mails(notices, managers_of):
        who = "a manager of " + ", ".join(e.name for e in mail.notice.enterprises)
        to = (mail.to.email, mail.to.name, mail.to.language, who)
        rows.append(_email(mail.notice, ctx=ctx, to=to, now=now, staff_id=mail.to.staff_id))
    for bundle in bundled(notices):
        if bundle.enterprise is None:
            continue
        if not managers_of.get(bundle.enterprise.enterprise_id):  # visible in GET /deliveries, saying why
            nobody = (None, None, default_language(ctx), f"the managers of {bundle.enterprise.name}")
            rows.append(_email(bundle, ctx=ctx, to=nobody, now=now))
        if ctx.settings.webhook_url:
            rows.append(_webhook(bundle, ctx=ctx, url=ctx.settings.webhook_url, now=now))
    return rows


async def sweep(ctx: Context, now: datetime) -> int:
    """Create the deliveries of every deadline notice due at `now` not told yet; returns how many are new."""
    settings = ctx.settings
    if not settings.deadline_notices_enabled:
        return 0
    current = rules(settings)
    async with ctx.uow() as uow:
        ending_after = now - looked_back(current)
        campaigns = await uow.deadlines.campaigns(ending_after=ending_after)
        if not campaigns:
            return 0
        hours_of = [c.campaign_id for c in campaigns if c.deadline_for_hours - current.hours_lead <= now < c.ends_at]
        report_days = [
            (c.campaign_id, day) for c in campaigns for day in c.days() if report_owed(day, now, current) is not None
        ]
        facts = await uow.deadlines.facts(
            ending_after=ending_after,
            items_due_before=now + timedelta(days=current.readiness_lead_days + 2),
            hours_of=hours_of,
            report_days=report_days,
        )
        notices = due_notices(now, facts, current)
        told = await uow.deadlines.told(n.obligation for n in notices)
        fresh = [n for n in notices if n.obligation not in told]
        if not fresh:
            return 0
        readiness = [n for n in fresh if n.item is not None]
        rows = await _readiness_deliveries(uow, ctx=ctx, notices=readiness, now=now)
        for notice in fresh:
            if notice.item is None:
                rows += await _deliveries(uow, ctx=ctx, notice=notice, now=now)
        added = await uow.deliveries.add(rows)
        await uow.deadlines.record_told(((n.obligation, n.kind) for n in fresh), now=now)
    log.info("deadline sweep: %d notices, %d deliveries", len(fresh), added)
    return added


class SweepTimer:
    """When the sweep last ran on this replica (monotonic seconds), so that it runs at most every
    ``NOTIFIER_DEADLINE_SWEEP_SECONDS`` whatever the poll interval."""

    def __init__(self) -> None:
        self.last: float | None = None

    def due(self, every: float) -> bool:
        now = monotonic.monotonic()
        if self.last is not None and now - self.last < every:
            return False
        self.last = now
        return True


async def maybe_sweep(ctx: Context, timer: SweepTimer) -> int:
    """The scheduler's call: sweep if it is time."""
    if not ctx.settings.deadline_notices_enabled or not timer.due(ctx.settings.deadline_sweep_seconds):
        return 0
    return await sweep(ctx, ctx.clock())
