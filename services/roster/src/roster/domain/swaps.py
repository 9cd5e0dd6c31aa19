"""A swap request: a person on a published shift asks to hand it over; the colleague it names answers first, then a
manager decides, or the person withdraws it while it waits. Pure: the entity checks its own status rules and returns
its next state.

The colleague's answer (QZ26 #12: the manager approved, and the colleague learnt afterwards that he now worked giao
thừa night). A waiting request (`status` "requested") is at one `stage`:

- "asking": it names a colleague who has not answered yet (`answer` None);
- "open": it names nobody (anyone qualified may take it);
- "accepted": the colleague named said yes (`accept`), or a qualified colleague took the open request (`take`: it
  names them, and counts as their yes) — only now is it the manager's to decide;
- "declined": the colleague said no (`decline`, with an optional note) — back with the asker, who names someone else
  (`name_colleague`: asking again) or withdraws it; a manager may only reject it.

A manager may still approve a request nobody has accepted — a colleague with no portal account agreed by phone — but
only saying how they agreed (`agreement`, kept on the request: 409 `swap-unanswered` without it); never one the
colleague declined. Withdrawing (the asker) and lapsing (the shift begins) close a waiting request at any stage.

A request is read with what a person needs to read it — the names of the one handing over and of
the one named to take over, and the shift in words (`SwapShift`) — looked up with it by the
repository (the staff records' names as they are now); none of that is stored on the request.

Who could take a shift over (`SwapCandidate`) is read for the person handing it over: the
colleagues `POST /shifts/{id}/swaps` would accept — same enterprise, active, qualified for the duty
type, not on the shift, free at its time — by name and nothing more (a staff member may not list
staff: no e-mail, phone or national id comes with a name), each with the warnings the shift would carry about
them once handed over (`with_warnings`: the shift's own soft rules, short rest and too many night shifts)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.words import name

from .errors import Conflict
from .shifts import Booking, RuleLimits, Shift, ShiftWarning, soft_warnings

STATUSES: tuple[str, ...] = ("requested", "approved", "rejected", "withdrawn", "lapsed")
ANSWERS: tuple[str, ...] = ("accepted", "declined")
STAGES: tuple[str, ...] = ("asking", "open", "accepted", "declined")
"""`lapsed`: the shift began while the request still waited (QZ15: a manager was refused at 18:10 with "ask a
manager", and the request stayed waiting for ever). It is read so from the moment the shift starts (`as_of`, pure,
for every list and count), and stored so, with SwapLapsed for the people it named, when roster's sweep notices it
(`lapse`); nobody may decide it then (`ensure_current`)."""


@dataclass(frozen=True, slots=True)
class SwapShift:
    """The shift a request is about, as people read it: its duty type, site (if any), the further sites it covers
    (by name) and times."""

    duty_type: str
    starts_at: datetime
    ends_at: datetime
    site_name: str | None = None
    covers_site_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SwapCandidate:
    """A colleague who could take a shift over. `shared_shift`: they have been on a shift (published,
    not cancelled, begun by now) with the person handing it over — the colleagues that person knows; a
    shift only scheduled together is no shared duty yet."""

    staff_id: uuid.UUID
    full_name: str
    shared_shift: bool
    warnings: tuple[ShiftWarning, ...] = ()
    """What the shift would warn of about them once theirs (`with_warnings`)."""
    phone: str | None = None
    email: str | None = None

    @property
    def phone_end(self) -> str | None:
        """The last three digits of their phone number: enough for a colleague to tell two people of one name
        apart (QA: three identical "Ưng Thị Ý"), not to call them."""
        digits = "".join(c for c in self.phone or "" if c.isdigit())
        return digits[-3:] if len(digits) >= 3 else None

    @property
    def email_hint(self) -> str | None:
        """Their e-mail address with the middle of its name part hidden ("u…t@vnpt.vn"), for the same purpose."""
        if not self.email or "@" not in self.email:
            return None
        name, _, domain = self.email.rpartition("@")
        return f"{name[0]}…{name[-1]}@{domain}" if len(name) > 2 else f"{name[0]}…@{domain}"


def with_warnings(
    candidates: Sequence[SwapCandidate], shift: Shift, bookings: Iterable[Booking], *, limits: RuleLimits
) -> list[SwapCandidate]:
    """Each candidate with the warnings the shift would carry about them were it handed to them: the shift's own
    soft rules (`soft_warnings`, as the approval's check of the new team applies them, in the shift's status) over
    their other `bookings` — the rest it would leave and too many night shifts (QA: the inbox offered a colleague at
    three nights with no word, and the approval then said four)."""
    names = {c.staff_id: c.full_name for c in candidates}
    found = soft_warnings(
        shift.draft(staff_ids=tuple(names)),
        bookings,
        shift_id=shift.id,
        names=names,
        limits=limits,
        status=shift.status,
    )
    return [replace(c, warnings=tuple(w for w in found if w.staff_id == c.staff_id)) for c in candidates]


@dataclass(frozen=True, slots=True)
class Swap:
    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None
    status: str  # one of STATUSES
    version: int
    created_at: datetime
    updated_at: datetime
    reason: str | None = None
    decision_note: str | None = None
    requested_by: str | None = None
    decided_by: str | None = None
    answer: str | None = None  # the colleague's: one of ANSWERS; None while nobody has answered
    answer_note: str | None = None  # what the colleague wrote with it
    answered_at: datetime | None = None
    agreement: str | None = None  # approved without an answer: how the colleague agreed, as the manager recorded it
    # Read with the request, never stored on it (None: not read, or the record is gone).
    from_name: str | None = None
    to_name: str | None = None
    about: SwapShift | None = None

    @classmethod
    def request(
        cls,
        *,
        shift_id: uuid.UUID,
        enterprise_id: uuid.UUID,
        from_staff_id: uuid.UUID,
        to_staff_id: uuid.UUID | None,
        reason: str | None,
        actor: str | None,
        now: datetime,
    ) -> Swap:
        return cls(
            id=uuid.uuid4(),
            shift_id=shift_id,
            enterprise_id=enterprise_id,
            from_staff_id=from_staff_id,
            to_staff_id=to_staff_id,
            status="requested",
            reason=reason,
            requested_by=actor,
            version=1,
            created_at=now,
            updated_at=now,
        )

    @property
    def people(self) -> frozenset[uuid.UUID]:
        """The person handing over and the one named to take over."""
        return frozenset(p for p in (self.from_staff_id, self.to_staff_id) if p is not None)

    @property
    def stage(self) -> str:
        """Where a waiting request stands (STAGES; the module doc)."""
        if self.answer is not None:
            return self.answer
        return "asking" if self.to_staff_id is not None else "open"

    def ensure_open(self) -> None:
        """409 unless the request still waits for a decision."""
        if self.status != "requested":
            raise Conflict(
                "status",
                "swap-open",
                f"This swap request is already {name('swap_status', self.status, 'en')}.",
                f"Yêu cầu đổi ca này đã được xử lý ({name('swap_status', self.status)}).",
                swap_id=str(self.id),
                swap_status=self.status,
            )

    def lapsed_at(self, now: datetime) -> datetime | None:
        """When a waiting request lapsed — its shift's start — if that is not after `now`; None while it may still be
        decided (or once decided, or its shift not read with it)."""
        if self.status != "requested" or self.about is None or now < self.about.starts_at:
            return None
        return self.about.starts_at

    def as_of(self, now: datetime) -> Swap:
        """The request as it stands at `now`: a waiting one whose shift has begun is lapsed, stored so or not yet."""
        return replace(self, status="lapsed") if self.lapsed_at(now) is not None else self

    def ensure_current(self, *, starts_at: datetime, now: datetime, deciding: str) -> None:
        """409 `swap-lapsed` once the shift has begun (`starts_at` ≤ `now`): the request lapsed with it, and nothing
        is left to decide. `deciding`: "manager" (approve, reject) — told how to put someone else on the rest of the
        shift, as the board names it — or "asker" (withdraw) — told they are still on duty."""
        if now < starts_at:
            return
        at_vi, at_en = vntime.clock(starts_at), vntime.clock(starts_at, "en")
        if deciding == "manager":
            en = (
                f"The shift began at {at_en}, so this swap request has lapsed; if someone else should be on duty, "
                "use “Hand over the rest of this shift” on the board."
            )
            vi = (
                f"Ca đã bắt đầu lúc {at_vi} nên yêu cầu đổi ca này đã hết hạn; nếu cần người khác trực, "
                "hãy dùng “Giao phần còn lại của ca” trên bảng."
            )
        else:
            en = (
                f"The shift began at {at_en}, so this swap request has lapsed: you are still on duty on it; "
                "if you cannot be there, call your manager."
            )
            vi = (
                f"Ca đã bắt đầu lúc {at_vi} nên yêu cầu đổi ca này đã hết hạn: bạn vẫn là người trực ca này; "
                "nếu không thể có mặt, hãy gọi cho quản lý."
            )
        raise Conflict("status", "swap-lapsed", en, vi, swap_id=str(self.id), swap_status="lapsed")

    def lapse(self, *, actor: str | None, now: datetime) -> Swap:
        """Store what `as_of` reads: the request lapsed, its shift having begun while it waited."""
        return self._decide(now=now, actor=actor, status="lapsed")

    def _decide(self, *, now: datetime, actor: str | None, **changes: Any) -> Swap:
        self.ensure_open()
        return replace(self, decided_by=actor, version=self.version + 1, updated_at=now, **changes)

    def _answered(self, *, now: datetime, actor: str | None, **changes: Any) -> Swap:
        """The request a step further while it still waits for the manager (no decision: `decided_by` untouched)."""
        self.ensure_open()
        return replace(self, version=self.version + 1, updated_at=now, **changes)

    def _ensure_unanswered(self, who: str) -> None:
        """409 `swap-answered` once the colleague has answered (`who`: their name, for the words)."""
        if self.answer is None:
            return
        en_vi = {
            "accepted": ("already accepted it", "đã nhận ca này"),
            "declined": ("already declined it", "đã từ chối"),
        }[self.answer]
        raise Conflict(
            "answer",
            "swap-answered",
            f"{who} has {en_vi[0]}; the request now waits for "
            + (
                "the manager's decision." if self.answer == "accepted" else "the person who asked to name someone else."
            ),
            f"{who} {en_vi[1]}; yêu cầu đang chờ "
            + ("quản lý duyệt." if self.answer == "accepted" else "người xin đổi chọn người khác."),
            swap_id=str(self.id),
            answer=self.answer,
        )

    def accept(self, *, note: str | None, who: str, actor: str | None, now: datetime) -> Swap:
        """The colleague named says yes (the caller checks it is them); the request is now the manager's to decide."""
        self.ensure_open()
        self._ensure_unanswered(who)
        return self._answered(now=now, actor=actor, answer="accepted", answer_note=note, answered_at=now)

    def decline(self, *, note: str | None, who: str, actor: str | None, now: datetime) -> Swap:
        """The colleague named says no: back to the asker, who names someone else or withdraws it."""
        self.ensure_open()
        self._ensure_unanswered(who)
        return self._answered(now=now, actor=actor, answer="declined", answer_note=note, answered_at=now)

    def take(self, *, taker: uuid.UUID, note: str | None, actor: str | None, now: datetime) -> Swap:
        """A qualified colleague takes a request open to anyone (the caller checks the candidates' rule): it names
        them and counts as their yes. 409 `swap-named` of one that names someone already."""
        self.ensure_open()
        if self.to_staff_id is not None:
            raise Conflict(
                "to_staff_id",
                "swap-named",
                "This request names a colleague already: only they may answer it.",
                "Yêu cầu này đã chỉ định một đồng nghiệp: chỉ người đó được trả lời.",
                swap_id=str(self.id),
            )
        return self._answered(
            now=now, actor=actor, to_staff_id=taker, answer="accepted", answer_note=note, answered_at=now
        )

    def name_colleague(self, *, to_staff_id: uuid.UUID | None, actor: str | None, now: datetime) -> Swap:
        """The asker asks someone else (None: anyone qualified), the earlier answer forgotten — after a refusal, or
        while the one named has not answered. 409 `swap-accepted` once a colleague has said yes: the manager decides
        it now (withdraw it to ask again)."""
        self.ensure_open()
        if self.answer == "accepted":
            raise Conflict(
                "to_staff_id",
                "swap-accepted",
                f"{self.to_name or 'The colleague'} has already accepted this request; it waits for the manager. "
                "To ask someone else, withdraw it first.",
                f"{self.to_name or 'Đồng nghiệp'} đã nhận ca này; yêu cầu đang chờ quản lý duyệt. "
                "Muốn nhờ người khác, hãy rút yêu cầu trước.",
                swap_id=str(self.id),
            )
        return self._answered(
            now=now, actor=actor, to_staff_id=to_staff_id, answer=None, answer_note=None, answered_at=None
        )

    def ensure_decidable(self, *, agreement: str | None, taker_name: str) -> None:
        """A manager may approve an accepted request; one the colleague declined never (409 `swap-declined`); one
        nobody has accepted only with `agreement` — how the colleague (`taker_name`) agreed another way (409
        `swap-unanswered`, asking for it)."""
        if self.answer == "declined":
            raise Conflict(
                "status",
                "swap-declined",
                f"{taker_name} declined this request{': ' + self.answer_note if self.answer_note else ''}; it is "
                "back with the person who asked, who may name someone else. Reject it or wait.",
                f"{taker_name} đã từ chối nhận ca{': ' + self.answer_note if self.answer_note else ''}; yêu cầu đã "
                "trả về người xin đổi để chọn người khác. Hãy từ chối yêu cầu hoặc chờ.",
                swap_id=str(self.id),
                answer="declined",
            )
        if self.answer != "accepted" and not agreement:
            raise Conflict(
                "agreement",
                "swap-unanswered",
                f"{taker_name} has not accepted this request yet. If they agreed another way (by phone), say how "
                "in “agreement” and approve again.",
                f"{taker_name} chưa nhận ca này. Nếu người đó đã đồng ý bằng cách khác (qua điện thoại), hãy ghi "
                "cách đồng ý vào “Cách đồng nghiệp đã đồng ý” rồi duyệt lại.",
                swap_id=str(self.id),
            )

    def approve(
        self,
        *,
        taker: uuid.UUID,
        note: str | None,
        actor: str | None,
        now: datetime,
        agreement: str | None = None,
        taker_name: str = "The colleague",
    ) -> Swap:
        """The manager hands the shift over (`ensure_decidable`); an agreement is kept only of a request nobody
        accepted (an accepted one's answer says it)."""
        self.ensure_open()
        self.ensure_decidable(agreement=agreement, taker_name=taker_name)
        kept = agreement if self.answer != "accepted" else None
        return self._decide(
            now=now, actor=actor, status="approved", to_staff_id=taker, decision_note=note, agreement=kept
        )

    def reject(self, *, note: str | None, actor: str | None, now: datetime) -> Swap:
        return self._decide(now=now, actor=actor, status="rejected", decision_note=note)

    def withdraw(self, *, actor: str | None, now: datetime) -> Swap:
        """The person who asked takes the request back while it waits (409 once it is decided)."""
        return self._decide(now=now, actor=actor, status="withdrawn")
