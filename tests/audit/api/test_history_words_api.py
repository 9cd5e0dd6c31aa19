"""An enterprise's history on the real database, in words: one event of every type roster publishes
(events_factory.ROSTER_EXAMPLES) taken into the log, read back from `GET /enterprises/{id}/history` —
every change said in Vietnamese and English without its raw type, a UUID, a snake_case key or a code
(message_scan's patterns), the directive's events by their place, day, number, title or point; a staff
record's qualifications in words; a removed requirement named from audit's read model; a daily report
sent by its submitter, named as their account is, else as the report is signed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from audit_testkit import vn

from events_factory import (
    DUC_NAME,
    ENTERPRISE,
    ITEM_TITLE_EN,
    ITEM_TITLE_VI,
    ROSTER_EXAMPLES,
    SITE_NAME,
    TUYET,
    TUYET_NAME,
    roster_example,
)
from lichtruc.event_schema import ROSTER_EVENTS
from lichtruc.events import ROSTER_SOURCE, StaffJoined, make_event
from lichtruc.events_reports import DailyReportSubmitted
from message_scan import REPR, SNAKE, UUID, leak

DUTY_VI = "trực vận hành khai thác mạng lưới và ứng cứu thông tin"
WINDOW_VI = "hằng ngày 22:00–06:00"


def leaks(item: dict[str, Any]) -> list[str]:
    """What a reader must not see in an item's texts (see test_history_words.words_leak)."""
    found = []
    for text in (item["summary"], item["summary_vi"]):
        for raw in (item["event_type"], item["what"]):
            if raw in text:
                found.append(f"raw type {raw!r} in {text!r}")
        for pattern in (UUID, SNAKE, REPR):
            if m := pattern.search(text):
                found.append(f"{m.group(0)!r} in {text!r}")
    if problem := leak(item["summary_vi"]):
        found.append(f"{problem} in {item['summary_vi']!r}")
    return found


async def history(client) -> list[dict[str, Any]]:
    answer = await client.get(f"/enterprises/{ENTERPRISE}/history", params={"limit": 500})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def reports() -> list:
    """Two days' reports: one sent by an account the log knows (AccountCreated of the examples), one by a
    login no account event names."""
    example = ROSTER_EXAMPLES[DailyReportSubmitted]()
    assert isinstance(example, DailyReportSubmitted)
    known = example.model_copy(
        update={"version": 1, "supersedes": None, "submitted_by_name": f"{TUYET_NAME} (ký thay)"}
    )
    unknown = example.model_copy(
        update={
            "day": example.day + timedelta(days=1),
            "version": 1,
            "supersedes": None,
            "number": "4/BC-VNPTLA",
            "submitted_by": "truc-lanh-dao@vnpt-longan.vn",
            "submitted_by_name": DUC_NAME,
        }
    )
    return [
        make_event(r, source=ROSTER_SOURCE, partitionkey=str(ENTERPRISE), time=vn(2, 7, 8 + n))
        for n, r in enumerate((known, unknown))
    ]


def tuyet_joined():
    """The staff record of the person who asks to swap (the examples give her by id only in a rejection)."""
    data = StaffJoined(
        staff_id=TUYET, enterprise_id=ENTERPRISE, full_name=TUYET_NAME, qualifications=("leader",), version=1
    )
    return make_event(data, source=ROSTER_SOURCE, partitionkey=str(ENTERPRISE), time=vn(1, 20, 7))


async def test_every_change_of_an_enterprise_is_told_in_words_with_what_it_names(audit) -> None:
    client, feed, _ = audit
    # The staff record of the person who asks to swap; every example in the contract's order (the
    # readiness item defined before it is marked, the requirement set before it is removed), keyed as
    # roster keys it; then two days' reports.
    await feed(tuyet_joined())
    await feed(*(roster_example(m, at=vn(1, 20, 8) + timedelta(minutes=n)) for n, m in enumerate(ROSTER_EVENTS)))
    await feed(*reports())

    items = await history(client)
    keyed_by_enterprise = {m.event_type for m in ROSTER_EVENTS if roster_example(m).partitionkey == str(ENTERPRISE)}
    assert {i["event_type"] for i in items} == keyed_by_enterprise
    assert {i["what"] for i in items} >= {
        "swap.rejected",
        "incident.opened",
        "incident.updated",
        "incident.responder_removed",
        "incident.resolved",
        "transaction_hours.published",
        "daily_report.submitted",
        "readiness_item.completed",
        "readiness_item.reopened",
        "inspection.planned",
        "requirement.removed",
        "staff.joined",
    }
    assert [(i["what"], leaks(i)) for i in items if leaks(i)] == []

    said = {i["what"]: i for i in items}  # the last of each kind
    assert said["staff.joined"]["summary_vi"] == f"Thêm nhân sự {DUC_NAME} (chuyên môn: lãnh đạo, kỹ thuật)"
    assert said["staff.joined"]["summary"] == f"{DUC_NAME} joined (qualifications: leader, technician)"
    # The removal gives the requirement's id only: audit's read model keeps what it was.
    assert (
        said["requirement.removed"]["summary_vi"]
        == f"Bỏ yêu cầu tối thiểu 1 người {DUTY_VI} tại {SITE_NAME}, {WINDOW_VI}"
    )
    assert said["requirement.set"]["summary_vi"] == (
        f"Yêu cầu tối thiểu 1 người {DUTY_VI} tại {SITE_NAME}, {WINDOW_VI} (2 người giờ cao điểm)"
    )
    # A rejected swap gives the person by id: named as audit's staff records know her.
    assert said["swap.rejected"]["summary_vi"] == f"Từ chối đề nghị đổi ca của {TUYET_NAME}: Không đủ người trực"
    assert said["incident.opened"]["summary_vi"].startswith(
        f"Ghi nhận sự cố đặc biệt nghiêm trọng tại {SITE_NAME}, Tân Hưng (khu vực biên giới), "
        "phát hiện lúc 01:15 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    )
    assert said["incident.updated"]["summary_vi"].endswith(f": thêm người ứng cứu {DUC_NAME}")
    assert said["incident.responder_removed"]["summary_vi"].endswith(
        ": gỡ người ứng cứu Lê Văn Bình; lý do: Thêm nhầm người"
    )
    assert "kết thúc sự cố, dịch vụ khôi phục lúc 03:15 06/02/2027" in said["incident.resolved"]["summary_vi"]
    assert said["transaction_hours.published"]["summary_vi"].startswith(
        "Niêm yết giờ mở cửa dịp Tết của Điểm giao dịch Tân Hưng (lần 2)"
    )
    # A mark carries the item's Vietnamese title only: the English one is the read model's.
    completed = said["readiness_item.completed"]
    assert completed["summary_vi"].startswith(f"Đánh dấu đã xong mục kiểm tra sẵn sàng “{ITEM_TITLE_VI}”")
    assert completed["summary"].startswith(f"Readiness item “{ITEM_TITLE_EN}” marked done")
    assert said["inspection.planned"]["summary_vi"].startswith(
        "Lên kế hoạch kiểm tra (đột xuất): VNPT Long An – Trạm BTS Mỹ Thạnh Bắc, ngày 03/02/2027 (27 tháng Chạp"
    )

    # Who sent a report: its submitter, by their account's name; a login no account event names, by the
    # name the report is signed with — never "unknown".
    sent = [i for i in items if i["what"] == "daily_report.submitted"]
    assert [(i["actor"], i["actor_name"]) for i in sent] == [
        ("tuyet.nta@vnpt-longan.vn", TUYET_NAME),  # the example (a correction), as the account names her
        ("tuyet.nta@vnpt-longan.vn", TUYET_NAME),
        ("truc-lanh-dao@vnpt-longan.vn", DUC_NAME),
    ]
    assert sent[1]["summary_vi"] == (
        "Gửi báo cáo tình hình trực Tết ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi), số 3/BC-VNPTLA, "
        f"người ký: {TUYET_NAME} (ký thay)"
    )
    assert sent[2]["summary"] == (
        f"Daily duty report for 7 Feb 2027 (2nd day of Tết, Đinh Mùi) submitted, no. 4/BC-VNPTLA, signed by {DUC_NAME}"
    )
    only = (
        await client.get(
            f"/enterprises/{ENTERPRISE}/history",
            params={"event_type": DailyReportSubmitted.event_type, "order": "newest", "limit": 1},
        )
    ).json()["items"]
    assert only == [sent[-1]]
