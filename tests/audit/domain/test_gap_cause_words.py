"""A gap's cause in words (domain/causes.py, QZ13 #14): the shortfall when what is asked opened it, the roster's
changes by who and why when they did — the one sentence audit's list, its gap's answer and its files give."""

from __future__ import annotations

from datetime import UTC, datetime

from audit.domain.causes import CauseEvent, NoShow, change_words, gap_cause

SET = CauseEvent("req", "requirement.set", datetime(2027, 1, 20, 2, 0, tzinfo=UTC), "Quản trị hệ thống")
CANCEL = CauseEvent(
    "cancel", "shift.cancelled", datetime(2027, 2, 5, 13, 59, tzinfo=UTC), "Nguyễn Văn Hùng", "Ốm  nặng"
)
EVENTS = {e.event_id: e for e in (SET, CANCEL)}


def _cause(ids: tuple[str, ...], lang: str, *, rostered: int = 0, enterprise: str | None = "VNPT Long An", **more):
    return gap_cause(
        cause_event_ids=ids,
        required=2,
        rostered=rostered,
        unqualified=more.pop("unqualified", False),
        enterprise=enterprise,
        events=more.pop("events", EVENTS),
        lang=lang,
    )


def test_a_requirement_nobody_staffed_reads_as_the_enterprise_rostering_too_few() -> None:
    assert _cause(("req",), "vi") == (
        "Không đủ người được xếp: yêu cầu ít nhất 2 người, đã xếp 0 (yêu cầu do Quản trị hệ thống đặt lúc 09:00 "
        "20/01/2027); VNPT Long An chưa xếp người cho giờ này"
    )
    assert _cause(("req",), "en") == (
        "Too few people rostered: at least 2 required, 0 rostered (requirement set by Quản trị hệ thống at 09:00 "
        "20 Jan 2027); VNPT Long An has rostered nobody for these hours"
    )
    assert _cause(("req",), "vi", rostered=1).endswith("đã xếp 1 (yêu cầu do Quản trị hệ thống đặt lúc 09:00 "
                                                      "20/01/2027); VNPT Long An chưa xếp đủ người cho giờ này")  # fmt: skip
    assert "đã xếp 0 người đúng chuyên môn (" in _cause(("req",), "vi", unqualified=True)


def test_a_requirement_set_by_roster_itself_or_gone_from_the_log_still_says_who_is_short() -> None:
    by_roster = {"req": CauseEvent("req", "requirement.set", SET.at)}
    assert _cause(("req",), "en", events=by_roster) == (
        "Too few people rostered: at least 2 required, 0 rostered (requirement set at 09:00 20 Jan 2027); "
        "VNPT Long An has rostered nobody for these hours"
    )
    assert _cause((), "vi", enterprise=None) == (
        "Không đủ người được xếp: yêu cầu ít nhất 2 người, đã xếp 0; Doanh nghiệp chưa xếp người cho giờ này"
    )


def test_a_shifts_change_keeps_naming_the_change_who_made_it_and_why() -> None:
    assert (
        _cause(("cancel",), "vi") == "hủy ca 20:59 05/02/2027 — Nguyễn Văn Hùng: Ốm nặng" == change_words(CANCEL, "vi")
    )
    assert _cause(("cancel",), "en") == "shift cancelled 20:59 5 Feb 2027 — Nguyễn Văn Hùng: Ốm nặng"
    # Both: the shortfall against what was asked, then the change.
    assert _cause(("cancel", "req"), "en") == (
        "Too few people rostered: at least 2 required, 0 rostered (requirement set by Quản trị hệ thống at 09:00 "
        "20 Jan 2027); VNPT Long An has rostered nobody for these hours; shift cancelled 20:59 5 Feb 2027 — "
        "Nguyễn Văn Hùng: Ốm nặng"
    )


def test_a_shift_nobody_came_to_reads_as_the_no_show_and_who_took_over_from_when() -> None:
    """QZ14 #6: a handover of a shift nobody came to read "công bố ca 09:02 … ; hủy ca 09:02 …" — what roster did, not
    what happened: the person who did not come, their shift's hours, who took over from when, who recorded it."""
    no_show = NoShow(
        ("Bùi Quang Huy",),
        datetime(2027, 2, 5, 23, 0, tzinfo=UTC),
        datetime(2027, 2, 6, 11, 0, tzinfo=UTC),
        ("Lê Hữu Nghĩa",),
        datetime(2027, 2, 6, 2, 5, tzinfo=UTC),
    )
    handed = CauseEvent(
        "handed",
        "shift.cancelled",
        datetime(2027, 2, 6, 2, 2, tzinfo=UTC),
        "Trần Văn Tâm",
        "Anh Huy  không đến",
        no_show,
    )
    events = {"handed": handed, "req": SET}
    assert _cause(("handed",), "vi", events=events) == (
        "Người trực không đến: Bùi Quang Huy (ca 06:00–18:00) không đến; Lê Hữu Nghĩa nhận ca từ 09:05 "
        "(Trần Văn Tâm ghi nhận lúc 09:02: Anh Huy không đến)"
    )
    assert _cause(("handed",), "en", events=events) == (
        "No-show: Bùi Quang Huy (shift 06:00–18:00) did not come; Lê Hữu Nghĩa took over from 09:05 "
        "(recorded by Trần Văn Tâm at 09:02: Anh Huy không đến)"
    )
    # The new shift gone from the log: who did not come, still; nobody named as taking over.
    alone = {
        "handed": CauseEvent(
            "handed", "shift.cancelled", handed.at, None, "", NoShow(no_show.absent, no_show.starts_at, no_show.ends_at)
        )
    }
    assert _cause(("handed",), "vi", events=alone) == (
        "Người trực không đến: Bùi Quang Huy (ca 06:00–18:00) không đến (ghi nhận lúc 09:02)"
    )
