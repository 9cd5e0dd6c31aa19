"""The handlers over a fake unit of work (no database, no HTTP): not-found answers are domain
errors in both languages that name no id, and pages keep their cursor and total."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from audit.api.problems import bad_cursor, to_problem
from audit.db.findings import FindingFilter, StoredFinding
from audit.db.log import ACCOUNT_HISTORY_PAGES, HISTORY_PAGES, LogEntry, LogFilter
from audit.domain import errors
from audit.handlers import findings, inspect
from audit.handlers import log as event_log
from audit.handlers.context import Context
from lichtruc.paging import BadCursor, PageRequest, Slice

NOW = datetime(2027, 2, 5, 10, tzinfo=UTC)
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def entry(seq: int, event_type: str, data: dict[str, Any]) -> LogEntry:
    return LogEntry(
        seq=seq,
        event_id=uuid.UUID(int=seq),
        event_type=event_type,
        source="lichtruc.roster",
        subject=None,
        partition_key="e",
        event_time=NOW,
        received_at=NOW,
        hash="h",
        prev_hash="p",
        event={"data": data},
    )


@dataclass
class FakeLog:
    entries: dict[int, LogEntry] = field(default_factory=dict)
    pages: list[tuple[LogFilter, PageRequest, str, bool]] = field(default_factory=list)
    named: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    async def account_keys_named(self, text: str, *, event_types: tuple[str, ...]) -> tuple[str, ...]:
        self.named.append((text, tuple(event_types)))
        return ("a1",)

    async def account_names(self, logins, *, event_types: tuple[str, ...]) -> dict[str, str]:
        """The display name of each login an entry's account data gives (as the log's account events would)."""
        wanted = {login.lower() for login in logins}
        named = {}
        for e in sorted(self.entries.values(), key=lambda e: e.seq):
            data = e.event.get("data") or {}
            if e.event_type in event_types and str(data.get("login", "")).lower() in wanted:
                named[str(data["login"]).lower()] = data["display_name"]
        return named

    async def record(self, seq: int) -> LogEntry | None:
        return self.entries.get(seq)

    async def page(
        self, f: LogFilter, page: PageRequest, *, kind: str = "log", newest_first: bool = False
    ) -> Slice[LogEntry]:
        self.pages.append((f, page, kind, newest_first))
        return Slice(list(self.entries.values()), "next-cursor", None)


@dataclass
class FakeFindings:
    stored: dict[uuid.UUID, StoredFinding] = field(default_factory=dict)

    async def get(self, finding_id: uuid.UUID) -> StoredFinding | None:
        return self.stored.get(finding_id)

    async def page(self, f: FindingFilter, page: PageRequest) -> Slice[StoredFinding]:
        return Slice(list(self.stored.values()), "c2", len(self.stored))


@dataclass
class FakeReads:
    async def gap(self, gap_id: uuid.UUID) -> None:
        return None

    async def all_staff_names(self, enterprise_id: uuid.UUID) -> dict[str, str]:
        return {"s1": "Nguyễn Thị Ánh Tuyết"}

    async def enterprise_names(self, ids: list[str]) -> dict[str, str]:
        return {i: "VNPT Long An" for i in ids if i == "e1"}


@dataclass
class FakeUnit:
    log: FakeLog = field(default_factory=FakeLog)
    findings: FakeFindings = field(default_factory=FakeFindings)
    reads: FakeReads = field(default_factory=FakeReads)


class FakeContext(Context):
    """A context whose units of work are the fakes above."""

    unit: FakeUnit

    def read(self) -> Any:
        @contextlib.asynccontextmanager
        async def unit() -> AsyncIterator[FakeUnit]:
            yield self.unit

        return unit()

    write = read


def make_ctx(unit: FakeUnit | None = None) -> FakeContext:
    ctx = FakeContext(sessions=None, clock=lambda: NOW, audit_topic="audit")  # type: ignore[arg-type]  # never opened
    ctx.unit = unit or FakeUnit()
    return ctx


def assert_names_no_id(exc: errors.AuditError) -> None:
    assert exc.detail and exc.detail_vi and exc.detail != exc.detail_vi
    assert not UUID_TEXT.search(exc.detail) and not UUID_TEXT.search(exc.detail_vi)


async def test_a_missing_log_record_is_a_not_found_naming_its_number() -> None:
    unit = FakeUnit(log=FakeLog({3: entry(3, "lichtruc.roster.site.registered.v1", {})}))
    ctx = make_ctx(unit)
    assert (await event_log.record(ctx=ctx, seq=3)).seq == 3
    with pytest.raises(errors.NotFound) as caught:
        await event_log.record(ctx=ctx, seq=7)
    assert caught.value.code == "log-record-not-found" and "7" in caught.value.detail and "7" in caught.value.detail_vi
    assert_names_no_id(caught.value)
    assert to_problem(caught.value).status == 404


async def test_findings_not_found_and_pages_keep_cursor_and_total() -> None:
    fid = uuid.uuid4()
    unit = FakeUnit(findings=FakeFindings({fid: StoredFinding(4, {"finding_id": str(fid), "notes": "ok"})}))
    ctx = make_ctx(unit)
    assert await findings.get_finding(ctx=ctx, finding_id=fid) == StoredFinding(
        4, {"finding_id": str(fid), "notes": "ok"}
    )
    with pytest.raises(errors.NotFound) as caught:
        await findings.get_finding(ctx=ctx, finding_id=uuid.uuid4())
    assert caught.value.code == "finding-not-found"
    assert_names_no_id(caught.value)
    page = await findings.list_findings(ctx=ctx, f=FindingFilter(), page=PageRequest(limit=1))
    assert page == Slice([StoredFinding(4, {"finding_id": str(fid), "notes": "ok"})], "c2", 1)


async def test_a_visit_dated_in_the_future_is_refused_before_any_read() -> None:
    cmd = findings.RecordFinding(
        site_id=uuid.uuid4(),
        observed_at=NOW + timedelta(hours=1),
        duty_type="operations",
        people_found=(),
        inspector="thanh-tra",
        inspector_account_id="a1",
    )
    with pytest.raises(errors.Invalid) as caught:
        await findings.record_finding(ctx=make_ctx(), cmd=cmd)
    assert caught.value.code == "observed-in-the-future" and "18:00 05/02/2027" in caught.value.detail_vi
    assert_names_no_id(caught.value)
    assert to_problem(caught.value).status == 422


async def test_history_describes_each_record_and_pages_the_enterprises_own_records() -> None:
    data = {"staff_id": "s1", "full_name": "Nguyễn Thị Ánh Tuyết", "qualifications": ["operator"], "actor": "ql"}
    unit = FakeUnit(log=FakeLog({1: entry(1, "lichtruc.roster.staff.joined.v1", data)}))
    enterprise = uuid.uuid4()
    page = await inspect.history(ctx=make_ctx(unit), enterprise_id=enterprise, page=PageRequest(limit=1))
    [item] = page.items
    assert (item.what, item.actor, item.seq) == ("staff.joined", "ql", 1)
    assert "Nguyễn Thị Ánh Tuyết" in item.summary_vi and page.next_cursor == "next-cursor" and page.total is None
    [(f, _, kind, newest_first)] = unit.log.pages
    assert f.partition_key == str(enterprise) and kind == HISTORY_PAGES and not newest_first
    await inspect.history(ctx=make_ctx(unit), enterprise_id=enterprise, page=PageRequest(limit=1), newest_first=True)
    assert unit.log.pages[-1][3]


async def test_the_history_of_accounts_reads_their_two_types_newest_first_with_enterprises_by_name() -> None:
    data = {
        "account_id": "a1",
        "login": "hungnv@vnpt-longan.vn",
        "display_name": "Nguyễn Văn Hùng",
        "role": "manager",
        "enterprise_ids": ["e1", "e9"],
        "staff_id": None,
        "active": True,
        "version": 1,
        "actor": "Quản trị viên Sở",
    }
    unit = FakeUnit(log=FakeLog({5: entry(5, "lichtruc.roster.account.created.v1", data)}))
    page = await inspect.account_history(ctx=make_ctx(unit), page=PageRequest(limit=1))
    [item] = page.items
    assert (item.what, item.actor, item.seq, item.login, item.role, item.active) == (
        "account.created",
        "Quản trị viên Sở",
        5,
        "hungnv@vnpt-longan.vn",
        "manager",
        True,
    )
    assert item.summary_vi == (
        "Tạo tài khoản hungnv@vnpt-longan.vn (Nguyễn Văn Hùng): Quản lý của VNPT Long An, e9"
    )  # e9: an enterprise audit does not know stays an id
    assert [(e.enterprise_id, e.name) for e in item.enterprises] == [("e1", "VNPT Long An"), ("e9", None)]
    assert item.changed == [] and page.next_cursor == "next-cursor" and page.total is None
    [(f, _, kind, newest_first)] = unit.log.pages
    assert f.event_types == (
        "lichtruc.roster.account.created.v1",
        "lichtruc.roster.account.changed.v1",
        "lichtruc.roster.account.recorded.v1",
        "lichtruc.roster.account.password_reset_requested.v1",  # a new password asked for (QZ29 #15)
        "lichtruc.roster.department.changed.v1",  # the Department's details, changed by an administrator
    )
    assert (f.partition_key, f.partition_keys, kind, newest_first) == (None, None, ACCOUNT_HISTORY_PAGES, True)
    assert unit.log.named == []  # no search: no names read

    account = uuid.uuid4()
    await inspect.account_history(
        ctx=make_ctx(unit),
        page=PageRequest(limit=1),
        account_id=account,
        q="nguyen van hung",
        received_from=NOW,
        received_to=NOW + timedelta(days=1),
        newest_first=False,
    )
    f, _, _, newest_first = unit.log.pages[-1]
    assert unit.log.named == [("nguyen van hung", f.event_types)]
    assert (f.partition_key, f.partition_keys, f.received_from, f.received_to, newest_first) == (
        str(account),
        ("a1",),
        NOW,
        NOW + timedelta(days=1),
        False,
    )


async def test_a_missing_gap_is_the_same_not_found_as_a_hidden_one() -> None:
    with pytest.raises(errors.NotFound) as caught:
        await inspect.one_gap(ctx=make_ctx(), gap_id_=uuid.uuid4())
    assert to_problem(caught.value).body() == to_problem(errors.gap_not_found()).body()
    assert_names_no_id(caught.value)


def test_every_error_kind_has_one_status_and_a_bad_cursor_is_a_422_in_both_languages() -> None:
    assert [
        to_problem(e).status for e in (errors.campaign_not_found(), errors.empty_log(), errors.site_not_found())
    ] == [
        404,
        409,
        404,
    ]
    empty = errors.empty_window(NOW, NOW)
    assert to_problem(empty).status == 422 and "17:00 5 Feb 2027" in empty.detail
    for e in (errors.finding_exists("Trạm Mỹ Thạnh"), errors.campaign_not_found(NOW), empty):
        assert_names_no_id(e)
    problem = bad_cursor(BadCursor("abc"))
    assert problem.status == 422 and problem.type_ == "bad-cursor" and problem.detail and problem.detail_vi
