"""The daily report pages' service layer without services: which campaign day is shown, whose enterprises a
manager and a staff member get, whether the person leads that day, and the Department's counts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any, cast

from portal.clients.services import Caller
from portal.domain.dates import VIETNAM
from portal.domain.session import Account
from portal.handlers import daily_reports

CAMPAIGN = {
    "id": "c1",
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-29T17:00:00Z",
    "ends_at": "2027-02-15T17:00:00Z",
}
ENTERPRISES = [{"id": "e1", "name": "VNPT Long An"}, {"id": "e2", "name": "Viettel Long An"}]


@dataclass
class Session:
    account: Account


@dataclass
class FakeCaller:
    """What the handlers ask of `Caller`: roster's and audit's answers, canned."""

    account: Account
    now: datetime
    asked: list[tuple[str, str, dict]] = field(default_factory=list)
    owes_from: date | None = None
    """The day audit says the enterprises owe reports from: a day before it is `not_owed`."""

    @property
    def session(self) -> Session:
        return Session(self.account)

    def clock(self) -> datetime:
        return self.now

    async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
        self.asked.append((service, path, dict(params or {})))
        if path == "/campaigns":
            return [CAMPAIGN]
        if path == "/enterprises":
            return ENTERPRISES
        if path == "/daily-reports/status":  # as audit answers: the deadline is 09:00 (local) on the next day
            due = datetime.combine(date.fromisoformat((params or {})["day"]), time(9), VIETNAM) + timedelta(days=1)
            rows = [{"status": "submitted"}, {"status": "missing"}, {"status": "missing"}]
            if self.owes_from and date.fromisoformat((params or {})["day"]) < self.owes_from:
                rows = [{"status": "not_owed", "obligations_from": self.owes_from.isoformat()}]
            return [{**r, "due_at": due.isoformat()} for r in rows]
        raise AssertionError(path)

    async def page(self, service: str, path: str, params: dict | None = None) -> Any:
        return SimpleNamespace(items=(await self.every(service, path, params))[:1])  # one enterprise's row

    async def get(self, service: str, path: str, params: dict | None = None) -> Any:
        self.asked.append((service, path, dict(params or {})))
        if path == "/campaigns/c1":
            return CAMPAIGN
        if path == "/staff/s1":
            return {"id": "s1", "enterprise_id": "e2"}
        if path == "/daily-reports/draft":
            return {"leader_ids": ["s1"], "versions": []}
        if path == "/department":
            return {"set": True}
        raise AssertionError(path)


def real(fake: FakeCaller) -> Caller:
    """The fake where the handlers expect the real one (they use only what it has)."""
    return cast(Caller, fake)


def account(role: str, **extra: Any) -> Account:
    return Account(id="a1", login="x@longan.vn", display_name="Nguyễn Văn Hùng", role=role, **extra)


async def test_the_day_is_the_one_asked_for_else_today_in_the_campaign_else_its_first() -> None:
    during = FakeCaller(account("inspector"), datetime(2027, 2, 5, 20, tzinfo=UTC))  # 03:00 on 06/02 local
    chosen = await daily_reports.choose_day(real(during), campaign_id="", day="")
    assert (chosen.campaign_id, chosen.day, chosen.days[0], chosen.days[-1]) == (
        "c1",
        date(2027, 2, 6),
        date(2027, 1, 30),
        date(2027, 2, 15),
    )
    assert (await daily_reports.choose_day(real(during), campaign_id="c1", day="2027-02-10")).day == date(2027, 2, 10)
    before = FakeCaller(account("inspector"), datetime(2026, 11, 30, tzinfo=UTC))
    assert (await daily_reports.choose_day(real(before), campaign_id="c1", day="")).day == date(2027, 1, 30)


async def test_a_day_or_campaign_asked_for_that_is_none_of_them_is_a_problem_not_another_day() -> None:
    during = FakeCaller(account("inspector"), datetime(2027, 2, 5, 20, tzinfo=UTC))
    outside = await daily_reports.choose_day(real(during), campaign_id="c1", day="2027-03-01")
    assert (outside.day, outside.problem) == (None, "day_outside")
    assert outside.problem_values("vi") == {
        "day": "01/03/2027",
        "campaign": "Tết Đinh Mùi 2027",
        "first": "30/01/2027",
        "last": "15/02/2027",
    }
    assert outside.problem_values("en") == {
        "day": "1 Mar 2027",
        "campaign": "Tết Đinh Mùi 2027",
        "first": "30 Jan 2027",
        "last": "15 Feb 2027",
    }
    no_day = await daily_reports.choose_day(real(during), campaign_id="c1", day="not-a-day")
    assert (no_day.day, no_day.problem, no_day.problem_values("en")["day"]) == (None, "bad_day", "not-a-day")
    unknown = await daily_reports.choose_day(real(during), campaign_id="c9", day="2027-02-10")
    assert (unknown.campaign_id, unknown.day, unknown.problem) == ("c1", None, "unknown_campaign")


async def test_a_manager_gets_their_enterprises_and_a_staff_member_their_own_and_whether_they_lead() -> None:
    now = datetime(2027, 2, 5, 20, tzinfo=UTC)
    manager = FakeCaller(account("manager", enterprise_ids=("e1",)), now)
    page = await daily_reports.daily_page(real(manager), campaign_id="c1", enterprise_id="e2", day="2027-02-06")
    assert ([e.name for e in page.enterprises], page.enterprise_id, page.leader) == (["VNPT Long An"], "e1", False)
    assert ("roster", "/daily-reports/draft", {"enterprise_id": "e1", "day": "2027-02-06", "campaign_id": "c1"}) in (
        manager.asked
    )
    staff = FakeCaller(account("staff", staff_id="s1"), now)
    page = await daily_reports.daily_page(real(staff), campaign_id="", enterprise_id="", day="")
    assert ([e.name for e in page.enterprises], page.leader) == (["Viettel Long An"], True)


async def test_the_department_counts_each_status() -> None:
    inspector = FakeCaller(account("inspector"), datetime(2027, 2, 7, 3, tzinfo=UTC))
    page = await daily_reports.status_page(real(inspector), campaign_id="c1", day="2027-02-06")
    assert page.counts == {"submitted": 1, "missing": 2, "not_yet_due": 0}
    assert ("audit", "/daily-reports/status", {"campaign_id": "c1", "day": "2027-02-06"}) in inspector.asked


async def test_the_department_opens_on_the_latest_day_whose_reports_are_due_and_keeps_a_day_asked_for() -> None:
    """QA: at 10:00 on mùng 2 (07/02) the page opened on mùng 2 ("Chưa đến hạn 5") while mùng 1's reports were
    overdue since 09:00. By audit's deadline (its rows' due_at): 09:59 on the 7th shows the 5th, 10:00 the 6th; before
    the campaign's second day is due, its first day; a day asked for stays that day."""

    async def opened(at: datetime, day: str = "") -> date | None:
        page = await daily_reports.status_page(real(FakeCaller(account("inspector"), at)), campaign_id="", day=day)
        return page.when.day

    assert await opened(datetime(2027, 2, 7, 3, tzinfo=UTC)) == date(2027, 2, 6)  # 10:00 on mùng 2 → mùng 1
    assert await opened(datetime(2027, 2, 7, 1, 59, tzinfo=UTC)) == date(2027, 2, 5)  # 08:59: mùng 1 not yet due
    assert await opened(datetime(2027, 1, 30, 3, tzinfo=UTC)) == date(2027, 1, 30)  # the first day, nothing due
    assert await opened(datetime(2026, 12, 1, tzinfo=UTC)) == date(2027, 1, 30)  # before the campaign
    assert await opened(datetime(2027, 3, 1, tzinfo=UTC)) == date(2027, 2, 15)  # after it: its last day
    assert await opened(datetime(2027, 2, 7, 3, tzinfo=UTC), "2027-02-07") == date(2027, 2, 7)  # asked for


async def test_the_department_lists_one_status_and_still_counts_them_all() -> None:
    inspector = FakeCaller(account("inspector"), datetime(2027, 2, 7, 3, tzinfo=UTC))
    page = await daily_reports.status_page(real(inspector), campaign_id="c1", day="2027-02-06", status="missing")
    assert [r.status for r in page.rows] == ["missing", "missing"]
    assert page.counts == {"submitted": 1, "missing": 2, "not_yet_due": 0}
    assert page.link("submitted") == "/inspect/reports?campaign_id=c1&day=2027-02-06&status=submitted"
    assert page.link("") == "/inspect/reports?campaign_id=c1&day=2027-02-06"
    every = await daily_reports.status_page(real(inspector), campaign_id="c1", day="2027-02-06")
    assert len(every.rows) == 3 and every.status == ""


async def test_a_report_not_sent_by_its_deadline_is_overdue_by_the_time_since_it() -> None:
    """Before the first version, a day whose deadline (audit's `due_at`: 09:00 the next morning) has passed is
    overdue by the minutes a reader counts — 10:07 against 09:00 is 1 h 7 min —, the rule a late version is told
    by (QA: the form read only "Not submitted yet"); the day before its deadline, or not begun, is not."""
    manager = FakeCaller(account("manager", enterprise_ids=("e1",)), datetime(2027, 2, 7, 3, 7, 40, tzinfo=UTC))
    page = await daily_reports.daily_page(real(manager), campaign_id="c1", enterprise_id="e1", day="2027-02-06")
    assert page.overdue is not None and page.late is None
    assert page.overdue.due == datetime(2027, 2, 7, 9, tzinfo=VIETNAM)
    assert (page.overdue.days, page.overdue.hours, page.overdue.minutes) == (0, 1, 7)
    for day in ("2027-02-07", "2027-02-08"):  # due tomorrow morning; not begun
        page = await daily_reports.daily_page(real(manager), campaign_id="c1", enterprise_id="e1", day=day)
        assert page.overdue is None
    # Not asked for a day, the page opens on yesterday's report, overdue since 09:00 …
    page = await daily_reports.daily_page(real(manager), campaign_id="c1", enterprise_id="e1", day="")
    assert (page.when.day, page.overdue is not None) == (date(2027, 2, 6), True)
    # … QZ18 #3: but an enterprise owing from today does not owe it, though it fell due this morning (audit's
    # not_owed): the page opens on today's, and yesterday's, asked for, is not overdue.
    joined = dataclasses.replace(manager, owes_from=date(2027, 2, 7), asked=[])
    page = await daily_reports.daily_page(real(joined), campaign_id="c1", enterprise_id="e1", day="")
    assert (page.when.day, page.overdue) == (date(2027, 2, 7), None)
    page = await daily_reports.daily_page(real(joined), campaign_id="c1", enterprise_id="e1", day="2027-02-06")
    assert (page.when.day, page.overdue) == (date(2027, 2, 6), None)


GIAO_THUA_DRAFT = {
    "leader_ids": ["s9"],
    "versions": [],
    "duty": [
        {"staff_id": "s9", "full_name": "Nguyễn Hoàng Sơn", "duty_type": "leadership", "handed_to": None},
        {"staff_id": "s8", "full_name": "Nguyễn Thị Ánh Nguyệt", "duty_type": "operations", "handed_to": None},
    ],
    "incidents": [
        {
            "detected_at": "2027-02-05T12:10:00Z",
            "status": "resolved",
            "said": "19:10 05/02/2027: Mất tín hiệu",
            "said_en": "19:10 5 Feb 2027: Mất tín hiệu",
        },
        {
            "detected_at": "2027-02-05T15:05:00Z",
            "status": "open",
            "said": "22:05 05/02/2027: Nhiễu sóng",
            "said_en": "22:05 5 Feb 2027: Nhiễu sóng",
        },
    ],
    "gaps": [{"not_come": []}],
    "shortfalls": [{"missing": [{"full_name": "Nguyễn Thị Ánh Nguyệt"}]}],
    "absences": [{"full_name": "Nguyễn Thị Ánh Nguyệt", "shortfall": True, "status": "not_yet"}],
}


@dataclass
class UnderWay(FakeCaller):
    """Giao thừa at 22:30: audit says neither report is due yet (VNPT's sent early), roster has each day's draft."""

    async def every(self, service: str, path: str, params: dict | None = None) -> list[Any]:
        if path == "/daily-reports/status":
            self.asked.append((service, path, dict(params or {})))
            due = datetime(2027, 2, 6, 9, tzinfo=VIETNAM).isoformat()
            return [
                {"enterprise_id": "e1", "enterprise_name": "VNPT Long An", "status": "not_yet_due", "due_at": due,
                 "version": 1},
                {"enterprise_id": "e3", "enterprise_name": "Đài Phát thanh và Truyền hình Long An",
                 "status": "not_yet_due", "due_at": due},
            ]  # fmt: skip
        return await super().every(service, path, params)

    async def get(self, service: str, path: str, params: dict | None = None) -> Any:
        if path == "/daily-reports/draft":
            self.asked.append((service, path, dict(params or {})))
            return GIAO_THUA_DRAFT
        return await super().get(service, path, params)


async def test_a_day_under_way_says_what_roster_knows_so_far_of_each_report_not_due() -> None:
    """QZ26 #8: at 22:30 on giao thừa the page said "Chưa đến hạn" and nothing of the night. Each enterprise whose
    report is not due yet and not sent gets its day's figures so far from roster's draft (one sent early: its report);
    the day not begun, or asked for later, nothing is read."""
    at = datetime(2027, 2, 5, 15, 30, tzinfo=UTC)  # 22:30
    inspector = UnderWay(account("inspector"), at)
    page = await daily_reports.status_page(real(inspector), campaign_id="c1", day="2027-02-05")
    [so_far] = page.so_far
    assert page.as_of == at
    assert (so_far.enterprise_name, so_far.leaders) == ("Đài Phát thanh và Truyền hình Long An", ("Nguyễn Hoàng Sơn",))
    assert [(i.said, i.open) for i in so_far.incidents] == [
        ("19:10 05/02/2027: Mất tín hiệu", False),
        ("22:05 05/02/2027: Nhiễu sóng", True),
    ]
    assert (so_far.open_incidents, so_far.resolved_incidents, so_far.shortfalls) == (1, 1, 2)
    assert (so_far.gaps, so_far.absent_times) == (1, 1)  # said beside the count, as the summary's files (QZ29)
    # once, though the shortfall names her too
    assert so_far.not_there == (daily_reports.NotThere("Nguyễn Thị Ánh Nguyệt", "not_yet"),)
    drafts = [p for s, path, p in inspector.asked if path == "/daily-reports/draft"]
    assert drafts == [{"enterprise_id": "e3", "day": "2027-02-05", "campaign_id": "c1"}]
    english = await daily_reports.status_page(real(UnderWay(account("inspector"), at)), campaign_id="c1",
                                              day="2027-02-05", lang="en")  # fmt: skip
    assert english.so_far[0].incidents[0].said == "19:10 5 Feb 2027: Mất tín hiệu"
    early = UnderWay(account("inspector"), at)
    page = await daily_reports.status_page(real(early), campaign_id="c1", day="2027-02-06")  # not begun at 22:30
    assert page.so_far == () and page.as_of is None
    assert not [p for s, path, p in early.asked if path == "/daily-reports/draft"]
