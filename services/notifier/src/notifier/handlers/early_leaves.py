"""An early-leave notice (EarlyLeaveAsked, “Tôi cần về sớm”, QZ29 #8): the enterprise's managers are mailed at once —
not held for quiet hours: someone is leaving a post now — each once, in their language: who, which shift (duty type,
site, times in Vietnam time with the lunar day, who is on it), from when, why, the colleague who agreed to take over,
and the link to the board's cell with the handover form drawn for the shift from that moment, the colleague ticked
(`links.handover_form`; the words: `domain.shift_notices.early_leave_message`). A notice changes nobody on duty:
nobody else is told. Once per manager and notice (its dedupe key: the notice's version and the address); nothing
once the shift has ended, or when notifier does not know the shift."""

from __future__ import annotations

from lichtruc.events import CloudEvent, EarlyLeaveAsked, EventData
from lichtruc.vntime import VIETNAM, local_day

from ..db.uow import UnitOfWork
from ..domain import links
from ..domain.deliveries import new_delivery, recipient_digest, recipient_problem
from ..domain.entries import entry_key
from ..domain.model import NewDelivery
from ..domain.shift_notices import early_leave_message
from ..domain.views import to_shift_view
from .addressees import managers
from .context import Context

KIND = "early_leave"


async def on_early_leave_asked(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Mail the enterprise's managers of the notice. True if deliveries were made."""
    assert isinstance(data, EarlyLeaveAsked)
    shift, now = data.shift, ctx.clock()
    if now >= shift.ends_at:
        return False
    whole = await uow.shifts.named_entry(entry_key(shift.shift_id, None))
    if whole is None:
        return False
    view = to_shift_view(whole)
    enterprise = await uow.reference.enterprise(shift.enterprise_id)
    readers = await managers(uow, ctx=ctx, enterprise=enterprise, with_accounts=True)
    person = data.staff_name or next((a.full_name for a in shift.assignees if a.staff_id == data.staff_id), "")
    link = links.handover_form(
        ctx.settings.portal_url,
        campaign_id=shift.campaign_id,
        enterprise_id=shift.enterprise_id,
        shift_id=shift.shift_id,
        day=local_day(shift.starts_at),
        duty_type=shift.duty_type,
        site_id=shift.site_id,
        moment=data.leave_at.astimezone(VIETNAM).strftime("%Y-%m-%dT%H:%M"),
        people=(data.colleague_id,) if data.colleague_id is not None else (),
    )
    rows: list[NewDelivery] = []
    for reader in readers:
        rows.append(
            new_delivery(
                now=now,
                kind=KIND,
                dedupe_key=f"early_leave:{data.early_leave_id}:v{data.version}:{KIND}:email:"
                f"{recipient_digest(reader.email)}",
                channel="email",
                recipient=reader.email,
                recipient_name=reader.name,
                language=reader.language,
                message=early_leave_message(
                    view,
                    reader_name=reader.name,
                    lang=reader.language,
                    person=person,
                    moment=data.leave_at,
                    reason=data.reason,
                    colleague=data.colleague_name,
                    link=link,
                ),
                shift_id=shift.shift_id,
                enterprise_id=shift.enterprise_id,
                problem=recipient_problem("email", reader.email, "a manager"),
            )
        )
    return await uow.deliveries.add(rows) > 0 if rows else False
