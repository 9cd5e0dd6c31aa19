"""The directive's deadlines (issue 15, parts 2, 3 and 4): which notices are due at an instant.

Design. Notifier keeps, from roster's events, the few facts it needs (campaigns' dates and hours deadline,
readiness items and each enterprise's mark, post offices' and transaction points' first publication, the daily reports
submitted; db/deadlines.py), and the scheduler loop sweeps them every ``NOTIFIER_DEADLINE_SWEEP_SECONDS``
(handlers/deadlines.py): this pure function says which notices are due now; the handler turns each into
deliveries whose dedupe key is (obligation, stage, channel, recipient). A deadline is a moment, not an event:
nothing arrives when a report is *not* submitted, so a sweep — not an event handler — is the only place
that can notice it, and because every notice is re-derived from the facts, a redelivered event, a
restart or two replicas sweeping at once add nothing (the dedupe key is unique in the deliveries table).

The rules (`now` is passed in; days and hours are Vietnam time, Asia/Ho_Chi_Minh):

* **Readiness item** (per item and enterprise of the item's sector), while the campaign is not over
  (``now < ends_at``) and the item is not marked done:
  - *reminder* ("readiness_soon") from ``readiness_lead_days`` (default 2) days before the item's due day at
    ``readiness_hour`` (08:00) until its ``due_at``;
  - *overdue notice* ("readiness_late") from the morning after its due day (``readiness_hour`` the next day,
    never before ``due_at``) on.
  An item done before then gets nothing; one reopened becomes due again (at most one notice per stage).
  What one sweep finds is one mail to each manager's address per campaign (`readiness_mails`): every item due soon or
  overdue of every enterprise the address manages, by enterprise; the webhook gets one message per enterprise and
  stage listing its items (`bundled`).
* **Tết opening hours** of post offices and transaction points (`lichtruc.counters`: the sites that serve the
  public at a counter), per enterprise that has any, while a *Tết* campaign is not over
  (a drill — an exercise of a few hours before Tết — has no opening hours to publish, as it has no border
  defaults: roster refuses hours for one, and its enterprises are told nothing of them):
  - *reminder* ("hours_soon") from ``hours_lead`` (default 2 days) before the campaign's ``hours_deadline``
    (absent: its start, as audit reads it) until the deadline, listing the points not published yet;
  - *notice* ("hours_late") from the deadline on, listing the points still unpublished.
  An enterprise whose post offices and transaction points all published gets nothing, nor one that does not owe
  hours due by then (`owes`, below: the deadline's day before the day it owes from).
* **Daily report** (per enterprise and campaign day D, as audit reads it: every enterprise, every local day
  the campaign touches): due at ``report_due`` (09:00) on D + 1 — `lichtruc.report_deadline`, the one rule of
  audit's status page and roster's summary, which also says from when a day without one is missing. From then until ``report_window`` (default
  1 day) later, if no version is submitted, a *reminder* ("report_missing") to the leaders on leadership
  duty on D and the managers; and one *digest* ("report_digest") per day for the Department listing the
  enterprises missing (if ``NOTIFIER_DEPARTMENT_EMAILS`` is set). The last day's report is due after the
  campaign ends, so the report window, not the campaign's end, closes it.
* **From when an enterprise owes** (`owes`, `owes_report`): an enterprise the Department registered mid-campaign may
  carry the local day it owes reports and readiness items from (roster's ``obligations_from``). A readiness item or
  the Tết hours (due by the end of the day before a deadline of 00:00) due on a local day before it is not owed: no
  reminder, no overdue notice. One due on that day or after is owed as above; an enterprise without the day owes
  everything. A day's report is owed by the day it reports on, not by the day it is due (`owes_report`): the report
  of ``obligations_from`` itself is owed (due the next morning), the report of the day before is not — not
  reminded, not in the digest — though it falls due on ``obligations_from`` (QZ18 #3).

Notices past their window are never sent (an outage or a replay of old events does not send stale
reminders of campaigns already over)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from lichtruc import report_deadline, vntime
from lichtruc.text import sort_key

from .addressees import Addressee, address_key

NoticeKind = Literal["readiness_soon", "readiness_late", "hours_soon", "hours_late", "report_missing", "report_digest"]
KINDS: tuple[NoticeKind, ...] = (
    "readiness_soon",
    "readiness_late",
    "hours_soon",
    "hours_late",
    "report_missing",
    "report_digest",
)


@dataclass(frozen=True, slots=True)
class Campaign:
    campaign_id: uuid.UUID
    name: str
    starts_at: datetime
    ends_at: datetime
    hours_deadline: datetime | None = None
    kind: Literal["tet", "drill"] = "tet"

    @property
    def deadline_for_hours(self) -> datetime:
        """The hours deadline, else the campaign's start (audit's rule)."""
        return self.hours_deadline if self.hours_deadline is not None else self.starts_at

    @property
    def hours_due_day(self) -> date:
        """The local day the hours are due by (for `owes`): the deadline's, an end of day (00:00) counting for the day
        before, as a readiness item's due instant is read (and audit's domain.hours.due_day)."""
        return vntime.local_day(self.deadline_for_hours - timedelta(microseconds=1))

    def days(self) -> list[date]:
        """The local days the campaign touches, in order."""
        if self.ends_at <= self.starts_at:
            return []
        first = vntime.local_day(self.starts_at)
        last = vntime.local_day(self.ends_at - timedelta(microseconds=1))
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True, slots=True)
class Enterprise:
    enterprise_id: uuid.UUID
    name: str
    sector: str
    obligations_from: date | None = None
    """The local day it owes reports and readiness items from (the Department's choice); None: everything."""


def owes(enterprise: Enterprise, due_day: date) -> bool:
    """Whether `enterprise` owes what is due on the local day `due_day` (a readiness item's due day, the Tết hours'):
    always, unless the Department set the day it owes from (``obligations_from``) and `due_day` is before it. Not
    for daily reports: `owes_report`."""
    return enterprise.obligations_from is None or due_day >= enterprise.obligations_from


def owes_report(enterprise: Enterprise, day: date) -> bool:
    """Whether `enterprise` owes the daily report of the local day `day`: always, unless the Department set the day
    it owes from (``obligations_from``) and `day` is before it. A report is owed by the day it reports on, not by
    the day it is due (the next morning): the report of the day before ``obligations_from`` falls due on that day
    and is not owed (QZ18 #3: an enterprise registered on 06/02 owing from 06/02 was mailed a minute later for the
    report of 05/02). Services share no code: the same rule is roster's `domain.reports.report_owed` and audit's
    `domain.obligations.owes_report`, each tested in its service."""
    return enterprise.obligations_from is None or day >= enterprise.obligations_from


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    item_id: uuid.UUID
    campaign_id: uuid.UUID
    sector: str
    title_vi: str
    title_en: str
    due_at: datetime
    due_date: date | None = None

    @property
    def due_day(self) -> date:
        """The local day it is due by: the day set, else the day its due instant falls in (an end of day counts
        for the day before)."""
        return self.due_date if self.due_date is not None else vntime.local_day(self.due_at - timedelta(microseconds=1))

    @property
    def by_end_of(self) -> date | None:
        """The local day it is due by the end of: the day set, or the day before a due instant of 00:00 (Vietnam
        time), so that a notice says "hết ngày 28/01", never "00:00 29/01". None for a due time within a day."""
        if self.due_date is not None:
            return self.due_date
        at = vntime.local(self.due_at)
        return at.date() - timedelta(days=1) if at.time() == time(0) else None


@dataclass(frozen=True, slots=True)
class Point:
    """A site that publishes Tết opening hours: a post office or a transaction point (its `kind`, one of
    `lichtruc.counters.COUNTER_KINDS`)."""

    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    district: str | None = None
    kind: str = "transaction_point"


@dataclass(frozen=True)
class Facts:
    """What the sweep read; only the campaigns given are considered."""

    campaigns: Sequence[Campaign] = ()
    enterprises: Sequence[Enterprise] = ()
    items: Sequence[ReadinessItem] = ()
    done: frozenset[tuple[uuid.UUID, uuid.UUID]] = frozenset()
    """(item, enterprise) marked done now."""
    points: Sequence[Point] = ()
    published: frozenset[tuple[uuid.UUID, uuid.UUID]] = frozenset()
    """(site, campaign) with hours published."""
    reported: frozenset[tuple[uuid.UUID, uuid.UUID, date]] = frozenset()
    """(campaign, enterprise, day) with a report submitted."""


@dataclass(frozen=True, slots=True)
class Rules:
    readiness_lead_days: int = 2
    readiness_hour: time = time(8, 0)
    hours_lead: timedelta = timedelta(days=2)
    report_due: time = report_deadline.DEFAULT_DUE
    report_window: timedelta = timedelta(days=1)


@dataclass(frozen=True)
class Notice:
    """One obligation's notice at one stage; `obligation` is its stable key (the dedupe key's stem)."""

    kind: NoticeKind
    obligation: str
    campaign: Campaign
    due_at: datetime
    enterprise: Enterprise | None = None
    item: ReadinessItem | None = None
    points: tuple[Point, ...] = ()
    day: date | None = None
    missing: tuple[Enterprise, ...] = field(default=())
    overdue_days: int = 0
    """An overdue item's (``readiness_late``): the local days since its due day (1 the morning after); else 0."""
    parts: tuple[Notice, ...] = ()
    """A readiness notice of several items (`bundled`, `readiness_mails`): the item notices it tells, by enterprise
    then due instant and title; `item` is None, and `enterprise` too when they are of several enterprises."""

    @property
    def listed(self) -> tuple[Notice, ...]:
        """The item notices a readiness notice tells: its parts, or itself for one item; none for another notice."""
        if self.parts:
            return self.parts
        return (self,) if self.item is not None else ()

    @property
    def enterprises(self) -> tuple[Enterprise, ...]:
        """The enterprises of the items it tells, in their order (of its own enterprise for another notice)."""
        found: dict[uuid.UUID, Enterprise] = {}
        for part in self.listed:
            if part.enterprise is not None:
                found.setdefault(part.enterprise.enterprise_id, part.enterprise)
        if not found and self.enterprise is not None:
            return (self.enterprise,)
        return tuple(found.values())


def readiness_times(item: ReadinessItem, rules: Rules) -> tuple[datetime, datetime]:
    """(when the reminder is due, when the overdue notice is due)."""
    remind = vntime.utc(vntime.at_local(item.due_day - timedelta(days=rules.readiness_lead_days), rules.readiness_hour))
    late = max(
        vntime.utc(item.due_at), vntime.utc(vntime.at_local(item.due_day + timedelta(days=1), rules.readiness_hour))
    )
    return remind, late


def report_owed(day: date, now: datetime, rules: Rules) -> datetime | None:
    """The deadline of a day's report while `now` is in its reminder window, else None: the shared rule's
    (`lichtruc.report_deadline`: `report_due` on the next day, missing from then on), for `report_window`."""
    due = report_deadline.due_at(day, rules.report_due)
    missing = report_deadline.report_status(submitted=False, deadline=due, now=now) == "missing"
    return due if missing and now < due + rules.report_window else None


def looked_back(rules: Rules) -> timedelta:
    """How long after its end a campaign can still owe a notice (its last day's report, due the next day at
    `report_due` and owed for `report_window`): the sweep reads only campaigns that ended less than this ago."""
    return timedelta(days=2) + rules.report_window


def _readiness(now: datetime, facts: Facts, rules: Rules, campaign: Campaign) -> list[Notice]:
    found: list[Notice] = []
    for item in sorted(
        (i for i in facts.items if i.campaign_id == campaign.campaign_id), key=lambda i: (i.due_at, i.title_vi)
    ):
        remind, late = readiness_times(item, rules)
        if remind <= now < item.due_at:
            kind: NoticeKind = "readiness_soon"
        elif now >= late:
            kind = "readiness_late"
        else:
            continue
        for enterprise in facts.enterprises:
            if enterprise.sector != item.sector or (item.item_id, enterprise.enterprise_id) in facts.done:
                continue
            if not owes(enterprise, item.due_day):
                continue
            stage = "soon" if kind == "readiness_soon" else "late"
            found.append(
                Notice(
                    kind=kind,
                    obligation=f"readiness:{item.item_id}:{enterprise.enterprise_id}:{stage}",
                    campaign=campaign,
                    due_at=item.due_at,
                    enterprise=enterprise,
                    item=item,
                    overdue_days=(vntime.local_day(now) - item.due_day).days if kind == "readiness_late" else 0,
                )
            )
    return found


def _hours(now: datetime, facts: Facts, rules: Rules, campaign: Campaign) -> list[Notice]:
    deadline = campaign.deadline_for_hours
    if deadline - rules.hours_lead <= now < deadline:
        kind: NoticeKind = "hours_soon"
    elif now >= deadline:
        kind = "hours_late"
    else:
        return []
    unpublished: dict[uuid.UUID, list[Point]] = {}
    for point in facts.points:
        if (point.site_id, campaign.campaign_id) not in facts.published:
            unpublished.setdefault(point.enterprise_id, []).append(point)
    found = []
    for enterprise in facts.enterprises:
        points = unpublished.get(enterprise.enterprise_id)
        if not points or not owes(enterprise, campaign.hours_due_day):
            continue
        stage = "soon" if kind == "hours_soon" else "late"
        found.append(
            Notice(
                kind=kind,
                obligation=f"hours:{campaign.campaign_id}:{enterprise.enterprise_id}:{stage}",
                campaign=campaign,
                due_at=deadline,
                enterprise=enterprise,
                points=tuple(
                    sorted(points, key=lambda p: (sort_key(p.district or ""), sort_key(p.name), str(p.site_id)))
                ),
            )
        )
    return found


def _reports(now: datetime, facts: Facts, rules: Rules, campaign: Campaign) -> list[Notice]:
    found: list[Notice] = []
    for day in campaign.days():
        due = report_owed(day, now, rules)
        if due is None:
            continue
        missing = tuple(
            e
            for e in facts.enterprises
            if (campaign.campaign_id, e.enterprise_id, day) not in facts.reported and owes_report(e, day)
        )
        for enterprise in missing:
            found.append(
                Notice(
                    kind="report_missing",
                    obligation=f"report:{campaign.campaign_id}:{enterprise.enterprise_id}:{day.isoformat()}",
                    campaign=campaign,
                    due_at=due,
                    enterprise=enterprise,
                    day=day,
                )
            )
        if missing:
            found.append(
                Notice(
                    kind="report_digest",
                    obligation=f"report:{campaign.campaign_id}:{day.isoformat()}:digest",
                    campaign=campaign,
                    due_at=due,
                    day=day,
                    missing=missing,
                )
            )
    return found


def _bundle(parts: Sequence[Notice], stem: str) -> Notice:
    """Readiness item notices made one that lists them. Its obligation is `stem`, the stage ("soon", "late", or
    "mixed" for items at both), the count and a hash of the parts' obligations: two sweeps of the same notices build
    the same one. An overdue item in it makes it ``readiness_late`` (the delivery's kind)."""
    first = parts[0]
    kinds = {p.kind for p in parts}
    stage = "mixed" if len(kinds) > 1 else "soon" if first.kind == "readiness_soon" else "late"
    digest = hashlib.sha256("\n".join(sorted(p.obligation for p in parts)).encode()).hexdigest()[:24]
    enterprises = {p.enterprise.enterprise_id for p in parts if p.enterprise is not None}
    return replace(
        first,
        kind="readiness_late" if "readiness_late" in kinds else "readiness_soon",
        obligation=f"{stem}:{stage}:{len(parts)}:{digest}",
        due_at=min(p.due_at for p in parts),
        enterprise=first.enterprise if len(enterprises) == 1 else None,
        item=None,
        overdue_days=0,
        parts=tuple(parts),
    )


def bundled(notices: Sequence[Notice]) -> list[Notice]:
    """The notices to send to the webhook (and, for an enterprise without a manager's address, to record as failed):
    the readiness notices of one enterprise, campaign and stage made one that lists their items (in the order given),
    where there are several; the others as they are, in their order (a bundle where its first item was)."""
    groups: dict[tuple[str, uuid.UUID, uuid.UUID], list[Notice]] = {}
    order: list[Notice | tuple[str, uuid.UUID, uuid.UUID]] = []
    for notice in notices:
        if notice.item is None or notice.enterprise is None:
            order.append(notice)
            continue
        key = (notice.kind, notice.campaign.campaign_id, notice.enterprise.enterprise_id)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(notice)
    out: list[Notice] = []
    for entry in order:
        if isinstance(entry, Notice):
            out.append(entry)
            continue
        group = groups[entry]
        out.append(group[0] if len(group) == 1 else _bundle(group, f"readiness:{entry[1]}:{entry[2]}"))
    return out


@dataclass(frozen=True)
class Mail:
    """A readiness notice as one address reads it: `to` (its reader's name and language) and what it tells."""

    to: Addressee
    notice: Notice


def readiness_mails(notices: Sequence[Notice], managers: Mapping[uuid.UUID, Sequence[Addressee]]) -> list[Mail]:
    """The readiness mails of one sweep: to each address among the `managers` of the notices' enterprises (by
    enterprise id), one per campaign telling every item those enterprises owe, due soon or overdue — a manager of two
    enterprises gets one mail naming both, not two. The items by enterprise (by name), then as given (by due instant
    and title); one item alone is its own notice (its obligation the item's, as before bundling). The reader of an
    address is the one with a name (a staff record) if any of its enterprises' addressees has one, else the bare
    mailbox. An enterprise without an address is in no mail (`bundled` says whom it fails for). Mails in the order
    their first item came."""
    groups: dict[tuple[uuid.UUID, str], list[Notice]] = {}
    readers: dict[tuple[uuid.UUID, str], Addressee] = {}
    for notice in notices:
        if notice.item is None or notice.enterprise is None:
            continue
        for to in managers.get(notice.enterprise.enterprise_id, ()):
            key = (notice.campaign.campaign_id, address_key(to.email))
            groups.setdefault(key, []).append(notice)
            if key not in readers or (readers[key].name is None and to.name is not None):
                readers[key] = to
    mails: list[Mail] = []
    for key, group in groups.items():
        parts = sorted(group, key=_by_enterprise)
        notice = parts[0] if len(parts) == 1 else _bundle(parts, f"readiness:{key[0]}:mail")
        mails.append(Mail(readers[key], notice))
    return mails


def _by_enterprise(notice: Notice) -> tuple[str, str]:
    enterprise = notice.enterprise
    return (sort_key(enterprise.name), str(enterprise.enterprise_id)) if enterprise is not None else ("", "")


def due_notices(now: datetime, facts: Facts, rules: Rules = Rules()) -> list[Notice]:
    """Every notice due at `now` by the rules above (whether already sent is the caller's dedupe key), by
    campaign then readiness, hours, reports; enterprises by name."""
    facts = Facts(
        campaigns=facts.campaigns,
        enterprises=sorted(facts.enterprises, key=lambda e: (sort_key(e.name), str(e.enterprise_id))),
        items=facts.items,
        done=facts.done,
        points=facts.points,
        published=facts.published,
        reported=facts.reported,
    )
    found: list[Notice] = []
    for campaign in sorted(facts.campaigns, key=lambda c: (c.starts_at, str(c.campaign_id))):
        if now < campaign.ends_at:
            found += _readiness(now, facts, rules, campaign)
            if campaign.kind == "tet":
                found += _hours(now, facts, rules, campaign)
        found += _reports(now, facts, rules, campaign)
    return found
