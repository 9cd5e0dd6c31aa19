"""The Shift entity owns its status changes: each returns the next state and what happened,
and never changes the shift it was called on (pure)."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.errors import (
    ANY_VERSION,
    Conflict,
    Precondition,
    PreconditionRequired,
    RuleViolation,
    StaleVersion,
)
from roster.domain.shifts import Booking, OnShift, RuleLimits, Shift, warnings_of

T0 = datetime(2027, 2, 5, 1, tzinfo=UTC)
TUYET = uuid.uuid4()
DUC = uuid.uuid4()


def shift(status: str = "draft", campaign: uuid.UUID | None = None) -> Shift:
    return Shift(
        id=uuid.uuid4(),
        campaign_id=campaign or uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        site_id=None,
        duty_type="operations",
        starts_at=T0,
        ends_at=T0 + timedelta(hours=8),
        assignees=(OnShift(TUYET, "Nguyễn Thị Ánh Tuyết"),),
        status=status,
        version=3,
        created_at=T0 - timedelta(days=1),
        updated_at=T0 - timedelta(days=1),
    )


def test_publish_returns_the_next_version_and_leaves_the_draft_alone() -> None:
    draft = shift()
    change = draft.publish(now=T0 - timedelta(hours=5))
    assert (change.kind, change.shift.status, change.shift.version) == ("published", "published", 4)
    assert change.shift.updated_at == T0 - timedelta(hours=5)
    assert (draft.status, draft.version) == ("draft", 3)
    with pytest.raises(Conflict) as again:
        change.shift.publish(now=T0)
    assert again.value.first.rule == "invalid-status"
    assert again.value.first.message.endswith("is published: it can be published only when it is draft.")


def test_a_cancelled_shift_cannot_be_cancelled_again_said_in_plain_english() -> None:
    # QA: "cancel is only possible when it is checked in or draft or published".
    gone = shift("published").cancel(now=T0, reason="Đổi kế hoạch").shift
    with pytest.raises(Conflict) as again:
        gone.cancel(now=T0, reason="lần nữa")
    assert again.value.first.message.endswith(
        "is cancelled: it can be cancelled only when it is checked in, draft or published."
    ), again.value.first.message
    assert "không thể hủy" in again.value.first.message_vi


def test_check_in_window_opens_before_the_start_and_closes_at_the_end() -> None:
    published = shift("published")
    lead = timedelta(minutes=30)
    with pytest.raises(Conflict) as early:
        published.check_in(staff_id=TUYET, now=T0 - timedelta(minutes=31), lead=lead)
    assert early.value.first.rule == "check-in-window"
    with pytest.raises(Conflict):
        published.check_in(staff_id=TUYET, now=T0 + timedelta(hours=8), lead=lead)
    with pytest.raises(RuleViolation) as stranger:
        published.check_in(staff_id=uuid.uuid4(), now=T0, lead=lead)
    assert stranger.value.first.rule == "on-shift"
    change = published.check_in(staff_id=TUYET, now=T0 - timedelta(minutes=30), lead=lead)
    assert change.shift.status == "checked_in" and change.shift.assignees[0].checked_in_at == T0 - lead


def test_complete_only_once_it_is_over_and_cancel_keeps_the_reason() -> None:
    published = shift("published")
    with pytest.raises(Conflict) as early:
        published.complete(now=T0)
    assert early.value.first.rule == "shift-over"
    assert published.complete(now=T0 + timedelta(hours=8)).shift.status == "completed"
    cancelled = published.cancel(now=T0, reason="bão").shift
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "bão")


@pytest.mark.parametrize("status", ["published", "checked_in"])
@pytest.mark.parametrize("reason", [None, "", "   ", " \n\t", "\u200b \ufeff"])
def test_a_shift_people_already_see_is_not_cancelled_without_a_reason(status: str, reason: str | None) -> None:
    seen = shift(status)
    with pytest.raises(RuleViolation) as refused:
        seen.cancel(now=T0, reason=reason)
    error = refused.value.first
    assert (error.field, error.rule, error.context["shift_id"]) == ("reason", "cancel-reason-required", str(seen.id))
    # the shift in words (duty type, day and time, lunar day), never its id, and what to do
    state_vi, state_en = {
        "published": ("đã công bố", "is published"),
        "checked_in": ("đã có người điểm danh", "has people checked in"),
    }[status]
    assert error.message_vi == (
        f"Ca trực điều hành 08:00–16:00 05/02/2027 (29 tháng Chạp) {state_vi}, người trực và thanh tra đã thấy ca "
        "này: hãy nêu lý do hủy ca (lịch của người trực và lịch sử thay đổi ghi lại lý do)."
    )
    assert error.message == (
        f"The shift Operations (command) duty 08:00–16:00 5 Feb 2027 (29th day of the 12th lunar month) {state_en}, "
        "so its staff and the inspectors already see it: give the reason for cancelling (their calendars and the "
        "history show it)."
    )
    assert str(seen.id) not in error.message + error.message_vi
    assert (seen.status, seen.version) == (status, 3)


def test_a_draft_is_cancelled_without_a_reason_and_a_given_reason_is_kept_in_nfc_and_trimmed() -> None:
    for blank in (None, "", "  \n "):
        cancelled = shift().cancel(now=T0, reason=blank)
        assert (cancelled.kind, cancelled.shift.status, cancelled.shift.cancel_reason) == (
            "cancelled",
            "cancelled",
            None,
        )
    typed = unicodedata.normalize("NFD", "  Bão số 3, chuyển ca\n")  # as some keyboards send it
    assert typed.strip() != "Bão số 3, chuyển ca"
    change = shift("published").cancel(now=T0, reason=typed)
    assert (change.shift.status, change.shift.version) == ("cancelled", 4)
    assert change.shift.cancel_reason == "Bão số 3, chuyển ca"
    assert unicodedata.is_normalized("NFC", change.shift.cancel_reason)


def test_edit_without_a_change_is_none_and_a_legacy_shift_cannot_move_sites() -> None:
    draft = shift()
    assert draft.edit(now=T0, notes=None) is None
    site = uuid.uuid4()
    change = draft.edit(now=T0, covers=[site, site])
    assert change is not None and change.shift.covers_site_ids == (site,) and change.kind == "updated"
    legacy = Shift(**{**{f: getattr(draft, f) for f in Shift.__dataclass_fields__}, "campaign_id": None})
    with pytest.raises(Conflict) as refused:
        legacy.edit(now=T0, site_id=site)
    assert refused.value.first.rule == "legacy-shift"
    assert legacy.edit(now=T0, notes="ghi chú") is not None  # notes stay editable


def test_a_change_without_if_match_names_the_shift_in_words_in_both_languages() -> None:
    """QA: the 428 named the shift in English only ("Sửa ca trực này…"): the Vietnamese names its duty, day,
    hours and people too, as the English does."""
    two = replace(shift("published"), assignees=(OnShift(TUYET, "Nguyễn Thị Ánh Tuyết"), OnShift(DUC, "Trần Văn Đức")))
    with pytest.raises(PreconditionRequired) as refused:
        Precondition(frozenset(), present=False).check(
            two.version, what="shift", what_vi="ca", ident=two.named("en"), ident_vi=two.named()
        )
    error = refused.value.first
    assert error.message_vi == (
        "Sửa ca trực điều hành 08:00–16:00 05/02/2027 (29 tháng Chạp) của Nguyễn Thị Ánh Tuyết và Trần Văn Đức "
        "cần gửi kèm phiên bản đã đọc (ETag); hiện tại là “3”."
    )
    assert error.message.startswith(
        "Changing the shift Operations (command) duty 08:00–16:00 5 Feb 2027 (29th day of the 12th lunar month) of "
        "Nguyễn Thị Ánh Tuyết and Trần Văn Đức needs If-Match"
    )
    with pytest.raises(StaleVersion) as stale:
        Precondition(frozenset({2})).check(
            two.version, what="shift", what_vi="ca", ident=two.named("en"), ident_vi=two.named()
        )
    assert stale.value.first.message_vi.startswith(
        "Ca trực điều hành 08:00–16:00 05/02/2027 (29 tháng Chạp) của Nguyễn Thị Ánh Tuyết và Trần Văn Đức đã ở "
        "phiên bản 3 (không phải 2): có người vừa sửa."
    )
    # Other things keep their one name for both languages; without a Vietnamese one, "this".
    with pytest.raises(PreconditionRequired) as plain:
        Precondition(frozenset(), present=False).check(1, what="campaign", what_vi="đợt trực", ident="Tết 2027")
    assert plain.value.first.message_vi.startswith("Sửa đợt trực này cần gửi kèm")


def test_a_shift_keeps_when_it_was_first_published_and_a_draft_cancelled_never_was() -> None:
    draft = shift()
    assert draft.published_at is None
    assert draft.cancel(now=T0, reason=None).shift.published_at is None
    at = T0 - timedelta(hours=5)
    published = draft.publish(now=at).shift
    assert published.published_at == at
    later = published.edit(now=T0 - timedelta(hours=1), notes="Mang áo mưa")
    assert later is not None
    assert later.shift.cancel(now=T0, reason="Đổi kế hoạch").shift.published_at == at


def test_a_warning_is_computed_again_from_the_bookings_as_they_are_now() -> None:
    """A stored shift's warnings follow its neighbours: one naming a shift that is gone (moved away, cancelled,
    the person taken off it) is dropped, a new neighbour is named; unchanged warnings make no new version."""
    night = shift("published")
    limits = RuleLimits()
    other = uuid.uuid4()
    close = Booking(other, TUYET, night.ends_at + timedelta(hours=3), night.ends_at + timedelta(hours=7), "patrol")
    [warned] = warnings_of(night, [close], limits=limits)
    assert (warned.rule, warned.shift_id, warned.context["rest_hours"]) == ("min-rest", other, 3)
    bordered = night.rewarn(now=T0, warnings=[warned])
    assert bordered is not None and bordered.kind == "updated" and bordered.shift.version == 4
    assert [w["shift_id"] for w in bordered.shift.warnings] == [str(other)]
    assert bordered.shift.rewarn(now=T0, warnings=[warned]) is None  # the same: nothing to announce
    # The neighbour cancelled (its booking no longer active), or moved 10 hours away: nothing to warn of.
    far = replace(close, starts_at=night.ends_at + timedelta(hours=10), ends_at=night.ends_at + timedelta(hours=14))
    for now_around in ([], [far]):
        assert warnings_of(bordered.shift, now_around, limits=limits) == []
    cleared = bordered.shift.rewarn(now=T0, warnings=[])
    assert cleared is not None and cleared.shift.warnings == () and cleared.shift.version == 5
    # Someone else's booking near it is no concern of Tuyết's.
    assert warnings_of(night, [replace(close, staff_id=DUC)], limits=limits) == []


def test_a_draft_published_takes_the_warnings_of_a_published_shift() -> None:
    """A draft counts the drafts next to it; published, its warnings are computed as a published shift's
    (`warnings_of` with the status it takes) and carried by the published version; without them it keeps its own
    (a shift created published, warned as one already)."""
    draft = shift("draft")
    limits = RuleLimits()
    drafted = Booking(
        uuid.uuid4(), TUYET, draft.ends_at + timedelta(hours=3), draft.ends_at + timedelta(hours=7), draft=True
    )
    published_next = replace(
        drafted,
        shift_id=uuid.uuid4(),
        starts_at=draft.starts_at - timedelta(hours=6),
        ends_at=draft.starts_at - timedelta(hours=2),
        draft=False,
    )
    assert [w.shift_id for w in warnings_of(draft, [drafted, published_next], limits=limits)] == [
        published_next.shift_id,
        drafted.shift_id,
    ]
    as_published = warnings_of(draft, [drafted, published_next], limits=limits, status="published")
    assert [w.shift_id for w in as_published] == [published_next.shift_id]
    warned = replace(draft, warnings=tuple(w.as_dict() for w in warnings_of(draft, [drafted], limits=limits)))
    change = warned.publish(now=T0 - timedelta(hours=5), warnings=as_published)
    assert change.shift.status == "published" and change.changed == ()
    assert [w["shift_id"] for w in change.shift.warnings] == [str(published_next.shift_id)]
    assert warned.publish(now=T0 - timedelta(hours=5)).shift.warnings == warned.warnings


def test_versions_that_only_recomputed_warnings_remember_the_last_one_a_person_made() -> None:
    """`edited_version`: a rewarn keeps the version a person last made (through several rewarns), and any
    other change is a person's again; `Precondition.allows_since` lets a change read at any version from
    that one on through, and nothing older."""
    night = shift("published")  # version 3, a person's
    assert night.edited_version is None
    other = uuid.uuid4()
    close = Booking(other, TUYET, night.ends_at + timedelta(hours=3), night.ends_at + timedelta(hours=7), "patrol")
    [warned] = warnings_of(night, [close], limits=RuleLimits())
    once = night.rewarn(now=T0, warnings=[warned])
    assert once is not None and (once.shift.version, once.shift.edited_version) == (4, 3)
    twice = once.shift.rewarn(now=T0, warnings=[])
    assert twice is not None and (twice.shift.version, twice.shift.edited_version) == (5, 3)
    edited = twice.shift.edit(now=T0, notes="Trực đêm")
    assert edited is not None and (edited.shift.version, edited.shift.edited_version) == (6, None)

    read_at = {v: Precondition(frozenset({v})) for v in range(1, 7)}
    assert [v for v, pre in read_at.items() if pre.allows_since(3, 5)] == [3, 4, 5]
    assert [v for v, pre in read_at.items() if pre.allows_since(None, 6)] == [6]
    assert not Precondition(frozenset(), present=False).allows_since(3, 5)  # no If-Match: still a 428
    assert ANY_VERSION.allows_since(3, 5)


def test_an_update_says_which_parts_it_changed_as_the_event_contract_names_them() -> None:
    """ShiftUpdated carries `changed` (audit's history says "ghi chú: …", "đổi điểm trực sang …"): an edit names
    the parts that really changed, in one order; a rewarn names the warnings; the two vocabularies are one."""
    from typing import get_args

    from lichtruc.events import ShiftUpdatedPart
    from roster.domain.shifts import UpdatedPart

    assert get_args(UpdatedPart) == get_args(ShiftUpdatedPart)
    night = shift("published")
    noted = night.edit(now=T0, notes="Mang theo máy bộ đàm")
    assert noted is not None and noted.changed == ("notes",)
    assert night.edit(now=T0, notes=night.notes) is None  # the same notes: nothing changed, nothing said
    other, further = uuid.uuid4(), uuid.uuid4()
    moved = night.edit(now=T0, site_id=other, covers=[further], notes="Tuần tra")
    assert moved is not None and moved.changed == ("notes", "site", "covers")
    close = Booking(
        uuid.uuid4(), TUYET, night.ends_at + timedelta(hours=3), night.ends_at + timedelta(hours=7), "patrol"
    )
    warned = night.rewarn(now=T0, warnings=warnings_of(night, [close], limits=RuleLimits()))
    assert warned is not None and warned.changed == ("warnings",)
    assert shift("draft").publish(now=T0 - timedelta(hours=5)).changed == ()  # other kinds say nothing more
