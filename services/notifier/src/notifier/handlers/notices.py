"""Notices of a change of who is on a shift (QA round 9, #3; the words: `domain.shift_notices`), made in the
consumer's unit of work with the event that caused them:

- ShiftReassigned: each person added is told they are on the shift (in place of whom, by which manager), with
  the .ics as a reminder has; each person taken off that they no longer are (and who takes it), with the .ics that
  removes it;
- ShiftRescheduled, a move (no `handed_over_to`) of its times: each person on it, its times before and now and by
  which manager, with the .ics that moves it in their calendar (QZ23 #2: nobody was told of a night moved by a day);
- ShiftCancelled, a cancellation (no `handed_over_to`: that one is a handover's, told as such below): each person
  on it, by which manager and why, with the .ics (METHOD:CANCEL) that removes it from their calendar (QZ23 #2: one
  not told turns up for a shift that no longer exists, or believes a post is covered);
- ShiftPublished (not a handover's): each person on it, that it is theirs and by which manager, with the .ics that
  adds it to their calendar (QZ24 #1: nobody was told before the 24-hour reminder). Bulk publishing (a campaign's
  400 drafts at once) must not bury a person in 30 mails: the e-mail waits `NOTIFIER_PUBLISHED_DIGEST_SECONDS`
  (default 60) and the sender then puts every published-shift e-mail of that person due by then into one mail
  listing them all, with one .ics holding all their events (`handlers.deliveries`). A window rather than one
  consumer batch: roster commits a bulk publication's events together, but the relay and the consumer bring them
  in batches whose bounds fall anywhere (the consumer's `max_records`, a poll's timing), so one person's shifts of
  one publication could straddle two; a minute covers a publication of thousands of shifts and a manager publishing
  cell by cell, costs a notice a minute at most, and never holds one past its shift's start. Each shift and person
  keeps its own delivery (and dedupe key), so the mail tells each shift once; written again from the entries when
  sent, it says each shift as it is then and leaves out one cancelled or handed to others meanwhile (their own
  notices say so). A webhook (a chat or SMS gateway) is sent at once, one per shift;
- ShiftSwapped: the person who asked (the .ics cancelling her event, QZ25 #6) and the person who takes the shift
  (his reminder already due skipped: this says more, QZ25 #5), each with the manager's note;
- SwapRequested: the enterprise's managers only when it is theirs to decide now and they have not heard of it
  (`managers_asked`: the colleague named has no portal account, or the shift is near; never again when the request
  names someone else after a decline — R5), who asks, for which shift, to whom, the swap inbox; and the colleague
  the request names ("X asked to hand you this shift; the manager decides"), with no .ics (QZ24 #2: a confirmed
  event of the whole shift, `<shift>.all`, sat in his calendar before anyone approved, beside the approval's own
  `<shift>.<person>` after it, and was never removed on a rejection or withdrawal): the invitation is the
  approval's. It says to answer the asker or call the manager, and links no sign-in to one without a portal
  account (QZ25 #5);
- SwapAnswered (QZ26 #12: the colleague named answers before the manager decides): the person who asked, of the
  answer and the colleague's note — accepted (or an open request taken), it waits for the manager; declined, she
  asks someone else or withdraws —; once accepted, the enterprise's managers too: the request is ready to decide;
- SwapRejected: the person who asked, with the reason; the colleague it named (closed, he need do nothing: QZ22
  #12b);
- SwapLapsed: the person who asked (still on duty: the shift began before a decision) and the colleague it named
  (who does not take it over), QZ15 #1;
- SwapWithdrawn: the same people the request reached — the enterprise's managers if it did (nothing to decide any more) and
  the colleague it named ("… đã rút đề nghị đổi ca; anh/chị không cần nhận ca này", QZ13 #5);
- a handover: the new shift's ShiftPlanned/ShiftPublished (`continues_shift_id`) tells each person on it that they
  take over the rest of the shift from its start, in place of whom (the old shift's people) and why — even when
  that moment has passed; the old shift's ShiftRescheduled (`handed_over_to`) tells each person relieved (on the
  old shift and not on the new one) that they are off it from then and who takes the rest, with the .ics that moves
  its end; handed over at its start (nobody had checked in), the old shift's ShiftCancelled (`handed_over_to`)
  tells them they are off the whole shift, with the .ics (METHOD:CANCEL, as a cancellation's) that removes it, and
  the new shift's people that they take it whole (one on both shifts: one mail of both). Their key is the new
  shift's id: both events of the new shift tell a person once; the relieved shift's event applied first waits for
  the new shift's, so that its mail names the takers.

Only of a shift people see (published or under way; a draft told nobody) that has not ended. A person is told on the
channels they chose (/me/reminders; none: not told), in their language, and not inside their quiet hours (the notice
waits for their end, unless the shift starts before then); a manager by e-mail as a gap alert is. Once per person
and change: each delivery's dedupe key is the shift's version (a swap request's own version), the notice and the
person and channel, so a repeated event adds nothing."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from lichtruc.events import (
    CloudEvent,
    EventData,
    ShiftCancelled,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    ShiftSwapped,
    SwapAnswered,
    SwapLapsed,
    SwapRejected,
    SwapRequested,
    SwapWithdrawn,
    read_data,
)

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.calendar import InvitationMethod, render_invitation
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.entries import entry_key, taker_handover
from ..domain.messages import Message, ShiftView, json_body, valid_address
from ..domain.model import NamedEntry, NewDelivery
from ..domain.preferences import reminder_prefs
from ..domain.reminders import PUBLISHED, TOLD, ReminderPrefs, Told
from ..domain.shift_notices import (
    NoticeKind,
    answered_message,
    asked_message,
    asked_you_message,
    cancelled_message,
    handover_off_message,
    handover_taker_message,
    lapsed_message,
    managers_asked,
    moved_message,
    notice_payload,
    notice_time,
    published_message,
    published_notice_time,
    publisher,
    put_on_message,
    ready_message,
    rejected_message,
    swap_asker_message,
    swap_taker_message,
    taken_off_message,
    withdrawn_message,
)
from ..domain.swap_urgency import starts_in
from ..domain.texts import Lang, notice_texts
from ..domain.views import to_feed_entry, to_shift_view
from .addressees import managers, reach
from .context import Context

TOLD_STATUSES = frozenset({"published", "checked_in"})
"""A shift whose people change is told to them when it is one of these (and has not ended)."""

Compose = Callable[[ShiftView, str, Lang], Message]
"""A notice's message of the shift (as its reader's entry shows it), to a person by name, in their language."""


def _told(shift: ShiftSnapshot, now: datetime) -> bool:
    return shift.status in TOLD_STATUSES and shift.ends_at > now


async def _entry(uow: UnitOfWork, shift_id: uuid.UUID, staff_id: uuid.UUID) -> NamedEntry | None:
    """The person's entry of the shift (taken off: the one that says it was handed over), else the whole shift's."""
    return await uow.shifts.named_entry(entry_key(shift_id, staff_id)) or await uow.shifts.named_entry(
        entry_key(shift_id, None)
    )


async def _known_name(uow: UnitOfWork, staff_id: uuid.UUID, known: dict[uuid.UUID, str]) -> str | None:
    """A person's name: as the shift's snapshots carry it, else as roster said it; None when notifier has neither
    (each message then says "a colleague" in its reader's language)."""
    if staff_id in known:
        return known[staff_id]
    person = await uow.reference.person(staff_id)
    return person.full_name if person is not None else None


async def _name(uow: UnitOfWork, staff_id: uuid.UUID, known: dict[uuid.UUID, str], lang: Lang) -> str:
    """A person's name as `_known_name` finds it, else "a colleague" in `lang`."""
    return await _known_name(uow, staff_id, known) or notice_texts(lang).someone


async def _tell_person(
    uow: UnitOfWork,
    *,
    ctx: Context,
    staff_id: uuid.UUID,
    shift: ShiftSnapshot,
    kind: NoticeKind,
    key: str,
    compose: Compose,
    names: dict[uuid.UUID, str],
    now: datetime,
    with_ics: bool = True,
    ics_method: InvitationMethod = "PUBLISH",
    window: timedelta | None = None,
    actor_name: str | None = None,
    reason: str | None = None,
) -> list[NewDelivery]:
    """One person's deliveries of a notice: on each channel they chose, in their language, after their quiet
    hours; the e-mail with the shift's .ics (their entry's: a person taken off gets the one that removes it) unless
    not `with_ics` (a withdrawn request's colleague: the shift was never theirs, nothing to put in a calendar).
    `ics_method` CANCEL (a shift no longer theirs: cancelled, handed over whole, given to others by a swap or a
    reassignment): the .ics cancels their event (its UID, its SEQUENCE raised when they came off it), addressed to
    them — RFC 5546 3.2.5, one way for every such mail (QZ25 #6: a swap's went as PUBLISH of STATUS:CANCELLED). `window` (a published shift's): the e-mail waits that long for the person's
    other shifts published with it (`published_notice_time`); `actor_name`: who the notice says made the change,
    kept with it (`shift_notices.publisher`); `reason`: the manager's for the change, its webhook's own field."""
    named = await _entry(uow, shift.shift_id, staff_id)
    told = await reach(uow, ctx=ctx, staff_id=staff_id, names=names) if named is not None else None
    if named is None or told is None:
        return []
    if ics_method == "CANCEL" and named.entry.status != "cancelled":
        with_ics = False  # no event of theirs found to remove (only the whole shift's): none rather than a wrong one
    lang, name = told.lang, told.name
    view = to_shift_view(named)
    message = compose(view, name, lang)
    send_at = notice_time(now, quiet=told.reminding.quiet, starts_at=shift.starts_at)
    organizer = ctx.settings.smtp_from if valid_address(ctx.settings.smtp_from) else None
    rows: list[NewDelivery] = []
    for channel in told.channels:
        delivery_id = uuid.uuid4()
        at = send_at
        if window is not None and channel == "email":
            at = published_notice_time(now, quiet=told.reminding.quiet, starts_at=shift.starts_at, window=window)
        recipient = told.recipient(channel, ctx)
        if channel == "email" and (not with_ics or window is not None):
            # a published shift's mail is written again when it goes out, from the entries as they are then, with
            # the person's other published shifts (`handlers.deliveries`): an .ics made now would be thrown away
            body, attachment = None, None
        elif channel == "email":
            ics = render_invitation(
                to_feed_entry(named, lang, portal_url=ctx.settings.portal_url),
                lang=lang,
                organizer_email=organizer,
                alarm_offsets_minutes=told.reminding.offsets,  # as their feed reminds (none on one that removes it)
                method=ics_method,
                attendee_email=recipient if ics_method == "CANCEL" and valid_address(recipient) else None,
            )
            body, attachment = None, ics.decode("utf-8")
        else:
            payload = notice_payload(
                view,
                kind=kind,
                delivery_id=delivery_id,
                staff_id=staff_id,
                person_name=name,
                lang=lang,
                message=message,
                reason=reason,
            )
            body, attachment = json_body(payload).decode("utf-8"), None
        rows.append(
            new_delivery(
                now=now,
                kind=kind,
                dedupe_key=f"{key}:{kind}:{staff_id}:{channel}",
                channel=channel,
                recipient=recipient,
                recipient_name=name or None,
                language=lang,
                message=message,
                body=body,
                attachment=attachment,
                delivery_id=delivery_id,
                shift_id=shift.shift_id,
                staff_id=staff_id,
                enterprise_id=shift.enterprise_id,
                problem=recipient_problem(
                    "email" if channel == "email" else "webhook", recipient, name or str(staff_id)
                ),
                not_before=at,
                actor_name=actor_name,
            )
        )
    return rows


def made_theirs(data: EventData) -> frozenset[uuid.UUID]:
    """The people whom `tell_shift_change` tells, with the .ics, that the shift is now theirs: an approved swap's
    taker, the people a reassignment put on. Their reminder already due is not sent beside it (QZ25 #5: the
    approval's mail and the late day-before reminder reached him a second apart, the same event in each)."""
    if isinstance(data, ShiftSwapped):
        return frozenset({data.to_staff_id})
    if isinstance(data, ShiftReassigned):
        before = {a.staff_id for a in data.previous_assignees}
        return frozenset(a.staff_id for a in data.shift.assignees if a.staff_id not in before)
    return frozenset()


def told_of(data: EventData, *, ctx: Context, now: datetime) -> Told:
    """Who the notice the consumer writes for this event tells (`plan_reminders`' `told`): an approved swap's taker,
    the people a reassignment put on, told at once (`made_theirs`); a published shift's people (not a handover's,
    not with `NOTIFIER_PUBLISHED_NOTICE` off), told within `NOTIFIER_PUBLISHED_DIGEST_SECONDS` — a reminder due by
    then is what the notice already says (`PUBLISHED`). A publication's notice goes once per shift and person: a
    shift published again after a return to draft tells nothing, so its withdrawn reminders come back."""
    shift = data.shift  # type: ignore[attr-defined]
    if (
        isinstance(data, ShiftPublished)
        and ctx.settings.published_notice
        and shift.continues_shift_id is None
        and _told(shift, now)
    ):
        window = timedelta(seconds=ctx.settings.published_digest_seconds)
        return Told(frozenset(a.staff_id for a in shift.assignees), now + window, PUBLISHED, withdrawn_too=False)
    return Told(made_theirs(data), now, TOLD)


async def tell_shift_change(
    uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: ShiftReassigned | ShiftSwapped
) -> bool:
    """After a reassignment or an approved swap is applied (its entries in line): tell the people it concerns.
    True if deliveries were made."""
    shift, now = data.shift, ctx.clock()
    if not _told(shift, now):
        return False
    key = f"shift:{shift.shift_id}:v{shift.version}"
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    names = {a.staff_id: a.full_name for a in shift.assignees}
    rows: list[NewDelivery] = []
    if isinstance(data, ShiftSwapped):
        asker = await _known_name(uow, data.from_staff_id, names)
        taker = await _known_name(uow, data.to_staff_id, names)
        if asker is not None:
            names.setdefault(data.from_staff_id, asker)
        # no portal account linked to his record: no link to a sign-in he cannot pass (QZ25 #5)
        his = link if await uow.reference.has_account(data.to_staff_id) is not False else None
        rows += await _tell_person(
            uow,
            ctx=ctx,
            staff_id=data.to_staff_id,
            shift=shift,
            kind="swap_approved",
            key=key,
            compose=lambda v, n, lang: swap_taker_message(
                v,
                person_name=n,
                lang=lang,
                asker=asker,
                actor=data.actor,
                actor_name=data.actor_name,
                note=data.note,
                link=his,
            ),
            names=names,
            now=now,
        )
        rows += await _tell_person(
            uow,
            ctx=ctx,
            staff_id=data.from_staff_id,
            shift=shift,
            kind="swap_approved",
            key=key,
            compose=lambda v, n, lang: swap_asker_message(
                v, person_name=n, lang=lang, taker=taker, actor=data.actor, actor_name=data.actor_name, note=data.note
            ),
            names=names,
            now=now,
            ics_method="CANCEL",  # no longer hers: her event removed (QZ25 #6), as a cancellation's
        )
    else:
        before = {a.staff_id: a.full_name for a in data.previous_assignees}
        added = [a for a in shift.assignees if a.staff_id not in before]
        removed = [a for a in data.previous_assignees if a.staff_id not in names]
        gone: Sequence[str] = [a.full_name for a in removed]
        came: Sequence[str] = [a.full_name for a in added]
        names.update(before)
        for a in added:
            rows += await _tell_person(
                uow,
                ctx=ctx,
                staff_id=a.staff_id,
                shift=shift,
                kind="shift_put_on",
                key=key,
                compose=lambda v, n, lang: put_on_message(
                    v,
                    person_name=n,
                    lang=lang,
                    instead_of=gone,
                    actor=data.actor,
                    actor_name=data.actor_name,
                    link=link,
                ),
                names=names,
                now=now,
            )
        for a in removed:
            rows += await _tell_person(
                uow,
                ctx=ctx,
                staff_id=a.staff_id,
                shift=shift,
                kind="shift_taken_off",
                key=key,
                compose=lambda v, n, lang: taken_off_message(
                    v, person_name=n, lang=lang, given_to=came, actor=data.actor, actor_name=data.actor_name
                ),
                names=names,
                now=now,
                ics_method="CANCEL",  # no longer theirs: their event removed, as a cancellation's
            )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def _tell_each_on(
    uow: UnitOfWork,
    *,
    ctx: Context,
    shift: ShiftSnapshot,
    kind: NoticeKind,
    compose: Compose,
    ics_method: InvitationMethod = "PUBLISH",
    key: str | None = None,
    window: timedelta | None = None,
    actor_name: str | None = None,
    reason: str | None = None,
) -> bool:
    """Each person on `shift` told of one change to it (`compose` their message), keyed by the shift's version so a
    repeated event tells nothing new (`key`: another key, e.g. one per shift whatever its version); `window`,
    `actor_name` and `reason` as `_tell_person` takes them. True if deliveries were made."""
    key = key or f"shift:{shift.shift_id}:v{shift.version}"
    names = {a.staff_id: a.full_name for a in shift.assignees}
    now = ctx.clock()
    rows: list[NewDelivery] = []
    for a in shift.assignees:
        rows += await _tell_person(
            uow,
            ctx=ctx,
            staff_id=a.staff_id,
            shift=shift,
            kind=kind,
            key=key,
            compose=compose,
            names=names,
            now=now,
            ics_method=ics_method,
            window=window,
            actor_name=actor_name,
            reason=reason,
        )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def tell_shift_moved(uow: UnitOfWork, *, ctx: Context, data: ShiftRescheduled) -> bool:
    """A shift moved in time (ShiftRescheduled, not a handover: `tell_handover_off`), its entries in line: each
    person on it is told its times before and now, by whom, with the .ics that moves it (QZ23 #2). Of a shift people
    see that has not ended, as a reassignment is; a repeated event, or one that changed no time, tells nothing new.
    True if deliveries were made."""
    shift = data.shift
    if data.handed_over_to is not None or not _told(shift, ctx.clock()):
        return False
    if (data.previous_starts_at, data.previous_ends_at) == (shift.starts_at, shift.ends_at):
        return False
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    return await _tell_each_on(
        uow,
        ctx=ctx,
        shift=shift,
        kind="shift_moved",
        compose=lambda v, n, lang: moved_message(
            v,
            person_name=n,
            lang=lang,
            previous_starts_at=data.previous_starts_at,
            previous_ends_at=data.previous_ends_at,
            actor=data.actor,
            actor_name=data.actor_name,
            link=link,
        ),
    )


async def tell_shift_cancelled(uow: UnitOfWork, *, ctx: Context, data: ShiftCancelled) -> bool:
    """A shift cancelled (ShiftCancelled, not a handover's: `tell_handover_off` tells that one), its entries in
    line: each person on it is told, by whom and why, with the .ics that cancels it in their calendar (QZ23 #2).
    Of a shift people saw (published or under way) that has not ended: a draft's had no entries (feeds never
    showed it), so `_tell_person` finds none and tells nobody. A repeated event tells nothing new (its keys are the
    shift's version's). True if deliveries were made."""
    shift = data.shift
    if data.handed_over_to is not None or shift.status != "cancelled" or shift.ends_at <= ctx.clock():
        return False
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    return await _tell_each_on(
        uow,
        ctx=ctx,
        shift=shift,
        kind="shift_cancelled",
        compose=lambda v, n, lang: cancelled_message(
            v, person_name=n, lang=lang, reason=data.reason, actor=data.actor, actor_name=data.actor_name, link=link
        ),
        ics_method="CANCEL",
        reason=data.reason,
    )


async def tell_shift_published(uow: UnitOfWork, *, ctx: Context, data: ShiftPublished) -> bool:
    """A shift published (not a handover's: `tell_handover_taker`), its entries in line: each person on it is told it
    is theirs, by whom, with its .ics (QZ24 #1: they learnt of their giao thừa night from the 24-hour reminder).
    Once per shift and person whatever its version (a shift is published once; another envelope, or the event told
    again by the batch, adds nothing). The e-mail waits `NOTIFIER_PUBLISHED_DIGEST_SECONDS` for the person's other
    shifts published with it and goes out with them as one mail (the sender: `handlers.deliveries`); a webhook goes
    at once, one per shift. Of a shift that has not ended; a draft told nobody; nothing when
    `NOTIFIER_PUBLISHED_NOTICE` is off. True if deliveries were made."""
    shift = data.shift
    if not ctx.settings.published_notice or shift.continues_shift_id is not None or not _told(shift, ctx.clock()):
        return False
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    by = publisher(data.actor, data.actor_name)
    return await _tell_each_on(
        uow,
        ctx=ctx,
        shift=shift,
        kind="shift_published",
        compose=lambda v, n, lang: published_message(v, person_name=n, lang=lang, by=by, link=link),
        key=f"published:{shift.shift_id}",
        window=timedelta(seconds=ctx.settings.published_digest_seconds),
        actor_name=by,
    )


async def _stored(uow: UnitOfWork, shift_id: uuid.UUID | None) -> ShiftSnapshot | None:
    known = await uow.shifts.get(shift_id) if shift_id is not None else None
    return read_data(ShiftSnapshot, known.data) if known is not None else None


async def tell_handover_taker(uow: UnitOfWork, *, ctx: Context, data: ShiftPlanned | ShiftPublished) -> bool:
    """A shift that continues another (ShiftPlanned or ShiftPublished with `continues_shift_id`), once published:
    each person on it is told they take over the rest from its start, in place of the old shift's people, and
    why. A person on both shifts of a handover nobody came to gets one mail saying both: the old shift cancelled,
    the new one theirs (`handover_both`). And when the old shift's own event was applied first (out of order, its
    entries saying the handover without the takers), its relieved people are told now, with the takers' names
    (`_tell_relieved`): their notice waited for them. True if deliveries were made."""
    shift, now = data.shift, ctx.clock()
    if shift.continues_shift_id is None or not _told(shift, now):
        return False
    old = await _stored(uow, shift.continues_shift_id)
    taken = taker_handover(shift, old)
    relieved = list(taken.people) if taken is not None else []
    # nobody on the old one came (QZ13 #2) — the mail says so, and from the moment, not "the whole shift" — as the
    # manager said it ("Người trực không đến", QZ14: unticked, the mail claimed it all the same); an event from before
    # roster said it: nobody had checked in (the old one's snapshot as published), or handed over from its start
    # (`taker_handover`, as the calendar entries say it)
    whole = taken is not None and taken.kind == "took_whole"
    on_both = {a.staff_id for a in old.assignees} if whole and old is not None else set()
    names = {a.staff_id: a.full_name for a in shift.assignees}
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    rows: list[NewDelivery] = []
    for a in shift.assignees:
        was_on = old.starts_at if a.staff_id in on_both and old is not None else None
        rows += await _tell_person(
            uow,
            ctx=ctx,
            staff_id=a.staff_id,
            shift=shift,
            kind="handover_taker",
            key=f"handover:{shift.shift_id}",
            compose=lambda v, n, lang: handover_taker_message(
                v,
                person_name=n,
                lang=lang,
                moment=shift.starts_at,
                relieved=relieved,
                reason=shift.handover_reason,
                link=link,
                whole=whole,
                actor=data.actor,
                actor_name=data.actor_name,
                was_on=was_on,  # noqa: B023 — composed within this iteration
            ),
            names=names,
            now=now,
            reason=shift.handover_reason,
        )
    if old is not None:
        rows += await _relieved_waiting(uow, ctx=ctx, old=old, rest=shift, actor=data.actor, actor_name=data.actor_name)
    return await uow.deliveries.add(rows) > 0 if rows else False


async def _relieved_waiting(
    uow: UnitOfWork,
    *,
    ctx: Context,
    old: ShiftSnapshot,
    rest: ShiftSnapshot,
    actor: str | None,
    actor_name: str | None,
) -> list[NewDelivery]:
    """The relieved people's notices of a handover whose old shift's event came first (its entries say the handover,
    `Entry.said_handover`; `tell_handover_off` left them for the takers' names): what that event said — whole or the
    rest, the reason — as its entries keep it, who made it as the taker's event says (one command made both). None
    before the old shift's event (in order: it tells them itself) nor once its shift is over; a notice already
    written for the handover is not written again (its keys)."""
    whole_entry = await uow.shifts.named_entry(entry_key(old.shift_id, None))
    said = whole_entry.entry.said_handover if whole_entry is not None else None
    if said is None or said.kind not in ("gave", "gave_whole"):
        return []
    whole = said.kind == "gave_whole"
    if whole and old.ends_at <= ctx.clock():
        return []
    return await _tell_relieved(
        uow, ctx=ctx, old=old, rest=rest, whole=whole, reason=said.reason, actor=actor, actor_name=actor_name
    )


async def tell_handover_off(uow: UnitOfWork, *, ctx: Context, data: ShiftRescheduled | ShiftCancelled) -> bool:
    """A shift handed over (ShiftRescheduled with `handed_over_to`): each person on it and not on the shift that
    took over is told they are off it from its new end, who takes the rest, and why — told though that moment may
    have passed, as long as the shift's old end has not. Handed over at its start (ShiftCancelled with
    `handed_over_to`: nobody on it had checked in), they are told they are off the whole shift, with the .ics that
    removes it: METHOD:CANCEL, as a cancelled shift's (RFC 5546 3.2.5: the organizer cancels the event for its
    attendee; a PUBLISH of STATUS:CANCELLED is an update some calendars keep showing) — their event's UID, its
    SEQUENCE raised by the cancellation, in this one mail (no `shift_cancelled` beside it). Applied before the shift
    that took over is known here as published (out of order), nobody is told yet: not who takes over, nor who is on
    both shifts — `tell_handover_taker` tells them when it comes, as the feed names the takers then (M3). True if
    deliveries were made."""
    shift, now = data.shift, ctx.clock()
    whole = isinstance(data, ShiftCancelled)
    if data.handed_over_to is None:
        return False
    if isinstance(data, ShiftRescheduled) and (shift.status not in TOLD_STATUSES or data.previous_ends_at <= now):
        return False
    if whole and shift.ends_at <= now:
        return False
    rest = await _stored(uow, data.handed_over_to)
    if rest is None or rest.status not in TOLD_STATUSES:
        return False  # told with the takers' names when their shift's event comes (`_relieved_waiting`)
    rows = await _tell_relieved(
        uow,
        ctx=ctx,
        old=shift,
        rest=rest,
        whole=whole,
        reason=data.reason,
        actor=data.actor,
        actor_name=data.actor_name,
    )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def _tell_relieved(
    uow: UnitOfWork,
    *,
    ctx: Context,
    old: ShiftSnapshot,
    rest: ShiftSnapshot,
    whole: bool,
    reason: str | None,
    actor: str | None,
    actor_name: str | None,
) -> list[NewDelivery]:
    """Each person on the shift handed over (`old`) and not on the one taking over (`rest`: those on both are told
    by its notice) told they are off it — the whole of it (the .ics cancelling their event) or from its new end (the
    .ics moving it) —, who takes over from when, by whom and why; one notice a person and handover (its key is
    `rest`'s)."""
    staying = {a.staff_id for a in rest.assignees}
    came = [a.full_name for a in rest.assignees]
    names = {a.staff_id: a.full_name for a in old.assignees}
    link = links.my_shift(ctx.settings.portal_url, old.shift_id)
    rows: list[NewDelivery] = []
    for a in old.assignees:
        if a.staff_id in staying:
            continue  # on the rest too: told by the new shift's notice
        rows += await _tell_person(
            uow,
            ctx=ctx,
            staff_id=a.staff_id,
            shift=old,
            kind="handover_off",
            key=f"handover:{rest.shift_id}",
            compose=lambda v, n, lang: handover_off_message(
                v,
                person_name=n,
                lang=lang,
                moment=old.starts_at if whole else old.ends_at,
                replacements=came,
                reason=reason,
                whole=whole,
                actor=actor,
                actor_name=actor_name,
                taken_from=rest.starts_at,
                link=link,
            ),
            names=names,
            now=ctx.clock(),
            ics_method="CANCEL" if whole else "PUBLISH",  # whole: their event removed; else its end moved
            reason=reason,
        )
    return rows


async def _tell_swap_managers(
    uow: UnitOfWork,
    *,
    ctx: Context,
    shift: ShiftSnapshot,
    kind: str,
    key: str,
    compose: Callable[[ShiftView, str | None, Lang], Awaitable[Message]],
) -> list[NewDelivery]:
    """A swap request's notice to the enterprise's managers (each in their language, after the quiet hours of one with
    a staff record), of the whole shift's entry: the request (`tell_swap_requested`) and its withdrawal
    (`on_swap_withdrawn`) reach the same people the same way."""
    now = ctx.clock()
    enterprise = await uow.reference.enterprise(shift.enterprise_id)
    whole = await uow.shifts.named_entry(entry_key(shift.shift_id, None))
    if whole is None:
        return []
    readers = await managers(uow, ctx=ctx, enterprise=enterprise)
    prefs = await uow.preferences.of([r.staff_id for r in readers if r.staff_id is not None])
    rows: list[NewDelivery] = []
    for reader in readers:
        pref = prefs.get(reader.staff_id) if reader.staff_id is not None else None
        rows.append(
            new_delivery(
                now=now,
                kind=kind,
                dedupe_key=f"{key}:{kind}:email:{recipient_digest(reader.email)}",
                channel="email",
                recipient=reader.email,
                recipient_name=reader.name,
                language=reader.language,
                message=await compose(to_shift_view(whole), reader.name, reader.language),
                shift_id=shift.shift_id,
                enterprise_id=shift.enterprise_id,
                problem=recipient_problem("email", reader.email, "a manager"),
                not_before=notice_time(
                    now, quiet=reminder_prefs(pref, ReminderPrefs(offsets=())).quiet, starts_at=shift.starts_at
                ),
            )
        )
    return rows


NamedCompose = Callable[[ShiftView, str, Lang, str | None, str | None, bool | None], Message]
"""A message to the colleague a swap request names: the view, their name, language, the asker's name (None: not
known), the link to the request (`links.asked_of_me` or `links.my_swap`; None when he has no portal account)
and whether he has one (`has_account`: None, not known)."""


async def _tell_named_colleague(
    uow: UnitOfWork,
    *,
    ctx: Context,
    data: SwapRequested | SwapWithdrawn | SwapLapsed | SwapRejected,
    shift: ShiftSnapshot,
    kind: NoticeKind,
    key: str,
    names: dict[uuid.UUID, str],
    now: datetime,
    compose: NamedCompose,
    with_ics: bool = True,
    requests: str,
) -> list[NewDelivery]:
    """The colleague a swap request names (none for a request open to anyone qualified) told of it (`_tell_person`),
    the message given the asker's name and the link: a request still asked of him (`requests` "requested") to his
    shifts page at its card, where he accepts or declines it (QZ29 #1); any other to his swap requests of status
    `requests`, at this one's card — never to the shift, which is not his (it opened his own shifts, nothing there
    about it: QZ20 #7) — and no link when no portal account is linked to his staff record (QZ25 #5: it led to a
    sign-in he could not pass; many duty workers have none)."""
    if data.to_staff_id is None:
        return []
    account = await uow.reference.has_account(data.to_staff_id)
    url = ctx.settings.portal_url
    # a request still asked of him: where he accepts or declines it (QZ29 #1: his swap requests only showed it)
    page = (
        links.asked_of_me(url, data.swap_id)
        if requests == "requested"
        else links.my_swap(url, data.swap_id, status=requests)
    )
    link = page if account is not False else None
    asker = await _known_name(uow, data.from_staff_id, names)
    return await _tell_person(
        uow,
        ctx=ctx,
        staff_id=data.to_staff_id,
        shift=shift,
        kind=kind,
        key=key,
        compose=lambda v, n, lang: compose(v, n, lang, asker, link, account),
        names=names,
        now=now,
        with_ics=with_ics,
    )


SWAP_MANAGER_KINDS = ("swap_asked", "swap_ready")
"""The notices that tell the enterprise's managers of a swap request: once one went, they have heard of it."""


async def tell_swap_requested(uow: UnitOfWork, *, ctx: Context, data: SwapRequested, asked_at: datetime) -> bool:
    """A swap asked for: the colleague it names, and the enterprise's managers (each in their language, after the
    quiet hours of one with a staff record) only when it is theirs to decide now (`managers_asked`: no account for
    the colleague to answer on, or urgent; never twice for one request) — else they hear of it once it is ready
    (`on_swap_answered`). True if deliveries were made. The managers' mail of a request whose shift starts soon after
    it was asked (`asked_at`, the event's time) says it is urgent (domain.swap_urgency)."""
    shift, now = data.shift, ctx.clock()
    if not _told(shift, now):
        return False
    soon = starts_in(shift.starts_at, now=asked_at)
    account = await uow.reference.has_account(data.to_staff_id) if data.to_staff_id is not None else None
    key = f"swap:{data.swap_id}:v{data.version}"
    names = {a.staff_id: a.full_name for a in shift.assignees}
    inbox = links.manager_swaps(ctx.settings.portal_url, shift.enterprise_id)

    async def asked(view: ShiftView, reader_name: str | None, lang: Lang) -> Message:
        asker = await _name(uow, data.from_staff_id, names, lang)
        to = await _name(uow, data.to_staff_id, names, lang) if data.to_staff_id is not None else None
        return asked_message(
            view, reader_name=reader_name, lang=lang, asker=asker, to=to, reason=data.reason, link=inbox, starts_in=soon
        )

    rows: list[NewDelivery] = []
    if managers_asked(
        named=data.to_staff_id is not None,
        account=account,
        urgent=soon is not None,
        told_already=await uow.deliveries.swap_told(data.swap_id, shift_id=shift.shift_id, kinds=SWAP_MANAGER_KINDS),
    ):
        rows += await _tell_swap_managers(uow, ctx=ctx, shift=shift, kind="swap_asked", key=key, compose=asked)
    asking = await uow.reference.person(data.from_staff_id)  # her phone, for him to answer her (QZ25 #5)
    rows += await _tell_named_colleague(
        uow,
        ctx=ctx,
        data=data,
        shift=shift,
        kind="swap_asked_you",
        key=key,
        names=names,
        now=now,
        compose=lambda v, n, lang, asker, link, account: asked_you_message(
            v,
            person_name=n,
            lang=lang,
            asker=asker,
            reason=data.reason,
            link=link,
            asker_phone=asking.phone if asking is not None else None,
            account=account,
        ),
        with_ics=False,  # not his before an approval: its invitation is the approval's (QZ24 #2)
        requests="requested",
    )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def on_swap_rejected(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """A rejected swap request: the person who asked is told, with the reason, and the colleague it named that it is
    closed (he need do nothing). True if deliveries were made."""
    assert isinstance(data, SwapRejected)
    known = await uow.shifts.get(data.shift_id)
    if known is None:
        return False  # a shift notifier never saw published: nobody was told of it either
    shift = read_data(ShiftSnapshot, known.data)
    now = ctx.clock()
    if not _told(shift, now):
        return False
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    names = {a.staff_id: a.full_name for a in shift.assignees}
    rows = await _tell_person(
        uow,
        ctx=ctx,
        staff_id=data.from_staff_id,
        shift=shift,
        kind="swap_rejected",
        key=f"swap:{data.swap_id}:v{data.version}",
        compose=lambda v, n, lang: rejected_message(
            v, person_name=n, lang=lang, actor=data.actor, actor_name=data.actor_name, reason=data.reason, link=link
        ),
        names=names,
        now=now,
        reason=data.reason,
    )
    rows += await _tell_named_colleague(  # closed: he need do nothing (QZ22 #12b: he was told of every other end)
        uow,
        ctx=ctx,
        data=data,
        shift=shift,
        kind="swap_rejected",
        key=f"swap:{data.swap_id}:v{data.version}",
        names=names,
        now=now,
        compose=lambda v, n, lang, asker, to_his, _: rejected_message(
            v,
            person_name=n,
            lang=lang,
            actor=data.actor,
            actor_name=data.actor_name,
            reason=data.reason,
            link=to_his,
            asker=asker,
            named=True,
        ),
        with_ics=False,
        requests="rejected",
    )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def on_swap_answered(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """The colleague's answer to a swap request (QZ26 #12): the person who asked is told it, with the colleague's
    note, on her channels, in her language, after her quiet hours (the link: her requests, at this one's card); an
    acceptance is told to the enterprise's managers as the request was (`_tell_swap_managers`): ready to decide.
    True if deliveries were made."""
    assert isinstance(data, SwapAnswered)
    known = await uow.shifts.get(data.shift_id)
    if known is None:
        return False  # a shift notifier never saw published: the request reached nobody
    shift = read_data(ShiftSnapshot, known.data)
    now = ctx.clock()
    if not _told(shift, now):
        return False
    key = f"swap:{data.swap_id}:v{data.version}"
    names = {a.staff_id: a.full_name for a in shift.assignees}
    accepted = data.answer == "accepted"
    taker = await _known_name(uow, data.to_staff_id, names)
    mine = links.my_swap(ctx.settings.portal_url, data.swap_id)
    rows = await _tell_person(
        uow,
        ctx=ctx,
        staff_id=data.from_staff_id,
        shift=shift,
        kind="swap_answered",
        key=key,
        compose=lambda v, n, lang: answered_message(
            v,
            reader_name=n,
            lang=lang,
            taker=taker,
            accepted=accepted,
            taken=data.taken,
            note=data.note,
            link=mine,
        ),
        names=names,
        now=now,
        with_ics=False,  # her shift until approved: nothing changes in her calendar
    )
    if accepted:
        inbox = links.manager_swaps(ctx.settings.portal_url, shift.enterprise_id)

        async def ready(view: ShiftView, reader_name: str | None, lang: Lang) -> Message:
            asker = await _name(uow, data.from_staff_id, names, lang)
            to = await _name(uow, data.to_staff_id, names, lang)
            return ready_message(
                view, reader_name=reader_name, lang=lang, asker=asker, taker=to, note=data.note, link=inbox
            )

        rows += await _tell_swap_managers(uow, ctx=ctx, shift=shift, kind="swap_ready", key=key, compose=ready)
    return await uow.deliveries.add(rows) > 0 if rows else False


async def on_swap_withdrawn(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """A swap request its asker took back (QZ13 #5: the colleague it named still thought he might have to cover the
    night): told to the people the request reached (`tell_swap_requested`), on the same channels, in their language,
    after their quiet hours. True if deliveries were made."""
    assert isinstance(data, SwapWithdrawn)
    known = await uow.shifts.get(data.shift_id)
    if known is None:
        return False  # a shift notifier never saw published: the request reached nobody
    shift = read_data(ShiftSnapshot, known.data)
    now = ctx.clock()
    if not _told(shift, now):
        return False
    key = f"swap:{data.swap_id}:v{data.version}"
    names = {a.staff_id: a.full_name for a in shift.assignees}
    inbox = links.manager_swaps(ctx.settings.portal_url, shift.enterprise_id)

    async def withdrawn(view: ShiftView, reader_name: str | None, lang: Lang) -> Message:
        asker = await _name(uow, data.from_staff_id, names, lang)
        return withdrawn_message(view, reader_name=reader_name, lang=lang, asker=asker, named=False, link=inbox)

    rows: list[NewDelivery] = []
    if await uow.deliveries.swap_told(data.swap_id, shift_id=shift.shift_id, kinds=SWAP_MANAGER_KINDS):
        # only those who heard of it (a request still waiting for its colleague never reached them)
        rows += await _tell_swap_managers(uow, ctx=ctx, shift=shift, kind="swap_withdrawn", key=key, compose=withdrawn)
    rows += await _tell_named_colleague(
        uow,
        ctx=ctx,
        data=data,
        shift=shift,
        kind="swap_withdrawn",
        key=key,
        names=names,
        now=now,
        compose=lambda v, n, lang, asker, link, _: withdrawn_message(
            v, reader_name=n, lang=lang, asker=asker, named=True, link=link
        ),
        with_ics=False,
        requests="withdrawn",
    )
    return await uow.deliveries.add(rows) > 0 if rows else False


async def on_swap_lapsed(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """A swap request still waiting when its shift began (QZ15 #1: the asker went on reading "waiting for the
    manager" through the night): the person who asked is told they are still on duty, the colleague it named that
    they do not take it over, each on their channels, in their language. True if deliveries were made."""
    assert isinstance(data, SwapLapsed)
    shift = data.shift
    now = ctx.clock()
    if not _told(shift, now):
        return False
    key = f"swap:{data.swap_id}:v{data.version}"
    names = {a.staff_id: a.full_name for a in shift.assignees}
    link = links.my_shift(ctx.settings.portal_url, shift.shift_id)
    rows = await _tell_person(
        uow,
        ctx=ctx,
        staff_id=data.from_staff_id,
        shift=shift,
        kind="swap_lapsed",
        key=key,
        compose=lambda v, n, lang: lapsed_message(v, reader_name=n, lang=lang, lapsed_at=data.lapsed_at, link=link),
        names=names,
        now=now,
        with_ics=False,
    )
    rows += await _tell_named_colleague(
        uow,
        ctx=ctx,
        data=data,
        shift=shift,
        kind="swap_lapsed",
        key=key,
        names=names,
        now=now,
        compose=lambda v, n, lang, asker, link, _: lapsed_message(
            v, reader_name=n, lang=lang, lapsed_at=data.lapsed_at, asker=asker, named=True, link=link
        ),
        with_ics=False,
        requests="lapsed",
    )
    return await uow.deliveries.add(rows) > 0 if rows else False
