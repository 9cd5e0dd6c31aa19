"""The inspector's coverage pages say when audit may be behind roster (QA: with Kafka stopped a cancelled shift left
the gaps list and the heatmap unchanged, with nothing saying so): roster's `GET /outbox` holds changes it has not
handed on for longer than the threshold (PORTAL_AUDIT_BEHIND_SECONDS, 30 s) → a notice above the page naming how
many and since when; nothing when the outbox is empty, when its oldest change is younger, or when roster cannot say.
Roster and audit are stood in for by one function; audit lists nothing."""

from __future__ import annotations

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
        self.asked = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "roster":
            if (signed := sign_in_answer(request, INSPECTOR, PASSWORD)) is not None:
                return signed
            if request.url.path == "/outbox":
                self.asked += 1
                if self.outbox is None:
                    return httpx.Response(503, json={"type": "x/unavailable", "detail": "down"})
                return httpx.Response(200, json=self.outbox)
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

    def later(self, seconds: float) -> None:
        """The portal's clock moves on past the few seconds it believes roster's last answer."""
        self.now += timedelta(seconds=seconds)


def notice(page: httpx.Response) -> str | None:
    assert page.status_code == 200, page.text
    found = re.search(r'<p class="message warn audit-behind" role="status">(.*?)</p>', page.text, re.S)
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
