"""An inspector's finding outweighs a manager's word afterwards (QZ28 #1): a surprise visit recorded Trần Văn Bảy
missing from his patrol at 21:30; his manager then confirmed him there for the whole night on a phone call. The time
confirmed stops at the inspector's instant, the rest is absence naming the finding, so that coverage, the presence
list and the report's inspections agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from audit.domain import coverage
from audit.domain.live import KeyRef
from audit.domain.model import OnShift, PresenceMark, Shift
from audit.domain.presence import absences, confirmations, found_missing, shortfalls
from audit.domain.reports import daily_coverage

KEY = KeyRef("c1", "viettel", "bts-thai-binh-trung", "border_patrol")
START = datetime(2027, 2, 5, 11, 0, tzinfo=UTC)  # 18:00 on 5 Feb 2027, Vietnam
END = START + timedelta(hours=12)  # 06:00 on 6 Feb
VISIT = START + timedelta(hours=3, minutes=30)  # 21:30
PLAN = [coverage.Segment(START, END, 1, 1)]


def shift() -> Shift:
    return Shift(
        shift_id="s1",
        campaign_id="c1",
        enterprise_id="viettel",
        site_id="bts-thai-binh-trung",
        duty_type="border_patrol",
        starts_at=START,
        ends_at=END,
        status="published",
        assignees=(OnShift("bay", "Trần Văn Bảy", True, "e1", None),),
        version=1,
        updated_seq=1,
        last_event_id="e1",
        interval_event_id="e1",
        status_event_id="e1",
    )


def confirmed(since: datetime = START, until: datetime = END) -> Shift:
    word = PresenceMark(
        present=True,
        evidence="shift_leader",
        evidence_note="Gọi điện cho anh Bảy",
        by="manager@viettel.vn",
        by_name="Nguyễn Văn A",
        at=END + timedelta(days=10),
        event_id="e9",
        starts_at=since,
        ends_at=until,
    )
    s = shift()
    return replace(s, assignees=tuple(replace(p, presence=word) for p in s.assignees))


def finding(kind: str = "missing", at: datetime = VISIT) -> dict:
    return {
        "finding_id": "f1",
        "observed_at": at.isoformat(),
        "inspector": "thanh.tra@stttt.longan.gov.vn",
        "site_name": "Trạm BTS Thái Bình Trung",
        "discrepancies": [{"kind": kind, "staff_id": "bay", "shift_id": "s1", "full_name": "Trần Văn Bảy"}],
    }


LATER = END + timedelta(days=11)


def test_a_whole_night_confirmed_over_a_finding_counts_present_only_until_the_inspectors_instant() -> None:
    missing = found_missing([finding()], {"f1": "Lê Thị Thanh Tra"})
    assert [(m.staff_id, m.at, m.inspector, m.site_name) for m in missing] == [
        ("bay", VISIT, "Lê Thị Thanh Tra", "Trạm BTS Thái Bình Trung")
    ]
    s = confirmed()
    [f] = shortfalls(KEY, PLAN, absences([s], now=LATER, missing=missing))
    assert (f.starts_at, f.ends_at, f.person_minutes()) == (VISIT, END, 8 * 60 + 30)  # 21:30–06:00
    assert f.absent[0].overruled == missing[0] and f.absent[0].presence is not None
    [c] = confirmations([s], now=LATER, missing=missing)
    assert (c.starts_at, c.ends_at, c.person_minutes(), c.overruled) == (START, VISIT, 3 * 60 + 30, missing[0])
    # the figures agree: 3 h 30 present by the word, 8 h 30 absent, 12 h rostered
    days = [date(2027, 2, 5), date(2027, 2, 6)]
    cells = daily_coverage(PLAN, [], days, shortfalls=[f], confirmed=[c])
    assert sum(d.absent_person_minutes for d in cells) == 510
    assert sum(d.confirmed_person_minutes for d in cells) == 210
    # without the finding the word counted the whole night (the QA's 0 absences)
    assert shortfalls(KEY, PLAN, absences([s], now=LATER)) == []


def test_a_word_for_the_time_after_the_visit_or_before_it_stands() -> None:
    missing = found_missing([finding()])
    assert shortfalls(KEY, PLAN, absences([confirmed(since=VISIT + timedelta(minutes=1))], now=LATER, missing=missing))
    [c] = confirmations([confirmed(since=VISIT + timedelta(minutes=1))], now=LATER, missing=missing)
    assert (c.ends_at, c.overruled) == (END, None)  # came after the inspector left: the word stands
    [c] = confirmations([confirmed(until=VISIT)], now=LATER, missing=missing)
    assert (c.ends_at, c.overruled) == (VISIT, None)


def test_only_missing_from_the_post_overrules_and_only_for_that_shift_and_person() -> None:
    unseen = found_missing([finding(kind="not_seen")])  # a duty of the whole enterprise: maybe at another site
    assert unseen == []
    other = found_missing([{**finding(), "discrepancies": [{"kind": "missing", "staff_id": "bay", "shift_id": "s2"}]}])
    assert shortfalls(KEY, PLAN, absences([confirmed()], now=LATER, missing=other)) == []
