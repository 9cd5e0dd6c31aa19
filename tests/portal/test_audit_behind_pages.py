"""The inspector's coverage pages say when audit may be behind roster (QA: with Kafka stopped a cancelled shift left
the gaps list and the heatmap unchanged, with nothing saying so): roster's `GET /outbox` holds changes it has not
handed on for longer than the threshold (PORTAL_AUDIT_BEHIND_SECONDS, 30 s) → a notice above the page naming how
many and since when; nothing when the outbox is empty, when its oldest change is younger, or when roster cannot say.
The same when audit's `GET /lag` says it has not read changes that reached Kafka (its consumer stopped or slow), and
"cannot be checked" when audit does not answer it; the gaps page's downloads say so too.
Roster and audit are stood in for by one function; audit lists nothing."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import INSPECTOR, PASSWORD

START = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 on mùng 2 Tết
DATABASE_BEHIND = timedelta(days=30)


class Stack:
    """Roster (sign-in, empty lists, its outbox as `outbox` says) and audit (empty lists); `now` is the portal's
    clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START
        self.outbox: dict[str, Any] | None = {"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None}
        self.lag: dict[str, Any] | int = {"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None}
        self.asked = 0
        self.asked_lag = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "roster":
            if (signed := sign_in_answer(request, INSPECTOR, PASSWORD)) is not None:
                return signed
            if request.url.path == "/outbox":
                self.asked += 1
                if self.outbox is None:
                    return httpx.Response(503, json={"type": "x/unavailable", "detail": "down"})
                return httpx.Response(200, json=self.outbox)
        if request.url.host == "audit" and request.url.path == "/lag":
            self.asked_lag += 1
            if isinstance(self.lag, int):  # audit answers this status
                return httpx.Response(self.lag, json={"type": "x/lag", "detail": f"{self.lag}"})
            return httpx.Response(200, json=self.lag)
        if request.method == "GET":
            return httpx.Response(200, json={"items": [], "limit": 500, "total": 0, "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {request.url.path}"})

    def waiting(self, pending: int, since: datetime) -> None:
        """`pending` changes wait, the oldest committed at `since` by roster's database, whose clock is a month
        behind the portal's (a stack on a test clock): the wait it measures is what counts."""
        self.outbox = {
            "pending": pending,
            "oldest_pending_at": (since - DATABASE_BEHIND).isoformat().replace("+00:00", "Z"),
            "oldest_pending_seconds": (self.now - since).total_seconds(),
        }

    def unread(self, pending: int, since: datetime, *, read_ago: timedelta = timedelta(0)) -> None:
        """`pending` changes on Kafka audit has not read, the oldest put there at `since` by Kafka's clock, a month
        behind the portal's: the wait audit measures is what counts. `read_ago`: audit read these figures that long
        before (Kafka slow or down since)."""
        self.lag = {
            "pending": pending,
            "oldest_pending_at": (since - DATABASE_BEHIND).isoformat(),
            "oldest_pending_seconds": (self.now - since).total_seconds(),
            "read_at": (self.now - read_ago - DATABASE_BEHIND).isoformat(),
            "read_seconds_ago": read_ago.total_seconds(),
            "partitions": [],
        }

    def later(self, seconds: float) -> None:
        """The portal's clock moves on past the few seconds it believes roster's last answer."""
        self.now += timedelta(seconds=seconds)


def notices(page: httpx.Response) -> list[str]:
    assert page.status_code == 200, page.text
    return [
        html.unescape(n)
        for n in re.findall(r'<p class="message warn audit-behind" role="status">(.*?)</p>', page.text, re.S)
    ]


def notice(page: httpx.Response) -> str | None:
    found = notices(page)
    assert len(found) <= 1, found
    return found[0] if found else None


def downloads_said(page: httpx.Response) -> str | None:
    found = re.search(r'<p class="muted audit-behind-downloads">(.*?)</p>', page.text, re.S)
    return html.unescape(found[1]) if found else None


async def test_the_coverage_pages_say_when_roster_has_changes_audit_has_not_received() -> None:
    stack = Stack()
    async with signed_in_portal(stack, INSPECTOR["login"], PASSWORD, now=START, clock=lambda: stack.now) as client:
        # Up to date: nothing said.
        assert notice(await client.get("/inspect/gaps")) is None
        assert stack.asked == 1

        # Three changes waiting since 09:55, five minutes: said on the gaps list and the heatmap, with N and the time.
        stack.later(10)
        stack.waiting(3, START - timedelta(minutes=5))
        said = (
            "Số liệu có thể chưa đủ: 3 thay đổi của lịch trực từ 09:55 chưa đến hệ thống kiểm tra (đang chờ chuyển). "
            "Tải lại trang sau ít phút."
        )
        assert notice(await client.get("/inspect/gaps")) == said
        assert stack.asked == 2
        # A second page within a few seconds: roster's answer is believed, not asked again.
        stack.later(2)
        assert notice(await client.get("/inspect/heatmap")) == said
        assert stack.asked == 2

        # Waiting, but only 28 s (under the 30 s threshold): nothing said.
        stack.later(10)
        stack.waiting(2, stack.now - timedelta(seconds=28))
        assert notice(await client.get("/inspect/heatmap")) is None
        assert stack.asked == 3
        # 4 s on, roster's answer still believed: the wait has grown past the threshold meanwhile, and is said.
        stack.later(4)
        assert notice(await client.get("/inspect/gaps")) == said.replace("3 thay đổi", "2 thay đổi").replace(
            "09:55", "09:59"
        )
        assert stack.asked == 3

        # Published: nothing said.
        stack.later(10)
        stack.outbox = {"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None}
        assert notice(await client.get("/inspect/gaps")) is None

        # Roster does not say (503): nothing extra, the page as it is.
        stack.later(10)
        stack.outbox = None
        assert notice(await client.get("/inspect/gaps")) is None

        # In English, one change waiting since yesterday evening: the day is said with the time.
        await client.get("/lang/en")
        stack.later(10)
        stack.waiting(1, datetime(2027, 2, 6, 16, 40, tzinfo=UTC))  # 23:40 on 6 Feb, Vietnam time
        assert notice(await client.get("/inspect/heatmap")) == (
            "These figures may be incomplete: 1 change to the roster since 23:40 6 Feb 2027 has not reached the audit "
            "system yet (waiting to be passed on). Reload the page in a few minutes."
        )


async def test_the_coverage_pages_say_when_audit_has_not_read_what_reached_it_or_does_not_answer() -> None:
    stack = Stack()
    async with signed_in_portal(stack, INSPECTOR["login"], PASSWORD, now=START, clock=lambda: stack.now) as client:
        # Up to date on both sides: nothing said, on the page or by its downloads.
        page = await client.get("/inspect/gaps")
        assert notices(page) == [] and downloads_said(page) is None
        assert stack.asked_lag == 1

        # Audit's consumer stopped: 7 changes on Kafka unread since 10:02 (3 minutes before): said, with N and the
        # time, above the page and by its downloads; asked once per few seconds, like roster.
        stack.later(5 * 60)  # 10:05
        stack.unread(7, stack.now - timedelta(minutes=3))
        page = await client.get("/inspect/gaps")
        unread = (
            "Số liệu có thể chưa đủ: hệ thống kiểm tra chưa đọc kịp 7 thay đổi, cũ nhất từ 10:02. "
            "Tải lại trang sau ít phút."
        )
        assert notices(page) == [unread]
        assert downloads_said(page) == (
            "Các tệp tải về dưới đây cũng lấy từ hệ thống kiểm tra nên có thể chưa đủ như vậy."
        )
        assert stack.asked_lag == 2
        stack.later(2)
        assert notices(await client.get("/inspect/heatmap")) == [unread]
        assert stack.asked_lag == 2

        # Unread for 20 s only (under the threshold): nothing said.
        stack.later(10)
        stack.unread(4, stack.now - timedelta(seconds=20))
        assert notices(await client.get("/inspect/heatmap")) == []

        # Both at once: roster's outbox waiting and audit behind, each said in its own words, roster's first.
        stack.later(10)
        stack.waiting(2, stack.now - timedelta(minutes=1))
        stack.unread(5, stack.now - timedelta(minutes=4))
        assert notices(await client.get("/inspect/gaps")) == [
            "Số liệu có thể chưa đủ: 2 thay đổi của lịch trực từ 10:04 chưa đến hệ thống kiểm tra (đang chờ chuyển). "
            "Tải lại trang sau ít phút.",
            "Số liệu có thể chưa đủ: hệ thống kiểm tra chưa đọc kịp 5 thay đổi, cũ nhất từ 10:01. "
            "Tải lại trang sau ít phút.",
        ]

        # Kafka slow or down (Z4): audit answers the figures it read last, with their age. Read 3 minutes before:
        # said with the time it read them; it was up to date then: said on its own; read 30 s before: nothing more.
        stack.later(10)
        stack.outbox = {"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None}

        def hh_mm(at: datetime) -> str:
            return f"{at + timedelta(hours=7):%H:%M}"

        stack.unread(5, stack.now - timedelta(minutes=4), read_ago=timedelta(minutes=3))
        assert notices(await client.get("/inspect/gaps")) == [
            f"Số liệu có thể chưa đủ: hệ thống kiểm tra chưa đọc kịp 5 thay đổi, cũ nhất từ "
            f"{hh_mm(stack.now - timedelta(minutes=4))} (đọc lúc {hh_mm(stack.now - timedelta(minutes=3))}: hiện chưa "
            "kiểm tra lại được). Tải lại trang sau ít phút."
        ]
        stack.later(10)
        stack.unread(0, stack.now, read_ago=timedelta(minutes=2))
        page = await client.get("/inspect/heatmap")
        assert notices(page) == [
            "Số liệu có thể chưa đủ: hệ thống kiểm tra đã đọc kịp các thay đổi của lịch trực ở lần kiểm tra gần nhất "
            f"(đọc lúc {hh_mm(stack.now - timedelta(minutes=2))}) nhưng hiện chưa kiểm tra lại được. Số liệu có thể "
            "chưa gồm các thay đổi sau đó; tải lại trang sau ít phút."
        ]
        stack.later(10)
        stack.unread(0, stack.now, read_ago=timedelta(seconds=30))
        assert notices(await client.get("/inspect/gaps")) == []

        # Audit does not answer (503: Kafka's offsets unreadable, never read; or a server error): the figures cannot
        # be checked as current — said whatever roster says.
        cannot = (
            "Không kiểm tra được số liệu có còn mới không: hệ thống kiểm tra không trả lời khi được hỏi đã đọc kịp "
            "các thay đổi của lịch trực chưa. Số liệu có thể chưa gồm các thay đổi gần nhất; tải lại trang sau ít phút."
        )
        stack.later(10)
        stack.outbox = {"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None}
        for status in (503, 500):
            stack.lag = status
            stack.later(10)
            page = await client.get("/inspect/gaps")
            assert notices(page) == [cannot], status
            assert downloads_said(page) is not None

        # Audit refuses the question (403): nothing extra.
        stack.later(10)
        stack.lag = 403
        assert notices(await client.get("/inspect/gaps")) == []

        # In English: behind, then not answering.
        await client.get("/lang/en")
        stack.later(10)
        stack.unread(1, stack.now - timedelta(minutes=2))
        page = await client.get("/inspect/heatmap")
        assert notices(page) == [
            "These figures may be incomplete: the audit system has not yet read 1 change to the roster, the oldest "
            f"from {(stack.now + timedelta(hours=7) - timedelta(minutes=2)):%H:%M}. Reload the page in a few minutes."
        ]
        stack.later(10)
        stack.unread(0, stack.now, read_ago=timedelta(minutes=5))
        assert notices(await client.get("/inspect/gaps")) == [
            "These figures may be incomplete: the audit system had read the changes to the roster when it last checked "
            f"(read at {(stack.now + timedelta(hours=7) - timedelta(minutes=5)):%H:%M}) and cannot check again just "
            "now. They may not include changes since; reload the page in a few minutes."
        ]
        stack.later(10)
        stack.lag = 503
        page = await client.get("/inspect/gaps")
        assert notices(page) == [
            "These figures cannot be checked as current: the audit system did not answer when asked whether it has "
            "read every change to the roster. They may not include the latest changes; reload the page in a few "
            "minutes."
        ]
        assert downloads_said(page) == (
            "The downloads below come from the audit system too, and may be incomplete in the same way."
        )


async def test_a_coverage_page_asks_roster_and_audit_whether_they_are_behind_beside_its_own_calls() -> None:
    """The outbox and the lag are asked while the page's own calls are under way, not after them: each of audit's
    lists answers only once both have been asked (a page asking them after its data would never get its data), and
    the notices still come above the page."""
    stack = Stack()
    asked_both = asyncio.Event()
    held: list[str] = []

    async def services(request: httpx.Request) -> httpx.Response:
        answer = stack(request)
        if stack.asked and stack.asked_lag:
            asked_both.set()
        if request.url.host == "audit" and request.url.path != "/lag":
            held.append(request.url.path)
            try:
                await asyncio.wait_for(asked_both.wait(), timeout=2)
            except TimeoutError:
                return httpx.Response(503, json={"type": "x/held", "detail": "asked before the outbox and the lag"})
        return answer

    async with signed_in_portal(services, INSPECTOR["login"], PASSWORD, now=START, clock=lambda: stack.now) as client:
        stack.waiting(3, START - timedelta(minutes=5))
        for path in ("/inspect/gaps", "/inspect/heatmap"):
            stack.later(10)  # past the few seconds roster's and audit's answers are believed
            asked_both.clear()
            stack.asked = stack.asked_lag = 0
            held.clear()
            said = notice(await client.get(path))
            assert said is not None and "3 thay đổi của lịch trực từ 09:55" in said, path
            assert held, f"{path} asked audit for nothing of its own"
