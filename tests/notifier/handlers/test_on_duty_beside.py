"""Who else is on duty during a shift, in its published mail, its reminder and their .ics (QZ25 #1: the publication
mail said "Đồng nghiệp cùng ca: không có" to a man on the giao thừa night beside the duty leader's and the operations
shifts of his enterprise, where the portal's card says "Cùng trực (4 người)"), through the service layer over the
in-memory repositories: roster's rule (the enterprise's live shifts overlapping it, the duty leader first with a
phone), read when the mail is written."""

from __future__ import annotations

import json
from datetime import timedelta

import icalendar
from notifier_testkit import GIAO_THUA, Enterprise, Person, allowing_receiver

from notifier.domain.model import Claimed
from notifier.handlers import feeds, preferences
from notifier.handlers.deliveries import claim_next
from notifier.handlers.reminders import dispatch_due_reminders

from .conftest import World, make_world

HOA, ANH, BAO, CUONG, DUNG = "Lê Văn Hòa", "Phạm Thị Ngọc Ánh", "Đặng Quốc Bảo", "Ngô Văn Cường", "Vũ Thị Dung"
NIGHT = GIAO_THUA  # 22:00 on 29 tháng Chạp


async def _claims(world: World) -> list[Claimed]:
    out = []
    while (claimed := await claim_next(world.ctx, world.clock())) is not None:
        out.append(claimed)
    return out


async def _giao_thua(world: World) -> tuple[Enterprise, dict[str, Person]]:
    """VNPT on the giao thừa night: Hòa alone on the operations shift 22:00–06:00 at the NOC; Ánh on the duty
    leader's shift 18:00–08:00 (a phone); Bảo on incident response 22:00–06:00 at the NOC; Cường on a draft (not
    on duty), Dung on a cancelled shift and on one the next day; another enterprise's man at the same hours."""
    vnpt, other = Enterprise(world.clock), Enterprise(world.clock, name="Viettel Long An")
    people = {n: Person.new(n) for n in (HOA, ANH, BAO, CUONG, DUNG)}
    stranger = Person.new("Trịnh Văn Lạ")
    noc, site = vnpt.site("Trung tâm điều hành Tân An")
    await world.apply(vnpt.registered(), other.registered(), site, other.staff(stranger))
    await world.apply(*(vnpt.staff(p, phone="0912345678" if n == ANH else "0988000111") for n, p in people.items()))
    leader = vnpt.shift([people[ANH]], start=NIGHT - timedelta(hours=4), hours=14, duty_type="leadership")
    response = vnpt.shift([people[BAO]], start=NIGHT, duty_type="incident_response", site_id=noc)
    draft = vnpt.shift([people[CUONG]], start=NIGHT, duty_type="patrol")
    gone = vnpt.shift([people[DUNG]], start=NIGHT, duty_type="patrol")
    next_day = vnpt.shift([people[DUNG]], start=NIGHT + timedelta(days=1), duty_type="patrol")
    elsewhere = other.shift([stranger], start=NIGHT, duty_type="leadership")
    events = [s.planned() for s in (leader, response, draft, gone, next_day, elsewhere)]
    events += [s.published() for s in (leader, response, gone, next_day, elsewhere)]
    await world.apply(*events, gone.cancelled())
    return vnpt, people


async def test_the_published_mail_and_its_ics_name_who_is_on_duty_on_other_shifts_meanwhile() -> None:
    world = make_world(published_notice=True)
    vnpt, people = await _giao_thua(world)
    noc = vnpt.shift([people[HOA]], start=NIGHT, duty_type="operations")
    await world.apply(noc.planned(), noc.published())
    world.clock.advance(seconds=61)
    [mail] = [c for c in await _claims(world) if c.kind == "shift_published" and c.recipient == people[HOA].email]

    assert "Đồng nghiệp cùng ca" not in mail.body  # never "không có" beside a duty leader
    assert (
        "  Cùng trực (2 người): Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 05/02 → 08:00 06/02)\n"
        "                       Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Đặng Quốc Bảo "
        "(Trung tâm điều hành Tân An)\n"
    ) in mail.body, mail.body
    for absent in (CUONG, DUNG, "Trịnh Văn Lạ", "0988"):  # a draft, a cancelled shift, the next day, elsewhere
        assert absent not in mail.body
    [event] = icalendar.Calendar.from_ical(mail.attachment or "").events
    description = str(event.get("DESCRIPTION"))
    assert "Cùng trực (2 người): Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678" in description
    assert "Đặng Quốc Bảo (Trung tâm điều hành Tân An)" in description and "không có" not in description


async def test_the_published_mail_says_nobody_else_only_when_nobody_else_of_the_enterprise_is_on() -> None:
    world = make_world(published_notice=True)
    vnpt, people = await _giao_thua(world)
    later = vnpt.shift([people[HOA], people[CUONG]], start=NIGHT + timedelta(days=3), duty_type="operations")
    alone = vnpt.shift([people[HOA]], start=NIGHT + timedelta(days=5), duty_type="operations")
    await world.apply(later.planned(), alone.planned(), later.published(), alone.published())
    world.clock.advance(seconds=61)
    [mail] = [c for c in await _claims(world) if c.kind == "shift_published" and c.recipient == people[HOA].email]

    first, second = mail.body.split("Ca 2/2:")
    assert "  Đồng nghiệp cùng ca: Ngô Văn Cường\n" in first and "Cùng trực" not in first  # his colleague only
    assert "  Cùng trực: không có ai khác của doanh nghiệp\n" in second and "Đồng nghiệp cùng ca" not in second


async def test_a_reminder_names_who_is_on_duty_meanwhile_in_english_too() -> None:
    world = make_world(reminder_offsets_minutes=(60,))
    vnpt, people = await _giao_thua(world)
    await world.apply(vnpt.staff(people[HOA], language="en", version=2))
    noc = vnpt.shift([people[HOA]], start=NIGHT, duty_type="operations")
    await world.apply(noc.planned(), noc.published())
    world.clock.advance(seconds=(NIGHT - timedelta(minutes=60) - world.clock()).total_seconds())
    await dispatch_due_reminders(world.ctx, world.clock())
    [mail] = [c for c in await _claims(world) if c.kind == "reminder" and c.recipient == people[HOA].email]

    assert (
        "  On duty with you (2 people): Leadership duty: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 5 Feb → 08:00 6 Feb)\n"
        in (mail.body)
    ), mail.body
    assert "Network operation and incident response duty: Đặng Quốc Bảo (Trung tâm điều hành Tân An)" in mail.body
    assert "Colleagues on this shift" not in mail.body
    [event] = icalendar.Calendar.from_ical(mail.attachment or "").events
    assert "On duty with you (2 people)" in str(event.get("DESCRIPTION"))


def _beside_lines(text: str) -> list[str]:
    """The lines of a mail's text from "Cùng trực"/"On duty with you" to the next label, without their indent."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(("Cùng trực", "On duty with you")))
    said = [lines[at].strip()]
    for line in lines[at + 1 :]:
        if not line.startswith(" " * 8) or not line.strip():
            break
        said.append(line.strip())
    return said


async def test_a_notices_text_says_who_is_on_duty_meanwhile_as_its_ics_and_the_feed_do_in_both_languages() -> None:
    """QZ29 #1's leftover: the .ics of a notice the consumer writes (a reassignment's newcomer, an approved swap's
    taker, a move) is written again as it goes out, naming who else is on duty, but its text still said "Đồng nghiệp
    cùng ca: không có — … xem trang". Both now say them from the same read, line for line as the person's feed
    event and the portal's card: the duty leader first with a phone, then by duty type; the English reader too; a
    webhook's text as the mail's."""
    hook = "http://127.0.0.1:9/hoa"
    world = make_world(**allowing_receiver(hook))
    vnpt, people = await _giao_thua(world)
    await world.apply(vnpt.staff(people[CUONG], language="en", version=2))
    await preferences.put_preferences(
        ctx=world.ctx,
        staff_id=people[HOA].staff_id,
        new=preferences.PreferencesIn(
            language=None,
            channels=("email", "webhook"),
            reminder_offsets_minutes=None,
            quiet_start=None,
            quiet_end=None,
            webhook_url=hook,
            webhook_secret="s" * 24,
        ),
    )
    noc = vnpt.shift([people[DUNG]], start=NIGHT, duty_type="operations")
    await world.apply(noc.planned(), noc.published())
    await _claims(world)  # the publication's mails (not this test's)
    await world.apply(noc.reassigned([people[HOA], people[CUONG]]))  # Dung taken off, Hòa and Cường put on
    claimed = {(c.recipient, c.channel): c for c in await _claims(world) if c.kind == "shift_put_on"}
    mail, webhook = claimed[(people[HOA].email, "email")], claimed[(hook, "webhook")]
    english = claimed[(people[CUONG].email, "email")]

    expected = [
        "Cùng trực (2 người): Trực lãnh đạo: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 05/02 → 08:00 06/02)",
        "Trực vận hành khai thác mạng lưới và ứng cứu thông tin: Đặng Quốc Bảo (Trung tâm điều hành Tân An)",
    ]
    assert "  Đồng nghiệp cùng ca: Ngô Văn Cường\n" in mail.body  # his colleague on the shift, then the others
    assert "không có" not in mail.body and "Ca trực của tôi" not in mail.body
    assert _beside_lines(mail.body) == expected, mail.body
    [event] = icalendar.Calendar.from_ical(mail.attachment or "").events
    assert "\n".join(expected) + "\n" in str(event["DESCRIPTION"])  # the event's lines, unindented
    assert _beside_lines(json.loads(webhook.body)["text"]) == expected  # the gateway's text says the same
    made = await feeds.create_feed(ctx=world.ctx, new=feeds.NewFeed(kind="person", staff_id=people[HOA].staff_id))
    served = await feeds.feed_for_token(ctx=world.ctx, token=made.token)
    assert isinstance(served, feeds.RenderedFeed)
    [fed] = [e for e in icalendar.Calendar.from_ical(served.body).events if str(e["UID"]) == str(event["UID"])]
    assert str(fed["DESCRIPTION"]) == str(event["DESCRIPTION"])  # the feed's event, line for line
    assert "  Colleagues on this shift: Lê Văn Hòa\n" in english.body
    assert _beside_lines(english.body) == [
        "On duty with you (2 people): Leadership duty: Phạm Thị Ngọc Ánh, 0912 345 678 (18:00 5 Feb → 08:00 6 Feb)",
        "Network operation and incident response duty: Đặng Quốc Bảo (Trung tâm điều hành Tân An)",
    ], english.body
    stored = world.state.deliveries[mail.id]
    assert (stored.body, stored.attachment) == (mail.body, mail.attachment)  # what went out is what is kept
