"""User-facing words of the notifier, in Vietnamese and English.

Kept apart from the renderers so that a translator can review every string a
duty officer sees in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, get_args

from lichtruc.duty_types import duty_type_name as shared_duty_type_name

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)


@dataclass(frozen=True, slots=True)
class FeedTexts:
    """The labels used in calendar feeds and invitations for one language. Vietnamese addresses the person as
    the mails do ("anh/chị"; QA round 10, #15: the .ics said "Bạn" beside a mail saying "Anh/chị")."""

    enterprise: str
    site: str
    lunar_day: str
    colleagues: str
    no_colleagues: str  # where who else is on duty is not listed (a feed, a notice): where to see them, not "none"
    beside: str  # {n}: the people of other shifts on duty meanwhile, as the portal's card heads them ("Cùng trực")
    beside_one: str  # the same of one person (English: "1 person")
    beside_label: str  # the same without a count, before `nobody_beside`
    nobody_beside: str  # the list read, and nobody else of the enterprise on duty meanwhile
    on_duty: str  # a whole shift's people, in an enterprise's or a duty type's feed: nobody's colleagues
    nobody_on_duty: str
    manager_phone: str
    duty_leader: str  # a person's feed: the duty leaders on duty during the shift, by name and phone
    no_duty_leader: str  # …none rostered during it
    notes: str
    cancelled_prefix: str
    cancelled_notice: str
    cancel_reason: str
    handed_over_prefix: str
    handed_over_notice: str  # {names}
    drill_marker: str  # in brackets before a drill's calendar event title and message subjects
    drill_notice: str  # a drill's calendar event says what it is
    alarm_prefix: str  # {before}; before the event's title in the phone's own reminder (VALARM DESCRIPTION)
    handover: MappingProxyType[str, tuple[str, str]]
    """A handover's line by the shift's side (`domain.entries.HandoverKind`): with the other shift's people
    ({names} {at}) and without (not known here: {at}); the reason follows after a colon. The portal's card words
    (`shift.handover.*` in its catalogues: takes_over_from, relieved_by, takes_over_whole_from, relieved_whole)."""


# The names come from the one vocabulary (lichtruc.duty_types), as the portal and roster say them, in full
# everywhere: a mail's "Loại trực:" line and its subject, a digest's lines, a calendar event's or feed's title, a
# webhook's duty_type_name (QZ29 #2: the subjects' short name was one the portal never said). Notifier keeps no
# names of its own.

FEED_TEXTS: MappingProxyType[Lang, FeedTexts] = MappingProxyType(
    {
        "vi": FeedTexts(
            enterprise="Doanh nghiệp",
            site="Địa điểm",
            lunar_day="Ngày âm lịch",
            colleagues="Đồng nghiệp cùng ca",
            no_colleagues="không có — người trực cùng giờ ở các ca khác: xem trang “Ca trực của tôi”",
            beside="Cùng trực ({n} người)",
            beside_one="Cùng trực (1 người)",
            beside_label="Cùng trực",
            nobody_beside="không có ai khác của doanh nghiệp",
            on_duty="Người trực",
            nobody_on_duty="chưa có ai",
            manager_phone="Điện thoại trực lãnh đạo",
            duty_leader="Trực lãnh đạo",
            no_duty_leader="chưa xếp ai trong giờ ca này",
            notes="Ghi chú",
            cancelled_prefix="Đã hủy",
            cancelled_notice="Ca trực này đã bị hủy.",
            cancel_reason="Lý do hủy",
            handed_over_prefix="Đã chuyển giao cho",
            handed_over_notice="Anh/chị không còn trực ca này: ca đã được chuyển giao cho {names}.",
            drill_marker="Diễn tập",
            drill_notice="Ca trực này thuộc buổi diễn tập, không phải lịch trực Tết.",
            alarm_prefix="Còn {before} nữa đến giờ trực",
            handover=MappingProxyType(
                {
                    "took": (
                        "Tiếp nhận phần còn lại của ca của {names} từ {at}",
                        "Tiếp nhận phần còn lại của một ca khác từ {at}",
                    ),
                    "took_whole": ("Nhận ca thay {names} (không đến) từ {at}", "Nhận ca thay người không đến từ {at}"),
                    "gave": ("Đã giao phần còn lại cho {names} từ {at}", "Đã giao phần còn lại của ca từ {at}"),
                    "gave_whole": ("Không đến — đã giao ca cho {names} từ {at}", "Không đến — đã giao ca từ {at}"),
                }
            ),
        ),
        "en": FeedTexts(
            enterprise="Enterprise",
            site="Site",
            lunar_day="Lunar day",
            colleagues="Colleagues on this shift",
            no_colleagues="none — who else is on duty meanwhile on other shifts: see “My shifts”",
            beside="On duty with you ({n} people)",
            beside_one="On duty with you (1 person)",
            beside_label="On duty with you",
            nobody_beside="nobody else of the enterprise",
            on_duty="On duty",
            nobody_on_duty="nobody yet",
            manager_phone="Leadership duty phone",
            duty_leader="Duty leader",
            no_duty_leader="nobody rostered during this shift",
            notes="Notes",
            cancelled_prefix="Cancelled",
            cancelled_notice="This shift has been cancelled.",
            cancel_reason="Reason",
            handed_over_prefix="Handed over to",
            handed_over_notice="You are no longer on this shift: it was handed over to {names}.",
            drill_marker="Drill",
            drill_notice="This shift belongs to a drill, not to the Tết duty roster.",
            alarm_prefix="Your duty shift starts in {before}",
            handover=MappingProxyType(
                {
                    "took": (
                        "Took over the rest of the shift of {names} from {at}",
                        "Took over the rest of another shift from {at}",
                    ),
                    "took_whole": (
                        "Took over the shift in place of {names} (did not come) from {at}",
                        "Took over the shift in place of those who did not come from {at}",
                    ),
                    "gave": (
                        "The rest was handed over to {names} from {at}",
                        "The rest of the shift was handed over from {at}",
                    ),
                    "gave_whole": (
                        "Did not come — the shift was handed over to {names} from {at}",
                        "Did not come — the shift was handed over from {at}",
                    ),
                }
            ),
        ),
    }
)


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language, else raise ``ValueError``."""
    if lang not in FEED_TEXTS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang  # type: ignore[return-value]


def feed_texts(lang: Lang) -> FeedTexts:
    """The calendar labels for ``lang``; raises ``ValueError`` for an unknown language."""
    return FEED_TEXTS[check_lang(lang)]


def duty_type_name(duty_type: str, lang: Lang) -> str:
    """The display name of a duty type, the directive's as the portal and roster say it; an unknown key is
    shown as the key itself.

    Falling back instead of failing keeps a feed serving when the roster service
    introduces a duty type before the vocabulary learns its name.
    """
    return shared_duty_type_name(duty_type, check_lang(lang))


_OFFSET_UNITS: MappingProxyType[Lang, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "vi": (("ngày", "ngày"), ("giờ", "giờ"), ("phút", "phút")),
        "en": (("day", "days"), ("hour", "hours"), ("minute", "minutes")),
    }
)


@lru_cache(maxsize=256)  # a few offsets, said for every reminder and alarm
def offset_said(minutes: int, lang: Lang) -> str:
    """How long before a shift a reminder is, as the portal's reminder form says it: "15 phút", "1 giờ",
    "1 giờ 30 phút", "1 ngày", "2 days" — in days, hours and minutes, never "90 phút". A reminder's subject and
    first line say it, so that two reminders of one shift (a person who chose 15 minutes after the hour-before
    one went) never read as the same mail twice (QZ12 #8)."""
    units = _OFFSET_UNITS[check_lang(lang)]
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    said = [f"{n} {one if n == 1 else many}" for n, (one, many) in zip((days, hours, mins), units, strict=True) if n]
    return " ".join(said) or f"0 {units[2][1]}"


@dataclass(frozen=True, slots=True)
class MessageTexts:
    """The words of reminders and alerts (e-mail and webhook text) in one language."""

    reminder_subject: str  # {before}: which of the person's reminders this is (`offset_said`)
    greeting: str
    reminder_intro: str  # {before}
    late_reminder_subject: str  # {left}: a reminder sent after its due time says the time really left (`offset_said`)
    late_reminder_intro: str  # {left}
    reminder_drill: str
    duty_type: str
    time: str
    local_time_note: str
    attachment_note: str
    reminder_link: str
    gap_subject: str
    gap_intro: str
    gap_drill: str
    gap_window: str
    gap_staffing: str
    gap_peak: str
    gap_missing_qualification: str
    gap_action: str
    gap_link: str
    gap_closed_link: str
    gap_closed_subject: str
    gap_closed_intro: str
    gap_narrowed_subject: str
    gap_narrowed_intro: str
    gap_requirement_subject: str
    gap_requirement_intro: str
    gap_still_short: str
    digest_opened: str  # {n}
    digest_closed: str  # {n}
    digest_narrowed: str  # {n}
    digest_requirement: str  # {n}
    digest_enterprises: str  # {n}
    digest_intro: str
    digest_all_drill: str
    digest_some_drill: str  # {marker}
    digest_opened_heading: str  # {n}
    digest_closed_heading: str  # {n}
    digest_narrowed_heading: str  # {n}
    digest_requirement_heading: str  # {n}
    digest_still_short: str  # {spans}
    digest_still_short_above: str  # {spans}
    digest_staffing: str  # {actual} {required}
    digest_staffing_one: str  # {actual}: of a requirement of 1 ("0 of 1 person", not "people")
    digest_peak: str
    digest_missing_qualification: str
    digest_time_note: str
    unknown_enterprise: str
    whole_enterprise: str
    feed_title: str
    signature: str


MESSAGE_TEXTS: MappingProxyType[Lang, MessageTexts] = MappingProxyType(
    {
        "vi": MessageTexts(
            reminder_subject="Nhắc trước {before}",
            greeting="Chào {name},",
            reminder_intro="Nhắc trước {before} — anh/chị có ca trực sắp tới:",
            late_reminder_subject="Ca trực bắt đầu sau {left}",
            late_reminder_intro="Ca trực của anh/chị bắt đầu sau {left}:",
            reminder_drill="Ca trực dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.",
            duty_type="Loại trực",
            time="Thời gian",
            local_time_note="giờ Việt Nam",
            attachment_note="Ca trực được đính kèm dưới dạng tệp lịch (.ics).",
            # the page it opens offers the check-in ("Điểm danh"), as the English says (QZ29, W1's leftover: "nhận ca"
            # read as taking the shift, a swap's word)
            reminder_link="Xem ca trực, điểm danh trên Lịch trực Tết",
            gap_subject="Cảnh báo thiếu người trực",
            gap_intro="Hệ thống phát hiện ca trực không đủ người theo yêu cầu:",
            gap_drill="Khoảng thiếu người dưới đây thuộc buổi diễn tập, không phải lịch trực Tết.",
            gap_window="Khoảng thời gian",
            gap_staffing="Số người trực / yêu cầu",
            gap_peak="Thuộc giờ cao điểm",
            gap_missing_qualification="Thiếu người có chuyên môn theo yêu cầu",
            gap_action="Đề nghị bổ sung người trực ngay và công bố lại lịch trực.",
            gap_link="Xếp người trực cho khoảng này",
            gap_closed_link="Xem lịch trực của khoảng này",
            gap_closed_subject="Đã đủ người trực",
            gap_closed_intro="Khoảng thiếu người trực sau đây đã được khắc phục:",
            gap_narrowed_subject="Đã bổ sung một phần người trực",
            gap_narrowed_intro="Khoảng thiếu người trực sau đây đã được bổ sung một phần, nhưng vẫn còn giờ thiếu người:",
            gap_requirement_subject="Yêu cầu trực đã thay đổi",
            gap_requirement_intro="Yêu cầu trực đã thay đổi: khoảng thời gian sau đây không còn thiếu người theo "
            "yêu cầu mới (không có thêm người trực):",
            gap_still_short="Vẫn còn thiếu người",
            digest_opened="{n} khoảng thiếu người mới",
            digest_closed="{n} khoảng đã đủ người",
            digest_narrowed="{n} khoảng đã bổ sung một phần",
            digest_requirement="{n} khoảng không còn thiếu người theo yêu cầu mới",
            digest_enterprises="{n} doanh nghiệp",
            digest_intro="Tổng hợp các thay đổi về người trực trong mấy phút vừa qua:",
            digest_all_drill="Mọi khoảng dưới đây đều thuộc buổi diễn tập, không phải lịch trực Tết.",
            digest_some_drill="Các khoảng ghi {marker} thuộc buổi diễn tập, không phải lịch trực Tết; các khoảng khác thuộc lịch trực Tết.",
            digest_opened_heading="Thiếu người trực ({n}):",
            digest_closed_heading="Đã đủ người trực ({n}):",
            digest_narrowed_heading="Đã bổ sung một phần, vẫn còn thiếu người ({n}):",
            digest_requirement_heading="Yêu cầu trực đã thay đổi, không còn thiếu người theo yêu cầu mới ({n}):",
            digest_still_short="vẫn thiếu người {spans}",
            digest_still_short_above="phần còn thiếu là khoảng thiếu người mới nêu ở trên: {spans}",
            digest_staffing="{actual}/{required} người",
            digest_staffing_one="{actual}/1 người",
            digest_peak="giờ cao điểm",
            digest_missing_qualification="thiếu người có chuyên môn",
            digest_time_note="Thời gian theo giờ Việt Nam.",
            unknown_enterprise="doanh nghiệp chưa đăng ký",
            whole_enterprise="toàn doanh nghiệp",
            feed_title="Lịch trực",
            signature="Lịch trực Tết — tin nhắn tự động",  # every message of notifier's ends so
        ),
        "en": MessageTexts(
            reminder_subject="{before} before",
            greeting="Dear {name},",
            reminder_intro="{before} before — this is a reminder of your upcoming duty shift:",
            late_reminder_subject="Shift starts in {left}",
            late_reminder_intro="Your duty shift starts in {left}:",
            reminder_drill="The shift below belongs to a drill, not to the Tết duty roster.",
            duty_type="Duty",
            time="Time",
            local_time_note="Viet Nam time",
            attachment_note="The shift is attached as a calendar file (.ics).",
            reminder_link="See the shift and check in on the Tết duty roster",
            gap_subject="Coverage gap",
            gap_intro="A shift is staffed below its coverage requirement:",
            gap_drill="The gap below belongs to a drill, not to the Tết duty roster.",
            gap_window="Window",
            gap_staffing="People on duty / required",
            gap_peak="During a peak window",
            gap_missing_qualification="Missing a person with the required qualification",
            gap_action="Please assign more people now and publish the roster again.",
            gap_link="Assign people to this gap",
            gap_closed_link="See the roster of this window",
            gap_closed_subject="Coverage restored",
            gap_closed_intro="The following coverage gap has been closed:",
            gap_narrowed_subject="Coverage partly restored",
            gap_narrowed_intro="The following coverage gap has been partly filled, but some hours are still understaffed:",
            gap_requirement_subject="The requirement changed",
            gap_requirement_intro="The requirement changed: the window below is no longer short under the new "
            "requirement (nobody was added):",
            gap_still_short="Still understaffed",
            digest_opened="{n} opened",
            digest_closed="{n} closed",
            digest_narrowed="{n} partly filled",
            digest_requirement="{n} no longer short under the new requirement",
            digest_enterprises="{n} enterprises",
            digest_intro="What changed in duty coverage over the last few minutes:",
            digest_all_drill="Every gap below belongs to a drill, not to the Tết duty roster.",
            digest_some_drill="The gaps marked {marker} belong to a drill, not to the Tết duty roster; the others are the Tết roster's.",
            digest_opened_heading="Understaffed ({n}):",
            digest_closed_heading="Coverage restored ({n}):",
            digest_narrowed_heading="Partly filled, still understaffed ({n}):",
            digest_requirement_heading="The requirement changed, no longer short under the new requirement ({n}):",
            digest_still_short="still understaffed {spans}",
            digest_still_short_above="what is still short is the new gap listed above: {spans}",
            digest_staffing="{actual} of {required} people",
            digest_staffing_one="{actual} of 1 person",
            digest_peak="peak window",
            digest_missing_qualification="missing a required qualification",
            digest_time_note="Times are Viet Nam time.",
            unknown_enterprise="unregistered enterprise",
            whole_enterprise="whole enterprise",
            feed_title="Duty roster",
            signature="Tết duty roster — automatic message",
        ),
    }
)


def message_texts(lang: Lang) -> MessageTexts:
    """The message words for ``lang``; raises ``ValueError`` for an unknown language."""
    return MESSAGE_TEXTS[check_lang(lang)]


@dataclass(frozen=True, slots=True)
class NoticeTexts:
    """The words of the notices about a change of who is on a shift (`domain.shift_notices`): put on or taken off
    by a manager, a shift moved in time or cancelled, a swap approved, asked for or rejected, the rest of a shift handed over.
    ``{moment}``: a local time; ``{manager}``, ``{names}``, ``{asker}``, ``{taker}``: names."""

    put_on_subject: str
    put_on_intro: str
    put_on_instead: str  # {names}
    put_on_by: str  # {manager}
    taken_off_subject: str
    taken_off_intro: str
    taken_off_to: str  # {names}
    taken_off_by: str  # {manager}
    taken_off_calendar: str
    moved_subject: str
    moved_intro: str  # {before} {after}: the shift's times before the move and now
    moved_by: str  # {manager}
    moved_calendar: str
    cancelled_subject: str
    cancelled_intro: str
    cancelled_by: str  # {manager}
    cancelled_reason: str
    cancelled_calendar: str
    published_subject: str
    published_intro: str
    published_by: str  # {manager}
    published_calendar: str
    published_many_subject: str  # {count} {days}: a person's shifts published together, in one mail, and their days
    published_many_intro: str  # {count}
    published_many_by: str  # {managers}
    published_many_calendar: str
    published_item: str  # {n} {count}: the heading of each shift in that mail
    published_starts_in: str  # a shift published less than a reminder ahead: the mail stands for that reminder
    published_starts_in_value: str  # {left}
    swap_taker_subject: str
    swap_taker_intro: str  # {asker}: the shift is his now — nothing left to take (QZ29 #2: "nhận ca" read as a step)
    swap_taker_link: str  # his shift: see it, check in when it starts
    swap_asker_subject: str
    swap_asker_intro: str  # {taker}
    swap_by: str  # {manager}
    asked_subject: str
    asked_intro: str  # {asker} {to}
    asked_anyone: str
    asked_action: str
    asked_link: str
    asked_urgent: str  # the subject's start when the shift starts soon (domain.swap_urgency)
    asked_starts_in: str  # {left}: how long until the shift starts, when it is soon
    asked_you_subject: str
    asked_you_intro: str  # {asker}
    asked_you_calendar: str  # no invitation yet: it follows an approval
    # what a colleague with no portal account does: {asker}{asker_phone}, {manager_phone}
    asked_you_answer: str
    asked_you_cannot_sign_in: str  # the same, after the buttons, when notifier cannot tell whether he has an account
    asked_you_asker_phone: str  # {phone}
    asked_you_manager_phone: str  # {phone}: the enterprise's leadership duty phone
    asked_you_no_account: str  # no account: no sign-in link, and none needed (QZ25 #5)
    # the shift on the roster, no more: the swap mails' link, where no one is to take the shift or check in now
    # (QZ18 #8b: a lapsed or rejected request linked "Xem ca trực, nhận ca")
    shift_link: str
    withdrawn_subject: str
    withdrawn_intro: str  # {asker}
    withdrawn_action: str
    withdrawn_link: str  # the managers' link to the inbox, nothing left there to approve (QZ14 #12)
    withdrawn_you_subject: str
    withdrawn_you_intro: str  # {asker}
    lapsed_subject: str
    lapsed_intro: str  # {moment}
    lapsed_action: str
    lapsed_you_subject: str
    lapsed_you_intro: str  # {asker} {moment}
    your_requests_link: str  # a named colleague's link: the requests asked of him, not a shift not his (QZ20 #7)
    # the named colleague answers before the manager decides (QZ26 #12)
    asked_wait: str  # {to}: the managers' request mail of a named one: it waits for the colleague's answer first
    asked_you_portal: str  # a colleague with a portal account answers there, at the link (QZ29 #1)
    asked_you_link: str  # that link: his shifts page at the request, its buttons
    answered_yes_subject: str
    answered_yes_intro: str  # {taker}
    answered_taken_intro: str  # {taker}: an open request taken
    answered_no_subject: str
    answered_no_intro: str  # {taker}
    answered_no_action: str
    answer_note: str  # the label of what the colleague wrote
    ready_subject: str
    ready_intro: str  # {taker} {asker}
    ready_action: str
    rejected_subject: str
    rejected_intro: str
    rejected_by: str  # {manager}
    rejected_action: str
    rejected_you_subject: str
    rejected_you_intro: str  # {asker}
    manager_note: str
    reason: str
    rejected_reason: str
    handover_taker_subject: str
    handover_taker_intro: str  # {moment}
    handover_taker_instead: str  # {names}
    handover_off_subject: str
    handover_off_intro: str  # {moment}
    handover_off_to: str  # {names}
    handover_off_calendar: str
    handover_whole_taker_subject: str
    handover_whole_taker_intro: str  # {moment} {end}: from the moment handed over (nobody on the old one had come)
    handover_whole_off_intro: str  # {moment}
    handover_whole_off_to: str  # {names} {moment}: from when they are on duty (QZ13 #2: not the start)
    handover_by: str  # {manager}: who made the handover
    handover_both_subject: str  # a person on both shifts of a handover nobody came to: one mail of both
    handover_both_intro: str  # {start}: the old shift's; {moment} {end}: the new one's
    handover_both_calendar: str
    someone: str  # a person notifier knows no name of yet
    a_manager: str  # who made a change, when the event does not carry their name
    end: str  # how an intro sentence ends


NOTICE_TEXTS: MappingProxyType[Lang, NoticeTexts] = MappingProxyType(
    {
        "vi": NoticeTexts(
            put_on_subject="Anh/chị được phân công trực",
            put_on_intro="Anh/chị vừa được phân công trực ca dưới đây",
            put_on_instead=", thay cho {names}",
            put_on_by=" (người phân công: {manager})",
            taken_off_subject="Anh/chị không còn trực ca",
            taken_off_intro="Anh/chị không còn trực ca dưới đây",
            taken_off_to=": ca đã được giao cho {names}",
            taken_off_by=" (người thay đổi: {manager})",
            taken_off_calendar="Tệp lịch (.ics) đính kèm gỡ ca này khỏi lịch của anh/chị.",
            moved_subject="Ca trực của anh/chị đã đổi giờ",
            moved_intro="Ca trực dưới đây của anh/chị đã được đổi giờ: trước là {before}, nay là {after}",
            moved_by=" (người đổi giờ: {manager})",
            moved_calendar="Tệp lịch (.ics) đính kèm cập nhật giờ của ca này trong lịch của anh/chị.",
            cancelled_subject="Ca trực của anh/chị đã bị hủy",
            cancelled_intro="Ca trực dưới đây của anh/chị đã bị hủy: anh/chị không phải đến trực ca này",
            cancelled_by=" (người hủy: {manager})",
            cancelled_reason="Lý do hủy",
            cancelled_calendar="Tệp lịch (.ics) đính kèm gỡ ca này khỏi lịch của anh/chị.",
            published_subject="Lịch trực của anh/chị đã được công bố",
            published_intro="Ca trực dưới đây của anh/chị đã được công bố",
            published_by=" (người công bố: {manager})",
            published_calendar="Tệp lịch (.ics) đính kèm thêm ca này vào lịch của anh/chị.",
            published_many_subject="Lịch trực của anh/chị đã được công bố: {count} ca, {days}",
            published_many_intro="{count} ca trực dưới đây của anh/chị đã được công bố",
            published_many_by=" (người công bố: {managers})",
            published_many_calendar="Tệp lịch (.ics) đính kèm thêm cả {count} ca vào lịch của anh/chị.",
            published_item="Ca {n}/{count}",
            published_starts_in="Bắt đầu sau",
            published_starts_in_value="{left} (thư này thay cho thư nhắc trước ca; điểm danh khi đến ca)",
            swap_taker_subject="Ca đổi nay là của anh/chị",
            swap_taker_intro="Yêu cầu đổi ca của {asker} đã được duyệt: ca trực dưới đây nay là của anh/chị",
            swap_taker_link="Xem ca trực của anh/chị trên Lịch trực Tết (điểm danh khi đến ca)",
            swap_asker_subject="Yêu cầu đổi ca đã được duyệt",
            swap_asker_intro="Yêu cầu đổi ca của anh/chị đã được duyệt: {taker} nhận ca trực dưới đây, "
            "anh/chị không còn trực ca này",
            swap_by=" (người duyệt: {manager})",
            asked_subject="Yêu cầu đổi ca",
            asked_intro="{asker} xin chuyển ca trực dưới đây cho {to}",
            asked_anyone="một người đủ điều kiện bất kỳ (chưa chỉ định người nhận)",
            asked_action="Đề nghị duyệt hoặc từ chối yêu cầu; khi được duyệt, người nhận ca sẽ được báo.",
            asked_link="Duyệt hoặc từ chối trong hộp yêu cầu đổi ca",
            asked_urgent="Gấp: ",
            asked_starts_in="Ca bắt đầu sau {left}.",
            asked_you_subject="Đồng nghiệp đề nghị anh/chị nhận ca",
            asked_you_intro="{asker} đề nghị chuyển ca trực dưới đây cho anh/chị; quản lý sẽ quyết định. "
            "Anh/chị chỉ phải trực ca này khi yêu cầu được duyệt",
            asked_you_calendar="Thư này không kèm tệp lịch: lời mời lịch (.ics) của ca sẽ được gửi cho anh/chị khi "
            "quản lý duyệt yêu cầu.",
            asked_you_answer="Để nhận lời hay từ chối, hãy trả lời trực tiếp {asker}{asker_phone} hoặc gọi quản "
            "lý{manager_phone}.",
            asked_you_cannot_sign_in="Nếu anh/chị không đăng nhập được, hãy trả lời trực tiếp {asker}{asker_phone} "
            "hoặc gọi quản lý{manager_phone}.",
            asked_you_asker_phone=" (điện thoại {phone})",
            asked_you_manager_phone=" theo số trực lãnh đạo {phone}",
            asked_you_no_account="Anh/chị chưa có tài khoản trên Lịch trực Tết và không cần đăng nhập: thư này đã "
            "ghi đủ thông tin ca trực.",
            shift_link="Xem ca trực trên Lịch trực Tết",
            withdrawn_subject="Yêu cầu đổi ca đã được rút",
            withdrawn_intro="{asker} đã rút đề nghị đổi ca trực dưới đây và vẫn trực ca này",
            withdrawn_action="Không cần duyệt hay từ chối: yêu cầu đã đóng trong hộp yêu cầu đổi ca.",
            withdrawn_link="Xem hộp yêu cầu đổi ca",
            withdrawn_you_subject="Đồng nghiệp đã rút đề nghị đổi ca",
            withdrawn_you_intro="{asker} đã rút đề nghị đổi ca trực dưới đây; anh/chị không cần nhận ca này",
            lapsed_subject="Yêu cầu đổi ca đã hết hạn",
            lapsed_intro="Ca trực dưới đây đã bắt đầu lúc {moment} trước khi quản lý duyệt yêu cầu đổi ca của anh/chị, "
            "nên yêu cầu đã hết hạn: anh/chị vẫn là người trực ca này",
            lapsed_action="Nếu không thể trực ca này, hãy gọi ngay cho quản lý.",
            lapsed_you_subject="Đề nghị chuyển ca cho anh/chị đã hết hạn",
            lapsed_you_intro="{asker} đề nghị chuyển ca trực dưới đây cho anh/chị, nhưng ca đã bắt đầu lúc {moment} "
            "trước khi quản lý duyệt nên đề nghị đã hết hạn: anh/chị không nhận ca này",
            your_requests_link="Xem các yêu cầu đổi ca trên Lịch trực Tết",
            asked_wait="{to} được hỏi trước: yêu cầu sẵn sàng để duyệt khi người đó nhận ca (anh/chị sẽ được báo). "
            "Nếu người đó đã đồng ý cách khác (qua điện thoại), có thể duyệt ngay và ghi lại cách đồng ý.",
            asked_you_portal="Hãy bấm “Nhận” hoặc “Từ chối” ở yêu cầu này trên trang “Ca trực của tôi” (đường dẫn "
            "dưới đây): quản lý chỉ duyệt khi anh/chị đã nhận.",
            asked_you_link="Nhận hoặc từ chối trên Lịch trực Tết",
            answered_yes_subject="Đồng nghiệp đã nhận trực thay anh/chị",
            answered_yes_intro="{taker} đã nhận trực thay ca dưới đây; yêu cầu đang chờ quản lý duyệt. Anh/chị vẫn "
            "trực ca này cho đến khi yêu cầu được duyệt",
            answered_taken_intro="{taker} đã nhận trực thay ca dưới đây mà anh/chị nhờ người đủ điều kiện bất kỳ; yêu "
            "cầu đang chờ quản lý duyệt. Anh/chị vẫn trực ca này cho đến khi yêu cầu được duyệt",
            answered_no_subject="Đồng nghiệp từ chối nhận ca",
            answered_no_intro="{taker} từ chối nhận trực thay ca dưới đây: anh/chị vẫn trực ca này",
            answered_no_action="Hãy nhờ người khác hoặc rút yêu cầu trong mục yêu cầu đổi ca trên Lịch trực Tết; "
            "quản lý không duyệt yêu cầu đã bị từ chối.",
            answer_note="Lời nhắn của đồng nghiệp",
            ready_subject="Yêu cầu đổi ca sẵn sàng để duyệt",
            ready_intro="{taker} đã nhận trực thay {asker} ca dưới đây: yêu cầu đổi ca sẵn sàng để duyệt",
            ready_action="Đề nghị duyệt hoặc từ chối yêu cầu; khi được duyệt, người nhận ca sẽ được báo.",
            rejected_subject="Yêu cầu đổi ca bị từ chối",
            rejected_intro="Yêu cầu đổi ca của anh/chị đã bị từ chối: anh/chị vẫn trực ca dưới đây",
            rejected_by=" (người từ chối: {manager})",
            rejected_action="Nếu không thể trực ca này, hãy liên hệ trực tiếp quản lý.",
            rejected_you_subject="Đề nghị chuyển ca cho anh/chị đã bị từ chối",
            rejected_you_intro="Quản lý đã từ chối đề nghị của {asker} chuyển ca trực dưới đây cho anh/chị: yêu cầu "
            "đã đóng, anh/chị không nhận ca này và không cần làm gì thêm",
            manager_note="Ghi chú của quản lý",
            reason="Lý do",
            rejected_reason="Lý do từ chối",
            handover_taker_subject="Anh/chị nhận phần còn lại của ca",
            handover_taker_intro="Anh/chị nhận phần còn lại của ca trực dưới đây từ {moment}",
            handover_taker_instead=", thay cho {names}",
            handover_off_subject="Anh/chị thôi trực ca",
            handover_off_intro="Anh/chị thôi trực ca dưới đây từ {moment}",
            handover_off_to="; {names} nhận phần còn lại",
            handover_off_calendar="Tệp lịch (.ics) đính kèm cập nhật giờ kết thúc ca này trong lịch của anh/chị.",
            handover_whole_taker_subject="Anh/chị nhận ca trực thay người không đến",
            handover_whole_taker_intro="Anh/chị nhận ca trực dưới đây từ {moment} đến {end} (người trực trước không đến)",
            handover_whole_off_intro="Anh/chị được ghi nhận là không đến ca trực dưới đây (bắt đầu lúc {moment}), nên "
            "đã thôi trực ca này",
            handover_whole_off_to="; {names} nhận ca từ {moment}",
            handover_by=" (người giao ca: {manager})",
            handover_both_subject="Ca trực của anh/chị được thay bằng ca mới",
            handover_both_intro="Anh/chị được ghi nhận là không đến ca trực bắt đầu lúc {start}, nên ca đó đã được hủy; "
            "anh/chị trực ca dưới đây từ {moment} đến {end} thay cho ca đó",
            handover_both_calendar="Tệp lịch (.ics) đính kèm thêm ca dưới đây vào lịch của anh/chị. Ca đã hủy tự được "
            "gỡ khỏi lịch trực anh/chị theo dõi qua đường dẫn; nếu anh/chị đã thêm ca đó từ thư, hãy xóa nó.",
            someone="một đồng nghiệp",
            a_manager="người quản lý",
            end=".",
        ),
        "en": NoticeTexts(
            put_on_subject="You are on a shift",
            put_on_intro="You have been put on the shift below",
            put_on_instead=", in place of {names}",
            put_on_by=" (by {manager})",
            taken_off_subject="You are no longer on a shift",
            taken_off_intro="You are no longer on the shift below",
            taken_off_to=": it was given to {names}",
            taken_off_by=" (changed by {manager})",
            taken_off_calendar="The attached calendar file (.ics) removes the shift from your calendar.",
            moved_subject="Your shift was moved",
            moved_intro="The shift below has been moved: it was {before}, it is now {after}",
            moved_by=" (moved by {manager})",
            moved_calendar="The attached calendar file (.ics) updates the shift's times in your calendar.",
            cancelled_subject="Your shift was cancelled",
            cancelled_intro="The shift below has been cancelled: you are not on duty for it",
            cancelled_by=" (cancelled by {manager})",
            cancelled_reason="Why it was cancelled",
            cancelled_calendar="The attached calendar file (.ics) removes the shift from your calendar.",
            published_subject="Your duty roster is published",
            published_intro="Your shift below has been published",
            published_by=" (published by {manager})",
            published_calendar="The attached calendar file (.ics) adds the shift to your calendar.",
            published_many_subject="Your duty roster is published: {count} shifts, {days}",
            published_many_intro="Your {count} shifts below have been published",
            published_many_by=" (published by {managers})",
            published_many_calendar="The attached calendar file (.ics) adds all {count} shifts to your calendar.",
            published_item="Shift {n} of {count}",
            published_starts_in="Starts in",
            published_starts_in_value="{left} (this mail stands for the reminder before it; check in when you arrive)",
            swap_taker_subject="A swapped shift is now yours",
            swap_taker_intro="{asker}'s swap request was approved: the shift below is now yours",
            swap_taker_link="See your shift on the Tết duty roster (check in when it starts)",
            swap_asker_subject="Your swap request was approved",
            swap_asker_intro="Your swap request was approved: {taker} takes over the shift below, "
            "and you are no longer on it",
            swap_by=" (approved by {manager})",
            asked_subject="Swap request",
            asked_intro="{asker} asks to hand the shift below to {to}",
            asked_anyone="any qualified colleague (nobody named yet)",
            asked_action="Please approve or reject the request; the person who takes the shift is told once "
            "it is approved.",
            asked_link="Approve or reject it in the swap inbox",
            asked_urgent="Urgent: ",
            asked_starts_in="The shift starts in {left}.",
            asked_you_subject="A colleague asks you to take a shift",
            asked_you_intro="{asker} asked to hand you the shift below; the manager decides. "
            "You are on it only once the request is approved",
            asked_you_calendar="No calendar file comes with this mail: the shift's calendar invitation (.ics) is sent "
            "to you once a manager approves the request.",
            asked_you_answer="To say yes or no, answer {asker}{asker_phone} directly or call the "
            "manager{manager_phone}.",
            asked_you_cannot_sign_in="If you cannot sign in, answer {asker}{asker_phone} directly or call the "
            "manager{manager_phone}.",
            asked_you_asker_phone=" (phone {phone})",
            asked_you_manager_phone=" on the leadership duty phone {phone}",
            asked_you_no_account="You have no account on the Tết duty roster and need not sign in: this mail says "
            "all there is to know of the shift.",
            shift_link="See the shift on the Tết duty roster",
            withdrawn_subject="Swap request withdrawn",
            withdrawn_intro="{asker} withdrew the request to swap the shift below and stays on it",
            withdrawn_action="Nothing to approve or reject: the request is closed in the swap inbox.",
            withdrawn_link="See the swap inbox",
            withdrawn_you_subject="A colleague withdrew a swap request",
            withdrawn_you_intro="{asker} withdrew the request to hand you the shift below; you need not take it",
            lapsed_subject="Your swap request lapsed",
            lapsed_intro="The shift below began at {moment} before a manager decided on your swap request, so the "
            "request lapsed: you are still on duty on this shift",
            lapsed_action="If you cannot be on this shift, call your manager now.",
            lapsed_you_subject="The request to hand you a shift lapsed",
            lapsed_you_intro="{asker} asked to hand you the shift below, but it began at {moment} before a manager "
            "decided, so the request lapsed: you do not take this shift",
            your_requests_link="See the swap requests on the Tết duty roster",
            asked_wait="{to} is asked first: the request is ready to decide once they accept it (you will be told). "
            "If they agreed another way (by phone), you may approve it now and record how they agreed.",
            asked_you_portal="Press “Accept” or “Decline” at this request on your “My shifts” page (the link below): "
            "the manager approves only once you have accepted.",
            asked_you_link="Accept or decline on the Tết duty roster",
            answered_yes_subject="Your colleague accepted to take your shift",
            answered_yes_intro="{taker} accepted to take the shift below; the request now waits for the manager. You "
            "are on the shift until it is approved",
            answered_taken_intro="{taker} took the shift below, which you offered to any qualified colleague; the "
            "request now waits for the manager. You are on the shift until it is approved",
            answered_no_subject="Your colleague declined to take your shift",
            answered_no_intro="{taker} declined to take the shift below: you are still on it",
            answered_no_action="Ask someone else or withdraw the request in your swap requests on the Tết duty "
            "roster; a manager does not approve a declined request.",
            answer_note="Your colleague's note",
            ready_subject="Swap request ready to decide",
            ready_intro="{taker} accepted to take the shift below from {asker}: the swap request is ready to decide",
            ready_action="Please approve or reject the request; the person who takes the shift is told once it is "
            "approved.",
            rejected_subject="Your swap request was rejected",
            rejected_intro="Your swap request was rejected: you are still on the shift below",
            rejected_by=" (by {manager})",
            rejected_action="If you cannot take this shift, speak to your manager directly.",
            rejected_you_subject="The request to hand you a shift was rejected",
            rejected_you_intro="A manager rejected {asker}'s request to hand you the shift below: the request is "
            "closed, you do not take this shift and need do nothing",
            manager_note="Manager's note",
            reason="Reason",
            rejected_reason="Why it was rejected",
            handover_taker_subject="You take over the rest of a shift",
            handover_taker_intro="You take over the rest of the shift below from {moment}",
            handover_taker_instead=", in place of {names}",
            handover_off_subject="You are relieved of a shift",
            handover_off_intro="You are relieved of the shift below from {moment}",
            handover_off_to="; the rest of it goes to {names}",
            handover_off_calendar="The attached calendar file (.ics) updates the shift's end in your calendar.",
            handover_whole_taker_subject="You take over a shift nobody came to",
            handover_whole_taker_intro="You take over the shift below from {moment} to {end} (those rostered did not "
            "come)",
            handover_whole_off_intro="You were recorded as not having come to the shift below (which began at "
            "{moment}), so you are relieved of it",
            handover_whole_off_to="; {names} take it over from {moment}",
            handover_by=" (handed over by {manager})",
            handover_both_subject="Your shift is replaced by a new one",
            handover_both_intro="You were recorded as not having come to the shift that began at {start}, so it is "
            "cancelled; you are on the shift below from {moment} to {end} in its place",
            handover_both_calendar="The attached calendar file (.ics) adds the shift below to your calendar. The "
            "cancelled one leaves the duty calendar you subscribe to by itself; if you added it from a mail, delete it.",
            someone="a colleague",
            a_manager="a manager",
            end=".",
        ),
    }
)


def notice_texts(lang: Lang) -> NoticeTexts:
    """The words of shift-change notices for ``lang``; raises ``ValueError`` for an unknown language."""
    return NOTICE_TEXTS[check_lang(lang)]


@dataclass(frozen=True, slots=True)
class EarlyLeaveTexts:
    """The words of the managers' mail of an early-leave notice (“Tôi cần về sớm”, QZ29 #8;
    `domain.shift_notices.early_leave_message`). ``{person}``: who must leave; ``{moment}``: from when, local."""

    subject: str  # {person}
    intro: str  # {person} {moment}
    reason: str
    colleague: str
    nothing_changed: str
    nothing_changed_colleague: str  # {colleague}
    link: str


EARLY_LEAVE_TEXTS: dict[Lang, EarlyLeaveTexts] = {
    "vi": EarlyLeaveTexts(
        subject="{person} xin về sớm",
        intro="{person} báo cần về sớm khỏi ca trực dưới đây, từ {moment}.",
        reason="Lý do",
        colleague="Đồng nghiệp đã đồng ý nhận ca",
        nothing_changed="Lịch trực chưa thay đổi: người này vẫn là người trực cho đến khi anh/chị giao phần còn lại "
        "của ca cho người khác trên bảng trực (biểu mẫu đã điền sẵn giờ).",
        nothing_changed_colleague="Lịch trực chưa thay đổi: người này vẫn là người trực cho đến khi anh/chị giao "
        "phần còn lại của ca trên bảng trực (biểu mẫu đã điền sẵn giờ và đã chọn {colleague}).",
        link="Giao phần còn lại của ca",
    ),
    "en": EarlyLeaveTexts(
        subject="{person} must leave early",
        intro="{person} says they must leave the shift below early, from {moment}.",
        reason="Reason",
        colleague="Colleague who agreed to take over",
        nothing_changed="The roster has not changed: they are on duty until you hand the rest of the shift over to "
        "someone else on the board (the form has the time filled in).",
        nothing_changed_colleague="The roster has not changed: they are on duty until you hand the rest of the shift "
        "over on the board (the form has the time filled in and {colleague} ticked).",
        link="Hand over the rest of the shift",
    ),
}


def early_leave_texts(lang: Lang) -> EarlyLeaveTexts:
    """The words of the early-leave mail for ``lang``; raises ``ValueError`` for an unknown language."""
    return EARLY_LEAVE_TEXTS[check_lang(lang)]
