"""Tết campaigns from the Vietnamese lunar calendar: which instants a campaign covers, and
its peak windows (giao thừa above all)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from lichtruc import lunar
from lichtruc.text import fold
from lichtruc.vntime import Lang, date_said, day_label
from lichtruc.words import name, shift_label, span, when

from .errors import Conflict, FieldError, RuleViolation
from .localtime import LOCAL, local_midnight

MAX_CAMPAIGN_DAYS = 120
"""A Tết campaign spans weeks; anything longer is a typing mistake (a wrong month)."""

MAX_DRILL_DAYS = 14
"""A drill — the exercise enterprises hold before Tết — lasts hours or days, never weeks."""


@dataclass(frozen=True)
class LunarDay:
    """A lunar day named relative to a Tết: months 7–12 belong to the year that ends at this
    Tết (23 tháng Chạp is the run-up), months 1–6 to the year that starts with it."""

    month: int
    day: int
    leap: bool = False

    def in_campaign_of(self, tet_year: int) -> lunar.LunarDate:
        """The absolute lunar date this day means for the Tết of `tet_year`."""
        year = tet_year - 1 if self.month >= 7 else tet_year
        return lunar.LunarDate(year, self.month, self.day, self.leap)


DEFAULT_START = LunarDay(12, 23)  # ông Công ông Táo, the Kitchen Gods' day
DEFAULT_END = LunarDay(1, 10)  # mùng 10 tháng Giêng
GIAO_THUA = "Giao thừa"


@dataclass(frozen=True)
class Peak:
    """A window in which requirements ask for their peak minimum."""

    name: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class CampaignPeriod:
    """From 00:00 local of the first lunar day to 24:00 local of the last one."""

    starts_at: datetime
    ends_at: datetime
    first_day: lunar.LunarDate
    last_day: lunar.LunarDate


def _solar(day: LunarDay, tet_year: int, field: str) -> lunar.LunarDate:
    ld = day.in_campaign_of(tet_year)
    try:
        lunar.lunar_to_solar(ld)
    except ValueError as exc:
        raise RuleViolation(
            field,
            "lunar-date-exists",
            f"{field}: {exc}.",
            f"{name('field', field)}: ngày âm lịch {ld.day}/{ld.month}{' nhuận' if ld.leap else ''} năm {ld.year} "
            "không tồn tại.",
        ) from exc
    return ld


def campaign_period(tet_year: int, start: LunarDay | None = None, end: LunarDay | None = None) -> CampaignPeriod:
    """The instants covered by the campaign of the Tết of `tet_year`.

    Defaults: 23 tháng Chạp of the year before (00:00 local) to mùng 10 tháng Giêng (24:00 local).
    Raises RuleViolation when a lunar day does not exist that year, the end is not after the
    start, or the span exceeds MAX_CAMPAIGN_DAYS.
    """
    if not lunar.FIRST_LUNAR_YEAR < tet_year <= lunar.LAST_LUNAR_YEAR:
        raise RuleViolation(
            "lunar_year",
            "supported-range",
            f"lunar_year must be within {lunar.FIRST_LUNAR_YEAR + 1}–{lunar.LAST_LUNAR_YEAR}.",
            f"Năm âm lịch phải trong khoảng {lunar.FIRST_LUNAR_YEAR + 1}–{lunar.LAST_LUNAR_YEAR}.",
        )
    first = _solar(start or DEFAULT_START, tet_year, "start")
    last = _solar(end or DEFAULT_END, tet_year, "end")
    starts_at = local_midnight(lunar.lunar_to_solar(first))
    ends_at = local_midnight(lunar.lunar_to_solar(last) + timedelta(days=1))
    if ends_at <= starts_at:
        # the days as the form shows them (dd/mm/yyyy) with their lunar names: a person typed the solar ones
        first_day, last_day = lunar.lunar_to_solar(first), lunar.lunar_to_solar(last)
        raise RuleViolation(
            "end",
            "end-after-start",
            f"The campaign must end after it starts: the end, {date_said(last_day, 'en')} ({lunar.day_name(last, 'en')}), "
            f"comes before the start, {date_said(first_day, 'en')} ({lunar.day_name(first, 'en')}).",
            f"Đợt trực phải kết thúc sau khi bắt đầu: ngày kết thúc {last_day:%d/%m/%Y} ({lunar.day_name(last)}) "
            f"đứng trước ngày bắt đầu {first_day:%d/%m/%Y} ({lunar.day_name(first)}).",
            starts_on=first_day.isoformat(),
            ends_on=last_day.isoformat(),
        )
    if ends_at - starts_at > timedelta(days=MAX_CAMPAIGN_DAYS):
        raise RuleViolation(
            "end",
            "max-length",
            f"A campaign may last at most {MAX_CAMPAIGN_DAYS} days.",
            f"Một đợt trực kéo dài tối đa {MAX_CAMPAIGN_DAYS} ngày.",
        )
    return CampaignPeriod(starts_at, ends_at, first, last)


def default_peaks(tet_year: int) -> tuple[Peak, ...]:
    """Giao thừa: 18:00 local on the last day of the old year (29 or 30 tháng Chạp) to 06:00 on mùng 1."""
    eve = lunar.lunar_to_solar(lunar.last_day_of_year(tet_year - 1))
    return (
        Peak(
            GIAO_THUA,
            datetime.combine(eve, time(18), tzinfo=LOCAL),
            datetime.combine(lunar.tet(tet_year), time(6), tzinfo=LOCAL),
        ),
    )


def check_peaks(peaks: tuple[Peak, ...], starts_at: datetime, ends_at: datetime) -> None:
    """Each peak ends after it starts and lies inside the campaign; names are unique."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, peak in enumerate(peaks):
        if peak.ends_at <= peak.starts_at:
            errors.append(
                FieldError(
                    f"peaks.{i}.ends_at",
                    "end-after-start",
                    f"Peak “{peak.name}” must end after it starts.",
                    f"Cao điểm “{peak.name}” phải kết thúc sau khi bắt đầu.",
                )
            )
        elif peak.starts_at < starts_at or peak.ends_at > ends_at:
            errors.append(
                FieldError(
                    f"peaks.{i}",
                    "inside-campaign",
                    f"Peak “{peak.name}” must lie inside the campaign "
                    f"({starts_at.isoformat()} to {ends_at.isoformat()}).",
                    f"Cao điểm “{peak.name}” phải nằm trong thời gian đợt trực.",
                )
            )
        if peak.name in seen:
            errors.append(
                FieldError(
                    f"peaks.{i}.name",
                    "unique",
                    f"Two peaks are named “{peak.name}”.",
                    f"Hai cao điểm trùng tên “{peak.name}”.",
                )
            )
        seen.add(peak.name)
    if errors:
        raise RuleViolation(errors)


DEFAULT_READINESS_LEAD = timedelta(hours=24)
"""By default a campaign's roster must be ready 24 h before it starts (see audit: gaps in force)."""


def readiness_deadline(starts_at: datetime, explicit: datetime | None) -> datetime:
    """The campaign's readiness deadline: the one set on it, else 24 h before it starts."""
    return explicit if explicit is not None else starts_at - DEFAULT_READINESS_LEAD


def check_readiness_deadline(deadline: datetime | None, starts_at: datetime, ends_at: datetime) -> None:
    """A deadline set on a campaign falls before its end and at most MAX_CAMPAIGN_DAYS before its start."""
    if deadline is None:
        return
    if deadline >= ends_at:
        raise RuleViolation(
            "readiness_deadline",
            "before-campaign-end",
            "The readiness deadline must come before the campaign ends.",
            "Hạn sẵn sàng phải trước khi đợt trực kết thúc.",
        )
    if deadline < starts_at - timedelta(days=MAX_CAMPAIGN_DAYS):
        raise RuleViolation(
            "readiness_deadline",
            "max-lead",
            f"The readiness deadline may be at most {MAX_CAMPAIGN_DAYS} days before the campaign starts.",
            f"Hạn sẵn sàng chỉ được sớm hơn ngày bắt đầu đợt trực tối đa {MAX_CAMPAIGN_DAYS} ngày.",
        )


def hours_deadline(starts_at: datetime, explicit: datetime | None) -> datetime:
    """The deadline for post offices' and transaction points' published Tết hours: the one set, else the
    campaign's start (its first day, 00:00 local)."""
    return explicit if explicit is not None else starts_at


def check_hours_deadline(deadline: datetime | None, starts_at: datetime, ends_at: datetime) -> None:
    """A deadline for published hours set on a campaign falls before its end and at most
    MAX_CAMPAIGN_DAYS before its start."""
    if deadline is None:
        return
    if deadline >= ends_at:
        raise RuleViolation(
            "hours_deadline",
            "before-campaign-end",
            "The deadline for published opening hours must come before the campaign ends.",
            "Hạn niêm yết giờ mở cửa phải trước khi đợt trực kết thúc.",
        )
    if deadline < starts_at - timedelta(days=MAX_CAMPAIGN_DAYS):
        raise RuleViolation(
            "hours_deadline",
            "max-lead",
            f"The deadline for published opening hours may be at most {MAX_CAMPAIGN_DAYS} days before the campaign "
            "starts.",
            f"Hạn niêm yết giờ mở cửa chỉ được sớm hơn ngày bắt đầu đợt trực tối đa {MAX_CAMPAIGN_DAYS} ngày.",
        )


def drill_season(starts_at: datetime) -> int:
    """The Tết season a drill belongs to: lunar months 7–12 prepare the next Tết, months 1–6 follow
    the last one (the same rule as LunarDay.in_campaign_of)."""
    ld = lunar.solar_to_lunar(starts_at.astimezone(LOCAL).date())
    return ld.year + 1 if ld.month >= 7 else ld.year


def drill_period(starts_at: datetime, ends_at: datetime) -> CampaignPeriod:
    """A drill's instants as given (free dates, not tied to the lunar calendar), at most MAX_DRILL_DAYS.
    Raises RuleViolation for times without an offset, an end not after the start, or a drill too long."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise RuleViolation(
            "starts_at",
            "timezone-required",
            "Times must carry a UTC offset, e.g. 2026-12-01T08:00:00+07:00.",
            "Thời gian phải có múi giờ, ví dụ 2026-12-01T08:00:00+07:00.",
        )
    if ends_at <= starts_at:
        raise RuleViolation(
            "ends_at",
            "end-after-start",
            "A drill must end after it starts.",
            "Buổi diễn tập phải kết thúc sau khi bắt đầu.",
        )
    if ends_at - starts_at > timedelta(days=MAX_DRILL_DAYS):
        raise RuleViolation(
            "ends_at",
            "max-length",
            f"A drill may last at most {MAX_DRILL_DAYS} days.",
            f"Một buổi diễn tập kéo dài tối đa {MAX_DRILL_DAYS} ngày.",
        )
    first = lunar.solar_to_lunar(starts_at.astimezone(LOCAL).date())
    last = lunar.solar_to_lunar((ends_at - timedelta(microseconds=1)).astimezone(LOCAL).date())
    return CampaignPeriod(starts_at, ends_at, first, last)


def check_name_free(wanted: str, names: Iterable[tuple[uuid.UUID, str]], *, but: uuid.UUID | None = None) -> None:
    """A campaign's name is another's only once: every picker lists campaigns by name, and two alike (however
    cased or accented) read as one (QA: a drill named as an existing one showed twice in every picker). `but`:
    the campaign being renamed. Checked before the write: two campaigns opened at the same instant under one name
    are not prevented (an administrator's clicks, not a race worth a constraint)."""
    taken = next(((i, n) for i, n in names if fold(n) == fold(wanted) and i != but), None)
    if taken is not None:
        raise Conflict(
            "name",
            "campaign-name-taken",
            f"Another campaign is named {taken[1]}: give this one a name of its own (its dates, say).",
            f"Đã có đợt trực tên “{taken[1]}”: hãy đặt cho đợt này một tên riêng (ví dụ kèm ngày).",
            campaign_id=str(taken[0]),
        )


def unused_name(base: str, names: Iterable[tuple[uuid.UUID, str]]) -> str:
    """A name given by default kept apart from the others: `base`, else `base (2)`, `(3)`… (two drills opened
    the same day without names)."""
    folded = {fold(n) for _, n in names}
    n, name = 1, base
    while fold(name) in folded:
        n += 1
        name = f"{base} ({n})"
    return name


def drill_name(starts_at: datetime) -> str:
    """The default name of a drill: "Diễn tập trực Tết 01/12/2026"."""
    return f"Diễn tập trực Tết {starts_at.astimezone(LOCAL):%d/%m/%Y}"


# --- the campaign entity ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignDay:
    """A campaign's first or last lunar day as stored: a Tết campaign's relative to its Tết
    (``year`` None, see LunarDay), a drill's absolute (free dates, with their lunar year)."""

    month: int
    day: int
    leap: bool = False
    year: int | None = None

    @classmethod
    def relative(cls, ld: lunar.LunarDate) -> CampaignDay:
        return cls(ld.month, ld.day, ld.leap)

    @classmethod
    def absolute(cls, ld: lunar.LunarDate) -> CampaignDay:
        return cls(ld.month, ld.day, ld.leap, ld.year)

    def lunar_day(self) -> LunarDay:
        return LunarDay(self.month, self.day, self.leap)

    def lunar_date(self, tet_year: int) -> lunar.LunarDate:
        """The absolute lunar date this day means in the campaign of the Tết of ``tet_year``."""
        if self.year is not None:
            return lunar.LunarDate(self.year, self.month, self.day, self.leap)
        return self.lunar_day().in_campaign_of(tet_year)


CampaignKind = Literal["tet", "drill"]


@dataclass(frozen=True)
class Campaign:
    """A Tết campaign (one per lunar year) or a drill before Tết (free dates)."""

    id: uuid.UUID
    kind: str
    lunar_year: int
    name: str
    starts_at: datetime
    ends_at: datetime
    start: CampaignDay
    end: CampaignDay
    peaks: tuple[Peak, ...]
    readiness_deadline: datetime | None
    """The deadline set on the campaign; None: the default (see ``deadline``)."""
    border_duty_types: tuple[str, ...]
    border_sectors: tuple[str, ...]
    version: int
    created_at: datetime
    updated_at: datetime

    hours_deadline: datetime | None = None
    """When post offices and transaction points must have published their Tết hours; None: the default (see
    ``hours_due``)."""

    @property
    def deadline(self) -> datetime:
        """When the roster must be ready: the deadline set, else 24 h before the start."""
        return readiness_deadline(self.starts_at, self.readiness_deadline)

    @property
    def hours_due(self) -> datetime:
        """When post offices and transaction points must have published their Tết hours: the deadline set, else
        the campaign's first day, 00:00 local (its start)."""
        return hours_deadline(self.starts_at, self.hours_deadline)


@dataclass(frozen=True)
class CampaignDates:
    """What a campaign's kind and dates come to: its lunar (Tết) year, instants and stored lunar days."""

    lunar_year: int
    period: CampaignPeriod
    start: CampaignDay
    end: CampaignDay


def _wrong_dates(kind: str, field: str) -> RuleViolation:
    if kind == "drill":
        return RuleViolation(
            field,
            "drill-dates",
            "A drill has free dates: give starts_at and ends_at (no lunar start/end).",
            "Buổi diễn tập có ngày giờ tự do: hãy ghi giờ bắt đầu và giờ kết thúc (không dùng ngày âm lịch).",
        )
    return RuleViolation(
        field,
        "tet-dates",
        "A Tết campaign's dates come from the lunar calendar: give lunar_year (and optionally the "
        "lunar start and end), not starts_at/ends_at.",
        "Đợt trực Tết lấy ngày theo âm lịch: hãy ghi năm âm lịch (và nếu cần ngày âm lịch bắt đầu, "
        "kết thúc), không ghi giờ bắt đầu, kết thúc.",
    )


def campaign_dates(
    kind: str,
    *,
    lunar_year: int | None,
    start: LunarDay | None,
    end: LunarDay | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> CampaignDates:
    """The dates of a campaign by kind: a drill's from its free instants, a Tết campaign's from the
    lunar calendar. RuleViolation when the wrong kind of dates is given."""
    if kind == "drill":
        if starts_at is None or ends_at is None or start is not None or end is not None:
            field = "starts_at" if starts_at is None else "ends_at" if ends_at is None else "start"
            raise _wrong_dates(kind, field)
        period = drill_period(starts_at, ends_at)
        return CampaignDates(
            drill_season(period.starts_at),
            period,
            CampaignDay.absolute(period.first_day),
            CampaignDay.absolute(period.last_day),
        )
    if lunar_year is None or starts_at is not None or ends_at is not None:
        raise _wrong_dates(kind, "lunar_year" if lunar_year is None else "starts_at")
    period = campaign_period(lunar_year, start, end)
    return CampaignDates(
        lunar_year, period, CampaignDay.relative(period.first_day), CampaignDay.relative(period.last_day)
    )


@dataclass(frozen=True)
class DatedShift:
    """A shift of a campaign, as a change of the campaign's dates must respect it."""

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    duty_type: str
    enterprise_name: str
    site_name: str | None = None

    def label(self, lang: Lang = "vi") -> str:
        """As roster's other messages name a shift: duty type, local time with the lunar day, where."""
        return shift_label(self.duty_type, self.starts_at, self.ends_at, lang, enterprise=_where(self))


@dataclass(frozen=True)
class DatedRequirement:
    """A one-off requirement of a campaign (its window must stay inside the campaign)."""

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    duty_type: str
    enterprise_name: str
    site_name: str | None = None


def _where(thing: DatedShift | DatedRequirement) -> str:
    return f"{thing.enterprise_name}, {thing.site_name}" if thing.site_name else thing.enterprise_name


OUTSIDE_NAMED = 10
"""How many shifts (and one-off requirements) a refused change of dates names one by one on each side; the rest
there are counted."""

Side = Literal["start", "end"]
"""Which of a campaign's new dates something falls outside: before the new start, or after the new end."""

SIDES: tuple[Side, Side] = ("start", "end")


def left_outside(
    shifts: Mapping[Side, tuple[Sequence[DatedShift], int]],
    requirements: Iterable[DatedRequirement],
    *,
    starts_at: datetime,
    ends_at: datetime,
) -> list[FieldError]:
    """What new dates would leave outside a campaign, said at the field of the side it falls (`start`: it begins
    before the new start; `end`: the others, that end after the new end), the start's first: on each side its
    shifts (`shifts[side]`: the earliest there and how many there are in all; move or cancel them first) and its
    one-off requirements among `requirements` (change or remove them first), at most OUTSIDE_NAMED of each named
    and the others there counted (QA: a shortened campaign named its first shift outside only; then ten on the
    first day, the shifts after the new end only counted among them, under the start)."""

    def side_of(at_start: datetime, at_end: datetime) -> Side | None:
        return "start" if at_start < starts_at else "end" if at_end > ends_at else None

    outside = [r for r in requirements if side_of(r.starts_at, r.ends_at)]
    found: list[FieldError] = []
    for side in SIDES:
        named, total = shifts.get(side, ((), 0))
        for shift in named[:OUTSIDE_NAMED]:
            found.append(
                FieldError(
                    side,
                    "shifts-inside-campaign",
                    f"The shift {shift.label('en')} would fall outside the new dates: move or cancel it first.",
                    f"Ca {shift.label()} sẽ nằm ngoài thời gian mới của đợt trực: hãy dời hoặc hủy ca đó trước.",
                    {"conflicting_shift_id": str(shift.id)},
                )
            )
        more = total - min(len(named), OUTSIDE_NAMED)
        if more > 0:
            found.append(
                FieldError(
                    side,
                    "shifts-inside-campaign",
                    f"{more} more {'shift' if more == 1 else 'shifts'} would fall outside the new dates too: move or "
                    "cancel them first (the campaign's shifts are listed on its board).",
                    f"Còn {more} ca khác cũng sẽ nằm ngoài thời gian mới của đợt trực: hãy dời hoặc hủy các ca đó "
                    "trước (bảng trực của đợt liệt kê các ca).",
                    {"more_shifts_outside": more},
                )
            )
        here = [r for r in outside if side_of(r.starts_at, r.ends_at) == side]
        for req in here[:OUTSIDE_NAMED]:
            found.append(
                FieldError(
                    side,
                    "requirements-inside-campaign",
                    f"The requirement of {_where(req)} for {name('duty_type', req.duty_type, 'en')} "
                    f"({span(req.starts_at, req.ends_at, 'en')}) lies outside the new dates: change or remove it "
                    "first.",
                    f"Yêu cầu {name('duty_type', req.duty_type).lower()} của {_where(req)} "
                    f"({span(req.starts_at, req.ends_at)}) nằm ngoài thời gian mới của đợt trực: hãy sửa hoặc xóa "
                    "trước.",
                    {"requirement_id": str(req.id)},
                )
            )
        if len(here) > OUTSIDE_NAMED:
            more = len(here) - OUTSIDE_NAMED
            found.append(
                FieldError(
                    side,
                    "requirements-inside-campaign",
                    f"{more} more one-off {'requirement lies' if more == 1 else 'requirements lie'} outside the new "
                    "dates too: change or remove them first (on the campaign's requirements page).",
                    f"Còn {more} yêu cầu một lần khác cũng nằm ngoài thời gian mới của đợt trực: hãy sửa hoặc xóa "
                    "trước (trên trang yêu cầu của đợt).",
                    {"more_requirements_outside": more},
                )
            )
    return found


def kept_deadline_outside(
    field: str, deadline: datetime | None, starts_at: datetime, ends_at: datetime
) -> FieldError | None:
    """A deadline set earlier (`field`: readiness_deadline or hours_deadline) and kept by an edit that new dates leave outside the
    campaign (after its end, or more than MAX_CAMPAIGN_DAYS before its start): a clash with what is stored, said
    with the edit's other clashes (QA: it was a 422 said alone, before them)."""
    check = check_readiness_deadline if field == "readiness_deadline" else check_hours_deadline
    try:
        check(deadline, starts_at, ends_at)
    except RuleViolation as wrong:
        assert deadline is not None
        late = wrong.first.rule == "before-campaign-end"
        what_en, what_vi, default_en, default_vi = (
            ("readiness deadline", "Hạn sẵn sàng", "24 hours before the start", "24 giờ trước khi bắt đầu")
            if field == "readiness_deadline"
            else (
                "deadline for published opening hours",
                "Hạn niêm yết giờ mở cửa",
                "the campaign's first day, 00:00",
                "0 giờ ngày đầu của đợt trực",
            )
        )
        return FieldError(
            field,
            wrong.first.rule,
            f"The {what_en} set for this campaign, {when(deadline, 'en')}, would fall "
            + ("after the new end" if late else f"more than {MAX_CAMPAIGN_DAYS} days before the new start")
            + f": change it in the same edit as the new dates, or clear it to go back to the default ({default_en}).",
            f"{what_vi} đã đặt cho đợt trực này, {when(deadline)}, sẽ "
            + ("sau ngày kết thúc mới" if late else f"sớm hơn ngày bắt đầu mới quá {MAX_CAMPAIGN_DAYS} ngày")
            + f": hãy đổi hạn này cùng lúc với ngày mới, hoặc xóa hạn để dùng hạn mặc định ({default_vi}).",
        )
    return None


def distinct(values: Iterable[str]) -> tuple[str, ...]:
    """The values in their first order, each once."""
    return tuple(dict.fromkeys(values))


# --- a drill's warnings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignWarning:
    """A soft rule a drill's dates break: the drill is opened or moved all the same (it may be recorded after the
    fact, two drills may overlap), and the answer says so, in words, both languages."""

    rule: str
    message: str
    message_vi: str

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "message": self.message, "message_vi": self.message_vi}


def _days(c: Campaign, lang: Lang) -> str:
    """A campaign's period as people read it: a Tết campaign's whole local days ("30/01/2027 (23 tháng Chạp
    Bính Ngọ) – 15/02/2027 (Mùng 10 tháng Giêng Đinh Mùi)"), a drill's local times."""
    if c.kind != "drill":
        last = (c.ends_at - timedelta(microseconds=1)).astimezone(LOCAL).date()
        return f"{day_label(c.starts_at.astimezone(LOCAL).date(), lang)} – {day_label(last, lang)}"
    return span(c.starts_at, c.ends_at, lang)


def drill_warnings(
    drill: Campaign, others: Iterable[Campaign], *, now: datetime, before: Campaign | None = None
) -> tuple[CampaignWarning, ...]:
    """What a manager should be told of a drill as opened (``before`` None) or as moved from ``before``:

    - ``drill-in-past``: it ends at or before ``now`` (told when it is opened or its end is moved);
    - ``drill-starts-in-past``: it starts before ``now`` and ends after (told when it is opened or its start is
      moved) — recording a drill after the fact is allowed, a start typed in the past by mistake is not meant;
    - ``drill-over-tet``: it overlaps a Tết campaign (a drill is the exercise held before Tết);
    - ``drill-overlap``: it overlaps another drill.

    Overlap means sharing an instant: a drill ending when the other starts does not. The overlaps are told when
    the drill is opened or either end is moved; an edit that keeps its dates (a new name) is told nothing. A Tết
    campaign gets none of these. ``others`` may hold any campaigns (the drill itself is skipped); the warnings
    name the other campaign and its dates in Vietnam time, earliest first."""
    if drill.kind != "drill":
        return ()
    start_moved = before is None or before.starts_at != drill.starts_at
    end_moved = before is None or before.ends_at != drill.ends_at
    warnings: list[CampaignWarning] = []
    if drill.ends_at <= now and end_moved:
        warnings.append(
            CampaignWarning(
                "drill-in-past",
                f"This drill is over already ({span(drill.starts_at, drill.ends_at, 'en')}): it is recorded after "
                "the fact. If it is still to come, correct its start and end.",
                f"Buổi diễn tập này đã kết thúc ({span(drill.starts_at, drill.ends_at)}): được ghi nhận sau khi đã "
                "diễn ra. Nếu buổi diễn tập chưa diễn ra, hãy sửa lại giờ bắt đầu và kết thúc.",
            )
        )
    elif drill.starts_at < now < drill.ends_at and start_moved:
        warnings.append(
            CampaignWarning(
                "drill-starts-in-past",
                f"This drill starts in the past ({when(drill.starts_at, 'en')}, before now, {when(now, 'en')}). "
                "If that is not what you meant, correct its start.",
                f"Buổi diễn tập này bắt đầu trong quá khứ ({when(drill.starts_at)}, trước thời điểm hiện tại "
                f"{when(now)}). Nếu không đúng ý, hãy sửa lại giờ bắt đầu.",
            )
        )
    if not (start_moved or end_moved):
        return tuple(warnings)
    overlapping = sorted(
        (c for c in others if c.id != drill.id and c.starts_at < drill.ends_at and drill.starts_at < c.ends_at),
        key=lambda c: (c.starts_at, c.name, str(c.id)),
    )
    for other in overlapping:
        if other.kind == "drill":
            warnings.append(
                CampaignWarning(
                    "drill-overlap",
                    f"This drill overlaps the drill “{other.name}” ({_days(other, 'en')}). Two drills may overlap; "
                    "check that this is not the same drill recorded twice.",
                    f"Buổi diễn tập này trùng thời gian với buổi diễn tập “{other.name}” ({_days(other, 'vi')}). "
                    "Hai buổi diễn tập vẫn có thể trùng giờ; hãy kiểm tra để không ghi một buổi diễn tập hai lần.",
                )
            )
        else:
            warnings.append(
                CampaignWarning(
                    "drill-over-tet",
                    f"This drill overlaps the Tết campaign “{other.name}” ({_days(other, 'en')}): a drill is the "
                    "exercise held before Tết. Check its start and end.",
                    f"Buổi diễn tập này trùng thời gian với đợt trực Tết “{other.name}” ({_days(other, 'vi')}): "
                    "diễn tập là để chuẩn bị trước Tết. Hãy kiểm tra lại giờ bắt đầu và kết thúc.",
                )
            )
    return tuple(warnings)
