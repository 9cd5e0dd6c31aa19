"""An inspector sees, in a real browser over the real services, a roster event that never reached
audit: the test puts a shift's versions 1 and 3 on the roster topic (version 2 "lost" on the way,
as tests/audit/test_sequence_gaps.py does), finds the hole listed by name on
/inspect/sequence-gaps, then sends version 2 late and sees the hole closed, in English too.

The shift is a draft of the post office's on 12/02/2027 that roster never made: a draft counts
for no coverage, and the hole is closed before the test ends, so no other test sees either."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in
from events_factory import message
from lichtruc import topics
from lichtruc.events import ROSTER_SOURCE, CloudEvent, ShiftPlanned, ShiftRescheduled, ShiftSnapshot, make_event
from support import produce

T = TypeVar("T")
ICT = timezone(timedelta(hours=7))
POST_OFFICE = "Bưu điện tỉnh Long An"
STARTS = datetime(2027, 2, 12, 8, tzinfo=ICT)
NAME_VI = "ca trực “Trực lãnh đạo 08:00–16:00 12/02/2027"


def _until(condition: Callable[[], T | None], *, timeout: float = 60, what: str = "") -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def _shift_events(enterprise_id: str) -> list[CloudEvent]:
    """Versions 1, 2 and 3 of one draft shift."""
    shift_id, enterprise = uuid.uuid4(), uuid.UUID(enterprise_id)
    out = []
    for version in (1, 2, 3):
        snapshot = ShiftSnapshot(
            shift_id=shift_id,
            enterprise_id=enterprise,
            duty_type="leadership",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=8),
            assignees=(),
            status="draft",
            version=version,
        )
        data = (
            ShiftPlanned(shift=snapshot)
            if version == 1
            else ShiftRescheduled(
                shift=snapshot, previous_starts_at=STARTS, previous_ends_at=STARTS + timedelta(hours=8)
            )
        )
        out.append(
            make_event(
                data,
                source=ROSTER_SOURCE,
                partitionkey=enterprise_id,
                time=datetime.now(UTC),
                subject=f"shifts/{shift_id}",
            )
        )
    return out


def _send(stack, *events: CloudEvent) -> None:
    """Put the events on the roster topic (from a thread: Playwright holds this thread's event loop)."""
    topic = topics.with_prefix(stack.topic_prefix, topics.ROSTER_EVENTS)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, produce(stack.kafka, topic, [message(e) for e in events])).result()


def _gap_of(stack, shift_id: str, status: str) -> dict | None:
    with stack.api("audit", stack.inspector) as audit:
        items = audit.get("/sequence-gaps", params={"aggregate_id": shift_id, "status": status}).json()["items"]
    return items[0] if items else None


@pytest.mark.screenshot
def test_a_lost_roster_event_is_listed_by_name_until_it_arrives(new_page, portal_stack) -> None:
    stack = portal_stack
    first, second, third = _shift_events(stack.enterprises[POST_OFFICE])
    shift_id = first.subject.removeprefix("shifts/") if first.subject else ""
    _send(stack, first, third)
    _until(lambda: _gap_of(stack, shift_id, "open"), what="audit to notice the hole")

    page = new_page()
    sign_in(page, stack, stack.inspector)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Sự kiện bị thiếu").click()
    expect(page).to_have_url(re.compile(r"/inspect/sequence-gaps$"))
    expect(page.get_by_role("heading", name="Sự kiện bị thiếu trong nhật ký")).to_be_visible()
    page.get_by_label("Loại đối tượng").select_option(label="Ca trực")
    page.get_by_label("Doanh nghiệp").select_option(label=POST_OFFICE)
    page.get_by_label("Trạng thái").select_option(label="Còn thiếu")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"aggregate_type=shift"))
    row = page.get_by_role("row").filter(has_text=NAME_VI)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(POST_OFFICE)
    expect(row).to_contain_text("Thiếu lần 2 (đã nhận lần 3 trước)")
    expect(row).to_contain_text("Còn thiếu")
    expect(page.get_by_role("status")).to_contain_text("sự kiện bị thiếu chưa nhận được")
    screenshot(page, "inspector-sequence-gaps")

    _send(stack, second)  # the lost event arrives late: the hole closes
    _until(lambda: _gap_of(stack, shift_id, "closed"), what="audit to close the hole")
    page.goto("/lang/en?next=/inspect/sequence-gaps%3Fstatus%3Dclosed%26aggregate_type%3Dshift")
    row = page.get_by_role("row").filter(has_text="shift “Leadership duty 08:00–16:00 12 Feb 2027")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Received (late)")
    expect(row).to_contain_text("Version 2 missing (version 3 came first)")
    expect(row).to_contain_text(POST_OFFICE)
